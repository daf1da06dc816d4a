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
///   where a fault inserts the memory (`fault_callbacks`, members, optional: vm_ops->fault), a
///   zap that changes no state the fault tests revokes nothing (RevokeState.changesMappingState):
///   the next access maps the memory again; `revoking_zaps` (plain names, optional): zaps that
///   are that state change themselves (sysfs_remove_bin_file: kernfs refuses a later mmap);
/// - `safe_callbacks`: members whose functions run only after every mapping is gone
///   (f_op->release, vm_ops->close, a GEM object's free);
/// - `mmap_callbacks` (members, optional): where user mmap calls arrive (f_op->mmap, …). An
///   insert no such entry reaches (within two calls), in a function stored in an ops table
///   whose other member holds the free's function (ALSA's snd_malloc_ops .mmap / .free), is a
///   buffer backend: its user orders the free against the mappings it made (ALSA's
///   mmap_count) — not judged (UNCERTAIN: the user is not read);
/// - `per_vma_callbacks` (members, optional): functions that run once per vma, not once per
///   mapping (vm_ops->close): a free there is judged — a split piece, a fork copy or an mremap
///   target still maps the memory — unless it runs on a last-reference drop (`owner_tests`,
///   `owner_puts`) of a member an ->open beside it counts up (`per_vma_opens`), in the callback
///   or on the call chain to the free; the release a per-vma put runs is judged so too (a
///   reference taken in ->mmap alone is one vma's, not each one's); `split_refusers`
///   (members: vm_ops->may_split) and `no_copy_flags` (macros: VM_DONTCOPY) only shape the
///   message (an mremap move still closes the old vma after the new one maps the memory);
/// - `per_vma_opens` (members, optional): vm_ops->open; a close whose free is reached only
///   through a test of a member that an ->open beside it (or a callee within two calls)
///   counts up frees for the last vma (usbfs's `++usbm->vma_use_count`); `increments`
///   (`function@N`, optional): calls that count up the member argument N points to
///   (atomic_inc, refcount_inc, kref_get), besides the `++`/`+= 1` the facts record;
/// - `freed_handles` (`function@N`, optional): the argument of a free that names the same
///   memory by its DMA address (dma_free_coherent's handle): a mapping of the handle taken as
///   a physical address (`d->dma >> PAGE_SHIFT`) is freed by it too;
/// - `fills` (`function@N`, optional): allocators that fill the array argument N names
///   (alloc_pages_bulk_array), or the handle it points to (dma_alloc_coherent's `&m->dma`): a
///   store of the member, as an assignment is (a builder);
/// - a helper in the index that passes a parameter to a free (within its callees) frees that
///   argument (`__genwqe_free_consistent(cd, size, vaddr, dma)`);
/// - `owner_puts` (`function@N`): the function passed there runs when the last reference
///   to the object drops (kref_put's release), and `owner_tests` (plain names): a free on their
///   true branch runs when the last reference drops (refcount_dec_and_test). Objects whose
///   mappings hold a reference (vb2, rxe's mmap info) are freed there: not judged (UNCERTAIN:
///   that the mapping holds one is not checked) — unless nothing in the index counts the put's
///   member up (`increments`, `reference_gets` (`function@N`, optional: kref_get_unless_zero),
///   `++`): then only the creator holds one, and a put outside the safe callbacks frees while mapped;
/// - `cdev_parents` (`function@N`) and `device_releases` (members), optional: a device's release
///   in a file that makes a device the parent of a char device (cdev_device_add's argument 1)
///   runs after the cdev's last open file is gone (chrdev_open holds the cdev, the cdev its
///   parent): a safe callback (ublk's ublk_cdev_rel).
struct MappedFreeCheck: FamilyCheck {
    static let kind = "mapped-free"
    static let matchKeys: [String: Bool] = ["inserts": true, "inserts_array": false, "frees": true, "page_frees": false,
                                            "converters": false, "page_converters": false, "zaps": true, "safe_callbacks": true,
                                            "owner_puts": false, "owner_tests": false, "owner_counts": false, "mmap_callbacks": false,
                                            "per_vma_callbacks": false, "split_refusers": false, "no_copy_flags": false,
                                            "fills": false, "per_vma_opens": false, "increments": false, "cdev_parents": false,
                                            "device_releases": false, "open_callbacks": false, "decrements": false,
                                            "count_reads": false, "devm_actions": false, "reference_gets": false,
                                            "freed_handles": false, "safe_with": false, "waits": false, "retried_waits": false,
                                            "completes": false,
                                            "release_callbacks": false, "revoking_zaps": false, "fault_callbacks": false,
                                            "work_funcs": false, "work_queues": false]
    static let phase = CheckPhase.besideSummaries
    static let group: String? = nil
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.mappedFreeFindings(rule, ctx) }
}

extension Engine {
    /// `name` / `name@N` entries of a match key (the shared family syntax).
    func callArgs(_ rule: Rule, _ key: String) -> [String: Int] { callArguments(rule.match[key] ?? []) }

    /// The struct member an argument's memory belongs to: `dev->buf`, `virt_to_page(dev->buf)`,
    /// `dev->pages[i]`, or a local assigned from one of those in the same function.
    func memoryField(_ e: Expr, in fn: FunctionFacts, converters: Set<String>, depth: Int = 0, at node: Int? = nil) -> Field? {
        memoryOrigin(e, in: fn, converters: converters, pageConverters: [], depth: depth, at: node)?.field
    }

    /// The member and whether it holds pages (the first conversion applied to it takes a
    /// struct page: `page_to_pfn(x->pages[i])`) rather than an address (`virt_to_page(x->buf)`):
    /// the one member every value `e` can have comes from (memoryOrigins).
    func memoryOrigin(_ e: Expr, in fn: FunctionFacts, converters: Set<String>, pageConverters: Set<String>,
                      depth: Int = 0, at node: Int? = nil) -> (field: Field, holdsPages: Bool)? {
        guard let all = memoryOrigins(e, in: fn, converters: converters, pageConverters: pageConverters, depth: depth, at: node),
              let first = all.first, all.allSatisfy({ $0.field == first.field }) else { return nil }
        return first
    }

    /// Every member the memory `e` names may belong to, nil when one of its values is not a
    /// member's: a member path, a conversion of one, a local every assignment of which is one
    /// (`pg = off ? d->data : d->ctl` gives both), a local a helper fills through a pointer
    /// (`lookup(d, off, &pfn)` with `*pfn = page_to_pfn(d->page)`), or a helper of the tree each of
    /// whose non-constant results is one (`return (virt_to_phys(d->buf) >> PAGE_SHIFT) + off;`).
    /// A converter given the address of a member inside the object a member points to
    /// (`virt_to_phys(&d->shm->doorbell)`) converts an offset into that object's memory: the
    /// origin is the pointer member (`shm`), which a free names (`kfree(d->shm)`).
    func memoryOrigins(_ e: Expr, in fn: FunctionFacts, converters: Set<String>, pageConverters: Set<String>,
                       depth: Int = 0, applied: String? = nil, at node: Int? = nil,
                       addressOf: Bool = false) -> [(field: Field, holdsPages: Bool)]? {
        // Each local, helper and conversion is a step: `page = pfn_to_page(pfn)` after
        // `pfn = virt_to_pfn(d->buf)` is four before the member.
        guard depth < 6 else { return nil }
        func each(_ values: [Expr], in g: FunctionFacts, applied: String?) -> [(field: Field, holdsPages: Bool)]? {
            var out: [(field: Field, holdsPages: Bool)] = []
            for v in values {
                guard let o = memoryOrigins(v, in: g, converters: converters, pageConverters: pageConverters,
                                            depth: depth + 1, applied: applied) else { return nil }
                out += o.filter { x in !out.contains { $0.field == x.field } }
            }
            return out.isEmpty ? nil : out
        }
        switch e {
        case .path(let p):
            let pages = applied.map { pageConverters.contains($0) } ?? false
            if addressOf, p.fields.count >= 2 { return [(p.fields[p.fields.count - 2], pages)] }
            if let f = p.last { return [(f, pages)] }
            guard case .local = p.base else { return nil }
            // At a use (node), the assignments that reach it; else every assignment.
            let assigned = node.flatMap { fn.valuesReaching(p, to: $0) } ?? fn.assignedValues(p)
            if !assigned.isEmpty { return each(assigned, in: fn, applied: applied) }
            // Filled through a pointer by a helper of the tree: the one such call it is passed to.
            let fills = fn.nodes.compactMap { n -> (FunctionFacts, Int)? in
                guard case .event(.call(let c)) = n.kind, let k = c.args.firstIndex(of: e), let g = index.functions[c.callee],
                      g.key != fn.key, k < g.params.count, g.params[k].type.hasSuffix("*") else { return nil }
                return (g, k)
            }
            guard fills.count == 1, let (g, k) = fills.first else { return nil }
            return each(g.assignedValues(AccessPath(base: .param(k))), in: g, applied: applied)
        case .call(let id):
            guard let c = fn.call(id) else { return nil }
            if converters.contains(c.name), let a = c.args.first {
                return memoryOrigins(a, in: fn, converters: converters, pageConverters: pageConverters, depth: depth + 1,
                                     applied: c.name, at: node, addressOf: (c.argText(0) ?? "").hasPrefix("&"))
            }
            guard let g = index.functions[c.callee], g.key != fn.key, !isContractFunction(g) else { return nil }
            return each(g.resultValues, in: g, applied: applied)
        default: return nil
        }
    }

