import Facts
import Findings
import Checker
import Report
import Foundation

/// A check's result as mmlint's JSON report, and back: `mmlint merge` joins the reports of
/// `--shard` runs exactly as a run of all their configurations joins its parts in memory.
extension CheckResult {
    public typealias JSON = JSONReport<Stats, ConfigurationResult>

    /// The JSON report of this result, with `findings` (default: all of them).
    public func json(findings: [Finding]? = nil, tool version: String = mmlintVersion) throws -> String {
        try JSON(tool: JSONTool(name: "mmlint", version: version), root: root, kernelVersion: self.version,
                 findings: findings ?? self.findings, stats: stats, configurations: configurations.isEmpty ? nil : configurations).render()
    }

    /// A result read back from a JSON report (`path` names it in errors). Rules are the given
    /// ones: a report carries no rule definitions.
    public static func read(jsonReport path: String, rules: [Rule]) throws -> CheckResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MergeError("\(path): cannot read: \(String(cString: strerror(errno)))")
        }
        let rep: JSON
        do { rep = try JSONDecoder().decode(JSON.self, from: data) } catch {
            throw MergeError("\(path): not an mmlint JSON report (\(error))")
        }
        var r = CheckResult(root: rep.root, isKernel: rep.kernelVersion != nil, version: rep.kernelVersion, findings: rep.findings,
                            stats: rep.stats, rules: rules)
        r.configurations = rep.configurations ?? []
        r.arch = r.configurations.count == 1 ? r.configurations[0].arch : ""
        return r
    }
}
