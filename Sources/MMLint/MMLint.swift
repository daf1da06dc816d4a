import Checker
import Facts
import Findings
import Foundation
import Frontend
import Index
import KernelTree
import MMModel

public let mmlintVersion = "0.1.0"

/// The running executable (the CLI starts its parse workers from it).
public let runningExecutable: String =
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
    ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path

/// What cached facts and results were computed by: the version and the executable itself
/// (size and mtime of the running image), so that a rebuilt mmlint never trusts what an older
/// build of the same version cached.
public let mmlintBuild: String = {
    guard let s = Files.stamp(runningExecutable) else { return mmlintVersion }
    return "\(mmlintVersion)+\(s.size).\(s.mtime)"
}()

public struct CheckOptions: Sendable {
    public var paths: [String]
    public var rulesDir: String
    public var jobs: Int
    public var compileDBDir: String?
    public var kernelVersion: String?
    public var extraFlags: [String] = []
    /// Only files that mention the rules' vocabulary are parsed.
    public var prefilter: Bool = true
    /// Precompiled headers per folder (Precompiled.swift): nil = on for kernel trees.
    public var pch: Bool? = nil
    /// Replay every finding against the mm model (MMModel).
    public var replay: Bool = true
    /// The per-file facts cache's folder (nil: no cache).
    public var cacheDir: String?
    /// Called as files finish parsing (done, total), from any thread.
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// Files larger than this many bytes are skipped with a reason (generated tables).
    public var maxFileSize: Int = 16 << 20
    /// Put the stage timings in the report (`stats.timings`).
    public var timings = false
    /// Replay's state budget per finding.
    public var replayBudget: Int = 200_000
    /// File contents that replace what is on disk (the staged content in `--staged` mode), by
    /// absolute path; given to libclang as unsaved files, headers included.
    public var overlay: [String: String] = [:]
    /// The output folder of an `O=` build.
    public var objtree: String?
    /// Parse in worker processes started from this executable (`__parse-worker`): a crash or a
    /// hang costs only its file. Nil: parse in threads of this process.
    public var workerExecutable: String?
    /// Per-file parse time limit in seconds (enforced with worker processes).
    public var fileTimeout: Double = 300
    /// Exact compile flags for some files (by absolute path), with their working folder.
    public var fileFlags: [String: (args: [String], dir: String)] = [:]
    /// Several configurations of the tree (prepared `O=` folders) analyzed in one run, each
    /// file once per configuration, the findings merged (Configurations.swift). Empty: the one
    /// configuration of `objtree` (or of the tree in place).
    public var configurations: [Configuration] = []
    /// This run's share of the configurations (`--shard K/N`): its report carries them, and
    /// `mmlint merge` joins the shards' reports into the report of the whole run.
    public var shard: Shard?
    /// The vocabulary selection shared by the configurations of one run (it does not depend
    /// on the configuration).
    var selectionMemo: SelectionMemo?
    public init(paths: [String], rulesDir: String, jobs: Int, compileDBDir: String? = nil, kernelVersion: String? = nil) {
        self.paths = paths; self.rulesDir = rulesDir; self.jobs = jobs
        self.compileDBDir = compileDBDir; self.kernelVersion = kernelVersion
    }
}

public struct FailedFile: Codable, Sendable {
    public var file: String
    /// Parse errors (0 when the parse itself did not complete: a crash or a timeout).
    public var errors: Int
    /// The first error, or why the parse did not complete.
    public var first: String
    /// The configuration it failed in (runs of several).
    public var config: String? = nil
    /// The one-line reason, for text output and SARIF notifications.
    public var reason: String { errors > 0 ? "\(errors) parse error(s); first: \(first)" : first }
    /// `not analyzed[ in CONFIG]: reason`.
    public var notAnalyzed: String { "not analyzed" + (config.map { " in \($0)" } ?? "") + ": " + reason }
}

public struct Stats: Codable, Sendable {
    public var filesSeen = 0
    public var filesSelected = 0
    public var filesParsed = 0
    public var filesFailed = 0
    public var functions = 0
    public var summaries = 0
    public var flagSources: [String: Int] = [:]
    /// Wall time of the whole check (the summary line); in JSON only under `timings`.
    public var seconds = 0.0
    public var parseCPUSeconds = 0.0
    /// The part of parseCPUSeconds spent in libclang's parse (the rest builds the facts).
    public var clangCPUSeconds = 0.0
    public var failed: [FailedFile] = []
    public var skipped: [SkippedFile] = []
    /// Header macros and inline functions that reach the vocabulary (they select files too).
    public var headerWrappers: [String] = []
    /// Replay: wall time, files parsed only to find a borrower's callers, verdict counts, and
    /// the kernel semantics the model ran with.
    public var replaySeconds = 0.0
    public var replayExtraFiles: [String] = []
    public var verdicts: [String: Int] = [:]
    public var semantics: String?
    /// Where the time went, by stage (JSON only with --timings: everything else in a report is
    /// identical from run to run and whatever -j is).
    public var timings: Timings?

    // `functions` and `summaries` go in `timings` (with --timings) only: header inline
    // functions are built by whichever translation unit reaches them first, so their count can
    // differ with -j; everything else in a report is identical from run to run.
    enum CodingKeys: String, CodingKey {
        case filesSeen, filesSelected, filesParsed, filesFailed, flagSources
        case failed, skipped, headerWrappers, replayExtraFiles, verdicts, semantics, timings
    }
}

/// Seconds per stage of one check.
public struct Timings: Codable, Sendable {
    public var total = 0.0
    public var select = 0.0
    /// Parts of `select`: listing the tree, scanning headers for wrapper macros, reading the C
    /// files for the vocabulary, kbuild skip reasons.
    public var enumerate = 0.0
    public var headerScan = 0.0
    public var prefilter = 0.0
    public var skipReasons = 0.0
    public var parse = 0.0
    /// CPU seconds spent in libclang and the CFG builder, summed over files.
    public var parseCPU = 0.0
    public var clangCPU = 0.0
    /// Parts of `parse`: loading cached facts, parsing the other files (with building PCHs),
    /// the check that every header function some parse skipped was built by another.
    public var cacheLoad = 0.0
    public var parseFiles = 0.0
    public var coverage = 0.0
    public var index = 0.0
    public var checker = 0.0
    /// Inside `checker`: the context rounds (ops and family), their parses included, and the
    /// files they parsed (optional: a report written before they were timed still reads).
    public var contextRounds: Double?
    public var contextFiles: Int?
    /// Seconds per rule inside `checker` (the core rules share one dataflow: `core`).
    public var rules: [String: Double] = [:]
    public var replay = 0.0
    /// Looking for callers of unreached functions in the tree's other C files (latent findings).
    public var latent = 0.0
    /// Distinct functions indexed and summary fixpoint rounds.
    public var functions = 0
    public var summaryRounds = 0
    /// Facts cache: entries used, files parsed instead, and whether the folder was writable.
    public var cacheHits = 0
    public var cacheMisses = 0
    public var cacheUsable = false
    /// Precompiled headers built, the seconds it took (inside `parse`), files given one.
    public var pchBuilt = 0
    public var pchSeconds = 0.0
    public var pchFiles = 0
    public var pchFallbacks = 0
    public var pchGroupsWithout = 0
    /// Files parsed a second time to build header functions every other parse left out.
    public var reparsed = 0
    /// The whole result came from the cache (nothing changed since a run with the same inputs).
    public var resultReused = false
}

public struct SkippedFile: Codable, Sendable {
    /// Why a file is not parsed, by kind (the summary counts them; `reason` says the details).
    public enum Kind: String, Codable, Sendable {
        /// Under `arch/<a>/` of an architecture the tree is not configured for.
        case architecture
        /// Not compiled on its own in this configuration (obj-$(CONFIG_…) unset, or `#include`d
        /// by another .c file, or absent from the compile database).
        case configuration
        /// Larger than --max-file-size.
        case size
    }
    public var file: String
    public var kind: Kind
    public var reason: String
}

public struct CheckResult: Sendable {
    public var root: String
    public var isKernel: Bool
    public var version: String?
    public var findings: [Finding]
    public var stats: Stats
    public var rules: [Rule]
    /// The files parsed (absolute paths).
    public var files: [String] = []
    /// The paths given that are files, not folders (relative to the root): a skip of one of
    /// them is said, not only counted.
    public var explicitFiles: Set<String> = []
    /// The run covered the whole tree (its root was given), not a part of it.
    public var wholeTree = false
    /// Each configuration's part, by name, when the run analyzed several (or a shard of them).
    public var configurations: [ConfigurationResult] = []
    /// The architecture the tree is configured for (the kernel's SRCARCH).
    public var arch = ""
}

/// Where the shipped rule files are: `$MMLINT_RULES`; else, for an installed mmlint,
/// `PREFIX/share/mmlint/Rules` beside `PREFIX/bin/mmlint`; else the `Rules/` of the checkout the
/// binary was built in (searched up to six folders above it: `.build/release/mmlint`); else
/// the source folder it was built from.
public func defaultRulesDirectory(executable: String? = nil) -> String {
    if executable == nil, let e = ProcessInfo.processInfo.environment["MMLINT_RULES"], !e.isEmpty { return e }
    let exe = URL(fileURLWithPath: executable ?? runningExecutable).resolvingSymlinksInPath()
    func hasRules(_ u: URL) -> Bool { FileManager.default.fileExists(atPath: u.appendingPathComponent("vocabulary.yml").path) }
    let bin = exe.deletingLastPathComponent()
    let installed = bin.deletingLastPathComponent().appendingPathComponent("share/mmlint/Rules")
    if hasRules(installed) { return installed.path }
    var d = bin
    for _ in 0..<6 {
        let cand = d.appendingPathComponent("Rules")
        if hasRules(cand) { return cand.path }
        d = d.deletingLastPathComponent()
    }
    let src = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return src.appendingPathComponent("Rules").path
}