    /// Members whose memory is put in user page tables: every insert of each, every function
    /// that inserts it, and the members that hold pages.
    fileprivate struct MappedMembers {
        /// Every insert of the member (call, function, whether it takes a page array), in order.
        var sites: [Field: [(CallSite, FunctionFacts, Bool)]] = [:]
        var inserters: [Field: Set<String>] = [:]
        var holdsPages: Set<Field> = []
    }

    private func mappedMembers(inserts: [String: Int], arrays: [String: Int], converters: Set<String>,
                               pageConverters: Set<String>) -> MappedMembers {
        var members = MappedMembers()
        // A helper that hands a parameter on to an insert (the driver's own, or the tree's:
        // dma_mmap_pages() in kernel/dma/mapping.c, an io_remap_pfn_range() header inline)
        // inserts what its callers pass there.
        let all = converters.union(pageConverters)
        let wrappers = widened(directWrappers(inserts, converters: all), converters: all)
        let arrayWrappers = widened(directWrappers(arrays, converters: all), converters: all)
        let wrapperCallers = Set(wrappers.keys).union(arrayWrappers.keys).reduce(into: Set<String>()) {
            $0.formUnion(index.callers[$1] ?? [])
        }
        for key in index.calling(Array(inserts.keys) + Array(arrays.keys)).union(wrapperCallers).sorted() {
            guard let fn = index.functions[key] else { continue }
            for n in fn.nodes {
                guard case .event(.call(let c)) = n.kind else { continue }
                let isArray = arrays[c.name] != nil || (inserts[c.name] == nil && arrayWrappers[c.callee] != nil)
                guard let k = inserts[c.name] ?? arrays[c.name] ?? wrappers[c.callee]?.param ?? arrayWrappers[c.callee]?.param,
                      k < c.args.count,
                      let origins = memoryOrigins(c.args[k], in: fn, converters: all, pageConverters: pageConverters)
                else { continue }
                // An insert of one member or another by the branch (`off ? d->data : d->ctl`) maps both.
                for (f, pages) in origins {
                    if pages { members.holdsPages.insert(f) }
                    members.inserters[f, default: []].insert(fn.key)
                    members.sites[f, default: []].append((c, fn, isArray))
                }
            }
        }
        return members
    }

    /// The safe callbacks that are safe only beside a sibling member (`safe_with`,
    /// `struct file_operations.release@mmap`: a file's ->release runs after that file's mappings
    /// are gone, not another file's): those no table that holds them fills the sibling in, while
    /// some table of that struct does (the control fd of a driver whose data fd maps the buffer).
    private func unsafeWithoutSiblings(_ roots: [String: Field], _ rule: Rule) -> Set<String> {
        var siblings: [Field: Field] = [:]   // callback member → the sibling member
        for x in rule.match["safe_with"] ?? [] {
            let parts = x.split(separator: "@").map(String.init)
            guard parts.count == 2, let dot = parts[0].lastIndex(of: ".") else { continue }
            let record = String(parts[0][..<dot])
            siblings[Field(record: record, name: String(parts[0][parts[0].index(after: dot)...]))] = Field(record: record, name: parts[1])
        }
        guard !siblings.isEmpty else { return [] }
        // The tables that fill each sibling member, collected once.
        var filled: [Field: Set<SourceLoc>] = [:]
        let wanted = Set(siblings.values)
        for uses in index.callbackUses.values {
            for u in uses { if let f = u.field, wanted.contains(f), let t = u.table { filled[f, default: []].insert(t) } }
        }
        return Set(roots.compactMap { key, f in
            guard let sibling = siblings[f], let tables = filled[sibling], !tables.isEmpty else { return nil }
            let own = Set((index.callbackUses[key] ?? []).filter { $0.field == f }.compactMap(\.table))
            return !own.isEmpty && own.isDisjoint(with: tables) ? key : nil
        })
    }

    /// Where a wait (`waits`) on a member only release callbacks complete (releaseCompletions)
    /// has returned: the callees of calls that come after it, in the waiting function or its
    /// callers within two calls (`wait_for_clients(dd); hfi1_free_ctxtdata(dd);`), keyed by
    /// function with the wait's member; and, by function, the wait itself and each call of a
    /// waiting function (a free those come before on every path runs after the last file).
    struct ReleaseWaits {
        var callees: [String: Field] = [:]
        var points: [String: [Int]] = [:]

        func after(_ fn: FunctionFacts, _ i: Int) -> Bool {
            points[fn.key]?.contains { $0 != i && fn.onlyThrough(node: $0, toReach: i) } ?? false
        }
    }

    func afterReleaseWaits(_ rule: Rule, _ ctx: FamilyContext) -> ReleaseWaits {
        let waits = Set(rule.match["waits"] ?? [])
        guard !waits.isEmpty else { return ReleaseWaits() }
        let completed = releaseCompletions(rule, ctx)
        guard !completed.isEmpty else { return ReleaseWaits() }
        var out = ReleaseWaits()
        // (function key, node) pairs after which the wait has returned: the wait, then each call of a waiting function.
        let retried = rule.match["retried_waits"] ?? []
        var waiting = waitCalls(rule, index.calling(Array(waits) + retried)).filter { completed.contains($0.member) }
            .map { ($0.key, $0.node, $0.member) }
        var seen: Set<String> = []
        for _ in 0..<3 {
            var next: [(String, Int, Field)] = []
            for (key, node, member) in waiting where seen.insert("\(key)#\(node)").inserted {
                guard let fn = index.functions[key] else { continue }
                out.points[key, default: []].append(node)
                for (i, n) in fn.nodes.enumerated() where i != node && fn.reaches(node, i) {
                    guard case .event(.call(let c)) = n.kind, index.functions[c.callee] != nil, out.callees[c.callee] == nil
                    else { continue }
                    out.callees[c.callee] = member
                }
                // The waiting function returns after the wait on every path: its callers' later calls run after it too.
                if !fn.reaches(from: 0, to: 1, along: { $0 == node ? [] : fn.nodes[$0].succs }) {
                    for caller in index.callers[key] ?? [] {
                        guard let g = index.functions[caller] else { continue }
                        for (i, n) in g.nodes.enumerated() {
                            if case .event(.call(let c)) = n.kind, c.callee == key { next.append((caller, i, member)) }
                        }
                    }
                }
            }
            waiting = next
        }
        return out
    }

    /// Functions that run only once every mapping is gone (a safe callback, a release passed to
    /// an owner put), and what they call.
    fileprivate func afterEveryMapping(_ rule: Rule, _ ctx: FamilyContext, drains: OpenCountDrains, waits: ReleaseWaits)
        -> (reached: [String: (root: String, chain: [CallSite])], only: Set<String>) {
        var roots = ctx.callbacks(rule.match["safe_callbacks"]!)
        for key in unsafeWithoutSiblings(roots, rule) { roots[key] = nil }
        let ownerPuts = callArgs(rule, "owner_puts")
        // The last reference can drop while mapped where nothing ever takes one: a member no
        // function counts up (increments, reference_gets, `++`) holds its creator's reference
        // alone, and the put that drops it (a destroy ioctl's kref_put) frees under the PTEs.
        let held = referencedMembers(rule)
        for (fnKey, uses) in index.callbackUses {
            for u in uses where u.call.map({ ownerPuts[$0] == u.arg }) == true && roots[fnKey] == nil
                && u.path.last.map(held.contains) != false {
                roots[fnKey] = Field(record: u.call!, name: "release")
            }
        }
        // A struct device's release, in a file that makes a device the parent of a char device
        // (cdev_device_add(&x->cdev, &x->dev)): each open file of the cdev holds the cdev, the cdev
        // its parent; the release runs after the last file (so the last mapping) is gone.
        let parents = callArgs(rule, "cdev_parents")
        if !parents.isEmpty, let releases = rule.match["device_releases"] {
            let files = Set(index.calling(Array(parents.keys)).compactMap { index.functions[$0]?.loc.file })
            for (fnKey, f) in ctx.callbacks(releases) where roots[fnKey] == nil && files.contains(index.functions[fnKey]?.loc.file ?? "") {
                roots[fnKey] = f
            }
        }
        // What a teardown calls after it waits until the count of the open files drains: those
        // run after the last mapping (a vma pins its file; hisi qm's remove).
        for (k, f) in drains.after where roots[k] == nil { roots[k] = f }
        // … or after it waits on a completion only the file's release (the vma's close) completes
        // (hfi1's remove_one(): wait_for_clients() on user_comp, then the frees).
        for (k, f) in waits.callees where roots[k] == nil { roots[k] = f }
        var safe = ctx.reached(from: roots, depth: 3)
        // What they defer (a work item's function, set up and queued there) runs after them —
        // when set up by a root, or by a function only those run.
        var only = Set(roots.keys)
        for _ in 0..<3 {
            only = calledOnlyFrom(only, among: Set(safe.keys))
            let deferred = deferredFrom(only).filter { safe[$0.key] == nil }
            if deferred.isEmpty { break }
            only.formUnion(deferred.keys)
            for (k, v) in ctx.reached(from: deferred, depth: 3) where safe[k] == nil { safe[k] = v }
        }
        return (safe, calledOnlyFrom(only, among: Set(safe.keys)))
    }

    /// The members some function of the index counts up (`increments`, `reference_gets`, `++`):
    /// a reference can be held on them beside the creator's.
    private func referencedMembers(_ rule: Rule) -> Set<Field> {
        let gets = callArgs(rule, "increments").merging(callArgs(rule, "reference_gets")) { a, _ in a }
        var out: Set<Field> = []
        for fn in index.functions.values { out.formUnion(countedMembers(fn, calls: gets)) }
        return out
    }

