import Facts
import Findings
import Foundation
import Index

/// `kind: callback-body` — Forbidden calls in a callback (a notifier `->release`) and its callees two calls deep, outside locks.
struct CallbackBodyCheck: FamilyCheck {
    static let kind = "callback-body"
    static let matchKeys: [String: Bool] = ["callbacks": true, "forbidden": true, "unlinks": false, "drops": false, "waits": false,
                                            "emptiness_tests": false, "once_when_false": false, "once_when_true": false,
                                            "once_when_expected": false]
    static let phase = CheckPhase.afterSummaries
    static let group: String? = "locks"
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.callbackBodyFindings(rule, ctx) }
}

extension Engine {
    func callbackBodyFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let forbidden = Set(rule.match["forbidden"]!)
        // The forbidden calls that unlink a list or tree entry (the others free or drop a reference).
        let unlinks = Set(rule.match["unlinks"] ?? [])
        // The forbidden calls that drop a reference the driver counts (kref_put, refcount_dec_and_test).
        let drops = Set(rule.match["drops"] ?? [])
        // The forbidden calls that wait for the read section the callback runs in (a deadlock).
        let waits = Set(rule.match["waits"] ?? [])
        // Tests of whether an entry is linked (`list_empty(&c->node)`): an unlink that does not
        // re-initialize the entry leaves them answering as before, so they guard no second run.
        let emptiness = Set(rule.match["emptiness_tests"] ?? [])
        let cbs = ctx.callbacks(rule.match["callbacks"]!)
        // Atomic bit operations whose result tells the first run (`if (test_and_set_bit(DEAD,
        // &c->flags)) return;`): the first run is on their false side, or on their true side.
        let once = RunOnce(whenFalse: rule.match["once_when_false"] ?? [], whenTrue: rule.match["once_when_true"] ?? [],
                           whenExpected: rule.match["once_when_expected"] ?? [])
        let reached = ctx.reached(from: cbs, depth: Engine.callbackBodyDepth)
        var out: [Finding] = []
        for key in reached.keys.sorted() {
            guard let fn = index.functions[key], !isContractFunction(fn), let r = reached[key], let field = cbs[r.root] else { continue }
            // A run-once guard on the way down: the second run returns before the call.
            let levels = chainCalls((r.root, r.chain))
            if levels.contains(where: { runOnce($0.fn, at: $0.node, once) }) { continue }
            let la = ctx.locks(fn)
            for (i, n) in fn.nodes.enumerated() {
                // Under a lock (here, or around a call on the way down from the callback), behind a
                // test made under it, a second run waits and finds the entry gone: SGX's
                // lookup-then-list_del_rcu under mm_lock. Under a lock alone it unlinks again.
                guard case .event(.call(let c)) = n.kind, forbidden.contains(c.name) else { continue }
                let entry: AccessPath? = { if unlinks.contains(c.name), case .path(let p)? = c.args.first { return p }; return nil }()
                let stale = { (g: FunctionFacts, cond: Cond) in
                    (g.key == fn.key && entry.map { self.testsEmptiness(cond, of: $0, in: g, emptiness) } ?? false)
                        || self.leftUnchanged(cond, in: g, forbidden: forbidden)
                }
                guard !guardedUnderLock(levels + [(fn, i)], ctx, ignoring: stale),
                      !takenOutUnderLock(fn, la, c.args.first, once), !runOnce(fn, at: i, once, la) else { continue }
                let through = r.chain.dropLast().map { " through \($0.name)()" }.joined()
                let via = r.chain.isEmpty ? "" : " (called from \(index.functions[r.root]?.name ?? r.root) at line \(r.chain[0].loc.line)"
                    + through + ")"
                let what: String
                switch c.name {
                case _ where ctx.refCalls[c.name]?.gains == false: what = "drops an mm reference"
                case _ where unlinks.contains(c.name):
                    what = "unlinks without re-initializing the entry (a second run corrupts the list or tree)"
                case _ where drops.contains(c.name): what = "drops a reference (a second run drops it twice)"
                case _ where waits.contains(c.name):
                    what = "waits for the SRCU read section exit_mmap() runs ->release in (synchronize_srcu(): a deadlock), "
                        + "and unlinks the subscription and drops its mm_count"
                default: what = "frees memory"
                }
                var f = familyFinding(rule, fn: fn, at: c.loc,
                    message: "\(c.spelled) in \(field)\(via) \(what): "
                        + "->release can run twice (exit_mmap() and mmu_notifier_unregister() concurrently) "
                        + "and not at all after mmu_notifier_put(); it should only stop all access to the mm",
                    origin: "release", identity: "release \(c.name) \(c.argText.joined(separator: ","))")
                if let path = fn.shortestPath(from: 0, limit: 4000, goal: { $0 == i }) {
                    let target: AccessPath = { if case .path(let p)? = c.args.first { return p }; return AccessPath(base: .local("?")) }()
                    f.path = pathEvents(fn, path)
                    f.subject = FindingSubject(functionKey: fn.key, nodes: path, useNode: i, target: target, fact: "release",
                                               cause: .release, holder: nil, mixed: false, ownPin: false, holderStores: [],
                                               originKind: "release", callback: r.root)
                }
                out.append(f)
            }
        }
        return out
    }

    /// How many calls below the callback its forbidden calls are looked for (`->release` →
    /// teardown → free helper).
    static let callbackBodyDepth = 2

    /// Is the way down (each function on the chain from the callback and its call's node, the
    /// last one the forbidden call) made under a lock taken at some level, and does a test made
    /// under it guard the rest of the way — a branch under the lock at that level, or any
    /// branch below it (the callees run under it) — that every way to the next call passes one
    /// side of (`spin_lock(&c->lock); if (!c->stopped) { … list_del(&c->node); }`, a walk of the
    /// list, s390's `if (!handle) return 0;` in the helper a vcpu mutex covers)? A second run
    /// takes the lock after the first and sees what it changed; an unlink or free under the
    /// lock alone runs again.
    /// `ignoring`: branches whose test the call leaves answering as before (a second run
    /// passes them the same way).
    func guardedUnderLock(_ levels: [(fn: FunctionFacts, node: Int)], _ ctx: FamilyContext,
                          ignoring: (FunctionFacts, Cond) -> Bool = { _, _ in false }) -> Bool {
        for (k, level) in levels.enumerated() where !(ctx.locks(level.fn).held[level.node] ?? []).isEmpty {
            for j in k..<levels.count {
                let held = j == k ? ctx.locks(level.fn).held : nil
                if behindBranch(levels[j].fn, at: levels[j].node, heldAt: held, ignoring: ignoring) { return true }
            }
        }
        return false
    }

    /// Does a test of members (`if (!amn->only_node) goto out;`) read only what its function never
    /// changes — no store to them or to an object they hang from, no call given their address or
    /// their object (but the forbidden calls: a free changes no pointer)? A second run then
    /// passes it the way the first did: it guards nothing.
    func leftUnchanged(_ c: Cond, in fn: FunctionFacts, forbidden: Set<String>) -> Bool {
        var paths: [AccessPath] = []
        func leaf(_ e: Expr) -> Bool {
            switch e {
            case .path(let p) where !p.fields.isEmpty: paths.append(p); return true
            case .null, .int: return true
            default: return false
            }
        }
        func walk(_ x: Cond) -> Bool {
            switch x {
            case .not(let y): return walk(y)
            case .truthy(let e): return leaf(e)
            case .equal(let a, let b): return leaf(a) && leaf(b)
            default: return false
            }
        }
        guard walk(c), !paths.isEmpty else { return false }
        func under(_ p: AccessPath, _ q: AccessPath) -> Bool { p.starts(with: q) }   // q is p or an object p hangs from
        for n in fn.nodes {
            switch n.kind {
            case .event(.assign(let l, _, _, _, _)):
                // (A local naming the object — `amn = container_of(mn, …)` — changes no member.)
                if !l.fields.isEmpty, paths.contains(where: { under($0, l) }) { return false }
            case .event(.call(let call)):
                for (k, a) in call.args.enumerated() {
                    guard case .path(let q) = a else { continue }
                    let address = call.argText(k)?.hasPrefix("&") == true
                    let passed = { (p: AccessPath) in
                        under(p, q) && (address || (q.fields.count < p.fields.count && !forbidden.contains(call.name)))
                    }
                    if paths.contains(where: passed) { return false }
                }
            default: break
            }
        }
        return true
    }

    /// Is `c` (under negations) an emptiness test (`list_empty`, `hlist_unhashed`) of `entry`?
    /// list_del() and hlist_del() poison the entry's pointers rather than pointing it at itself:
    /// after them list_empty() still answers false, and the second run unlinks again.
    private func testsEmptiness(_ c: Cond, of entry: AccessPath, in fn: FunctionFacts, _ tests: Set<String>) -> Bool {
        guard case .truthy(.call(let id)) = c.unnegated.cond, let call = fn.call(id), tests.contains(call.name),
              case .path(let p)? = call.args.first else { return false }
        return p == entry
    }

    /// Does every way from the entry to node `i` pass one side of a branch (one made where
    /// `heldAt` holds a lock, when given)?
    func behindBranch(_ fn: FunctionFacts, at i: Int, heldAt: [Set<String>?]?,
                      ignoring: (FunctionFacts, Cond) -> Bool = { _, _ in false }) -> Bool {
        for (g, n) in fn.nodes.enumerated() where g != i && n.succs.count == 2 {
            guard case .branch(let cond, _, _) = n.kind, heldAt.map({ !($0[g] ?? []).isEmpty }) ?? true,
                  !ignoring(fn, cond) else { continue }
            if fn.onlyThrough(g, side: 0, toReach: i) || fn.onlyThrough(g, side: 1, toReach: i) { return true }
        }
        return false
    }

    /// Does every way from the function's entry to `node` pass the first-run side of a branch on a
    /// run-once operation (`if (test_and_set_bit(0, &c->flags)) return;`,
    /// `if (!test_and_clear_bit(LIVE, &c->flags)) return;`, `if (xchg(&c->dead, 1)) return;`)?
    /// A second run cannot reach it.
    /// Also a local read out of a member under a lock that empties the member there too
    /// (`spin_lock(); was = c->linked; c->linked = false; spin_unlock(); if (was) …`, with `la`):
    /// only one run reads it set.
    func runOnce(_ fn: FunctionFacts, at node: Int, _ once: RunOnce, _ la: LockAnalysis? = nil) -> Bool {
        guard !once.isEmpty else { return false }
        for (g, n) in fn.nodes.enumerated() where n.succs.count == 2 {
            guard case .branch(var c, _, _) = n.kind else { continue }
            var side = 0
            while case .not(let x) = c { c = x; side = 1 - side }
            if let la = la, case .truthy(let e) = c, takenOutUnderLock(fn, la, e, once) {
                if g != node, fn.onlyThrough(g, side: side, toReach: node) { return true }
                continue
            }
            // The result tested as a truth value, or compared with a constant (`cmpxchg(…) == OLD`),
            // directly or through a local assigned it once (`bool dead = test_and_set_bit(…);`).
            func result(_ e: Expr) -> Int? {
                if case .call(let id) = e { return id }
                guard case .path(let p) = e, case .local = p.base, p.fields.isEmpty, let a = fn.onlyAssignment(p),
                      case .event(.assign(_, .call(let id), _, _, _)) = fn.nodes[a].kind else { return nil }
                return id
            }
            let tested: (id: Int, to: Int64?)
            switch c {
            case .truthy(let e): guard let id = result(e) else { continue }; tested = (id, nil)
            case .equal(let e, .int(let k)), .equal(.int(let k), let e): guard let id = result(e) else { continue }; tested = (id, k)
            default: continue
            }
            guard let call = fn.call(tested.id) else { continue }
            let viaHelper = tested.to == nil ? helperFirstRun(call, once) : nil
            guard let firstRunTrue = once.firstRunTrue(call, comparedWith: tested.to) ?? viaHelper else { continue }
            let first = firstRunTrue ? side : 1 - side
            if g != node, fn.onlyThrough(g, side: first, toReach: node) { return true }
        }
        return false
    }

    /// A helper of the tree every return of which is a run-once operation's result or its
    /// negation (`static bool mark_dead(struct b *b) { return !test_and_set_bit(DEAD, &b->flags); }`):
    /// what its result is on the first run.
    func helperFirstRun(_ call: CallSite, _ once: RunOnce) -> Bool? {
        guard let h = index.functions[call.callee] else { return nil }
        var answer: Bool?
        for n in h.nodes {
            guard case .event(.ret(let v, _)) = n.kind else { continue }
            var negated = false, id: Int?
            switch v {
            case .call(let x)?: id = x
            case .test(var c)?:
                while case .not(let x) = c { c = x; negated.toggle() }
                if case .truthy(.call(let x)) = c { id = x }
            default: break
            }
            guard let id = id, let inner = h.call(id), let first = once.firstRunTrue(inner) else { return nil }
            let value = first != negated
            if let a = answer, a != value { return nil }
            answer = value
        }
        return answer
    }

    /// The run-once operations of a rule (`once_when_false`, `once_when_true`): a name (a bit
    /// operation: test_and_set_bit's first run sees false, test_and_clear_bit's true), or
    /// `name@N` for an exchange of the value argument N gives: it tells the first run only when
    /// that argument is a constant that sets (nonzero: `xchg(&c->dead, 1)` returns 0 once) under
    /// `once_when_false`, or clears (zero: `xchg(&c->armed, 0)` returns nonzero once) under
    /// `once_when_true`; a value not known here tells nothing. `once_when_expected` (`name@N`):
    /// a compare-and-exchange of the expected value argument N for the new value argument N+1
    /// (`cmpxchg(&c->state, ALIVE, DEAD)`): the first run sees the expected value, every later one
    /// the new — a test of the result (as a truth value, or against a constant) that the two
    /// answer differently tells the first run.
    struct RunOnce {
        private var whenFalse: [String: Int?] = [:], whenTrue: [String: Int?] = [:], whenExpected: [String: Int] = [:]

        init(whenFalse: [String], whenTrue: [String], whenExpected: [String] = []) {
            // A plain name keeps no argument; `name@N` the one callArguments reads.
            func parse(_ entries: [String]) -> [String: Int?] {
                let args = callArguments(entries)
                return Dictionary(uniqueKeysWithValues: args.map { name, k in (name, entries.contains(name) ? nil : k) })
            }
            self.whenFalse = parse(whenFalse); self.whenTrue = parse(whenTrue); self.whenExpected = callArguments(whenExpected)
        }

        var isEmpty: Bool { whenFalse.isEmpty && whenTrue.isEmpty && whenExpected.isEmpty }

        /// Is the call an exchange that empties what its first argument points to (`xchg(&c->t,
        /// NULL)`: its value argument is 0)? Only one run gets the old value.
        func takesOut(_ call: CallSite) -> Bool {
            guard let entry = whenTrue[call.name], let k = entry, k < call.args.count else { return false }
            return call.args[k] == .int(0) || call.args[k] == .null
        }

        /// Is the call's result — tested as a truth value, or `comparedWith` a constant for
        /// equality — true on the first run (false: false on the first run)? Nil when the call
        /// does not tell.
        func firstRunTrue(_ call: CallSite, comparedWith k: Int64? = nil) -> Bool? {
            func value(_ k: Int) -> Int64? {
                guard k < call.args.count, case .int(let v) = call.args[k] else { return nil }
                return v
            }
            if let e = whenExpected[call.name] {
                guard let expected = value(e), let new = value(e + 1) else { return nil }
                let first = k.map { expected == $0 } ?? (expected != 0), later = k.map { new == $0 } ?? (new != 0)
                return first != later ? first : nil
            }
            guard k == nil else { return nil }
            if let entry = whenFalse[call.name], entry.map({ k in value(k).map { $0 != 0 } == true }) ?? true { return false }
            if let entry = whenTrue[call.name], entry.map({ k in value(k) == 0 }) ?? true { return true }
            return nil
        }
    }

    /// Is the argument a local every value of which was taken out of a member under a lock,
    /// that member being emptied under a lock too (`spin_lock; t = c->table; c->table = NULL;
    /// spin_unlock; kfree(t);`), or by an exchange that empties it (`t = xchg(&c->table, NULL)`)?
    /// A second run finds NULL, and the free of NULL does nothing.
    func takenOutUnderLock(_ fn: FunctionFacts, _ la: LockAnalysis, _ arg: Expr?, _ once: RunOnce) -> Bool {
        guard case .path(let v)? = arg, v.fields.isEmpty, case .local = v.base else { return false }
        var members: Set<AccessPath> = []
        var exchanged = false
        for (i, n) in fn.nodes.enumerated() {
            guard case .event(.assign(let l, let r, _, _, _)) = n.kind, l == v else { continue }
            if case .call(let id) = r, let call = fn.call(id), once.takesOut(call) { exchanged = true; continue }
            guard case .path(let m) = r, !m.fields.isEmpty, !(la.held[i] ?? []).isEmpty else { return false }
            members.insert(m)
        }
        if members.isEmpty { return exchanged }
        return !members.isEmpty && members.allSatisfy { m in
            fn.nodes.indices.contains { i in
                guard case .event(.assign(let l, let r, _, _, _)) = fn.nodes[i].kind, l == m,
                      r == .null || r == .int(0) else { return false }
                return !(la.held[i] ?? []).isEmpty
            }
        }
    }
}
