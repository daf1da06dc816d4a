import Facts
import Findings
import Foundation
import Index

/// `kind: gup-release` — Memory user space maps with PTEs that GUP can take a page reference
/// through (refcounted or devmap PTEs), handed back by a release that does not wait for page
/// references. GUP-fast takes its reference, re-reads the PTE and keeps the reference when the
/// PTE did not change: a zap afterwards removes the PTE, not the reference, and a vma's
/// ->close or the file's ->release run after munmap, not after GUP's put. So neither a zap nor
/// those callbacks clear a finding; a release that drops only a reference (put_page,
/// __free_pages: not listed) or one in a per-page drain (`drains`) does.
///
/// Match keys (call entries `function` or `function@N`, N the argument, 0 when not given):
/// - `inserts`: calls that map the memory the argument names with refcounted PTEs
///   (vm_insert_page); `inserts_array` (optional): the argument is an array of pages;
/// - `mixed_inserts` (optional): calls whose argument is a pfn_t (vmf_insert_mixed): devmap when
///   the pfn's flags have a `devmap_bits` bit, else special (GUP refuses it where the
///   architecture has pte_special: replay decides); `pfn_makers`: the calls that make a pfn_t
///   from an address, pfn or page (the value passes through), `maker@N` when argument N holds
///   its flags, a plain name when it sets none;
/// - `fault_pages` (members, optional): a store to one (`vmf->page = …`) is a fault handler
///   handing the core a page for a refcounted PTE;
/// - `converters`, `page_converters`: as for `mapped-free` (a value that passes through);
/// - `releases`: calls that hand the memory the argument names back at once, whatever its
///   pages' reference counts (gen_pool_free);
/// - `drains` (members, optional): callbacks that run at a page's last put (a pgmap's
///   ->page_free): a release there is the drain itself; `drain_puts` (plain names): a
///   reference drop such a callback makes when each page holds one on its pgmap (p2pdma);
/// - `pgmap_teardowns` (`name@N`, N the pgmap, optional): calls that tear a pgmap down or
///   register its teardown (devm_memremap_pages). In a file that maps devmap PTEs and has no
///   per-page drain, each is a note: the kernel's memunmap_pages() does not wait for GUP's
///   references on such pages (device-dax in 6.12), a core limitation;
/// - `zaps` (plain names), `unmapped_callbacks` (members, optional): what replay puts before
///   the release on the driver's CPU (a zap on the path; the last vma gone before ->close);
/// - `ref_waits` (plain names, optional): reads of a page's reference count; one of the
///   released member's page in a loop the release comes after is a per-page drain.
struct GUPReleaseCheck: FamilyCheck {
    static let kind = "gup-release"
    static let matchKeys: [String: Bool] = [
        "inserts": true, "inserts_array": false, "mixed_inserts": false, "pfn_makers": false, "devmap_bits": false,
        "fault_pages": false, "converters": false, "page_converters": false, "releases": true, "zaps": false,
        "unmapped_callbacks": false, "drains": false, "drain_puts": false, "pgmap_teardowns": false, "ref_waits": false,
    ]
    static let phase = CheckPhase.besideSummaries
    static let group: String? = nil
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.gupReleaseFindings(rule, ctx) }
}

/// Where user page tables get a member's memory: the insert (a call, or a fault handler's
/// `vmf->page = …` store written as a call of the member), its function, the PTE it makes.
struct PageMapping {
    var site: CallSite
    var fn: FunctionFacts
    /// PTEKind's raw value; nil: a pfn_t whose flags are not visible.
    var pte: String?
}

/// A function that hands one of its parameters on as the memory of an insert, a fault
/// handler's page or a release (a driver's helper or wrapper, up to two levels): the parameter,
/// and the PTE its insert makes (nil with `pfnAtCaller`: a pfn_t the caller makes).
struct MemoryWrapper {
    var param: Int
    var pte: String? = nil
    var pfnAtCaller = false
}