    /// `set` grown by the functions of `among` every caller of which is in it.
    private func calledOnlyFrom(_ set: Set<String>, among: Set<String>) -> Set<String> {
        var out = set, grown = true
        while grown {
            grown = false
            for k in among.sorted() where !out.contains(k) {
                if let callers = index.callers[k], !callers.isEmpty, callers.isSubset(of: out) { out.insert(k); grown = true }
            }
        }
        return out
    }

    /// Functions only `safe` functions name as a value (store or pass: `INIT_WORK(&p->w, fn)`,
    /// `call_rcu(&p->rcu, fn)`) and call: they run only once one of those has run (amdkfd's
    /// kref release queues kfd_process_wq_release, which frees what was mapped). Every place
    /// that names one must be inside a safe function (a table's initializer is not).
    /// UNCERTAIN: a function stored in a local first and passed from there is not seen named.
    private func deferredFrom(_ safe: Set<String>) -> [String: Field] {
        var named: [String: Set<SourceLoc>] = [:]   // candidate → where a safe function names it
        for key in safe.sorted() {
            guard let fn = index.functions[key] else { continue }
            for n in fn.nodes {
                for (g, loc) in n.functionsNamed { named[g, default: []].insert(loc) }
            }
        }
        var out: [String: Field] = [:]
        for (g, places) in named {
            guard index.functions[g] != nil, let uses = index.callbackUses[g],
                  uses.allSatisfy({ places.contains($0.loc) }),
                  (index.callers[g] ?? []).isSubset(of: safe) else { continue }
            out[g] = Field(record: "deferred", name: g)
        }
        return out
    }

    /// Are two functions stored in different members of the same struct type (one ops table's
    /// methods)?
    private func sameOpsTable(_ a: String, _ b: String) -> Bool {
        let recordsA = Set((index.callbackUses[a] ?? []).compactMap { $0.field }.map(\.record))
        return (index.callbackUses[b] ?? []).contains { u in u.field.map { recordsA.contains($0.record) } ?? false }
    }

    /// The last-reference tests: calls true where the last reference went (`owner_tests`:
    /// atomic_dec_and_test()), and calls whose result is the count left (`owner_counts`:
    /// atomic_dec_return(), zero where the last went: `== 0`, `!x`, `<= 0`).
    struct LastPutTests {
        var tests: Set<String>
        var counts: Set<String>
        var isEmpty: Bool { tests.isEmpty && counts.isEmpty }
    }

    /// Is node `i` reached only through the last-reference side of a last-reference test? With
    /// `counted` (per vma), only a test of one of those members (its argument 0) counts.
    private func afterLastPut(_ fn: FunctionFacts, _ i: Int, ownerTests: LastPutTests, counted: Set<Field>? = nil) -> Bool {
        guard !ownerTests.isEmpty else { return false }
        func drop(_ e: Expr) -> CallSite? {
            guard case .call(let id) = e, let call = fn.call(id),
                  counted.map({ droppedMember(call).map($0.contains) ?? false }) ?? true else { return nil }
            return call
        }
        return !fn.reaches(to: i, along: { m in
            let next = fn.nodes[m].succs
            guard case .branch(let c, _, _) = fn.nodes[m].kind, next.count == 2 else { return next }
            var x = c, truth = true
            while case .not(let inner) = x { x = inner; truth.toggle() }
            // The side where the last reference went: true of a test; a count found zero.
            var last: Bool?
            switch x {
            case .truthy(let e):
                if let call = drop(e) {
                    last = ownerTests.tests.contains(call.name) ? truth : ownerTests.counts.contains(call.name) ? !truth : nil
                }
            case .equal(let e, .int(0)), .equal(.int(0), let e):
                if let call = drop(e), ownerTests.counts.contains(call.name) { last = truth }
            case .below(let e, 1):
                if let call = drop(e), ownerTests.counts.contains(call.name) { last = truth }
            default: break
            }
            guard let last else { return next }
            return [next[last ? 1 : 0]]   // only the side where references remain
        })
    }

    /// A call that removes user mappings: a zap, or a function that calls one (within two calls).
    private func isZap(_ c: CallSite, _ zaps: Set<String>) -> Bool {
        zaps.contains(c.name) || zapsMappings(c.callee, zaps: zaps)
    }

    /// Is every way to the free around the zaps one where a test found the zapped mapping (the
    /// zap call's first argument) NULL?
    private func skipsOnlyNullMapping(_ fn: FunctionFacts, zaps: [Int], free i: Int) -> Bool {
        let zapped = Set(zaps.compactMap { j -> AccessPath? in
            guard case .event(.call(let z)) = fn.nodes[j].kind, case .path(let p)? = z.args.first, !p.fields.isEmpty else { return nil }
            return p
        })
        guard !zapped.isEmpty else { return false }
        let avoid = Set(zaps)
        var seen: Set<Int> = [0], work = [0]
        while let n = work.popLast() {
            if n == i { return false }
            let null = fn.nodes[n].nullSide(among: zapped)
            for (k, s) in fn.nodes[n].succs.enumerated() where k != null && !avoid.contains(s) && seen.insert(s).inserted {
                work.append(s)
            }
        }
        return true
    }

    /// Does `key` (or a callee within two calls) remove user mappings?
    private func zapsMappings(_ key: String, zaps: Set<String>) -> Bool { callsAny(zaps, in: key, levels: 3) }

    /// Are two callbacks stored in one ops table? The brace list the frontend recorded for a
    /// global initializer's members (CallbackUse.table); for a use it did not record (a store in
    /// a function body), the same file within 12 lines.
    private func sameInitializer(_ a: CallbackUse, _ b: CallbackUse) -> Bool {
        if let ta = a.table, let tb = b.table { return ta == tb }
        return a.loc.file == b.loc.file && abs(a.loc.line - b.loc.line) <= 12
    }

    /// The nodes of `g` that remove user mappings (isZap).
    private func zapNodes(in g: FunctionFacts, _ zaps: Set<String>) -> [Int] {
        g.nodes.indices.filter { j in
            if case .event(.call(let z)) = g.nodes[j].kind { return isZap(z, zaps) }
            return false
        }
    }

    /// What a run of the check shares: the rule's lists, the mapped members, the contexts.
    private final class FreeRun {
        let frees: [String: Int], pageFrees: [String: Int], fills: [String: Int], converters: Set<String>, zaps: Set<String>
        /// Zaps that also make the mapping entries refuse (`revoking_zaps`).
        let revokingZaps: Set<String>
        /// The functions faults reach (`fault_callbacks`, within two calls): their inserts
        /// come back after a zap that changes no state they test.
        let faulting: [String: (root: String, chain: [CallSite])]
        /// The argument of a free that names the same memory by its DMA address (`freed_handles`).
        let handles: [String: Int]
        private var probes: Set<String>?
        /// Engine.probesOfZappingRemoves, built on first use.
        func probeSide(_ engine: Engine, _ ctx: FamilyContext) -> Set<String> {
            if let p = probes { return p }
            let p = engine.probesOfZappingRemoves(ctx, zaps: zaps)
            probes = p
            return p
        }
        /// Calls that register a device-managed action (the function at argument N).
        let devmActions: [String: Int]
        /// The work item members a work function is stored in (`work_funcs`: INIT_WORK's
        /// `(w)->func = fn`) and the calls that queue the work item at argument N (`work_queues`).
        let workFuncs: Set<String>, workQueues: [String: Int]
        let members: MappedMembers
        let safe: [String: (root: String, chain: [CallSite])]
        /// The safe functions that only safe functions call (or that are roots): a function
        /// `safe` reaches that some other function calls too is judged on that other route.
        let safeOnly: Set<String>
        let perVMA: [String: (root: String, chain: [CallSite])]
        /// Releases (and their callees, within two calls) that a per-vma callback's owner put
        /// runs when no ->open beside it counts up the member the put drops: the reference
        /// belongs to one vma, not to each (a count taken in ->mmap only), with the chain to the put.
        let unbalanced: [String: (root: String, chain: [CallSite])]
        let ownerTests: LastPutTests
        let userMapped: [String: (root: String, chain: [CallSite])]?
        /// The per-vma ->open functions and the members each counts up (itself or a callee
        /// within two calls).
        let openers: [String: Set<Field>]
        /// revoke-order's state lists: a count tested through its reads (`atomic_read(&x->n)`),
        /// the late state change judged with both.
        let state: StateVocabulary
        /// Teardowns that wait until a count of the open files drains.
        let drains: OpenCountDrains
        let releaseWaits: ReleaseWaits
        /// The members that count the vmas (per-vma ->open) or the open files (the drains').
        var openCounts: Set<Field> { Set(openers.values.joined()).union(drains.counted) }
        /// Function key → the parameters it frees (within its callees) → through a page free.
        var freedParams: [String: [Int: Bool]] = [:]
        /// Whether a function of the first file calls one of the second, by pair (asked only for
        /// a static insert in another file than the free's).
        private var calls: [String: Bool] = [:]

