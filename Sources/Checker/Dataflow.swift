import Facts

/// A fact on an access path: `users` on `arg0->mm`, `present` on `pvmw->pmd`.
public struct FactKey: Hashable, Sendable {
    public var fact: String
    public var path: AccessPath
}

/// Effects that apply when a local that holds a call's result is later tested.
struct Pending: Hashable {
    var whenTrue: [FactKey]
    var whenFalse: [FactKey]
    /// What comparing the value with a constant tells (Contract.whenEquals), by constant.
    var whenEquals: [Int64: [FactKey]] = [:]
    var whenNotEquals: [Int64: [FactKey]] = [:]
    /// Effects whose `if:` fact did not hold where the test was stored: judged where the stored
    /// value is tested (`bool mig = is_pmd_migration_entry(*pmd); VM_BUG_ON(!mig && !pmd_trans_huge(*pmd));
    /// if (!mig) …`: the assertion between makes the entry huge-or-migration).
    var whenTrueIf: [Deferred] = []
    var whenFalseIf: [Deferred] = []
    /// Made where paths that tested the local each way join (State.tested), not from a value the
    /// code stored: the later test's side tells which path ran, and no pin was tried by it.
    var byTest = false
    /// Made where paths holding different integer constants joined (State.consts): every value
    /// the local may hold here, each with whenEquals/whenNotEquals. Nil: not known.
    var values: Set<Int64>? = nil
    /// The value is a call's whose returns are all zero or negative (Contract.nonPositive).
    var nonPositive = false

    struct Deferred: Hashable {
        var need: FactKey
        var facts: [FactKey]
    }

    var isEmpty: Bool {
        whenTrue.isEmpty && whenFalse.isEmpty && whenEquals.isEmpty && whenNotEquals.isEmpty && whenTrueIf.isEmpty && whenFalseIf.isEmpty
    }
}

/// Facts in a stable order (a pending test's lists are compared at every join).
/// (Each fact's text made once, not once per comparison: the default description of a FactKey
/// goes through reflection.)
func orderedFacts(_ s: Set<FactKey>) -> [FactKey] {
    if s.count < 2 { return Array(s) }
    return s.map { ("\($0)", $0) }.sorted { $0.0 < $1.0 }.map(\.1)
}

/// The must-state at a program point: facts that hold on every path to it.
struct State: Equatable {
    var facts: Set<FactKey> = []
    var alias: [String: AccessPath] = [:]
    var pending: [String: Pending] = [:]
    /// Locals holding a truth value (`bool same = x->mm == current->mm;`): testing the local
    /// tests the condition.
    var tests: [String: Cond] = [:]
    /// Locals that hold NULL here (`mm = NULL;`): they name no object, so where a path on which
    /// such a local aliases a path joins one on which it is NULL, it keeps the alias
    /// (`mm = NULL; if (x) mm = c->mm; if (!mm) return; use(mm)`: `mm` is `c->mm` wherever used).
    var nulls: Set<String> = []
    /// Locals holding a constant truth value here (`held = true;` inside `if (mmget_not_zero(mm))`,
    /// `ret = -ESRCH;` where it failed). Where paths with different values join, the local becomes
    /// a pending test: testing it later tells which path ran, so what held at the end of that
    /// path holds (not only what held where the constant was stored: `ret = 0;` is stored before
    /// the pin its later `if (!ret)` stands for).
    var flags: [String: Bool] = [:]
    /// Locals whose truth value in `flags` this path learned by testing them, not by storing it.
    var tested: Set<String> = []
    /// Locals holding an integer constant here (`kind = PMD_HUGE;`, a ?: of constants).
    var consts: [String: Int64] = [:]
    /// Page-table locks this path took and still holds (vocabulary calls that kill presence
    /// facts: pmd_lock(), spin_lock(ptl), …): taking a second one forgets nothing, since every
    /// fact left was made under the first (move_huge_pmd's `spin_lock_nested(new_ptl)`).
    var locksHeld = 0
    /// Locals some path to here assigned (or handed to a call, which may fill it). Where a path
    /// on which a local was never assigned joins one on which it holds a value, that value
    /// stands: reading it on the first path is undefined, so code that reads it assumes the
    /// other (6.5–6.11's scoped_guard: `bool alive; scoped_guard(mutex, &l) alive =
    /// mmget_not_zero(mm);` has a path where the guard pointer is NULL and the body is skipped).
    var assigned: Set<String> = []
    /// What a call that unlocks only on one return forgot (Contract.killsWhen), by call id, until
    /// its result is tested: on the side where it did not unlock the facts come back.
    var unkilled: [Int: Unkilled] = [:]

    struct Unkilled: Equatable {
        var facts: [FactKey]
        var killsWhen: Bool
    }

    /// Does an alias key name a member (`c->mm`) rather than a local? (Read by bytes: String's
    /// `contains` of a string goes through Foundation's search, 1.4% of a one-file run.)
    static func isMemberKey(_ k: String) -> Bool {
        var dash = false
        for b in k.utf8 {
            if dash && b == UInt8(ascii: ">") { return true }
            dash = b == UInt8(ascii: "-")
        }
        return false
    }

    /// Keeps only the facts `kept` accepts: held now, and kept by a truth-value local for the
    /// side of its later test.
    mutating func keepFacts(where kept: (FactKey) -> Bool) {
        facts = facts.filter(kept)
        func keptDeferred(_ d: Pending.Deferred) -> Bool { kept(d.need) && d.facts.allSatisfy(kept) }
        for (k, v) in pending where !(v.whenTrue.allSatisfy(kept) && v.whenFalse.allSatisfy(kept)
                                      && v.whenEquals.values.allSatisfy { $0.allSatisfy(kept) }
                                      && v.whenNotEquals.values.allSatisfy { $0.allSatisfy(kept) }
                                      && v.whenTrueIf.allSatisfy(keptDeferred) && v.whenFalseIf.allSatisfy(keptDeferred)) {
            pending[k] = Pending(whenTrue: v.whenTrue.filter(kept), whenFalse: v.whenFalse.filter(kept),
                                 whenEquals: v.whenEquals.mapValues { $0.filter(kept) },
                                 whenNotEquals: v.whenNotEquals.mapValues { $0.filter(kept) },
                                 whenTrueIf: v.whenTrueIf.filter(keptDeferred), whenFalseIf: v.whenFalseIf.filter(keptDeferred))
        }
    }

    /// No path to here assigned the local (a member key is never a local left unset).
    func leavesUnset(_ k: String) -> Bool { !assigned.contains(k) && !State.isMemberKey(k) }

