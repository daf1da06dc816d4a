import Facts
import Findings
import Index

// The state that stops new user mappings, shared by revoke-order (a store to it after a zap)
// and mapped-memory-freed (a zap before a free that such a store follows revokes nothing):
// what the mapping functions test, and the stores to it after a zap outside the section that
// excludes the fault.

/// State a mapping path tests: the mapping function and the callback member it is stored in,
/// the first test, the locks every test of it holds, and the locks a test holds that the
/// insert after it no longer holds (with that insert).
struct MappingGuard {
    var mapper: String
    var member: String
    var loc: SourceLoc
    var text: String
    var locks: Set<String>
    /// Does some test of it hold a lock (keyless read sections such as rcu_read_lock aside)?
    var lockedSomewhere = false
    /// A lock the test held and the insert that follows it does not (the fault tests in one
    /// section and inserts after it: ocxl's map_afu_irq), and that insert.
    var escape: (lock: String, insert: CallSite)? = nil
}

/// What is state and how it is read, written and mapped: the `state_reads`, `state_writes`,
/// `mapping_records` and `inserts` of the rule that judges the revoke order (every check
/// reading revoke state uses that rule's lists: RuleSet.revokeState).
/// What changesMappingState() asked mappingGuards() for (FamilyContext.mappingGuardsMemo).
struct MappingGuardsKey: Hashable {
    var roots: [String]
    var vocabulary: StateVocabulary
}

struct StateVocabulary: Hashable {
    var reads: [String: Int] = [:]
    var writes = StateWrites()
    var mappingRecords: Set<String> = []
    var inserts: Set<String> = []
}

/// Calls that write state (`state_writes`): `name@N` writes what argument N points to;
/// `name@N@E` does only when argument E is NULL (`xa_store(&d->maps, id, NULL, gfp)` erases
/// the entry, `idr_replace(&d->idr, NULL, id)` empties it; storing an object is no revoke).
struct StateWrites: Hashable {
    var calls: [String: Int] = [:]
    var whenNull: [String: Int] = [:]

    init(_ entries: [String] = []) {
        calls = callArguments(entries)
        for x in entries {
            let parts = x.split(separator: "@")
            if parts.count > 2, let e = Int(parts[2]) { whenNull[String(parts[0])] = e }
        }
    }

    /// The state a call writes: its argument's path.
    func written(by c: CallSite) -> AccessPath? {
        guard let k = calls[c.name], k < c.args.count, case .path(let p) = c.args[k] else { return nil }
        if let e = whenNull[c.name] {
            guard e < c.args.count, c.args[e] == .null || c.args[e] == .int(0) else { return nil }
        }
        return p
    }
}

/// A store to guarded state after a zap (or, when the fault inserts outside its section, in
/// one section with the zap), outside the section that excludes the fault.
struct LateStateStore {
    var node: Int
    var zap: Int
    var field: Field
    var lhs: AccessPath
    var text: String
    var loc: SourceLoc
    var mappingGuard: MappingGuard
    /// The store and the zap share a section of `mappingGuard.escape`'s lock, which the
    /// fault drops before it inserts: the order inside the section does not matter.
    var escaped: Bool
    /// The store comes first, but no test of the state holds a lock and no grace period
    /// separates the store from the zap: a fault that tested before the store inserts after
    /// the zap.
    var early = false
    /// Early, and every test holds a lock this function neither holds nor takes from the store
    /// to the zap: a fault inside its section when the state changes inserts after the zap.
    var outsideLock = false
}

extension Engine {
    /// The revoke-state lists: `rule`'s own, else those of the loaded revoke-order rule.
    func stateVocabulary(_ rule: Rule, _ ctx: FamilyContext) -> StateVocabulary {
        let source = rule.kind == RevokeOrderCheck.kind ? rule : ctx.rules.rules.first { $0.kind == RevokeOrderCheck.kind }
        guard let r = source else { return StateVocabulary() }
        return StateVocabulary(reads: callArgs(r, "state_reads"), writes: StateWrites(r.match["state_writes"] ?? []),
                               mappingRecords: Set(r.match["mapping_records"] ?? []), inserts: Set(r.match["inserts"] ?? []))
    }