        /// Can the free's object be one the insert mapped? A member of a struct many drivers
        /// share (struct fb_info's screen_base) is mapped by each driver's own ->mmap: a static
        /// inserting function of another file maps that file's objects, unless the two files
        /// call one another (one driver split over files). An insert in the free's file, or in
        /// a function other files may call (the framework's fb_io_mmap, a driver's shared
        /// helper), is related.
        func related(insert: FunctionFacts, free: FunctionFacts, _ index: TreeIndex) -> Bool {
            let a = insert.loc.file, b = free.loc.file
            if a == b || !insert.isStatic { return true }
            func call(_ x: String, _ y: String) -> Bool {
                if let known = calls[x + "\u{1f}" + y] { return known }
                let found = (index.keysByFile[x] ?? []).contains { k in
                    index.functions[k]?.nodes.contains { n in
                        if case .event(.call(let c)) = n.kind { return index.functions[c.callee]?.loc.file == y }
                        return false
                    } ?? false
                }
                calls[x + "\u{1f}" + y] = found
                return found
            }
            return call(a, b) || call(b, a)
        }
        init(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext, members: MappedMembers) {
            frees = engine.callArgs(rule, "frees"); pageFrees = engine.callArgs(rule, "page_frees"); fills = engine.callArgs(rule, "fills")
            handles = engine.callArgs(rule, "freed_handles")
            converters = Set(rule.match["converters"] ?? []).union(rule.match["page_converters"] ?? [])
            zaps = Set(rule.match["zaps"] ?? [])
            revokingZaps = Set(rule.match["revoking_zaps"] ?? [])
            faulting = ctx.reached(from: ctx.callbacks(rule.match["fault_callbacks"] ?? []), depth: 2)
            devmActions = engine.callArgs(rule, "devm_actions")
            workFuncs = Set(rule.match["work_funcs"] ?? []); workQueues = engine.callArgs(rule, "work_queues")
            self.members = members
            // What counts an open count down: the callbacks that run after the file's (or the vma's)
            // mappings are gone, and the per-file releases that are not safe alone (uio_info.release).
            let releases = rule.match["safe_callbacks"]! + (rule.match["per_vma_callbacks"] ?? [])
            let countDowns = releases + (rule.match["release_callbacks"] ?? []).filter { !releases.contains($0) }
            drains = engine.openCountDrains(rule, ctx, releases: countDowns)
            releaseWaits = engine.afterReleaseWaits(rule, ctx)
            (safe, safeOnly) = engine.afterEveryMapping(rule, ctx, drains: drains, waits: releaseWaits)
            perVMA = rule.match["per_vma_callbacks"].map { ctx.reached(from: ctx.callbacks($0), depth: 3) } ?? [:]
            ownerTests = LastPutTests(tests: Set(rule.match["owner_tests"] ?? []), counts: Set(rule.match["owner_counts"] ?? []))
            userMapped = rule.match["mmap_callbacks"].map { ctx.reached(from: ctx.callbacks($0), depth: 2) }
            let opens = rule.match["per_vma_opens"].map { ctx.callbacks($0) } ?? [:], counting = engine.callArgs(rule, "increments")
            openers = opens.keys.reduce(into: [:]) { out, key in
                let reached = ctx.reached(from: [key: opens[key]!], depth: 2).keys.compactMap { engine.index.functions[$0] }
                out[key] = reached.reduce(into: Set<Field>()) { $0.formUnion(engine.countedMembers($1, calls: counting)) }
            }
            state = engine.stateVocabulary(rule, ctx)
            unbalanced = engine.unbalancedReleases(perVMA, puts: engine.callArgs(rule, "owner_puts"), openers: openers, ctx)
        }
    }

    /// The arguments a call frees, and whether through a page free: a free's own argument, or
    /// what a helper in the index passes on to one (`__genwqe_free_consistent(cd, size, vaddr,
    /// dma)` → dma_free_coherent of its `vaddr`).
    private func freedArgs(_ c: CallSite, _ r: FreeRun) -> [(arg: Int, page: Bool)] {
        // The DMA handle names the memory too (mapped as `d->dma >> PAGE_SHIFT`).
        let handle = r.handles[c.name].flatMap { $0 < c.args.count ? [($0, false)] : nil } ?? []
        if let k = r.frees[c.name], k < c.args.count { return [(k, false)] + handle }
        if let k = r.pageFrees[c.name], k < c.args.count { return [(k, true)] + handle }
        guard apis[c.name] == nil, index.functions[c.callee] != nil else { return [] }
        return freedParams(c.callee, r).filter { $0.key < c.args.count }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The parameters a function frees (directly or through its helpers).
    private func freedParams(_ key: String, _ r: FreeRun) -> [Int: Bool] {
        if let m = r.freedParams[key] { return m }
        r.freedParams[key] = [:]   // a recursive helper frees nothing more through itself
        guard let fn = index.functions[key], !isContractFunction(fn) else { return [:] }
        var out: [Int: Bool] = [:]
        for n in fn.nodes {
            guard case .event(.call(let c)) = n.kind else { continue }
            for (k, page) in freedArgs(c, r) {
                if let p = paramOrigin(c.args[k], in: fn, converters: r.converters) { out[p] = (out[p] ?? false) || page }
            }
        }
        r.freedParams[key] = out
        return out
    }

    func mappedFreeFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let inserts = callArgs(rule, "inserts"), arrays = callArgs(rule, "inserts_array")
        let members = mappedMembers(inserts: inserts, arrays: arrays, converters: Set(rule.match["converters"] ?? []),
                                    pageConverters: Set(rule.match["page_converters"] ?? []))
        guard !members.sites.isEmpty else { return [] }
        let run = FreeRun(rule, self, ctx, members: members)
        // The functions that free: those calling a free, and the callers of helpers that free a
        // parameter (two levels up).
        let freeing = index.calling(Array(run.frees.keys) + Array(run.pageFrees.keys))
        let keys = freeing.union(index.callers(of: freeing, within: 2) { !freedParams($0, run).isEmpty })
        askForHelpers(rule, run)
        var out: [Finding] = []
        for key in keys.sorted() {
            // A function reached from a per-vma callback (->close) is judged even when the
            // file's release reaches it too: the close path frees under the other vmas. So is one
            // the release reaches that another function calls too (a setsockopt or an ioctl
            // replacing the buffer through the release's free helper): on that other route.
            guard let fn = index.functions[key], run.safe[key] == nil || run.perVMA[key] != nil || run.unbalanced[key] != nil
                    || unsafeRoute(fn, run) != nil,
                  !isContractFunction(fn) else { continue }
            for (i, n) in fn.nodes.enumerated() {
                guard case .event(.call(let c)) = n.kind else { continue }
                for (k, page) in freedArgs(c, run) {
                    if let f = judgeFree(rule, ctx, fn, at: i, call: c, arg: k, pageFree: page, run) { out.append(f); break }
                }
            }
        }
        return out
    }

    /// A function the file's release (or another safe callback) reaches that another entry of
    /// the same ops table reaches too (within four calls up): `sr_destroy()` from the socket's
    /// release and from a setsockopt replacing the ring, a reconfigure ioctl freeing through the
    /// release's helper. The first caller outside the safe functions on that route and its call;
    /// nil for a function only safe functions call, or one other routes reach (an unrelated
    /// user of the same struct type frees other instances of it). With the freed member, a
    /// caller that stored a member of its struct before the call (itself or a callee within two
    /// calls) is a builder unwinding its own allocation before publishing it: not a route.
    private func unsafeRoute(_ fn: FunctionFacts, _ run: FreeRun, member: Field? = nil) -> (caller: FunctionFacts, call: CallSite)? {
        guard let root = run.safe[fn.key]?.root, !run.safeOnly.contains(fn.key), run.perVMA[fn.key] == nil,
              run.unbalanced[fn.key] == nil else { return nil }
        var level: [(key: String, hit: (caller: FunctionFacts, call: CallSite)?)] = [(fn.key, nil)]
        var seen: Set<String> = [fn.key]
        for _ in 0..<4 {
            var next: [(key: String, hit: (caller: FunctionFacts, call: CallSite)?)] = []
            for (key, hit) in level {
                for c in (index.callers[key] ?? []).sorted() where !run.safeOnly.contains(c) && seen.insert(c).inserted {
                    guard let g = index.functions[c] else { continue }
                    // A call on the last-reference side of an owner test (`if (refcount_dec_and_test(&x->ref))
                    // release(x);`) runs when nothing holds the object, the file's reference included.
                    let built = member.map { recordStores(g, $0.record, fills: run.fills) } ?? []
                    guard let call = g.nodes.indices.lazy.compactMap({ j -> CallSite? in
                        guard case .event(.call(let call)) = g.nodes[j].kind, call.callee == key,
                              !self.afterLastPut(g, j, ownerTests: run.ownerTests),
                              !built.contains(where: { g.reaches($0, j) }) else { return nil }
                        return call
                    }).first else { continue }
                    let h = hit ?? (run.safe[c] == nil ? (g, call) : nil)
                    if let h, sameTable(c, root) { return h }
                    next.append((c, h))
                }
            }
            level = next
        }
        return nil
    }

    /// Are the two functions members of one ops table's initializer?
    private func sameTable(_ a: String, _ b: String) -> Bool {
        guard a != b, let ua = index.callbackUses[a], let ub = index.callbackUses[b] else { return false }
        return ua.contains { x in x.call == nil && ub.contains { y in y.call == nil && sameInitializer(x, y) } }
    }

    /// A per-vma callback (or its callees) hands a mapped member to a function the selection
    /// left out (genwqe's close → `__genwqe_free_consistent` in card_utils.c): ask for the files
    /// of its folder that name it, so the helper's frees are seen (a context round).
    private func askForHelpers(_ rule: Rule, _ run: FreeRun) {
        for key in run.perVMA.keys.sorted() {
            guard let fn = index.functions[key] else { continue }
            for n in fn.nodes {
                guard case .event(.call(let c)) = n.kind, index.functions[c.callee] == nil, apis[c.name] == nil,
                      run.frees[c.name] == nil, run.pageFrees[c.name] == nil,
                      c.args.contains(where: { a in
                          memoryField(a, in: fn, converters: run.converters).map { run.members.sites[$0] != nil } ?? false })
                else { continue }
                wantFamilyContext(rule, fn.loc.file, [c.name])
            }
        }
    }

