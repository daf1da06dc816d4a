import Facts
import Findings
import Index

// The mm-lifetime rule family beyond the three core rules. Each family rule names a `kind` in
// its rule file; the kind is a check in Checks/ (registered in Checks/Check.swift), its
// `match:` lists are its parameters. The shared analyses live in this file: must-held locks per
// node, the mmu-notifier callback context, and the few expression helpers the checks use.

/// Must-held locks before each node of one function: `context:key` strings, where the key is
/// the lock's first argument (`struct foo.lock`) or the pair's own name (rcu_read_lock).
/// Besides the vocabulary's calls: a call to a lock wrapper (a function that returns holding
/// a lock it took, or drops one it did not take: a guard's constructor, a driver's
/// `foo_lock(x)`; FamilyContext.lockWrappers), and the cleanup call the compiler makes when a
/// guard variable's scope ends (guard(), scoped_guard()), which drops what the variable's
/// initializer took.
struct LockAnalysis {
    let fn: FunctionFacts
    /// Lock and unlock names → (pair, is the lock).
    let table: [String: (LockPair, Bool)]
    /// Lock wrappers by function key → (pair, takes it, the lock's key when the wrapper names it
    /// as a member of a parameter: `spin_lock(&f->lock)` in `foo_lock(f)`).
    let wrappers: [String: LockWrapper]
    private(set) var held: [Set<String>?]

    /// The vocabulary's pairs by name, and under `implementation(name)` the functions the lock
    /// macros expand to (`locks: implementations:`), read only where neither the called name nor
    /// the macro spelled at the call is a lock (a driver's own macro over spin_lock_irqsave()).
    static func table(_ v: Vocabulary) -> [String: (LockPair, Bool)] {
        var t: [String: (LockPair, Bool)] = [:]
        for p in v.locks { t[p.lock] = t[p.lock] ?? (p, true); t[p.unlock] = t[p.unlock] ?? (p, false) }
        for (impl, name) in v.lockImplementations { if let e = t[name] { t[implementation(impl)] = e } }
        return t
    }

    /// The table key of a lock macro's implementation function.
    static func implementation(_ name: String) -> String { "=" + name }

    init(fn: FunctionFacts, table: [String: (LockPair, Bool)], wrappers: [String: LockWrapper] = [:],
         trylocks: [String: String] = [:]) {
        self.fn = fn; self.table = table; self.wrappers = wrappers
        held = Array(repeating: nil, count: fn.nodes.count)
        // The branch on a trylock's result: the lock it takes, and the side that holds it.
        // (Also a local holding the result, assigned once and tested by one branch: `locked =
        // spin_trylock(&l); if (!locked) return;`.)
        var tried: [Int: (id: String, side: Int)] = [:]
        var tests: [String: Int] = [:]
        for n in fn.nodes where !trylocks.isEmpty {
            if case .branch(let c, _, _) = n.kind { for case .path(let p) in c.exprs { tests[p.description, default: 0] += 1 } }
        }
        for (i, n) in fn.nodes.enumerated() where !trylocks.isEmpty && n.succs.count == 2 {
            guard case .branch(var c, _, _) = n.kind else { continue }
            var side = 0
            while case .not(let x) = c { c = x; side = 1 - side }
            var call: CallSite?
            if case .truthy(.call(let id)) = c { call = fn.call(id) }
            if case .truthy(.path(let l)) = c, l.fields.isEmpty, case .local = l.base, tests[l.description] == 1,
               case .call(let id)? = fn.onlyAssignedValue(l) { call = fn.call(id) }
            guard let call, let lock = trylocks[call.name] ?? call.macro.flatMap({ trylocks[$0] }),
                  let (p, _) = table[lock] else { continue }
            tried[i] = ("\(p.context):\(p.lock):\(LockAnalysis.key(call))", side)
        }
        guard !table.isEmpty, !tried.isEmpty || fn.nodes.contains(where: {
            if case .event(.call(let c)) = $0.kind { return pair(of: c) != nil }; return false
        }) else {
            held = fn.nodes.map { _ in [] }
            return
        }
        held[0] = []
        var work = [0], steps = 0
        while let n = work.popLast() {
            steps += 1
            if steps > 200_000 { break }
            guard var s = held[n] else { continue }
            if case .event(.call(let c)) = fn.nodes[n].kind, let (p, isLock, key) = pair(of: c) {
                let id = "\(p.context):\(p.lock):\(key)"
                if isLock { s.insert(id) }
                else if s.contains(id) { s.remove(id) }
                else { s = s.filter { !$0.hasPrefix("\(p.context):\(p.lock):") && !LockAnalysis.sameObject($0, id) } }
            }
            for (k, succ) in fn.nodes[n].succs.enumerated() {
                var e = s
                if let t = tried[n], t.side == k { e.insert(t.id) }
                let merged = held[succ].map { LockAnalysis.meet($0, e) } ?? e
                if merged != held[succ] { held[succ] = merged; work.append(succ) }
            }
        }
    }

    /// The locks held on both of two paths: those held on each, and one lock object held on
    /// each in one context under two spellings (`if (irq) spin_lock_irqsave(&c->lock, f); else
    /// spin_lock(&c->lock);`: the lock is held after, by the first spelling in name order).
    static func meet(_ a: Set<String>, _ b: Set<String>) -> Set<String> {
        let both = a.intersection(b)
        guard both.count < a.count, both.count < b.count else { return both }
        var out = both
        let onlyB = b.subtracting(both)
        for x in a.subtracting(both).sorted() {
            if let y = onlyB.filter({ sameObject(x, $0) }).min() { out.insert(min(x, y)) }
        }
        return out
    }

    /// Two held-lock ids (`context:lock:key`) of one context naming one lock object by key.
    static func sameObject(_ x: String, _ y: String) -> Bool {
        let px = parts(x), py = parts(y)
        return px.count == 3 && py.count == 3 && !px[2].isEmpty && px[0] == py[0] && px[2] == py[2]
    }

    /// A held-lock id's context, lock and key (`atomic:spin_lock:struct dev.lock`).
    static func parts(_ id: String) -> [String] {
        id.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
    }

    /// The lock pair a call takes or drops, whether it takes it, and the lock's key.
    func pair(of c: CallSite) -> (LockPair, Bool, String)? {
        if c.isCleanup {
            guard case .path(let v)? = c.args.first, v.fields.isEmpty, let taken = fn.initializer(of: v),
                  let (p, isLock, key) = pair(of: taken), isLock else { return nil }
            return (p, false, key)
        }
        if let x = table[c.name] ?? c.macro.flatMap({ table[$0] }) ?? table[LockAnalysis.implementation(c.name)] {
            return (x.0, x.1, LockAnalysis.key(c))
        }
        if let w = wrappers[c.callee] { return (w.pair, w.takes, w.key ?? LockAnalysis.key(c)) }
        return nil
    }

    static func key(_ c: CallSite) -> String {
        guard case .path(let p)? = c.args.first else { return "" }
        return p.last?.description ?? p.description
    }

