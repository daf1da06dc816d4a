import ArgumentParser
import Checker
import Foundation
import MMLint
import Report

/// Exit codes: 0 clean, 1 findings at or above --fail-on, 2 mmlint could not do its job.
struct Fail: Error { var code: Int32 }

func die(_ msg: String) -> Fail {
    FileHandle.standardError.write(Data("mmlint: \(msg)\n".utf8))
    return Fail(code: 2)
}

func defaultDemoTree(rulesDir: String) -> String {
    URL(fileURLWithPath: rulesDir).deletingLastPathComponent().appendingPathComponent("Fixtures/demo").path
}

struct MMLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mmlint",
        abstract: "Static analysis of mm_struct lifetime rules in Linux kernel C.",
        version: mmlintVersion,
        subcommands: [Check.self, Replay.self, Explain.self, Rules.self, Test.self],
        defaultSubcommand: Check.self)
}

struct Common: ParsableArguments {
    @Option(name: .customLong("rules"), help: "Folder of rule files (default: the shipped Rules/).")
    var rulesDir: String?
    @Option(name: [.customShort("j"), .long], help: "Parallel parse jobs (default: number of cores).")
    var jobs: Int?
    @Option(name: .customLong("kernel-version"), help: "Analyze as this kernel version (default: the tree's Makefile).")
    var kernelVersion: String?