    /// The lock object of a held-lock entry (`context:lock:key` → key), "" for none.
    func lockObject(_ held: String) -> String {
        held.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).dropFirst(2).first.map(String.init) ?? ""
    }

    /// The lock objects held before node `i` (keyless pairs such as rcu_read_lock excluded).
    func lockObjects(_ locks: LockAnalysis, at i: Int) -> Set<String> {
        Set((locks.held[i] ?? []).map(lockObject).filter { !$0.isEmpty })
    }

    /// State the mapping paths test: a struct member a function of `roots`, or a function it
    /// calls within `depth` calls, tests in a branch (not a member of the mapping's own
    /// objects), with the locks held at every test (a test in a callee runs under the locks
    /// its callers took).
    func mappingGuards(roots: [String: Field], depth: Int, _ v: StateVocabulary, _ ctx: FamilyContext) -> [Field: MappingGuard] {
        var guards: [Field: MappingGuard] = [:]
        let reached = ctx.reached(from: roots, depth: depth)
        for key in reached.keys.sorted() {
            guard let fn = index.functions[key], let reach = reached[key] else { continue }
            let locks = ctx.locks(fn)
            let above = chainLocks(reach, ctx)
            let mapper = index.functions[reach.root]?.name ?? fn.name, member = roots[reach.root]?.name ?? "fault"
            for (i, n) in fn.nodes.enumerated() {
                guard case .branch(let c, let text, let loc) = n.kind else { continue }
                let fields = fieldsRead(c, in: fn, reads: v.reads).filter { !v.mappingRecords.contains($0.record) }
                guard !fields.isEmpty, decides(fn, i, inserts: v.inserts) else { continue }
                let held = lockObjects(locks, at: i).union(above.flatMap { $0.held })
                let escape = insertOutside(held, fn, after: i, chain: above, inserts: v.inserts, ctx)
                for f in fields {
                    guard var g = guards[f] else {
                        guards[f] = MappingGuard(mapper: mapper, member: member, loc: loc, text: text, locks: held,
                                                 lockedSomewhere: !held.isEmpty, escape: escape)
                        continue
                    }
                    g.locks.formIntersection(held)
                    g.lockedSomewhere = g.lockedSomewhere || !held.isEmpty
                    if g.escape == nil { g.escape = escape }
                    guards[f] = g
                }
            }
        }
        return guards
    }

    /// Does branch `b` decide what the mapping path does — does one side reach a return, a store
    /// (`if (d->alive) pfn = d->pfn;`), an insert, or a call of a function the index has, before
    /// it meets the other side's way? A
    /// test whose sides rejoin with nothing of that between (`WARN_ON(bo->madv != PURGED)`: one
    /// side only warns) guards no mapping.
    func decides(_ fn: FunctionFacts, _ b: Int, inserts: Set<String>) -> Bool {
        let succs = fn.nodes[b].succs
        guard succs.count == 2 else { return false }
        func reach(_ start: Int) -> Set<Int> {
            var seen: Set<Int> = [start], work = [start]
            while let n = work.popLast() { for s in fn.nodes[n].succs where seen.insert(s).inserted { work.append(s) } }
            return seen
        }
        func acts(_ n: Int) -> Bool {
            switch fn.nodes[n].kind {
            case .event(.ret), .event(.assign), .exit: return true
            case .event(.call(let c)): return inserts.contains(c.name) || (vocab.apis[c.name] == nil && index.functions[c.callee] != nil)
            default: return false
            }
        }
        for (k, side) in succs.enumerated() {
            let other = reach(succs[1 - k])
            var seen: Set<Int> = [side], work = [side]
            while let n = work.popLast() {
                if other.contains(n) { continue }
                if acts(n) { return true }
                for s in fn.nodes[n].succs where seen.insert(s).inserted { work.append(s) }
            }
        }
        return false
    }

    /// The call chain from a mapping root to a function it reaches, one entry per caller: the
    /// caller, the node of the call, and the locks held there (with those of the callers above).
    func chainLocks(_ reach: (root: String, chain: [CallSite]), _ ctx: FamilyContext)
        -> [(fn: FunctionFacts, node: Int, held: Set<String>)] {
        var above: Set<String> = []
        return chainCalls(reach).map { step in
            above.formUnion(lockObjects(ctx.locks(step.fn), at: step.node))
            return (step.fn, step.node, above)
        }
    }

    /// A lock the test (node `b` of `fn`, under `held`) holds that an insert after it does not
    /// hold: an insert (or a call of a function that inserts) reached from the test in its
    /// function, or from a call on the chain in a caller; that lock and the insert.
    private func insertOutside(_ held: Set<String>, _ fn: FunctionFacts, after b: Int,
                               chain: [(fn: FunctionFacts, node: Int, held: Set<String>)], inserts: Set<String>,
                               _ ctx: FamilyContext) -> (lock: String, insert: CallSite)? {
        guard !held.isEmpty, !inserts.isEmpty else { return nil }
        func insertCall(_ n: CFGNode) -> CallSite? {
            guard case .event(.call(let c)) = n.kind else { return nil }
            if inserts.contains(c.name) { return c }
            guard vocab.apis[c.name] == nil, let callee = index.functions[c.callee] else { return nil }
            return callee.nodes.lazy.compactMap { n -> CallSite? in
                if case .event(.call(let d)) = n.kind, inserts.contains(d.name) { return d }; return nil
            }.first
        }
        // Innermost first: the test's own function (under the callers' locks), then each caller.
        var sites: [(fn: FunctionFacts, start: Int, above: Set<String>)] = [(fn, b, chain.last?.held ?? [])]
        for (k, level) in chain.enumerated().reversed() { sites.append((level.fn, level.node, k > 0 ? chain[k - 1].held : [])) }
        for site in sites {
            let locks = ctx.locks(site.fn)
            for j in site.fn.nodes.indices {
                guard let ins = insertCall(site.fn.nodes[j]),
                      site.fn.reaches(site.start, j)
                else { continue }
                if let lock = held.subtracting(lockObjects(locks, at: j).union(site.above)).sorted().first { return (lock, ins) }
            }
        }
        return nil
    }

    /// In a function that zaps (`zapNodes`): the stores to guarded state that come after a zap
    /// (and none before it), outside a section of a lock the mapping path holds at every test —
    /// the lock held at the zap or taken inside the zapping callee, and not released before the
    /// store (a lock this function takes or releases between the zap and the store: reported);
    /// and, when the fault drops the lock its test held before it inserts, the stores made in
    /// one section of that lock with a zap, in either order.
    func lateStateStores(_ fn: FunctionFacts, zapNodes: [Int], guards: [Field: MappingGuard], writes: StateWrites,
                         _ ctx: FamilyContext) -> [LateStateStore] {
        let locks = ctx.locks(fn)
        func store(_ n: CFGNode) -> (lhs: AccessPath, text: String, loc: SourceLoc)? {
            stateStore(n, in: fn, guards: guards, writes: writes)
        }
        // Does this function take or release `lockSet`'s lock between a and b (two sections)?
        func sectionEnds(_ a: Int, _ b: Int, _ lockSet: Set<String>) -> Bool {
            fn.nodes.indices.contains { u in
                guard case .event(.call(let c)) = fn.nodes[u].kind, let (_, _, key) = locks.pair(of: c),
                      lockSet.contains(key) else { return false }
                return fn.reaches(a, u) && fn.reaches(u, b)
            }
        }
        // Reach along forward edges only (a loop's back edge left out).
        let order = Dataflow.reversePostorder(fn).1
        func reachesForward(_ a: Int, _ b: Int) -> Bool {
            fn.reaches(from: a, to: b) { u in fn.nodes[u].succs.filter { order[$0] > order[u] } }
        }
        var out: [LateStateStore] = []
        for (s, n) in fn.nodes.enumerated() {
            guard let (lhs, text, loc) = store(n), let f = lhs.stateField, let g = guards[f] else { continue }
            // The fault inserts after dropping the lock its test held: a store and a zap in one
            // section of it, in either order, leave a fault that tested before the section free
            // to insert after it.
            if let esc = g.escape, lockObjects(locks, at: s).contains(esc.lock),
               let z = zapNodes.first(where: { z in
                   lockObjects(locks, at: z).contains(esc.lock)
                       && (fn.reaches(z, s) && !sectionEnds(z, s, [esc.lock]) || fn.reaches(s, z) && !sectionEnds(s, z, [esc.lock]))
               }) {
                out.append(LateStateStore(node: s, zap: z, field: f, lhs: lhs, text: text, loc: loc, mappingGuard: g, escaped: true))
                continue
            }
            guard let z = zapNodes.first(where: { fn.reaches($0, s) }) else { continue }
            // A store of the member from which a zap is reached: the state changes first (the
            // fixed order) — within one pass of a loop: in `for (each ctx) { zap(ctx);
            // ctx->status = CLOSED; }` a store reaches the next context's zap only round the loop.
            let stores = fn.nodes.indices.filter { store(fn.nodes[$0])?.lhs.stateField == f }
            if stores.contains(where: { st in zapNodes.contains { reachesForward(st, $0) } }) { continue }
            // The mapper tests under locks: only when this function takes or releases one of
            // them between the zap and the store (the zap and the store are then in different
            // sections: a fault runs between them); held by a caller, or taken inside the
            // zapping callee and released after the store, the order is the lock's — not judged.
            if !g.locks.isEmpty, !sectionEnds(z, s, g.locks) { continue }
            // The fault holds all of them at its test: it cannot run where this function holds
            // one. Hand over hand (zap under vma_lock, take memory_lock, drop vma_lock, store)
            // leaves no point between the zap and the store free of both.
            if !g.locks.isEmpty, !fn.nodes.indices.contains(where: { u in
                u != z && fn.reaches(z, u) && (u == s || fn.reaches(u, s)) && lockObjects(locks, at: u).isDisjoint(with: g.locks)
            }) { continue }
            out.append(LateStateStore(node: s, zap: z, field: f, lhs: lhs, text: text, loc: loc, mappingGuard: g, escaped: false))
        }
        return out
    }

    /// Does a teardown that zaps (`fn`) change state the mapping functions `mappers` test — a
    /// store of a member they (their callers, or their callees, within two calls) test in a
    /// branch, made in `fn`, in a function it calls or in a caller of it (within two calls)?
    /// Without one the zap revokes nothing: the next fault passes the same tests and maps the
    /// memory again. A call of `revoking` there (a zap that
    /// also makes the mapping entries refuse: drm_dev_unplug(), the removal of a sysfs file
    /// whose active references kernfs drains) is such a change.
    func changesMappingState(_ fn: FunctionFacts, mappers: some Sequence<String>, _ v: StateVocabulary,
                             revoking: Set<String>, _ ctx: FamilyContext) -> Bool {
        var near = Set(ctx.reached(from: [fn.key: Field(record: "teardown", name: "teardown")], depth: 2).keys)
        near.formUnion(index.callers(of: [fn.key], within: 2))
        let functions = near.sorted().compactMap { index.functions[$0] }
        if functions.contains(where: { g in
            g.nodes.contains { if case .event(.call(let c)) = $0.kind { return revoking.contains(c.name) }; return false }
        }) { return true }
        // (Once per set of mapping functions: every zapping function of one file, and every free
        // of one member, asks with the same ones.)
        let entries = index.callers(of: mappers, within: 2).union(mappers)
        let key = MappingGuardsKey(roots: entries.sorted(), vocabulary: v)
        let guards = ctx.mappingGuardsMemo[key] ?? {
            let roots = Dictionary(uniqueKeysWithValues: entries.map { ($0, Field(record: "insert", name: "insert")) })
            let g = mappingGuards(roots: roots, depth: 2, v, ctx)
            ctx.mappingGuardsMemo[key] = g
            return g
        }()
        guard !guards.isEmpty else { return false }
        return functions.contains { g in
            g.nodes.contains { n in
                stateStore(n, in: g, guards: guards, writes: v.writes)?.lhs.stateField.map { guards[$0] != nil } == true
            }
        }
    }

    /// A store to state: an assignment, a call that writes the member its argument points to,
    /// or a call of a setter helper that stores a guarded member of its argument on every path.
    func stateStore(_ n: CFGNode, in fn: FunctionFacts, guards: [Field: MappingGuard], writes: StateWrites)
        -> (lhs: AccessPath, text: String, loc: SourceLoc)? {
        switch n.kind {
        case .event(.assign(let lhs, _, let text, let loc, _)): return (lhs, text, loc)
        case .event(.call(let c)):
            if let p = writes.written(by: c) { return (p, "\(c.spelled)", c.loc) }
            guard let (lhs, text) = setterStore(c, in: fn, guards: guards, writes: writes) else { return nil }
            return (lhs, "\(c.spelled) (\(text))", c.loc)
        default: return nil
        }
    }

    /// In a function that zaps: the first store to state from which a zap is reached (the
    /// state changes first) with no grace period on the way (`graces`, here or in a callee
    /// within two calls — the store's own setter included: kill_dax() clears the flag and
    /// waits) and no store of it after a zap, when every test of the state holds no lock — or
    /// holds locks (`outsideLock`) none of which this function holds at the store, takes
    /// between it and a zap it calls itself (`zaps`), or may take in a function of the tree it
    /// calls on the way (a setter that locks). A fault that tested the state before the store,
    /// still inside its section, inserts after the zap.
    func earlyStateStores(_ fn: FunctionFacts, zapNodes: [Int], guards: [Field: MappingGuard], writes: StateWrites,
                          graces: Set<String>, zaps: Set<String>, _ ctx: FamilyContext) -> [LateStateStore] {
        guard !graces.isEmpty else { return [] }
        let graceNodes = fn.nodes.indices.filter { i in
            guard case .event(.call(let c)) = fn.nodes[i].kind else { return false }
            return graces.contains(c.name) || callsAny(graces, in: c.callee, levels: 2)
        }
        let locks = ctx.locks(fn)
        // Between the store and the zap (both included): the fault's lock held or taken here,
        // or a call of a function of the tree (it may take it) other than the zap itself.
        func waitsForSection(_ s: Int, _ z: Int, _ held: Set<String>) -> Bool {
            if case .event(.call(let zc)) = fn.nodes[z].kind, !zaps.contains(zc.name) { return true }
            return fn.nodes.indices.contains { u in
                guard u == s || u == z || (fn.reaches(s, u) && fn.reaches(u, z)) else { return false }
                if !lockObjects(locks, at: u).isDisjoint(with: held) { return true }
                guard u != z, case .event(.call(let c)) = fn.nodes[u].kind else { return false }
                if let (_, _, key) = locks.pair(of: c), held.contains(key) { return true }
                return index.functions[c.callee] != nil
            }
        }
        var out: [LateStateStore] = []
        var seen: Set<Field> = []
        for (s, n) in fn.nodes.enumerated() {
            guard let (lhs, text, loc) = stateStore(n, in: fn, guards: guards, writes: writes), let f = lhs.stateField,
                  let g = guards[f], g.escape == nil, !g.lockedSomewhere || !g.locks.isEmpty,
                  !zapNodes.contains(where: { fn.reaches($0, s) }),
                  let z = zapNodes.first(where: { fn.reaches(s, $0) }),
                  !graceNodes.contains(where: { $0 == s || (fn.reaches(s, $0) && fn.reaches($0, z)) }),
                  !g.lockedSomewhere || !waitsForSection(s, z, g.locks),
                  seen.insert(f).inserted else { continue }
            out.append(LateStateStore(node: s, zap: z, field: f, lhs: lhs, text: text, loc: loc, mappingGuard: g, escaped: false,
                                      early: true, outsideLock: g.lockedSomewhere))
        }
        return out
    }

    /// What a call of a helper of the tree stores for its caller: a guarded member of a pointer
    /// argument (`mark_dead(d)` doing `d->dead = true`, or a `writes` call on it) stored on every
    /// path through the helper — the store as the caller's path, and the helper's text.
    func setterStore(_ c: CallSite, in fn: FunctionFacts, guards: [Field: MappingGuard], writes: StateWrites)
        -> (AccessPath, String)? {
        // A setter of the tree's own code: a header's inline writes the kernel's container it
        // is given (list_del() writes list_head.next), never a driver's state.
        guard let g = index.functions[c.callee], g.key != fn.key, !g.loc.file.hasSuffix(".h") else { return nil }
        for (i, n) in g.nodes.enumerated() {
            let stored: (AccessPath, String)?
            switch n.kind {
            case .event(.assign(let lhs, _, let text, _, _)): stored = (lhs, text)
            case .event(.call(let w)):
                stored = writes.written(by: w).map { ($0, w.spelled) }
            default: stored = nil
            }
            guard let (lhs, text) = stored, case .param(let k) = lhs.base, let f = lhs.last, guards[f] != nil,
                  k < c.args.count, case .path(let arg) = c.args[k],
                  g.onlyThrough(node: i, toReach: 1) else { continue }
            return (AccessPath(base: arg.base, fields: arg.fields + lhs.fields), text)
        }
        return nil
    }

    /// The struct members a condition reads (`d->dead`, `!vdev->bar_mmap`, `s->state == X`,
    /// `test_bit(DEAD, &d->flags)` through `reads`, `!dev_alive(d)` through what the helper
    /// returns, a local assigned from a read: `irq = idr_find(&ctx->irq_idr, id); if (irq)`,
    /// `dead = READ_ONCE(d->dead); if (dead)`, smp_load_acquire()'s statement expression).
    func fieldsRead(_ c: Cond, in fn: FunctionFacts, reads: [String: Int], depth: Int = 0) -> [Field] {
        func e(_ x: Expr, hops: Int = 0) -> [Field] {
            switch x {
            case .path(let p):
                if let f = p.stateField { return [f] }
                guard hops < 3, case .local = p.base else { return [] }
                // A local holding a copy of the state, or a lookup's result, or a comparison of it
                // (`active = atomic_read(&pm->state) == ACTIVE; if (active)`): the state read.
                // Through the temporaries of a macro that reads it (`res = rcu_dereference(d->res)`:
                // the statement expression's `________p1`; smp_load_acquire()'s `___p1`).
                return fn.assignedValues(p).flatMap { v -> [Field] in
                    if case .path = v { return e(v, hops: hops + 1) }
                    if case .test(let t) = v { return depth < 2 ? fieldsRead(t, in: fn, reads: reads, depth: depth + 1) : [] }
                    guard case .call(let id) = v, let call = fn.call(id), let k = reads[call.name], k < call.args.count else { return [] }
                    return e(call.args[k], hops: hops + 1)
                }
            case .test(let t): return fieldsRead(t, in: fn, reads: reads, depth: depth)
            case .call(let id):
                guard let call = fn.call(id) else { return [] }
                if let k = reads[call.name], k < call.args.count { return e(call.args[k]) }
                // A helper whose returns read the state (`return !d->dead;`), one level down.
                guard depth < 1, let helper = index.functions[call.callee] else { return [] }
                return helper.nodes.flatMap { n -> [Field] in
                    guard case .event(.ret(let v?, _)) = n.kind else { return [] }
                    return fieldsRead(.truthy(v), in: helper, reads: reads, depth: depth + 1)
                }
            default: return []
            }
        }
        switch c {
        case .truthy(let x): return e(x)
        case .equal(let a, let b): return e(a) + e(b)
        case .not(let inner): return fieldsRead(inner, in: fn, reads: reads, depth: depth)
        case .opaque: return []
        case .below(let x, _): return e(x)
        }
    }
}

extension AccessPath {
    /// The state a path names: its last member, or a file-scope variable itself (a
    /// single-instance driver's `static bool removed;`).
    var stateField: Field? {
        if let f = last { return f }
        if case .global(let g) = base { return Field.global(g) }
        return nil
    }
}