/// The rule's lists, read once.
struct GUPReleaseLists {
    var inserts: [String: Int], arrays: [String: Int], mixed: [String: Int]
    /// pfn_t makers: the argument holding the flags, nil for a maker that sets none.
    var makers: [String: Int?]
    var devmapMask: Int64
    var faultPages: Set<String>
    var converters: Set<String>, pageConverters: Set<String>
    var releases: [String: Int], teardowns: [String: Int]
    var drainPuts: Set<String>, refWaits: Set<String>

    init(_ rule: Rule) {
        let m = rule.match
        inserts = callArguments(m["inserts"] ?? []); arrays = callArguments(m["inserts_array"] ?? [])
        mixed = callArguments(m["mixed_inserts"] ?? [])
        makers = [:]
        for x in m["pfn_makers"] ?? [] {
            let parts = x.split(separator: "@")
            makers[String(parts[0])] = parts.count > 1 ? Int(parts[1]) : nil
        }
        devmapMask = (m["devmap_bits"] ?? []).compactMap { Int64($0) }.filter { $0 >= 0 && $0 < 63 }.reduce(0) { $0 | (1 << $1) }
        faultPages = Set(m["fault_pages"] ?? [])
        converters = Set(m["converters"] ?? []); pageConverters = Set(m["page_converters"] ?? [])
        releases = callArguments(m["releases"] ?? []); teardowns = callArguments(m["pgmap_teardowns"] ?? [])
        drainPuts = Set(m["drain_puts"] ?? []); refWaits = Set(m["ref_waits"] ?? [])
    }

    /// Words a file that maps pages names: an insert, or the fault handler's record.
    var mappingWords: [String] {
        Array(allInserts.keys).sorted() + faultPages.compactMap { $0.split(separator: ".").first.map { recordWord(String($0)) } }.sorted()
    }

    /// Calls a value passes through on its way to an insert or a release (makers included).
    var allConverters: Set<String> { converters.union(pageConverters).union(makers.keys) }
    /// Every insert, by name, with the argument naming the memory.
    var allInserts: [String: Int] { inserts.merging(arrays) { a, _ in a }.merging(mixed) { a, _ in a } }
}

/// A record's name as a word of the source: `struct gp_dev` → `gp_dev`.
func recordWord(_ record: String) -> String { String(record.split(separator: " ").last ?? Substring(record)) }

extension Engine {
    /// The kind of PTE a pfn_t makes: devmap when a maker's flags carry a devmap bit, special
    /// when the maker is visible without one; nil when the value is not followed that far.
    func pfnPTEKind(_ e: Expr, in fn: FunctionFacts, _ l: GUPReleaseLists, depth: Int = 0) -> String? {
        guard depth < 4 else { return nil }
        switch e {
        case .call(let id):
            guard let c = fn.call(id) else { return nil }
            if let maker = l.makers[c.name] {
                guard let k = maker else { return "special" }   // a pfn_t with no flags
                guard k < c.args.count, let flags = constantValue(c.args[k], in: fn) else { return nil }
                return flags & l.devmapMask != 0 ? "devmap" : "special"
            }
            // A pfn an integer conversion computes (page_to_pfn(), PHYS_PFN(), virt_to_pfn()) is
            // a plain pfn: the tree's mixed inserts take no pfn_t (6.17+, where they compile
            // only so), and there every such insert is special (insert_pfn(): pte_mkspecial;
            // the devmap branch is gone) on an architecture with pte_special.
            if l.converters.contains(c.name) || l.pageConverters.contains(c.name) { return "special" }
            return nil
        case .path(let p) where p.fields.isEmpty:
            guard case .local = p.base else { return nil }
            let kinds = Set(fn.assignedValues(p).map { pfnPTEKind($0, in: fn, l, depth: depth + 1) })
            return kinds.count == 1 ? kinds.first! : nil
        default: return nil
        }
    }