/// mmlint's cache folder: `$MMLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/mmlint`, else `~/.cache/mmlint`.
/// Never inside the analyzed tree.
public func defaultCacheDirectory() -> String {
    let env = ProcessInfo.processInfo.environment
    if let d = env["MMLINT_CACHE_DIR"], !d.isEmpty { return d }
    if let x = env["XDG_CACHE_HOME"], !x.isEmpty { return x + "/mmlint" }
    return NSHomeDirectory() + "/.cache/mmlint"
}

/// The pipeline: KernelTree → Frontend (parallel) → Index → Checker.
public enum MMLint {
    public static func check(_ opt: CheckOptions) throws -> CheckResult {
        if !opt.configurations.isEmpty || opt.shard != nil { return try Configurations.check(opt) }
        let start = Date()
        let rules = try RuleSet.load(directory: opt.rulesDir)
        // Replay's model is read now: a model.yml it cannot use fails the run before the parse,
        // not after it.
        let modelPath = ModelVocabulary.path(rulesDir: opt.rulesDir, fallback: defaultRulesDirectory())
        let model = opt.replay ? try ModelVocabulary.load(modelPath) : nil
        let tree = try prepareTree(opt, rules: rules)
        var timings = Timings()
        var stats = Stats()
        // The vocabulary's selection depends on the architecture only (its headers' wrappers):
        // one per architecture in a run of several configurations.
        let selection = try opt.selectionMemo?[tree.arch] ?? select(opt, rules: rules, tree: tree, timings: &timings)
        opt.selectionMemo?[tree.arch] = selection
        let collected = selection.collected
        stats.filesSeen = selection.seen
        stats.headerWrappers = selection.headerWrappers
        let files = skipUnanalyzable(selection.files, tree: tree, opt: opt, stats: &stats, timings: &timings)
        timings.select = Date().timeIntervalSince(start)
        let tParse = Date()
        let cache = opt.cacheDir.map { FactsCache(cacheDir: $0, tree: tree) }
        // Only a walk of the whole root sees every header a failed parse could be missing.
        if wholeRoot(opt, tree) {
            cache?.treeHeaders = collected.headers
        }
        if let reused = reusedBeforeParse(files: files, rules: rules, tree: tree, opt: opt, cache: cache, cited: model?.citedFiles ?? [],
                                          start: start, parseStart: tParse, stats: stats, timings: timings) {
            return reused
        }
        // The PCHs of the parse serve the files the checker's and replay's context rounds parse;
        // they stay until the check ends.
        let pchs = PrecompiledSet()
        defer { pchs.remove() }
        let (facts, context) = parseStage(files, tree: tree, opt: opt, cache: cache, precompiled: pchs, startedAt: tParse,
                                          stats: &stats, timings: &timings)
        if let reused = reusedResult(facts: facts, files: files, rules: rules, tree: tree, opt: opt, cache: cache,
                                     cited: model?.citedFiles ?? [], start: start, stats: stats, timings: timings) {
            return reused
        }
        let version = try kernelVersion(opt, tree: tree)
        let checked = checkStage(facts: facts, files: files, candidates: collected.sources, rules: rules, tree: tree,
                                 version: version, opt: opt, context: context, stats: &stats, timings: &timings)
        var findings = checked.findings
        if let model, !findings.isEmpty {
            try replayStage(&findings, rules: rules, model: model, facts: facts, index: checked.index, files: files,
                            candidates: Set(collected.sources), tree: tree, version: version, opt: opt, context: context,
                            stats: &stats, timings: &timings)
        }
        // Context files of the ops-member analysis count like replay's: a cached result stands
        // only while they are unchanged.
        stats.replayExtraFiles = Array(Set(stats.replayExtraFiles + checked.opsContext)).sorted()
        if tree.isKernel, wholeRoot(opt, tree) {
            let t = Date()
            markLatent(&findings, index: checked.index, sources: collected.sources, tree: tree, jobs: opt.jobs, cacheDir: opt.cacheDir,
                       installing: Set(rules.vocabulary.apis.filter { $0.value.installs != nil }.keys))
            timings.latent = Date().timeIntervalSince(t)
        }
        Finding.assignFingerprints(&findings)
        storeResult(findings, stats: stats, facts: facts, files: files, tree: tree, opt: opt, cache: cache, cited: model?.citedFiles ?? [])
        return finishedResult(findings, stats: stats, timings: timings, start: start, rules: rules, tree: tree, files: files, opt: opt)
    }

    /// The tree of the first path, with the flags and names every parse of the run uses.
    static func prepareTree(_ opt: CheckOptions, rules: RuleSet) throws -> Tree {
        guard let first = opt.paths.first else { throw TreeError("mmlint", "no path given") }
        var tree = try Tree.discover(path: first, compileDBDir: opt.compileDBDir, extraFlags: opt.extraFlags, objtree: opt.objtree)
        // Exact flags given for some files (kbuild CHECK= mode) win over the database and kbuild.
        for (f, e) in opt.fileFlags { tree.compileDB[f] = e }
        if let t = tree.target { tree.target = acceptedByLibclang(t) }
        tree.frontendNames = rules.frontendNames
        return tree
    }