    /// Do two sets of held locks (`context:lock:key`) exclude each other: one lock object (the
    /// same key; a keyless lock, the same call) held on both sides, not taken shared on both
    /// (two down_read() holders of an rwsem run together; spin_lock() and spin_lock_irqsave() of
    /// one lock, mutex_lock() and mutex_lock_interruptible(), down_read() and down_write()
    /// exclude each other).
    static func exclude(_ a: Set<String>, _ b: Set<String>, shared: Set<String>) -> Bool {
        let pb = b.map(parts)
        for x in a {
            let px = parts(x)
            for (y, py) in zip(b, pb) {
                guard px.count == 3, py.count == 3 else { if x == y { return true }; continue }
                let sameObject = px[2].isEmpty ? x == y : px[2] == py[2]
                if sameObject && !(shared.contains(px[1]) && shared.contains(py[1])) { return true }
            }
        }
        return false
    }

    /// Atomic-context locks held before node `n` (nil: unreachable).
    func atomic(at n: Int) -> [String]? {
        held[n].map { $0.filter { $0.hasPrefix("atomic:") }.sorted() }
    }
}

/// A function that takes or drops a lock for its caller (FamilyContext.lockWrappers).
struct LockWrapper {
    var pair: LockPair
    var takes: Bool
    /// The lock's key when every call of the pair in the wrapper names the lock as a member of
    /// a parameter (the caller's object's own lock); else the key of the call's first argument
    /// (a guard's constructor: `&m->lock`).
    var key: String?
    /// An unlocking helper that drops the lock exactly on the paths returning this truth value
    /// and keeps it on the others (`if (helper(ptl, …)) return 0;`: past the test it is held).
    var unlocksWhen: Bool? = nil
}

/// Where family checkers look things up: the index, the rules and vocabulary, the engine's
/// origins (holder tables).
/// A function that hands its caller a reference through parameter `arg` (the members `fields`
/// under it), on the result `whenFalse` names (FamilyContext.outParamTakers).
struct OutParamTaker {
    var arg: Int
    var fields: [Field]
    var fact: String
    var whenFalse: Bool
}

final class FamilyContext {
    let index: TreeIndex
    let rules: RuleSet
    let engine: Engine
    var vocab: Vocabulary { rules.vocabulary }
    private var lockCache: [String: LockAnalysis] = [:]

    /// Functions a family rule judges (not the mm APIs' own bodies), in key order: built once
    /// per run (Engine.run) and shared by the contexts of its threads.
    let judged: [FunctionFacts]

    init(index: TreeIndex, rules: RuleSet, engine: Engine, judged: [FunctionFacts]) {
        self.index = index; self.rules = rules; self.engine = engine; self.judged = judged
    }

    private var explorerCache: [String: RefExplorer] = [:]
    var refsMemberMemo: [String: Bool] = [:]
    /// RevokeState.changesMappingState()'s guards, by the mapping functions and vocabulary asked.
    var mappingGuardsMemo: [MappingGuardsKey: [Field: MappingGuard]] = [:]
    /// The reference walk of one function, shared by mm-ref-imbalance and
    /// unchecked-mmget-not-zero (frees: the ref-balance rule's list).
    func explorer(_ fn: FunctionFacts) -> RefExplorer {
        if let x = explorerCache[fn.key] { return x }
        let rule = rules.rules.first { $0.kind == RefBalanceCheck.kind }
        let x = RefExplorer(fn: fn, ctx: self, frees: rule?.match["frees"] ?? [],
                            handoffCallbacks: Set(rule?.match["handoff_callbacks"] ?? []), cancels: rule?.match["cancels"] ?? [])
        x.run()
        explorerCache[fn.key] = x
        return x
    }

    lazy var lockTable = LockAnalysis.table(vocab)

    /// Functions that take or drop one vocabulary lock for their caller: every path returns
    /// holding a lock of a pair the function takes and never drops (a guard's constructor,
    /// `static void foo_lock(struct foo *f) { spin_lock(&f->lock); }`), or the function drops a
    /// lock of a pair it never takes. Two levels: a helper of a helper is one too.
    var lockWrappers: [String: LockWrapper] { engine.lockWrappers(lockTable) }

    func locks(_ fn: FunctionFacts) -> LockAnalysis {
        if let l = lockCache[fn.key] { return l }
        let l = LockAnalysis(fn: fn, table: lockTable, wrappers: lockWrappers, trylocks: vocab.trylocks)
        lockCache[fn.key] = l
        return l
    }

    /// Functions placed in a callback member of one of `records` (`struct mmu_notifier_ops`),
    /// or of exactly `record.member` when the entry names a member, or passed as argument N of
    /// a call an entry `call@N` names (`devm_add_action_or_reset@1`); with the member they fill
    /// (for a call: `call.argN`).
    func callbacks(_ list: [String]) -> [String: Field] {
        let entries = Set(list)
        var out: [String: Field] = [:]
        for fnKey in index.callbackUses.keys.sorted() {
            for u in index.callbackUses[fnKey]! where out[fnKey] == nil {
                if let f = u.field {
                    if entries.contains(f.record) || entries.contains(f.description) { out[fnKey] = f }
                } else if let call = u.call, entries.contains("\(call)@\(u.arg)") {
                    out[fnKey] = Field(record: call, name: "arg\(u.arg)")
                }
            }
        }
        return out
    }

    /// Functions reached by calls from `roots` within `depth` calls, with the root each came
    /// from and the call chain (outermost first): direct calls, and calls through an ops member
    /// whose few stored functions are known (Engine.opsTargets; in the chain, such a call's
    /// callee is the function reached).
    func reached(from roots: [String: Field], depth: Int) -> [String: (root: String, chain: [CallSite])] {
        var out: [String: (root: String, chain: [CallSite])] = [:]
        var frontier: [(String, String, [CallSite])] = roots.keys.sorted().map { ($0, $0, []) }
        for k in roots.keys { out[k] = (k, []) }
        for _ in 0..<depth {
            var next: [(String, String, [CallSite])] = []
            for (key, root, chain) in frontier {
                guard let fn = index.functions[key] else { continue }
                for n in fn.nodes {
                    guard case .event(.call(let c0)) = n.kind, vocab.apis[c0.name] == nil else { continue }
                    // A call through an ops member reaches the functions stored into it (when
                    // they are few: Engine.opsTargets), each as the callee of that call.
                    let targets = c0.callee.hasPrefix("->") ? engine.opsTargets[c0.callee] ?? [] : [c0.callee]
                    for t in targets where out[t] == nil && index.functions[t] != nil {
                        var c = c0
                        c.callee = t
                        out[t] = (root, chain + [c])
                        next.append((t, root, chain + [c]))
                    }
                }
            }
            frontier = next
        }
        return out
    }

    /// Every requirement-rule operation that needs mm_users (the address-space operations and
    /// borrows a lifetime guard protects).
    lazy var usersOperations: Set<String> = {
        Set(rules.rules.filter { $0.isRequirement && $0.requires == MMFact.users }.flatMap { $0.operations.map(\.call) })
    }()

    /// Every rule operation (what passing an mm to does not keep it).
    lazy var knownOperations: Set<String> = {
        Set(rules.rules.flatMap { $0.operations.map(\.call) })
    }()