    /// An integer constant, or a local every store gives the same constant.
    func constantValue(_ e: Expr, in fn: FunctionFacts) -> Int64? {
        switch e {
        case .int(let v): return v
        case .path(let p) where p.fields.isEmpty:
            guard case .local = p.base else { return nil }
            let values = Set(fn.assignedValues(p).map { constantValue($0, in: fn) })
            return values.count == 1 ? values.first! : nil
        default: return nil
        }
    }

    /// The parameter an argument's memory comes from: `p`, `virt_to_page(p)`, or a local every
    /// store gives the same one.
    func paramOrigin(_ e: Expr, in fn: FunctionFacts, converters: Set<String>, depth: Int = 0) -> Int? {
        guard depth < 6 else { return nil }
        switch e {
        case .path(let p) where p.fields.isEmpty:
            if case .param(let i) = p.base { return i }
            guard case .local = p.base else { return nil }
            let found = Set(fn.assignedValues(p).map { paramOrigin($0, in: fn, converters: converters, depth: depth + 1) })
            return found.count == 1 ? found.first! : nil
        case .call(let id):
            guard let c = fn.call(id), converters.contains(c.name), let a = c.args.first else { return nil }
            return paramOrigin(a, in: fn, converters: converters, depth: depth + 1)
        default: return nil
        }
    }

    /// Functions that hand a parameter on to a call of `direct` (name → the argument naming the
    /// memory), by key; `pte` gives the PTE kind of the call's argument there (nil: not visible).
    func directWrappers(_ direct: [String: Int], converters: Set<String>,
                        pte: (CallSite, Int, FunctionFacts) -> MemoryWrapper = { _, i, _ in MemoryWrapper(param: i) })
        -> [String: MemoryWrapper] {
        var out: [String: MemoryWrapper] = [:]
        for key in index.calling(direct.keys).sorted() {
            guard let fn = index.functions[key], direct[fn.name] == nil, !isContractFunction(fn) else { continue }
            for n in fn.nodes {
                guard case .event(.call(let c)) = n.kind, let k = direct[c.name], k < c.args.count,
                      let i = paramOrigin(c.args[k], in: fn, converters: converters) else { continue }
                var w = pte(c, k, fn); w.param = i
                out[key] = w
            }
        }
        return out
    }

    /// The wrapper a call reaches, when it is defined in the caller's file: the driver's own
    /// helper. One elsewhere (mm/vmalloc.c's remap_vmalloc_range) serves every caller of the
    /// tree, whose members then stand for several kinds of buffer (sound/core/memalloc.c's
    /// snd_dma_buffer.area: vmalloc()ed and mapped page by page, or pool memory mapped by pfn).
    func localWrapper(_ wrappers: [String: MemoryWrapper], _ c: CallSite, in fn: FunctionFacts) -> MemoryWrapper? {
        guard let w = wrappers[c.callee], index.functions[c.callee]?.loc.file == fn.loc.file, w.param < c.args.count else { return nil }
        return w
    }

    /// The wrappers and the functions that hand a parameter on to one of them (a second level).
    func widened(_ wrappers: [String: MemoryWrapper], converters: Set<String>) -> [String: MemoryWrapper] {
        var out = wrappers
        for (key, w) in wrappers.sorted(by: { $0.key < $1.key }) {
            for caller in (index.callers[key] ?? []).sorted() where out[caller] == nil {
                guard let fn = index.functions[caller], !isContractFunction(fn) else { continue }
                for n in fn.nodes {
                    guard case .event(.call(let c)) = n.kind, c.callee == key, localWrapper(wrappers, c, in: fn) != nil,
                          let i = paramOrigin(c.args[w.param], in: fn, converters: converters) else { continue }
                    var v = w; v.param = i
                    out[caller] = v
                }
            }
        }
        return out
    }