    /// The selected files left to parse: those kbuild or the size limit skip are recorded as
    /// skipped, those that cannot be read as failed.
    static func skipUnanalyzable(_ selected: [String], tree: Tree, opt: CheckOptions,
                                 stats: inout Stats, timings: inout Timings) -> [String] {
        let tSkip = Date()
        var kept: [String] = []
        // Kbuild's verdict per file (Makefiles read once, cached under a lock), on every job.
        let candidates = selected, maxSize = opt.maxFileSize, kbuild = tree
        let reasons = ResultBox<(file: SkippedFile, compiledIn: String?)>(count: candidates.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(opt.jobs, candidates.count))) { _ in
            while let i = reasons.next() {
                if let skip = skipReason(candidates[i], tree: kbuild, maxSize: maxSize) { reasons.set(i, skip) }
            }
        }
        // A selected file another .c file compiles by including it (kernel/sched/membarrier.c
        // in build_utility.c) is analyzed through that file, selected in its stead: not skipped.
        var have = Set(zip(candidates, reasons.slots()).filter { $0.1 == nil }.map(\.0))
        for (f, skip) in zip(candidates, reasons.slots()) {
            guard let skip else { kept.append(f); continue }
            if let inc = skip.compiledIn, have.contains(inc) || skipReason(inc, tree: kbuild, maxSize: maxSize) == nil {
                if have.insert(inc).inserted { kept.append(inc) }
                continue
            }
            stats.skipped.append(skip.file)
        }
        // A file that cannot be read is selected and not analyzed, with the system's reason
        // (libclang would only say "error 1").
        var unreadable: [FailedFile] = []
        let files = kept.filter { f in
            if opt.overlay[f] != nil || access(f, R_OK) == 0 { return true }
            unreadable.append(FailedFile(file: tree.relative(f), errors: 0, first: "cannot read: \(String(cString: strerror(errno)))"))
            return false
        }
        timings.skipReasons = Date().timeIntervalSince(tSkip)
        stats.filesSelected = files.count + unreadable.count
        stats.filesFailed = unreadable.count
        stats.failed = unreadable
        return files
    }

    /// Why a selected file is not parsed: kbuild does not build it here (with the .c file that
    /// compiles it by including it, where that is why), or it is too large.
    static func skipReason(_ f: String, tree: Tree, maxSize: Int) -> (file: SkippedFile, compiledIn: String?)? {
        if let why = tree.skip(for: f) {
            let kind: SkippedFile.Kind = tree.otherArch(f) != nil ? .architecture : .configuration
            return (SkippedFile(file: tree.relative(f), kind: kind, reason: why.reason), why.compiledIn)
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: f))?[.size] as? Int, size > maxSize {
            return (SkippedFile(file: tree.relative(f), kind: .size,
                                reason: "larger than \(maxSize >> 20) MB (a generated file?): raise --max-file-size to analyze it"), nil)
        }
        return nil
    }

    /// Parses the files (or loads their cached facts) and records how it went: the failures,
    /// the flag sources, the CPU time and the PCH and cache figures.
    static func parseStage(_ files: [String], tree: Tree, opt: CheckOptions, cache: FactsCache?, precompiled pchs: PrecompiledSet,
                           startedAt tParse: Date, stats: inout Stats,
                           timings: inout Timings) -> (facts: [FileFacts], context: ContextParse) {
        let parseStats = ParseStats()
        let facts = parseAll(files, tree: tree, jobs: opt.jobs, unsaved: opt.overlay,
                             workers: opt.workerExecutable, timeout: opt.fileTimeout, progress: opt.progress, cache: cache,
                             pch: opt.pch ?? tree.isKernel, precompiled: pchs, parseStats: parseStats)
        let context = ContextParse(pch: opt.pch ?? tree.isKernel, precompiled: pchs,
                                   built: facts.reduce(into: Set<String>()) { $0.formUnion($1.headerFunctionKeys) })
        timings.pchBuilt = parseStats.built; timings.pchSeconds = parseStats.seconds; timings.pchFiles = parseStats.files
        timings.pchFallbacks = parseStats.fallbacks; timings.reparsed = parseStats.reparsed
        timings.pchGroupsWithout = parseStats.groupsWithout
        if let c = cache { timings.cacheHits = c.hits; timings.cacheMisses = c.misses; timings.cacheUsable = c.usable }
        if let p = ProcessInfo.processInfo.environment["MMLINT_PROF"] { writeProfile(facts, to: p) }
        for f in facts where !f.fromCache { stats.parseCPUSeconds += f.parseSeconds; stats.clangCPUSeconds += f.clangSeconds }
        let outcome = parseOutcome(facts)
        stats.filesParsed += outcome.parsed; stats.filesFailed += outcome.failed.count; stats.failed += outcome.failed
        for f in files { stats.flagSources[tree.job(for: f).source.rawValue, default: 0] += 1 }
        timings.parse = Date().timeIntervalSince(tParse)
        timings.parseCPU = stats.parseCPUSeconds
        timings.clangCPU = stats.clangCPUSeconds
        timings.cacheLoad = parseStats.loadSeconds; timings.parseFiles = parseStats.filesSeconds
        timings.coverage = parseStats.coverageSeconds
        return (facts, context)
    }

    /// How many files parsed cleanly, and the others with their first error.
    static func parseOutcome(_ facts: [FileFacts]) -> (parsed: Int, failed: [FailedFile]) {
        let failed = facts.filter { !$0.parsedCleanly }.map {
            FailedFile(file: $0.path, errors: $0.errorCount, first: $0.failure ?? firstError($0))
        }
        return (facts.count - failed.count, failed)
    }

    /// A file's first parse error, `file:line: message` (empty when it has none).
    static func firstError(_ f: FileFacts) -> String {
        f.errors.first.map { ($0.loc.map { "\($0.file):\($0.line): " } ?? "") + $0.message } ?? ""
    }

    /// `MMLINT_PROF`: one line per file with its parse times, whether it used a PCH and
    /// whether it came from the cache.
    static func writeProfile(_ facts: [FileFacts], to path: String) {
        let lines = facts.map { "\($0.path) \($0.clangSeconds) \($0.parseSeconds) \($0.usedPCH) \($0.fromCache ? "cached" : "parsed")\n" }
        _ = FileManager.default.createFile(atPath: path, contents: Data(lines.joined().utf8))
    }

    /// The cached result of a run with the same inputs, when nothing changed since it.
    static func reusedResult(facts: [FileFacts], files: [String], rules: RuleSet, tree: Tree, opt: CheckOptions, cache: FactsCache?,
                             cited: [String], start: Date, stats: Stats, timings: Timings) -> CheckResult? {
        let resultKey = cache.flatMap { c in
            c.misses == 0 && c.discarded == 0 && opt.overlay.isEmpty && !facts.contains(where: { $0.failure != nil })
                ? MMLint.resultKey(opt, files: files, tree: tree, cache: c, cited: cited) : nil
        }
        guard let c = cache, let key = resultKey, let r = c.loadResult(key: key), extraFilesHold(r, cache: c, tree: tree)
        else { return nil }
        return answer(from: r, stats: stats, timings: timings, start: start, rules: rules, tree: tree, files: files, opt: opt)
    }

    /// A warm run with nothing changed since the last: every selected file's cache entry holds,
    /// told by the entries' headers alone, and the last run's result has this run's key. The
    /// result is the answer, and no facts are decoded (their load was 0.4 s of a 1.4 s warm
    /// 6.12 run). Nil otherwise: the run parses (and loads) as usual.
    static func reusedBeforeParse(files: [String], rules: RuleSet, tree: Tree, opt: CheckOptions, cache: FactsCache?, cited: [String],
                                  start: Date, parseStart: Date, stats: Stats, timings: Timings) -> CheckResult? {
        guard let c = cache, c.usable, opt.overlay.isEmpty, !files.isEmpty, FileManager.default.fileExists(atPath: c.resultPath)
        else { return nil }
        let reqs = files.map { request($0, tree: tree, unsaved: [:]) }
        let held = ResultBox<Bool>(count: reqs.count)
        // (The first entry that does not hold ends the look: the run parses, and loads, as usual.)
        DispatchQueue.concurrentPerform(iterations: max(1, min(opt.jobs, reqs.count))) { _ in
            while let i = held.next() {
                let ok = c.holds(reqs[i])
                held.set(i, ok)
                if !ok { held.stop() }
            }
        }
        guard held.slots().allSatisfy({ $0 == true }), let key = MMLint.resultKey(opt, files: files, tree: tree, cache: c, cited: cited),
              let r = c.loadResult(key: key), let parsed = r.filesParsed, let failed = r.failed, extraFilesHold(r, cache: c, tree: tree)
        else { return nil }
        var stats = stats, timings = timings
        stats.filesParsed += parsed; stats.filesFailed += failed.count; stats.failed += failed
        for f in files { stats.flagSources[tree.job(for: f).source.rawValue, default: 0] += 1 }
        timings.cacheHits = files.count; timings.cacheUsable = true
        timings.parse = Date().timeIntervalSince(parseStart); timings.cacheLoad = timings.parse
        return answer(from: r, stats: stats, timings: timings, start: start, rules: rules, tree: tree, files: files, opt: opt)
    }

    /// Whether the files replay and the ops context rounds read besides the selection are
    /// unchanged since the result was stored.
    static func extraFilesHold(_ r: CachedResult, cache c: FactsCache, tree: Tree) -> Bool {
        r.replayExtraFiles.allSatisfy { c.load(request(tree.root + "/" + $0, tree: tree, unsaved: [:])) != nil }
    }

    /// The run's result from a stored one.
    static func answer(from r: CachedResult, stats: Stats, timings: Timings, start: Date, rules: RuleSet, tree: Tree, files: [String],
                       opt: CheckOptions) -> CheckResult {
        var stats = stats, timings = timings
        stats.semantics = r.semantics
        stats.verdicts = r.verdicts
        stats.replayExtraFiles = r.replayExtraFiles
        stats.functions = r.functions
        stats.summaries = r.summaries
        timings.resultReused = true
        return finishedResult(r.findings, stats: stats, timings: timings, start: start, rules: rules, tree: tree, files: files, opt: opt)
    }

    /// The kernel version the rules are judged for: `--kernel-version`, else the tree's.
    static func kernelVersion(_ opt: CheckOptions, tree: Tree) throws -> (Int, Int)? {
        guard let v = opt.kernelVersion else { return tree.version.map { ($0.major, $0.minor) } }
        guard let kv = KernelVersion(string: v) else { throw TreeError("--kernel-version", "'\(v)' is not a version like 6.12") }
        return (kv.major, kv.minor)
    }

    /// Indexes the facts and runs the checker, then the ops-member context rounds. Findings in
    /// files that did not parse cleanly are left out.
    static func checkStage(facts: [FileFacts], files: [String], candidates: [String], rules: RuleSet, tree: Tree,
                           version: (Int, Int)?, opt: CheckOptions, context: ContextParse, stats: inout Stats,
                           timings: inout Timings) -> (index: TreeIndex, findings: [Finding], opsContext: [String]) {
        let tIndex = Date()
        let index = TreeIndex(facts)
        timings.index = Date().timeIntervalSince(tIndex)
        stats.functions = index.functions.count
        let tCheck = Date()
        let engine = Engine(rules: rules, index: index, version: version, config: tree.isKernel ? tree.config : nil)
        engine.jobs = opt.jobs
        engine.keepsFlows = true   // the ops rounds start from its summaries
        defer { engine.releaseFlows() }
        // A file that did not parse cleanly is reported as not analyzed: its partial facts
        // (missing declarations, dropped statements) are not evidence for a finding located in it.
        let failedPaths = Set(stats.failed.map(\.file))
        var findings = engine.run().filter { !failedPaths.contains($0.file) }
        stats.summaries = engine.summaryRounds
        let tContext = Date()
        let round = ContextRound(first: engine, rules: rules, index: index, parsed: Set(files), candidates: Set(candidates),
                                 tree: tree, version: version, opt: opt, context: context)
        context.prefetch(firstContextFiles(findings, round), tree: tree, opt: opt)
        // The ops rounds (requirement rules) and the family round (family rules) start from the
        // first run's findings and judge different rules: on two threads at once.
        let ops = ResultBox<(discharged: Set<String>, files: [String])>(count: 1)
        let family = ResultBox<(asked: Set<String>, again: [Finding], files: [String])>(count: 1)
        let first = findings
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            if k == 0 { ops.set(0, opsContextRounds(first, round)) } else if let f = familyContextRound(round) { family.set(0, f) }
        }
        let (discharged, opsContext) = ops.all()[0]
        if !discharged.isEmpty { findings.removeAll { discharged.contains("\($0.file):\($0.line):\($0.rule):\($0.function)") } }
        var familyContext: [String] = []
        if let f = family.all().first {
            findings = (findings.filter { !f.asked.contains($0.rule) } + f.again).sorted {
                ($0.file, $0.line, $0.rule, $0.column, $0.message) < ($1.file, $1.line, $1.rule, $1.column, $1.message)
            }
            familyContext = f.files
        }
        timings.checker = Date().timeIntervalSince(tCheck)
        timings.contextRounds = Date().timeIntervalSince(tContext)
        timings.contextFiles = opsContext.count + familyContext.count
        timings.rules = engine.ruleSeconds
        return (index, findings, opsContext + familyContext)
    }

    /// What the context rounds start from: the first run, its index and files, the run's walk.
    struct ContextRound: @unchecked Sendable {
        var first: Engine
        var rules: RuleSet
        var index: TreeIndex
        var parsed: Set<String>
        var candidates: Set<String>
        var tree: Tree
        var version: (Int, Int)?
        var opt: CheckOptions
        var context: ContextParse

        /// An engine over the index grown by `extra`.
        func engine(_ rules: RuleSet, adding extra: [FileFacts]) -> Engine {
            let e = Engine(rules: rules, index: index.adding(extra), version: version, config: tree.isKernel ? tree.config : nil)
            e.jobs = opt.jobs
            return e
        }
    }

    /// Replays the findings against the mm model with the tree's kernel semantics, and counts
    /// the verdicts.
    static func replayStage(_ findings: inout [Finding], rules: RuleSet, model: ModelVocabulary, facts: [FileFacts], index: TreeIndex,
                            files: [String], candidates: Set<String>,
                            tree: Tree, version: (Int, Int)?, opt: CheckOptions, context: ContextParse,
                            stats: inout Stats, timings: inout Timings) throws {
        let t0 = Date()
        let sem = Semantics.probe(root: tree.root, isKernel: tree.isKernel, version: version,
                                  versionFromOption: opt.kernelVersion != nil, objtree: tree.objtree,
                                  srcarch: tree.isKernel ? tree.arch : nil)
        stats.semantics = sem.summary
        let extra = replay(&findings, rules: rules, vocab: model, facts: facts, index: index, parsed: Set(files),
                           candidates: candidates, tree: tree, semantics: sem, opt: opt, context: context)
        stats.replayExtraFiles = extra.map(\.path)
        for f in findings { if let r = f.replay { stats.verdicts[r.verdict.rawValue, default: 0] += 1 } }
        stats.replaySeconds = Date().timeIntervalSince(t0)
        timings.replay = stats.replaySeconds
    }

    /// Caches the result for a later run with the same inputs (none with staged content or a
    /// parse that did not complete).
    static func storeResult(_ findings: [Finding], stats: Stats, facts: [FileFacts], files: [String], tree: Tree, opt: CheckOptions,
                            cache: FactsCache?, cited: [String]) {
        guard let c = cache, opt.overlay.isEmpty, !facts.contains(where: { $0.failure != nil }),
              let key = MMLint.resultKey(opt, files: files, tree: tree, cache: c, cited: cited) else { return }
        let outcome = parseOutcome(facts)
        c.storeResult(CachedResult(key: key, findings: findings, semantics: stats.semantics, verdicts: stats.verdicts,
                                   replayExtraFiles: stats.replayExtraFiles, functions: stats.functions, summaries: stats.summaries,
                                   filesParsed: outcome.parsed, failed: outcome.failed))
    }

    /// The check's result, its wall time and (with --timings) its stage timings in the stats.
    static func finishedResult(_ findings: [Finding], stats: Stats, timings: Timings, start: Date, rules: RuleSet, tree: Tree,
                               files: [String], opt: CheckOptions) -> CheckResult {
        var stats = stats, timings = timings
        stats.seconds = Date().timeIntervalSince(start)
        timings.total = stats.seconds
        timings.functions = stats.functions
        timings.summaryRounds = stats.summaries
        if opt.timings { stats.timings = timings }
        var result = CheckResult(root: tree.root, isKernel: tree.isKernel, version: tree.version?.description,
                                 findings: findings, stats: stats, rules: rules.rules)
        result.files = files
        result.arch = tree.arch
        describeScope(&result, opt, tree)
        return result
    }

    /// What the run reads: the C files and headers under the paths, and (with the prefilter)
    /// the files that mention the rules' vocabulary or a header wrapper of it.
    struct Selection: Sendable {
        var collected: (sources: [String], headers: [String])
        var files: [String]
        var seen: Int
        var headerWrappers: [String]
    }

    static func select(_ opt: CheckOptions, rules: RuleSet, tree: Tree, timings: inout Timings) throws -> Selection {
        var names: [String] = []
        let tEnum = Date()
        let collected = try SourceFiles.collectAll(opt.paths)
        timings.enumerate = Date().timeIntervalSince(tEnum)
        var files = collected.sources
        // Staged new files exist only in the overlay.
        for p in opt.overlay.keys.sorted() where p.hasSuffix(".c") && !files.contains(p)
            && opt.paths.contains(where: { p == $0 || p.hasPrefix(URL(fileURLWithPath: $0).standardizedFileURL.path + "/") }) {
            files.append(p)
        }
        let seen = files.count
        if files.isEmpty { throw TreeError(opt.paths.first ?? "mmlint", "no C files to analyze") }
        if opt.prefilter {
            var words = vocabularyWords(rules)
            // Headers whose macros or inline functions reach the vocabulary (amdgpu's
            // read_user_wptr expands to kthread_use_mm): their names select files too.
            var headers = collected.headers
            let include = tree.root + "/include/"
            if tree.isKernel, !headers.contains(where: { $0.hasPrefix(include) }) {   // a subtree was given
                headers = Array(Set(headers + ((try? SourceFiles.collectAll([include]).headers) ?? []))).sorted()
            }
            let tHeaders = Date()
            // With a cache folder, unchanged files are judged by their size and mtime.
            let sel = opt.cacheDir.map { SelectionCache(cacheDir: $0, root: tree.root, arch: tree.arch) }
            sel?.jobs = opt.jobs
            let patterns = selectPatterns(rules)
            let pairs = selectPairs(rules)
            let pairWords = pairs.map { $0.words.joined(separator: " ") + " & " + $0.with.joined(separator: " ") }
            let wordsKey = FNV1a.hex((words.map { String(decoding: $0, as: UTF8.self) }
                                      + patterns.map { String(decoding: $0, as: UTF8.self) }
                                      + pairWords).joined(separator: ","))
            let baseWords = words
            names = sel?.wrappers(for: headers, wordsKey: wordsKey) { headerWrappers(headers, baseWords, tree: tree, jobs: opt.jobs) }
                ?? headerWrappers(headers, words, tree: tree, jobs: opt.jobs)
            timings.headerScan = Date().timeIntervalSince(tHeaders)
            words += names.map { Array($0.utf8) }
            let tGrep = Date()
            // One pass over each file: group 0 the words, 1 the identifiers every pattern
            // occurrence holds whole (the patterns are looked for only where one is), 2k+2 and
            // 2k+3 the two sides of pair k.
            let gates = patternGates(patterns)
            let scan = WordSet(groups: [words, gates ?? []]
                               + pairs.flatMap { [$0.words.map { Array($0.utf8) }, $0.with.map { Array($0.utf8) }] })
            @Sendable func selected(_ d: UnsafeRawBufferPointer) -> Bool {
                let found = scan.groups(in: d, enough: 1)
                if found & 1 != 0 { return true }
                if !patterns.isEmpty && (gates == nil || found & 2 != 0) && containsAny(d, patterns) { return true }
                return pairs.indices.contains { k in found >> UInt64(2 * k + 2) & 3 == 3 }
            }
            // Cached verdicts first; the other files are read on every job, then recorded.
            var verdict = [Bool?](repeating: nil, count: files.count)
            var toScan: [Int] = []
            let cached = sel?.cachedMentions(files) ?? []
            // A file named on the command line is analyzed whatever it mentions.
            let named = Set(opt.paths.map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path })
            for (i, f) in files.enumerated() {
                if named.contains(f) { verdict[i] = true }
                else if let staged = opt.overlay[f] { verdict[i] = Data(staged.utf8).withUnsafeBytes(selected) }
                else if i < cached.count, let c = cached[i] { verdict[i] = c }
                else { toScan.append(i) }
            }
            let scanned = ResultBox<Bool>(count: toScan.count)
            let scanFiles = toScan.map { files[$0] }
            DispatchQueue.concurrentPerform(iterations: max(1, min(opt.jobs, scanFiles.count))) { _ in
                let reader = FileReader()
                // A file that cannot be read is selected: the parser reports it.
                while let k = scanned.next() { scanned.set(k, reader.withContents(of: scanFiles[k], selected) ?? true) }
            }
            for (k, v) in scanned.slots().enumerated() {
                verdict[toScan[k]] = v ?? true
                sel?.record(scanFiles[k], v ?? true)
            }
            files = files.indices.filter { verdict[$0] ?? true }.map { files[$0] }
            sel?.save()
            timings.prefilter = Date().timeIntervalSince(tGrep)
        }
        return Selection(collected: collected, files: files, seen: seen, headerWrappers: names)
    }

    /// Which of the given paths are single files, and whether the root itself was given.
    static func describeScope(_ result: inout CheckResult, _ opt: CheckOptions, _ tree: Tree) {
        for p in opt.paths {
            let abs = URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path
            var isDir: ObjCBool = false
            if abs == tree.root { result.wholeTree = true }
            if FileManager.default.fileExists(atPath: abs, isDirectory: &isDir), !isDir.boolValue {
                result.explicitFiles.insert(tree.relative(abs))
            }
        }
    }

    /// What a run's result depends on besides the facts: version, rules, options, the files
    /// replay's semantics probe reads, and the identity of each selected file's cache entry.
    /// Nil when some selected file has no entry (it failed in a way that is not cached).
    static func resultKey(_ opt: CheckOptions, files: [String], tree: Tree, cache: FactsCache, cited: [String]) -> String? {
        var parts = [mmlintBuild, "whole root: \(wholeRoot(opt, tree))", opt.kernelVersion ?? "",
                     "\(opt.replay)", "\(opt.replayBudget)", "\(opt.prefilter)",
                     opt.extraFlags.joined(separator: " "), opt.objtree ?? "", opt.compileDBDir ?? ""]
        for (f, e) in opt.fileFlags.sorted(by: { $0.key < $1.key }) { parts.append(f + " " + e.args.joined(separator: " ") + " " + e.dir) }
        for n in ((try? FileManager.default.contentsOfDirectory(atPath: opt.rulesDir)) ?? []).sorted() where n.hasSuffix(".yml") {
            parts.append(n + String(FNV1a.hash(FileManager.default.contents(atPath: opt.rulesDir + "/" + n) ?? Data()), radix: 16))
        }
        for p in Semantics.inputFiles(root: tree.root, objtree: tree.objtree.isEmpty ? nil : tree.objtree, cited: cited) {
            let s = SelectionCache.stamp(p)
            parts.append(p + (s.map { " \($0.size) \($0.mtime)" } ?? " none"))
        }
        for f in files {
            let e = cache.entryStamp(f)
            if e == 0 { return nil }
            parts.append(f + " \(e)")
        }
        return FNV1a.hex(parts.joined(separator: "\n"))
    }

    /// Findings inside ops-table functions (reached only through a few-candidate ops member)
    /// wait for their callers' verdict. Where the way up from such a function ends in the
    /// parsed files (a member nothing here calls, a non-static function nothing here calls), the
    /// .c files of that function's folder that mention the member or the function are parsed
    /// too (at most three rounds) and the requirement rules run again over the larger index;
    /// only the ops-function findings every caller then discharges are dropped: nothing else
    /// of the first run changes. Returns the findings discharged (file:line:rule:function) and
    /// the context files parsed.
    /// Only `candidates` are read (the run's own walk: regular C files — never a FIFO, which
    /// would block the read), and none over --max-file-size.
    static func opsContextRounds(_ findings: [Finding], _ r: ContextRound) -> (discharged: Set<String>, files: [String]) {
        var discharged = r.first.opsDischarged
        var wants = r.first.contextWords
        var tried = r.parsed
        var extra: [FileFacts] = []
        var last = r.first   // each round's engine grows the one before (Engine.prior)
        defer { if last !== r.first { last.releaseFlows() } }
        for _ in 0..<3 where !wants.isEmpty && opsClearable(findings, first: r.first) {
            let more = contextFiles(wants, tried: &tried, candidates: r.candidates, tree: r.tree, opt: r.opt)
            if more.isEmpty { break }
            extra += r.context.parse(more, tree: r.tree, opt: r.opt).filter(\.parsedCleanly)
            let e = r.engine(r.rules, adding: extra)
            e.coreOnly = true
            e.prior = last
            e.keepsFlows = true
            _ = e.run()
            e.prior = nil
            if last !== r.first { last.releaseFlows() }
            last = e
            discharged.formUnion(e.opsDischarged)
            wants = e.contextWords
        }
        return (discharged, extra.map(\.path))
    }

    /// Whether the ops rounds could clear a finding (one in an ops function, or in a function
    /// that asked for context): else no context file is parsed for them.
    static func opsClearable(_ findings: [Finding], first: Engine) -> Bool {
        first.opsKept > 0 || findings.contains { $0.subject.map { first.contextWanters.contains($0.functionKey) } ?? false }
    }

    /// The files the first ops round and the family round parse (each round chooses them again,
    /// the same): read in one parse before either runs, so that the two share the workers.
    static func firstContextFiles(_ findings: [Finding], _ r: ContextRound) -> [String] {
        var tried = r.parsed
        let ops = opsClearable(findings, first: r.first) && !r.first.contextWords.isEmpty
            ? contextFiles(r.first.contextWords, tried: &tried, candidates: r.candidates, tree: r.tree, opt: r.opt) : []
        let family = familyContextFiles(r)
        return ops + family.filter { !ops.contains($0) }
    }

    static let familyContextPerFolder = 16

    /// The family round's files: per rule and folder, the files that name the folder's words
    /// (and one of the rule's `also` words) — in the folder, and in its subfolders where the
    /// rule asked so (Engine.familyContextDeep) —, at most `familyContextPerFolder` of them (a
    /// big driver folder whose exported names are everywhere must not turn the round into a
    /// second parse).
    static func familyContextFiles(_ r: ContextRound) -> [String] {
        var more: [String] = []
        var tried = r.parsed
        for (rule, byDir) in r.first.familyContextWords.sorted(by: { $0.key < $1.key }) {
            let also = (r.first.familyContextAlso[rule] ?? []).sorted().map { Array($0.utf8) }
            for (dir, words) in byDir.sorted(by: { $0.key < $1.key }) {
                let dirs = [dir] + (r.first.familyContextDeep.contains(dir) ? subfolders(of: dir, in: r.tree) : [])
                more += dirs.flatMap { contextFiles([$0: words], tried: &tried, candidates: r.candidates, tree: r.tree, opt: r.opt) }
                    .filter { also.isEmpty || mentionsAny($0, also) }.prefix(familyContextPerFolder)
            }
        }
        return more
    }

    /// The folders directly below `dir` (relative to the tree's root), by name.
    static func subfolders(of dir: String, in tree: Tree) -> [String] {
        let abs = dir.isEmpty ? tree.root : tree.root + "/" + dir
        return ((try? FileManager.default.contentsOfDirectory(atPath: abs)) ?? []).sorted().compactMap { n in
            var isDir: ObjCBool = false
            guard !n.hasPrefix("."), FileManager.default.fileExists(atPath: abs + "/" + n, isDirectory: &isDir), isDir.boolValue
            else { return nil }
            return dir.isEmpty ? n : dir + "/" + n
        }
    }

    /// The .c files of each folder that name one of its words, not parsed yet (`tried`), that the
    /// configuration builds and the size limit admits: a context round's files.
    static func contextFiles(_ wants: [String: Set<String>], tried: inout Set<String>, candidates: Set<String>, tree: Tree,
                             opt: CheckOptions) -> [String] {
        var more: [String] = []
        for (dir, words) in wants.sorted(by: { $0.key < $1.key }) {
            let abs = dir.isEmpty ? tree.root : tree.root + "/" + dir   // "": the root's own files
            let w = words.sorted().map { Array($0.utf8) }
            for n in ((try? FileManager.default.contentsOfDirectory(atPath: abs)) ?? []).sorted() where n.hasSuffix(".c") {
                let p = abs + "/" + n
                guard candidates.contains(p), !tried.contains(p), tree.skipReason(for: p) == nil,
                      ((try? FileManager.default.attributesOfItem(atPath: p))?[.size] as? Int ?? 0) <= opt.maxFileSize,
                      mentionsAny(p, w) else { continue }
                tried.insert(p); more.append(p)
            }
        }
        return more
    }

    /// Family rules that asked for files the selection left out (Engine.familyContextWords: a
    /// framework's drivers, whose teardown calls its exported functions; the ops table that
    /// registers a freeing function) run once more over the index grown by them, and their
    /// findings located in the selected files become the re-run's (it sees more: new findings
    /// appear, findings a registration makes safe go); the context files themselves are not
    /// reported on (they were not selected). Returns the rules asked, their findings in the
    /// selected files and the files parsed; nil when no rule asked for a file.
    static func familyContextRound(_ r: ContextRound) -> (asked: Set<String>, again: [Finding], files: [String])? {
        let asked = r.first.familyContextWords
        guard !asked.isEmpty else { return nil }
        let more = familyContextFiles(r)
        guard !more.isEmpty else { return nil }
        let extra = r.context.parse(more, tree: r.tree, opt: r.opt).filter(\.parsedCleanly)
        let again = r.engine(r.rules.only(Set(asked.keys)), adding: extra).run().filter { r.parsed.contains(r.tree.root + "/" + $0.file) }
        return (Set(asked.keys), again, extra.map(\.path))
    }

    /// Replays every finding. Where a borrower's context walk ends at a function with no
    /// caller in the index, the .c files of that function's folder that mention its name (as the
    /// context rounds choose theirs: regular files of the run's walk, none over --max-file-size) are
    /// parsed too (at most two rounds), for replay's context only: the findings themselves come
    /// from the checker's index and do not change. Returns the extra files parsed.
    static func replay(_ findings: inout [Finding], rules: RuleSet, vocab: ModelVocabulary, facts: [FileFacts], index checked: TreeIndex,
                       parsed: Set<String>, candidates: Set<String>, tree: Tree, semantics: Semantics, opt: CheckOptions,
                       context: ContextParse) -> [FileFacts] {
        var extra: [FileFacts] = []
        var tried = parsed
        var index = checked   // the checker's, until extra files are parsed
        var replayer = Replayer(rules: rules, index: index, semantics: semantics, vocabulary: vocab, budget: opt.replayBudget)
        for _ in 0..<2 {
            var wants: [String: Set<String>] = [:]
            for key in replayer.unresolvedRoots(findings) {
                guard let fn = index.functions[key] else { continue }
                wants[(fn.loc.file as NSString).deletingLastPathComponent, default: []].insert(key)
            }
            let more = contextFiles(wants, tried: &tried, candidates: candidates, tree: tree, opt: opt)
            if more.isEmpty { break }
            extra += context.parse(more, tree: tree, opt: opt).filter(\.parsedCleanly)
            index = checked.adding(extra)
            replayer = Replayer(rules: rules, index: index, semantics: semantics, vocabulary: vocab, budget: opt.replayBudget)
        }
        // Each finding's replay is independent: on every job.
        replayer.warm()
        let todo = findings.indices.filter { findings[$0].replayable(rules) }
        let verdicts = ResultBox<ReplayResult>(count: todo.count)
        let (r, subjects) = (replayer, todo.map { findings[$0] })
        DispatchQueue.concurrentPerform(iterations: max(1, min(opt.jobs, todo.count))) { _ in
            while let k = verdicts.next() { verdicts.set(k, r.replay(subjects[k])) }
        }
        for (k, v) in verdicts.slots().enumerated() { findings[todo[k]].replay = v }
        return extra
    }

    /// Does the run cover the tree's whole root (so "nothing in the tree" can be said)?
    static func wholeRoot(_ opt: CheckOptions, _ tree: Tree) -> Bool {
        opt.paths.contains { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path == tree.root }
    }

    /// An error in a function that nothing in the tree calls or registers is latent: no path
    /// reaches it in this tree (6.1's idxd_copy_cr(), whose caller was never backported). It
    /// is reported as a warning that says so. A static function's file was parsed whole, so
    /// its index callers are all there are; another function is searched for by name in every
    /// other C file of the tree (a call, a table, a macro: any mention keeps it an error).
    static func markLatent(_ findings: inout [Finding], index: TreeIndex, sources: [String], tree: Tree, jobs: Int = 1,
                           cacheDir: String? = nil, installing: Set<String> = []) {
        var unreached: [Int: FunctionFacts] = [:]
        for (k, f) in findings.enumerated() where f.severity == .error {
            guard let key = f.subject?.functionKey, let fn = index.functions[key],
                  (index.callers[key] ?? []).isEmpty, !index.addressTaken.contains(key) else { continue }
            unreached[k] = fn
        }
        guard !unreached.isEmpty else { return }
        var mentioned: Set<String> = []
        let exported = Set(unreached.values.filter { !$0.isStatic }.map(\.name))
        if !exported.isEmpty {
            let own = Set(unreached.values.map { tree.root + "/" + $0.loc.file })
            let others = sources.filter { !own.contains($0) }
            // Every other C file of the tree (~35,000 in a kernel) until each name is found, on
            // every job; with a cache folder, files unchanged since a run that asked are not read.
            let near = unreached.values.filter { !$0.isStatic }.map { tree.root + "/" + $0.loc.file }
            mentioned = NameSearch(cacheDir: cacheDir, root: tree.root).mentioned(exported.sorted(), in: others, near: near, jobs: jobs)
        }
        for (k, fn) in unreached where !mentioned.contains(fn.name) {
            findings[k].severity = .warning
            findings[k].message += "; latent: nothing in this tree calls or registers \(fn.name)()"
                + (fn.isStatic ? " (static, and its file has no use of it)" : " (no other C file of the tree names it)")
                + ", so no path reaches it here; it becomes an error in a tree that calls it"
        }
        // Named elsewhere but called from no parsed file: its callers are in files the run did
        // not select (they name none of the rules' vocabulary, so none of them pins the mm).
        // When the mm is reached through a parameter, the caller decides which object it is and
        // in which task it runs: unjudged here (s390's exported gmap functions, called from
        // KVM's vCPU ioctls behind the owner check `kvm->mm != current->mm`). Not so for an
        // operation that installs the mm in the calling task (kthread_use_mm: a kernel thread,
        // never the owner's task): no caller that takes no reference makes it safe. Only an mm
        // reference is the caller's to give: a device-mapping finding (a revoke's order, a free
        // while mapped) is wrong whatever object and task the caller brings.
        for (k, fn) in unreached where mentioned.contains(fn.name) {
            guard let subject = findings[k].subject, case .param = subject.target.base,
                  subject.fact == MMFact.users || subject.fact == MMFact.count else { continue }
            let operation = subject.operation ?? {
                if case .event(.call(let c)) = fn.nodes[subject.useNode].kind { return c.name }
                return nil
            }()
            if let operation, installing.contains(operation) { continue }
            findings[k].severity = .warning
            findings[k].message += "; unjudged caller context: \(fn.name)() is called only from C files this run did not parse "
                + "(they name none of the rules' vocabulary, so they take no reference), and its callers choose the object: "
                + "it is safe when each runs in the mm owner's own task (an ioctl behind an owner check); "
                + "--all-files parses them"
        }
    }

    /// Names whose presence in a file makes it worth parsing: every guarded operation and
    /// every API that takes or drops an mm reference (not the lock and test helpers, which
    /// every file uses and which matter only next to an operation).
    public static func vocabularyWords(_ rules: RuleSet) -> [[UInt8]] {
        var w: Set<String> = []
        for (name, c) in rules.vocabulary.apis
        where (c.gains + c.loses).contains(where: { $0.fact == MMFact.users || $0.fact == MMFact.count }) { w.insert(name) }
        for r in rules.rules { for o in r.operations { w.insert(o.call) } }
        for r in rules.rules where r.selectWith.isEmpty { for x in r.select where x.isCIdentifier { w.insert(x) } }
        return w.sorted().map { Array($0.utf8) }
    }

    /// The rules' `select:` entries that are not identifiers: looked for as byte strings
    /// (`select_with` does not narrow them).
    public static func selectPatterns(_ rules: RuleSet) -> [Data] {
        Set(rules.rules.flatMap { $0.select.filter { !$0.isCIdentifier } }).sorted().map { Data($0.utf8) }
    }

    /// The word pairs of rules with `select_with`: a file with a word of each is selected.
    static func selectPairs(_ rules: RuleSet) -> [(words: [String], with: [String])] {
        rules.rules.filter { !$0.selectWith.isEmpty }.map { ($0.select.filter(\.isCIdentifier).sorted(), $0.selectWith.sorted()) }
    }

    /// Identifiers that stand whole inside the patterns (a blank or punctuation on both sides
    /// within the pattern: `current` in `!current->mm`, `mm` in `current->mm == NULL`), one per
    /// pattern at least: a file holding a pattern holds one of them as an identifier. Nil when
    /// some pattern has none (its file cannot be told by its identifiers).
    static func patternGates(_ patterns: [Data]) -> [[UInt8]]? {
        var gates: Set<[UInt8]> = []
        for p in patterns {
            let b = Array(p)
            var found = false, i = 0
            while i < b.count {
                guard b[i].isIdentifierByte else { i += 1; continue }
                var j = i
                while j < b.count && b[j].isIdentifierByte { j += 1 }
                if i > 0 && j < b.count && !(b[i] >= 48 && b[i] <= 57) { gates.insert(Array(b[i..<j])); found = true }
                i = j
            }
            if !found { return nil }
        }
        return gates.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Whether `d` contains one of the byte strings (Data.range(of:) was 3% of a cold kernel run).
    static func containsAny(_ d: Data, _ patterns: [Data]) -> Bool {
        d.withUnsafeBytes { containsAny($0, patterns) }
    }

    static func containsAny(_ hay: UnsafeRawBufferPointer, _ patterns: [Data]) -> Bool {
        patterns.contains { p in p.withUnsafeBytes { Bytes.contains(hay, $0) } }
    }

    /// Names of macros (`#define NAME…`) and header functions (`static inline … NAME(…) {…}`)
    /// whose bodies use a vocabulary word, to a fixpoint (a wrapper of a wrapper counts).
    /// Headers of other architectures are left out.
    static func headerWrappers(_ headers: [String], _ words0: [[UInt8]], tree: Tree, jobs: Int = 1) -> [String] {
        var words = words0
        var found: [String] = []
        // Definitions of the headers that mention the vocabulary at all, split once (on every job).
        let initial = WordSet(words)
        let kept = headers.filter { tree.otherArch($0) == nil }
        let split = ResultBox<[(name: String, body: Data)]>(count: kept.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, kept.count))) { _ in
            let reader = FileReader()
            while let k = split.next() {
                let text = reader.withContents(of: kept[k]) { d in initial.occurs(in: d) ? String(decoding: d, as: UTF8.self) : nil }
                guard let text = text ?? nil else { continue }
                split.set(k, definitions(text).map { ($0.0, Data($0.1.utf8)) })
            }
        }
        let defs = split.slots().flatMap { $0 ?? [] }
        for _ in 0..<3 {
            var new: [String] = []
            let set = WordSet(words)
            for (name, body) in defs where !found.contains(name) && !new.contains(name) {
                if mentionsAny(body, set, calledOnly: true) { new.append(name) }
            }
            if new.isEmpty { break }
            found += new
            words += new.map { Array($0.utf8) }
        }
        return found.sorted()
    }

    /// `#define` bodies (with continuations) and `static inline` function bodies of a header.
    static func definitions(_ text: String) -> [(String, String)] {
        var out: [(String, String)] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var i = 0
        while i < lines.count {
            let l = lines[i].drop(while: { $0 == " " || $0 == "\t" })
            if l.hasPrefix("#define") || l.hasPrefix("# define") {
                var body = String(l)
                while body.hasSuffix("\\"), i + 1 < lines.count { i += 1; body += "\n" + lines[i] }
                let rest = body.drop(while: { $0 != " " && $0 != "\t" }).drop(while: { $0 == " " || $0 == "\t" })
                let name = String(rest.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" }))
                if !name.isEmpty { out.append((name, String(rest.dropFirst(name.count)))) }
            } else if l.hasPrefix("static inline") || l.hasPrefix("static __always_inline") {
                // Signature up to '(' (possibly over several lines), body up to a '}' in column 0.
                var sig = String(l), j = i
                while !sig.contains("("), j + 1 < lines.count { j += 1; sig += " " + lines[j] }
                guard let paren = sig.firstIndex(of: "(") else { i += 1; continue }
                let name = String(sig[..<paren].reversed().prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" }).reversed())
                // Body: from the first '{' to its matching '}', by brace depth.
                var body = "", k = j, depth = 0, started = false, done = false
                while k < lines.count && !done {
                    let line = k == i ? String(l) : String(lines[k])
                    for ch in line {
                        if ch == ";" && !started { done = true; break }   // a declaration
                        if ch == "{" { depth += 1; started = true }
                        if started { body.append(ch) }
                        if ch == "}" && started { depth -= 1; if depth == 0 { done = true; break } }
                    }
                    body.append("\n")
                    if !done { k += 1 }
                }
                if !name.isEmpty && started { out.append((name, body)) }
                i = k
            }
            i += 1
        }
        return out
    }

    static func mentionsAny(_ path: String, _ words: [[UInt8]]) -> Bool {
        guard let d = FileManager.default.contents(atPath: path) else { return true }  // let the parser report it
        return mentionsAny(d, WordSet(words))
    }

    static func mentionsAny(_ d: Data, _ words: [[UInt8]], calledOnly: Bool = false) -> Bool {
        mentionsAny(d, WordSet(words), calledOnly: calledOnly)
    }

    static func mentionsAny(_ d: Data, _ words: WordSet, calledOnly: Bool = false) -> Bool {
        words.occurs(in: d, calledOnly: calledOnly)
    }


    /// The target without what libclang rejects: gcc-only machine flags (`-mabi=lp64` on arm64,
    /// `-mno-readonly-in-sdata`) and a triple it does not know (the file is then parsed for the
    /// host). Found once, on an empty translation unit, rather than failing every file: the
    /// whole set first, then (only if that fails) the triple alone and each flag in turn.
    public static func acceptedByLibclang(_ t0: Target) -> Target {
        var t0 = t0
        // The build compiler's header folder becomes libclang's own (its intrinsics headers).
        t0.machineFlags = t0.machineFlags.compactMap { f in
            f == Target.compilerHeaders ? Frontend.resourceIncludeDirectory.map { "-isystem" + $0 } : f
        }
        guard !t0.arguments.isEmpty else { return t0 }
        let probe = NSTemporaryDirectory() + "mmlint-target-probe-\(getpid()).c"
        func parses(_ args: [String]) -> Bool {
            Frontend.parse(file: probe, arguments: ["-nostdinc"] + args, root: "/", seen: SeenFunctions(),
                           unsaved: [probe: "int mmlint_probe;\n"]).parsedCleanly
        }
        if parses(t0.arguments) { return t0 }
        var t = t0
        if let triple = t.triple, !parses(["--target=" + triple]) { t.triple = nil }
        let base = t.triple.map { ["--target=" + $0] } ?? []
        var kept: [String] = []
        for flag in t.machineFlags where parses(base + kept + [flag]) { kept.append(flag) }
        t.rejectedFlags = t.machineFlags.filter { !kept.contains($0) }
        t.machineFlags = kept
        return t
    }

    /// The flag of a libclang "unknown argument: '-x'" or "unsupported option '-x' for target" error.
    static func rejectedFlag(_ message: String) -> String? {
        for prefix in ["unknown argument: '", "unsupported option '"] {
            guard let r = message.range(of: prefix) else { continue }
            let rest = message[r.upperBound...]
            guard let end = rest.firstIndex(of: "'") else { continue }
            return String(rest[..<end])
        }
        return nil
    }

    /// Does the file declare a variable with a scope-based put (`__free(name)`, cleanup.h)? Its
    /// DEFINE_FREE() may sit in a header the PCH holds, and the lookup of the put's definition
    /// (TUContext.cleanupReference) needs the PCH's declarations: such a file's parse walks them.
    static func namesScopedPut(_ req: ParseRequest) -> Bool {
        let needle = Data("__free(".utf8)
        guard let text = req.unsaved[req.file].map({ Data($0.utf8) }) ?? FileManager.default.contents(atPath: req.file) else {
            return false
        }
        return text.withUnsafeBytes { hay in needle.withUnsafeBytes { Bytes.contains(hay, $0) } }
    }

    /// One file, with its retries: flags libclang rejects are dropped, and headers a driver
    /// finds through a parent Makefile's include dirs are searched for near the file.
    public static func parseOne(_ req: ParseRequest, seen: SeenFunctions, headerSearch: HeaderSearch) -> FileFacts {
        // With a precompiled header: used only when the file parses cleanly with it (a file the
        // shared headers do not suit is parsed plainly, as without one).
        if let pch = req.pch {
            // The PCH defines the per-file names itself (Precompiled.attempt).
            let arguments = Precompiled.withoutPerFileNames(req.arguments) + ["-include-pch", pch]
            var f = Frontend.parse(file: req.file, arguments: arguments, root: req.root,
                                   seen: seen, workingDirectory: req.workingDirectory, unsaved: req.unsaved,
                                   localDeclarationsOnly: !namesScopedPut(req), names: req.names)
            if f.parsedCleanly {
                f.includes = Array(Set(f.includes + req.pchIncludes).subtracting([pch])).sorted()
                f.usedPCH = true
                return f
            }
            seen.release(f.headerFunctionKeys)
        }
        var args = req.arguments
        var f = Frontend.parse(file: req.file, arguments: args, root: req.root,
                               seen: seen, workingDirectory: req.workingDirectory, unsaved: req.unsaved,
                               names: req.names)
        // gcc-only flags in exact compile commands (a database, kbuild CHECK=): clang names
        // them; drop them and parse again.
        // A discarded attempt gives back the header functions it claimed.
        func discard(_ x: FileFacts) { seen.release(x.headerFunctionKeys) }
        let unknown = Set(f.errors.compactMap { MMLint.rejectedFlag($0.message) })
        if !unknown.isEmpty {
            args = args.filter { !unknown.contains($0) }
            discard(f)
            f = Frontend.parse(file: req.file, arguments: args, root: req.root,
                               seen: seen, workingDirectory: req.workingDirectory, unsaved: req.unsaved,
                               names: req.names)
        }
        // A driver whose include dirs come from a parent Makefile (amdkfd inside amdgpu,
        // nouveau's include/): find the missing quoted headers near the file and parse again
        // with their folders, at most twice.
        var extra: [String] = []
        for _ in 0..<2 where !f.parsedCleanly && req.searchHeaders {
            let more = headerSearch.dirs(for: f.errors, file: req.file, root: req.root).filter { !extra.contains($0) }
            if more.isEmpty { break }
            extra += more
            discard(f)
            let again = Frontend.parse(file: req.file, arguments: args + extra.flatMap { ["-I", $0] },
                                       root: req.root, seen: seen, workingDirectory: req.workingDirectory, unsaved: req.unsaved,
                                       names: req.names)
            if again.errorCount < f.errorCount { f = again } else {
                // Keep the first attempt: take its claims back.
                discard(again)
                for k in f.headerFunctionKeys { _ = seen.claim(k) }
                break
            }
        }
        return f
    }

    static func request(_ file: String, tree: Tree, unsaved: [String: String]) -> ParseRequest {
        let job = tree.job(for: file)
        var req = ParseRequest(file: job.path, arguments: job.arguments, workingDirectory: job.workingDirectory,
                               root: tree.root, searchHeaders: job.source != .compileDatabase, unsaved: unsaved)
        req.names = tree.frontendNames
        return req
    }

    /// Parses files on `jobs` workers; the result is in the order of `files`. With a worker
    /// executable, each parse runs in a worker process (crash isolation, `timeout` enforced by
    /// killing it); without, in threads of this process. With a cache, unchanged files are
    /// loaded from it and only the others are parsed (and stored).
    public static func parseAll(_ files: [String], tree: Tree, jobs: Int, unsaved: [String: String] = [:],
                                workers exe: String? = nil, timeout: Double = 300,
                                progress: (@Sendable (Int, Int) -> Void)? = nil, cache: FactsCache? = nil,
                                pch: Bool = false, precompiled: PrecompiledSet? = nil, built earlier: Set<String> = [],
                                parseStats: ParseStats? = nil) -> [FileFacts] {
        var reqs = files.map { request($0, tree: tree, unsaved: unsaved) }
        var out = [FileFacts?](repeating: nil, count: reqs.count)
        // Header functions built by earlier parses of the run (and by cached files) are not
        // built again.
        var provided = earlier
        let tLoad = Date()
        if let c = cache {
            for (i, f) in loadCached(reqs, from: c, jobs: jobs).enumerated() {
                if var f { f.fromCache = true; out[i] = f; provided.formUnion(f.headerFunctionKeys) }
            }
        }
        // Given a set, its PCHs stay for the caller's later parses; else they go with this one.
        let pchs = precompiled ?? PrecompiledSet()
        defer { if precompiled == nil { pchs.remove() } }
        func parse(_ idx: [Int], seen preSeen: Set<String>, queue: ParseQueue? = nil) {
            guard !idx.isEmpty else { return }
            // Each file's facts are stored as its parse ends, on the parse's threads (encoding
            // them all after the parse was a serial second at its end).
            let sub = idx.map { reqs[$0] }
            var store: (@Sendable (Int, FileFacts) -> Void)? = nil
            if let c = cache { store = { k, f in c.store(f, for: sub[k]) } }
            let facts = parseRequests(sub, workers: exe, jobs: jobs, timeout: timeout, root: tree.root,
                                      progress: progress, seen: preSeen, queue: queue, each: store)
            // (Every group with a file here was built before that file parsed.)
            for (k, b) in queue?.assigned ?? [:] { reqs[idx[k]].pch = b.pch; reqs[idx[k]].pchIncludes = b.includes }
            for (k, i) in idx.enumerated() {
                let f = facts[k]
                if reqs[i].pch != nil && !f.usedPCH { parseStats?.fellBack() }
                out[i] = f
            }
        }
        parseStats?.loadSeconds = Date().timeIntervalSince(tLoad)
        // Largest files first: the last parses of a run are not the long ones.
        // (Sizes of the files to parse only: a warm run stats nothing here.)
        var size: [Int: Int64] = [:]
        for i in reqs.indices where out[i] == nil { size[i] = Files.stamp(reqs[i].file)?.size ?? 0 }
        let misses = size.keys.sorted { size[$0]! != size[$1]! ? size[$0]! > size[$1]! : $0 < $1 }
        // Folders with several files to parse share one precompiled header (Precompiled.swift);
        // files of a group an earlier parse built one for take that one. The PCHs build while
        // the files parse: a file waits only for its own group's (ParseQueue).
        let tFiles = Date()
        if pch { Precompiled.assign(&reqs, indices: misses, from: pchs) }
        let unassigned = misses.filter { reqs[$0].pch == nil }
        let building = pch && misses.count >= Precompiled.minimumGroup
            ? Precompiled.startBuilding(reqs, indices: unassigned, order: misses, jobs: jobs, into: pchs) : nil
        parse(misses, seen: provided, queue: building?.queue)
        if let (built, seconds, without) = building?.wait() {
            parseStats?.record(built: built, seconds: seconds, files: misses.filter { reqs[$0].pch != nil }.count, without: without)
        }
        parseStats?.filesSeconds = Date().timeIntervalSince(tFiles)
        let tCoverage = Date()
        defer { parseStats?.coverageSeconds = Date().timeIntervalSince(tCoverage) }
        // A header function every parse left to another that is no longer there (its owner
        // left the selection, or only skippers were cached): parse one skipper again. When
        // every file came from the cache and the selection is the one the last run checked,
        // with the same header functions built before it (a context round's files lean on the
        // main parse's: another selection's main parse built others), that run's answer stands
        // (the check costs seconds on a kernel tree).
        // (Files relative to the tree: a cache restored at another path keeps its answer.)
        let earlierKey = earlier.isEmpty ? "" : "\u{1e}" + FNV1a.hex(earlier.sorted().joined(separator: "\n"))
        let selectionKey = FNV1a.hex(files.map { "\(cache?.storedPath($0) ?? $0)\u{1f}\(cache?.entryStamp($0) ?? 0)" }
            .joined(separator: "\n") + earlierKey)
        if let c = cache, misses.isEmpty, c.checkedSelections().contains(selectionKey) { return out.map { $0! } }
        defer { cache?.recordCheckedSelection(selectionKey) }
        var have = earlier
        for f in out.compactMap({ $0 }) { have.formUnion(f.headerFunctionKeys) }
        let again = filesToParseAgain(out, built: have, jobs: jobs)
        parseStats?.reparsed = again.count
        if !again.isEmpty {
            // The facts a file parsed again replaces carried the header functions it built
            // before: they are its to build again (else nobody has them: a cached file's own
            // keys would count as built by another, and its new parse skip them).
            var seen = have
            for i in again { seen.subtract(out[i]?.headerFunctionKeys.filter { !earlier.contains($0) } ?? []) }
            parse(again, seen: seen)
        }
        return out.map { $0! }
    }

    /// The cached facts of each request (nil where there are none); entries decode in parallel
    /// (tens of MB on a kernel tree).
    static func loadCached(_ reqs: [ParseRequest], from cache: FactsCache, jobs: Int) -> [FileFacts?] {
        let loaded = ResultBox<FileFacts>(count: reqs.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, reqs.count))) { _ in
            while let i = loaded.next() { if let f = cache.load(reqs[i]) { loaded.set(i, f) } }
        }
        return loaded.slots()
    }

    /// Parses the requests, in the order given: in worker processes started from `exe`, else in
    /// threads of this process. Header functions in `preSeen` are not built again.
    static func parseRequests(_ sub: [ParseRequest], workers exe: String?, jobs: Int, timeout: Double, root: String,
                              progress: (@Sendable (Int, Int) -> Void)?, seen preSeen: Set<String>,
                              queue: ParseQueue? = nil, each: (@Sendable (Int, FileFacts) -> Void)? = nil) -> [FileFacts] {
        if let exe {
            return WorkerPool.parse(sub, executable: exe, jobs: jobs, timeout: timeout, root: root,
                                    progress: progress, preSeen: preSeen.sorted(), queue: queue, each: each)
        }
        let seen = SeenFunctions()
        for k in preSeen { _ = seen.claim(k) }
        let headerSearch = HeaderSearch()
        let results = ResultBox<FileFacts>(count: sub.count, progress: progress)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, sub.count))) { _ in
            while let (i, r) = ParseQueue.take(sub, results, queue) {
                let f = parseOne(r, seen: seen, headerSearch: headerSearch)
                results.set(i, f); each?(i, f)
            }
        }
        return results.all()
    }

    /// The files to parse again so that every header function some parse skipped is built:
    /// each file's skipped keys no parse built (on every job: ~2 million keys on 6.12), then
    /// one file per lost key, in order.
    static func filesToParseAgain(_ out: [FileFacts?], built have: Set<String>, jobs: Int) -> [Int] {
        let all = out, built = Set(have.map(FileFacts.keyHash))
        let lostBy = ResultBox<[UInt64]>(count: all.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, all.count))) { _ in
            while let i = lostBy.next() {
                guard let f = all[i] else { continue }
                let lost = f.skippedHeaderKeys.filter { !built.contains($0) }
                if !lost.isEmpty { lostBy.set(i, lost) }
            }
        }
        var again: [Int] = []
        var covered: Set<UInt64> = []
        for (i, lost) in lostBy.slots().enumerated() {
            guard let lost, lost.contains(where: { !covered.contains($0) }) else { continue }
            again.append(i); covered.formUnion(lost)
        }
        return again
    }
}

