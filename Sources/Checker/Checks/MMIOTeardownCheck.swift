import Facts
import Findings
import Foundation
import Index

/// `kind: mmio-teardown` — Device MMIO mapped into user space by a driver (or a framework) whose
/// device teardown never revokes the mapping: after remove()/unbind the BAR can be released,
/// reassigned or powered down while a process still loads and stores through its PTEs.
///
/// Match keys:
/// - `inserts` (`function@N`): calls that map MMIO into a user vma, N the address or pfn
///   argument (io_remap_pfn_range@2, vm_iomap_memory@1) — unless it is RAM's (below);
/// - `pfn_inserts` (`function@N`, optional): calls that map any page frame number, argument N
///   (remap_pfn_range@2) — MMIO where a device-memory protection reaches the insert (set before
///   it in the same function, or in the ->mmap that calls it) and the pfn is not RAM's;
/// - `device_protections` (plain names, optional): those protections (pgprot_noncached,
///   pgprot_writecombine, pgprot_device): the evidence that a pfn insert maps device memory;
/// - `ram_addresses` (plain names, optional): a pfn computed from one of these is RAM (a kernel
///   virtual address or a struct page: virt_to_phys, __pa, page_to_pfn), never device memory;
/// - `ram_fills` (`function@N`, optional): DMA allocators that store the handle of the RAM they
///   allocate where argument N points (dma_alloc_coherent@2): a member the file fills so (and
///   stores nothing else in) is a RAM address — a driver mapping its coherent buffer by handle;
/// - `reserved_members` (members, optional): an address read from one of these is memory the
///   firmware reserved (`struct reserved_mem.base`), directly or through a member of the driver
///   that the file stores only from one: RAM no teardown releases, never a BAR;
/// - `reserved_resources` (`function@N`, optional): calls that fill the struct resource argument
///   N points to with such memory (of_reserved_mem_region_to_resource); `node_resources`
///   (`function@N`, optional): calls that fill it from the devicetree node in argument 0
///   (of_address_to_resource), reserved memory when that node is one `reserved_nodes`
///   (`function@N`: of_parse_phandle@1) returns for a property in `reserved_properties`
///   (memory-region: the reserved-memory binding); the resource's members read directly or
///   through a member of the driver that the file stores only from them count as reserved;
/// - `mmap_callbacks`: the members whose functions run as the file's ->mmap;
/// - `fault_callbacks` (members, optional): the members whose functions map at fault time (a
///   vma's ->fault, ->huge_fault): a mapping path of their own, whose pfn inserts count as MMIO
///   where an ->mmap of the same file gives the vma a device protection (it installs the vm_ops);
/// - `teardown_callbacks`: the members whose functions tear the device down (a bus driver's
///   remove, a USB disconnect);
/// - `zaps` (plain names): calls that remove a file's user mappings (the revoke) — one that
///   changes no state the file's fault paths test (RevokeState.changesMappingState) revokes
///   nothing: the next fault maps the BAR again; `revoking_zaps` (plain names, optional): zaps
///   that are that state change themselves (drm_dev_unplug: drm_dev_enter() fails after it);
/// - `attribute_removals` (plain names, optional): removals of a sysfs binary attribute
///   (sysfs_remove_bin_file): kernfs drains its open files and zaps the attribute file's own
///   mapping — a zap, and a revoking one (a later mmap of the removed file fails), for the
///   mmap functions stored in `attribute_callbacks` (members: bin_attribute.mmap) only — except in a
///   file that stores a function into one of `redirected_mappings` (members, optional:
///   `struct bin_attribute.f_mapping`): its attributes' vmas live in that other address_space;
/// - `waits` / `completes` (plain names, optional) and `release_callbacks` (members): a teardown
///   that waits (wait_for_completion(&x->done)) for what only the file's release or the vma's
///   close completes (complete(&x->done), the same member) keeps the device until the last
///   mapping is gone — a vma pins its file (hfi1's user_comp, vfio's, uverbs'): not reported;
/// - `owner_puts` (`function@N`), `open_callbacks` (members) and `increments` (`function@N`),
///   optional: the function a release passes to an owner put (kref_put's release) of a member
///   each ->open counts up runs when the last file is gone: what it completes counts as the
///   release's (vfio's remove puts its own reference, then waits).
///
/// Reported once per ->mmap function (a framework's mmap once, not per driver): an MMIO insert
/// in it (or a callee within two calls), when a teardown callback reaches (within two calls) a
/// function of the ->mmap's source file or is in it, and no zap is made by the teardown (within
/// three calls) nor by any function of the ->mmap's file outside the mapping path.
struct MMIOTeardownCheck: FamilyCheck {
    static let kind = "mmio-teardown"
    static let matchKeys: [String: Bool] = ["inserts": true, "pfn_inserts": false, "device_protections": false, "ram_addresses": false,
                                            "ram_fills": false,
                                            "reserved_members": false, "reserved_resources": false,
                                            "node_resources": false, "reserved_nodes": false, "reserved_properties": false, "waits": false,
                                            "retried_waits": false,
                                            "completes": false, "release_callbacks": false, "owner_puts": false,
                                            "decrements": false, "count_reads": false, "open_callbacks": false, "increments": false,
                                            "mmap_callbacks": true, "fault_callbacks": false, "teardown_callbacks": true, "zaps": true,
                                            "revoking_zaps": false, "attribute_removals": false, "redirected_mappings": false,
                                            "attribute_callbacks": false,
                                            "managed_allocs": false, "managed_inserts": false]
    static let phase = CheckPhase.besideSummaries
    static let group: String? = nil
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.mmioTeardownFindings(rule, ctx) }
}