    private var escapeMemo: [String: Bool] = [:]
    /// Does the function keep parameter `i` past the call: store it in a member or global,
    /// return it, drop it, or pass it to a call that does (`keeps`)?
    func paramEscapes(_ fn: FunctionFacts, _ i: Int, depth: Int, keeps: (CallSite, Int, Int) -> Bool) -> Bool {
        let memo = "\(fn.key)#\(i)"
        if let m = escapeMemo[memo] { return m }
        escapeMemo[memo] = true    // recursion: assume kept
        let param = Expr.path(AccessPath(base: .param(i)))
        var out = false
        scan: for n in fn.nodes {
            switch n.kind {
            case .event(.assign(let lhs, let rhs, _, _, _)):
                if rhs == param {
                    if !lhs.fields.isEmpty { out = true; break scan }
                    if case .global = lhs.base { out = true; break scan }
                    if case .local = lhs.base { out = true; break scan }    // an alias: be conservative
                }
            case .event(.ret(let e, _)):
                if e == param { out = true; break scan }
            case .event(.call(let c)):
                for (j, a) in c.args.enumerated() where a == param {
                    if let rc = refCalls[c.name], !rc.gains { out = true; break scan }
                    if keeps(c, j, depth) { out = true; break scan }
                }
            default: break
            }
        }
        escapeMemo[memo] = out
        return out
    }

    /// Functions of the tree that hand their caller a reference an API took (`static struct
    /// mm_struct *ctx_get_mm(t) { return get_task_mm(t); }`, also through a local and beside
    /// NULL or error-pointer returns): function key → the fact. A call of one takes the
    /// reference, as a call of the API does.
    lazy var acquiringWrappers: [String: String] = {
        var out: [String: String] = [:]
        for key in index.calling(Array(takers.keys) + Array(conditionalPins.keys)).sorted() {
            guard let fn = index.functions[key], vocab.apis[fn.name] == nil else { continue }
            var fact: String?, ok = true
            for (i, n) in fn.nodes.enumerated() {
                guard case .event(.ret(let v, _)) = n.kind else { continue }
                guard let v else { ok = false; break }
                if v == .null || v == .int(0) { continue }
                if case .call(let id) = v, let c = fn.call(id), vocab.errorPointers.contains(c.name) { continue }
                if returnsErrorOrNull(v, in: fn, at: i) { continue }
                guard let f = takenFact(v, in: fn) ?? pinnedReturn(v, in: fn, at: i), fact == nil || fact == f else { ok = false; break }
                fact = f
            }
            if ok, let fact { out[key] = fact }
        }
        return out
    }()

    /// Is the return of path `v` at node `r` reached only where a test found `v` NULL or an
    /// error pointer (`if (IS_ERR_OR_NULL(mm)) return mm;`, `if (!mm) return mm;`)? It hands
    /// back no reference.
    func returnsErrorOrNull(_ v: Expr, in fn: FunctionFacts, at r: Int) -> Bool {
        guard case .path = v else { return false }
        return testOnTheWay(in: fn, to: r) { c, truth -> (Int, Bool)? in
            switch c {
            case .truthy(.call(let id)):
                guard let call = fn.call(id), self.vocab.errorPointerTests.contains(call.name), call.args.first == v else { return nil }
                return (truth ? 0 : 1, true)
            case .truthy(let e) where e == v: return (truth ? 1 : 0, true)
            default: return nil
            }
        } ?? false
    }

    /// The first branch every way to node `r` passes one side of, that `match` — given the
    /// condition under its negations and whether it is taken as written — names with that side:
    /// what `match` said of it.
    func testOnTheWay<T>(in fn: FunctionFacts, to r: Int, _ match: (Cond, Bool) -> (side: Int, value: T)?) -> T? {
        for (g, n) in fn.nodes.enumerated() {
            guard case .branch(let c0, _, _) = n.kind, n.succs.count == 2 else { continue }
            var c = c0, truth = true
            while case .not(let inner) = c { c = inner; truth.toggle() }
            if let (side, value) = match(c, truth), fn.onlyThrough(g, side: side, toReach: r) { return value }
        }
        return nil
    }

    /// What the workers (Engine.kernelThreadContext) drop of their item's object, by the item's
    /// record: the first member drop of each, when all of a record's workers agree
    /// (`struct kvm_async_pf` → mm_users on `mm`: async_pf_execute()'s `mmput(mm)` of `apf->mm`).
    lazy var workerDrops: [String: (fact: String, field: Field)] = {
        var seen: [String: Set<String>] = [:], out: [String: (fact: String, field: Field)] = [:]
        for key in index.calling(Array(refCalls.keys)).sorted() {
            guard let fn = index.functions[key], engine.kernelThreadContext(fn) != nil else { continue }
            let aliases = engine.memberAliases(fn, copies: true)
            for n in fn.nodes {
                guard case .event(.call(let c)) = n.kind, let rc = refCall(c), !rc.gains, rc.arg >= 0, rc.arg < c.args.count,
                      case .path(var p) = c.args[rc.arg] else { continue }
                if p.fields.isEmpty, case .local(let name) = p.base, let q = aliases[name] { p = q }
                guard let f = p.last, p.fields.count == 1 else { continue }
                seen[f.record, default: []].insert("\(rc.fact) \(f.name)")
                if out[f.record] == nil { out[f.record] = (rc.fact, f) }
            }
        }
        return out.filter { seen[$0.key]?.count == 1 }
    }()

    /// The pins that take their reference only when they return true (mmget_not_zero()): name →
    /// the argument and the fact.
    lazy var conditionalPins: [String: (arg: Int, fact: String)] = refCalls.filter {
        $0.value.gains && $0.value.when == .true && $0.value.arg >= 0
    }.mapValues { ($0.arg, $0.fact) }

    /// The fact a return of path `v` (node `r`) carries when every way to it passes the success
    /// side of a conditional pin of that same path (`if (!mmget_not_zero(bo->mm)) return NULL;
    /// return bo->mm;`): the function hands its caller the pin.
    func pinnedReturn(_ v: Expr, in fn: FunctionFacts, at r: Int) -> String? {
        guard case .path = v else { return nil }
        return testOnTheWay(in: fn, to: r) { c, truth -> (Int, String)? in
            guard case .truthy(.call(let id)) = c, let call = fn.call(id), let pin = self.conditionalPins[call.name],
                  pin.arg < call.args.count, call.args[pin.arg] == v else { return nil }
            return (truth ? 0 : 1, pin.fact)
        }
    }

    /// The APIs that hand back a reference they took (get_task_mm(), …): name → the fact.
    lazy var takers: [String: String] = refCalls.filter { $0.value.gains && $0.value.arg < 0 && $0.value.when == .always }
        .mapValues(\.fact)

    /// The fact a taker's reference carries when `e` is its result, directly or through a local
    /// of `fn` every non-NULL value of which is one (two levels). With `wrappers`, a tree helper
    /// that returns one (acquiringWrappers) is a taker too.
    func takenFact(_ e: Expr, in fn: FunctionFacts, wrappers: Bool = false, depth: Int = 0) -> String? {
        switch e {
        case .call(let id): return fn.call(id).flatMap { takers[$0.name] ?? (wrappers ? acquiringWrappers[$0.callee] : nil) }
        case .path(let p) where p.fields.isEmpty && depth < 2:
            guard case .local = p.base else { return nil }
            let facts = Set(fn.assignedValues(p).filter { $0 != .null && $0 != .int(0) }
                .map { takenFact($0, in: fn, wrappers: wrappers, depth: depth + 1) })
            return facts.count == 1 ? facts.first! : nil
        default: return nil
        }
    }