/// Where the parse stage's time went and what precompiled headers did (for --timings).
public final class ParseStats: @unchecked Sendable {
    /// Loading the facts cache, parsing the misses, the header-function coverage check.
    public internal(set) var loadSeconds = 0.0
    public internal(set) var filesSeconds = 0.0
    public internal(set) var coverageSeconds = 0.0
    public private(set) var built = 0
    public private(set) var seconds = 0.0
    public private(set) var files = 0
    /// Groups big enough for a PCH that got none (powerpc 6.1's -mllvm flags once broke them all).
    public private(set) var groupsWithout = 0
    /// Files given a PCH that did not parse cleanly with it (parsed plainly instead).
    public private(set) var fallbacks = 0
    /// Files parsed again because a header function no parse built was left out.
    public internal(set) var reparsed = 0
    private let lock = NSLock()
    public init() {}
    func fellBack() { lock.lock(); fallbacks += 1; lock.unlock() }
    func record(built: Int, seconds: Double, files: Int, without: Int) {
        self.built += built; self.seconds += seconds; self.files += files; groupsWithout += without
    }
}

/// Finds folders that would satisfy `'x.h' file not found`, searching up to three folders above
/// the file (never above the tree root). Shared by the workers.
public final class HeaderSearch: @unchecked Sendable {
    public init() {}
    private var index: [String: [String]] = [:]   // search root -> relative file paths
    private let lock = NSLock()