    /// A free (node `i`, argument `k`) of a mapped member where a mapping may remain: the finding.
    private func judgeFree(_ rule: Rule, _ ctx: FamilyContext, _ fn: FunctionFacts, at i: Int, call c: CallSite, arg k: Int,
                           pageFree: Bool, _ run: FreeRun) -> Finding? {
        let members = run.members
        guard let f = memoryField(c.args[k], in: fn, converters: run.converters, at: i),
              let (ins, insFn, isArray) = members.sites[f]?.first(where: { run.related(insert: $0.1, free: fn, index) }),
              members.inserters[f]?.contains(fn.key) != true else { return nil }   // the mapper's own error path
        // A free of the array itself frees no mapped page.
        if (isArray || members.holdsPages.contains(f)) && !pageFree { return nil }
        // Per vma (->close, its callees, a release its put runs), a last-reference drop frees for
        // the last vma only when ->open counts up the member dropped.
        let perVMA = run.perVMA[fn.key] ?? run.unbalanced[fn.key]
        let counted = perVMA.map { siblingCounts($0.root, openers: run.openers) }
        // Reached from a safe callback and from another route: only the other route's calls are judged.
        let route = unsafeRoute(fn, run, member: f), skip = route == nil ? [] : run.safeOnly
        if route == nil && run.safe[fn.key] != nil && perVMA == nil { return nil }
        if afterLastPut(fn, i, ownerTests: run.ownerTests, counted: counted) || afterDrain(fn, i, run.drains)
            || run.releaseWaits.after(fn, i)
            || (perVMA == nil && (freedWhenUncounted(fn, i, counted: run.openCounts, reads: run.state.reads)
                                  || calledWhenUncounted(fn, counted: run.openCounts, reads: run.state.reads, skip: skip))) {
            return nil
        }
        if let reach = perVMA, let counted, chainAfterLastPut(reach, run.ownerTests, counted: counted)
            || chainAfterCountTest(fn, i, reach, counted: counted, reads: run.state.reads) {
            return nil
        }
        if perVMA == nil, let userMapped = run.userMapped, userMapped[insFn.key] == nil, sameOpsTable(fn.key, insFn.key) { return nil }
        if freesBuiltValue(fn, c.args[k], member: f, free: i, fills: run.fills, converters: run.converters) { return nil }
        // A zap on the way to the free (here or in a callee) revokes the mappings first — unless
        // the state the mapping function tests changes only after it (revoke-order's shape: a
        // fault in between maps the memory again).
        let before = fn.nodes.indices.filter { j in
            guard j != i, case .event(.call(let z)) = fn.nodes[j].kind else { return false }
            return isZap(z, run.zaps) && fn.reaches(j, i)
        }
        let late = before.first.flatMap { _ in
            lateStateChange(run.state, fn, zaps: before, free: i, mappers: members.inserters[f] ?? [], ctx)
        }
        // A zap on some paths only (`if (force) unmap_mapping_range(…); kfree(d->buf);`): the
        // other paths free under the mapping.
        let zapNodes = Set(before)
        var bypass = before.isEmpty ? nil : fn.shortestPath(from: 0, limit: 4000, goal: { $0 == i }, avoiding: zapNodes)
        // A zap in a walk of the mappings (`list_for_each_entry(m, &d->maps, node)
        // zap_vma_ptes(m->vma, …)`, rdma's tracked vmas): the way around it is the walk's own exit
        // — an empty list has no mapping to zap.
        if bypass != nil, walksMappings(fn, zaps: before, free: i) { bypass = nil }
        // A zap skipped only where the mapping it zaps is NULL (`if (d->mapping)
        // unmap_mapping_range(d->mapping, 0, 0, 1); kfree(d->buf);`): no file was opened there.
        if bypass != nil, skipsOnlyNullMapping(fn, zaps: before, free: i) { bypass = nil }
        // A zap on every path that revokes nothing: a fault inserts the memory and tests no
        // state this teardown changes, so the next fault maps the memory again after it.
        let unrevoked = !before.isEmpty && late == nil && bypass == nil
            && (members.inserters[f] ?? []).contains { run.faulting[$0] != nil }
            && !changesMappingState(fn, mappers: members.inserters[f] ?? [], run.state, revoking: run.revokingZaps, ctx)
        guard before.isEmpty || late != nil || bypass != nil || unrevoked else { return nil }
        // Deferred by a teardown that zapped first: every place that names the free's function
        // as a value (`INIT_WORK(&d->free_work, free_fn)` then schedule_work()) comes after a zap on
        // every way to it, and nothing calls it directly — the work runs after the revoke.
        if before.isEmpty, deferredAfterZap(fn, run, probeSide: run.probeSide(self, ctx)) {
            return nil
        }
        // Called only after a zap: every known call of the freeing function (direct, or through
        // the ops member it is reached by) comes after a zap on every way to it, in the caller or
        // the caller's callers (`remove() { unmap_mapping_range(…); free_resources(d); }`).
        if before.isEmpty, calledAfterZap(fn, zaps: run.zaps, skip: skip) { return nil }
        // Nothing parsed calls or registers the freeing function: the file that stores it
        // in an ops table (bnxt_re's main.c: .dealloc_ucontext) may say it is safe. So may the
        // callers of an exported function it is reached from (within three calls) that nothing
        // parsed calls: the drivers below a library's folder, whose remove may wait for the
        // files first (hisi qm's hisi_qm_uninit(), called from zip/, sec2/, hpre/).
        let exported = uncalledExported(above: fn)
        if exported.contains(where: { $0.key == fn.key }) { wantFamilyContext(rule, fn.loc.file, [fn.name]) }
        for g in exported where g.key != fn.key { wantFamilyContext(rule, g.loc.file, [g.name], subfolders: true) }
        // A release its put runs: the reference dropped and the ->close that drops it.
        let drop = run.perVMA[fn.key] == nil ? run.unbalanced[fn.key].flatMap { r in
            r.chain.last.map { (put: $0.name, close: index.functions[r.root]?.name ?? r.root) }
        } : nil
        let zapLines = before.compactMap { j -> Int? in if case .event(.call(let z)) = fn.nodes[j].kind { return z.loc.line }; return nil }
        let someZap = late == nil && bypass != nil ? zapLines.min() : nil
        return mappedFreeFinding(rule, fn, free: c, at: i, member: f, insert: ins, inserter: insFn,
                                 perVMA: perVMA.map { closeRoutes(rule, root: $0.root, inserter: insFn) }, drop: drop, late: late,
                                 zapOnSomePaths: someZap.map { ($0, bypass!) }, unrevokedZap: unrevoked ? zapLines.min() : nil,
                                 route: route)
    }

    /// `fn`, or the functions it is called from (within three calls), that are not static and
    /// that nothing parsed calls or stores as a callback: whoever calls them was left out.
    private func uncalledExported(above fn: FunctionFacts) -> [FunctionFacts] {
        let up = index.callers(of: [fn.key], within: 3).union([fn.key])
        return up.sorted().compactMap { index.functions[$0] }.filter { g in
            !g.isStatic && (index.callers[g.key] ?? []).isEmpty && index.callbackUses[g.key] == nil
        }
    }

    /// Is `fn` run only as a value named (stored, or passed to a call) by functions of its file
    /// in which a zap (here or in a callee within two calls) comes before the naming on every way
    /// to it, and called directly by no one? A device-managed action (`devm_actions`) counts as
    /// covered when the function registers, after it, an action that zaps: devres runs a
    /// device's actions in the reverse order of registration, so that one runs first; and when
    /// the function is on the probe side of a driver whose remove zaps (`probeSide`: remove()
    /// runs before the device's actions).
    private func deferredAfterZap(_ fn: FunctionFacts, _ run: FreeRun, probeSide: Set<String>) -> Bool {
        let zaps = run.zaps, devmActions = run.devmActions
        guard (index.callers[fn.key] ?? []).isEmpty, let uses = index.callbackUses[fn.key], !uses.isEmpty else { return false }
        var covered: Set<SourceLoc> = []
        for key in index.keysByFile[fn.loc.file] ?? [] {
            // Only the functions that name it: the zaps of the others are not asked for.
            guard let g = index.functions[key], g.key != fn.key,
                  g.nodes.contains(where: { $0.functionsNamed.contains { $0.function == fn.key } }) else { continue }
            let zapNodes = zapNodes(in: g, zaps)
            for (j, n) in g.nodes.enumerated() {
                for (h, loc) in n.functionsNamed where h == fn.key {
                    // A zap every way to the naming passes (with no zap, nothing is covered), a
                    // zapping action registered after this one, or an action registered by the
                    // probe side of a driver whose remove zaps (the core runs remove() first);
                    // for a work item's function, a zap before every queueing of that item.
                    guard zapNodes.contains(where: { g.onlyThrough(node: $0, toReach: j) })
                        || zappingActionAfter(j, in: g, devmActions: devmActions, zaps: zaps)
                        || (probeSide.contains(g.key) && registersAction(j, in: g, devmActions: devmActions))
                        || queuedOnlyAfterZap(n, in: fn.loc.file, run) else { return false }
                    covered.insert(loc)
                }
            }
        }
        return uses.allSatisfy { covered.contains($0.loc) }
    }

