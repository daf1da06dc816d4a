import ArgumentParser
import Checker
import Findings
import Foundation
import KernelTree
import MMLint
import Report

/// Exit codes: 0 clean, 1 findings at or above --fail-on, 2 mmlint could not do its job.
struct Fail: Error { var code: Int32 }

/// Prints `mmlint: MSG` on stderr and returns the error that ends the command with exit code 2.
func usageFailure(_ msg: String) -> Fail {
    fflush(nil)
    FileHandle.standardError.write(Data("mmlint: \(msg)\n".utf8))
    return Fail(code: 2)
}

struct MMLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mmlint",
        abstract: "Static analysis of mm_struct lifetime rules in Linux kernel C.",
        version: mmlintVersion,
        subcommands: [Check.self, Merge.self, Baseline.self, Replay.self, InstallHook.self, KbuildHelp.self, Explain.self, Rules.self,
                      Test.self, Flags.self],
        defaultSubcommand: Check.self)
}

/// The rules folder, for every command that reads rules.
struct RulesOption: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp(
        "Folder of rule files (default: $MMLINT_RULES, else the Rules/ shipped with mmlint).", valueName: "dir"))
    var rulesDir: String?

    var rules: String { rulesDir ?? defaultRulesDirectory() }
}

/// What every analysis reads: rules, parallelism and the kernel version.
struct Common: ParsableArguments {
    @OptionGroup var rulesOption: RulesOption
    @Option(name: [.customShort("j"), .long], parsing: .unconditional, help: ArgumentHelp(
        "Parallel parse jobs; 0 means one per core (the default).", valueName: "n"))
    var jobs: Int?
    @Option(name: .customLong("kernel-version"), help: ArgumentHelp(
        "Analyze as this kernel version, e.g. 6.1 (default: the tree's Makefile).", valueName: "x.y"))
    var kernelVersion: String?

    var rules: String { rulesOption.rules }
    var jobCount: Int { (jobs ?? 0) == 0 ? ProcessInfo.processInfo.activeProcessorCount : jobs! }

    func validate() throws {
        if let j = jobs, j < 0 { throw ValidationError("-j/--jobs: expected a number of jobs (0 = one per core), got '\(j)'") }
    }
}

/// Output, exit-code and triage options shared by `check` and `baseline`.
struct Analysis: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "Files or folders (default: the current folder; with --staged or --diff-from, the repository's top). "
            + "The first one locates the tree.", valueName: "path"))
    var paths: [String] = []
    @Option(name: [.customShort("p"), .customLong("compile-db")],
            help: ArgumentHelp("Folder holding compile_commands.json.", valueName: "dir"))
    var compileDB: String?
    @Option(name: .customShort("I"), help: ArgumentHelp("Extra include folder for every file.", valueName: "dir"))
    var include: [String] = []
    @Flag(name: .customLong("all-files"), help: "Parse every C file, not only those that mention the rules' vocabulary.")
    var allFiles = false
    @Flag(name: .customLong("no-replay"), help: "Do not replay findings against the mm model.") var noReplay = false
    @Option(help: ArgumentHelp(
        "The output folder of an O= build (generated headers and .config live there). Give it once per configuration to analyze "
            + "several (x86-64, arm64, powerpc, s390 builds of one checkout) in one run, `NAME=DIR` to name one; the source "
            + "tree itself stands for its in-place configuration.", valueName: "dir"))
    var objtree: [String] = []
    @Option(help: ArgumentHelp(
        "Analyze only the configurations at positions K, K+N, … of the --objtree list (1-based); the report carries them "
            + "for `mmlint merge`.", valueName: "K/N"))
    var shard: String?
    @Option(name: .customLong("file-timeout"), parsing: .unconditional, help: ArgumentHelp(
        "Seconds one file may take to parse; a slower one is reported as not analyzed. 0: no limit.", valueName: "seconds"))
    var fileTimeout: Double = 300
    @Option(name: .customLong("cache-dir"), help: ArgumentHelp(
        "The facts cache folder (default: $MMLINT_CACHE_DIR, else $XDG_CACHE_HOME/mmlint, else ~/.cache/mmlint).", valueName: "dir"))
    var cacheDir: String?
    @Flag(name: .customLong("no-cache"), help: "Parse every file; read and write no cache.") var noCache = false
    @Flag(name: .customLong("no-pch"), help: "Do not precompile the headers a folder's files share (on by default for kernel trees).")
    var noPCH = false
    @Option(name: .customLong("max-file-size"), parsing: .unconditional, help: ArgumentHelp(
        "Skip C files larger than this many MB (with the reason). 0: no limit.", valueName: "mb"))
    var maxFileSize: Int = 16
    @Flag(help: "Where the time went (select, parse, index, checker, replay): on stderr, and in JSON stats.timings.")
    var timings = false
    @Flag(name: .customLong("in-process"), help: "Parse in threads of this process instead of worker processes (no crash isolation).")
    var inProcess = false

    func validate() throws {
        if fileTimeout < 0 || !fileTimeout.isFinite {
            throw ValidationError("--file-timeout: expected seconds (0 = no limit), got '\(fileTimeout)'")
        }
        if maxFileSize < 0 { throw ValidationError("--max-file-size: expected megabytes (0 = no limit), got '\(maxFileSize)'") }
        if let s = shard, Shard(s) == nil { throw ValidationError("--shard: expected K/N with 1 <= K <= N, got '\(s)'") }
    }

    /// The paths to analyze: the given ones, else the current folder — or, when only changes
    /// count (--staged, --diff-from), the top of the current folder's git repository.
    func targets(changesOnly: Bool) throws -> [String] {
        if !paths.isEmpty { return paths }
        let here = FileManager.default.currentDirectoryPath
        guard changesOnly else { return [here] }
        do { return [try Git.toplevel(here)] } catch { throw usageFailure("\(here): not in a git repository: \(error)") }
    }

    func options(_ common: Common, changesOnly: Bool = false) throws -> CheckOptions {
        var opt = CheckOptions(paths: try targets(changesOnly: changesOnly), rulesDir: common.rules, jobs: common.jobCount,
                               compileDBDir: compileDB, kernelVersion: common.kernelVersion)
        opt.extraFlags = include.flatMap { ["-I", URL(fileURLWithPath: $0).standardizedFileURL.path] }
        opt.prefilter = !allFiles
        opt.replay = !noReplay
        if objtree.count == 1, shard == nil {
            opt.objtree = Configuration(argument: objtree[0]).objtree
        } else {
            opt.configurations = objtree.map(Configuration.init(argument:))
        }
        opt.shard = shard.flatMap(Shard.init)
        opt.fileTimeout = fileTimeout == 0 ? Double(Int32.max) : fileTimeout
        opt.timings = timings
        opt.cacheDir = noCache ? nil : (cacheDir ?? defaultCacheDirectory())
        if noPCH { opt.pch = false }
        opt.maxFileSize = maxFileSize == 0 ? Int.max : maxFileSize << 20
        opt.workerExecutable = inProcess ? nil : runningExecutable
        return opt
    }
}