    func joined(_ o: State) -> State {
        var s = State()
        // A local that names different paths on the two sides (`if (x) mm = a->mm; else mm =
        // b->mm;`, a ?: assignment) loses its alias here: what held on each side's path holds
        // on the local itself (a pin of `a->mm` on one side and of `b->mm` on the other pins `mm`).
        // (Each side's own aliases, walked apart: no key set and no copy of the facts is built
        // unless a local's alias differs — the common join has none.)
        func lifted(_ side: State, _ other: State) -> Set<FactKey>? {
            var out: Set<FactKey>?
            for (k, p) in side.alias where other.alias[k] != p && !State.isMemberKey(k) {
                let local = AccessPath(base: .local(k), fields: [])
                for f in side.facts where f.path == p {
                    if out == nil { out = side.facts }
                    out!.insert(FactKey(fact: f.fact, path: local))
                }
            }
            return out
        }
        s.facts = (lifted(self, o) ?? facts).intersection(lifted(o, self) ?? o.facts)
        s.assigned = assigned.union(o.assigned)
        // What a side knows of a local the other side never assigned (facts on it, its alias,
        // its constant or pending test) holds after the join.
        for (side, other) in [(self, o), (o, self)] where side.assigned != other.assigned {
            for f in side.facts {
                if case .local(let k) = f.path.base, !other.assigned.contains(k), side.assigned.contains(k) { s.facts.insert(f) }
            }
        }
        func unsetThere(_ k: String, _ other: State) -> Bool { other.leavesUnset(k) }
        for (k, v) in alias where o.alias[k] == v || (o.alias[k] == nil && (o.nulls.contains(k) || unsetThere(k, o))) { s.alias[k] = v }
        for (k, v) in o.alias where alias[k] == nil && (nulls.contains(k) || unsetThere(k, self)) { s.alias[k] = v }
        s.nulls = nulls.intersection(o.nulls)
        // What held on that path on the aliasing side holds for the local itself after the join
        // (`mm = NULL; if (!kernel) mm = get_pinned(c); use(mm)`: a NULL mm needs no pin); kept on
        // the local, so a direct use of the path on the NULL side is still judged (target()).
        // The same for what held on a member of the object the local names (`found = NULL;
        // list_for_each_entry(s, …) if (match && mmget_not_zero(s->mm)) { found = s; break; }
        // if (!found) return; use(found->mm)`).
        for (k, v) in s.alias where alias[k] == nil || o.alias[k] == nil {
            let side = alias[k] == nil ? o : self, local = AccessPath(base: .local(k), fields: [])
            for f in side.facts {
                if f.path == v || f.path == local { s.facts.insert(FactKey(fact: f.fact, path: local)) }
                else if f.path.fields.count > v.fields.count, f.path.starts(with: v) {
                    let rest = Array(f.path.fields.dropFirst(v.fields.count))
                    s.facts.insert(FactKey(fact: f.fact, path: AccessPath(base: local.base, fields: rest)))
                }
            }
        }
        // The same for a local holding a helper's pinned result on one side and NULL on the other
        // (`mm = NULL; if (!kernel) { mm = get_pinned(c); if (!mm) return; } use(mm)`).
        for (side, other) in [(self, o), (o, self)] {
            for k in other.nulls where !side.nulls.contains(k) && side.alias[k] == nil && other.alias[k] == nil {
                let local = AccessPath(base: .local(k), fields: [])
                for f in side.facts where f.path == local { s.facts.insert(f) }
            }
        }
        joinTruthValues(o, into: &s)
        for (k, v) in tests where o.tests[k] == v || unsetThere(k, o) { s.tests[k] = v }
        for (k, v) in o.tests where unsetThere(k, self) { s.tests[k] = v }
        joinConstants(o, into: &s)
        s.locksHeld = min(locksHeld, o.locksHeld)
        if !unkilled.isEmpty { s.unkilled = unkilled.filter { o.unkilled[$0.key] == $0.value } }
        return s
    }

    /// Locals holding a truth value: constant on both sides (kept), different (a pending test that
    /// tells the sides apart), pending on one side and constant on the other (merged), or known
    /// on a side where the other never assigned the local.
    private func joinTruthValues(_ o: State, into s: inout State) {
        // A local whose truth differs on the two sides: a later test tells which side ran (newer
        // than a pending test the local kept from before, which it replaces).
        var split: Set<String> = []
        for (k, a) in flags {
            guard let b = o.flags[k] else { continue }
            let byTest = tested.contains(k) || o.tested.contains(k)
            if a == b { s.flags[k] = a; if byTest { s.tested.insert(k) }; continue }
            let (t, f) = a ? (self, o) : (o, self)
            // (A local only tested, on two sides where the same holds: a later test tells nothing.)
            if byTest && t.facts == f.facts { continue }
            split.insert(k)
            s.pending[k] = Pending(whenTrue: orderedFacts(t.facts), whenFalse: orderedFacts(f.facts), byTest: byTest)
        }
        // A local already pending on one side and constant on the other: a test's side that the
        // constant agrees with may have come either way (what the two paths share); the other
        // side came from the pending path (its own test's facts and what held at its end).
        func merged(_ p: Pending, _ pendingSide: State, _ value: Bool, _ constantSide: State) -> Pending {
            let t = Set(p.whenTrue).union(pendingSide.facts), f = Set(p.whenFalse).union(pendingSide.facts)
            return value ? Pending(whenTrue: orderedFacts(t.intersection(constantSide.facts)), whenFalse: orderedFacts(f))
                : Pending(whenTrue: orderedFacts(t), whenFalse: orderedFacts(f.intersection(constantSide.facts)))
        }
        for (k, p) in pending where s.pending[k] == nil { if let c = o.flags[k] { s.pending[k] = merged(p, self, c, o) } }
        for (k, p) in o.pending where s.pending[k] == nil { if let c = flags[k] { s.pending[k] = merged(p, o, c, self) } }
        for (k, v) in pending where (o.pending[k] == v || o.leavesUnset(k)) && !split.contains(k) { s.pending[k] = v }
        for (k, v) in o.pending where leavesUnset(k) && !split.contains(k) { s.pending[k] = v }
        for (side, other) in [(self, o), (o, self)] {
            for (k, v) in side.flags where other.flags[k] == nil && other.leavesUnset(k) {
                s.flags[k] = v
                if side.tested.contains(k) { s.tested.insert(k) }
            }
        }
    }

    /// Integer constants (a classification: `kind = HUGE;` on the branch that proved the entry
    /// huge, `switch (kind) case HUGE:` later): where paths holding different constants join,
    /// comparing the local with one of them tells which paths ran — what held at their ends
    /// holds (whenEquals, whenNotEquals; values lists what the local may hold).
    private func joinConstants(_ o: State, into s: inout State) {
        if consts.isEmpty && o.consts.isEmpty { return }   // (every join: most have none)
        for (k, a) in consts where o.consts[k] == a || (o.consts[k] == nil && o.leavesUnset(k)) { s.consts[k] = a }
        for (k, b) in o.consts where consts[k] == nil && leavesUnset(k) { s.consts[k] = b }
        /// One side: the values it may hold, and for a value what holds where it is equal / not.
        typealias Side = (values: Set<Int64>, eq: (Int64) -> Set<FactKey>, neq: (Int64) -> Set<FactKey>?)
        func side(_ x: State, _ k: String) -> Side? {
            if let c = x.consts[k] { return ([c], { _ in x.facts }, { $0 == c ? nil : x.facts }) }
            guard let p = x.pending[k], let vs = p.values else { return nil }
            return (vs, { Set(p.whenEquals[$0] ?? []).union(x.facts) },
                    { vs.contains($0) ? Set(p.whenNotEquals[$0] ?? []).union(x.facts) : x.facts })
        }
        for k in Set(consts.keys).union(o.consts.keys).sorted() where s.consts[k] == nil {
            guard let a = side(self, k), let b = side(o, k) else { continue }
            var q = s.pending[k] ?? Pending(whenTrue: [], whenFalse: [])
            q.whenEquals = [:]; q.whenNotEquals = [:]
            let all = a.values.union(b.values)
            for v in all {
                let eqs = [a, b].filter { $0.values.contains(v) }.map { $0.eq(v) }
                q.whenEquals[v] = orderedFacts(eqs.dropFirst().reduce(eqs[0]) { $0.intersection($1) })
                let neqs = [a, b].compactMap { $0.neq(v) }
                if let first = neqs.first { q.whenNotEquals[v] = orderedFacts(neqs.dropFirst().reduce(first) { $0.intersection($1) }) }
            }
            q.values = all
            s.pending[k] = q
        }
    }
}