    /// A work function stored into a work item (`INIT_WORK(&d->free_work, fn)` in probe: `(w)->func =
    /// fn`) runs only once the item is queued: does every queueing of that item in the file
    /// (`schedule_work(&d->free_work)`) come after a zap on every way to it? At least one.
    private func queuedOnlyAfterZap(_ n: CFGNode, in file: String, _ run: FreeRun) -> Bool {
        guard case .event(.assign(let lhs, _, _, _, _)) = n.kind, let f = lhs.last, run.workFuncs.contains(f.description),
              lhs.fields.count >= 2 else { return false }
        let item = Set(lhs.fields.dropLast())
        var queued = false
        for key in index.keysByFile[file] ?? [] {
            guard let g = index.functions[key] else { continue }
            var zapNodes: [Int]?
            for (u, m) in g.nodes.enumerated() {
                guard case .event(.call(let c)) = m.kind, let k = run.workQueues[c.name], k < c.args.count,
                      case .path(let q) = c.args[k], let last = q.last, item.contains(last) else { continue }
                if zapNodes == nil { zapNodes = self.zapNodes(in: g, run.zaps) }
                guard zapNodes!.contains(where: { g.onlyThrough(node: $0, toReach: u) }) else { return false }
                queued = true
            }
        }
        return queued
    }

    /// Is every known call of `fn` — direct, or through the ops members it is only reached by —
    /// made after a zap on every way to it, in the calling function or (within `depth` more
    /// levels) in every call of that function? At least one call must be known; a function
    /// also named as a value elsewhere (a callback) is not.
    private func calledAfterZap(_ fn: FunctionFacts, zaps: Set<String>, skip: Set<String> = [], depth: Int = 2) -> Bool {
        let direct = (index.callers[fn.key] ?? []).subtracting(skip)
        let viaOps = direct.isEmpty ? (opsFields(fn.key) ?? []) : []
        guard !direct.isEmpty || !viaOps.isEmpty, direct.isEmpty || index.callbackUses[fn.key] == nil else { return false }
        let members = Set(viaOps.map { "->" + $0.description })
        let callers = direct.union(viaOps.flatMap { opsDispatchers(of: $0) })
        guard !callers.isEmpty else { return false }
        for key in callers.sorted() {
            guard let g = index.functions[key], g.key != fn.key else { return false }
            let zapNodes = Set(zapNodes(in: g, zaps))
            for (j, n) in g.nodes.enumerated() {
                guard case .event(.call(let c)) = n.kind, c.callee == fn.key || members.contains(c.callee) else { continue }
                let zapped = !zapNodes.isEmpty && !g.reaches(from: 0, to: j) { u in zapNodes.contains(u) ? [] : g.nodes[u].succs }
                if !zapped && (depth == 0 || !calledAfterZap(g, zaps: zaps, skip: skip, depth: depth - 1)) { return false }
            }
        }
        return true
    }

    /// Does node `j` of `g` register a device-managed action?
    private func registersAction(_ j: Int, in g: FunctionFacts, devmActions: [String: Int]) -> Bool {
        guard case .event(.call(let c)) = g.nodes[j].kind, let k = devmActions[c.name], k < c.args.count,
              case .function = c.args[k] else { return false }
        return true
    }

    /// The functions a driver's probe side runs: the other members of a driver table whose
    /// remove (the `teardown_callbacks` of the loaded mmio-survives-teardown rule: struct
    /// pci_driver.remove, …) zaps user mappings on every path — a member of the same struct type
    /// stored in the same file within 12 lines of it, one initializer — and what they call
    /// within two calls. The driver core runs remove() before the device's managed actions
    /// (device_remove(), then devres_release_all()): an action they register runs after that zap.
    /// UNCERTAIN: the action is assumed registered on the device the driver is bound to.
    fileprivate func probesOfZappingRemoves(_ ctx: FamilyContext, zaps: Set<String>) -> Set<String> {
        guard let teardown = ctx.rules.rules.first(where: { $0.kind == MMIOTeardownCheck.kind })?.match["teardown_callbacks"]
        else { return [] }
        var memo: [String: Bool] = [:]
        var tables: [CallbackUse] = []
        for (key, field) in ctx.callbacks(teardown).sorted(by: { $0.key < $1.key }) where zapsEveryPath(key, zaps: zaps, memo: &memo) {
            tables += (index.callbackUses[key] ?? []).filter { $0.call == nil && $0.field == field }
        }
        guard !tables.isEmpty else { return [] }
        var roots: [String: Field] = [:]
        for (g, uses) in index.callbackUses {
            for u in uses where u.call == nil {
                guard let f = u.field, tables.contains(where: { $0.field?.record == f.record && sameInitializer($0, u) }) else { continue }
                roots[g] = f
            }
        }
        return Set(ctx.reached(from: roots, depth: 2).keys)
    }

    /// Does node `j` of `g` register a device-managed action, and a registration `g` reaches
    /// after it name a function that zaps (within two calls)?
    private func zappingActionAfter(_ j: Int, in g: FunctionFacts, devmActions: [String: Int], zaps: Set<String>) -> Bool {
        func action(_ n: Int) -> String? {
            guard case .event(.call(let c)) = g.nodes[n].kind, let k = devmActions[c.name], k < c.args.count,
                  case .function(let h) = c.args[k] else { return nil }
            return h
        }
        guard action(j) != nil else { return false }
        return g.nodes.indices.contains { n in
            n != j && action(n).map { zapsMappings($0, zaps: zaps) } == true && g.reaches(j, n)
        }
    }

    /// Is every zap inside a loop, and does every way around them to the free (node `i`) leave
    /// through a test of such a loop (a branch on a cycle through a zap)?
    private func walksMappings(_ fn: FunctionFacts, zaps: [Int], free i: Int) -> Bool {
        let succs: (Int) -> [Int] = { fn.nodes[$0].succs }
        guard zaps.allSatisfy({ z in fn.reaches(from: z, to: z, along: succs) }) else { return false }
        let tests = fn.nodes.indices.filter { n in
            guard case .branch = fn.nodes[n].kind else { return false }
            return zaps.contains { z in fn.reaches(from: z, to: n, along: succs) && fn.reaches(from: n, to: z, along: succs) }
        }
        guard !tests.isEmpty else { return false }
        return fn.shortestPath(from: 0, limit: 4000, goal: { $0 == i }, avoiding: Set(zaps + tests)) == nil
    }

    /// The nodes of `g` that store a member of the struct `record` (directly, through a fill, or
    /// in a callee within two calls): where it builds such an object.
    func recordStores(_ g: FunctionFacts, _ record: String, fills: [String: Int]) -> [Int] {
        stores(g, fills: fills) { $0.record == record }
    }

    /// The nodes of `g` that store the member (or call a function that does, within two calls):
    /// `g` builds (or rebuilds) the object. Clearing it (`kfree(d->buf); d->buf = NULL;`) builds
    /// nothing. A call in `fills` (an allocator filling the array its argument N names:
    /// alloc_pages_bulk_array) stores the member too.
    func memberStores(_ g: FunctionFacts, _ f: Field, fills: [String: Int]) -> [Int] {
        stores(g, fills: fills) { $0 == f }
    }

    /// The nodes of `g` that store a non-NULL value in a member `matches` accepts, or fill one, or
    /// call a function that does (within two calls).
    private func stores(_ g: FunctionFacts, fills: [String: Int], depth: Int = 0, _ matches: (Field) -> Bool) -> [Int] {
        g.nodes.indices.filter { j in
            switch g.nodes[j].kind {
            case .event(.assign(let l, let r, _, _, _)): return l.last.map(matches) == true && r != .null && r != .int(0)
            case .event(.call(let c)) where fills[c.name].map { $0 < c.args.count } == true:
                if case .path(let p) = c.args[fills[c.name]!] { return p.last.map(matches) == true }
                return false
            case .event(.call(let c)) where depth < 2 && c.callee != g.key:
                return index.functions[c.callee].map { !stores($0, fills: fills, depth: depth + 1, matches).isEmpty } ?? false
            default: return false
            }
        }
    }

    /// A builder's error path: the free releases what the function itself stored in the member
    /// (a store reaches the point where the freed value was read from the member: probe's error
    /// path after the helpers that allocated the buffer), before it was published to ->mmap.
    /// A free of the value the member held before any store of the function — freed in place
    /// then replaced (`kfree(d->buf); d->buf = nb;`), or read into a local that a store then
    /// replaced (`old = d->buf; d->buf = nb; kfree(old);`) — releases a published buffer that
    /// may be mapped. Where the read cannot be told, any store makes the function a builder.
    private func freesBuiltValue(_ fn: FunctionFacts, _ e: Expr, member f: Field, free i: Int, fills: [String: Int],
                                 converters: Set<String>) -> Bool {
        let stores = memberStores(fn, f, fills: fills)
        guard !stores.isEmpty, !freesReplacedParent(fn, e, member: f, free: i) else { return false }
        guard let reads = memberReads(e, in: fn, member: f, at: i, converters: converters), !reads.isEmpty else { return true }
        return stores.contains { s in reads.contains { fn.reaches(s, $0) } }
    }