    /// Functions of the tree that hand their caller a reference through an out-parameter
    /// (`*out = get_task_mm(t); return *out ? 0 : -ESRCH;`), or through a member of the struct a
    /// parameter points to (`a->mm = get_task_mm(t);` in a helper that fills its caller's
    /// arguments struct): function key → the parameter, the members under it, the fact, and on
    /// which result the caller holds it: true for a bool function or one whose constant results
    /// are 0 and positive (1 and 0, or counts), zero for the kernel's 0-or-errno convention (no
    /// positive constant result); negative and positive constants together are neither.
    lazy var outParamTakers: [String: OutParamTaker] = {
        var out: [String: OutParamTaker] = [:]
        var byFunction = index.parameterStores
        for stores in index.mmStores.values {
            for st in stores { if case .param = st.lhs.base { byFunction[st.function, default: []].append(st) } }
        }
        for (key, stores) in byFunction {
            guard let fn = index.functions[key], vocab.apis[fn.name] == nil, fn.returnType != "void",
                  !fn.returnType.contains("*") else { continue }
            var arg: Int?, fields: [Field]?, fact: String?, ok = true
            for st in stores {
                guard case .param(let i) = st.lhs.base, let f = takenFact(st.rhs, in: fn, wrappers: true), arg ?? i == i,
                      fact ?? f == f, fields ?? st.lhs.fields == st.lhs.fields else {
                    ok = false; break
                }
                arg = i; fact = f; fields = st.lhs.fields
            }
            guard ok, let arg, let fact, let fields else { continue }
            let results = Set(fn.nodes.compactMap { n -> Int64? in
                if case .event(.ret(.int(let k)?, _)) = n.kind { return k }
                return nil
            })
            // Taken when true: a bool, or constant results that are 0 and positive (1/0; a count,
            // `return n > 1 ? 2 : 1`); taken when zero: no positive constant; a mix of negative and
            // positive constants is neither.
            let positive = results.contains { $0 > 0 }, negative = results.contains { $0 < 0 }
            let takenWhenTrue = fn.returnType == "bool" || fn.returnType == "_Bool" || (positive && !negative)
            if !takenWhenTrue && positive { continue }
            out[key] = OutParamTaker(arg: arg, fields: fields, fact: fact, whenFalse: !takenWhenTrue)
        }
        return out
    }()

    /// Functions of the tree that pin an mm reachable from a parameter conditionally and tell
    /// their caller by their result whether they did (`return mmget_not_zero(c->mm);`, or
    /// `if (!mmget_not_zero(ctx->mm)) return -ESRCH; return 0;`): key → the parameter, the
    /// members under it, the fact, and on which result the caller holds the pin (PinWrappers).
    lazy var pinWrappers: [String: PinWrapper] = {
        let pins = Set(conditionalPins.filter { $0.value.arg == 0 }.keys)
        var out: [String: PinWrapper] = [:]
        for key in index.calling(pins).sorted() {
            guard let fn = index.functions[key], vocab.apis[fn.name] == nil, !engine.isContractFunction(fn),
                  let w = pinWrapper(fn, pins: pins) else { continue }
            out[key] = w
        }
        return out
    }()

    /// Functions of the tree that take or drop a reference on one of their parameters on every
    /// path (`static void foo_put_mm(struct mm_struct *mm) { mmput(mm); }`, `foo_hold(mm)` around
    /// mmgrab()): key → (fact, gained?, always, the parameter). A call of one takes or drops the
    /// reference on that argument, as a call of the API does. Two levels: a wrapper of a wrapper.
    /// A drop may skip the paths where the parameter is NULL or an error pointer (nothing to
    /// drop there): a scope-based put, DEFINE_FREE(mmput, …, if (_T) mmput(_T)), is one.
    /// The contract files' functions are not wrappers: their effects are the vocabulary's.
    lazy var paramRefWrappers: [String: (fact: String, gains: Bool, when: When, arg: Int)] = {
        var out: [String: (fact: String, gains: Bool, when: When, arg: Int)] = [:]
        var names = Set(refCalls.filter { $0.value.arg == 0 && $0.value.when == .always }.keys)
        for _ in 0..<2 {
            for key in index.calling(names, orMacros: true).sorted() where out[key] == nil {
                // Not the core's own bodies (mmu_notifier_unregister() drops what register took).
                guard let fn = index.functions[key], !engine.isContractFunction(fn),
                      let w = paramRefEffect(fn, wrappers: out) else { continue }
                out[key] = w
            }
            names = Set(out.keys.compactMap { index.functions[$0]?.name })
        }
        return out
    }()

    /// Functions of the tree that drop a reference a member of a parameter holds on every path
    /// from entry to exit, and take none (`static void req_unpin(struct req *r) { put(r->mm);
    /// r->status = -1; }`, the drop direct or through a wrapper): function key → the fact, the
    /// parameter and the member. A call of one drops `arg->member` — a drop before or after it
    /// on the same path is a double drop.
    lazy var memberDropWrappers: [String: (fact: String, arg: Int, member: Field)] = {
        var out: [String: (fact: String, arg: Int, member: Field)] = [:]
        let names = Set(refCalls.filter { !$0.value.gains && $0.value.arg == 0 && $0.value.when == .always }.keys)
            .union(paramRefWrappers.filter { !$0.value.gains }.keys.compactMap { index.functions[$0]?.name })
        for key in index.calling(names, orMacros: true).sorted() {
            guard let fn = index.functions[key], !engine.isContractFunction(fn), paramRefWrappers[key] == nil else { continue }
            var effect: (fact: String, arg: Int, member: Field)?, at: Set<Int> = [], other = false
            for (i, n) in fn.nodes.enumerated() {
                guard case .event(.call(let c)) = n.kind, let rc = refCall(c) else { continue }
                guard !rc.gains, rc.when == .always, rc.arg < c.args.count, case .path(let p) = c.args[rc.arg],
                      case .param(let k) = p.base, p.fields.count == 1, effect.map({ $0 == (rc.fact, k, p.fields[0]) }) ?? true
                else { other = true; break }
                effect = (rc.fact, k, p.fields[0]); at.insert(i)
            }
            guard !other, let e = effect,
                  !fn.reaches(to: 1, along: { at.contains($0) ? [] : fn.nodes[$0].succs }) else { continue }
            out[key] = e
        }
        return out
    }()

