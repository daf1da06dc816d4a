import ArgumentParser
import Checker
import Foundation
import KernelTree
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
        subcommands: [Check.self, Baseline.self, Replay.self, InstallHook.self, KbuildHelp.self, Explain.self, Rules.self, Test.self, Flags.self],
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

/// Output, exit-code and triage options shared by `check` and `baseline`.
struct Analysis: ParsableArguments {
    @Argument(help: "Files or folders (default: the bundled demo tree). The first one locates the tree.") var paths: [String] = []
    @Option(name: .customShort("p"), help: "Folder holding compile_commands.json.") var compileDB: String?
    @Option(name: .customShort("I"), help: "Extra include folder for every file.") var include: [String] = []
    @Flag(name: .customLong("all-files"), help: "Parse every C file, not only those that mention the rules' vocabulary.")
    var allFiles = false
    @Flag(name: .customLong("no-replay"), help: "Do not replay findings against the mm model.") var noReplay = false
    @Option(help: "The output folder of an O= build (generated headers and .config live there).") var objtree: String?
    @Option(name: .customLong("file-timeout"), help: "Seconds one file may take to parse; a slower one is reported as not analyzed.")
    var fileTimeout: Double = 300
    @Option(name: .customLong("cache-dir"), help: "The facts cache folder (default: $XDG_CACHE_HOME/mmlint, else ~/.cache/mmlint).")
    var cacheDir: String?
    @Flag(name: .customLong("no-cache"), help: "Parse every file; read and write no cache.") var noCache = false
    @Flag(name: .customLong("no-pch"), help: "Do not precompile the headers a folder's files share (on by default for kernel trees).") var noPCH = false
    @Option(name: .customLong("max-file-size"), help: "Skip C files larger than this many MB.") var maxFileSize: Int = 16
    @Flag(help: "Where the time went (select, parse, index, checker, replay): on stderr, and in JSON stats.timings.")
    var timings = false
    @Flag(name: .customLong("in-process"), help: "Parse in threads of this process instead of worker processes (no crash isolation).")
    var inProcess = false

    func options(_ common: Common) -> CheckOptions {
        let rulesDir = common.rules
        let targets = paths.isEmpty ? [defaultDemoTree(rulesDir: rulesDir)] : paths
        var opt = CheckOptions(paths: targets, rulesDir: rulesDir, jobs: common.jobCount,
                               compileDBDir: compileDB, kernelVersion: common.kernelVersion)
        opt.extraFlags = include.flatMap { ["-I", URL(fileURLWithPath: $0).standardizedFileURL.path] }
        opt.prefilter = !allFiles
        opt.replay = !noReplay
        opt.objtree = objtree
        opt.fileTimeout = fileTimeout
        opt.timings = timings
        opt.cacheDir = noCache ? nil : (cacheDir ?? defaultCacheDirectory())
        if noPCH { opt.pch = false }
        opt.maxFileSize = max(1, maxFileSize) << 20
        opt.workerExecutable = inProcess ? nil : runningExecutable
        return opt
    }
}

/// The progress line: on a terminal only, after the first second, at most twice a second.
final class ProgressLine: @unchecked Sendable {
    let start = Date()
    var last = Date.distantPast
    var shown = false
    let lock = NSLock()

    func update(_ done: Int, _ total: Int) {
        lock.lock(); defer { lock.unlock() }
        let now = Date(), elapsed = now.timeIntervalSince(start)
        guard elapsed > 1, now.timeIntervalSince(last) > 0.5 || done == total else { return }
        last = now
        let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        let line = String(format: "mmlint: parsed %d/%d files, %.0f s, ETA %.0f s", done, total, elapsed, eta)
        FileHandle.standardError.write(Data(("\r" + line + "\u{1b}[K").utf8))
        shown = true
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)); shown = false }
    }
}

/// Writes `text` to `path` through a temporary file in the same folder and a rename, so an
/// interrupted run never leaves half a report.
func writeAtomically(_ text: String, to path: String) throws {
    do { try Files.writeAtomically(Data(text.utf8), to: path) } catch { throw die("\(path): cannot write: \(error)") }
}

