import Facts
import Findings
import Checker
import Foundation

/// How a run's findings become an exit code: the options of `check` that decide it.
public struct RunPolicy: Sendable {
    /// The lowest severity that makes the exit code 1.
    public var failOn: Severity = .error
    /// Exit 0 even with findings (2 still means mmlint could not do its job).
    public var exitZero = false
    /// Exit 2 when some selected file could not be analyzed.
    public var strict = false
    /// Report only findings replay confirmed — and those of rules replay has no adversary for
    /// (leaks, kthread tests, sleeping in atomic context), which replay never judges.
    public var confirmedOnly = false
    public init() {}
}

/// What a run comes to once suppressions, the baseline and the changed-lines filter are applied:
/// the findings that count, the exit code, and what must be said on stderr even with `--quiet`.
public struct Outcome: Sendable {
    /// Findings reported (suppressed and baseline ones included, marked) after the filters.
    public var reported: [Finding]
    /// Those that count toward the exit code (not suppressed, not in the baseline).
    public var counted: [Finding]
    public var code: Int32
    public var suppressed = 0
    public var inBaseline = 0
    public var outsideChanges = 0
    /// One line each: why nothing (or a staged file) was analyzed. Shown with `--quiet` too.
    public var problems: [String] = []

    /// Exit codes: 0 clean, 1 findings at or above `failOn`, 2 when mmlint could not do its job —
    /// including a run in which no selected file could be analyzed, and a staged file that
    /// could not be parsed (the pre-commit hook must not accept what it did not read).
    public static func decide(_ res: CheckResult, policy: RunPolicy, baseline: Set<String>?,
                              changed: [String: Set<Int>]?, staged: Bool, patched: Bool = false) -> Outcome {
        var findings = res.findings
        if policy.confirmedOnly {
            // Replay judges findings of rules with an adversary; mmlint's own notes (suppressions)
            // belong to no rule file.
            let judged = Set(res.rules.filter { $0.adversary != .none }.map(\.id))
            findings = findings.filter { $0.replay?.verdict == .confirmed || !judged.contains($0.rule) }
        }
        var outside = 0
        if let c = changed {
            let before = findings.count
            findings = findings.filter { Triage.touches($0, c) }
            outside = before - findings.count
        }
        let counted = findings.filter { $0.suppression == nil && !(baseline?.contains($0.fingerprint) ?? false) }
        var out = Outcome(reported: findings, counted: counted, code: 0)
        out.suppressed = findings.filter { $0.suppression != nil }.count
        out.inBaseline = findings.filter { $0.suppression == nil && (baseline?.contains($0.fingerprint) ?? false) }.count
        out.outsideChanges = outside
        if counted.contains(where: { $0.severity >= policy.failOn }) { out.code = 1 }
        if policy.exitZero { out.code = 0 }
        let st = res.stats
        if policy.strict && st.filesFailed > 0 { out.code = 2 }
        for s in st.skipped where res.explicitFiles.contains(s.file) {
            out.problems.append("mmlint: \(s.file): not analyzed: \(s.reason)")
        }
        if let c = changed, staged {
            let failed = st.failed.filter { c[$0.file] != nil }
            for f in failed {
                out.problems.append("mmlint: \(f.file): the staged file could not be analyzed (\(f.reason)); "
                                    + "fix it, or commit without this check: git commit --no-verify")
            }
            for s in st.skipped where c[s.file] != nil && !res.explicitFiles.contains(s.file) {
                out.problems.append("mmlint: \(s.file): staged but not analyzed: \(s.reason)")
            }
            if !failed.isEmpty { out.code = 2 }
        }
        if let c = changed, patched {
            let failed = st.failed.filter { c[$0.file] != nil }
            for f in failed { out.problems.append("mmlint: \(f.file): the patched file could not be analyzed (\(f.reason))") }
            for s in st.skipped where c[s.file] != nil && !res.explicitFiles.contains(s.file) {
                out.problems.append("mmlint: \(s.file): patched but not analyzed: \(s.reason)")
            }
            if !failed.isEmpty { out.code = 2 }
        }
        if nothingAnalyzed(st) {
            out.problems.append("mmlint: nothing was analyzed: \(Summary.notAnalyzed(st))")
            out.code = 2
        }
        return out
    }