    /// Functions of the tree that free one of their parameters on every path from entry to exit
    /// with the reference rule's frees (`static struct map_info *free_map_info(struct map_info
    /// *info) { next = info->next; kfree(info); return next; }`), its members' buffers freed
    /// too or not (`kfree(io->buf); kfree(io);`): key → the parameter.
    lazy var freeWrappers: [String: Int] = {
        let frees = callArguments(rules.rules.first { $0.kind == RefBalanceCheck.kind }?.match["frees"] ?? [])
        var out: [String: Int] = [:]
        for key in index.calling(Set(frees.keys)).sorted() {
            guard let fn = index.functions[key], !engine.isContractFunction(fn) else { continue }
            var arg: Int?, at: Set<Int> = [], other = false
            // A destructor that drops a reference itself (`mmdrop(umem->owning_mm); kfree(umem);`)
            // releases what the object held: its callers lose nothing by calling it.
            let drops = fn.nodes.contains { n in
                guard case .event(.call(let c)) = n.kind else { return false }
                return refCall(c).map { !$0.gains } ?? false || paramRefWrappers[c.callee].map { !$0.gains } ?? false
                    || memberDropWrappers[c.callee] != nil
            }
            if drops { continue }
            for (i, n) in fn.nodes.enumerated() {
                guard case .event(.call(let c)) = n.kind, let ai = frees[c.name] else { continue }
                guard ai < c.args.count, case .path(let p) = c.args[ai], case .param(let k) = p.base else { other = true; break }
                if !p.fields.isEmpty { continue }   // a buffer the object points to (`kfree(io->buf); kfree(io);`)
                guard arg.map({ $0 == k }) ?? true else { other = true; break }
                arg = k; at.insert(i)
            }
            guard !other, let k = arg, !fn.reaches(to: 1, along: { at.contains($0) ? [] : fn.nodes[$0].succs }) else { continue }
            out[key] = k
        }
        return out
    }()

    /// The one reference effect `fn` has on a parameter on every path from entry to exit, if any.
    private func paramRefEffect(_ fn: FunctionFacts, wrappers: [String: (fact: String, gains: Bool, when: When, arg: Int)])
        -> (fact: String, gains: Bool, when: When, arg: Int)? {
        var effect: (fact: String, gains: Bool, arg: Int)?, at: Set<Int> = []
        for (i, n) in fn.nodes.enumerated() {
            if case .event(.assign(let l, _, _, _, _)) = n.kind, case .param = l.base, l.fields.isEmpty { return nil }
            guard case .event(.call(let c)) = n.kind else { continue }
            let rc = refCalls[c.name].flatMap { $0.arg == 0 && $0.when == .always ? $0 : nil } ?? wrappers[c.callee]
            guard let rc, rc.arg < c.args.count else { continue }
            guard case .path(let p) = c.args[rc.arg], let k = parameter(named: p, in: fn) else { return nil }
            if let e = effect, e != (rc.fact, rc.gains, k) { return nil }
            effect = (rc.fact, rc.gains, k); at.insert(i)
        }
        guard let e = effect else { return nil }
        // A wrapper that takes a reference and stores the mm keeps it in the object: a taking
        // call for its caller only when the reference comes back with the argument.
        if e.gains, fn.nodes.contains(where: { n in
            guard case .event(.assign(let l, .path(let r), _, _, _)) = n.kind, r == AccessPath(base: .param(e.arg)) else { return false }
            if case .local = l.base, l.fields.isEmpty { return false }
            return true
        }) { return nil }
        // Every path to the exit (node 1) passes one of those calls (a drop: every path where
        // the parameter is not NULL or an error pointer).
        func next(_ n: Int) -> [Int] {
            if at.contains(n) { return [] }
            let succs = fn.nodes[n].succs
            guard !e.gains, case .branch(let c, _, _) = fn.nodes[n].kind, succs.count == 2,
                  let side = nullSide(c, of: e.arg, in: fn) else { return succs }
            return [succs[1 - side]]
        }
        if fn.reaches(to: 1, along: next) { return nil }
        return (e.fact, e.gains, .always, e.arg)
    }

    /// The parameter a path names: the parameter itself, or a local every assignment of which
    /// is that parameter (`struct mm_struct *_T = *(struct mm_struct **)p;`).
    private func parameter(named p: AccessPath, in fn: FunctionFacts) -> Int? {
        guard p.fields.isEmpty else { return nil }
        if case .param(let k) = p.base { return k }
        guard case .local = p.base else { return nil }
        let ks = Set(fn.assignedValues(p).map { v -> Int? in
            if case .path(let q) = v, q.fields.isEmpty, case .param(let k) = q.base { return k }
            return nil
        })
        return ks.count == 1 ? ks.first! : nil
    }

    /// The side (0: true, 1: false) of a branch on which parameter `k` is NULL or an error
    /// pointer: `if (p)`, `if (!p)`, `if (IS_ERR_OR_NULL(p))`.
    private func nullSide(_ c: Cond, of k: Int, in fn: FunctionFacts) -> Int? {
        switch c {
        case .not(let x): return nullSide(x, of: k, in: fn).map { 1 - $0 }
        case .truthy(.path(let p)): return parameter(named: p, in: fn) == k ? 1 : nil
        case .truthy(.call(let id)):
            guard let call = fn.call(id), vocab.errorPointerTests.contains(call.name), case .path(let p)? = call.args.first,
                  parameter(named: p, in: fn) == k else { return nil }
            return 0
        default: return nil
        }
    }

    /// A call's reference effect: the vocabulary's (on argument 0 or the result), else a
    /// parameter wrapper's.
    func refCall(_ c: CallSite) -> (fact: String, gains: Bool, when: When, arg: Int)? {
        refCalls[c.name] ?? byCallee(paramRefWrappers, c, same: { $0 == $1 })
    }

    /// What a table keyed by function says of a call: of its callee, or for a call through an
    /// ops member (`d->ops->get_mm(d)`), of the functions stored into that member when they all
    /// say the same (Engine.opsTargets).
    func byCallee<T>(_ table: [String: T], _ c: CallSite, same: (T, T) -> Bool) -> T? {
        if let v = table[c.callee] { return v }
        guard c.callee.hasPrefix("->"), let ts = engine.opsTargets[c.callee], let first = ts.first, let v = table[first],
              ts.allSatisfy({ t in table[t].map { same($0, v) } ?? false }) else { return nil }
        return v
    }
    func pinWrapper(of c: CallSite) -> PinWrapper? { byCallee(pinWrappers, c, same: ==) }

    /// The functions that call one of `keys`: directly, or through an ops member every function
    /// stored into which is one of them.
    func callers<S: Sequence<String>>(of keys: S) -> Set<String> {
        let set = Set(keys)
        var out = Set(set.flatMap { index.callers[$0] ?? [] })
        for (member, ts) in engine.opsTargets where ts.allSatisfy(set.contains) { out.formUnion(index.callers[member] ?? []) }
        return out
    }

    /// Calls that take or drop an mm reference, from the vocabulary: name → (fact, gained?,
    /// when, argument: 0 or -1 for the returned mm).
    lazy var refCalls: [String: (fact: String, gains: Bool, when: When, arg: Int)] = {
        var out: [String: (String, Bool, When, Int)] = [:]
        for (name, c) in vocab.apis {
            for g in c.gains where (g.fact == MMFact.users || g.fact == MMFact.count) && g.on.fields.isEmpty && g.on.arg <= 0 {
                out[name] = (g.fact, true, g.when, g.on.arg)
            }
            for l in c.loses where (l.fact == MMFact.users || l.fact == MMFact.count) && l.on.arg == 0 && l.on.fields.isEmpty {
                out[name] = (l.fact, false, .always, 0)
            }
        }
        return out
    }()
}