/// Progress on stderr, never stdout. On a terminal: one line rewritten in place, after the
/// first second, at most twice a second. Elsewhere (CI logs, a hook's output): a plain line
/// every `interval` seconds once the parse has run that long, and one when it ends.
final class ProgressLine: @unchecked Sendable {
    let start = Date()
    var last = Date.distantPast
    var shown = false
    let terminal: Bool
    let interval: Double
    let lock = NSLock()

    init(terminal: Bool, interval: Double = 10) { self.terminal = terminal; self.interval = interval }

    func update(_ done: Int, _ total: Int) {
        lock.lock(); defer { lock.unlock() }
        let now = Date(), elapsed = now.timeIntervalSince(start)
        let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        let line = String(format: "mmlint: parsed %d/%d files, %.0f s, ETA %.0f s", done, total, elapsed, eta)
        if terminal {
            guard elapsed > 1, now.timeIntervalSince(last) > 0.5 || done == total else { return }
            last = now
            FileHandle.standardError.write(Data(("\r" + line + "\u{1b}[K").utf8))
            shown = true
        } else {
            guard elapsed >= interval, now.timeIntervalSince(last) >= interval || (done == total && shown) else { return }
            last = now
            let text = done == total ? String(format: "mmlint: parsed %d/%d files in %.0f s", done, total, elapsed) : line
            FileHandle.standardError.write(Data(text.utf8 + [10]))
            shown = done < total
        }
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if shown && terminal { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)) }
        shown = false
    }
}

/// Writes a report (see `Files.OutputTarget`: `-` is stdout, devices and FIFOs are written
/// through, regular files replaced atomically).
func writeReport(_ text: String, to path: String) throws {
    do { try Files.writeOutput(Data(text.utf8), to: path) } catch { throw usageFailure("\(error)") }
}

/// An output path must be writable before the analysis starts (nothing is written half-way).
func checkWritable(_ path: String?) throws {
    guard let p = path else { return }
    do { _ = try Files.outputTarget(p) } catch { throw usageFailure("\(error)") }
}