extension Cond {
    /// `a == b` or `a != b`.
    var isEquality: Bool {
        switch self {
        case .equal: return true
        case .not(let c): return c.isEquality
        default: return false
        }
    }
}

/// Resolves callee contracts: the vocabulary first, then summaries of analyzed functions.
protocol ContractSource {
    func contract(for call: CallSite) -> Contract?
    /// What the cleanup of a variable initialized by `constructor` does (a scope guard's drop).
    func cleanupContract(constructor: CallSite) -> Contract?
    /// Does the tree take the owner-exit barrier (`mmap_write_lock(x->f); mmap_write_unlock(x->f)`)
    /// on this mm member?
    func hasExitBarrier(_ f: Field) -> Bool
    /// The argument path a function always returns (a getter: `return c->mm`), if any.
    func returnedPath(of callee: String) -> ArgPath?
    /// The mm member a flag member records a try-pin of (PinFlags), if it is one.
    func pinFlag(_ f: Field) -> Field?
    /// The mm member a function returns of an object it finds itself (Engine.returnedMember).
    func returnedMember(of key: String) -> Field?
}

extension ContractSource {
    func pinFlag(_ f: Field) -> Field? { nil }
    func returnedMember(of key: String) -> Field? { nil }
}

/// Path-sensitive must-dataflow over one function's CFG.
struct Dataflow {
    let fn: FunctionFacts
    let vocab: Vocabulary
    let contracts: ContractSource
    var calls: [Int: CallSite] = [:]
    /// Each call's contract, looked up once (the transfer asks on every visit of a node, and the
    /// contracts do not change while one function's dataflow lives: a callee's new summary
    /// re-runs its callers with a new Dataflow).
    private var contractOf: [Int: Contract] = [:]
    var preds: [[Int]]
    /// In-state of each node (nil: not reached).
    var inState: [State?]
    /// Reverse postorder from the entry, and each node's place in it.
    let rpo: [Int]
    let rpoIndex: [Int]
    /// Locals the function assigns (or hands to a call) somewhere: a test of one on a path that
    /// has not assigned it yet reads no value (State.assigned).
    private var assignedSomewhere: Set<String> = []
    /// FunctionFacts.valueLocals, as a set.
    private let valueLocalSet: Set<String>
    /// FunctionFacts.valueFields, as a set: a value kept in a member is a copy too.
    private let valueFieldSet: Set<Field>
    /// Locals and parameters (Dataflow.truthKey) that two or more branches test: only their
    /// tests are worth remembering per path (State.tested); a single test has no later one to tell.
    private var retested: Set<String> = []
    /// Locals some branch compares with a non-zero constant (`kind == HUGE`, a switch case): only
    /// their constants are worth keeping per path (State.consts).
    private var comparedWithConstant: Set<String> = []
    /// Members (Dataflow.truthKey: `io->pinned`) some branch tests: a store of a truth value, a
    /// constant or a pin's result into one is kept per path as a local's is (`io->pinned =
    /// mmget_not_zero(io->mm); if (io->pinned) …; if (io->pinned) mmput(io->mm);`).
    private var testedMembers: Set<String> = []

    init(fn: FunctionFacts, vocab: Vocabulary, contracts: ContractSource) {
        self.fn = fn; self.vocab = vocab; self.contracts = contracts
        valueLocalSet = Set(fn.valueLocals)
        valueFieldSet = Set(fn.valueFields)
        preds = fn.predecessors()
        for n in fn.nodes {
            if case .event(.call(let c)) = n.kind {
                calls[c.id] = c
                if let k = contracts.contract(for: c) { contractOf[c.id] = k }
            }
            assignedSomewhere.formUnion(Dataflow.localsAssigned(by: n.kind))
        }
        // A cleanup with no contract of its own (a guard's destructor, named by the cleanup
        // attribute): what the constructor its variable holds says it undoes.
        for n in fn.nodes {
            guard case .event(.call(let c)) = n.kind, c.isCleanup, contractOf[c.id] == nil, case .path(let v)? = c.args.first,
                  v.fields.isEmpty else { continue }
            if let ctor = fn.initializer(of: v), let k = contracts.cleanupContract(constructor: ctor) { contractOf[c.id] = k }
        }
        (retested, comparedWithConstant, testedMembers) = Dataflow.testedLocals(fn)
        inState = Array(repeating: nil, count: fn.nodes.count)
        (rpo, rpoIndex) = Dataflow.reversePostorder(fn)
    }

    /// The truth keys two or more branches test, the locals a branch compares with a non-zero
    /// constant, and the member keys any branch tests or compares. (Per-path bookkeeping for
    /// every local tested once cost a tenth of the checker.)
    static func testedLocals(_ fn: FunctionFacts) -> (retested: Set<String>, compared: Set<String>, members: Set<String>) {
        var times: [String: Int] = [:], compared: Set<String> = []
        func leaves(_ c: Cond, _ into: inout Set<String>) {
            switch c {
            case .not(let x): leaves(x, &into)
            case .truthy(.path(let p)): if let k = truthKey(p) { into.insert(k) }
            case .truthy(.test(let x)): leaves(x, &into)
            case .equal(let a, let b):
                if let (e, _) = constantCompared(a, b), case .path(let p) = e, let k = truthKey(p) { compared.insert(k) }
                for case .bits(let p, _, _) in [a, b] { if let k = truthKey(p) { compared.insert(k) } }
            case .truthy(.bits(let p, _, _)): if let k = truthKey(p) { compared.insert(k) }
            default: break
            }
        }
        var stored: Set<String> = []
        for n in fn.nodes {
            if case .event(.assign(let l, _, _, _, _)) = n.kind, !l.fields.isEmpty, let k = truthKey(l) { stored.insert(k) }
            // A word's bits read into another value (`bool pinned = state & HAVE_MM;`).
            if case .event(.assign(let l, .bits(let p, _, _), _, _, _)) = n.kind, l != p, let k = truthKey(p) { compared.insert(k) }
            guard case .branch(let c, _, _) = n.kind else { continue }
            var keys: Set<String> = []
            leaves(c, &keys)
            for k in keys { times[k, default: 0] += 1 }
        }
        // A member counts only where the function also stores it (the value tested is one it
        // made: `io->pinned = …; if (io->pinned)`): per-path truth of every member a kernel
        // function tests twice cost a fifth of the core rules.
        let members = Set(times.keys).union(compared).filter { State.isMemberKey($0) && stored.contains($0) }
        let retested = Set(times.filter { $0.value >= 2 && (!State.isMemberKey($0.key) || stored.contains($0.key)) }.keys)
        return (retested, compared.filter { !State.isMemberKey($0) || stored.contains($0) }, members)
    }