    /// Does the free (node `i`) take the member out of an object the function replaces in its
    /// holder — `old = s->rx; s->rx = q; free_pages(old->ring)`, or `free(s->rx->ring); s->rx =
    /// q;` — rather than out of the one it built? The built object went into the holder; the
    /// freed one is the object the holder kept before (a live buffer swapped, setsockopt's shape).
    private func freesReplacedParent(_ fn: FunctionFacts, _ e: Expr, member f: Field, free i: Int) -> Bool {
        guard case .path(let p) = e, p.last == f else { return false }
        let parent = AccessPath(base: p.base, fields: Array(p.fields.dropLast()))
        func stored(_ q: AccessPath, after j: Int, before end: Int?) -> Bool {
            fn.nodes.indices.contains { k in
                guard case .event(.assign(let l, _, _, _, _)) = fn.nodes[k].kind, l == q, fn.reaches(j, k) else { return false }
                return end.map { fn.reaches(k, $0) } ?? true
            }
        }
        if parent.isHolder { return stored(parent, after: i, before: nil) }
        guard case .local = parent.base, parent.fields.isEmpty, let assigned = fn.assignmentsReaching(parent, to: i), !assigned.isEmpty
        else { return false }
        return assigned.allSatisfy { j in
            guard case .event(.assign(_, .path(let q), _, _, _)) = fn.nodes[j].kind, q.isHolder else { return false }
            return stored(q, after: j, before: i)
        }
    }

    /// The nodes where the value `e` carries (at node `at`) was read from the member: `at` itself
    /// for the member or a conversion of it, the assignments of a local from it. Nil when a
    /// step is not one of those.
    private func memberReads(_ e: Expr, in fn: FunctionFacts, member f: Field, at: Int, converters: Set<String>,
                             depth: Int = 0) -> [Int]? {
        guard depth < 6 else { return nil }
        switch e {
        case .path(let p):
            if let last = p.last { return last == f ? [at] : nil }
            guard case .local = p.base else { return nil }
            // The assignments that reach `at` (`old = d->buf; d->buf = nb; kfree(old)`), else all.
            let assignments = fn.assignmentsReaching(p, to: at) ?? fn.nodes.indices.filter { j in
                if case .event(.assign(let l, _, _, _, _)) = fn.nodes[j].kind { return l == p }
                return false
            }
            var out: [Int] = []
            for j in assignments {
                guard case .event(.assign(_, let r, _, _, _)) = fn.nodes[j].kind,
                      let more = memberReads(r, in: fn, member: f, at: j, converters: converters, depth: depth + 1) else { return nil }
                out += more
            }
            return out
        case .call(let id):
            guard let c = fn.call(id), converters.contains(c.name), let a = c.args.first else { return nil }
            return memberReads(a, in: fn, member: f, at: at, converters: converters, depth: depth + 1)
        default: return nil
        }
    }

    /// Is the call chain from a per-vma callback to the free's function entered only through
    /// the true side of a last-reference test (`if (refcount_dec_and_test(&b->maps))
    /// free_buf(b);`)?
    private func chainAfterLastPut(_ reach: (root: String, chain: [CallSite]), _ ownerTests: LastPutTests, counted: Set<Field>) -> Bool {
        chainCalls(reach).contains { afterLastPut($0.fn, $0.node, ownerTests: ownerTests, counted: counted) }
    }

    /// The member a reference drop names (argument 0: `kref_put(&b->ref, …)`,
    /// `refcount_dec_and_test(&b->users)`).
    private func droppedMember(_ c: CallSite) -> Field? {
        guard let a = c.args.first, case .path(let p) = a else { return nil }
        return p.last
    }

    /// The releases an owner put in a per-vma callback's chain runs (`kref_put(&b->ref,
    /// release)` in ->close or a callee), where no ->open beside the callback counts up the
    /// member the put drops, with their callees (two calls): keyed by function, with the
    /// callback and the chain to the put.
    typealias Reach = (root: String, chain: [CallSite])
    fileprivate func unbalancedReleases(_ perVMA: [String: Reach], puts: [String: Int], openers: [String: Set<Field>],
                                        _ ctx: FamilyContext) -> [String: Reach] {
        guard !puts.isEmpty else { return [:] }
        var out: [String: Reach] = [:]
        for key in perVMA.keys.sorted() {
            guard let fn = index.functions[key], let reach = perVMA[key] else { continue }
            let counted = siblingCounts(reach.root, openers: openers)
            for n in fn.nodes {
                guard case .event(.call(let c)) = n.kind, let k = puts[c.name], k < c.args.count, case .function(let release) = c.args[k],
                      let member = droppedMember(c), !counted.contains(member) else { continue }
                for r in ctx.reached(from: [release: Field(record: c.name, name: "release")], depth: 2).keys.sorted() where out[r] == nil {
                    out[r] = (reach.root, reach.chain + [c])
                }
            }
        }
        return out
    }

    /// The members a function counts up: `++x->n`, `x->n++`, `x->n += 1` (the facts'
    /// increments; not with `inPlace` false) and the member a call in `calls` points to (`atomic_inc(&x->n)`).
    func countedMembers(_ fn: FunctionFacts, calls: [String: Int], inPlace: Bool = true) -> Set<Field> {
        var out = inPlace ? Set(fn.increments.compactMap { $0.path.last }) : []   // a local counted up has no member
        for n in fn.nodes {
            guard case .event(.call(let c)) = n.kind, let k = calls[c.name], k < c.args.count, case .path(let p) = c.args[k],
                  let f = p.last else { continue }
            out.insert(f)
            // Through a pointer member (`refcount_inc(h->refcount)`, not `&h->refs`): what it points to.
            if !(c.argText(k) ?? "").hasPrefix("&") { out.formUnion(memberPointees[f] ?? []) }
        }
        return out
    }

    /// Does a function read or pass one of `members` anywhere (`&dev->vmalist`, `dev->vmalist.next`)?
    private func mentions(_ fn: FunctionFacts, _ members: Set<Field>) -> Bool {
        func has(_ e: Expr) -> Bool { if case .path(let p) = e { return !members.isDisjoint(with: p.fields) }; return false }
        return fn.nodes.contains { n in
            switch n.kind {
            case .event(.call(let c)): return c.args.contains(where: has)
            case .event(.assign(let l, let r, _, _, _)): return has(.path(l)) || has(r)
            default: return false
            }
        }
    }

    /// The members the ->open functions of the close's ops table (a sibling member of the same
    /// initializer: same file, near it) count up.
    private func siblingCounts(_ root: String, openers: [String: Set<Field>]) -> Set<Field> {
        let closeUses = (index.callbackUses[root] ?? []).filter { $0.field != nil && $0.call == nil }
        var out: Set<Field> = []
        for (key, members) in openers where (index.callbackUses[key] ?? []).contains(where: { u in
            u.field != nil && closeUses.contains { sameInitializer($0, u) }
        }) {
            out.formUnion(members)
        }
        return out
    }

    /// Is the free (node `i` of `fn`) reached only through a test of a member (`if
    /// (usbm->vma_use_count == 0)`) that an ->open beside the close counts up (`counted`:
    /// usbdev_vm_open's `++usbm->vma_use_count`)? The vmas are counted, and the free runs for
    /// the last one. Checked in the free's function and at each call on the chain.
    private func chainAfterCountTest(_ fn: FunctionFacts, _ i: Int, _ reach: (root: String, chain: [CallSite]),
                                     counted: Set<Field>, reads: [String: Int]) -> Bool {
        guard !counted.isEmpty else { return false }
        func gated(_ g: FunctionFacts, _ target: Int) -> Bool {
            // A local the function counts up while it walks a counted member (`found_maps++` over
            // the dev->vmalist ->open adds each vma to: legacy drm's drm_vm_shm_close).
            let tallies = mentions(g, counted) ? Set(g.increments.compactMap { x -> String? in
                if case .local(let n) = x.path.base, x.path.fields.isEmpty { return n }; return nil
            }) : []
            return !g.reaches(to: target, along: { m in
                if case .branch(let c, _, _) = g.nodes[m].kind,
                   !counted.isDisjoint(with: fieldsRead(c, in: g, reads: reads)) || tallies.contains(where: { c.reads(local: $0) }) {
                    return []
                }
                return g.nodes[m].succs
            })
        }
        return gated(fn, i) || chainCalls(reach).contains { gated($0.fn, $0.node) }
    }

    /// Does a test of a count of the vmas or of the open files come before the free (node `i`)
    /// with its nonzero side unable to reach it (`if (cam->users == 0) vfree(…)`, `if (users)
    /// return -EBUSY;`, meye's `for (…) if (vma_use_count[i]) return -EINVAL;`)? The free runs
    /// only when nothing maps the memory (a vma holds its file open; ->open counts each vma).
    private func freedWhenUncounted(_ fn: FunctionFacts, _ i: Int, counted: Set<Field>, reads: [String: Int]) -> Bool {
        guard !counted.isEmpty else { return false }
        let reaches = { (s: Int) in s == i || fn.reaches(s, i) }
        for n in fn.nodes where n.succs.count == 2 {
            guard case .branch(let c, _, _) = n.kind, let (tested, side) = c.zeroTest else { continue }
            guard !counted.isDisjoint(with: fieldsRead(.truthy(tested), in: fn, reads: reads))
                    || countPredicate(tested, in: fn, counted: counted, reads: reads),
                  !reaches(n.succs[side]), reaches(n.succs[1 - side]) else { continue }
            return true
        }
        return false
    }