    var rules: String { rulesDir ?? defaultRulesDirectory() }
    var jobCount: Int { max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount) }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Analyze a kernel tree, folders or files.")
    @OptionGroup var common: Common
    @Argument(help: "Files or folders (default: the bundled demo tree).") var paths: [String] = []
    @Option(help: "text or json") var format: String = "text"
    @Option(name: .customShort("p"), help: "Folder holding compile_commands.json.") var compileDB: String?
    @Option(name: .customShort("I"), help: "Extra include folder for every file.") var include: [String] = []
    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1: error, warning or note.")
    var failOn: String = "error"
    @Flag(help: "Exit 2 when some file could not be parsed.") var strict = false
    @Flag(name: .customLong("all-files"), help: "Parse every C file, not only those that mention the rules' vocabulary.")
    var allFiles = false
    @Flag(name: .customLong("no-replay"), help: "Do not replay findings against the mm model.") var noReplay = false
    @Flag(name: .customLong("confirmed-only"), help: "Report only findings replay confirmed.") var confirmedOnly = false

    func run() throws {
        guard ["text", "json"].contains(format) else { throw die("--format: expected text or json, got '\(format)'") }
        guard ["error", "warning", "note"].contains(failOn) else { throw die("--fail-on: expected error, warning or note") }
        let rulesDir = common.rules
        let targets = paths.isEmpty ? [defaultDemoTree(rulesDir: rulesDir)] : paths
        var opt = CheckOptions(paths: targets, rulesDir: rulesDir, jobs: common.jobCount,
                               compileDBDir: compileDB, kernelVersion: common.kernelVersion)
        opt.extraFlags = include.flatMap { ["-I", URL(fileURLWithPath: $0).standardizedFileURL.path] }
        opt.prefilter = !allFiles
        opt.replay = !noReplay
        if confirmedOnly && noReplay { throw die("--confirmed-only needs replay: drop --no-replay") }
        var res: CheckResult
        do { res = try MMLint.check(opt) } catch { throw die("\(error)") }
        if confirmedOnly { res.findings = res.findings.filter { $0.replay?.verdict == "confirmed" } }
        let st = res.stats
        if format == "json" {
            let rep = JSONReport(tool: JSONTool(name: "mmlint", version: mmlintVersion), root: res.root,
                                 kernelVersion: res.version, findings: res.findings, stats: st)
            print(try rep.render(), terminator: "")
        } else {
            print(TextReport.render(res.findings), terminator: "")
            for f in st.failed { print("mmlint: \(f.file): not analyzed: \(f.errors) parse error(s); first: \(f.first)") }
            let errs = res.findings.filter { $0.severity == "error" }.count
            let warns = res.findings.filter { $0.severity == "warning" }.count
            let notes = res.findings.count - errs - warns
            let kind = res.isKernel ? "Linux \(res.version ?? "?") tree" : "C tree"
            let tried = st.filesParsed + st.filesFailed
            let coverage = tried == 0 ? 100.0 : 100.0 * Double(st.filesParsed) / Double(tried)
            var line = "mmlint: \(kind) \(res.root): \(st.filesSelected) of \(st.filesSeen) files selected"
            if !st.skipped.isEmpty { line += " (\(st.skipped.count) skipped: other arch, not built or #included)" }
            line += ", \(st.filesParsed) parsed, \(st.filesFailed) failed (\(String(format: "%.1f", coverage))% parsed); \(errs) error(s), \(warns) warning(s), \(notes) note(s) in \(String(format: "%.1f", st.seconds)) s"
            if !st.verdicts.isEmpty {
                line += "; replay: " + ["confirmed", "refuted", "inconclusive"].map { "\(st.verdicts[$0] ?? 0) \($0)" }.joined(separator: ", ")
            }
            if st.filesFailed > 0 { line += " — incomplete: \(st.filesFailed) file(s) not analyzed" }
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        if strict && st.filesFailed > 0 { throw Fail(code: 2) }
        let rank = ["note": 1, "warning": 2, "error": 3]
        if res.findings.contains(where: { (rank[$0.severity] ?? 0) >= (rank[failOn] ?? 3) }) { throw Fail(code: 1) }
    }
}

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay one finding of a JSON report against the mm model and print its timeline.",
        discussion: "Re-runs the analysis of the report's tree (the same rules and options given here) and replays the finding chosen by --at FILE:LINE or --index N (0-based, in the report's order).")
    @OptionGroup var common: Common
    @Argument(help: "A report written by `mmlint check --format json`.") var report: String
    @Option(help: "The finding at FILE:LINE (FILE relative to the tree root).") var at: String?
    @Option(help: "The finding at this position in the report (0-based).") var index: Int?
    @Option(name: .customShort("p"), help: "Folder holding compile_commands.json.") var compileDB: String?
    @Option(help: "text or json") var format: String = "text"

    struct Saved: Decodable {
        struct F: Decodable { var rule: String; var file: String; var line: Int; var function: String }
        var root: String
        var findings: [F]
    }

    func run() throws {
        guard ["text", "json"].contains(format) else { throw die("--format: expected text or json, got '\(format)'") }
        guard let data = FileManager.default.contents(atPath: report) else { throw die("\(report): cannot read the report") }
        let saved: Saved
        do { saved = try JSONDecoder().decode(Saved.self, from: data) } catch {
            throw die("\(report): not an mmlint JSON report (\(error.localizedDescription))")
        }
        let want: Saved.F
        if let i = index {
            guard saved.findings.indices.contains(i) else { throw die("\(report): no finding #\(i) (the report has \(saved.findings.count))") }
            want = saved.findings[i]
        } else if let a = at, let colon = a.lastIndex(of: ":"), let line = Int(a[a.index(after: colon)...]) {
            let file = String(a[..<colon])
            guard let f = saved.findings.first(where: { $0.file == file && $0.line == line }) else {
                throw die("\(report): no finding at \(a)")
            }
            want = f
        } else {
            throw die("give --at FILE:LINE or --index N")
        }
        var opt = CheckOptions(paths: [saved.root + "/" + want.file], rulesDir: common.rules, jobs: common.jobCount,
                               compileDBDir: compileDB, kernelVersion: common.kernelVersion)
        opt.prefilter = true
        // The whole tree is needed for holders and callers: analyze the root, keep the one finding.
        opt.paths = [saved.root]
        let res: CheckResult
        do { res = try MMLint.check(opt) } catch { throw die("\(error)") }
        guard let f = res.findings.first(where: { $0.rule == want.rule && $0.file == want.file && $0.line == want.line && $0.function == want.function }),
              let r = f.replay else {
            throw die("\(want.file):\(want.line): the finding [\(want.rule)] is no longer reported by this tree")
        }
        if format == "json" {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try enc.encode(r), as: UTF8.self))
        } else {
            print("\(f.file):\(f.line):\(f.column): \(f.severity): \(f.message) [\(f.rule)]")
            print(TextReport.replay(r, at: "\(f.file):\(f.line):\(f.column)"), terminator: "")
            print("semantics: \(r.semantics); \(r.explored) states explored")
        }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a rule's documentation.")
    @OptionGroup var common: Common
    @Argument var rule: String
    func run() throws {
        let rs: RuleSet
        do { rs = try RuleSet.load(directory: common.rules) } catch { throw die("\(error)") }
        guard let r = rs.rule(rule) else {
            throw die("unknown rule '\(rule)' (known: \(rs.rules.map(\.id).joined(separator: ", ")))")
        }
        var s = "\(r.id) — \(r.title) [\(r.severity)]\n\n## What it does\nRequires `\(r.requires)` (\(rs.vocabulary.facts[r.requires] ?? "")) at:\n"
        for o in r.operations {
            s += "  \(o.call)(…) on \(o.on)"
            if let b = o.before { s += " (kernels before \(b.major).\(b.minor))" }
            if let b = o.since { s += " (kernels since \(b.major).\(b.minor))" }
            s += "\n"
        }
        s += "\n## Why is this bad\n\(r.rationale.trimmingCharacters(in: .whitespacesAndNewlines))\n"
        s += "\n## Example\n\(r.bad)\n## Use instead\n\(r.good)"
        if !r.references.isEmpty { s += "\n## References\n" + r.references.map { "- \($0)" }.joined(separator: "\n") + "\n" }
        print(s, terminator: "")
    }
}

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the rules.")
    @OptionGroup var common: Common
    func run() throws {
        let rs: RuleSet
        do { rs = try RuleSet.load(directory: common.rules) } catch { throw die("\(error)") }
        for r in rs.rules { print("\(r.id)\t\(r.severity)\t\(r.title)") }
    }
}

struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run annotated fixtures (/* expect: RULE */, /* ok: RULE */).")
    @OptionGroup var common: Common
    @Argument(help: "Fixture folders (default: the shipped Fixtures/rules, Fixtures/cross-file and Fixtures/replay).") var dirs: [String] = []
    @Flag(name: .shortAndLong) var verbose = false
    func run() throws {
        let base = URL(fileURLWithPath: common.rules).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let targets = dirs.isEmpty ? ["rules", "cross-file", "replay"].map { base.appendingPathComponent($0).path } : dirs
        var passed = 0, failed = 0
        for d in targets {
            let outs: [FixtureOutcome]
            do { outs = try FixtureRunner.run(directory: d, rulesDir: common.rules, jobs: common.jobCount,
                                              kernelVersion: common.kernelVersion) }
            catch { throw die("\(error)") }
            for o in outs {
                if o.passed { passed += 1; if verbose { print("PASS \(o.unit) (\(o.expected) expected, \(o.okLines) ok)") } }
                else { failed += 1; print("FAIL \(o.unit)"); for p in o.problems { print("    \(p)") } }
            }
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw Fail(code: 1) }
    }
}

do {
    var cmd = try MMLintCommand.parseAsRoot()
    try cmd.run()
} catch let f as Fail {
    exit(f.code)
} catch {
    let code = MMLintCommand.exitCode(for: error)
    if code == .success { MMLintCommand.exit(withError: error) }
    let msg = MMLintCommand.message(for: error)
    FileHandle.standardError.write(Data("mmlint: \(msg)\n".utf8))
    if !(error is CleanExit) { FileHandle.standardError.write(Data("Usage: see `mmlint --help`\n".utf8)) }
    exit(2)
}
