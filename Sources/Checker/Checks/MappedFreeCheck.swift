import Facts
import Findings
import Foundation
import Index

/// `kind: mapped-free` — Memory a driver inserts into user mappings, freed where a mapping may
/// still remain (no zap before the free, not in the mapped file's release or the vma's close).
///
/// Match keys (call entries `function` or `function@N`, N the argument, 0 when not given):
/// - `inserts`: calls that put the memory the argument names (a pfn derived from a buffer, a
///   page, a DMA buffer's CPU address) in a user page table holding no reference on it
///   (remap_pfn_range, vmf_insert_pfn, dma_mmap_coherent);
/// - `inserts_array` (optional): the argument is an array of pages: only `page_frees` of its
///   elements free mapped memory, not a free of the array;
/// - `frees` / `page_frees`: calls that free the memory the argument names;
/// - `converters` (plain names): the value passes through from arg0 (virt_to_page, virt_to_phys);
///   `page_converters`: those whose argument is a struct page (page_to_pfn): a member they are
///   applied to holds pages, and only `page_frees` free them (kfree of the array does not);
/// - `zaps` (plain names): calls that remove user mappings (unmap_mapping_range, zap_vma_ptes);
/// - `safe_callbacks`: members whose functions run only after every mapping is gone
///   (f_op->release, vm_ops->close, a GEM object's free);
/// - `mmap_callbacks` (members, optional): where user mmap calls arrive (f_op->mmap, …). An
///   insert no such entry reaches (within two calls), in a function stored in an ops table
///   whose other member holds the free's function (ALSA's snd_malloc_ops .mmap / .free), is a
///   buffer backend: its user orders the free against the mappings it made (ALSA's
///   mmap_count) — not judged (UNCERTAIN: the user is not read);
/// - `owner_puts` (`function@N`): the function passed there runs when the last reference
///   to the object drops (kref_put's release), and `owner_tests` (plain names): a free on their
///   true branch runs when the last reference drops (refcount_dec_and_test). Objects whose
///   mappings hold a reference (vb2, rxe's mmap info) are freed there: not judged (UNCERTAIN:
///   that the mapping holds one is not checked).
struct MappedFreeCheck: FamilyCheck {
    static let kind = "mapped-free"
    static let matchKeys: [String: Bool] = ["inserts": true, "inserts_array": false, "frees": true, "page_frees": false,
                                            "converters": false, "page_converters": false, "zaps": true, "safe_callbacks": true,
                                            "owner_puts": false, "owner_tests": false, "mmap_callbacks": false]
    static let phase = CheckPhase.besideSummaries
    static let group: String? = nil
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.mappedFreeFindings(rule, ctx) }
}

extension Engine {
    /// `name` / `name@N` entries of a match key (the shared family syntax).
    func callArgs(_ rule: Rule, _ key: String) -> [String: Int] { callArguments(rule.match[key] ?? []) }

    /// The struct member an argument's memory belongs to: `dev->buf`, `virt_to_page(dev->buf)`,
    /// `dev->pages[i]`, or a local assigned from one of those in the same function.
    func memoryField(_ e: Expr, in fn: FunctionFacts, converters: Set<String>, depth: Int = 0) -> Field? {
        memoryOrigin(e, in: fn, converters: converters, pageConverters: [], depth: depth)?.field
    }

    /// The member and whether it holds pages (the first conversion applied to it takes a
    /// struct page: `page_to_pfn(x->pages[i])`) rather than an address (`virt_to_page(x->buf)`).
    func memoryOrigin(_ e: Expr, in fn: FunctionFacts, converters: Set<String>, pageConverters: Set<String>,
                      depth: Int = 0, applied: String? = nil) -> (field: Field, holdsPages: Bool)? {
        // Each local and each conversion is a step: `page = pfn_to_page(pfn)` after
        // `pfn = virt_to_pfn(d->buf)` is four before the member.
        guard depth < 6 else { return nil }
        switch e {
        case .path(let p):
            if let f = p.last { return (f, applied.map { pageConverters.contains($0) } ?? false) }
            guard case .local = p.base else { return nil }
            // The local's value, when every assignment gives the same member.
            var found: (field: Field, holdsPages: Bool)?
            for n in fn.nodes {
                guard case .event(.assign(let l, let r, _, _, _)) = n.kind, l == p else { continue }
                guard let o = memoryOrigin(r, in: fn, converters: converters, pageConverters: pageConverters,
                                           depth: depth + 1, applied: applied),
                      found == nil || found!.field == o.field else { return nil }
                found = o
            }
            return found
        case .call(let id):
            guard let c = fn.call(id), converters.contains(c.name), let a = c.args.first else { return nil }
            return memoryOrigin(a, in: fn, converters: converters, pageConverters: pageConverters, depth: depth + 1, applied: c.name)
        default: return nil
        }
    }