    /// The nodes reachable from the entry in reverse postorder, and each node's place in it
    /// (-1: unreachable).
    static func reversePostorder(_ fn: FunctionFacts) -> ([Int], [Int]) {
        var post: [Int] = []
        post.reserveCapacity(fn.nodes.count)
        var seen = [Bool](repeating: false, count: fn.nodes.count)
        guard !fn.nodes.isEmpty else { return ([], []) }
        var stack: [(node: Int, next: Int)] = [(0, 0)]
        seen[0] = true
        while !stack.isEmpty {
            let (n, k) = stack[stack.count - 1]
            let succs = fn.nodes[n].succs
            if k < succs.count {
                stack[stack.count - 1].next = k + 1
                if !seen[succs[k]] { seen[succs[k]] = true; stack.append((succs[k], 0)) }
            } else {
                post.append(n); stack.removeLast()
            }
        }
        var index = [Int](repeating: -1, count: fn.nodes.count)
        let order = Array(post.reversed())
        for (i, n) in order.enumerated() { index[n] = i }
        return (order, index)
    }

    // MARK: paths

    /// Rewrites a path through the aliases known at this point: a local that holds a copy of
    /// another path (`mm = svmm->notifier.mm`), a member stored from a path
    /// (`range.notifier = &n->notifier`) or bound by a call (`n->mm` after
    /// `mmu_interval_notifier_insert(&n, mm, …)`). The longest aliased prefix wins; the
    /// result is rewritten again (bounded) so chains resolve.
    func resolve(_ p: AccessPath, _ s: State) -> AccessPath {
        var cur = p
        for _ in 0..<4 {
            guard !s.alias.isEmpty else { return cur }
            var hit: AccessPath?
            for k in stride(from: cur.fields.count, through: 0, by: -1) {
                let prefix = AccessPath(base: cur.base, fields: Array(cur.fields.prefix(k)))
                if let a = s.alias[prefix.description] {
                    hit = AccessPath(base: a.base, fields: a.fields + cur.fields.dropFirst(k))
                    break
                }
            }
            guard let h = hit, h != cur else { return cur }
            cur = h
        }
        return cur
    }

    /// A stored-to path: the object it belongs to is rewritten through aliases, the member
    /// itself is not (it is about to name something new).
    func lvalue(_ p: AccessPath, _ s: State) -> AccessPath {
        guard let last = p.last else { return p }
        return resolve(AccessPath(base: p.base, fields: Array(p.fields.dropLast())), s).appending(last)
    }

    /// Forgets aliases of `p` and of every path through it.
    func dropAliases(under p: AccessPath, _ s: inout State) {
        let key = p.description
        s.alias = s.alias.filter { k, _ in k != key && !k.hasPrefix(key + "->") }
    }

    func resolve(_ e: Expr, _ s: State) -> AccessPath? {
        switch e {
        case .path(let p): return resolve(p, s)
        case .call(let id):
            guard let c = calls[id] else { return nil }
            // An accessor's result is the entry its argument points to (pmdp_get(pmd) is *pmd).
            if let r = contractOf[c.id]?.reads, r < c.args.count { return resolve(c.args[r], s) }
            // A getter's result is the path it returns, in the caller's terms.
            if let r = contracts.returnedPath(of: c.callee), r.arg < c.args.count, let a = resolve(c.args[r.arg], s) {
                return AccessPath(base: a.base, fields: a.fields + r.fields)
            }
            return AccessPath(base: .ret(c.callee))
        default: return nil
        }
    }

    /// The local an argument names when it aliases a path and has facts of its own (kept where
    /// it joined a path on which it was NULL, State.joined): a requirement on it holds by them.
    func ownFactsLocal(_ a: ArgPath, _ call: CallSite, _ s: State) -> AccessPath? {
        guard a.fields.isEmpty, a.arg >= 0, a.arg < call.args.count, case .path(let q) = call.args[a.arg], q.fields.isEmpty,
              case .local = q.base, s.alias[q.description] != nil, s.facts.contains(where: { $0.path == q }) else { return nil }
        return q
    }

    /// The caller-side path of an argument path of a call.
    func target(_ a: ArgPath, _ call: CallSite, _ s: State) -> AccessPath? {
        if a.arg < 0 { return nil }
        guard a.arg < call.args.count, let p = resolve(call.args[a.arg], s) else { return nil }
        if a.fields.isEmpty { return p }
        return resolve(AccessPath(base: p.base, fields: p.fields + a.fields), s)
    }

    func closure(_ f: String) -> [String] { Dataflow.closure(f, vocab) }

    /// A fact and every fact it implies, in order.
    static func closure(_ f: String, _ vocab: Vocabulary) -> [String] {
        var out = [f], i = 0
        while i < out.count { for x in vocab.implies[out[i]] ?? [] where !out.contains(x) { out.append(x) }; i += 1 }
        return out
    }

    func insert(_ fact: String, _ p: AccessPath, into s: inout State) {
        for f in closure(fact) { s.facts.insert(FactKey(fact: f, path: p)) }
    }

    func remove(_ fact: String, _ p: AccessPath, from s: inout State) {
        // Losing a fact also loses what it implied on that path, and what implies it.
        func kept(_ k: FactKey) -> Bool {
            !(k.path == p && (k.fact == fact || closure(fact).contains(k.fact) || closure(k.fact).contains(fact)))
        }
        // A truth value stored while it held (`same = true` beside a pin) no longer brings it back.
        s.keepFacts(where: kept)
    }

    /// Conditional effects of a call evaluated for its truth value.
    func conditional(_ call: CallSite, _ s: State) -> Pending {
        guard let c = contractOf[call.id] else { return Pending(whenTrue: [], whenFalse: []) }
        var p = Pending(whenTrue: [], whenFalse: [])
        func facts(_ g: Effect) -> [FactKey] {
            if let m = g.unless, fn.macros.contains(m) { return [] }
            guard let t = target(g.on, call, s) else { return [] }
            if let need = g.ifFact, !s.facts.contains(FactKey(fact: need, path: t)) { return [] }
            return closure(g.fact).map { FactKey(fact: $0, path: t) }
        }
        for g in c.gains where g.when != .always {
            let fs = facts(g)
            if g.when == .true { p.whenTrue += fs } else { p.whenFalse += fs }
            // An `if:` fact not held here may hold where a stored result is tested.
            guard fs.isEmpty, let need = g.ifFact, g.unless.map({ !fn.macros.contains($0) }) ?? true,
                  let t = target(g.on, call, s) else { continue }
            let d = Pending.Deferred(need: FactKey(fact: need, path: t), facts: closure(g.fact).map { FactKey(fact: $0, path: t) })
            if g.when == .true { p.whenTrueIf.append(d) } else { p.whenFalseIf.append(d) }
        }
        for (k, gs) in c.whenEquals {
            let fs = gs.flatMap(facts)
            if !fs.isEmpty { p.whenEquals[k] = fs }
        }
        for (k, gs) in c.whenNotEquals {
            let fs = gs.flatMap(facts)
            if !fs.isEmpty { p.whenNotEquals[k] = fs }
        }
        if !p.isEmpty { p.nonPositive = c.nonPositive }
        return p
    }

