import Facts
import Foundation
import Index

/// `kind: lifetime-flag` — A plain 0/1 flag set at teardown and tested without a common lock before an address-space operation.
struct LifetimeFlagCheck: FamilyCheck {
    static let kind = "lifetime-flag"
    static let matchKeys: [String: Bool] = ["teardown_callbacks": true, "teardown_calls": true, "marked": true, "guards": false]
    static let phase = CheckPhase.afterSummaries
    static let group: String? = "locks"
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.lifetimeFlagFindings(rule, ctx) }
}

extension Engine {
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
                                               cause: .flag, holder: nil, mixed: false, ownPin: false, holderStores: [],
                                               originKind: origin(t).name, guardNode: i)
                }
                out.append(f)
            }
        }
        return out
    }
}
