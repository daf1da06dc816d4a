import Facts
import Findings
import Foundation
import Index

/// `kind: sleeping-call` — A call that may sleep (`mmput`) under an atomic lock or in (or near) a callback that must not.
struct SleepingCallCheck: FamilyCheck {
    static let kind = "sleeping-call"
    static let matchKeys: [String: Bool] = ["calls": true, "instead": true, "callbacks": true, "atomic_callbacks": false,
                                            "runs_argument": false]
    static let phase = CheckPhase.afterSummaries
    static let group: String? = "locks"
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.sleepingCallFindings(rule, ctx) }
}

/// How many direct calls each function is from one of the sleeping calls (at most 3), by a
/// breadth-first walk up the call graph; per set of unlocks that end a chain (a callee that
/// drops the caller's lock before it sleeps, as wait_task_zombie() drops tasklist_lock): a call
/// every way to which passes one of them. A callee that unlocks on one path and sleeps on
/// another (binder's lru isolate: `mmput()` on the trylock-failed path, the unlock only on the
/// other) still sleeps under the caller's lock. One walk per distinct set, made when first asked.
final class SleepingCallDistances {
    let index: TreeIndex
    let vocab: Vocabulary
    /// The functions that call one of the calls directly, with the (first) call.
    let seeds: [(String, CallSite)]
    /// The sleeping calls' names.
    let calls: Set<String>
    let unlockNames: Set<String>
    private var distances: [Set<String>: [String: (Int, CallSite)]] = [:]
    private var unlocksCalled: [String: Set<String>] = [:]

    init(index: TreeIndex, vocab: Vocabulary, seeds: [(String, CallSite)], calls: Set<String>) {
        self.index = index
        self.vocab = vocab
        self.seeds = seeds
        self.calls = calls
        unlockNames = Set(vocab.locks.map(\.unlock))
    }

    /// Does the function call one of the unlocks?
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

    /// The first call in `key` that `isTarget` accepts and that some way from the entry reaches
    /// without passing one of the unlocks.
    func unlockedCall(in key: String, _ unlocks: Set<String>, _ isTarget: (CallSite) -> Bool) -> CallSite? {
        guard let fn = index.functions[key] else { return nil }
        let targets = fn.nodes.indices.compactMap { j -> (Int, CallSite)? in
            if case .event(.call(let c)) = fn.nodes[j].kind, isTarget(c) { return (j, c) }
            return nil
        }
        guard !targets.isEmpty else { return nil }
        guard releases(key, unlocks) else { return targets[0].1 }
        let unlocking = Set(fn.nodes.indices.filter { j in
            guard case .event(.call(let c)) = fn.nodes[j].kind else { return false }
            return unlocks.contains(c.name) || c.macro.map(unlocks.contains) == true
        })
        return targets.first { t in
            t.0 == 0 || fn.reaches(from: 0, to: t.0) { unlocking.contains($0) ? [] : fn.nodes[$0].succs }
        }?.1
    }

    func distance(_ unlocks: Set<String>) -> [String: (Int, CallSite)] {
        if let d = distances[unlocks] { return d }
        var d: [String: (Int, CallSite)] = [:]
        var frontier: [String] = []
        for (key, first) in seeds {
            guard let c = releases(key, unlocks) ? unlockedCall(in: key, unlocks, { calls.contains($0.name) }) : first else { continue }
            d[key] = (0, c); frontier.append(key)
        }
        for level in 1...3 {
            var next: [String] = []
            for callee in frontier {
                for caller in (index.callers[callee] ?? []).sorted() where d[caller] == nil {
                    guard let fn = index.functions[caller], vocab.apis[fn.name] == nil,
                          let c = unlockedCall(in: caller, unlocks, { $0.callee == callee }) else { continue }
                    d[caller] = (level, c)
                    next.append(caller)
                }
            }
            frontier = next
        }
        distances[unlocks] = d
        return d
    }

    /// The calls from `key` down to one of the sleeping calls, none of them past one of the unlocks.
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
}