    // MARK: transfer

    /// The locals a node assigns: the left side's base, or a call's local arguments (it may fill them).
    static func localsAssigned(by kind: NodeKind) -> [String] {
        switch kind {
        case .event(.call(let c)):
            return c.args.compactMap { a in
                if case .path(let p) = a, case .local(let k) = p.base { return k }
                return nil
            }
        case .event(.assign(let l, _, _, _, _)):
            if case .local(let k) = l.base { return [k] }
            return []
        default: return []
        }
    }

    /// After the call, a path through an argument names what the contract binds it to
    /// (`mmu_interval_notifier_insert(&n, mm, …)`: `n->mm` is `mm`).
    func bind(_ c: Contract, _ call: CallSite, _ s: inout State) {
        for b in c.binds {
            guard b.path.arg >= 0, b.path.arg < call.args.count, let obj = resolve(call.args[b.path.arg], s),
                  let rhs = target(b.to, call, s) else { continue }
            let lhs = lvalue(AccessPath(base: obj.base, fields: obj.fields + b.path.fields), s)
            guard lhs != rhs else { continue }
            dropAliases(under: lhs, &s)
            s.alias[lhs.description] = rhs
        }
    }

    func transfer(_ n: Int, _ s0: State) -> State {
        var s = s0
        s.assigned.formUnion(Dataflow.localsAssigned(by: fn.nodes[n].kind))
        switch fn.nodes[n].kind {
        case .event(.call(let call)):
            guard let c = contractOf[call.id] else { break }
            transferCall(call, c, &s)
        case .event(.assign(let lhs0, let rhs, _, _, _)):
            // `x = x` (the arm of `mm = c ? get_task_mm(t) : mm;` that keeps the value) changes nothing.
            if case .path(let rp) = rhs, rp == lhs0 { break }
            let lhs = lvalue(lhs0, s)
            // The old value's facts go (also those a truth-value local would bring back).
            s.keepFacts { !$0.path.starts(with: lhs) }
            var gained: [String] = []
            var pend: Pending?
            if case .call(let id) = rhs, let call = calls[id] {
                if let c = contractOf[call.id] {
                    gained = c.gains.filter { $0.on.arg < 0 && $0.when == .always }.map(\.fact)
                }
                var p = conditional(call, s)
                if let u = s.unkilled.removeValue(forKey: id) {
                    if u.killsWhen { p.whenFalse += u.facts } else { p.whenTrue += u.facts }
                }
                if !p.isEmpty { pend = p }
            }
            let rhsPath = resolve(rhs, s)
            if !lhs0.fields.isEmpty {
                // A member store: the member now names the stored path.
                dropAliases(under: lhs, &s)
                if let rp = rhsPath, case .path = rhs, rp != lhs { s.alias[lhs.description] = rp }
            }
            if !lhs0.fields.isEmpty, let key = Dataflow.truthKey(lhs0) { storeMember(key, rhs, pend, &s) }
            if lhs0.fields.isEmpty, case .local(let name) = lhs0.base {
                dropAliases(under: lhs0, &s)
                forgetMembers(under: name, &s)
                // A stored test is about the values it read: a new value of one of them voids it.
                s.tests = s.tests.filter { k, c in k != name && !c.reads(local: name) }
                storeTruth(name, rhs, pend, &s)
                // Re-derive facts of paths through this local: they were about the old value.
                s.facts = s.facts.filter { fk in
                    if case .local(let b) = fk.path.base, b == name { return false }
                    return true
                }
                if let rp = rhsPath, case .path = rhs { s.alias[name] = rp }
                // `mm = ctx_mm(c)`: a getter's result names the member it returns, as `mm = c->mm`
                // does (only for a pure getter: a call that gains something keeps its own facts).
                if let rp = rhsPath, case .call = rhs, gained.isEmpty, pend == nil, !isReturnValue(rp) { s.alias[name] = rp }
                // `mm = ctx_mm_of(id)` finding the object itself (an idr or list lookup, a global):
                // the member it returns, of an object the caller does not name.
                if let rp = rhsPath, isReturnValue(rp), rp.fields.isEmpty, gained.isEmpty, pend == nil, case .ret(let key) = rp.base,
                   let f = contracts.returnedMember(of: key) {
                    s.alias[name] = rp.appending(f)
                }
                // NULL, or the 0 a pointer's NULL often reads as (`((void *)0)` under casts).
                if rhs == .null || rhs == .int(0) { s.nulls.insert(name) } else { s.nulls.remove(name) }
            }
            forgetTests(ofParameter: lhs0, &s)
            let target = lhs0.fields.isEmpty ? lhs0 : lhs
            for f in gained { insert(f, target, into: &s) }
            // `vma = find_vma(mm, addr)`: the returned object's member names the argument.
            if case .call(let id) = rhs, let call = calls[id], let c = contractOf[call.id] {
                for b in c.binds where b.path.arg < 0 {
                    guard let to = self.target(b.to, call, s) else { continue }
                    let member = AccessPath(base: target.base, fields: target.fields + b.path.fields)
                    dropAliases(under: member, &s)
                    s.alias[member.description] = to
                }
            }
            if lhs0.fields.isEmpty == false, let rp = rhsPath, case .path = rhs {
                for fk in s.facts where fk.path == rp { s.facts.insert(FactKey(fact: fk.fact, path: lhs)) }
            }
        default: break
        }
        return s
    }

    /// A call with a contract: its bindings, kills, losses and unconditional gains.
    func transferCall(_ call: CallSite, _ c: Contract, _ s: inout State) {
        bind(c, call, &s)
        // Forgotten also where a truth-value local kept it (a test stored under the lock, read after it).
        if !c.kills.isEmpty, !locksOtherObject(call, c) {
            let before = c.killsWhen == nil ? [] : s.facts
            lockCall(call, kills: c.kills, &s)
            if let w = c.killsWhen {
                s.unkilled[call.id] = State.Unkilled(facts: orderedFacts(before.subtracting(s.facts)), killsWhen: w)
            }
        }
        for l in c.loses {
            if let t = target(l.on, call, s) { remove(l.fact, t, from: &s) }
            if let q = ownFactsLocal(l.on, call, s) { remove(l.fact, q, from: &s) }
        }
        for g in c.gains where g.when == .always && g.on.arg >= 0 {
            if let m = g.unless, fn.macros.contains(m) { continue }
            guard let t = target(g.on, call, s) else { continue }
            if let need = g.ifFact, !s.facts.contains(FactKey(fact: need, path: t)) { continue }
            insert(g.fact, t, into: &s)
        }
    }

    /// A killing call: an unlock forgets and counts down; a lock of the vocabulary taken while
    /// none is held forgets, and counts up (State.locksHeld); a tree's wrapper or relocking helper
    /// (the vocabulary's `relock:`, cond_resched_lock()) forgets as it always did and counts nothing.
    func lockCall(_ call: CallSite, kills: [String], _ s: inout State) {
        if vocab.lockReleases.contains(call.name) {
            kill(kills, &s)
            s.locksHeld = max(0, s.locksHeld - 1)
        } else if let api = vocab.apis[call.name], !api.kills.isEmpty, !api.relocks {
            if s.locksHeld == 0 { kill(kills, &s) }
            s.locksHeld += 1
        } else {
            kill(kills, &s)
        }
    }