/// An output path must be writable before the analysis starts (nothing is written half-way).
func checkWritable(_ path: String?) throws {
    guard let p = path else { return }
    let dir = URL(fileURLWithPath: p).deletingLastPathComponent().path
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
        throw die("\(p): cannot write: no such folder \(dir)")
    }
    guard FileManager.default.isWritableFile(atPath: dir) else { throw die("\(p): cannot write: folder \(dir) is not writable") }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Analyze a kernel tree, folders or files.")
    @OptionGroup var common: Common
    @OptionGroup var analysis: Analysis
    @Option(help: "text, json or sarif") var format: String = "text"
    @Option(name: [.customShort("o"), .long], help: "Write the report (--format) to FILE instead of stdout.") var output: String?
    @Option(name: .customLong("sarif-output"), help: "Also write a SARIF 2.1.0 report to FILE.") var sarifOutput: String?
    @Option(name: .customLong("json-output"), help: "Also write a JSON report to FILE.") var jsonOutput: String?
    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1: error, warning or note.")
    var failOn: String = "error"
    @Flag(name: .customLong("exit-zero"), help: "Exit 0 even with findings (2 still means mmlint could not do its job).")
    var exitZero = false
    @Flag(help: "Exit 2 when some file could not be parsed.") var strict = false
    @Flag(name: .customLong("confirmed-only"), help: "Report only findings replay confirmed.") var confirmedOnly = false
    @Option(help: "Report only findings not in this earlier report (mmlint JSON or SARIF), matched by fingerprint.")
    var baseline: String?
    @Option(help: "A suppressions file (YAML: fingerprint + justification per finding).") var suppressions: String?
    @Option(name: .customLong("diff-from"), help: "Report only findings that touch lines changed since REV (git).")
    var diffFrom: String?
    @Flag(help: "Analyze the staged content (git index) and report only findings that touch staged changes.")
    var staged = false
    @Flag(name: .shortAndLong, help: "No summary line.") var quiet = false
    @Option(help: "auto, always or never (auto: a terminal without NO_COLOR).") var color: String = "auto"

    func run() throws {
        guard ["text", "json", "sarif"].contains(format) else { throw die("--format: expected text, json or sarif, got '\(format)'") }
        guard ["error", "warning", "note"].contains(failOn) else { throw die("--fail-on: expected error, warning or note") }
        guard ["auto", "always", "never"].contains(color) else { throw die("--color: expected auto, always or never") }
        if confirmedOnly && analysis.noReplay { throw die("--confirmed-only needs replay: drop --no-replay") }
        let rev: String = diffFrom ?? ""
        if staged && !rev.isEmpty { throw die("--staged and --diff-from: give one") }
        try checkWritable(output)
        try checkWritable(sarifOutput)
        try checkWritable(jsonOutput)
        var opt = analysis.options(common)
        // Changed lines first (git), so a bad revision fails before a long analysis.
        let changed = try changedLines(&opt, rev: rev)
        let sfile = try loadSuppressions()
        let base = try loadBaseline()

        let bar = ProgressLine()
        if !quiet && isatty(2) != 0 { opt.progress = { bar.update($0, $1) } }
        var res: CheckResult
        do { res = try MMLint.check(opt) } catch { bar.finish(); throw die("\(error)") }
        bar.finish()
        Triage.applySuppressions(&res.findings, file: sfile, root: res.root, overlay: opt.overlay)
        if confirmedOnly { res.findings = res.findings.filter { $0.replay?.verdict == "confirmed" || $0.rule == "mmlint-suppression" } }
        var outside = 0
        if let c = changed {
            let before = res.findings.count
            res.findings = res.findings.filter { Triage.touches($0, c) }
            outside = before - res.findings.count
        }
        let done = res
        let counted = done.findings.filter { $0.suppression == nil && !(base?.contains($0.fingerprint) ?? false) }
        let code = exitCode(counted, failed: done.stats.filesFailed)
        let primary: String
        switch format {
        case "json": primary = try Check.json(done, counted)
        case "sarif": primary = try Check.sarif(done, code: code, baseline: base)
        default: primary = Check.text(done, counted, color: colorEnabled())
        }
        try emit(primary, done, counted, code: code, baseline: base)
        let suppressed = done.findings.filter { $0.suppression != nil }.count
        let unchanged = done.findings.filter { $0.suppression == nil && (base?.contains($0.fingerprint) ?? false) }.count
        if analysis.timings, let t = done.stats.timings {
            let f = { (x: Double) in String(format: "%.2f", x) }
            FileHandle.standardError.write(Data("mmlint: timings: select \(f(t.select)) s, parse \(f(t.parse)) s (cache load \(f(t.cacheLoad)), files \(f(t.parseFiles)), coverage \(f(t.coverage)); \(f(t.parseCPU)) s CPU: libclang \(f(t.clangCPU)), facts \(f(t.parseCPU - t.clangCPU)); cache \(t.cacheHits) hit(s), \(t.cacheMisses) miss(es)\(t.cacheUsable ? "" : ", not writable"))\(t.pchBuilt > 0 ? ", \(t.pchBuilt) PCH(s) for \(t.pchFiles) file(s) in \(f(t.pchSeconds)) s (\(t.pchFallbacks) parsed plainly)" : "")\(t.reparsed > 0 ? ", \(t.reparsed) parsed again for header functions" : ""), index \(f(t.index)) s, checker \(f(t.checker)) s, replay \(f(t.replay)) s, total \(f(t.total)) s\n".utf8))
            if !t.rules.isEmpty {
                let parts = t.rules.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \(f($0.value)) s" }
                FileHandle.standardError.write(Data("mmlint: timings: checker by rule: \(parts.joined(separator: ", "))\n".utf8))
            }
        }
        if !quiet {
            let line = Check.summary(done, counted, hidden: [(suppressed, "suppressed"), (unchanged, "in the baseline"),
                                                             (outside, "outside the changed lines")])
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        if code != 0 { throw Fail(code: code) }
    }

    static func summary(_ done: CheckResult, _ counted: [Finding], hidden: [(Int, String)]) -> String {
        let st = done.stats
        let errs = counted.filter { $0.severity == "error" }.count
        let warns = counted.filter { $0.severity == "warning" }.count
        let notes = counted.count - errs - warns
        var kind = "C tree"
        if done.isKernel { kind = "Linux " + (done.version ?? "?") + " tree" }
        let tried = st.filesParsed + st.filesFailed
        let coverage = tried == 0 ? 100.0 : 100.0 * Double(st.filesParsed) / Double(tried)
        var line = "mmlint: \(kind) \(done.root): \(st.filesSelected) of \(st.filesSeen) files selected"
        if !st.skipped.isEmpty { line += " (\(st.skipped.count) skipped: other arch, not built or #included)" }
        line += ", \(st.filesParsed) parsed, \(st.filesFailed) failed (\(String(format: "%.1f", coverage))% parsed); \(errs) error(s), \(warns) warning(s), \(notes) note(s) in \(String(format: "%.1f", st.seconds)) s"
        if !st.verdicts.isEmpty {
            line += "; replay: " + ["confirmed", "refuted", "inconclusive"].map { "\(st.verdicts[$0] ?? 0) \($0)" }.joined(separator: ", ")
        }
        let h = hidden.filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        if !h.isEmpty { line += "; not counted: " + h.joined(separator: ", ") }
        if st.filesFailed > 0 { line += " — incomplete: \(st.filesFailed) file(s) not analyzed" }
        return line
    }

    func changedLines(_ opt: inout CheckOptions, rev: String) throws -> [String: Set<Int>]? {
        guard staged || !rev.isEmpty else { return nil }
        let first = URL(fileURLWithPath: opt.paths[0]).standardizedFileURL.path
        let tree: Tree
        do { tree = try Tree.discover(path: first, compileDBDir: opt.compileDBDir) } catch { throw die("\(error)") }
        do {
            if staged { opt.overlay = try Git.stagedContents(root: tree.root) }
            return try Git.changedLines(root: tree.root, from: rev.isEmpty ? nil : rev, staged: staged)
        } catch { throw die("\(tree.root): \(error)") }
    }

    func loadSuppressions() throws -> SuppressionFile? {
        guard let p = suppressions else { return nil }
        do { return try SuppressionFile.load(p) } catch { throw die("\(error)") }
    }

    func loadBaseline() throws -> Set<String>? {
        guard let p = baseline else { return nil }
        do { return try Triage.baseline(p) } catch { throw die("\(error)") }
    }

    func exitCode(_ counted: [Finding], failed: Int) -> Int32 {
        let rank = ["note": 1, "warning": 2, "error": 3]
        var code: Int32 = 0
        if counted.contains(where: { (rank[$0.severity] ?? 0) >= (rank[failOn] ?? 3) }) { code = 1 }
        if exitZero { code = 0 }
        if strict && failed > 0 { code = 2 }
        return code
    }

    static func json(_ res: CheckResult, _ counted: [Finding]) throws -> String {
        try JSONReport(tool: JSONTool(name: "mmlint", version: mmlintVersion), root: res.root,
                       kernelVersion: res.version, findings: counted, stats: res.stats).render()
    }

    static func sarif(_ res: CheckResult, code: Int32, baseline: Set<String>?) throws -> String {
        try SARIFReport.render(SARIFInput(findings: res.findings, rules: res.rules, root: res.root, version: mmlintVersion,
                                          failedFiles: res.stats.failed.map { ($0.file, $0.reason) },
                                          exitCode: code, baseline: baseline))
    }

    static func text(_ res: CheckResult, _ counted: [Finding], color: Bool) -> String {
        var t = TextReport.render(counted, color: color)
        for f in res.stats.failed { t += "mmlint: \(f.file): not analyzed: \(f.reason)\n" }
        return t
    }

    func colorEnabled() -> Bool {
        if color == "always" { return true }
        if color == "never" || output != nil || isatty(1) == 0 { return false }
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"] ?? ""
        return noColor.isEmpty
    }

    func emit(_ primary: String, _ done: CheckResult, _ counted: [Finding], code: Int32, baseline: Set<String>?) throws {
        if let o = output { try writeAtomically(primary, to: o) } else { print(primary, terminator: "") }
        if let o = sarifOutput { try writeAtomically(try Check.sarif(done, code: code, baseline: baseline), to: o) }
        if let o = jsonOutput { try writeAtomically(try Check.json(done, counted), to: o) }
    }
}

struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a baseline: the current findings as a JSON report, for `check --baseline FILE`.")
    @OptionGroup var common: Common
    @OptionGroup var analysis: Analysis
    @Option(name: [.customShort("o"), .long], help: "The baseline file to write.") var output: String

    func run() throws {
        try checkWritable(output)
        let res: CheckResult
        do { res = try MMLint.check(analysis.options(common)) } catch { throw die("\(error)") }
        let rep = JSONReport(tool: JSONTool(name: "mmlint", version: mmlintVersion), root: res.root,
                             kernelVersion: res.version, findings: res.findings, stats: res.stats)
        try writeAtomically(try rep.render(), to: output)
        FileHandle.standardError.write(Data("mmlint: baseline of \(res.findings.count) finding(s) written to \(output)\n".utf8))
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

struct InstallHook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install-hook",
        abstract: "Install a git pre-commit hook that runs `mmlint check --staged` on the repository.",
        discussion: "The hook goes where git looks for hooks (core.hooksPath is respected). An existing hook that mmlint did not write is kept unless --force.")
    @Option(help: "The repository (default: the current folder).") var repo: String = "."
    @Option(help: "Extra arguments for `mmlint check` in the hook (e.g. \"--fail-on warning\").") var checkArgs: String = ""
    @Flag(help: "Overwrite a pre-commit hook mmlint did not write.") var force = false
    @OptionGroup var common: Common

    static let marker = "# installed by mmlint install-hook"

    func run() throws {
        let dir: String
        do {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["git", "-C", repo, "rev-parse", "--path-format=absolute", "--git-path", "hooks"]
            let out = Pipe(); p.standardOutput = out; p.standardError = Pipe()
            try p.run(); p.waitUntilExit()
            guard p.terminationStatus == 0 else { throw die("\(repo): not a git repository") }
            dir = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let hook = dir + "/pre-commit"
        if let old = FileManager.default.contents(atPath: hook), !String(decoding: old, as: UTF8.self).contains(Self.marker), !force {
            throw die("\(hook): a pre-commit hook that mmlint did not write is already there (use --force to replace it)")
        }
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        func q(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let script = """
        #!/bin/sh
        \(Self.marker) (mmlint \(mmlintVersion)); reinstall with --force to change it.
        # Analyzes the staged content and refuses the commit on findings in the staged changes.
        top=$(git rev-parse --show-toplevel) || exit 1
        exec \(q(exe)) check --staged --quiet --rules \(q(common.rules)) \(checkArgs) -- "$top"

        """
        do { try Files.writeAtomically(Data(script.utf8), to: hook, permissions: 0o755) } catch { throw die("\(hook): cannot install: \(error)") }
        print("mmlint: installed \(hook)")
    }
}

/// Only for `mmlint help kbuild`: `mmlint kbuild …` itself is dispatched before argument parsing,
/// so that kbuild's flags (`-D…`, `-Wp,…`) reach it verbatim.
struct KbuildHelp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kbuild",
        abstract: "kbuild's checker: make C=1 CHECK=\"mmlint kbuild\" (or C=2).",
        discussion: """
        Usage: mmlint kbuild [--werror] [--rules=DIR] [--cache-dir=DIR] [--mmlint-jobs=N] CHECKFLAGS… C_FLAGS… FILE.c
        kbuild runs `$(CHECK) $(CHECKFLAGS) $(c_flags) $<` from the object tree; every argument after mmlint's own
        is taken verbatim. Sparse's flags and flags that would write files (-Wp,-MMD,…) are dropped; the file is
        parsed with the rest. Files that do not mention the rules' vocabulary exit at once. The whole tree's
        analysis is built on first use and cached ($XDG_CACHE_HOME/mmlint/kbuild), locked against parallel make
        jobs. Findings in the file go to stderr; the exit code is 0 unless --werror.
        """)
    @Argument(parsing: .captureForPassthrough) var rest: [String] = []
    func run() throws { Foundation.exit(kbuildMain(rest)) }
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
        var s = "\(r.id) — \(r.title) [\(r.severity)]\n\n## What it does\n"
        if r.kind == "requirement" { s += "Requires `\(r.requires)` (\(rs.vocabulary.facts[r.requires] ?? "")) at:\n" }
        for o in r.operations {
            s += "  \(o.call)(…) on \(o.on)"
            if let b = o.before { s += " (kernels before \(b.major).\(b.minor))" }
            if let b = o.since { s += " (kernels since \(b.major).\(b.minor))" }
            s += "\n"
        }
        if !r.semantics.isEmpty { s += (r.kind == "requirement" ? "\n" : "") + wrap(r.semantics) + "\n" }
        s += "\n## Why is this bad\n\(r.rationale.trimmingCharacters(in: .whitespacesAndNewlines))\n"
        s += "\n## Example\n\(r.bad)\n## Use instead\n\(r.good)"
        if !r.references.isEmpty { s += "\n## References\n" + r.references.map { "- \($0)" }.joined(separator: "\n") + "\n" }
        print(s, terminator: "")
    }
}