    /// Every helper or wrapper that maps its parameter's memory into user space: one that
    /// inserts it, or stores it as a fault handler's page (`vmf->page = page`).
    private func insertWrappers(_ l: GUPReleaseLists, _ ctx: FamilyContext) -> [String: MemoryWrapper] {
        var out = directWrappers(l.inserts.merging(l.arrays) { a, _ in a }, converters: l.allConverters) { _, i, _ in
            MemoryWrapper(param: i, pte: "refcounted")
        }
        let mixed = directWrappers(l.mixed, converters: l.allConverters) { c, k, fn in
            let kind = pfnPTEKind(c.args[k], in: fn, l)   // nil: the pfn_t is the caller's
            return MemoryWrapper(param: k, pte: kind, pfnAtCaller: kind == nil && paramOrigin(c.args[k], in: fn, converters: []) != nil)
        }
        out.merge(mixed) { a, _ in a }
        for fn in ctx.judged where out[fn.key] == nil {
            for n in fn.nodes {
                guard case .event(.assign(let lhs, let rhs, _, _, _)) = n.kind, let last = lhs.last,
                      l.faultPages.contains(last.description),
                      let i = paramOrigin(rhs, in: fn, converters: l.allConverters) else { continue }
                out[fn.key] = MemoryWrapper(param: i, pte: "refcounted")
            }
        }
        return widened(out, converters: l.allConverters)
    }

    private func releasesAny(_ fn: FunctionFacts, _ l: GUPReleaseLists) -> Bool {
        fn.nodes.contains { if case .event(.call(let c)) = $0.kind { return l.releases[c.name] != nil }; return false }
    }

    /// Members whose memory user page tables get, by insert or by a fault handler's page.
    private func pageMappings(_ l: GUPReleaseLists, _ ctx: FamilyContext) -> (mapped: [Field: PageMapping],
                                                                             inserters: [Field: Set<String>]) {
        var mapped: [Field: PageMapping] = [:], inserters: [Field: Set<String>] = [:]
        func add(_ arg: Expr, _ m: PageMapping) {
            // Each member the mapped memory may come from (`off ? d->data : d->ctl` maps both).
            for (f, _) in memoryOrigins(arg, in: m.fn, converters: l.allConverters, pageConverters: []) ?? [] {
                inserters[f, default: []].insert(m.fn.key)
                // The first, unless a later one is not also an error path that releases.
                if mapped[f] == nil || (releasesAny(mapped[f]!.fn, l) && !releasesAny(m.fn, l)) { mapped[f] = m }
            }
        }
        let inserts = l.allInserts
        for key in index.calling(Array(inserts.keys)).sorted() {
            guard let fn = index.functions[key], !isContractFunction(fn) else { continue }
            for n in fn.nodes {
                guard case .event(.call(let c)) = n.kind, let k = inserts[c.name], k < c.args.count else { continue }
                let pte = l.mixed[c.name] != nil ? pfnPTEKind(c.args[k], in: fn, l) : "refcounted"
                add(c.args[k], PageMapping(site: c, fn: fn, pte: pte))
            }
        }
        for fn in ctx.judged where !l.faultPages.isEmpty {
            for n in fn.nodes {
                guard case .event(.assign(let lhs, let rhs, let text, let loc, _)) = n.kind, let last = lhs.last,
                      l.faultPages.contains(last.description) else { continue }
                // The store, as the call the core makes of it: its member and the text written.
                let site = CallSite(id: -1, callee: "", name: last.description, args: [rhs], argText: [text], loc: loc, macro: nil)
                add(rhs, PageMapping(site: site, fn: fn, pte: "refcounted"))
            }
        }
        // Calls of a helper that maps what it is handed.
        let wrappers = insertWrappers(l, ctx)
        for key in Set(wrappers.keys.flatMap { index.callers[$0] ?? [] }).sorted() {
            guard let fn = index.functions[key], !isContractFunction(fn) else { continue }
            for n in fn.nodes {
                guard case .event(.call(let c)) = n.kind, let w = localWrapper(wrappers, c, in: fn) else { continue }
                add(c.args[w.param], PageMapping(site: c, fn: fn, pte: w.pfnAtCaller ? pfnPTEKind(c.args[w.param], in: fn, l) : w.pte))
            }
        }
        fillSources(&mapped, &inserters, l, ctx)
        return (mapped, inserters)
    }