    /// A lock or unlock forgets `kills`. A copy of an entry read before (`val = *pmd;` or
    /// pmdp_get(), then the lock) is not the entry under the lock: testing it there proves nothing
    /// of the entry. What was learned of the copy's value stays the copy's (a local's value does
    /// not change): a pmd_same() of the entry with it under the lock brings it back.
    func kill(_ kills: [String], _ s: inout State) {
        var copies: [FactKey] = []
        for v in fn.valueLocals {
            guard let a = s.alias[v] else { continue }
            let own = AccessPath(base: .local(v), fields: [])
            for fk in s.facts where fk.path == a && kills.contains(fk.fact) { copies.append(FactKey(fact: fk.fact, path: own)) }
            s.alias[v] = nil
        }
        s.keepFacts { !kills.contains($0.fact) || isValueLocal($0.path) }
        for fk in copies { s.facts.insert(fk) }
    }

    /// Does the call take or drop a lock embedded in another object than a page table's
    /// (`spin_unlock(&dev->lock)`: the address of a member not named in page_table_lock_members)?
    /// Then it forgets nothing of the entries under the page-table lock held around it. A lock
    /// named by a pointer (`ptl`, `vmf->ptl`) may be the page table's.
    func locksOtherObject(_ call: CallSite, _ c: Contract) -> Bool {
        guard let k = c.lockArg, k < call.args.count else { return false }
        return vocab.isOtherObjectsLock(call.args[k], text: call.argText(k))
    }

    /// A local of a value type itself (a copy of an entry), not a path through it.
    func isValueLocal(_ p: AccessPath) -> Bool {
        if let f = p.last { return valueFieldSet.contains(f) }
        guard case .local(let v) = p.base else { return false }
        return valueLocalSet.contains(v)
    }

    func isReturnValue(_ p: AccessPath) -> Bool {
        if case .ret = p.base { return true }
        return false
    }

    /// State along the edge n → succs[i].
    func edgeState(_ n: Int, _ i: Int, _ out: State) -> State? {
        guard case .branch(let cond, _, _) = fn.nodes[n].kind else { return out }
        // A test of a local no path here assigned, which the function assigns elsewhere: no
        // value to test yet (a loop's first pass out, before the pass that assigns it; reading it
        // is undefined, so the code assumes the paths that did).
        var x = cond
        while case .not(let inner) = x { x = inner }
        if case .truthy(.path(let p)) = x, p.fields.isEmpty, case .local(let k) = p.base,
           assignedSomewhere.contains(k), !out.assigned.contains(k) { return nil }
        var s = out
        return apply(cond, i == 0, &s) ? s : nil
    }

    /// Applies what `cond` evaluating to `truth` tells. Returns false for an infeasible edge.
    /// `depth` bounds the walk through tests stored in locals: a local's stored test may read the
    /// local itself (`found = found || x->ready`), which would otherwise recurse forever.
    func apply(_ cond: Cond, _ truth: Bool, _ s: inout State, depth: Int = 0) -> Bool {
        walk(cond, truth, &s, depth: depth)
    }

    /// Does the branch at `node` test a truth value stored in a local (rather than spell the test),
    /// or a local that paths tested each way before they joined (what it tells is which path ran)?
    func testsStoredValue(_ c: Cond, at node: Int) -> Bool {
        var x = c
        while case .not(let inner) = x { x = inner }
        guard case .truthy(.path(let p)) = x, let n = Dataflow.truthKey(p) else { return false }
        return inState[node]?.tests[n] != nil || inState[node]?.pending[n]?.byTest == true
    }

    /// The ksm/khugepaged protocol outside mm/ (user_events): `refcount_read(&h->tasks) != 0`
    /// tested while `h->mm`'s mmap_lock is held pins `h->mm` when the exit path takes
    /// `mmap_write_lock(h->mm)` as a barrier after the counter drops. Without the barrier in
    /// the tree the test proves nothing (a driver copying the test is still a finding).
    func exitBarrierGuard(_ a: Expr, _ b: Expr, _ s: inout State) {
        guard let eb = vocab.exitBarrier else { return }
        let (callE, zero) = (a == .int(0)) ? (b, a) : (a, b)
        guard zero == .int(0), case .call(let id) = callE, let call = calls[id], eb.tests.contains(call.name),
              let counter = call.args.first.flatMap({ resolve($0, s) }), !counter.fields.isEmpty else { return }
        let owner = Array(counter.fields.dropLast())
        for fk in s.facts where fk.fact == eb.lockFact && fk.path.base == counter.base
            && fk.path.fields.count == owner.count + 1 && Array(fk.path.fields.prefix(owner.count)) == owner {
            if let m = fk.path.last, contracts.hasExitBarrier(m) { insert(MMFact.users, fk.path, into: &s) }
        }
    }

    func isCurrentMM(_ p: AccessPath) -> Bool { vocab.isRunningTaskMM(p) }

    // MARK: fixpoint

    mutating func run() { runFrom(State()) }

    /// Iterates to the fixpoint in reverse postorder: a sweep visits each pending node after
    /// its forward predecessors, so outside loops a node is computed once, from its
    /// predecessors' final states (a LIFO worklist computed joins from partial states: more
    /// visits, and — since a transfer through an alias is not monotone (`x = t` after the two
    /// arms of `t = c ? a : b` joined names `t`, after one arm names that arm's value) — a
    /// state could keep the mark of a value seen only on the way). A back edge to a pending
    /// node asks for another sweep.
    mutating func runFrom(_ entry: State) {
        inState = Array(repeating: nil, count: fn.nodes.count)
        inState[0] = entry
        var pending = [Bool](repeating: false, count: fn.nodes.count)
        pending[0] = true
        var iterations = 0
        var again = true
        // Each edge's last state: a node's in-state is the join of its predecessors' current
        // edges, not of every state an edge ever carried (a loop body first walked with the
        // loop variable naming the list's head, then with the variable itself, kept neither
        // name's facts: `for (x = head; x; x = x->next) { if (!mmget_not_zero(x->mm))
        // continue; kthread_use_mm(x->mm); … }` lost its pin).
        var edges = [[State?]](repeating: [], count: fn.nodes.count)
        while again {
            again = false
            for n in rpo where pending[n] {
                pending[n] = false
                iterations += 1
                if iterations > 200_000 { return }
                guard let sIn = inState[n] else { continue }
                let out = transfer(n, sIn)
                let succs = fn.nodes[n].succs
                // (A loop, not a closure: a closure over a mutating self copies the whole dataflow.)
                var outEdges: [State?] = []
                outEdges.reserveCapacity(succs.count)
                for i in succs.indices { outEdges.append(edgeState(n, i, out)) }
                edges[n] = outEdges
                for (j, succ) in succs.enumerated() where !succs[..<j].contains(succ) {
                    var merged: State? = succ == 0 ? inState[0] : nil
                    // (A node with both edges to `succ` is listed twice: its join is idempotent.)
                    for p in preds[succ] {
                        for (i, s) in fn.nodes[p].succs.enumerated() where s == succ {
                            guard i < edges[p].count, let e = edges[p][i] else { continue }
                            if let m = merged { merged = m.joined(e) } else { merged = e }
                        }
                    }
                    guard let merged else { continue }
                    if merged != inState[succ] {
                        inState[succ] = merged
                        if !pending[succ] { pending[succ] = true; if rpoIndex[succ] <= rpoIndex[n] { again = true } }
                    }
                }
            }
        }
    }