    /// Some file was a candidate and none could be analyzed (all failed or were skipped).
    public static func nothingAnalyzed(_ st: Stats) -> Bool {
        st.filesParsed == 0 && (st.filesFailed > 0 || !st.skipped.isEmpty)
    }
}

/// The one-line summary of a run (stderr, after the report).
public enum Summary {
    public static func line(_ res: CheckResult, _ out: Outcome) -> String {
        let st = res.stats
        let errs = out.counted.filter { $0.severity == .error }.count
        let warns = out.counted.filter { $0.severity == .warning }.count
        let notes = out.counted.count - errs - warns
        let kind = res.isKernel ? "Linux " + (res.version ?? "?") + " tree" : "C tree"
        let tried = st.filesParsed + st.filesFailed
        let coverage = tried == 0 ? 100.0 : 100.0 * Double(st.filesParsed) / Double(tried)
        var line = "mmlint: \(kind) \(res.root): "
        if res.configurations.isEmpty {
            line += "\(st.filesSelected) of \(st.filesSeen) files selected"
            if !st.skipped.isEmpty { line += " (\(st.skipped.count) skipped: \(skipCounts(st)))" }
            line += ", \(st.filesParsed) parsed, \(st.filesFailed) failed"
        } else {
            // Per configuration; skipped = skipped by every configuration.
            line += "\(res.configurations.count) configuration(s): " + res.configurations.map { c in
                "\(c.name) (\(c.arch)) \(c.stats.filesSelected) selected, \(c.stats.filesParsed) parsed, \(c.stats.filesFailed) failed"
            }.joined(separator: "; ")
            if !st.skipped.isEmpty { line += "; \(st.skipped.count) file(s) in none of them (\(skipCounts(st)))" }
        }
        line += " (\(String(format: "%.1f", coverage))% parsed)"
        line += "; \(errs) error(s), \(warns) warning(s), \(notes) note(s)"
        if st.seconds > 0 { line += " in \(String(format: "%.1f", st.seconds)) s" }
        if !st.verdicts.isEmpty {
            line += "; replay: " + Verdict.allCases.map { "\(st.verdicts[$0.rawValue] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        }
        let hidden = [(out.suppressed, "suppressed"), (out.inBaseline, "in the baseline"),
                      (out.outsideChanges, "outside the changed lines")]
        let h = hidden.filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        if !h.isEmpty { line += "; not counted: " + h.joined(separator: ", ") }
        if st.filesFailed > 0 { line += " — incomplete: \(st.filesFailed) file(s) not analyzed" }
        return line
    }

    /// "2 of another architecture, 1 larger than 16 MB": the skipped files by kind.
    static func skipCounts(_ st: Stats) -> String {
        var by: [SkippedFile.Kind: Int] = [:]
        for s in st.skipped { by[s.kind, default: 0] += 1 }
        let words: [(SkippedFile.Kind, String)] = [
            (.architecture, "of another architecture (analyzed with --objtree of a build for it)"),
            (.configuration, "not built on their own in this configuration"),
            (.size, "larger than --max-file-size"),
        ]
        return words.compactMap { k, w in by[k].map { "\($0) \(w)" } }.joined(separator: ", ")
    }

    /// Why a run analyzed nothing, in words.
    static func notAnalyzed(_ st: Stats) -> String {
        var parts: [String] = []
        if st.filesFailed > 0 { parts.append("\(st.filesFailed) file(s) could not be parsed or read") }
        if !st.skipped.isEmpty { parts.append("\(st.skipped.count) skipped (\(skipCounts(st)))") }
        return parts.joined(separator: "; ")
    }
}