extension Engine {
    /// The ->mmap functions that give the vma a device protection, themselves or through a
    /// helper within two calls (`fp_set_prot(vma)` doing `vma->vm_page_prot = pgprot_noncached(…)`).
    private func protectingMmaps(_ mmaps: [String: Field], _ ctx: FamilyContext, protects: (FunctionFacts) -> Bool) -> Set<String> {
        Set(mmaps.keys.filter { key in
            ctx.reached(from: [key: mmaps[key]!], depth: 2).keys.contains { k in index.functions[k].map(protects) ?? false }
        })
    }

    func mmioTeardownFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let mmioInserts = callArgs(rule, "inserts"), zaps = Set(rule.match["zaps"] ?? [])
        let pfnInserts = callArgs(rule, "pfn_inserts"), protections = Set(rule.match["device_protections"] ?? [])
        let ram = Set(rule.match["ram_addresses"] ?? []), reserved = ReservedMemory(rule, self), ramFills = callArgs(rule, "ram_fills")
        let managed = ManagedMemory(rule, self, ram: ram)
        let inserts = Set(mmioInserts.keys).union(pfnInserts.keys).union(managed.inserts.keys)
        func protectionNodes(in f: FunctionFacts) -> [Int] {
            f.nodes.indices.filter { if case .event(.call(let c)) = f.nodes[$0].kind { return protections.contains(c.name) }; return false }
        }
        let mmaps = ctx.callbacks(rule.match["mmap_callbacks"]!)
        var mapping = ctx.reached(from: mmaps, depth: 2)
        guard !mmaps.isEmpty else { askForHelperUsers(rule, mmioInserts, mapped: []); return [] }
        // Fault-time mapping paths: a function an ->mmap already reaches stays the ->mmap's.
        let faults = ctx.callbacks(rule.match["fault_callbacks"] ?? [])
        for (k, v) in ctx.reached(from: faults, depth: 2) where mapping[k] == nil { mapping[k] = v }
        let protecting = protectingMmaps(mmaps, ctx) { !protectionNodes(in: $0).isEmpty }
        // Files whose ->mmap sets a device protection: the vma a fault of the file maps has it.
        let protectingFiles = Set(protecting.compactMap { index.functions[$0]?.loc.file })
        // A sysfs attribute's ->mmap is revoked by its removal too (apart only where one is removed).
        let attributeMmaps = Set(rule.match["attribute_callbacks"] ?? [])
        let plain = teardownRevokes(rule, ctx, zaps: zaps, mapping: mapping, faults: faults, attributes: false)
        let attribute = attributeMmaps.isEmpty || index.calling(rule.match["attribute_removals"] ?? []).isEmpty ? plain
            : teardownRevokes(rule, ctx, zaps: zaps, mapping: mapping, faults: faults, attributes: true)
        var out: [Finding] = [], done: Set<String> = [], asked: Set<String> = []
        for key in mapping.keys.sorted() {
            guard let fn = index.functions[key], let (root, chain) = mapping[key], !done.contains(root) else { continue }
            let (teardownOf, reachedFiles, revokes) = mmaps[root].map { attributeMmaps.contains($0.description) } == true
                ? attribute : plain
            guard let mmapFn = index.functions[root], !isContractFunction(fn), !inserts.contains(fn.name),
                  !chain.contains(where: { inserts.contains($0.name) }), revokes[mmapFn.loc.file] == nil else { continue }
            // A pfn insert maps device memory where a device protection reaches it (uio:
            // pgprot_noncached, then remap_pfn_range) and its pfn is not a RAM address's.
            let own = protectionNodes(in: fn)
            let byMmap = faults[root] != nil ? protectingFiles.contains(mmapFn.loc.file)
                : fn.key != mmapFn.key && protecting.contains(mmapFn.key)
            func mapsMMIO(_ i: Int) -> CallSite? {
                guard case .event(.call(let c)) = fn.nodes[i].kind else { return nil }
                if let k = managed.inserts[c.name], k < c.args.count, managed.member(c.args[k], in: fn) != nil { return c }
                guard let k = mmioInserts[c.name] ?? pfnInserts[c.name], k < c.args.count,
                      !readsRAM(c.args[k], ram, fills: ramFills, in: fn), !readsReserved(c.args[k], reserved, in: fn) else { return nil }
                if mmioInserts[c.name] != nil { return c }
                let protected = byMmap || own.contains { fn.reaches($0, i) }
                return protected ? c : nil
            }
            guard let tdOf = teardownOf[mmapFn.loc.file] else {
                // No teardown reaches the ->mmap's file among the parsed files: a framework's
                // drivers call its exported functions from their remove() (uio drivers →
                // uio_unregister_device()): ask for the folder's files that name them.
                if !reachedFiles.contains(mmapFn.loc.file), !asked.contains(mmapFn.loc.file),
                   fn.nodes.indices.contains(where: { mapsMMIO($0) != nil }) {
                    asked.insert(mmapFn.loc.file)
                    // What a file that registers a teardown spells: the member (`.remove`), or the call.
                    let members = (rule.match["teardown_callbacks"] ?? []).compactMap { entry in
                        entry.contains("@") ? entry.split(separator: "@").first.map(String.init)
                            : entry.split(separator: ".").last.map(String.init)
                    }
                    wantFamilyContext(rule, mmapFn.loc.file, exported(in: mmapFn.loc.file), alsoNaming: members)
                }
                continue
            }
            guard let td = index.functions[tdOf.root],
                  let entry = index.functions[tdOf.entry] else { continue }
            for i in fn.nodes.indices {
                guard let c = mapsMMIO(i) else { continue }
                done.insert(root)
                let call = "\(c.spelled)", mapper = faults[root] != nil ? "the fault handler" : "->mmap"
                let reach = entry.key == td.key ? "" : " through \(entry.name)()"
                let others = tdOf.count > 1 ? " (one of \(tdOf.count) teardown callbacks that reach this file)" : ""
                let managedBy = managed.inserts[c.name].flatMap { k in k < c.args.count ? managed.member(c.args[k], in: fn) : nil }
                let (message, related) = teardownMessage(call: call, mapper: mapper, mmap: mmapFn, teardown: td,
                                                         reach: reach, others: others, managed: managedBy, zap: tdOf.zap)
                var finding = familyFinding(rule, fn: fn, at: c.loc, message: message, origin: "mapped", identity: "mmio \(root)",
                                            related: related)
                if let path = fn.shortestPath(from: 0, limit: 4000, goal: { $0 == i }) { finding.path = pathEvents(fn, path) }
                out.append(finding)
                break
            }
        }
        askForHelperUsers(rule, mmioInserts, mapped: Set(mapping.keys))
        return out
    }

    /// The teardowns that leave a file's mappings (Engine.unsafeTeardowns), the files a
    /// teardown reaches and the files whose functions revoke (revokesByFile): with `attributes`,
    /// for the ->mmap of a sysfs binary attribute, whose removal (`attribute_removals`) zaps
    /// the attribute file's own mapping — except in a file that points its attributes'
    /// f_mapping elsewhere (`redirected_mappings`: PCI resource files map the iomem mapping).
    private func teardownRevokes(_ rule: Rule, _ ctx: FamilyContext, zaps: Set<String>,
                                 mapping: [String: (root: String, chain: [CallSite])], faults: [String: Field], attributes: Bool)
        -> (byFile: [String: (root: String, entry: String, count: Int, zap: CallSite?)], reached: Set<String>,
            revokes: [String: (CallSite, String)]) {
        let removals = attributes ? Set(rule.match["attribute_removals"] ?? []) : []
        let revoking = zapRevokes(rule, mapping: mapping, faults: faults, removals: removals, ctx)
        let redirecting = removals.isEmpty ? [] : filesStoring(rule.match["redirected_mappings"] ?? [])
        func isZap(_ c: CallSite, _ fn: FunctionFacts) -> Bool { !removals.contains(c.name) || !redirecting.contains(fn.loc.file) }
        let (byFile, reached) = unsafeTeardowns(rule, ctx, zaps: zaps.union(removals), isZap: isZap, revoking: revoking)
        return (byFile, reached, revokesByFile(zaps.union(removals), mappingPaths: mapping, isZap: isZap, revoking: revoking))
    }

    /// The files that store a function into one of `members` (`struct bin_attribute.f_mapping`:
    /// pci-sysfs.c's `res_attr->f_mapping = iomem_get_mapping`).
    func filesStoring(_ members: [String]) -> Set<String> {
        guard !members.isEmpty else { return [] }
        let wanted = Set(members)
        return Set(index.callbackUses.values.joined().filter { u in
            u.field.map { wanted.contains($0.description) } ?? false
        }.map(\.loc.file))
    }

    /// Whether a function's zap revokes: it comes with a change of state the fault paths of its
    /// file test (RevokeState.changesMappingState), or its file has none. With no change, the
    /// next fault maps the BAR again.
    private func zapRevokes(_ rule: Rule, mapping: [String: (root: String, chain: [CallSite])], faults: [String: Field],
                            removals: Set<String>, _ ctx: FamilyContext) -> (FunctionFacts) -> Bool {
        let vocabulary = stateVocabulary(rule, ctx)
        let revoking = Set(rule.match["revoking_zaps"] ?? []).union(removals)
        let rootsByFile = Dictionary(grouping: Set(mapping.values.map(\.root)).filter { faults[$0] != nil }.sorted()) {
            index.functions[$0]?.loc.file ?? ""
        }
        return { z in
            guard let roots = rootsByFile[z.loc.file] else { return true }
            return self.changesMappingState(z, mappers: roots, vocabulary, revoking: revoking, ctx)
        }
    }

    /// The finding's words for an insert the teardown `td` leaves mapped (`reach`: how it reaches
    /// the ->mmap's file; `others`: the other teardowns that do): device MMIO, or the member a
    /// managed allocation gave (devres frees it).
    func teardownMessage(call: String, mapper: String, mmap mmapFn: FunctionFacts, teardown td: FunctionFacts, reach: String,
                         others: String, managed: (Field, CallSite)?, zap: CallSite? = nil) -> (String, [Related]) {
        let teardown = Related(file: td.loc.file, line: td.loc.line, message: "the device teardown: \(td.name)()")
        if let zap {
            return ("\(call) maps device MMIO into user space from \(mapper) \(mmapFn.name)(), and the device's teardown "
                + "\(td.name)()\(reach) (\(td.loc.file):\(td.loc.line))\(others) zaps the mappings (\(zap.spelled), "
                + "\(zap.loc.file):\(zap.loc.line)) but changes no state the fault path tests: the next fault maps the BAR "
                + "again after the zap, and a process loads and stores through those PTEs to a BAR that may be released, "
                + "reassigned or powered down. Make the fault path refuse first (a flag it tests under its lock), then zap",
                    [teardown, Related(file: zap.loc.file, line: zap.loc.line, message: "the zap that revokes nothing: \(zap.spelled)")])
        }
        if let (f, alloc) = managed {
            return ("\(call) maps \(f) into user space from \(mapper) \(mmapFn.name)(); \(alloc.name)() "
                + "(\(alloc.loc.file):\(alloc.loc.line)) allocated it for the device, and devres frees it once the "
                + "device's teardown \(td.name)()\(reach) (\(td.loc.file):\(td.loc.line))\(others) returns, which "
                + "removes no user mapping: after remove or unbind a process that still has the file mapped reaches "
                + "freed memory through these PTEs. Revoke on teardown (unmap_mapping_range() of the file's "
                + "address_space) or allocate it unmanaged and free it when the last mapping is closed",
                    [Related(file: alloc.loc.file, line: alloc.loc.line, message: "device-managed: \(alloc.spelled)"), teardown])
        }
        return ("\(call) maps device MMIO into user space from \(mapper) \(mmapFn.name)(), and the device's teardown "
            + "\(td.name)()\(reach) (\(td.loc.file):\(td.loc.line))\(others) removes no user mapping: "
            + "after remove or unbind, a process that "
            + "still has the file mapped loads and stores through these PTEs to a BAR that may be released, reassigned or "
            + "powered down. Revoke on teardown (unmap_mapping_range() of the file's address_space, after the state change "
            + "that makes ->mmap and the fault path refuse) or keep the device until the last mapping is closed", [teardown])
    }

    /// A framework's exported helper that maps MMIO into the vma it is given (the vme core's
    /// vme_master_mmap(): vm_iomap_memory() of a window) is on no mapping path until the driver
    /// whose ->mmap calls it is parsed; that driver names no rule word (it calls the helper):
    /// ask for the helper's folder's files that name it and an mmap member.
    func askForHelperUsers(_ rule: Rule, _ mmioInserts: [String: Int], mapped: Set<String>) {
        let members = (rule.match["mmap_callbacks"] ?? []).compactMap { $0.split(separator: ".").last.map(String.init) }
        for key in index.calling(mmioInserts.keys).sorted() where !mapped.contains(key) {
            guard let fn = index.functions[key], !fn.isStatic, !isContractFunction(fn),
                  index.callers(of: [fn.key], within: 2).isDisjoint(with: mapped) else { continue }
            let insertsIntoParameter = fn.nodes.contains { n in
                guard case .event(.call(let c)) = n.kind, mmioInserts[c.name] != nil, case .path(let p)? = c.args.first,
                      p.fields.isEmpty, case .param = p.base else { return false }
                return true
            }
            if insertsIntoParameter { wantFamilyContext(rule, fn.loc.file, [fn.name], alsoNaming: members) }
        }
    }

    /// Files a teardown that neither revokes (a zap within three calls) nor waits for the files
    /// reaches (its own and its callees' within two calls): the callback, the function of that
    /// file it reaches — the fewest calls away (uio_unregister_device(), not the helper it calls)
    /// — and how many callbacks reach the file; and every file any teardown reaches.
    func unsafeTeardowns(_ rule: Rule, _ ctx: FamilyContext, zaps: Set<String>, isZap: (CallSite, FunctionFacts) -> Bool,
                         revoking: (FunctionFacts) -> Bool)
        -> (byFile: [String: (root: String, entry: String, count: Int, zap: CallSite?)], reached: Set<String>) {
        let tearing = ctx.reached(from: ctx.callbacks(rule.match["teardown_callbacks"]!), depth: 3)
        var revokingRoots: Set<String> = [], unrevoked: [String: CallSite] = [:]
        for key in tearing.keys.sorted() {
            guard let fn = index.functions[key] else { continue }
            var zap: CallSite?
            for n in fn.nodes where zap == nil {
                if case .event(.call(let c)) = n.kind, zaps.contains(c.name), isZap(c, fn) { zap = c }
            }
            guard let zap else { continue }
            // A zap that changes no state the mapping paths test revokes nothing.
            let root = tearing[key]!.root
            if revoking(fn) { revokingRoots.insert(root) } else if unrevoked[root] == nil { unrevoked[root] = zap }
        }
        let waiting = waitingForRelease(rule, ctx, tearing)
        var byFile: [String: (root: String, entry: String, count: Int, zap: CallSite?)] = [:]
        let near = tearing.keys.filter { tearing[$0]!.chain.count <= 2 }
        let unsafe = near.filter { !revokingRoots.contains(tearing[$0]!.root) && !waiting.contains(tearing[$0]!.root) }
        for key in unsafe.sorted(by: { (tearing[$0]!.chain.count, $0) < (tearing[$1]!.chain.count, $1) }) {
            guard let fn = index.functions[key] else { continue }
            if let t = byFile[fn.loc.file] {
                if t.root != tearing[key]!.root { byFile[fn.loc.file]!.count += 1 }
            } else {
                byFile[fn.loc.file] = (tearing[key]!.root, key, 1, unrevoked[tearing[key]!.root])
            }
        }
        return (byFile, Set(near.compactMap { index.functions[$0]?.loc.file }))
    }

    /// Teardown callbacks that wait (within three calls) on a member only the file's release or
    /// the vma's close completes (within three calls): they return after the last mapping.
    func waitingForRelease(_ rule: Rule, _ ctx: FamilyContext, _ tearing: [String: (root: String, chain: [CallSite])]) -> Set<String> {
        let waits = Set(rule.match["waits"] ?? [])
        guard !waits.isEmpty, let releases = rule.match["release_callbacks"] else { return [] }
        // Or polls until a count of the open files drains (OpenCountDrains).
        let drains = openCountDrains(rule, ctx, releases: releases)
        let draining = Set(tearing.keys.filter { drains.draining[$0] != nil }.map { tearing[$0]!.root })
        let completed = releaseCompletions(rule, ctx)
        guard !completed.isEmpty else { return draining }
        return draining.union(waitCalls(rule, tearing.keys).filter { completed.contains($0.member) }.map { tearing[$0.key]!.root })
    }

    /// The waits of the functions `keys` on a member's completion: every call of `waits` (they
    /// end with the completion), and each call of `retried_waits` (a signal or a timeout ends
    /// them early) that its function makes again around a loop — vfio's unregister retries
    /// wait_for_completion_interruptible_timeout() until it returns a positive remainder.
    func waitCalls(_ rule: Rule, _ keys: some Sequence<String>) -> [(key: String, member: Field, node: Int)] {
        let waits = Set(rule.match["waits"] ?? []), retried = Set(rule.match["retried_waits"] ?? [])
        let ks = Array(keys)
        return calledOnMembers(ks, waits) + calledOnMembers(ks, retried).filter { w in
            index.functions[w.key].map { $0.reaches(w.node, w.node) } ?? false
        }
    }

    /// The calls of `names` in the functions `keys` and the member their first argument names
    /// (`wait_for_completion(&dd->user_comp)`: struct hfi1_devdata.user_comp), with their nodes.
    func calledOnMembers(_ keys: some Sequence<String>, _ names: Set<String>) -> [(key: String, member: Field, node: Int)] {
        keys.compactMap { index.functions[$0] }.flatMap { fn in
            fn.nodes.enumerated().compactMap { i, n -> (String, Field, Int)? in
                guard case .event(.call(let c)) = n.kind, names.contains(c.name), case .path(let p)? = c.args.first,
                      let m = p.last else { return nil }
                return (fn.key, m, i)
            }
        }
    }

    /// The members (completions) the file's release or the vma's close completes, within three
    /// calls (`completes` on `release_callbacks`, and the releases of owner puts of a member each
    /// ->open counts up): waiting on one lasts until the last such release has run.
    func releaseCompletions(_ rule: Rule, _ ctx: FamilyContext) -> Set<Field> {
        let completes = Set(rule.match["completes"] ?? [])
        guard !completes.isEmpty, let releases = rule.match["release_callbacks"] else { return [] }
        var releasing = ctx.reached(from: ctx.callbacks(releases), depth: 3)
        releasing.merge(lastReferenceReleases(rule, ctx, from: releasing)) { a, _ in a }
        return Set(calledOnMembers(releasing.keys, completes).map(\.member))
    }

    /// The release functions (and their callees within two calls) that a file's release passes
    /// to an owner put (`kref_put(&d->ref, last_put)`) of a member every ->open counts up
    /// (`kref_get(&d->ref)`): they run when the last file is gone, whoever drops the last
    /// reference — a remove() that puts its own and then waits (vfio's shape) included.
    func lastReferenceReleases(_ rule: Rule, _ ctx: FamilyContext, from releasing: [String: (root: String, chain: [CallSite])])
        -> [String: (root: String, chain: [CallSite])] {
        let puts = callArgs(rule, "owner_puts"), increments = callArgs(rule, "increments")
        guard !puts.isEmpty, let opens = rule.match["open_callbacks"] else { return [:] }
        let counted = ctx.reached(from: ctx.callbacks(opens), depth: 2).keys.compactMap { index.functions[$0] }
            .reduce(into: Set<Field>()) { $0.formUnion(countedMembers($1, calls: increments)) }
        var roots: [String: Field] = [:]
        for fn in releasing.keys.sorted().compactMap({ index.functions[$0] }) {
            for n in fn.nodes {
                guard case .event(.call(let c)) = n.kind, let k = puts[c.name], k < c.args.count, case .function(let r) = c.args[k],
                      case .path(let p)? = c.args.first, let m = p.last, counted.contains(m) else { continue }
                roots[r] = m
            }
        }
        return roots.isEmpty ? [:] : ctx.reached(from: roots, depth: 2)
    }

    /// Does a value come from a call of one of `names` (through calls' first arguments —
    /// PFN_DOWN(__pa(x)) — and the assignments of a local)?
    func derives(_ e: Expr, from names: Set<String>, in fn: FunctionFacts, depth: Int = 0) -> Bool {
        guard depth < 4, !names.isEmpty else { return false }
        switch e {
        case .call(let id):
            guard let c = fn.call(id) else { return false }
            if names.contains(c.name) || (c.args.first.map { derives($0, from: names, in: fn, depth: depth + 1) } ?? false) {
                return true
            }
            // A helper of the tree that returns one (`return virt_to_phys(d->buf);`).
            guard let g = index.functions[c.callee], g.key != fn.key else { return false }
            return g.resultValues.contains { derives($0, from: names, in: g, depth: depth + 1) }
        case .path(let p):
            guard case .local = p.base, p.fields.isEmpty else { return false }
            return fn.assignedValues(p).contains { derives($0, from: names, in: fn, depth: depth + 1) }
        default: return false
        }
    }

    /// RAM the device's resources own: a member every store of the mapping file fills from a
    /// device-managed allocator (`managed_allocs`: devm_kzalloc, dmam_alloc_coherent), which
    /// devres frees after the driver's teardown returns, mapped by one of `managed_inserts`.
    struct ManagedMemory {
        let allocs: Set<String>, inserts: [String: Int], ram: Set<String>
        unowned let engine: Engine

        init(_ rule: Rule, _ engine: Engine, ram: Set<String>) {
            allocs = Set(rule.match["managed_allocs"] ?? []); inserts = engine.callArgs(rule, "managed_inserts")
            self.ram = ram; self.engine = engine
        }

        /// The member `e` maps (directly or converted to a physical address) and the allocation
        /// of the first store, when every non-NULL store of the file fills it from a managed allocator.
        func member(_ e: Expr, in fn: FunctionFacts) -> (Field, CallSite)? {
            guard !allocs.isEmpty, let f = engine.memoryField(e, in: fn, converters: ram) else { return nil }
            let stores = engine.fileStores(of: f, in: fn.loc.file).filter { $0.0 != .null && $0.0 != .int(0) }
            guard !stores.isEmpty, stores.allSatisfy({ engine.derives($0.0, from: allocs, in: $0.1) }),
                  let alloc = stores.lazy.compactMap({ _, g in
                      g.nodes.lazy.compactMap { n -> CallSite? in
                          if case .event(.call(let c)) = n.kind, allocs.contains(c.name) { return c }
                          return nil
                      }.first
                  }).first else { return nil }
            return (f, alloc)
        }
    }

    /// What says an address is memory the firmware reserved: its members, the calls that fill a
    /// struct resource with it (directly, or from a reserved-memory node).
    struct ReservedMemory {
        var members: Set<String>, resources: [String: Int], nodeResources: [String: Int]
        var nodes: [String: Int], properties: Set<String>
        init(_ rule: Rule, _ engine: Engine) {
            members = Set(rule.match["reserved_members"] ?? [])
            resources = engine.callArgs(rule, "reserved_resources"); nodeResources = engine.callArgs(rule, "node_resources")
            nodes = engine.callArgs(rule, "reserved_nodes"); properties = Set(rule.match["reserved_properties"] ?? [])
        }
        var isEmpty: Bool { members.isEmpty && resources.isEmpty && nodeResources.isEmpty }
    }

    /// Is an address RAM: computed from a kernel address or a page (`virt_to_phys(buf)`), or read
    /// from a member that every store of the function's file fills from one (ps3fb's
    /// `info->fix.smem_start = __pa(fb_start)`, then vm_iomap_memory(vma, info->fix.smem_start, …))?
    /// Also a member the file fills only through a DMA allocator's handle argument (`fills`:
    /// `dma_alloc_coherent(dev, size, &d->dma, …)`, then remap_pfn_range(…, d->dma >> PAGE_SHIFT, …)).
    func readsRAM(_ e: Expr, _ ram: Set<String>, fills: [String: Int] = [:], in fn: FunctionFacts) -> Bool {
        if derives(e, from: ram, in: fn) { return true }
        guard !ram.isEmpty || !fills.isEmpty, let f = memoryField(e, in: fn, converters: []) else { return false }
        let stores = fileStores(of: f, in: fn.loc.file)
        if !stores.isEmpty && stores.allSatisfy({ v, g in derives(v, from: ram, in: g) || filledHandle(v, fills, in: g) }) { return true }
        return stores.isEmpty && !fills.isEmpty && (index.keysByFile[fn.loc.file] ?? []).contains { key in
            index.functions[key]?.nodes.contains { n in
                guard case .event(.call(let c)) = n.kind, let k = fills[c.name], k < c.args.count,
                      case .path(let p) = c.args[k] else { return false }
                return p.last == f
            } ?? false
        }
    }

    /// Is the value a handle a DMA allocator filled (`ram_fills`): a local whose address the
    /// function passes as the allocator's handle argument (`va = dma_alloc_coherent(dev, sz,
    /// &handle, …); d->dma = handle;`), or a parameter every visible call hands such a value
    /// (a setter the probe calls with it), two calls up at most.
    func filledHandle(_ v: Expr, _ fills: [String: Int], in fn: FunctionFacts, depth: Int = 0) -> Bool {
        guard !fills.isEmpty, depth < 3, case .path(let p) = v, p.fields.isEmpty else { return false }
        switch p.base {
        case .local:
            return fn.nodes.contains { n in
                guard case .event(.call(let c)) = n.kind, let k = fills[c.name], k < c.args.count else { return false }
                return c.args[k] == v
            }
        case .param(let i):
            // (Every caller visible: a setter also reached through a pointer may be handed anything.)
            guard callersComplete(fn) else { return false }
            let sites = (index.callers[fn.key] ?? []).sorted().compactMap { index.functions[$0] }.flatMap { g in
                g.nodes.compactMap { n -> (Expr, FunctionFacts)? in
                    guard case .event(.call(let c)) = n.kind, c.callee == fn.key, i < c.args.count else { return nil }
                    return (c.args[i], g)
                }
            }
            return !sites.isEmpty && sites.allSatisfy { a, g in filledHandle(a, fills, in: g, depth: depth + 1) }
        default: return false
        }
    }

    /// The values the functions of `file` store in the member, each with its function.
    func fileStores(of f: Field, in file: String) -> [(Expr, FunctionFacts)] {
        (index.keysByFile[file] ?? []).compactMap { index.functions[$0] }.flatMap { g in
            g.nodes.compactMap { n -> (Expr, FunctionFacts)? in
                guard case .event(.assign(let l, let v, _, _, _)) = n.kind, l.last == f else { return nil }
                return (v, g)
            }
        }
    }

    /// Does an address come from reserved memory: a reserved-memory member (`rmem->base`), a
    /// resource filled with it (`res.start`), directly or through a member of the driver's own
    /// (`rmtfs_mem->addr`, aspeed's `lpc_ctrl->mem_base`) that every store of its file fills from one?
    func readsReserved(_ e: Expr, _ r: ReservedMemory, in fn: FunctionFacts) -> Bool {
        guard !r.isEmpty else { return false }
        if reservedResource(e, r, in: fn) { return true }
        guard let f = memoryField(e, in: fn, converters: []) else { return false }
        if r.members.contains(f.description) { return true }
        let stores = fileStores(of: f, in: fn.loc.file)
        return !stores.isEmpty && stores.allSatisfy { v, g in
            reservedResource(v, r, in: g) || memoryField(v, in: g, converters: []).map { r.members.contains($0.description) } ?? false
        }
    }

    /// Is the value a member of a local struct resource (`res.start`, or a local assigned from
    /// one) that a call of the function fills with reserved memory?
    private func reservedResource(_ e: Expr, _ r: ReservedMemory, in fn: FunctionFacts, depth: Int = 0) -> Bool {
        guard depth < 4, case .path(let p) = e, case .local = p.base else { return false }
        if p.fields.isEmpty { return fn.assignedValues(p).contains { reservedResource($0, r, in: fn, depth: depth + 1) } }
        let res = Expr.path(AccessPath(base: p.base))
        return fn.nodes.contains { n in
            guard case .event(.call(let c)) = n.kind else { return false }
            if let k = r.resources[c.name], k < c.args.count, c.args[k] == res { return true }
            guard let k = r.nodeResources[c.name], k < c.args.count, c.args[k] == res, let node = c.args.first else { return false }
            return reservedNode(node, r, in: fn)
        }
    }

    /// Is a devicetree node one a reserved-memory phandle names (`of_parse_phandle(np,
    /// "memory-region", i)`, called there or assigned to the local passed)?
    private func reservedNode(_ e: Expr, _ r: ReservedMemory, in fn: FunctionFacts, depth: Int = 0) -> Bool {
        guard depth < 3 else { return false }
        switch e {
        case .call(let id):
            guard let c = fn.call(id), let k = r.nodes[c.name], k < c.argText.count else { return false }
            return r.properties.contains(c.argText[k].trimmingCharacters(in: CharacterSet(charactersIn: "\" ")))
        case .path(let p):
            guard case .local = p.base, p.fields.isEmpty else { return false }
            return fn.assignedValues(p).contains { reservedNode($0, r, in: fn, depth: depth + 1) }
        default: return false
        }
    }

    /// The functions of a file other files can call (its drivers call a framework's).
    func exported(in file: String) -> [String] {
        (index.keysByFile[file] ?? []).compactMap { index.functions[$0] }.filter { !$0.isStatic }.map(\.name)
    }
}
