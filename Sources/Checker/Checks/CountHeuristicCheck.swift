import Facts
import Findings
import Foundation
import Index

/// `kind: count-heuristic` — `counter == 1` read as "single user" whose single-user side calls a consequence.
struct CountHeuristicCheck: FamilyCheck {
    static let kind = "count-heuristic"
    static let matchKeys: [String: Bool] = ["counters": true, "reads": true, "consequences": true]
    static let phase = CheckPhase.besideSummaries
    static let group: String? = nil
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.countHeuristicFindings(rule, ctx) }
}

extension Engine {
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
                    if case .event(.call(let call)) = fn.nodes[k].kind {
                        return consequences.contains(call.name) || call.macro.map(consequences.contains) == true
                    }
                    return false
                }), let useNode = toUse.last, case .event(.call(let u)) = fn.nodes[useNode].kind else { continue }
                var f = familyFinding(rule, fn: fn, at: loc,
                    message: "`\(what)` is taken to mean that no other CPU uses this mm, and on that side \(u.macro ?? u.name)() "
                        + "at line \(u.loc.line) acts on it; but a kernel thread can take mm_users with mmget_not_zero() and "
                        + "kthread_use_mm() right after the read (io_uring, vhost, drivers' workers): "
                        + "the count is a snapshot, not an exclusion",
                    origin: "users-snapshot", identity: "\(what) \(u.macro ?? u.name)",
                    related: [Related(file: u.loc.file, line: u.loc.line, message: "acts on the single-user assumption")])
                if let toTest = fn.shortestPath(from: 0, limit: 4000, goal: { $0 == i }) {
                    let nodes = toTest + toUse
                    f.path = pathEvents(fn, nodes)
                    f.subject = FindingSubject(functionKey: fn.key, nodes: nodes, useNode: useNode, target: AccessPath(base: .local("mm")),
                                               fact: MMFact.users, cause: .snapshot, holder: nil, mixed: false, ownPin: false,
                                               holderStores: [], originKind: "snapshot", guardNode: i)
                }
                out.append(f)
            }
        }
        return out
    }
}