    /// A page array filled from another member (`a->pg[i] = virt_to_page(a->base + …)`): the
    /// array's insert maps that member's memory too.
    private func fillSources(_ mapped: inout [Field: PageMapping], _ inserters: inout [Field: Set<String>],
                             _ l: GUPReleaseLists, _ ctx: FamilyContext) {
        let arrays = mapped.filter { $0.value.site.id >= 0 && l.arrays[$0.value.site.name] != nil }
        guard !arrays.isEmpty else { return }
        for fn in ctx.judged {
            for n in fn.nodes {
                guard case .event(.assign(let lhs, let rhs, _, _, _)) = n.kind, let f = lhs.last, let m = arrays[f],
                      let g = memoryField(rhs, in: fn, converters: l.allConverters), g != f, mapped[g] == nil else { continue }
                mapped[g] = m
                inserters[g, default: []].formUnion(inserters[f] ?? [])
            }
        }
    }

    /// Functions that run as a per-page drain (a pgmap's ->page_free), and the files where one
    /// drops a reference each page holds on its pgmap.
    private func drains(_ rule: Rule, _ l: GUPReleaseLists, _ ctx: FamilyContext) -> (functions: Set<String>, files: Set<String>) {
        let reached = ctx.reached(from: ctx.callbacks(rule.match["drains"] ?? []), depth: 2)
        var files: Set<String> = []
        for key in reached.keys {
            guard let fn = index.functions[key], let root = index.functions[reached[key]!.root] else { continue }
            if fn.nodes.contains(where: { if case .event(.call(let c)) = $0.kind { return l.drainPuts.contains(c.name) }; return false }) {
                files.insert(root.loc.file)
            }
        }
        return (Set(reached.keys), files)
    }

