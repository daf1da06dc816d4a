import Facts
import Foundation
import Index

// The family checkers, one per kind (see Family.swift and each rule file's `semantics:`).

extension Engine {
    /// Findings of the family rules `family` (rules whose kind is not `requirement`), with one
    /// context of their own (Engine.run runs several such groups on parallel threads).
    func runFamily(_ family: [Rule], judged: [FunctionFacts], seconds: inout [String: Double]) -> [Finding] {
        guard !family.isEmpty else { return [] }
        let ctx = FamilyContext(index: index, rules: rules, engine: self, judged: judged)
        var out: [Finding] = []
        for rule in family {
            guard let kind = FamilyKind(rawValue: rule.kind) else { continue }
            let t0 = DispatchTime.now().uptimeNanoseconds
            defer { seconds[rule.id] = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 }
            var found: [Finding]
            switch kind {
            case .refBalance, .pinResult: found = refFindings(rule, kind, ctx)
            case .sleepingCall: found = sleepingCallFindings(rule, ctx)
            case .callbackBody: found = callbackBodyFindings(rule, ctx)
            case .lifetimeFlag: found = lifetimeFlagFindings(rule, ctx)
            case .kthreadTest: found = kthreadTestFindings(rule, ctx)
            case .countHeuristic: found = countHeuristicFindings(rule, ctx)
            case .opaqueField: found = opaqueFieldFindings(rule, ctx)
            }
            out += found.filter { !excluded(rule, $0.file) }
        }
        return out
    }

    /// Functions a family rule judges: not the mm APIs' own bodies.
    func judged(_ ctx: FamilyContext) -> [FunctionFacts] { ctx.judged }

    func pathEvents(_ fn: FunctionFacts, _ nodes: [Int]) -> [PathEvent] {
        let ev: [PathEvent] = nodes.enumerated().compactMap { i, idx in
            guard let d = eventText(fn.nodes[idx], next: i + 1 < nodes.count ? nodes[i + 1] : nil) else { return nil }
            return PathEvent(file: d.0.file, line: d.0.line, event: d.1)
        }
        return Array(ev.suffix(16))
    }

    // MARK: ref-balance, pin-result

    func refFindings(_ rule: Rule, _ kind: FamilyKind, _ ctx: FamilyContext) -> [Finding] {
        let wanted: Set<RefEventKind> = kind == .refBalance ? [.leak, .doubleDrop, .freedHolder] : [.failedDrop, .ignoredPin]
        var out: [Finding] = []
        // Only functions that call a reference API (and, for pin-result, a pin).
        let takers = index.calling(ctx.refCalls.keys)
        let pinners = kind == .pinResult ? index.calling(rule.match["pins"]!) : takers
        for fn in judged(ctx) where takers.contains(fn.key) && pinners.contains(fn.key) {
            let x = ctx.explorer(fn)
            if x.exhausted { continue }   // too many paths: no verdict rather than a guess
            for (_, e) in x.events.sorted(by: { ($0.value.loc, $0.key) < ($1.value.loc, $1.key) }) where wanted.contains(e.kind) {
                if kind == .pinResult, e.kind == .failedDrop, !(rule.match["drops"]!.contains { e.text.hasPrefix($0 + "(") }) { continue }
                var f = familyFinding(rule, fn: fn, at: e.loc, message: e.text, origin: e.kind.rawValue,
                                      identity: "\(e.kind.rawValue) \(e.fact) \(e.target)", related: e.related,
                                      path: e.entry >= 0 ? pathEvents(fn, x.path(e.entry)) : [])
                if e.kind == .ignoredPin { f.path = [] }
                if e.kind == .failedDrop, e.entry >= 0 {
                    // Replay: the owner's exit makes the pin fail, then the drop underflows.
                    f.subject = FindingSubject(functionKey: fn.key, nodes: x.path(e.entry), useNode: e.node, target: e.target,
                                               fact: "users", cause: "failed pin", holder: nil, mixed: false, ownPin: false,
                                               holderStores: [], originKind: Engine.originAfterSummaries)
                }
                out.append(f)
            }
        }
        return out
    }

    // MARK: sleeping-call

