import Facts
import Findings
import Foundation
import Index

// Running the family checks: each kind is one file under Checks/ (see Checks/Check.swift).

extension Engine {
    /// Findings of the family rules `family` (rules whose kind is not `requirement`), with one
    /// context of their own (Engine.run runs several such groups on parallel threads).
    func runFamily(_ family: [Rule], judged: [FunctionFacts], seconds: inout [String: Double]) -> [Finding] {
        guard !family.isEmpty else { return [] }
        let ctx = FamilyContext(index: index, rules: rules, engine: self, judged: judged)
        var out: [Finding] = []
        for rule in family {
            guard let check = FamilyChecks.check(rule.kind) else { continue }
            let t0 = DispatchTime.now().uptimeNanoseconds
            defer { seconds[rule.id] = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 }
            let found = check.findings(rule, self, ctx)
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
}
