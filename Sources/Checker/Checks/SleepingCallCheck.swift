import Facts
import Foundation
import Index

/// `kind: sleeping-call` — A call that may sleep (`mmput`) under an atomic lock or in (or near) a callback that must not.
struct SleepingCallCheck: FamilyCheck {
    static let kind = "sleeping-call"
    static let matchKeys: [String: Bool] = ["calls": true, "instead": true, "callbacks": true]
    static let phase = CheckPhase.afterSummaries
    static let group: String? = "locks"
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.sleepingCallFindings(rule, ctx) }
}

extension Engine {
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
                out.append(familyFinding(rule, severity: .warning, fn: fn, at: c.loc,
                    message: "\(c.name)() reaches \(last.name)() (\(ch.map { $0.name + "()" }.joined(separator: " → ")) at \(last.loc.file):\(last.loc.line)) with \(held.map(lockText).joined(separator: ", ")) held; \(last.name)() may sleep",
                    origin: "atomic-callee", identity: "atomic-callee \(c.callee) \(held.joined(separator: ","))",
                    related: [Related(file: last.loc.file, line: last.loc.line, message: "\(last.name)() here")]))
            }
        }
        return out
    }
}