extension Cond {
    /// Every expression the condition tests.
    var exprs: [Expr] {
        switch self {
        case .truthy(let e): return [e]
        case .equal(let a, let b): return [a, b]
        case .not(let c): return c.exprs
        case .opaque: return []
        case .below(let e, _): return [e]
        }
    }
}

extension CFGNode {
    /// The successor (0: the condition holds, 1: it does not) where a branch finds one of
    /// `paths` NULL (`if (m)` → 1, `if (!m)` or `if (m == NULL)` → 0), else nil.
    func nullSide(among paths: Set<AccessPath>) -> Int? {
        guard case .branch(var c, _, _) = kind, succs.count == 2, !paths.isEmpty else { return nil }
        var holds = true
        while case .not(let inner) = c { c = inner; holds.toggle() }
        switch c {
        case .truthy(.path(let p)) where paths.contains(p): return holds ? 1 : 0
        case .equal(.path(let p), .null) where paths.contains(p), .equal(.null, .path(let p)) where paths.contains(p): return holds ? 0 : 1
        default: return nil
        }
    }
}

extension FunctionFacts {
    /// The call a local was initialized with (`class_spinlock_t g = class_spinlock_constructor(&l)`):
    /// a scope guard's constructor, which its cleanup undoes.
    func initializer(of v: AccessPath) -> CallSite? {
        for n in nodes {
            if case .event(.assign(let lhs, .call(let id), _, _, _)) = n.kind, lhs == v { return call(id) }
        }
        return nil
    }

    /// Every value assigned to `p` in the function (for a local: what it can hold).
    /// (A pointer stepped in place, `pos += PAGE_SIZE`, adds no value: it still points into what
    /// it was given.)
    func assignedValues(_ p: AccessPath) -> [Expr] {
        nodes.compactMap {
            if case .event(.assign(let l, let r, _, let loc, _)) = $0.kind, l == p, !isStep(l, r, loc) { return r }
            return nil
        }
    }

    /// Is the store the frontend's record of a pointer stepped in place (an unknown value at the
    /// place its increments or decrements record)?
    func isStep(_ l: AccessPath, _ r: Expr, _ loc: SourceLoc) -> Bool {
        r == .other && (increments.contains { $0.path == l && $0.loc == loc } || decrements.contains { $0.path == l && $0.loc == loc })
    }

    /// The values of the assignments to `p` that reach node `i` with no other assignment to it
    /// between (`nb = kzalloc(…); swap(d->buf, nb); kfree(nb);`: at the free, nb holds the value
    /// swap() gave it, not the allocation), nil when a way from the entry reaches `i` with none.
    func valuesReaching(_ p: AccessPath, to i: Int) -> [Expr]? {
        assignmentsReaching(p, to: i)?.reduce(into: [Expr]()) { out, n in
            if case .event(.assign(let l, let r, _, let loc, _)) = nodes[n].kind, !out.contains(r), !isStep(l, r, loc) { out.append(r) }
        }
    }

    /// The nodes of those assignments (valuesReaching), in no particular order.
    func assignmentsReaching(_ p: AccessPath, to i: Int) -> [Int]? {
        let preds = predecessors()
        var out: [Int] = [], seen: Set<Int> = [], work = preds[i]
        while let n = work.popLast() {
            guard seen.insert(n).inserted else { continue }
            if case .event(.assign(let l, let r, _, let loc, _)) = nodes[n].kind, l == p, !isStep(l, r, loc) {
                out.append(n)
                continue
            }
            if n == 0 { return nil }
            work += preds[n]
        }
        return out
    }

    /// Each node's predecessors (the edges reversed).
    func predecessors() -> [[Int]] {
        var preds: [[Int]] = Array(repeating: [], count: nodes.count)
        for (n, node) in nodes.enumerated() { for s in node.succs { preds[s].append(n) } }
        return preds
    }

    /// The node of the one assignment to `p` in the function, when there is exactly one (a local
    /// that holds one value: `locked = spin_trylock(&l)`, `bool dead = m->dead`).
    func onlyAssignment(_ p: AccessPath) -> Int? {
        var found: Int?
        for (i, n) in nodes.enumerated() {
            guard case .event(.assign(let l, _, _, _, _)) = n.kind, l == p else { continue }
            if found != nil { return nil }
            found = i
        }
        return found
    }

    /// The value of that one assignment.
    func onlyAssignedValue(_ p: AccessPath) -> Expr? {
        guard let i = onlyAssignment(p), case .event(.assign(_, let r, _, _, _)) = nodes[i].kind else { return nil }
        return r
    }

    /// What the function returns besides constants and NULL (its error and "none" results):
    /// the values a caller's use of the result can hold.
    var resultValues: [Expr] {
        nodes.compactMap { n -> Expr? in
            guard case .event(.ret(let v?, _)) = n.kind, v != .null else { return nil }
            if case .int = v { return nil }
            return v
        }
    }

    /// The call site with this id (a scan of the nodes: no table is built for one lookup).
    public func call(_ id: Int) -> CallSite? {
        for n in nodes { if case .event(.call(let c)) = n.kind, c.id == id { return c } }
        return nil
    }

    /// The node of the call with this id.
    public func node(ofCall id: Int) -> Int? {
        nodes.firstIndex { if case .event(.call(let c)) = $0.kind { return c.id == id }; return false }
    }

    /// Call sites by id (for a function whose calls are looked up many times).
    public var callsByID: [Int: CallSite] {
        var out: [Int: CallSite] = [:]
        for n in nodes { if case .event(.call(let c)) = n.kind { out[c.id] = c } }
        return out
    }

    /// Source location of a node, if it has one.
    public func loc(of n: Int) -> SourceLoc? {
        switch nodes[n].kind {
        case .event(.call(let c)): return c.loc
        case .event(.assign(_, _, _, let l, _)): return l
        case .event(.ret(_, let l)): return l
        case .branch(_, _, let l): return l
        default: return nil
        }
    }

    /// Does a path of one or more edges lead from `start` to `target` when, from each node, only
    /// the successors `next` gives are followed (a walk that cuts edges: one side of a test, the
    /// edges out of or into some nodes)?
    public func reaches(from start: Int = 0, to target: Int, along next: (Int) -> [Int]) -> Bool {
        var seen: Set<Int> = [start], work = [start]
        while let n = work.popLast() {
            for s in next(n) {
                if s == target { return true }
                if seen.insert(s).inserted { work.append(s) }
            }
        }
        return false
    }

    /// Does every way from the entry to `node` take successor `side` of the two-way node `g`
    /// (without that edge `node` is out of reach)?
    public func onlyThrough(_ g: Int, side: Int, toReach node: Int) -> Bool {
        let other = nodes[g].succs[1 - side]
        return !reaches(from: 0, to: node) { u in u == g ? [other] : nodes[u].succs }
    }

    /// Does every way from the entry to `node` pass node `through` (without it `node` is out of
    /// reach)?
    public func onlyThrough(node through: Int, toReach node: Int) -> Bool {
        through != node && !reaches(from: 0, to: node) { u in u == through ? [] : nodes[u].succs }
    }