    /// Is `e` a call of a tree helper that answers whether a count is held — one returning
    /// constants, with a test of a counted member (directly or through `reads`) the nonzero
    /// side of which returns nonzero only (comedi's `is_device_busy()`: `if (s->async &&
    /// s->async->mmap_count) return 1;` over the subdevices, then `return 0;`)? Its zero result
    /// comes only where every count it tested was zero.
    private func countPredicate(_ e: Expr, in fn: FunctionFacts, counted: Set<Field>, reads: [String: Int]) -> Bool {
        guard case .call(let id) = e, let call = fn.call(id), let h = index.functions[call.callee], apis[call.name] == nil
        else { return false }
        var zeros: [Int] = []
        for (j, n) in h.nodes.enumerated() {
            guard case .event(.ret(let v, _)) = n.kind else { continue }
            guard case .int(let k)? = v else { return false }
            if k == 0 { zeros.append(j) }
        }
        var tests = 0
        for (j, n) in h.nodes.enumerated() where n.succs.count == 2 {
            guard case .branch(let c, _, _) = n.kind, let (tested, nonzero) = c.zeroTest,
                  !counted.isDisjoint(with: fieldsRead(.truthy(tested), in: h, reads: reads)) else { continue }
            let side = h.nodes[j].succs[nonzero]
            if zeros.contains(where: { $0 == side || h.reaches(side, $0) }) { return false }
            tests += 1
        }
        return tests > 0
    }

    /// A static helper (its address never taken) every call of which comes on the zero side of
    /// a test of an open count (`if (atomic_read(&s->mmap_count)) err = -EBADFD; else
    /// free_area(s);`, ALSA's hw_free shape): its frees run when no mapping is counted.
    private func calledWhenUncounted(_ fn: FunctionFacts, counted: Set<Field>, reads: [String: Int], skip: Set<String> = []) -> Bool {
        guard !counted.isEmpty, fn.isStatic, !index.addressTaken.contains(fn.key), let callers = index.callers[fn.key]?.subtracting(skip),
              !callers.isEmpty else { return false }
        return callers.allSatisfy { key in
            guard key != fn.key, let caller = index.functions[key] else { return false }
            let calls = caller.nodes.indices.filter { j in
                if case .event(.call(let c)) = caller.nodes[j].kind { return c.callee == fn.key }
                return false
            }
            return !calls.isEmpty && calls.allSatisfy { freedWhenUncounted(caller, $0, counted: counted, reads: reads) }
        }
    }

    /// revoke-order's shape seen from the free (Engine.lateStateStores, with revoke-order's state
    /// lists): the zaps before the free come before a store to state the inserting functions
    /// (or their callees, within two calls) test — without a lock, or under one this function
    /// drops between the zap and the store — and no store of it comes before a zap. A fault
    /// between the zap and the store maps the memory again, so the zap revokes nothing: the
    /// store (its text and line), else nil.
    private func lateStateChange(_ vocabulary: StateVocabulary, _ fn: FunctionFacts, zaps: [Int], free i: Int, mappers: Set<String>,
                                 _ ctx: FamilyContext) -> (text: String, line: Int)? {
        let roots = Dictionary(uniqueKeysWithValues: mappers.map { ($0, Field(record: "insert", name: "insert")) })
        let guards = mappingGuards(roots: roots, depth: 2, vocabulary, ctx)
        guard !guards.isEmpty else { return nil }
        return lateStateStores(fn, zapNodes: zaps, guards: guards, writes: vocabulary.writes, ctx).first { late in
            fn.reaches(late.node, i)
        }.map { ($0.text, $0.loc.line) }
    }

    /// Why a free in a per-vma callback (->close) frees under other vmas: the ways the kernel
    /// makes another vma share the object, minus those the driver refuses.
    private func closeRoutes(_ rule: Rule, root: String, inserter: FunctionFacts) -> String {
        let refusers = Set(rule.match["split_refusers"] ?? []), noCopy = Set(rule.match["no_copy_flags"] ?? [])
        // The ops table's may_split: a sibling member of the same initializer (same file, near it).
        let closeUses = (index.callbackUses[root] ?? []).filter { $0.field != nil && $0.call == nil }
        let refusesSplit = !refusers.isEmpty && index.callbackUses.values.contains { uses in
            uses.contains { u in
                guard let fd = u.field, refusers.contains(fd.description) || refusers.contains(fd.record) else { return false }
                return closeUses.contains { sameInitializer($0, u) }
            }
        }
        let mappers = [inserter] + (index.callers[inserter.key] ?? []).sorted().compactMap { index.functions[$0] }
        let noFork = mappers.contains { !Set($0.macros).isDisjoint(with: noCopy) }
        var routes: [String] = []
        if !refusesSplit {
            routes.append("munmap() or mprotect() of part of it splits the vma, and closing one piece frees the memory the other "
                + "maps (mm/vma.c __split_vma(): no ->may_split refuses)")
        }
        if !noFork {
            routes.append("fork() copies the vma (kernel/fork.c dup_mmap(): no VM_DONTCOPY), and the child's exit closes its copy")
        }
        routes.append("mremap() of the whole vma to a new address opens the new vma and closes the old one after moving its "
            + "PTEs (mm/vma.c copy_vma(), mm/mremap.c move_vma(): neither a refused split nor VM_DONTCOPY stops it)")
        return routes.joined(separator: "; ")
    }

    /// The finding for a free (node `i`) of a mapped member, with its path and subject. `perVMA`:
    /// the free runs in a per-vma callback (->close), and how other vmas share the memory;
    /// `late`: the zap before the free comes before the state change that stops new mappings.
    private func mappedFreeFinding(_ rule: Rule, _ fn: FunctionFacts, free c: CallSite, at i: Int, member f: Field,
                                   insert ins: CallSite, inserter insFn: FunctionFacts, perVMA: String?,
                                   drop: (put: String, close: String)? = nil, late: (text: String, line: Int)?,
                                   zapOnSomePaths: (line: Int, path: [Int])? = nil, unrevokedZap: Int? = nil,
                                   route: (caller: FunctionFacts, call: CallSite)? = nil) -> Finding {
        let mapped = "\(ins.name)() in \(insFn.name)() (\(ins.loc.file):\(ins.loc.line)) put it in user page tables"
        let message: String
        if let routes = perVMA {
            let runs = drop.map { d in "runs when the last reference drops, and \(d.close)(), the vma's ->close, drops one with "
                + "\(d.put)() that no ->open took: the reference is taken per mmap, while ->close" } ?? "runs from the vma's ->close, which"
            message = "\(c.spelled) frees \(f) while another vma may still map it: \(mapped), and \(fn.name)() \(runs) runs "
                + "once per vma, not once per mapping: \(routes). A user access through the other vma then "
                + "reaches freed memory. Count the vmas: take a reference in ->open, drop it in ->close, free on the last"
        } else if let late {
            message = "\(c.spelled) frees \(f) while a user mapping of it may remain: \(mapped), and the zap before the free comes "
                + "before `\(late.text)` (line \(late.line)), the state change the mapping path tests: a fault in between maps the "
                + "memory again, and the free leaves that PTE to freed memory. Change the state first, then zap, then free"
        } else if let z = unrevokedZap {
            message = "\(c.spelled) frees \(f) while a user mapping of it may come back: \(mapped), and the zap at line \(z) "
                + "revokes nothing — \(insFn.name)() and its callers test no state that \(fn.name)() changes, so the next fault "
                + "maps the memory again after the zap, and the free leaves that PTE to freed memory. Make the fault refuse first "
                + "(a flag it tests under its lock), then zap, then free"
        } else if let z = zapOnSomePaths {
            message = "\(c.spelled) frees \(f) while a user mapping of it may remain: \(mapped), and the zap at line \(z.line) "
                + "runs on some paths only: on this one \(fn.name)() frees with no zap first; a user access then reaches freed "
                + "memory. Zap on every path before the free, or free it when the last mapping goes (vm_ops->close, f_op->release)"
        } else if let route {
            message = "\(c.spelled) frees \(f) while a user mapping of it may remain: \(mapped), and \(fn.name)() runs from "
                + "the file's release but also from \(route.caller.name)() (\(route.call.loc.file):\(route.call.loc.line)), which is "
                + "not the file's ->release nor the vma's ->close and zaps no mapping first; a user access then reaches freed "
                + "memory. Zap the mappings before that call, or refuse it while the memory is mapped"
        } else {
            message = "\(c.spelled) frees \(f) while a user mapping of it may remain: \(mapped), "
                + "and \(fn.name)() is not the file's ->release nor the vma's ->close and zaps no mapping first; "
                + "a user access then reaches freed memory. Free it when the last mapping goes (vm_ops->close, f_op->release) "
                + "or unmap_mapping_range() the file's mappings before freeing"
        }
        var finding = familyFinding(rule, fn: fn, at: c.loc, message: message, origin: "mapped", identity: "free \(f) \(c.name)",
            related: [Related(file: ins.loc.file, line: ins.loc.line,
                              message: "mapped into user space here: \(ins.spelled)")])
        if let path = zapOnSomePaths?.path ?? fn.shortestPath(from: 0, limit: 4000, goal: { $0 == i }) {
            finding.path = pathEvents(fn, path)
            var subject = FindingSubject(functionKey: fn.key, nodes: path, useNode: i, target: AccessPath(base: .local(f.description)),
                                         fact: "mapped", cause: .mapped, holder: f, mixed: false, ownPin: false,
                                         holderStores: [ins.loc], originKind: "mapped")
            subject.mappedBy = ins
            subject.mappedIn = insFn.name
            if perVMA != nil { subject.callback = "close" }
            finding.subject = subject
        }
        return finding
    }
}

extension CFGNode {
    /// The functions the node names as a value — passed to a call (`INIT_WORK(&p->w, fn)`,
    /// `call_rcu(&p->rcu, fn)`) or stored — with where.
    var functionsNamed: [(function: String, loc: SourceLoc)] {
        switch kind {
        case .event(.call(let c)): return c.args.compactMap { if case .function(let g) = $0 { return (g, c.loc) }; return nil }
        case .event(.assign(_, .function(let g), _, let loc, _)): return [(g, loc)]
        default: return []
        }
    }
}