/// Folds a long paragraph at 96 columns for the terminal.
func wrap(_ text: String, width: Int = 96) -> String {
    var lines: [String] = [], line = ""
    for w in text.split(separator: " ") {
        if !line.isEmpty && line.count + 1 + w.count > width { lines.append(line); line = "" }
        line += (line.isEmpty ? "" : " ") + w
    }
    if !line.isEmpty { lines.append(line) }
    return lines.joined(separator: "\n")
}

struct Flags: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the compile arguments mmlint parses a file with, and where they come from.",
        discussion: "For a file that does not parse: the arguments (one per line, as passed to libclang), the working directory, the source of the flags (compile_commands.json, kbuild conventions or plain -I) and why the file would be skipped, if it would.")
    @Argument(help: "A C file inside the analyzed tree.") var file: String
    @Option(name: .customLong("compile-db"), help: "Folder holding compile_commands.json.") var compileDB: String?
    @Option(name: .customLong("objtree"), help: "The kernel's output folder (O=).") var objtree: String?
    func run() throws {
        let abs = URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath().path
        guard abs.hasSuffix(".c") || abs.hasSuffix(".h") else { throw die("\(file): not a C file") }
        let tree: Tree
        do { tree = try Tree.discover(path: abs, compileDBDir: compileDB, objtree: objtree) } catch { throw die("\(error)") }
        let job = tree.job(for: abs)
        print("# \(tree.relative(abs)) in \(tree.root): flags from \(job.source.rawValue)")
        if let why = tree.skipReason(for: abs) { print("# skipped by mmlint check: \(why)") }
        if let d = job.workingDirectory { print("# working directory: \(d)") }
        for a in job.arguments { print(a) }
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

/// `mmlint kbuild [--werror] [--rules=DIR] [--cache-dir=DIR] [-jN] ARGS…`: kbuild's CHECK= protocol.
/// The arguments after mmlint's own are kbuild's, taken verbatim (no option parsing).
func kbuildMain(_ argv: [String]) -> Int32 {
    var rest = argv[...]
    var opt = KbuildCheck.Options(rulesDir: defaultRulesDirectory(), cacheDir: defaultCacheDirectory(),
                                  jobs: ProcessInfo.processInfo.activeProcessorCount)
    opt.workerExecutable = runningExecutable
    while let a = rest.first {
        if a == "--werror" { opt.werror = true }
        else if a.hasPrefix("--rules=") { opt.rulesDir = String(a.dropFirst(8)) }
        else if a.hasPrefix("--cache-dir=") { opt.cacheDir = String(a.dropFirst(12)) }
        else if a.hasPrefix("--mmlint-jobs="), let j = Int(a.dropFirst(14)) { opt.jobs = max(1, j) }
        else { break }
        rest = rest.dropFirst()
    }
    do {
        let (text, code) = try KbuildCheck.run(Array(rest), cwd: FileManager.default.currentDirectoryPath, options: opt)
        FileHandle.standardError.write(Data(text.utf8))
        return code
    } catch {
        FileHandle.standardError.write(Data("mmlint: \(error)\n".utf8))
        return 2
    }
}

// A parse worker (see MMLint/Workers.swift): not for people.
if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "__parse-worker" {
    exit(ParseWorker.run())
}

// Ctrl-C / SIGTERM: kill the parse workers at once and leave; reports are written only at the
// end, through a temporary file and a rename, so nothing is left half-written.
WorkerPool.killAll()   // touches the registry before any handler can run
for sig in [SIGINT, SIGTERM] {
    signal(sig) { s in
        WorkerPool.killAll()
        _exit(128 + s)
    }
}


if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "kbuild" {
    exit(kbuildMain(Array(CommandLine.arguments.dropFirst(2))))
}

do {
    var cmd = try MMLintCommand.parseAsRoot()
    try cmd.run()
} catch let f as Fail {
    exit(f.code)
} catch {
    let code = MMLintCommand.exitCode(for: error)
    if code == .success { MMLintCommand.exit(withError: error) }
    // One line, exit 2 (not the parser's 64): usage errors are "could not do its job".
    let msg = MMLintCommand.message(for: error).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    FileHandle.standardError.write(Data("mmlint: \(msg) (see `mmlint --help`)\n".utf8))
    exit(2)
}