    /// The nodes a path from `start` reaches (`start` included).
    public func reachable(from start: Int) -> Set<Int> {
        var seen: Set<Int> = [start]
        _ = reaches(from: start, to: -1) { n in seen.formUnion(nodes[n].succs); return nodes[n].succs }   // -1: no node, the whole walk
        return seen
    }

    /// Locals that some node stores an integer constant into and some branch compares with
    /// one or tests (`kind = … ? FLUSH_LOCAL : FLUSH_ALL; switch (kind)`): a classification a
    /// walk can follow (walkDeciding).
    public func classifiedLocals() -> Set<String> {
        var stored: Set<String> = [], tested: Set<String> = []
        for n in nodes {
            switch n.kind {
            case .event(.assign(let l, .int, _, _, _)): if l.fields.isEmpty, case .local(let k) = l.base { stored.insert(k) }
            case .branch(let c, _, _): if let (k, _) = FunctionFacts.classifiedTest(c) { tested.insert(k) }
            default: break
            }
        }
        return stored.intersection(tested)
    }

    /// A branch condition on a local's value: the local, and the side (0 true, 1 false) a
    /// value takes. Nil for any other condition.
    static func classifiedTest(_ c: Cond) -> (String, (Int64) -> Int)? {
        let (x, negated) = c.unnegated
        func local(_ e: Expr) -> String? {
            if case .path(let p) = e, p.fields.isEmpty, case .local(let k) = p.base { return k }
            return nil
        }
        let flip = { (t: Bool) -> Int in (t != negated) ? 0 : 1 }
        switch x {
        case .truthy(let e): return local(e).map { ($0, { v in flip(v != 0) }) }
        case .equal(let a, .int(let k)): return local(a).map { ($0, { v in flip(v == k) }) }
        case .equal(.int(let k), let b): return local(b).map { ($0, { v in flip(v == k) }) }
        case .below(let e, let k): return local(e).map { ($0, { v in flip(v < k) }) }
        default: return nil
        }
    }

    /// Breadth first from `from` (at most `limit` steps), following the constants stored into
    /// `locals` on the way: a test of one whose value the path stored takes only the side that
    /// value allows; a store of anything else, or a call handed the local, forgets it. The nodes
    /// reached, and the shortest path to the first node `goal` accepts (with `skippingStart`, not
    /// the start itself). With no locals it is reachable(from:) and shortestPath(from:…).
    public func walkDeciding(from: Int, locals: Set<String>, limit: Int = .max, skippingStart: Bool = false,
                             goal: ((Int) -> Bool)? = nil) -> (reached: Set<Int>, path: [Int]?) {
        struct Step: Hashable { var node: Int; var values: [String: Int64] }
        var prev: [Step: Step?] = [:]
        let start = Step(node: from, values: [:])
        prev[start] = .some(nil)
        var queue = [start], head = 0, reached: Set<Int> = [from]
        while head < queue.count, head < limit {
            let st = queue[head]; head += 1
            if let goal, !(skippingStart && st.node == from), goal(st.node) {
                var out: [Int] = [], k: Step? = st
                while let x = k { out.append(x.node); k = prev[x]! }
                return (reached, out.reversed())
            }
            var values = st.values
            let n = nodes[st.node]
            switch n.kind {
            case .event(.assign(let l, let r, _, _, _)):
                if l.fields.isEmpty, case .local(let k) = l.base, locals.contains(k) {
                    if case .int(let v) = r { values[k] = v } else { values[k] = nil }
                }
            case .event(.call(let c)):
                for case .path(let p) in c.args where p.fields.isEmpty { if case .local(let k) = p.base { values[k] = nil } }
            default: break
            }
            var succs = n.succs
            if case .branch(let c, _, _) = n.kind, succs.count == 2, let (k, side) = FunctionFacts.classifiedTest(c),
               let v = values[k] { succs = [succs[side(v)]] }
            for s in succs {
                let next = Step(node: s, values: values)
                guard prev[next] == nil else { continue }
                prev[next] = .some(st); queue.append(next); reached.insert(s)
            }
        }
        return (reached, nil)
    }

    /// Does a path lead from `a` to `b` — at least one edge, so `a` reaches itself only around a
    /// loop — breadth first over at most `limit` nodes?
    public func reaches(_ a: Int, _ b: Int, limit: Int = 4000) -> Bool {
        shortestPath(from: a, limit: limit, skippingStart: true, goal: { $0 == b }) != nil
    }

    /// Shortest node path from `from` to a node satisfying `goal` (both included), breadth
    /// first over at most `limit` nodes; with `skippingStart` the start itself is not a goal.
    /// `avoiding`: nodes no path may pass.
    public func shortestPath(from: Int, limit: Int = .max, skippingStart: Bool = false, goal: (Int) -> Bool,
                             avoiding: Set<Int> = []) -> [Int]? {
        var prev: [Int: Int] = [from: -1]
        var queue = [from], head = 0
        while head < queue.count, head < limit {
            let n = queue[head]; head += 1
            if !(skippingStart && n == from), goal(n) {
                var out: [Int] = [], k = n
                while k != -1 { out.append(k); k = prev[k]! }
                return out.reversed()
            }
            for s in nodes[n].succs where !avoiding.contains(s) {
                // Back at a start that is a goal once left: the way around the loop.
                if skippingStart, s == from, goal(s) {
                    var out: [Int] = [from], k = n
                    while k != -1 { out.append(k); k = prev[k]! }
                    return out.reversed()
                }
                if prev[s] == nil { prev[s] = n; queue.append(s) }
            }
        }
        return nil
    }
}

/// A finding of a family rule, built the same way by every kind.
/// A family rule's `name` or `name@N` entries (the call and the argument it acts on, 0 when
/// not given): `kfree`, `dma_free_coherent@2`.
func callArguments(_ entries: [String]) -> [String: Int] {
    var out: [String: Int] = [:]
    for x in entries {
        let parts = x.split(separator: "@")
        out[String(parts[0])] = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    }
    return out
}

func familyFinding(_ rule: Rule, severity: Severity? = nil, fn: FunctionFacts, at loc: SourceLoc, message: String,
                   origin: String, identity: String, related: [Related] = [], path: [PathEvent] = []) -> Finding {
    var f = Finding(rule: rule.id, severity: severity ?? rule.severity, file: loc.file, line: loc.line, column: loc.column,
                    function: fn.name, message: "\(rule.title): \(message)", origin: origin, related: related, path: path)
    f.identity = identity
    return f
}

