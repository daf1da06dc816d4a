import Checker
import Facts
import Findings
import Foundation
import KernelTree
#if canImport(Glibc)
import Glibc
#endif

/// `make C=1 CHECK="mmlint kbuild"` (or C=2): kbuild runs `$(CHECK) $(CHECKFLAGS) $(c_flags) $<`
/// from the object tree, once per source file, possibly in parallel (make -j).
///
/// - Arguments are taken verbatim; sparse's CHECKFLAGS (`--arch=`, `-Wbitwise`, `-D__CHECKER__`,
///   …) and anything that would write a file (`-Wp,-MMD,…`) are dropped; the rest are the
///   file's exact flags, used for that file.
/// - A file that does not mention the rules' vocabulary exits at once.
/// - Otherwise the whole tree's analysis is needed (holders and callers live in other files):
///   it is built on first use, cached in the cache folder keyed by tree, object tree, rules
///   and mmlint version, validated by the size and mtime of every file it parsed, rebuilt when
///   one changed or when this file was not part of it, and locked (flock) so that concurrent
///   make jobs build it once. The findings located in this file are printed, sparse-style,
///   on stderr. Exit 0 on findings, unless --werror.
public enum KbuildCheck {
    public struct Options {
        public var werror = false
        public var rulesDir: String
        public var cacheDir: String
        public var jobs: Int
        public var workerExecutable: String?
        public init(rulesDir: String, cacheDir: String, jobs: Int) { self.rulesDir = rulesDir; self.cacheDir = cacheDir; self.jobs = jobs }
    }

    /// sparse's own options among CHECKFLAGS (clang would reject or misread them).
    static let sparseOnly: Set<String> = ["-Wbitwise", "-Wno-return-void", "-Wno-unknown-attribute", "-D__CHECKER__",
                                          "-D__CHECK_ENDIAN__", "-Wcontext", "-Wcast-to-as", "-Wptr-subtraction-blows",
                                          "-Wshadow", "-Wundef", "-Wdecl", "-Wsparse-all", "-Wsparse-error",
                                          "-mlittle-endian", "-mbig-endian", "-Wno-shadow"]

    public static func filter(_ args: [String], source: String) -> [String] {
        var kept: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "--param" { i += 2; continue }     // gcc's `--param name=value`
            if a.hasPrefix("--") || sparseOnly.contains(a) || a == source { i += 1; continue }
            kept.append(a); i += 1
        }
        return CompileDatabase.sanitize(kept, file: source)
    }

    struct Cache: Codable {
        var version: String
        var rules: String
        /// Size and mtime (ns) of every file the analysis parsed.
        var files: [String: [Int64]]
        var wrappers: [String]
        var findings: [Finding]
        var failed: [FailedFile]
    }


    static func stamp(_ path: String) -> [Int64]? { Files.stamp(path).map { [$0.size, $0.mtime] } }

    /// Returns the text to print (stderr) and the exit code.
    public static func run(_ argv: [String], cwd: String, options: Options) throws -> (String, Int32) {
        guard let srcArg = argv.last(where: { $0.hasSuffix(".c") }) else {
            throw TreeError("mmlint kbuild", "no C source among the arguments (kbuild runs `$(CHECK) $(CHECKFLAGS) $(c_flags) $<`)")
        }
        let source = URL(fileURLWithPath: srcArg, relativeTo: URL(fileURLWithPath: cwd, isDirectory: true)).standardizedFileURL.path
        guard let data = FileManager.default.contents(atPath: source) else { throw TreeError(source, "cannot read the source") }
        let rules = try RuleSet.load(directory: options.rulesDir)
        var words = MMLint.vocabularyWords(rules)
        let fm = FileManager.default
        let objtree = fm.fileExists(atPath: cwd + "/include/generated/autoconf.h") ? cwd : nil
        let tree = try Tree.discover(path: source, objtree: objtree)
        let key = FNV1a.hex(tree.root + "\u{1f}" + tree.objtree)
        let dir = options.cacheDir + "/kbuild"
        let cachePath = dir + "/\(key).json"
        // The cached tree knows the header wrappers (read_user_wptr and the like).
        let cachedWrappers = (fm.contents(atPath: cachePath).flatMap { try? JSONDecoder().decode(Cache.self, from: $0) })?.wrappers ?? []
        words += cachedWrappers.map { Array($0.utf8) }
        if !MMLint.mentionsAny(data, words) && !MMLint.containsAny(data, MMLint.selectPatterns(rules)) { return ("", 0) }

        // An unwritable cache costs speed, never the result: analyze without it.
        var warning = ""
        var lockFD: Int32 = -1
        if (try? fm.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil {
            lockFD = open(dir + "/\(key).lock", O_CREAT | O_RDWR, 0o644)
        }
        let usable = lockFD >= 0
        if !usable { warning = "mmlint: \(dir): cache not writable; analyzing the tree without it\n" }
        defer { if usable { flock(lockFD, LOCK_UN); close(lockFD) } }
        if usable { flock(lockFD, LOCK_EX) }

        var rulesText = ""
        for n in ((try? fm.contentsOfDirectory(atPath: options.rulesDir)) ?? []).sorted() where n.hasSuffix(".yml") {
            rulesText += n + (fm.contents(atPath: options.rulesDir + "/" + n).map { String(decoding: $0, as: UTF8.self) } ?? "")
        }
        let rulesHash = FNV1a.hex(rulesText)
        // A corrupted entry does not decode: it is discarded and rebuilt, never trusted.
        var cache: Cache? = usable ? fm.contents(atPath: cachePath).flatMap { try? JSONDecoder().decode(Cache.self, from: $0) } : nil
        let rel = tree.relative(source)
        if let c = cache {
            let fresh = c.version == mmlintBuild && c.rules == rulesHash && c.files[rel] != nil
                && c.files.allSatisfy { stamp(tree.root + "/" + $0.key) == $0.value }
            if !fresh { cache = nil }
        }
        if cache == nil {
            var opt = CheckOptions(paths: [tree.root], rulesDir: options.rulesDir, jobs: options.jobs)
            opt.objtree = objtree
            opt.workerExecutable = options.workerExecutable
            opt.fileFlags[source] = (filter(argv, source: srcArg), cwd)
            let res = try MMLint.check(opt)
            var files: [String: [Int64]] = [:]
            for f in res.files + [source] { if let s = stamp(f) { files[tree.relative(f)] = s } }
            let c = Cache(version: mmlintBuild, rules: rulesHash, files: files, wrappers: res.stats.headerWrappers,
                          findings: res.findings, failed: res.stats.failed)
            if usable, let d = try? JSONEncoder().encode(c) { try? Files.writeAtomically(d, to: cachePath) }
            cache = c
        }
        let mine = cache!.findings.filter { $0.file == rel }
        var out = warning
        for f in mine {
            out += "\(f.file):\(f.line):\(f.column): \(f.severity): \(f.message) [\(f.rule)]\n"
            if let r = f.replay {
                out += "\(f.file):\(f.line):\(f.column): note: replay: \(r.verdict.rawValue)"
                    + (r.violation.map { " [\($0)]" } ?? "") + ": \(r.reason)\n"
            }
        }
        for f in cache!.failed where f.file == rel {
            out += "mmlint: \(f.file): not analyzed: \(f.reason)\n"
        }
        let code: Int32 = options.werror && mine.contains { $0.severity == .error } ? 1 : 0
        return (out, code)
    }
}