/// A line on stderr after everything written to stdout (`> both 2>&1` keeps the order).
func say(_ line: String) {
    fflush(nil)
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyze a kernel tree, folders or files.",
        discussion: """
        Exit codes: 0 clean; 1 findings at or above --fail-on; 2 mmlint could not do its job (bad usage, a missing \
        path, no selected file could be analyzed, or with --staged a staged file that does not parse).
        """)
    @OptionGroup var common: Common
    @OptionGroup var analysis: Analysis
    @Option(help: ArgumentHelp("""
        text, concise (one line per finding, paths relative to the current folder: for editors' quickfix lists), json, \
        sarif or html (one self-contained page: the findings with filters, source excerpts and the replay witness drawn \
        per CPU; give -o FILE).
        """, valueName: "format")) var format: String = "text"
    @Option(name: [.customShort("o"), .long], help: ArgumentHelp(
        "Write the report (--format) to FILE instead of stdout ('-': stdout).", valueName: "file"))
    var output: String?
    @Option(name: .customLong("sarif-output"), help: ArgumentHelp("Also write a SARIF 2.1.0 report to FILE.", valueName: "file"))
    var sarifOutput: String?
    @Option(name: .customLong("json-output"), help: ArgumentHelp("Also write a JSON report to FILE.", valueName: "file"))
    var jsonOutput: String?
    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Lowest severity that makes the exit code 1: error, warning or note.",
                                                             valueName: "severity"))
    var failOn: String = "error"
    @Flag(name: .customLong("exit-zero"), help: "Exit 0 even with findings (2 still means mmlint could not do its job).")
    var exitZero = false
    @Flag(help: "Exit 2 when some file could not be parsed.") var strict = false
    @Flag(name: .customLong("confirmed-only"), help: ArgumentHelp(
        "Report only findings replay confirmed, and those of rules replay never judges (leaks, kthread tests, "
            + "sleeping in atomic context: `mmlint rules` marks them)."))
    var confirmedOnly = false
    @Option(help: ArgumentHelp("Report only findings not in this earlier report (mmlint JSON or SARIF), matched by fingerprint.",
                               valueName: "file"))
    var baseline: String?
    @Option(help: ArgumentHelp("A suppressions file (YAML: fingerprint + justification per finding; see README).", valueName: "file"))
    var suppressions: String?
    @Option(name: .customLong("diff-from"), help: ArgumentHelp("Report only findings that touch lines changed since REV (git).",
                                                               valueName: "rev"))
    var diffFrom: String?
    @Flag(help: "Analyze the staged content (git index) and report only findings that touch staged changes.")
    var staged = false
    @Option(help: ArgumentHelp("""
        Apply a patch or a series in memory over the tree (a unified diff, `git format-patch` files, an mbox from \
        `b4 am`; - for stdin; the tree is not written) and report only the findings it touches, each tied to its hunk.
        """, valueName: "file"))
    var patch: String?
    @Flag(name: .shortAndLong, help: "No summary line (what could not be analyzed is still said).") var quiet = false
    @Flag(name: .shortAndLong, help: """
        Text: each finding's path, the replay verdict's reason and assumptions, and the two-CPU witness (folded to the \
        terminal's width).
        """)
    var verbose = false
    @Option(help: ArgumentHelp("auto, always or never (auto: a terminal without NO_COLOR).", valueName: "when"))
    var color: String = "auto"

    func run() throws {
        guard Check.formats.contains(format) else {
            throw usageFailure("--format: expected text, concise, json, sarif or html, got '\(format)'")
        }
        try Check.htmlNeedsFile(format, output)
        guard let failSeverity = Severity(rawValue: failOn) else {
            throw usageFailure("--fail-on: expected error, warning or note, got '\(failOn)'")
        }
        guard ["auto", "always", "never"].contains(color) else {
            throw usageFailure("--color: expected auto, always or never, got '\(color)'")
        }
        if confirmedOnly && analysis.noReplay { throw usageFailure("--confirmed-only needs replay: drop --no-replay") }
        let rev: String = diffFrom ?? ""
        if [staged, !rev.isEmpty, patch != nil].filter({ $0 }).count > 1 {
            throw usageFailure("--staged, --diff-from and --patch: give one")
        }
        try checkWritable(output)
        try checkWritable(sarifOutput)
        try checkWritable(jsonOutput)
        var opt = try analysis.options(common, changesOnly: staged || !rev.isEmpty)
        // Changed lines first (git, the patch), so a bad revision or a patch that does not
        // apply fails before a long analysis.
        let applied = try applyPatch(&opt)
        let changed = try applied?.changed ?? changedLines(&opt, rev: rev)
        let sfile = try loadSuppressions()
        let base = try loadBaseline()

        // MMLINT_PROGRESS_INTERVAL: seconds between plain lines (tests use 0).
        let bar = ProgressLine(terminal: isatty(2) != 0,
                               interval: Double(ProcessInfo.processInfo.environment["MMLINT_PROGRESS_INTERVAL"] ?? "") ?? 10)
        if !quiet { opt.progress = { bar.update($0, $1) } }
        var res: CheckResult
        do { res = try MMLint.check(opt) } catch { bar.finish(); throw usageFailure("\(error)") }
        bar.finish()
        Triage.applySuppressions(to: &res, file: sfile, overlay: opt.overlay)
        if let a = applied { Patch.annotate(&res.findings, a) }
        var policy = RunPolicy()
        policy.failOn = failSeverity
        policy.exitZero = exitZero
        policy.strict = strict
        policy.confirmedOnly = confirmedOnly
        let outcome = Outcome.decide(res, policy: policy, baseline: base, changed: changed, staged: staged, patched: applied != nil)
        var shown = res
        shown.findings = outcome.reported
        let primary = try Check.render(format, shown, outcome, baseline: base, color: colorEnabled(), verbose: verbose,
                                       width: terminalWidth(), overlay: opt.overlay)
        try emit(primary, shown, outcome.counted, code: outcome.code, baseline: base)
        if analysis.timings {
            if let t = res.stats.timings { for line in Check.timingLines(t, cache: opt.cacheDir != nil) { say(line) } }
            for c in res.configurations {
                guard let t = c.stats.timings else { continue }
                for line in Check.timingLines(t, cache: opt.cacheDir != nil) {
                    say(line.replacingOccurrences(of: "mmlint: timings:", with: "mmlint: timings (\(c.name)):"))
                }
            }
        }
        for p in outcome.problems { say(p) }
        if !quiet { say(Summary.line(res, outcome)) }
        if outcome.code != 0 { throw Fail(code: outcome.code) }
    }

    static func timingLines(_ t: Timings, cache: Bool) -> [String] {
        let f = { (x: Double) in String(format: "%.2f", x) }
        let cacheWords = !cache ? "no cache"
            : "cache \(t.cacheHits) hit(s), \(t.cacheMisses) miss(es)\(t.cacheUsable ? "" : ", not writable")"
        var parse = "parse \(f(t.parse)) s (cache load \(f(t.cacheLoad)), files \(f(t.parseFiles)), coverage \(f(t.coverage)); "
        parse += "\(f(t.parseCPU)) s CPU: libclang \(f(t.clangCPU)), facts \(f(t.parseCPU - t.clangCPU)); \(cacheWords))"
        if t.pchBuilt > 0 {
            parse += ", \(t.pchBuilt) PCH(s) for \(t.pchFiles) file(s) built in \(f(t.pchSeconds)) s beside the parse"
                + " (\(t.pchFallbacks) parsed plainly)"
        }
        if t.pchGroupsWithout > 0 { parse += ", \(t.pchGroupsWithout) group(s) of files with shared flags got no PCH" }
        if t.reparsed > 0 { parse += ", \(t.reparsed) parsed again for header functions" }
        let context = (t.contextFiles ?? 0) > 0 ? " (context rounds \(f(t.contextRounds ?? 0)) s, \(t.contextFiles ?? 0) file(s))" : ""
        let sel = "select \(f(t.select)) s (list \(f(t.enumerate)), header scan \(f(t.headerScan)), "
            + "file scan \(f(t.prefilter)), kbuild \(f(t.skipReasons)))"
        var lines = ["mmlint: timings: \(sel), \(parse), index \(f(t.index)) s, checker \(f(t.checker)) s\(context), "
                     + "replay \(f(t.replay)) s, latent \(f(t.latent)) s, total \(f(t.total)) s"]
        if !t.rules.isEmpty {
            let parts = t.rules.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \(f($0.value)) s" }
            lines.append("mmlint: timings: checker by rule: \(parts.joined(separator: ", "))")
        }
        return lines
    }

    /// `--patch`: the series applied in memory over the tree of the first path.
    func applyPatch(_ opt: inout CheckOptions) throws -> Patch.Applied? {
        guard let p = patch else { return nil }
        let text: String
        if p == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let d = FileManager.default.contents(atPath: p) else {
                throw usageFailure("\(p): cannot read the patch: \(String(cString: strerror(errno)))")
            }
            text = String(decoding: d, as: UTF8.self)
        }
        let first = URL(fileURLWithPath: opt.paths[0]).standardizedFileURL.path
        let tree: Tree
        do { tree = try Tree.discover(path: first, compileDBDir: opt.compileDBDir) } catch { throw usageFailure("\(error)") }
        do {
            let a = try Patch.apply(text, name: p == "-" ? "<stdin>" : p, root: tree.root)
            opt.overlay = a.overlay
            return a
        } catch { throw usageFailure("\(error)") }
    }

    func changedLines(_ opt: inout CheckOptions, rev: String) throws -> [String: Set<Int>]? {
        guard staged || !rev.isEmpty else { return nil }
        let first = URL(fileURLWithPath: opt.paths[0]).standardizedFileURL.path
        let tree: Tree
        do { tree = try Tree.discover(path: first, compileDBDir: opt.compileDBDir) } catch { throw usageFailure("\(error)") }
        do {
            if staged { opt.overlay = try Git.stagedContents(root: tree.root) }
            return try Git.changedLines(root: tree.root, from: rev.isEmpty ? nil : rev, staged: staged)
        } catch { throw usageFailure("\(tree.root): \(error)") }
    }

    func loadSuppressions() throws -> SuppressionFile? {
        guard let p = suppressions else { return nil }
        do { return try SuppressionFile.load(p) } catch { throw usageFailure("\(error)") }
    }

    func loadBaseline() throws -> Set<String>? {
        guard let p = baseline else { return nil }
        do { return try Triage.baseline(p) } catch { throw usageFailure("\(error)") }
    }

    static let formats = ["text", "concise", "json", "sarif", "html"]

    /// A page of HTML on a terminal helps nobody: html wants -o FILE (or stdout redirected).
    static func htmlNeedsFile(_ format: String, _ output: String?) throws {
        if format == "html", output == nil || output == "-", isatty(1) != 0 {
            throw usageFailure("--format html writes a page: give -o FILE (e.g. -o mmlint.html), or redirect stdout")
        }
    }

    /// The report in `format` (validated by the caller). `overlay`: the text the findings' lines
    /// are in where it is not the disk's (--staged, --patch), for the HTML page's excerpts.
    static func render(_ format: String, _ shown: CheckResult, _ outcome: Outcome, baseline: Set<String>?, color: Bool, verbose: Bool,
                       width: Int, overlay: [String: String] = [:]) throws -> String {
        switch format {
        case "html": return Check.html(shown, overlay: overlay)
        case "json": return try Check.json(shown, outcome.counted)
        case "sarif": return try Check.sarif(shown, code: outcome.code, baseline: baseline)
        case "concise": return TextReport.concise(shown.findings, root: shown.root, cwd: FileManager.default.currentDirectoryPath)
        default: return Check.text(shown, outcome.counted, color: color, verbose: verbose, width: width)
        }
    }

    static func html(_ res: CheckResult, overlay: [String: String]) -> String {
        HTMLReport.render(HTMLInput(findings: res.findings, root: res.root, rules: res.rules, version: mmlintVersion,
                                    kernelVersion: res.version, configurations: res.configurations.map(\.name),
                                    failedFiles: res.stats.failed.map { ($0.file, ($0.config.map { "in \($0): " } ?? "") + $0.reason) },
                                    overlay: overlay))
    }

    static func json(_ res: CheckResult, _ counted: [Finding]) throws -> String {
        try res.json(findings: counted)
    }

    static func sarif(_ res: CheckResult, code: Int32, baseline: Set<String>?) throws -> String {
        var input = SARIFInput(findings: res.findings, rules: res.rules, root: res.root, version: mmlintVersion,
                               failedFiles: res.stats.failed.map { ($0.file, ($0.config.map { "in \($0): " } ?? "") + $0.reason) },
                               exitCode: code, baseline: baseline)
        input.configurations = res.configurations.map {
            SARIFConfiguration(name: $0.name, arch: $0.arch, objtree: $0.objtree, filesSelected: $0.stats.filesSelected,
                               filesParsed: $0.stats.filesParsed, filesFailed: $0.stats.filesFailed)
        }
        return try SARIFReport.render(input)
    }

    static func text(_ res: CheckResult, _ counted: [Finding], color: Bool, verbose: Bool = true, width: Int = 136) -> String {
        var t = TextReport.render(counted, color: color, verbose: verbose, width: width, configurations: res.configurations.map(\.name))
        for f in res.stats.failed { t += "mmlint: \(f.file): \(f.notAnalyzed)\n" }
        return t
    }

    /// Columns for folding the witness: the terminal's when stdout is one, else $COLUMNS, else 136.
    func terminalWidth() -> Int {
        var ws = winsize()
        if output == nil, isatty(1) != 0, ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 136
    }

    func colorEnabled() -> Bool {
        if color == "always" { return true }
        if color == "never" || (output != nil && output != "-") || isatty(1) == 0 { return false }
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"] ?? ""
        return noColor.isEmpty
    }

    func emit(_ primary: String, _ done: CheckResult, _ counted: [Finding], code: Int32, baseline: Set<String>?) throws {
        if let o = output { try writeReport(primary, to: o) } else { print(primary, terminator: "") }
        if let o = sarifOutput { try writeReport(try Check.sarif(done, code: code, baseline: baseline), to: o) }
        if let o = jsonOutput { try writeReport(try Check.json(done, counted), to: o) }
        fflush(nil)
    }
}

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the JSON reports of `check --shard K/N` runs into the report of the whole run.",
        discussion: """
        Each shard analyzes its configurations (`mmlint check --objtree … --shard K/N --format json -o K.json SRC`, one CI \
        runner each); the merge is byte-identical to one run of all the configurations: findings de-duplicated by \
        fingerprint with the configurations they hold in, files counted per configuration. Exit codes as for check.
        """)
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("JSON reports of check --shard (or of runs of several --objtree).", valueName: "report"))
    var reports: [String]
    @Option(help: ArgumentHelp("text, concise, json, sarif or html.", valueName: "format")) var format: String = "text"
    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the report to FILE instead of stdout.", valueName: "file"))
    var output: String?
    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Lowest severity that makes the exit code 1.", valueName: "severity"))
    var failOn: String = "error"
    @Flag(name: .customLong("exit-zero"), help: "Exit 0 even with findings.") var exitZero = false
    @Flag(name: .shortAndLong, help: "No summary line.") var quiet = false

    func run() throws {
        guard Check.formats.contains(format) else {
            throw usageFailure("--format: expected text, concise, json, sarif or html, got '\(format)'")
        }
        try Check.htmlNeedsFile(format, output)
        guard let failSeverity = Severity(rawValue: failOn) else {
            throw usageFailure("--fail-on: expected error, warning or note, got '\(failOn)'")
        }
        guard !reports.isEmpty else { throw usageFailure("give the JSON reports to merge") }
        try checkWritable(output)
        let merged: CheckResult
        do {
            let rules = try RuleSet.load(directory: common.rules).rules
            let parts = try reports.map { p -> CheckResult in
                if let d = FileManager.default.contents(atPath: p), d.prefix(4096).range(of: Data("\"$schema\"".utf8)) != nil {
                    throw MergeError("\(p): a SARIF report: merge the shards' JSON reports (check --format json, or --json-output), "
                                     + "then write SARIF with merge --format sarif")
                }
                return try CheckResult.read(jsonReport: p, rules: rules)
            }
            merged = try Configurations.merge(parts)
        } catch { throw usageFailure("\(error)") }
        var policy = RunPolicy()
        policy.failOn = failSeverity
        policy.exitZero = exitZero
        let outcome = Outcome.decide(merged, policy: policy, baseline: nil, changed: nil, staged: false)
        var shown = merged
        shown.findings = outcome.reported
        let text = try Check.render(format, shown, outcome, baseline: nil, color: false, verbose: false, width: 136)
        if let o = output { try writeReport(text, to: o) } else { print(text, terminator: "") }
        fflush(nil)
        for p in outcome.problems { say(p) }
        if !quiet { say(Summary.line(merged, outcome)) }
        if outcome.code != 0 { throw Fail(code: outcome.code) }
    }
}

struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a baseline: the current findings as a JSON report, for `check --baseline FILE`.")
    @OptionGroup var common: Common
    @OptionGroup var analysis: Analysis
    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("The baseline file to write ('-': stdout).", valueName: "file"))
    var output: String

    func run() throws {
        try checkWritable(output)
        let res: CheckResult
        do { res = try MMLint.check(try analysis.options(common)) } catch let f as Fail { throw f } catch { throw usageFailure("\(error)") }
        try writeReport(try res.json(), to: output)
        say("mmlint: baseline of \(res.findings.count) finding(s) written to \(output)")
    }
}

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay one finding of a JSON report against the mm model and print its timeline.",
        discussion: """
            Re-runs the analysis of the report's tree (the same rules and options given here) and replays the finding \
            chosen by --at FILE:LINE or --index N (0-based, in the report's order).
            """)
    @OptionGroup var common: Common
    @Argument(help: "A report written by `mmlint check --format json`.") var report: String
    @Option(help: "The finding at FILE:LINE (FILE relative to the tree root).") var at: String?
    @Option(help: "The finding at this position in the report (0-based).") var index: Int?
    @Option(name: [.customShort("p"), .customLong("compile-db")],
            help: ArgumentHelp("Folder holding compile_commands.json.", valueName: "dir"))
    var compileDB: String?
    @Option(help: ArgumentHelp("text or json.", valueName: "format")) var format: String = "text"
    @Option(help: ArgumentHelp("""
        Facts cache, as for check (default: $XDG_CACHE_HOME/mmlint, else ~/.cache/mmlint): after a check, replay parses \
        nothing again.
        """, valueName: "dir"))
    var cacheDir: String?
    @Flag(help: "Do not use the facts cache.") var noCache = false
    @Option(help: ArgumentHelp("""
        The output folder of the O= build the report was made with (as for check; a report of several configurations \
        names the finding's own).
        """, valueName: "dir"))
    var objtree: String?

    struct Saved: Decodable {
        struct F: Decodable { var rule: String; var file: String; var line: Int; var function: String; var configs: [String]? }
        struct C: Decodable { var name: String; var objtree: String }
        var root: String
        var findings: [F]
        var configurations: [C]?
    }

    func run() throws {
        guard ["text", "json"].contains(format) else { throw usageFailure("--format: expected text or json, got '\(format)'") }
        guard let data = FileManager.default.contents(atPath: report) else { throw usageFailure("\(report): cannot read the report") }
        let saved: Saved
        do { saved = try JSONDecoder().decode(Saved.self, from: data) } catch {
            throw usageFailure("\(report): not an mmlint JSON report (\(error.localizedDescription))")
        }
        let want: Saved.F
        if let i = index {
            guard saved.findings.indices.contains(i) else {
                throw usageFailure("\(report): no finding #\(i) (the report has \(saved.findings.count))")
            }
            want = saved.findings[i]
        } else if let a = at, let colon = a.lastIndex(of: ":"), let line = Int(a[a.index(after: colon)...]) {
            let file = String(a[..<colon])
            guard let f = saved.findings.first(where: { $0.file == file && $0.line == line }) else {
                throw usageFailure("\(report): no finding at \(a)")
            }
            want = f
        } else {
            throw usageFailure("give --at FILE:LINE or --index N")
        }
        var opt = CheckOptions(paths: [saved.root + "/" + want.file], rulesDir: common.rules, jobs: common.jobCount,
                               compileDBDir: compileDB, kernelVersion: common.kernelVersion)
        opt.prefilter = true
        opt.cacheDir = noCache ? nil : (cacheDir ?? defaultCacheDirectory())
        opt.objtree = objtree
        // A report of several configurations: the finding's first configuration, unless named.
        if objtree == nil, let name = want.configs?.first, let c = saved.configurations?.first(where: { $0.name == name }),
           c.objtree != saved.root {
            opt.objtree = c.objtree
        }
        // The whole tree is needed for holders and callers: analyze the root, keep the one finding.
        opt.paths = [saved.root]
        let res: CheckResult
        do { res = try MMLint.check(opt) } catch { throw usageFailure("\(error)") }
        guard let f = res.findings.first(where: {
                  $0.rule == want.rule && $0.file == want.file && $0.line == want.line && $0.function == want.function
              }),
              let r = f.replay else {
            throw usageFailure("\(want.file):\(want.line): the finding [\(want.rule)] is no longer reported by this tree")
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
        discussion: """
            The hook goes where git looks for hooks (core.hooksPath is respected). An existing hook that mmlint did not \
            write is kept unless --force.
            """)
    @Option(help: ArgumentHelp("The repository.", valueName: "dir")) var repo: String = "."
    @Option(help: ArgumentHelp("Extra arguments for `mmlint check` in the hook (e.g. \"--fail-on warning\").", valueName: "args"))
    var checkArgs: String = ""
    @Flag(help: "Overwrite a pre-commit hook mmlint did not write.") var force = false
    @OptionGroup var rulesOption: RulesOption

    static let marker = "# installed by mmlint install-hook"

    func run() throws {
        let dir: String
        do { dir = try Git.hooksFolder(repo) } catch { throw usageFailure("\(repo): not a git repository (\(error))") }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let hook = dir + "/pre-commit"
        if let old = FileManager.default.contents(atPath: hook), !String(decoding: old, as: UTF8.self).contains(Self.marker), !force {
            throw usageFailure("\(hook): a pre-commit hook that mmlint did not write is already there (use --force to replace it)")
        }
        let exe = runningExecutable
        func q(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        // Rules: the ones given here, else those the running mmlint finds next to itself.
        let rules = rulesOption.rulesDir.map { " --rules " + q(URL(fileURLWithPath: $0).standardizedFileURL.path) } ?? ""
        let script = """
        #!/bin/sh
        \(Self.marker) (mmlint \(mmlintVersion)); reinstall with --force to change it.
        # Analyzes the staged content and refuses the commit on findings in the staged changes.
        # Runs $MMLINT if set, else `mmlint` from PATH, else the mmlint that installed the hook.
        top=$(git rev-parse --show-toplevel) || exit 1
        mmlint=${MMLINT:-$(command -v mmlint || echo \(q(exe)))}
        if [ ! -x "$mmlint" ]; then
        \techo "mmlint pre-commit hook: no mmlint on PATH and $mmlint is gone: put mmlint on PATH or commit with --no-verify" >&2
        \texit 1
        fi
        exec "$mmlint" check --staged --quiet\(rules) \(checkArgs) -- "$top"

        """
        do { try Files.writeAtomically(Data(script.utf8), to: hook, permissions: 0o755) } catch {
            throw usageFailure("\(hook): cannot install: \(error)")
        }
        let onPath = Files.onPath("mmlint")
        print("mmlint: installed \(hook); it runs \(onPath.map { "mmlint from PATH (now \($0))" } ?? "\(exe) (no mmlint on PATH)")"
              + ", or $MMLINT when set")
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
    @OptionGroup var common: RulesOption
    @Argument var rule: String
    func run() throws {
        let rs: RuleSet
        do { rs = try RuleSet.load(directory: common.rules) } catch { throw usageFailure("\(error)") }
        guard let r = rs.rule(rule) else {
            throw usageFailure("unknown rule '\(rule)' (known: \(rs.rules.map(\.id).joined(separator: ", ")))")
        }
        var s = "\(r.id) — \(r.title) [\(r.severity)]\n\n## What it does\n"
        if r.isRequirement { s += "Requires `\(r.requires)` (\(rs.vocabulary.facts[r.requires] ?? "")) at:\n" }
        for o in r.operations {
            s += "  \(o.call)(…) on \(o.on)"
            if let b = o.before { s += " (kernels before \(b.major).\(b.minor))" }
            if let b = o.since { s += " (kernels since \(b.major).\(b.minor))" }
            if o.windowEnd { s += " (the window's end: still held, nothing released since its start)" }
            s += "\n"
        }
        if !r.semantics.isEmpty { s += (r.isRequirement ? "\n" : "") + wrap(r.semantics) + "\n" }
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
        discussion: """
            For a file that does not parse: the arguments (one per line, as passed to libclang), the working directory, \
            the source of the flags (compile_commands.json, kbuild conventions or plain -I) and why the file would be \
            skipped, if it would.
            """)
    @Argument(help: "A C file inside the analyzed tree.") var file: String
    @Option(name: [.customShort("p"), .customLong("compile-db")],
            help: ArgumentHelp("Folder holding compile_commands.json.", valueName: "dir"))
    var compileDB: String?
    @Option(name: .customLong("objtree"), help: ArgumentHelp("The kernel's output folder (O=).", valueName: "dir")) var objtree: String?
    func run() throws {
        let abs = URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath().path
        guard abs.hasSuffix(".c") || abs.hasSuffix(".h") else { throw usageFailure("\(file): not a C file") }
        var tree: Tree
        do { tree = try Tree.discover(path: abs, compileDBDir: compileDB, objtree: objtree) } catch { throw usageFailure("\(error)") }
        if let t = tree.target { tree.target = MMLint.acceptedByLibclang(t) }
        let job = tree.job(for: abs)
        print("# \(tree.relative(abs)) in \(tree.root): flags from \(job.source.rawValue)")
        if let t = tree.target {
            print("# target: \(t.srcarch), \(t.triple ?? "the host's (the tree names no clang triple)")"
                  + (t.flagsSource.map { "; machine flags from \($0)" } ?? ""))
        }
        if let why = tree.skipReason(for: abs) { print("# skipped by mmlint check: \(why)") }
        if let d = job.workingDirectory { print("# working directory: \(d)") }
        for a in job.arguments { print(a) }
    }
}

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the rules: id, severity, what replay races the finding against (none: replay does not judge it), title.")
    @OptionGroup var common: RulesOption
    func run() throws {
        let rs: RuleSet
        do { rs = try RuleSet.load(directory: common.rules) } catch { throw usageFailure("\(error)") }
        for r in rs.rules { print("\(r.id)\t\(r.severity)\treplay: \(r.adversary.rawValue)\t\(r.title)") }
    }
}

struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run annotated fixtures (/* expect: RULE */, /* ok: RULE */).")
    @OptionGroup var common: Common
    @Argument(help: "Fixture folders (default: the shipped Fixtures/rules, Fixtures/cross-file and Fixtures/replay).")
    var dirs: [String] = []
    @Flag(name: .shortAndLong, help: "List every passing fixture too, with its counts.") var verbose = false
    func run() throws {
        let base = URL(fileURLWithPath: common.rules).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let targets = dirs.isEmpty ? ["rules", "cross-file", "replay"].map { base.appendingPathComponent($0).path } : dirs
        var passed = 0, failed = 0
        var todos = 0
        for d in targets {
            let outs: [FixtureOutcome]
            do { outs = try FixtureRunner.run(directory: d, rulesDir: common.rules, jobs: common.jobCount,
                                              kernelVersion: common.kernelVersion) }
            catch { throw usageFailure("\(error)") }
            for o in outs {
                todos += o.todos
                if o.passed {
                    passed += 1
                    if verbose { print("PASS \(o.unit) (\(o.expected) expected, \(o.okLines) ok, \(o.todos) known misses)") }
                }
                else { failed += 1; print("FAIL \(o.unit)"); for p in o.problems { print("    \(p)") } }
            }
        }
        print("\(passed) passed, \(failed) failed" + (todos > 0 ? "; \(todos) known miss(es) marked todo, still missed" : ""))
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

// A parse worker (see MMLint/Workers.swift): not for people. It inherits the signals blocked
// below from its parent's thread; its parent kills it on an interrupt anyway.
if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "__parse-worker" {
    Interrupts.unblock()
    exit(ParseWorker.run())
}

// Ctrl-C / SIGTERM / SIGHUP: one thread takes the signal, kills and reaps the parse workers,
// removes the precompiled headers' folder and leaves with 128 + the signal.
Interrupts.install()

if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "kbuild" {
    if CommandLine.arguments.count == 3 && ["--help", "-h", "help"].contains(CommandLine.arguments[2]) {
        print(MMLintCommand.helpMessage(for: KbuildHelp.self))
        exit(0)
    }
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
    let msg = MMLintCommand.message(for: error).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: " ")
    FileHandle.standardError.write(Data("mmlint: \(msg) (see `mmlint --help`)\n".utf8))
    exit(2)
}