    // MARK: witnesses

    public enum Why {
        /// The fact was dropped by this node (e.g. mmput).
        case killed(Int)
        /// The branch edge from this node went the way that does not establish it.
        case denied(Int, Bool)
        /// Never established since function entry.
        case fromEntry
    }

    /// Walks back from `node` along predecessors whose outgoing state lacks `fk` and explains
    /// why it is missing. Returns the path (entry first) and the strongest reason found.
    func explainMissing(_ fk: FactKey, at node: Int, holds: (State) -> Bool) -> (path: [Int], why: Why) {
        var visited: Set<Int> = [node]
        var best: (path: [Int], why: Why)?
        var fromEntry: [Int]?
        // `renewed`: the walk crossed a new value of the path's local (a loop's cursor moving to
        // the next entry): what was dropped or tested before it was another object's, so it is no
        // reason; the walk goes on to the entry for the witness.
        // `decided`: the side the path already took at a later test of a local or parameter that
        // two branches test (`if (fake) …; … if (fake)`): an earlier test of it takes the same
        // side, so that the witness is one path the code can run (while no store renews it).
        var stack: [(Int, [Int], Bool, [String: Bool])] = [(node, [node], false, [:])]
        var visitedDecided: Set<String> = []
        while let (n, path, renewed, decided) = stack.popLast() {
            if n == 0 { if fromEntry == nil { fromEntry = path }; continue }
            for p in preds[n] {
                guard let pin = inState[p] else { continue }
                let out = transfer(p, pin)
                let idx = fn.nodes[p].succs.firstIndex(of: n) ?? 0
                guard let e = edgeState(p, idx, out), !holds(e) else { continue }
                var decides = decided
                if let (k, side) = retestedSide(p, idx) {
                    if let d = decided[k], d != side { continue }
                    decides[k] = side
                }
                if case .event(.assign(let l, _, _, _, _)) = fn.nodes[p].kind, let k = Dataflow.truthKey(l) { decides[k] = nil }
                var renews = renewed
                if case .event(.assign(let l, _, _, _, _)) = fn.nodes[p].kind, l.fields.isEmpty, l.base == fk.path.base,
                   case .local = l.base { renews = true }
                if !renews, fn.nodes[p].succs.count == 2, case .branch = fn.nodes[p].kind,
                   let other = edgeState(p, 1 - idx, out), holds(other) {
                    // The branch went the way that does not establish the fact.
                    if best == nil { best = ([p] + path, .denied(p, idx == 0)) }
                    continue
                }
                if !renews, holds(pin) {
                    if best == nil { best = ([p] + path, .killed(p)) }
                    continue
                }
                let fresh = decides.isEmpty ? visited.insert(renews ? ~p : p).inserted
                    : visitedDecided.insert("\(renews ? ~p : p)|" + decides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                        .joined(separator: ",")).inserted
                if fresh { stack.append((p, [p] + path, renews, decides)) }
            }
        }
        if let b = best { return b }
        return (fromEntry ?? [node], .fromEntry)
    }

    /// A branch at `n` that tests a retested local or parameter as a truth value, and the value
    /// its successor `idx` takes.
    private func retestedSide(_ n: Int, _ idx: Int) -> (String, Bool)? {
        guard !retested.isEmpty, case .branch(let c, _, _) = fn.nodes[n].kind else { return nil }
        let (x, negated) = c.unnegated
        guard case .truthy(.path(let p)) = x, let k = Dataflow.truthKey(p), retested.contains(k) else { return nil }
        return (k, (idx == 0) != negated)
    }
}

/// What the leaves of a branch condition tell the dataflow (ConditionLeaves).
extension Dataflow: ConditionLeaves {
    var conditionDepthLimit: Int? { 16 }

    /// `ret < 0` found false on the result of a function whose returns are all zero or negative
    /// (Contract.nonPositive), or a local holding it: the result is zero.
    func nonNegative(_ e: Expr, _ s: inout State, depth: Int) -> Bool {
        var zeroOrErrno = false
        if case .call(let id) = e { zeroOrErrno = contractOf[id]?.nonPositive ?? false }
        if case .path(let p) = e, let n = Dataflow.truthKey(p) { zeroOrErrno = s.pending[n]?.nonPositive ?? false }
        return zeroOrErrno ? walk(.truthy(e), false, &s, depth: depth + 1) : true
    }

    func callTested(_ id: Int, _ truth: Bool, _ s: inout State, depth: Int) -> Bool {
        guard let call = calls[id] else { return true }
        if truth { exitBarrierGuard(.call(id), .int(0), &s) }   // `count != 0` is spelled as truth
        let p = conditional(call, s)
        for fk in truth ? p.whenTrue : p.whenFalse { s.facts.insert(fk) }
        if let u = s.unkilled.removeValue(forKey: id), u.killsWhen != truth { for fk in u.facts { s.facts.insert(fk) } }
        // Equal values (`pmd_same(orig, *pmd)` true): each one's facts are the other's.
        if truth, let k = contractOf[call.id]?.equates, k < call.args.count,
           let a = resolve(call.args[0], s), let b = resolve(call.args[k], s), a != b {
            let known = s.facts.filter { $0.path == a || $0.path == b }
            for fk in known { s.facts.insert(FactKey(fact: fk.fact, path: fk.path == a ? b : a)) }
        }
        return true
    }

    func pathTested(_ p: AccessPath, _ truth: Bool, _ s: inout State, depth: Int) -> Bool {
        // A flag member found set that records its object's try-pin, in a function that does not
        // set or clear it itself (the object's consumer: the flag is as its submitter left it): the
        // member holds mm_users. (Where the function stores the flag, its own stores tell.)
        if truth, let flag = p.last, let m = contracts.pinFlag(flag), !fn.nodes.contains(where: {
            if case .event(.assign(let l, _, _, _, _)) = $0.kind { return l.last == flag }
            return false
        }) {
            let t = resolve(AccessPath(base: p.base, fields: Array(p.fields.dropLast()) + [m]), s)
            for f in closure(MMFact.users) { s.facts.insert(FactKey(fact: f, path: t)) }
        }
        guard let n = Dataflow.truthKey(p) else { return true }
        if let pend = s.pending[n] {
            for fk in truth ? pend.whenTrue : pend.whenFalse { s.facts.insert(fk) }
            for d in truth ? pend.whenTrueIf : pend.whenFalseIf where s.facts.contains(d.need) { for fk in d.facts { s.facts.insert(fk) } }
        }
        // On this side the local's truth is known: where it joins the other side, a later test of
        // the same local tells which side ran (`if (kthread && !mmget_not_zero(mm)) return; …
        // if (kthread) kthread_use_mm(mm);`: the second test's true side is the pinned one).
        if retested.contains(n) {
            s.flags[n] = truth
            s.tested.insert(n)
            // A parameter has its value on every path (never a local some path left unset).
            if case .param = p.base { s.assigned.insert(n) }
        }
        if let c = s.tests[n] { return walk(c, truth, &s, depth: depth + 1) }
        return true
    }