    func sleepingCallFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let calls = Set(rule.match["calls"]!), instead = rule.match["instead"]!.joined(separator: "/")
        var out: [Finding] = []
        // Functions that reach one of the calls through direct calls (3 levels).
        // How many direct calls each function is from one of the calls (at most 3), by a
        // breadth-first walk up the call graph; per set of unlocks that end a chain (a callee
        // that drops the caller's lock before it sleeps, as wait_task_zombie() drops
        // tasklist_lock). One walk per distinct set.
        var distances: [Set<String>: [String: (Int, CallSite)]] = [:]
        let unlockNames = Set(vocab.locks.map(\.unlock))
        var unlocksCalled: [String: Set<String>] = [:]
        func releases(_ key: String, _ unlocks: Set<String>) -> Bool {
            if unlocksCalled[key] == nil {
                var u: Set<String> = []
                for n in index.functions[key]?.nodes ?? [] {
                    guard case .event(.call(let c)) = n.kind else { continue }
                    if unlockNames.contains(c.name) { u.insert(c.name) }
                    if let m = c.macro, unlockNames.contains(m) { u.insert(m) }
                }
                unlocksCalled[key] = u
            }
            return !unlocksCalled[key]!.isDisjoint(with: unlocks)
        }
        // The functions that call one of `calls` directly (once).
        var seeds: [(String, CallSite)] = []
        let callingSeeds = index.calling(calls)
        for fn in judged(ctx) where callingSeeds.contains(fn.key) {
            for n in fn.nodes {
                if case .event(.call(let c)) = n.kind, calls.contains(c.name) { seeds.append((fn.key, c)); break }
            }
        }
        func distance(_ unlocks: Set<String>) -> [String: (Int, CallSite)] {
            if let d = distances[unlocks] { return d }
            var d: [String: (Int, CallSite)] = [:]
            var frontier: [String] = []
            for (key, c) in seeds where !releases(key, unlocks) { d[key] = (0, c); frontier.append(key) }
            for level in 1...3 {
                var next: [String] = []
                for callee in frontier {
                    for caller in (index.callers[callee] ?? []).sorted() where d[caller] == nil {
                        guard let fn = index.functions[caller], vocab.apis[fn.name] == nil, !releases(caller, unlocks),
                              let c = fn.nodes.lazy.compactMap({ n -> CallSite? in
                                  if case .event(.call(let c)) = n.kind, c.callee == callee { return c }
                                  return nil
                              }).first else { continue }
                        d[caller] = (level, c)
                        next.append(caller)
                    }
                }
                frontier = next
            }
            distances[unlocks] = d
            return d
        }
        func chain(_ key: String, _ unlocks: Set<String>) -> [CallSite]? {
            let d = distance(unlocks)
            var out: [CallSite] = [], k = key
            while let (level, c) = d[k] {
                out.append(c)
                if level == 0 { return out }
                k = c.callee
            }
            return nil
        }
        func lockText(_ id: String) -> String {
            let parts = id.split(separator: ":", maxSplits: 2).map(String.init)
            return parts.count == 3 && !parts[2].isEmpty ? "\(parts[1])(\(parts[2]))" : (parts.count > 1 ? parts[1] + "()" : id)
        }
        let cbs = ctx.callbacks(rule.match["callbacks"]!)
        let inCallback = ctx.reached(from: cbs, depth: 2)
        // A function is judged only if it calls one of the calls, or a function that reaches
        // one within 3 calls whatever the unlocks (a superset of every distance table's keys):
        // the lock analysis of the other ~29,000 functions on 6.12 is not needed.
        var near = Set(seeds.map(\.0)), frontier = near
        for _ in 1...3 {
            var next: Set<String> = []
            for callee in frontier { for caller in index.callers[callee] ?? [] where near.insert(caller).inserted { next.insert(caller) } }
            frontier = next
        }
        var candidates = callingSeeds
        for k in near { candidates.formUnion(index.callers[k] ?? []) }
        for fn in judged(ctx) where candidates.contains(fn.key) {
            let la = ctx.locks(fn)
            for (i, n) in fn.nodes.enumerated() {
                guard case .event(.call(let c)) = n.kind else { continue }
                if calls.contains(c.name) {
                    if let held = la.atomic(at: i), !held.isEmpty {
                        out.append(familyFinding(rule, fn: fn, at: c.loc,
                            message: "\(c.name)() may run the whole address-space teardown and sleeps (might_sleep), but \(held.map(lockText).joined(separator: ", ")) is held here; use \(instead) or drop the lock first",
                            origin: "atomic", identity: "atomic \(c.name) \(held.joined(separator: ","))"))
                    } else if let cb = inCallback[fn.key], let field = cbs[cb.root] {
                        let via = cb.chain.isEmpty ? "" : " (reached from \(index.functions[cb.root]?.name ?? cb.root) through \(cb.chain.map { $0.name + "()" }.joined(separator: " → ")))"
                        out.append(familyFinding(rule, fn: fn, at: c.loc,
                            message: "\(c.name)() inside an mmu-notifier callback (\(field))\(via): if it drops the last mm_users, exit_mmap() runs inside the notifier and waits for the notifier machinery it is called from; use \(instead)",
                            origin: "notifier", identity: "notifier \(c.name) \(field)",
                            related: cb.chain.map { Related(file: $0.loc.file, line: $0.loc.line, message: "called from the callback here") }))
                    }
                    continue
                }
                // A callee that reaches the call, called with an atomic lock held: a warning
                // (the callee's call may sit on a path this caller never takes).
                guard vocab.apis[c.name] == nil, index.functions[c.callee] != nil, let held = la.atomic(at: i), !held.isEmpty else { continue }
                let unlocks = Set(vocab.locks.filter { p in held.contains { $0.hasPrefix("atomic:\(p.lock):") } }.map(\.unlock))
                guard let ch = chain(c.callee, unlocks), let last = ch.last else { continue }
                out.append(familyFinding(rule, severity: "warning", fn: fn, at: c.loc,
                    message: "\(c.name)() reaches \(last.name)() (\(ch.map { $0.name + "()" }.joined(separator: " → ")) at \(last.loc.file):\(last.loc.line)) with \(held.map(lockText).joined(separator: ", ")) held; \(last.name)() may sleep",
                    origin: "atomic-callee", identity: "atomic-callee \(c.callee) \(held.joined(separator: ","))",
                    related: [Related(file: last.loc.file, line: last.loc.line, message: "\(last.name)() here")]))
            }
        }
        return out
    }

    // MARK: callback-body

    func callbackBodyFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let forbidden = Set(rule.match["forbidden"]!)
        let cbs = ctx.callbacks(rule.match["callbacks"]!)
        let reached = ctx.reached(from: cbs, depth: 1)
        var out: [Finding] = []
        for key in reached.keys.sorted() {
            guard let fn = index.functions[key], !isContractFunction(fn), let r = reached[key], let field = cbs[r.root] else { continue }
            // Under a lock (here, or around the callback's call of this function) a second run
            // waits and finds the entry gone: SGX's lookup-then-list_del_rcu under mm_lock.
            if let first = r.chain.first, let root = index.functions[r.root],
               let i = root.nodes.firstIndex(where: { if case .event(.call(let c)) = $0.kind { return c == first }; return false }),
               !(ctx.locks(root).held[i] ?? []).isEmpty { continue }
            let la = ctx.locks(fn)
            for (i, n) in fn.nodes.enumerated() {
                guard case .event(.call(let c)) = n.kind, forbidden.contains(c.name), (la.held[i] ?? []).isEmpty else { continue }
                let via = r.chain.isEmpty ? "" : " (called from \(index.functions[r.root]?.name ?? r.root) at line \(r.chain[0].loc.line))"
                let what: String
                switch c.name {
                case _ where ctx.refCalls[c.name]?.gains == false: what = "drops an mm reference"
                case "list_del", "list_del_rcu", "hlist_del", "hlist_del_rcu": what = "unlinks without re-initializing the entry (a second run corrupts the list)"
                default: what = "frees memory"
                }
                var f = familyFinding(rule, fn: fn, at: c.loc,
                    message: "\(c.name)(\(c.argText.joined(separator: ", "))) in \(field)\(via) \(what): ->release can run twice (exit_mmap() and mmu_notifier_unregister() concurrently) and not at all after mmu_notifier_put(); it should only stop all access to the mm",
                    origin: "release", identity: "release \(c.name) \(c.argText.joined(separator: ","))")
                if let path = fn.shortestPath(from: 0, limit: 4000, goal: { $0 == i }) {
                    let target: AccessPath = { if case .path(let p)? = c.args.first { return p }; return AccessPath(base: .local("?")) }()
                    f.path = pathEvents(fn, path)
                    f.subject = FindingSubject(functionKey: fn.key, nodes: path, useNode: i, target: target, fact: "release",
                                               cause: "release", holder: nil, mixed: false, ownPin: false, holderStores: [],
                                               originKind: "release", callback: r.root)
                }
                out.append(f)
            }
        }
        return out
    }

    // MARK: kthread-test

    func kthreadTestFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let borrows = Set(rule.match["borrows"]!), flags = rule.match["flags"]!, names = rule.match["names"]!.map { $0.lowercased() }
        func isCurrentMM(_ e: Expr) -> Bool {
            if case .path(let p) = e { return p.base == .current && p.fields.count == 1 && p.fields[0].name == "mm" }
            return false
        }
        /// The edge index taken when current->mm is NULL, if the condition tests it.
        func nullEdge(_ c: Cond) -> Int? {
            switch c {
            case .truthy(let e): return isCurrentMM(e) ? 1 : nil
            case .equal(let a, let b):
                if isCurrentMM(a), b == .null || b == .int(0) { return 0 }
                if isCurrentMM(b), a == .null || a == .int(0) { return 0 }
                return nil
            case .not(let x): return nullEdge(x).map { 1 - $0 }
            case .opaque: return nil
            }
        }
        var out: [Finding] = []
        for fn in judged(ctx) where !flags.contains(where: { fn.macros.contains($0) }) {
            /// The borrowed mm is one this function made (kunit's mm_alloc()): borrowing it when
            /// current has none is correct whatever the task is.
            func madeHere(_ c: CallSite) -> Bool {
                guard case .path(let p)? = c.args.first, p.fields.isEmpty, case .local = p.base else { return false }
                return fn.nodes.contains { n in
                    if case .event(.assign(let l, .call, _, _, _)) = n.kind { return l == p }
                    return false
                }
            }
            lazy var flagged = fn.macros.filter { m in names.contains { m.lowercased().contains($0) } }
            for (i, n) in fn.nodes.enumerated() {
                switch n.kind {
                case .branch(let c, let text, let loc):
                    guard let e = nullEdge(c) else { continue }
                    var evidence: String?
                    // The NULL side borrows an mm: "no mm, so I am a kthread that must borrow one".
                    var seen: Set<Int> = [], work = [n.succs[e]], steps = 0
                    while let m = work.popLast(), steps < 40 {
                        steps += 1
                        guard seen.insert(m).inserted, m != 1 else { continue }
                        if case .event(.call(let cc)) = fn.nodes[m].kind, borrows.contains(cc.name), !madeHere(cc) {
                            evidence = "when it is NULL the function borrows an mm with \(cc.name)() at line \(cc.loc.line), as a kernel thread would"
                            break
                        }
                        work += fn.nodes[m].succs
                    }
                    if evidence == nil, let m = flagged.first { evidence = "the function sets \(m) from it" }
                    guard let why = evidence else { continue }
                    out.append(familyFinding(rule, fn: fn, at: loc,
                        message: "`\(text)` is used to mean \"running in a kernel thread\": \(why); a kernel thread inside kthread_use_mm() has current->mm set, and a user task never has it NULL in a syscall; test current->flags & \(flags.first ?? "PF_KTHREAD")",
                        origin: "null-mm-test", identity: "branch \(text)"))
                case .event(.assign(let lhs, _, let text, let loc, _)):
                    // `kthread = current->mm == NULL` (a NULL test stored), not `kthread_mm = current->mm`.
                    guard text.containsBytes("current->mm"), text.range(of: #"!\s*current->mm\b|current->mm\s*==\s*(NULL|0)\b|\b(NULL|0)\s*==\s*current->mm"#, options: .regularExpression) != nil,
                          let name = lhs.fields.last?.name ?? { if case .local(let l) = lhs.base { return l }; return nil }(),
                          names.contains(where: { name.lowercased().contains($0) }) else { continue }
                    out.append(familyFinding(rule, fn: fn, at: loc,
                        message: "`\(text)` takes a NULL current->mm to mean \"kernel thread\"; a kernel thread inside kthread_use_mm() has current->mm set; test current->flags & \(flags.first ?? "PF_KTHREAD")",
                        origin: "null-mm-test", identity: "assign \(name)"))
                default: continue
                }
            }
        }
        return out
    }

    // MARK: count-heuristic

    func countHeuristicFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let counters = rule.match["counters"]!.joined(separator: "|"), reads = rule.match["reads"]!.joined(separator: "|")
        let consequences = Set(rule.match["consequences"]!)
        let read = #"(?:\#(reads))\s*\(\s*&?\s*[\w.>()\-\[\]]*?\b(?:\#(counters))\s*\)"#
        guard let re = try? NSRegularExpression(pattern: #"\#(read)\s*(==|<=|<)\s*[12]\b|\b[12]\s*(==|>=|>)\s*\#(read)"#) else { return [] }
        // The pattern needs one of the counters spelled out: a byte search first (the regex on
        // every branch text of the tree was most of this rule's time), when they are plain names.
        let literal = rule.match["counters"]!.allSatisfy { $0.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber } }
        var out: [Finding] = []
        for fn in judged(ctx) {
            for (i, n) in fn.nodes.enumerated() {
                guard case .branch(let c, let text, let loc) = n.kind, n.succs.count == 2 else { continue }
                if literal, !rule.match["counters"]!.contains(where: { text.containsBytes($0) }) { continue }
                let ns = text as NSString
                guard let m = re.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { continue }
                let what = ns.substring(with: m.range)
                // The single-user side: the true edge, or the false one under a negation.
                var single = 0, cc = c
                while case .not(let x) = cc { single = 1 - single; cc = x }
                guard let toUse = fn.shortestPath(from: n.succs[single], limit: 300, goal: { k in
                    if case .event(.call(let call)) = fn.nodes[k].kind { return consequences.contains(call.name) || call.macro.map(consequences.contains) == true }
                    return false
                }), let useNode = toUse.last, case .event(.call(let u)) = fn.nodes[useNode].kind else { continue }
                var f = familyFinding(rule, fn: fn, at: loc,
                    message: "`\(what)` is taken to mean that no other CPU uses this mm, and on that side \(u.macro ?? u.name)() at line \(u.loc.line) acts on it; but a kernel thread can take mm_users with mmget_not_zero() and kthread_use_mm() right after the read (io_uring, vhost, drivers' workers): the count is a snapshot, not an exclusion",
                    origin: "users-snapshot", identity: "\(what) \(u.macro ?? u.name)",
                    related: [Related(file: u.loc.file, line: u.loc.line, message: "acts on the single-user assumption")])
                if let toTest = fn.shortestPath(from: 0, limit: 4000, goal: { $0 == i }) {
                    let nodes = toTest + toUse
                    f.path = pathEvents(fn, nodes)
                    f.subject = FindingSubject(functionKey: fn.key, nodes: nodes, useNode: useNode, target: AccessPath(base: .local("mm")),
                                               fact: "users", cause: "snapshot", holder: nil, mixed: false, ownPin: false,
                                               holderStores: [], originKind: "snapshot", guardNode: i)
                }
                out.append(f)
            }
        }
        return out
    }

}

