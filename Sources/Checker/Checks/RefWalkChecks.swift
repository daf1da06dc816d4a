import Facts
import Findings
import Foundation
import Index

/// `kind: ref-balance` — A reference taken and not dropped on some path (leaks, also across asynchronous completions),
/// an object freed while its member still holds a reference, two drops on one path.
struct RefBalanceCheck: FamilyCheck {
    static let kind = "ref-balance"
    static let matchKeys: [String: Bool] = ["frees": true, "handoff_callbacks": false, "cancels": false]
    static let phase = CheckPhase.besideSummaries
    static let group: String? = "reference-walk"
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] {
        engine.refFindings(rule, pinResult: false, ctx)
    }
}

/// `kind: pin-result` — A conditional pin (`mmget_not_zero`) whose result is ignored, or dropped where it failed.
struct PinResultCheck: FamilyCheck {
    static let kind = "pin-result"
    static let matchKeys: [String: Bool] = ["pins": true, "drops": true]
    static let phase = CheckPhase.besideSummaries
    static let group: String? = "reference-walk"
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] {
        engine.refFindings(rule, pinResult: true, ctx)
    }
}

extension Engine {
    func refFindings(_ rule: Rule, pinResult: Bool, _ ctx: FamilyContext) -> [Finding] {
        let wanted: Set<RefEventKind> = !pinResult ? [.leak, .doubleDrop, .freedHolder, .skippedPin] : [.failedDrop, .ignoredPin]
        var out: [Finding] = []
        // Only functions that call a reference API (and, for pin-result, a pin).
        // (Also the callers of the tree's helpers that return a reference: `mm = ctx_get_mm(t)`.)
        // (And the callers of its helpers that pin conditionally: `if (!ctx_pin(ctx)) goto out;`.)
        // (Through an ops member too, where every function stored into it is one: FamilyContext.byCallee.)
        let pinWrapperCallers = ctx.callers(of: ctx.pinWrappers.keys)
        let takers = index.calling(ctx.refCalls.keys).union(ctx.paramRefWrappers.keys.compactMap { index.functions[$0]?.name }
            .flatMap { index.calling([$0]) }).union(ctx.acquiringWrappers.keys.flatMap { index.callers[$0] ?? [] })
            .union(ctx.callers(of: ctx.paramRefWrappers.keys))
            .union(ctx.callers(of: ctx.memberDropWrappers.keys))
            .union(pinWrapperCallers)
            // (And the cancellers of work items whose workers drop a reference: RefExplorer.cancels.)
            .union(ctx.workerDrops.isEmpty ? [] : index.calling(rule.match["cancels"] ?? []))
        let pinners = pinResult ? index.calling(rule.match["pins"]!).union(pinWrapperCallers) : takers
        // A drop through the tree's own wrapper of one (`foo_put_mm(mm)` around mmput()) counts.
        let listed = rule.match["drops"] ?? []
        let dropped = Set(listed.compactMap { ctx.refCalls[$0]?.fact })
        let drops = listed + ctx.paramRefWrappers.compactMap { key, w in
            !w.gains && dropped.contains(w.fact) ? index.functions[key]?.name : nil
        }
        for fn in judged(ctx) where takers.contains(fn.key) && pinners.contains(fn.key) {
            let x = ctx.explorer(fn)
            if x.exhausted { continue }   // too many paths: no verdict rather than a guess
            for (_, e) in x.events.sorted(by: { ($0.value.loc, $0.key) < ($1.value.loc, $1.key) }) where wanted.contains(e.kind) {
                if pinResult, e.kind == .failedDrop, !(drops.contains { e.text.hasPrefix($0 + "(") }) { continue }
                var f = familyFinding(rule, fn: fn, at: e.loc, message: e.text, origin: e.kind.rawValue,
                                      identity: "\(e.kind.rawValue) \(e.fact) \(e.target)", related: e.related,
                                      path: e.entry >= 0 ? pathEvents(fn, x.path(e.entry)) : [])
                if e.kind == .ignoredPin { f.path = [] }
                if e.kind == .failedDrop, e.entry >= 0 {
                    // Replay: the owner's exit makes the pin fail, then the drop underflows.
                    f.subject = FindingSubject(functionKey: fn.key, nodes: x.path(e.entry), useNode: e.node, target: e.target,
                                               fact: MMFact.users, cause: .failedPin, holder: nil, mixed: false, ownPin: false,
                                               holderStores: [], originKind: Engine.originAfterSummaries)
                }
                out.append(f)
            }
        }
        return out
    }
}