extension Engine {
    func sleepingCallFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let calls = Set(rule.match["calls"]!), instead = rule.match["instead"]!.joined(separator: "/")
        var out: [Finding] = []
        // The functions that call one of `calls` directly (once).
        var seeds: [(String, CallSite)] = []
        let callingSeeds = index.calling(calls)
        for fn in judged(ctx) where callingSeeds.contains(fn.key) {
            for n in fn.nodes {
                if case .event(.call(let c)) = n.kind, calls.contains(c.name) { seeds.append((fn.key, c)); break }
            }
        }
        let reach = SleepingCallDistances(index: index, vocab: vocab, seeds: seeds, calls: calls)
        let callbacks = ctx.callbacks(rule.match["callbacks"]!)
        let inCallback = ctx.reached(from: callbacks, depth: 2)
        // Functions that run in interrupt or softirq context (an irq handler, a timer's, a
        // tasklet's, an RCU callback), and their callees within two calls.
        let atomicCallbacks = ctx.callbacks(rule.match["atomic_callbacks"] ?? [])
        let inAtomicCallback = ctx.reached(from: atomicCallbacks, depth: 2)
        // Calls that run the function an argument names (kref_put()'s release, when the count
        // drops to zero): the function is called there.
        let runs = callArgs(rule, "runs_argument")
        let candidates = sleepingCallCandidates(seeds: seeds, callingSeeds: callingSeeds).union(index.calling(runs.keys))
        for fn in judged(ctx) where candidates.contains(fn.key) {
            let locks = ctx.locks(fn)
            for (i, n) in fn.nodes.enumerated() {
                guard case .event(.call(let c)) = n.kind else { continue }
                if let k = runs[c.name] {
                    if let f = runArgumentFinding(rule, fn, c, arg: k, at: i, locks, reach,
                                                  inCallback: inAtomicCallback[fn.key] != nil || inCallback[fn.key] != nil) {
                        out.append(f)
                    }
                    continue
                }
                if calls.contains(c.name) {
                    if let held = locks.atomic(at: i), !held.isEmpty {
                        out.append(familyFinding(rule, fn: fn, at: c.loc,
                            message: Engine.sleepsUnderLockMessage(c, held: held, instead: instead),
                            origin: "atomic", identity: "atomic \(c.name) \(held.joined(separator: ","))"))
                    } else if let (cb, field, atomic) = inAtomicCallback[fn.key].flatMap({ r in
                                  atomicCallbacks[r.root].map { (r, $0, true) } })
                                ?? inCallback[fn.key].flatMap({ r in callbacks[r.root].map { (r, $0, false) } }) {
                        // In (or two calls below) a callback: one that runs in interrupt or softirq
                        // context, or an mmu notifier's.
                        out.append(familyFinding(rule, fn: fn, at: c.loc,
                            message: atomic ? sleepsInAtomicCallbackMessage(c, callback: cb, field: field, instead: instead)
                                : sleepsInCallbackMessage(c, callback: cb, field: field, instead: instead),
                            origin: atomic ? "atomic" : "notifier",
                            identity: "\(atomic ? "atomic-callback" : "notifier") \(c.name) \(field)",
                            related: cb.chain.map {
                                Related(file: $0.loc.file, line: $0.loc.line, message: "called from the callback here")
                            }))
                    }
                    continue
                }
                // A callee that reaches the call, called with an atomic lock held: a warning
                // (the callee's call may sit on a path this caller never takes).
                guard vocab.apis[c.name] == nil, index.functions[c.callee] != nil, let held = locks.atomic(at: i),
                      !held.isEmpty else { continue }
                let unlocks = Set(vocab.locks.filter { p in held.contains { $0.hasPrefix("atomic:\(p.lock):") } }.map(\.unlock))
                guard let chain = reach.chain(c.callee, unlocks), let last = chain.last else { continue }
                out.append(familyFinding(rule, severity: .warning, fn: fn, at: c.loc,
                    message: Engine.reachesSleepUnderLockMessage(c, chain: chain, held: held),
                    origin: "atomic-callee", identity: "atomic-callee \(c.callee) \(held.joined(separator: ","))",
                    related: [Related(file: last.loc.file, line: last.loc.line, message: "\(last.name)() here")]))
            }
        }
        return out
    }

    /// A call that runs the function its argument `k` names (`kref_put(&b->ref, release)`), made
    /// with an atomic lock held or in (or two calls below) a callback, when that function
    /// reaches the sleeping call within three calls: a warning (it runs only when the count
    /// drops to zero).
    private func runArgumentFinding(_ rule: Rule, _ fn: FunctionFacts, _ c: CallSite, arg k: Int, at i: Int, _ locks: LockAnalysis,
                                    _ reach: SleepingCallDistances, inCallback: Bool) -> Finding? {
        guard k < c.args.count, case .function(let g) = c.args[k], let released = index.functions[g] else { return nil }
        let held = locks.atomic(at: i) ?? []
        guard !held.isEmpty || inCallback else { return nil }
        let unlocks = Set(vocab.locks.filter { p in held.contains { $0.hasPrefix("atomic:\(p.lock):") } }.map(\.unlock))
        guard let chain = reach.chain(g, unlocks), let last = chain.last else { return nil }
        let run = CallSite(id: -1, callee: g, name: released.name, args: [], argText: [], loc: c.loc, macro: nil)
        let instead = rule.match["instead"]!.joined(separator: "/")
        let message = !held.isEmpty ? Engine.reachesSleepUnderLockMessage(c, chain: [run] + chain, held: held)
            : "\(c.name)() runs \(released.name)() when it drops the last reference, and \(released.name)() reaches "
                + "\(last.name)() (\(chain.map { $0.name + "()" }.joined(separator: " → ")) at \(last.loc.file):\(last.loc.line)) "
                + "inside a callback that may not sleep or run the teardown; use \(instead) there, or defer the release"
        return familyFinding(rule, severity: .warning, fn: fn, at: c.loc, message: message, origin: "atomic-callee",
                             identity: "run-argument \(g) \(held.joined(separator: ","))",
                             related: [Related(file: last.loc.file, line: last.loc.line, message: "\(last.name)() here")])
    }

    /// The functions judged: those that call one of the calls, or a function that reaches one
    /// within 3 calls whatever the unlocks (a superset of every distance table's keys): the
    /// lock analysis of the other ~29,000 functions on 6.12 is not needed.
    private func sleepingCallCandidates(seeds: [(String, CallSite)], callingSeeds: Set<String>) -> Set<String> {
        var near = Set(seeds.map(\.0)), frontier = near
        for _ in 1...3 {
            var next: Set<String> = []
            for callee in frontier { for caller in index.callers[callee] ?? [] where near.insert(caller).inserted { next.insert(caller) } }
            frontier = next
        }
        var candidates = callingSeeds
        for k in near { candidates.formUnion(index.callers[k] ?? []) }
        return candidates
    }

    /// A held lock (`context:lock:key`) as the messages name it: `lock(key)` or `lock()`.
    private static func lockText(_ id: String) -> String {
        let parts = id.split(separator: ":", maxSplits: 2).map(String.init)
        return parts.count == 3 && !parts[2].isEmpty ? "\(parts[1])(\(parts[2]))" : (parts.count > 1 ? parts[1] + "()" : id)
    }

    private static func sleepsUnderLockMessage(_ c: CallSite, held: [String], instead: String) -> String {
        "\(c.name)() may run the whole address-space teardown and sleeps (might_sleep), "
            + "but \(held.map(lockText).joined(separator: ", ")) is held here; use \(instead) or drop the lock first"
    }

    private func sleepsInCallbackMessage(_ c: CallSite, callback cb: (root: String, chain: [CallSite]), field: Field,
                                         instead: String) -> String {
        let chainText = cb.chain.map { $0.name + "()" }.joined(separator: " → ")
        let via = cb.chain.isEmpty ? "" : " (reached from \(index.functions[cb.root]?.name ?? cb.root) through \(chainText))"
        return "\(c.name)() inside an mmu-notifier callback (\(field))\(via): if it drops the last mm_users, "
            + "exit_mmap() runs inside the notifier and waits for the notifier machinery it is called from; use \(instead)"
    }

    private func sleepsInAtomicCallbackMessage(_ c: CallSite, callback cb: (root: String, chain: [CallSite]), field: Field,
                                               instead: String) -> String {
        let chainText = cb.chain.map { $0.name + "()" }.joined(separator: " → ")
        let root = index.functions[cb.root]?.name ?? cb.root
        let via = cb.chain.isEmpty ? "" : " (reached from it through \(chainText))"
        // A registration call's callback (`request_irq@1`) or a member (`struct timer_list.function`).
        let what = field.name.hasPrefix("arg") && !field.record.hasPrefix("struct ") ? "the callback given to \(field.record)()"
            : "\(field)"
        return "\(c.name)() may run the whole address-space teardown and sleeps (might_sleep), but \(root)() runs as "
            + "\(what), in interrupt or softirq context\(via); use \(instead)"
    }

    private static func reachesSleepUnderLockMessage(_ c: CallSite, chain: [CallSite], held: [String]) -> String {
        let last = chain.last!
        return "\(c.name)() reaches \(last.name)() (\(chain.map { $0.name + "()" }.joined(separator: " → ")) "
            + "at \(last.loc.file):\(last.loc.line)) with \(held.map(lockText).joined(separator: ", ")) held; \(last.name)() may sleep"
    }
}