extension Engine {
    // MARK: lifetime-flag

    func lifetimeFlagFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let marked = rule.match["marked"]!, teardownCalls = Set(rule.match["teardown_calls"]!)
        let guards = ctx.usersOperations.union(rule.match["guards"] ?? [])
        let cbs = ctx.callbacks(rule.match["teardown_callbacks"]!)
        struct Store { var fn: FunctionFacts; var loc: SourceLoc; var text: String; var value: Int64; var locks: Set<String>; var why: String }
        var stores: [Field: [Store]] = [:]
        let fns = judged(ctx)
        // 1. Plain constant stores into a member in a teardown function.
        let inCallback = ctx.reached(from: cbs, depth: 1)
        let tearers = index.calling(teardownCalls)
        for fn in fns {
            var why: String?
            if let r = inCallback[fn.key], let f = cbs[r.root] {
                why = r.chain.isEmpty ? "the \(f) callback" : "called from the \(f) callback \(index.functions[r.root]?.name ?? r.root)"
            }
            else if tearers.contains(fn.key), let c = fn.nodes.lazy.compactMap({ n -> CallSite? in if case .event(.call(let c)) = n.kind, teardownCalls.contains(c.name) { return c }; return nil }).first {
                why = "a teardown path (it calls \(c.name)() at line \(c.loc.line))"
            }
            guard let teardown = why else { continue }
            let la = ctx.locks(fn)
            for (i, n) in fn.nodes.enumerated() {
                // A flag: true/false (1/0) stored plainly; not a pointer cleared to NULL.
                guard case .event(.assign(let lhs, .int(let v), let text, let loc, false)) = n.kind, let f = lhs.last,
                      v == 0 || v == 1, !text.hasSuffix("NULL"), !marked.contains(where: { text.hasPrefix($0) }) else { continue }
                stores[f, default: []].append(Store(fn: fn, loc: loc, text: text, value: v, locks: la.held[i] ?? [], why: teardown))
            }
        }
        guard !stores.isEmpty else { return [] }
        /// The edge on which the flag does not have its teardown value.
        func aliveEdge(_ c: Cond, _ v: Int64) -> (Field, Int)? {
            switch c {
            case .truthy(.path(let p)):
                guard let f = p.last, stores[f] != nil else { return nil }
                return (f, v != 0 ? 1 : 0)
            case .equal(.path(let p), .int(let k)), .equal(.int(let k), .path(let p)):
                guard let f = p.last, stores[f] != nil else { return nil }
                return (f, k == v ? 1 : 0)
            case .not(let x): return aliveEdge(x, v).map { ($0.0, 1 - $0.1) }
            default: return nil
            }
        }
        func field(of c: Cond) -> Field? {
            switch c {
            case .truthy(.path(let p)), .equal(.path(let p), .int), .equal(.int, .path(let p)): return p.last
            case .not(let x): return field(of: x)
            default: return nil
            }
        }
        var out: [Finding] = []
        for fn in fns {
            lazy var la = ctx.locks(fn)   // only for functions that test a flag
            for (i, n) in fn.nodes.enumerated() {
                guard case .branch(let c, let text, let loc) = n.kind, let flag = field(of: c), let ss = stores[flag],
                      !marked.contains(where: { text.hasPrefix($0) }) else { continue }
                let others = ss.filter { $0.fn.key != fn.key }
                guard let st = others.first(where: { ($0.locks.intersection(la.held[i] ?? [])).isEmpty }),
                      let (_, alive) = aliveEdge(c, st.value), alive < n.succs.count else { continue }
                // What the alive side then does with the mm (breadth-first: the nearest use).
                guard let toUse = fn.shortestPath(from: n.succs[alive], limit: 400, goal: { m in
                    if case .event(.call(let cc)) = fn.nodes[m].kind { return guards.contains(cc.name) }
                    return false
                }), let useNode = toUse.last, case .event(.call(let u)) = fn.nodes[useNode].kind else { continue }
                var f = familyFinding(rule, fn: fn, at: loc,
                    message: "`\(text)` guards \(u.name)() at line \(u.loc.line), but \(flag) is set by `\(st.text)` in \(st.fn.name) (\(st.why), \(st.loc.file):\(st.loc.line)) without a lock in common with this test and without WRITE_ONCE/READ_ONCE: the teardown can run between the test and the use; pin the mm (mmget_not_zero) or test under the teardown's lock",
                    origin: "unlocked-flag", identity: "\(flag) \(text) \(u.name)",
                    related: [Related(file: st.loc.file, line: st.loc.line, message: "teardown sets the flag here"),
                              Related(file: u.loc.file, line: u.loc.line, message: "the guarded use")])
                // Replay: the test passes, the owner's exit (with the teardown that sets the
                // flag) runs, then the use — the mm the use works on is the target.
                if let toTest = fn.shortestPath(from: 0, limit: 2000, goal: { $0 == i }), let a0 = u.args.first,
                   case .path(let t) = a0 {
                    let nodes = toTest + toUse
                    f.path = pathEvents(fn, nodes)
                    f.subject = FindingSubject(functionKey: fn.key, nodes: nodes, useNode: useNode, target: t, fact: "users",
                                               cause: "flag", holder: nil, mixed: false, ownPin: false, holderStores: [],
                                               originKind: origin(t).name, guardNode: i)
                }
                out.append(f)
            }
        }
        return out
    }

    // MARK: opaque-field

    func opaqueFieldFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let record = rule.match["record"]!, pins = Set(rule.match["pins"]!)
        var keys: [Field: [FieldStore]] = [:]
        for (f, _) in index.mmStores {
            guard case .none(let st, _) = holder(f) else { continue }
            // A registration next to the store (mmu_notifier_get(ops, x->mm)) holds mm_count
            // for the object's lifetime: not a key-only field.
            let registered = st.contains { s in
                index.functions[s.function]?.nodes.contains { n in
                    guard case .event(.call(let c)) = n.kind, pins.contains(c.name) else { return false }
                    return c.args.contains { $0 == s.rhs || $0 == .path(s.lhs) }
                } ?? false
            }
            if !registered { keys[f] = st }
        }
        guard !keys.isEmpty else { return [] }
        func deref(_ p: AccessPath) -> (Field, Field)? {
            for (i, f) in p.fields.enumerated() where i + 1 < p.fields.count && record.contains(p.fields[i + 1].record) && keys[f] != nil {
                return (f, p.fields[i + 1])
            }
            return nil
        }
        // The node's text is built only for a path that matches (building a call's text for
        // every call of the tree was most of this rule's time).
        func paths(_ n: CFGNode) -> [(AccessPath, SourceLoc, () -> String)] {
            switch n.kind {
            case .event(.call(let c)):
                return c.args.compactMap { if case .path(let p) = $0 { return (p, c.loc, { "\(c.name)(\(c.argText.joined(separator: ", ")))" }) }; return nil }
            case .event(.assign(let l, let r, let t, let loc, _)):
                var out = [(l, loc, { t })]
                if case .path(let p) = r { out.append((p, loc, { t })) }
                return out
            case .branch(let c, let t, let loc):
                return c.exprs.compactMap { if case .path(let p) = $0 { return (p, loc, { t }) }; return nil }
            case .event(.ret(.path(let p)?, let loc)):
                return [(p, loc, { "return \(p)" })]
            default: return []
            }
        }
        var out: [Finding] = []
        for fn in judged(ctx) {
            // `x->mm == current->mm` (or !=) first: the mm is the caller's own there.
            var compared: Set<Field> = []
            for n in fn.nodes {
                guard case .branch(let c, _, _) = n.kind else { continue }
                var cc = c
                while case .not(let x) = cc { cc = x }
                if case .equal(.path(let a), .path(let b)) = cc {
                    for (x, y) in [(a, b), (b, a)] where y.base == .current {
                        if let f = x.last, keys[f] != nil { compared.insert(f) }
                    }
                }
            }
            var reported: Set<Field> = []
            for (i, n) in fn.nodes.enumerated() {
                for (p, loc, spell) in paths(n) {
                    guard let (f, member) = deref(p), !compared.contains(f), !reported.contains(f) else { continue }
                    reported.insert(f)
                    let text = spell()
                    let st = keys[f]!
                    var finding = familyFinding(rule, fn: fn, at: loc,
                        message: "`\(text)` reads \(member.name) through \(f), which every store fills with no reference (a key only: \(st.prefix(2).map { "`\($0.text)` at \($0.loc.file):\($0.loc.line)" }.joined(separator: ", "))): nothing keeps that mm_struct allocated; take mmgrab() where it is stored, or only compare it",
                        origin: "none", identity: "\(f) \(member.name)",
                        related: st.prefix(4).map { Related(file: $0.loc.file, line: $0.loc.line, message: "stored without a reference: \($0.text)") })
                    // Replay: the owner exits (the last mmdrop frees the mm_struct), then the read.
                    if let path = fn.shortestPath(from: 0, limit: 4000, goal: { $0 == i }),
                       let k = p.fields.firstIndex(of: f) {
                        finding.path = pathEvents(fn, path)
                        finding.subject = FindingSubject(functionKey: fn.key, nodes: path, useNode: i,
                                                         target: AccessPath(base: p.base, fields: Array(p.fields[...k])), fact: "count",
                                                         cause: "deref", holder: f, mixed: false, ownPin: false,
                                                         holderStores: st.map(\.loc), originKind: "none")
                    }
                    out.append(finding)
                }
            }
        }
        return out
    }
}