extension Engine {
    /// Locals every store of which reads one member (`mm = ctx->mm`, or `a->mm` and `b->mm` of
    /// the same struct member on two paths): the member read, by the first path that reads it.
    /// `exchanges` (xchg()): a call of one takes the value out of the member its first
    /// argument points to (`mm = xchg(&c->mm, NULL)` reads `c->mm`). `copies`: a local every
    /// store of which copies such a local reads its member too (`mm = no_free_ptr(c->mm)`: the
    /// statement expression's temporary).
    func memberAliases(_ fn: FunctionFacts, exchanges: Set<String> = [], copies: Bool = false) -> [String: AccessPath] {
        var stored: [String: [Expr]] = [:]
        for n in fn.nodes {
            if case .event(.assign(let l, let r, _, _, _)) = n.kind, case .local(let name) = l.base, l.fields.isEmpty {
                stored[name, default: []].append(r)
            }
        }
        var aliases: [String: AccessPath] = [:]
        for (name, values) in stored {
            let paths = values.map { v -> AccessPath? in
                if case .path(let q) = v, q.last != nil { return q }
                if case .call(let id) = v, !exchanges.isEmpty, let c = fn.call(id), exchanges.contains(c.name),
                   case .path(let q)? = c.args.first, q.last != nil { return q }
                return nil
            }
            guard let first = paths.first ?? nil, paths.allSatisfy({ $0?.last == first.last }) else { continue }
            aliases[name] = first
        }
        guard copies else { return aliases }
        for (name, values) in stored where aliases[name] == nil {
            let read = values.map { v -> AccessPath? in
                guard case .path(let q) = v, q.fields.isEmpty, case .local(let other) = q.base, other != name else { return nil }
                return aliases[other]
            }
            guard let first = read.first ?? nil, read.allSatisfy({ $0?.last == first.last }) else { continue }
            aliases[name] = first
        }
        return aliases
    }

    /// The calls on a chain from a root (FamilyContext.reached): each caller and the node of its
    /// call of the next function, root first (a caller not in the index ends the chain; a call
    /// no longer found is skipped).
    func chainCalls(_ reach: (root: String, chain: [CallSite])) -> [(fn: FunctionFacts, node: Int)] {
        var out: [(fn: FunctionFacts, node: Int)] = [], caller = reach.root
        for site in reach.chain {
            guard let fn = index.functions[caller] else { break }
            if let i = fn.node(ofCall: site.id) { out.append((fn, i)) }
            caller = site.callee
        }
        return out
    }

    /// Does function `key`, or a function it calls (through `levels` functions in all, `key`
    /// the first), call one of `names`? (A zap within calls, a grace period inside a setter.)
    func callsAny(_ names: Set<String>, in key: String, levels: Int) -> Bool {
        guard levels > 0, let fn = index.functions[key] else { return false }
        return fn.nodes.contains { n in
            guard case .event(.call(let c)) = n.kind else { return false }
            return names.contains(c.name) || callsAny(names, in: c.callee, levels: levels - 1)
        }
    }
}

extension Engine {
    /// FamilyContext.lockWrappers, computed once per run for all the family tasks (each has
    /// a context of its own).
    func lockWrappers(_ lockTable: [String: (LockPair, Bool)]) -> [String: LockWrapper] {
        lockWrapperLock.lock(); defer { lockWrapperLock.unlock() }
        if let done = lockWrapperTable { return done }
        var out: [String: LockWrapper] = [:]
        for _ in 0..<2 {   // helpers, then helpers of helpers
            let names = Set(lockTable.keys).union(out.keys.compactMap { index.functions[$0]?.name })
            var next = out
            let fns = index.calling(names, orMacros: true).sorted().compactMap { key -> FunctionFacts? in
                guard out[key] == nil, let fn = index.functions[key], vocab.apis[fn.name] == nil else { return nil }
                return fn
            }
            // Each function's answer reads only the round before's table: on the run's threads.
            let inner = out
            let found = ResultBox<LockWrapper?>.map(fns, jobs: jobs) { lockWrapper($0, inner: inner, lockTable) }
            for (fn, w) in zip(fns, found) { if let w { next[fn.key] = w } }
            out = next
        }
        lockWrapperTable = out
        return out
    }

    /// What `fn` does with one lock for its caller, given the helpers known so far.
    private func lockWrapper(_ fn: FunctionFacts, inner: [String: LockWrapper],
                             _ lockTable: [String: (LockPair, Bool)]) -> LockWrapper? {
        let l = LockAnalysis(fn: fn, table: lockTable, wrappers: inner)
        let used = Set(fn.nodes.compactMap { n -> String? in
            guard case .event(.call(let c)) = n.kind, let (p, isLock, _) = l.pair(of: c) else { return nil }
            return "\(p.lock)\(isLock ? "+" : "-")"
        })
        let exitHeld = Set((l.held[1] ?? []).map { String($0.split(separator: ":")[1]) })
        // (A function that drops the caller's lock and takes it again is neither.)
        let taken = vocab.locks.filter { exitHeld.contains($0.lock) && !used.contains($0.lock + "-") }
        let dropped = vocab.locks.filter { used.contains($0.lock + "-") && !used.contains($0.lock + "+") }
        // The lock's member key when every call of the pair names it as a member of a parameter
        // (directly, or through a helper that does).
        func memberKey(_ p: LockPair) -> String? {
            let keys = Set(fn.nodes.compactMap { n -> String? in
                guard case .event(.call(let c)) = n.kind, let (q, _, _) = l.pair(of: c), q == p else { return nil }
                guard case .path(let a)? = c.args.first, case .param = a.base else { return "" }
                if let w = inner[c.callee] { return w.key ?? "" }
                return a.fields.isEmpty ? "" : LockAnalysis.key(c)
            })
            return keys.count == 1 && keys.first != "" ? keys.first : nil
        }
        if taken.count == 1, dropped.isEmpty { return LockWrapper(pair: taken[0], takes: true, key: memberKey(taken[0])) }
        if taken.isEmpty, dropped.count == 1 {
            return LockWrapper(pair: dropped[0], takes: false, key: memberKey(dropped[0]), unlocksWhen: unlocksWhen(fn, l, dropped[0]))
        }
        return nil
    }

    /// The truth value `fn` returns exactly where it dropped `pair`'s lock: every return of it
    /// comes after the unlock on every path, every return of the other value on none. Nil where
    /// the returns do not tell (a value computed, both values after the unlock, a void function).
    private func unlocksWhen(_ fn: FunctionFacts, _ l: LockAnalysis, _ pair: LockPair) -> Bool? {
        let unlocks = Set(fn.nodes.indices.filter { i in
            guard case .event(.call(let c)) = fn.nodes[i].kind, let (p, isLock, _) = l.pair(of: c) else { return false }
            return p == pair && !isLock
        })
        var byTruth: [Bool: [Int]] = [:]
        for (i, n) in fn.nodes.enumerated() {
            guard case .event(.ret(let v, _)) = n.kind else { continue }
            guard case .int(let k)? = v else { return nil }
            byTruth[k != 0, default: []].append(i)
        }
        guard let t = byTruth[true], let f = byTruth[false] else { return nil }
        let avoiding: (Int) -> [Int] = { unlocks.contains($0) ? [] : fn.nodes[$0].succs }
        func always(_ r: Int) -> Bool { !fn.reaches(from: 0, to: r, along: avoiding) }
        func never(_ r: Int) -> Bool { !unlocks.contains { fn.reaches(from: $0, to: r, along: { fn.nodes[$0].succs }) } }
        if t.allSatisfy(always) && f.allSatisfy(never) { return true }
        if f.allSatisfy(always) && t.allSatisfy(never) { return false }
        return nil
    }
}