    /// A parameter given a new value: what its earlier tests told is about the old one.
    func forgetTests(ofParameter p: AccessPath, _ s: inout State) {
        guard p.fields.isEmpty, case .param = p.base, let k = Dataflow.truthKey(p) else { return }
        s.flags[k] = nil; s.pending[k] = nil; s.tested.remove(k)
        forgetMembers(under: p.description, &s)
    }

    /// A store into a member some branch tests (testedMembers): what it holds on this path — a
    /// constant, a stored test, a pin's pending result — as for a local; members under it (and
    /// what was known of its old value) go.
    func storeMember(_ key: String, _ rhs: Expr, _ pend: Pending?, _ s: inout State) {
        forgetMembers(under: key, &s)
        guard testedMembers.contains(key) else { return }
        storeTruth(key, rhs, pend, &s)
    }

    /// What a store gives the truth key `key` (a local or a member) on this path: the pin's
    /// pending result, the stored test, the constant (and, for a key compared with constants,
    /// its value); a truth learned by testing the old value goes.
    func storeTruth(_ key: String, _ rhs: Expr, _ pend: Pending?, _ s: inout State) {
        if case .bits(let src, let set, let keep) = rhs, let from = Dataflow.truthKey(src) {
            storeBits(key, from: from, set: set, keep: keep, &s)
            return
        }
        s.pending[key] = pend
        if case .test(let c) = rhs { s.tests[key] = c } else { s.tests[key] = nil }
        if case .int(let k) = rhs { s.flags[key] = k != 0 } else { s.flags[key] = nil }
        if case .int(let k) = rhs, comparedWithConstant.contains(key) { s.consts[key] = k } else { s.consts[key] = nil }
        s.tested.remove(key)
    }

    /// A word's new bits (`state |= HAVE_MM`, `pinned = state & HAVE_MM`): a constant gives a
    /// constant; a word whose value depends on the path (paths that stored different constants
    /// joined) gives, for each value the key may now hold, what held on every path whose old
    /// value becomes it. Else only a bit set is known: the value is true.
    func storeBits(_ key: String, from: String, set: Int64, keep: Int64, _ s: inout State) {
        let bits = { (v: Int64) -> Int64 in (v & keep) | set }
        let old = s.consts[from], oldPending = s.pending[from]
        s.pending[key] = nil; s.tests[key] = nil; s.consts[key] = nil; s.tested.remove(key)
        s.flags[key] = set != 0 ? true : nil
        if let v = old {
            s.flags[key] = bits(v) != 0
            if comparedWithConstant.contains(key) { s.consts[key] = bits(v) }
            return
        }
        guard let p = oldPending, let values = p.values else { return }
        var by: [Int64: Set<FactKey>] = [:]
        for v in values.sorted() {
            let facts = Set(p.whenEquals[v] ?? [])
            by[bits(v)] = by[bits(v)].map { $0.intersection(facts) } ?? facts
        }
        func all(_ vs: [Int64]) -> [FactKey] {
            guard let first = vs.first else { return [] }
            return orderedFacts(vs.dropFirst().reduce(by[first]!) { $0.intersection(by[$1]!) })
        }
        let keys = by.keys.sorted()
        var q = Pending(whenTrue: all(keys.filter { $0 != 0 }), whenFalse: all(keys.filter { $0 == 0 }))
        for k in keys {
            q.whenEquals[k] = all([k])
            if keys.count > 1 { q.whenNotEquals[k] = all(keys.filter { $0 != k }) }
        }
        q.values = Set(keys)
        s.pending[key] = q
    }

    /// `state & HAVE_MM` tested: a word holding a constant here decides the side; one whose value
    /// depends on the path brings what held on every path whose value agrees with the side (one
    /// such value: the word holds it from here on).
    func bitsTested(_ p: AccessPath, mask: Int64, _ truth: Bool, _ s: inout State, depth: Int) -> Bool {
        guard let n = Dataflow.truthKey(p) else { return true }
        if let v = s.consts[n] { return ((v & mask) != 0) == truth }
        guard let pend = s.pending[n], let values = pend.values else { return true }
        let agree = values.filter { (($0 & mask) != 0) == truth }.sorted()
        guard let first = agree.first else { return false }
        for fk in agree.dropFirst().reduce(Set(pend.whenEquals[first] ?? []), { $0.intersection(pend.whenEquals[$1] ?? []) }) {
            s.facts.insert(fk)
        }
        if agree.count == 1, comparedWithConstant.contains(n) { s.consts[n] = first; s.flags[n] = first != 0 }
        return true
    }

    /// What is kept of the members reached through `prefix` (a local given a new value, a member
    /// stored over): it was about the old object.
    func forgetMembers(under prefix: String, _ s: inout State) {
        guard !testedMembers.isEmpty else { return }
        let head = prefix + "->"
        for k in testedMembers where k.hasPrefix(head) {
            s.pending[k] = nil; s.tests[k] = nil; s.flags[k] = nil; s.consts[k] = nil; s.tested.remove(k)
        }
    }

    /// The key a local's, a parameter's or a member's truth value is kept under (flags, pending
    /// tests): the local's name, `$N` for parameter N, `io->pinned` for a member reached from a
    /// local or a parameter (`argN->…`). Nil for any other path.
    static func truthKey(_ p: AccessPath) -> String? {
        switch p.base {
        case .local(let n): return p.fields.isEmpty ? n : p.description
        case .param(let i): return p.fields.isEmpty ? "$\(i)" : p.description
        default: return nil
        }
    }

    func equalityTested(_ a: Expr, _ b: Expr, _ truth: Bool, _ s: inout State, depth: Int) -> Bool {
        if !truth { exitBarrierGuard(a, b, &s) }
        // A classifier's result (or a local holding it) compared with one of its constants.
        if let (other, k) = constantCompared(a, b) {
            var pend: Pending?
            if case .call(let id) = other, let call = calls[id] { pend = conditional(call, s) }
            if case .path(let p) = other, let n = Dataflow.truthKey(p) { pend = s.pending[n] }
            for fk in (truth ? pend?.whenEquals[k] : pend?.whenNotEquals[k]) ?? [] { s.facts.insert(fk) }
        }
        // `x->mm == current->mm` pins x->mm for as long as the task is in its syscall.
        guard truth, let pa = resolve(a, s), let pb = resolve(b, s) else { return true }
        if isCurrentMM(pa) { insert(MMFact.users, pb, into: &s); s.facts.insert(FactKey(fact: MMFact.currentMM, path: pb)) }
        else if isCurrentMM(pb) { insert(MMFact.users, pa, into: &s); s.facts.insert(FactKey(fact: MMFact.currentMM, path: pa)) }
        // `if (mm == c->mm)` with `mm` pinned: on that side the member names the local's object
        // (its pin is the local's: an mmput(mm) drops it for both).
        else if pa != pb {
            for (l, m) in [(pa, pb), (pb, pa)] where l.fields.isEmpty && !m.fields.isEmpty {
                guard case .local = l.base, s.facts.contains(where: { $0.path == l }),
                      !s.facts.contains(where: { $0.path == m }) else { continue }
                dropAliases(under: m, &s)
                s.alias[m.description] = l
                break
            }
        }
        return true
    }
}