    func dirs(for errors: [ParseDiagnostic], file: String, root: String) -> [String] {
        var missing: [String] = []
        for e in errors {
            guard e.message.hasSuffix("' file not found"), let q = e.message.firstIndex(of: "'") else { continue }
            let name = String(e.message[e.message.index(after: q)...].dropLast("' file not found".count))
            if !name.isEmpty && !name.hasPrefix("asm/") { missing.append(name) }
        }
        guard !missing.isEmpty else { return [] }
        var base = (file as NSString).deletingLastPathComponent
        for _ in 0..<3 {
            let up = (base as NSString).deletingLastPathComponent
            if !up.hasPrefix(root + "/") { break }
            base = up
        }
        let files = listing(base)
        var out: [String] = []
        for m in missing {
            let hits = files.filter { $0 == m || $0.hasSuffix("/" + m) }.sorted { $0.count < $1.count }
            if let h = hits.first {
                let dir = base + "/" + String(h.dropLast(m.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                if !out.contains(dir) { out.append(dir) }
            }
        }
        return out
    }

    private func listing(_ base: String) -> [String] {
        lock.lock(); defer { lock.unlock() }
        if let l = index[base] { return l }
        var l: [String] = []
        if let en = FileManager.default.enumerator(atPath: base) {
            while let p = en.nextObject() as? String { if p.hasSuffix(".h") { l.append(p) } }
        }
        index[base] = l
        return l
    }
}