    /// Members whose memory is put in user page tables: the first inserting call and function
    /// and whether the insert takes a page array, every function that inserts the member, and
    /// the members that hold pages.
    private struct MappedMembers {
        var mapped: [Field: (CallSite, FunctionFacts, Bool)] = [:]
        var inserters: [Field: Set<String>] = [:]
        var holdsPages: Set<Field> = []
    }

    private func mappedMembers(inserts: [String: Int], arrays: [String: Int], converters: Set<String>,
                               pageConverters: Set<String>) -> MappedMembers {
        var members = MappedMembers()
        for key in index.calling(Array(inserts.keys) + Array(arrays.keys)).sorted() {
            guard let fn = index.functions[key] else { continue }
            for n in fn.nodes {
                guard case .event(.call(let c)) = n.kind else { continue }
                let isArray = arrays[c.name] != nil
                guard let k = inserts[c.name] ?? arrays[c.name], k < c.args.count,
                      let (f, pages) = memoryOrigin(c.args[k], in: fn, converters: converters.union(pageConverters),
                                                    pageConverters: pageConverters)
                else { continue }
                if pages { members.holdsPages.insert(f) }
                members.inserters[f, default: []].insert(fn.key)
                if members.mapped[f] == nil { members.mapped[f] = (c, fn, isArray) }
            }
        }
        return members
    }

    /// Functions that run only once every mapping is gone (a safe callback, a release passed to
    /// an owner put), and what they call.
    private func afterEveryMapping(_ rule: Rule, _ ctx: FamilyContext) -> [String: (root: String, chain: [CallSite])] {
        var roots = ctx.callbacks(rule.match["safe_callbacks"]!)
        let ownerPuts = callArgs(rule, "owner_puts")
        for (fnKey, uses) in index.callbackUses {
            for u in uses where u.call.map({ ownerPuts[$0] == u.arg }) == true && roots[fnKey] == nil {
                roots[fnKey] = Field(record: u.call!, name: "release")
            }
        }
        return ctx.reached(from: roots, depth: 3)
    }

    /// Are two functions stored in different members of the same struct type (one ops table's
    /// methods)?
    private func sameOpsTable(_ a: String, _ b: String) -> Bool {
        let recordsA = Set((index.callbackUses[a] ?? []).compactMap { $0.field }.map(\.record))
        return (index.callbackUses[b] ?? []).contains { u in u.field.map { recordsA.contains($0.record) } ?? false }
    }

    /// Is node `i` reached only through the true side of a last-reference test?
    private func afterLastPut(_ fn: FunctionFacts, _ i: Int, ownerTests: Set<String>) -> Bool {
        guard !ownerTests.isEmpty else { return false }
        var seen: Set<Int> = [0], work = [0]
        while let m = work.popLast() {
            if m == i { return false }
            var next = fn.nodes[m].succs
            if case .branch(let c, _, _) = fn.nodes[m].kind, next.count == 2 {
                var x = c, truth = true
                while case .not(let inner) = x { x = inner; truth.toggle() }
                if case .truthy(.call(let id)) = x, let call = fn.call(id), ownerTests.contains(call.name) {
                    next = [next[truth ? 1 : 0]]   // only the side where references remain
                }
            }
            for s in next where seen.insert(s).inserted { work.append(s) }
        }
        return true
    }

    /// Does `key` (or a callee within two calls) remove user mappings?
    private func zapsMappings(_ key: String, zaps: Set<String>, depth: Int = 0) -> Bool {
        guard depth < 3, let fn = index.functions[key] else { return false }
        for n in fn.nodes {
            guard case .event(.call(let c)) = n.kind else { continue }
            if zaps.contains(c.name) || zapsMappings(c.callee, zaps: zaps, depth: depth + 1) { return true }
        }
        return false
    }

