import Facts
import Findings
import Foundation
import Index

/// `kind: lifetime-flag` — A plain flag or state set at teardown and tested without a common lock before an address-space operation.
struct LifetimeFlagCheck: FamilyCheck {
    static let kind = "lifetime-flag"
    static let matchKeys: [String: Bool] = ["teardown_callbacks": true, "teardown_calls": true, "marked": true, "guards": false]
    static let phase = CheckPhase.afterSummaries
    static let group: String? = "locks"
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.lifetimeFlagFindings(rule, ctx) }
}

/// A plain constant stored into a member in a teardown function: where, the value, the locks
/// held there, and why the function is a teardown.
private struct FlagStore {
    var fn: FunctionFacts; var loc: SourceLoc; var text: String; var value: Int64; var locks: Set<String>; var why: String
}

extension Engine {
    func lifetimeFlagFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let marked = rule.match["marked"]!
        let guards = ctx.usersOperations.union(rule.match["guards"] ?? [])
        let fns = judged(ctx)
        let stores = teardownFlagStores(rule, ctx, fns)
        guard !stores.isEmpty else { return [] }
        // Functions that reach a guarded use within two calls (`if (m->dead) return; return
        // pin(m, …);` with pin() calling get_user_pages_remote()): the use the test guards.
        let direct = index.calling(guards)
        let reachers = direct.union(index.callers(of: direct, within: 1))
        /// A use the callee `key` makes (itself or one call further) with mm_users not held there.
        func reachedUse(_ key: String, depth: Int = 0) -> (use: CallSite, in: FunctionFacts)? {
            guard let callee = index.functions[key] else { return nil }
            for (j, n) in callee.nodes.enumerated() {
                guard case .event(.call(let c)) = n.kind else { continue }
                if guards.contains(c.name) { if !pinnedUse(callee, j, c) { return (c, callee) }; continue }
                if depth == 0, c.callee != key, reachers.contains(c.callee), let u = reachedUse(c.callee, depth: 1) { return u }
            }
            return nil
        }
        var out: [Finding] = []
        for fn in fns {
            lazy var locks = ctx.locks(fn)   // only for functions that test a flag
            for (i, n) in fn.nodes.enumerated() {
                guard let (c, text, loc, read) = Engine.flagTest(n, in: fn), let flag = Engine.flagField(of: c),
                      let flagStores = stores[flag], !marked.contains(where: { text.hasPrefix($0) }) else { continue }
                let others = flagStores.filter { $0.fn.key != fn.key }
                // What the alive side then does with the mm (breadth-first: the nearest use).
                func use(after store: FlagStore) -> (toUse: [Int], node: Int, call: CallSite)? {
                    guard let (_, alive) = Engine.aliveEdge(c, store.value, stores), alive < n.succs.count,
                          let toUse = fn.shortestPath(from: n.succs[alive], limit: 400, goal: { m in
                              guard case .event(.call(let call)) = fn.nodes[m].kind else { return false }
                              return guards.contains(call.name) || (call.callee != fn.key && reachers.contains(call.callee))
                          }), let useNode = toUse.last, case .event(.call(let u)) = fn.nodes[useNode].kind else { return nil }
                    return (toUse, useNode, u)
                }
                // A store no lock held from the test to the use excludes (a lock dropped between
                // them lets the teardown in).
                let atTest = locks.held[read ?? i] ?? []
                guard let store = others.first(where: { !LockAnalysis.exclude($0.locks, atTest, shared: vocab.sharedLocks) })
                        ?? others.first(where: { st in
                            use(after: st).map { !LockAnalysis.exclude(st.locks, atTest.intersection(locks.held[$0.node] ?? []),
                                                                       shared: vocab.sharedLocks) } ?? false
                        }),
                      let (toUse, useNode, u) = use(after: store) else { continue }
                let reached = guards.contains(u.name) ? nil : reachedUse(u.callee)
                if guards.contains(u.name) ? pinnedUse(fn, useNode, u) : reached.map({ pinnedAcross(fn, useNode, u, $0) }) ?? true {
                    continue
                }
                let inner = reached?.use
                let what = inner.map { "\(u.name)() at line \(u.loc.line), which reaches \($0.name)() (\($0.loc.file):\($0.loc.line))" }
                    ?? "\(u.name)() at line \(u.loc.line)"
                var f = familyFinding(rule, fn: fn, at: loc,
                    message: "`\(text)` guards \(what), "
                        + "but \(flag) is set by `\(store.text)` in \(store.fn.name) (\(store.why), \(store.loc.file):\(store.loc.line)) "
                        + "without a lock in common with this test held until the use, and without "
                        + "WRITE_ONCE/READ_ONCE: the teardown can run between the test and the use; pin the mm (mmget_not_zero) "
                        + "or test under the teardown's lock",
                    origin: "unlocked-flag", identity: "\(flag) \(text) \(u.name)",
                    related: [Related(file: store.loc.file, line: store.loc.line, message: "teardown sets the flag here"),
                              Related(file: u.loc.file, line: u.loc.line, message: "the guarded use")])
                // Replay: the test passes, the owner's exit (with the teardown that sets the
                // flag) runs, then the use — the mm the use works on is the target.
                if inner == nil, let toTest = fn.shortestPath(from: 0, limit: 2000, goal: { $0 == i }), let a0 = u.args.first,
                   case .path(let t) = a0 {
                    let nodes = toTest + toUse
                    f.path = pathEvents(fn, nodes)
                    f.subject = FindingSubject(functionKey: fn.key, nodes: nodes, useNode: useNode, target: t, fact: MMFact.users,
                                               cause: .flag, holder: nil, mixed: false, ownPin: false, holderStores: [],
                                               originKind: origin(t).name, guardNode: i)
                }
                out.append(f)
            }
        }
        return out
    }

    /// Does the caller hold mm_users, at its call `u` of a helper, on the mm the helper's use
    /// `r.use` works on (`if (!mmget_not_zero(m->mm)) return; helper(m);` with helper() calling
    /// get_user_pages_remote(m->mm, …))? The use's argument read in its function: a member (a
    /// local that reads one) is pinned when the caller holds users on that member; a parameter
    /// of the helper `u` calls, when the caller holds users on what it passes.
    private func pinnedAcross(_ fn: FunctionFacts, _ node: Int, _ u: CallSite, _ r: (use: CallSite, in: FunctionFacts)) -> Bool {
        let df = dataflow(of: fn)
        guard let s = df.inState[node] else { return false }
        let aliases = memberAliases(r.in)
        return r.use.args.contains { a in
            guard case .path(var p) = a else { return false }
            if p.fields.isEmpty, case .local(let name) = p.base, let q = aliases[name] { p = q }
            if let f = p.last { return s.facts.contains { $0.fact == MMFact.users && $0.path.last == f } }
            guard case .param(let k) = p.base, r.in.key == u.callee, k < u.args.count else { return false }
            return df.resolve(u.args[k], s).map { holds(s, MMFact.users, $0) } ?? false
        }
    }

    /// Is mm_users held at the use on an mm it is handed (`mmget_not_zero(m->mm)` before
    /// `get_user_pages_remote(m->mm, …)`), or is that mm the running task's (`current->mm` in an
    /// ioctl: its syscall holds it)? Then that protects it, not the flag.
    private func pinnedUse(_ fn: FunctionFacts, _ node: Int, _ use: CallSite) -> Bool {
        let df = dataflow(of: fn)
        guard let s = df.inState[node] else { return false }
        func covered(_ p: AccessPath) -> Bool { holds(s, MMFact.users, p) || vocab.isRunningTaskMM(p) }
        if use.args.contains(where: { a in df.resolve(a, s).map(covered) ?? false }) { return true }
        // The mm the use needs, where its contract reaches it through the argument
        // (hmm_range_fault(&s->range) needs users on `range->notifier->mm`).
        return contract(for: use)?.requires.contains { r in
            r.fact == MMFact.users && df.target(r.on, use, s).map(covered) == true
        } ?? false
    }

    /// Plain constant stores into a member in a teardown function (a teardown callback, a
    /// function it calls, or one that calls a teardown call), by member.
    private func teardownFlagStores(_ rule: Rule, _ ctx: FamilyContext, _ fns: [FunctionFacts]) -> [Field: [FlagStore]] {
        let marked = rule.match["marked"]!, teardownCalls = Set(rule.match["teardown_calls"]!)
        let callbacks = ctx.callbacks(rule.match["teardown_callbacks"]!)
        var stores: [Field: [FlagStore]] = [:]
        let inCallback = ctx.reached(from: callbacks, depth: 1)
        let tearers = index.calling(teardownCalls)
        // The functions a teardown path calls directly on its way to the teardown call (`mark_dead(s);
        // mmu_interval_notifier_remove(…)`: every way on from the call reaches it), as for the
        // callback's: by the first such path, by name. (Not a constructor whose error path puts
        // the notifier: its success path returns without it.)
        var tearerCallees: [String: String] = [:]
        for key in tearers.sorted() {
            guard let g = index.functions[key] else { continue }
            let tear = Set(g.nodes.indices.filter { i in
                if case .event(.call(let c)) = g.nodes[i].kind { return teardownCalls.contains(c.name) }
                return false
            })
            for (u, n) in g.nodes.enumerated() {
                guard case .event(.call(let c)) = n.kind, index.functions[c.callee] != nil, tearerCallees[c.callee] == nil,
                      !g.reaches(from: u, to: 1, along: { tear.contains($0) ? [] : g.nodes[$0].succs }) else { continue }
                tearerCallees[c.callee] = g.name
            }
        }
        for fn in fns {
            var why: String?
            if let r = inCallback[fn.key], let f = callbacks[r.root] {
                why = r.chain.isEmpty ? "the \(f) callback" : "called from the \(f) callback \(index.functions[r.root]?.name ?? r.root)"
            }
            else if tearers.contains(fn.key), let c = fn.nodes.lazy.compactMap({ n -> CallSite? in
                if case .event(.call(let c)) = n.kind, teardownCalls.contains(c.name) { return c }; return nil
            }).first {
                why = "a teardown path (it calls \(c.name)() at line \(c.loc.line))"
            }
            else if let t = tearerCallees[fn.key] { why = "called from the teardown path \(t)()" }
            guard let teardown = why else { continue }
            let locks = ctx.locks(fn)
            for (i, n) in fn.nodes.enumerated() {
                // A flag: a constant stored plainly — true/false, or a state (`m->state = DEAD`);
                // not a pointer cleared to NULL, nor a negative sentinel (`locked = -1`: unset).
                // (Nor an element of an array member, `x->dma_list[i] = 0`: no flag of the object.)
                guard case .event(.assign(let lhs, .int(let v), let text, let loc, false)) = n.kind, let f = lhs.last,
                      v >= 0, !text.hasSuffix("NULL"), !marked.contains(where: { text.hasPrefix($0) }),
                      !fn.elementStores.contains(loc) else { continue }
                stores[f, default: []].append(FlagStore(fn: fn, loc: loc, text: text, value: v, locks: locks.held[i] ?? [], why: teardown))
            }
        }
        return stores
    }

    /// The edge on which the flag does not have its teardown value.
    private static func aliveEdge(_ c: Cond, _ v: Int64, _ stores: [Field: [FlagStore]]) -> (Field, Int)? {
        switch c {
        case .truthy(.path(let p)):
            guard let f = p.last, stores[f] != nil else { return nil }
            return (f, v != 0 ? 1 : 0)
        case .equal(.path(let p), .int(let k)), .equal(.int(let k), .path(let p)):
            guard let f = p.last, stores[f] != nil else { return nil }
            return (f, k == v ? 1 : 0)
        case .not(let x): return aliveEdge(x, v, stores).map { ($0.0, 1 - $0.1) }
        default: return nil
        }
    }

    /// A branch as a flag test: its condition, the text and place of the member's read, and the
    /// node of that read when it is not the branch — a test of a local every assignment of which
    /// reads one member (`bool dead = m->dead; … if (dead)`) tests that member, read where the
    /// local was assigned.
    static func flagTest(_ n: CFGNode, in fn: FunctionFacts) -> (Cond, String, SourceLoc, Int?)? {
        guard case .branch(let c, let text, let loc) = n.kind else { return nil }
        if flagField(of: c) != nil { return (c, text, loc, nil) }
        func local(_ c: Cond) -> String? {
            switch c {
            case .truthy(.path(let p)), .equal(.path(let p), .int), .equal(.int, .path(let p)):
                if p.fields.isEmpty, case .local(let name) = p.base { return name }
                return nil
            case .not(let x): return local(x)
            default: return nil
            }
        }
        guard let name = local(c), let j = fn.onlyAssignment(AccessPath(base: .local(name))),
              case .event(.assign(_, .path(let p), let t, let at, _)) = fn.nodes[j].kind, !p.fields.isEmpty else { return nil }
        let rhs = t.range(of: "=").map { String(t[$0.upperBound...]).trimmingCharacters(in: .whitespaces) } ?? t
        let read = (node: j, member: p, text: rhs, loc: at)
        func member(_ c: Cond) -> Cond {
            switch c {
            case .truthy: return .truthy(.path(read.member))
            case .equal(.path, let k), .equal(let k, .path): return .equal(.path(read.member), k)
            case .not(let x): return .not(member(x))
            default: return c
            }
        }
        return (member(c), read.text, read.loc, read.node)
    }

    /// The member a flag test reads (`x->dead`, `x->state == 1`, negated or not).
    private static func flagField(of c: Cond) -> Field? {
        switch c {
        case .truthy(.path(let p)), .equal(.path(let p), .int), .equal(.int, .path(let p)): return p.last
        case .not(let x): return flagField(of: x)
        default: return nil
        }
    }
}