    func gupReleaseFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let l = GUPReleaseLists(rule)
        let maps = pageMappings(l, ctx)
        let drain = drains(rule, l, ctx)
        let unmappedRoots = ctx.callbacks(rule.match["unmapped_callbacks"] ?? [])
        let unmapped = ctx.reached(from: unmappedRoots, depth: 3)
        var out: [Finding] = []
        // A driver's wrapper around the release, called with the member.
        let wrappers = widened(directWrappers(l.releases, converters: l.allConverters), converters: l.allConverters)
        let releasing = index.calling(Array(l.releases.keys)).union(wrappers.keys.flatMap { index.callers[$0] ?? [] })
        for key in releasing.sorted() {
            guard let fn = index.functions[key], !drain.functions.contains(key), !isContractFunction(fn) else { continue }
            for (i, n) in fn.nodes.enumerated() {
                guard case .event(.call(let c)) = n.kind, let k = l.releases[c.name] ?? localWrapper(wrappers, c, in: fn)?.param,
                      k < c.args.count,
                      let f = memoryField(c.args[k], in: fn, converters: l.allConverters) else { continue }
                guard let m = maps.mapped[f] else {
                    // The mapping may be in a file of the folder the selection left out: one that
                    // names the member's struct and an insert (a context round).
                    wantFamilyContext(rule, fn.loc.file, [recordWord(f.record)], alsoNaming: l.mappingWords)
                    continue
                }
                guard maps.inserters[f]?.contains(fn.key) != true,   // the mapper's own error path
                      !buildsMember(fn, f, before: i), !waitsForReferences(fn, f, before: i, l) else { continue }
                let context = unmapped[key].flatMap { r in
                    index.functions[r.root].map { (name: $0.name, member: unmappedRoots[r.root]?.description ?? "") }
                }
                out.append(gupReleaseFinding(rule, fn, release: c, at: i, member: f, mapping: m, unmappedIn: context))
            }
        }
        return out + pgmapFindings(rule, l, drainFiles: drain.files)
    }

    /// Does a loop the release comes after read the reference count of the member's page
    /// (`while (page_ref_count(pg) > 1) msleep(…)`): the driver waits until GUP's references
    /// are put. A read outside a loop (a warning) or in a loop around the release is no wait.
    private func waitsForReferences(_ fn: FunctionFacts, _ f: Field, before release: Int, _ l: GUPReleaseLists) -> Bool {
        guard !l.refWaits.isEmpty else { return false }
        return fn.nodes.indices.contains { n in
            guard case .event(.call(let c)) = fn.nodes[n].kind, l.refWaits.contains(c.name), let a = c.args.first,
                  memoryField(a, in: fn, converters: l.allConverters) == f else { return false }
            // A loop around the wait that avoids the release, and the release after it.
            return fn.reaches(from: n, to: n, along: { fn.nodes[$0].succs.filter { $0 != release } })
                && fn.shortestPath(from: n, goal: { $0 == release }) != nil
        }
    }

    /// Does the function (or a callee within two calls) store a live value in the member before
    /// the release (node `before` of the releasing function: a store on a way to it): it builds
    /// the object, and the release is its error path before any mapping. A store only after the
    /// release replaces the object in place (`gen_pool_free(p, d->sram, …); d->sram =
    /// gen_pool_alloc(…)`): the old memory was published, and is judged.
    private func buildsMember(_ g: FunctionFacts, _ f: Field, before: Int? = nil) -> Bool {
        memberStores(g, f, fills: [:]).contains { j in before.map { j != $0 && g.reaches(j, $0) } ?? true }
    }

    /// How an insert is quoted: the call's name, or the fault handler's store as written.
    func mappingText(_ m: PageMapping) -> String {
        m.site.id < 0 ? "`\(m.site.argText.first ?? m.site.name)`" : "\(m.site.name)()"
    }

    /// A call as written: the driver's macro that expands to it, or the call itself.
    func written(_ c: CallSite) -> String { c.macro.map { "\($0)() → \(c.name)()" } ?? c.spelled }

    /// The insert as written: the call, or the store.
    func mappingSpelled(_ m: PageMapping) -> String { m.site.id < 0 ? m.site.argText.first ?? m.site.name : m.site.spelled }

    private func gupReleaseFinding(_ rule: Rule, _ fn: FunctionFacts, release c: CallSite, at i: Int, member f: Field,
                                   mapping m: PageMapping, unmappedIn: (name: String, member: String)?) -> Finding {
        let kind: String
        switch m.pte {
        case "devmap": kind = "devmap PTEs"
        case "special": kind = "PTEs that are special where the architecture has pte_special (GUP refuses those; replay decides)"
        case nil: kind = "PTEs of a pfn whose flags are not visible (devmap or special)"
        default: kind = "refcounted PTEs"
        }
        let when = unmappedIn.map { u in
            let via = u.name == fn.name ? "" : "from \(u.name)(), "
            return " (\(fn.name)() runs \(via)as \(u.member), after munmap: GUP's references outlive the vma)"
        } ?? ""
        var finding = familyFinding(rule, fn: fn, at: c.loc,
            message: "\(written(c)) hands \(f) back at once, whatever its pages' reference counts\(when): \(mappingText(m)) in "
                + "\(m.fn.name)() (\(m.site.loc.file):\(m.site.loc.line)) maps it into user space with \(kind), through which "
                + "GUP takes page references and keeps them (O_DIRECT, RDMA and vfio pins); a zap removes the PTEs, not those "
                + "references. Release the pages by reference (put_page, __free_pages: they live until GUP's put), return the "
                + "memory from the pages' last put (a pgmap ->page_free), or map it with special PTEs, which GUP refuses",
            origin: "mapped", identity: "release \(f) \(c.name)",
            related: [mappedHere(m)])
        attachPath(&finding, fn, to: i, target: f.description, holder: f, mapping: m, pte: m.pte, callback: unmappedIn?.name)
        return finding
    }

    /// The path to node `i` and what replay needs of a release of mapped memory: the mapping,
    /// its PTE kind, the callback the release runs in (after munmap), a release that is blind.
    private func attachPath(_ finding: inout Finding, _ fn: FunctionFacts, to i: Int, target: String, holder: Field?,
                            mapping m: PageMapping, pte: String?, callback: String?, operation: String? = nil) {
        guard let path = fn.shortestPath(from: 0, limit: 4000, goal: { $0 == i }) else { return }
        finding.path = pathEvents(fn, path)
        var subject = FindingSubject(functionKey: fn.key, nodes: path, useNode: i, target: AccessPath(base: .local(target)),
                                     fact: "mapped", cause: .mapped, holder: holder, mixed: false, ownPin: false,
                                     holderStores: [m.site.loc], originKind: "mapped", operation: operation)
        subject.mappedBy = m.site; subject.mappedIn = m.fn.name
        subject.callback = callback; subject.pte = pte; subject.release = "blind"
        finding.subject = subject
    }

    /// ZONE_DEVICE: a pgmap torn down in a file that maps devmap PTEs and has no per-page drain.
    private func pgmapFindings(_ rule: Rule, _ l: GUPReleaseLists, drainFiles: Set<String>) -> [Finding] {
        guard !l.teardowns.isEmpty, !l.mixed.isEmpty else { return [] }
        var devmapByFile: [String: PageMapping] = [:]
        for key in index.calling(Array(l.mixed.keys)).sorted() {
            guard let fn = index.functions[key], !isContractFunction(fn) else { continue }
            for n in fn.nodes {
                guard case .event(.call(let c)) = n.kind, let k = l.mixed[c.name], k < c.args.count,
                      pfnPTEKind(c.args[k], in: fn, l) == "devmap" else { continue }
                // The file's first devmap insert in source order.
                if let m = devmapByFile[fn.loc.file], m.site.loc.line <= c.loc.line { continue }
                devmapByFile[fn.loc.file] = PageMapping(site: c, fn: fn, pte: "devmap")
            }
        }
        var out: [Finding] = []
        for key in index.calling(Array(l.teardowns.keys)).sorted() {
            guard let fn = index.functions[key], !isContractFunction(fn), !drainFiles.contains(fn.loc.file),
                  let m = devmapByFile[fn.loc.file] else { continue }
            for (i, n) in fn.nodes.enumerated() {
                guard case .event(.call(let c)) = n.kind, l.teardowns[c.name] != nil else { continue }
                out.append(pgmapFinding(rule, fn, teardown: c, at: i, mapping: m))
            }
        }
        return out
    }

    /// The related line of both findings: where the memory went into user space.
    private func mappedHere(_ m: PageMapping) -> Related {
        Related(file: m.site.loc.file, line: m.site.loc.line, message: "mapped into user space here: \(mappingSpelled(m))")
    }

    private func pgmapFinding(_ rule: Rule, _ fn: FunctionFacts, teardown c: CallSite, at i: Int, mapping m: PageMapping) -> Finding {
        var finding = familyFinding(rule, severity: .note, fn: fn, at: c.loc,
            message: "the teardown of the pgmap at \(written(c)) (memunmap_pages(), called or run by devm at unbind) does not "
                + "wait for GUP's references on its pages: \(mappingText(m)) in \(m.fn.name)() (\(m.site.loc.file):"
                + "\(m.site.loc.line)) maps them into user space as devmap entries, GUP-fast keeps a page reference through one "
                + "past any zap, and memunmap_pages() waits only for pgmap references, which these pages do not hold (no per-page "
                + "drain in this file). A limitation of this kernel's ZONE_DEVICE teardown, not a driver error",
            origin: "mapped", identity: "pgmap \(c.name)",
            related: [mappedHere(m)])
        attachPath(&finding, fn, to: i, target: "pgmap", holder: nil, mapping: m, pte: "devmap", callback: nil, operation: "pgmap")
        return finding
    }
}