    func mappedFreeFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let inserts = callArgs(rule, "inserts"), arrays = callArgs(rule, "inserts_array")
        let frees = callArgs(rule, "frees"), pageFrees = callArgs(rule, "page_frees")
        let converters = Set(rule.match["converters"] ?? []), zaps = Set(rule.match["zaps"] ?? [])
        let pageConverters = Set(rule.match["page_converters"] ?? [])
        let members = mappedMembers(inserts: inserts, arrays: arrays, converters: converters, pageConverters: pageConverters)
        guard !members.mapped.isEmpty else { return [] }
        let safe = afterEveryMapping(rule, ctx)
        let ownerTests = Set(rule.match["owner_tests"] ?? [])
        let userMapped = rule.match["mmap_callbacks"].map { ctx.reached(from: ctx.callbacks($0), depth: 2) }
        var out: [Finding] = []
        for key in index.calling(Array(frees.keys) + Array(pageFrees.keys)).sorted() {
            guard let fn = index.functions[key], safe[key] == nil, !isContractFunction(fn) else { continue }
            for (i, n) in fn.nodes.enumerated() {
                guard case .event(.call(let c)) = n.kind, let k = frees[c.name] ?? pageFrees[c.name], k < c.args.count,
                      let f = memoryField(c.args[k], in: fn, converters: converters.union(pageConverters)),
                      let (ins, insFn, isArray) = members.mapped[f],
                      members.inserters[f]?.contains(fn.key) != true else { continue }   // the mapper's own error path
                // A free of the array itself frees no mapped page.
                if (isArray || members.holdsPages.contains(f)) && pageFrees[c.name] == nil { continue }
                if afterLastPut(fn, i, ownerTests: ownerTests) { continue }
                if let userMapped, userMapped[insFn.key] == nil, sameOpsTable(fn.key, insFn.key) { continue }
                // The function stores the member itself: it builds (or rebuilds) the object, and
                // a free here is its error path before the memory was published to ->mmap
                // (UNCERTAIN: a function that swaps a live buffer is missed; todo realloc.c).
                // Clearing it (`kfree(d->buf); d->buf = NULL;`) builds nothing.
                // (Also when a function it calls, within two calls, stores it: probe's error path
                // after the helpers that allocated the buffer, smscufx's set_par → realloc.)
                func stores(_ g: FunctionFacts, _ depth: Int) -> Bool {
                    g.nodes.contains(where: {
                        switch $0.kind {
                        case .event(.assign(let l, let r, _, _, _)): return l.last == f && r != .null && r != .int(0)
                        case .event(.call(let c)) where depth < 2 && c.callee != g.key:
                            return index.functions[c.callee].map { stores($0, depth + 1) } ?? false
                        default: return false
                        }
                    })
                }
                let storesMember = stores(fn, 0)
                if storesMember { continue }
                // A zap on the way to the free (here or in a callee) revokes the mappings first.
                let before = fn.nodes.indices.filter { j in
                    guard j != i, case .event(.call(let z)) = fn.nodes[j].kind else { return false }
                    return (zaps.contains(z.name) || zapsMappings(z.callee, zaps: zaps))
                        && fn.shortestPath(from: j, limit: 4000, goal: { $0 == i }) != nil
                }
                guard before.isEmpty else { continue }
                // Nothing parsed calls or registers the freeing function: the file that stores it
                // in an ops table (bnxt_re's main.c: .dealloc_ucontext) may say it is safe.
                if !fn.isStatic, (index.callers[fn.key] ?? []).isEmpty, index.callbackUses[fn.key] == nil {
                    wantFamilyContext(rule, fn.loc.file, [fn.name])
                }
                out.append(mappedFreeFinding(rule, fn, free: c, at: i, member: f, insert: ins, inserter: insFn))
            }
        }
        return out
    }

    /// The finding for a free (node `i`) of a mapped member, with its path and subject.
    private func mappedFreeFinding(_ rule: Rule, _ fn: FunctionFacts, free c: CallSite, at i: Int, member f: Field,
                                   insert ins: CallSite, inserter insFn: FunctionFacts) -> Finding {
        var finding = familyFinding(rule, fn: fn, at: c.loc,
            message: "\(c.spelled) frees \(f) while a user mapping of it may remain: "
                + "\(ins.name)() in \(insFn.name)() (\(ins.loc.file):\(ins.loc.line)) put it in user page tables, "
                + "and \(fn.name)() is not the file's ->release nor the vma's ->close and zaps no mapping first; "
                + "a user access then reaches freed memory. Free it when the last mapping goes (vm_ops->close, f_op->release) "
                + "or unmap_mapping_range() the file's mappings before freeing",
            origin: "mapped", identity: "free \(f) \(c.name)",
            related: [Related(file: ins.loc.file, line: ins.loc.line,
                              message: "mapped into user space here: \(ins.spelled)")])
        if let path = fn.shortestPath(from: 0, limit: 4000, goal: { $0 == i }) {
            finding.path = pathEvents(fn, path)
            var subject = FindingSubject(functionKey: fn.key, nodes: path, useNode: i, target: AccessPath(base: .local(f.description)),
                                         fact: "mapped", cause: .mapped, holder: f, mixed: false, ownPin: false,
                                         holderStores: [ins.loc], originKind: "mapped")
            subject.mappedBy = ins
            subject.mappedIn = insFn.name
            finding.subject = subject
        }
        return finding
    }
}
