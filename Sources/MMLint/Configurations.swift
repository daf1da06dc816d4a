import Facts
import Findings
import Checker
import KernelTree
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One configuration of the tree: a prepared kbuild output folder (`O=`), or the source tree
/// itself when it is configured in place.
public struct Configuration: Sendable, Equatable {
    /// The name a report gives it; nil: from the folder (see `Configurations.name`).
    public var name: String?
    public var objtree: String
    public init(name: String?, objtree: String) { self.name = name; self.objtree = objtree }

    /// `DIR` or `NAME=DIR` (a name has no `/`).
    public init(argument: String) {
        if let eq = argument.firstIndex(of: "="), eq != argument.startIndex, !argument[..<eq].contains("/") {
            self.init(name: String(argument[..<eq]), objtree: String(argument[argument.index(after: eq)...]))
        } else {
            self.init(name: nil, objtree: argument)
        }
    }
}

/// `--shard K/N`: the configurations whose position (0-based, in the order given) is K-1 mod N.
public struct Shard: Sendable, Equatable {
    public var index: Int
    public var count: Int
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else { return nil }
        index = k; count = n
    }
    public func holds(_ position: Int) -> Bool { position % count == index - 1 }
}

/// What one configuration of a run came to: its name, architecture, object folder and stats
/// (files selected, parsed, failed and skipped in it; the replay semantics it ran with).
public struct ConfigurationResult: Codable, Sendable {
    public var name: String
    public var arch: String
    public var objtree: String
    public var stats: Stats
}

/// The vocabulary selection of each architecture in a run, computed by its first configuration.
final class SelectionMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String: MMLint.Selection] = [:]
    subscript(arch: String) -> MMLint.Selection? {
        get { lock.lock(); defer { lock.unlock() }; return stored[arch] }
        set { lock.lock(); stored[arch] = newValue; lock.unlock() }
    }
}

public struct MergeError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}

/// Several configurations of one checkout in one run (x86-64, arm64, powerpc, s390 builds of
/// one source tree): each configuration is a whole check of its own — files selected by its
/// kbuild, parsed with its target and flags, its own index, holders, summaries, callers and
/// replay semantics, so a holder compiled only for arm64 never clears an x86 borrow — and the
/// findings are then joined by fingerprint, each carrying the configurations it holds in.
/// The join is one function of the parts (`merge`), whether they come from this process or from
/// the JSON reports of `--shard` runs on other machines (`mmlint merge`): the same parts give
/// byte-identical reports.
public enum Configurations {
    /// The configurations of `opt` (all of them, before the shard's choice), named.
    public static func named(_ opt: CheckOptions) throws -> [Configuration] {
        let given = opt.configurations.isEmpty ? [Configuration(name: nil, objtree: opt.objtree ?? "")] : opt.configurations
        var out: [Configuration] = []
        for c in given {
            var c = c
            if c.name == nil {
                let tree = try Tree.discover(path: opt.paths.first ?? ".", compileDBDir: opt.compileDBDir,
                                             objtree: c.objtree.isEmpty ? nil : c.objtree)
                c.name = name(tree)
            }
            if let dup = out.first(where: { $0.name == c.name }) {
                let first = dup.objtree.isEmpty ? "the tree" : dup.objtree
                throw MergeError("two configurations named '\(c.name!)' (\(first) and \(c.objtree)): name them with --objtree NAME=DIR")
            }
            out.append(c)
        }
        return out
    }

    /// A configuration's name from its tree alone (a shard names its configurations as the whole
    /// run does): the architecture for a tree configured in place, else the output folder's name.
    public static func name(_ tree: Tree) -> String {
        guard tree.isKernel, !tree.objtree.isEmpty, tree.objtree != tree.root else { return tree.arch }
        return (tree.objtree as NSString).lastPathComponent
    }

    /// Runs the configurations of `opt` this shard holds, one after the other (each uses every
    /// job), and joins them.
    public static func check(_ opt: CheckOptions) throws -> CheckResult {
        let start = Date()
        let all = try named(opt)
        let mine = all.enumerated().filter { opt.shard?.holds($0.offset) ?? true }.map(\.element)
        if mine.isEmpty, let s = opt.shard {
            throw MergeError("--shard \(s.index)/\(s.count): \(all.count) configuration(s), none is in this shard")
        }
        let memo = SelectionMemo()
        var parts: [CheckResult] = []
        for (k, c) in mine.enumerated() {
            var o = opt
            o.configurations = []
            o.shard = nil
            o.objtree = c.objtree.isEmpty ? nil : c.objtree
            o.selectionMemo = memo
            if let p = opt.progress, mine.count > 1 {
                // One bar over the whole run: configuration k's files follow the earlier ones'.
                o.progress = { done, total in p(k * total + done, mine.count * total) }
            }
            let r = try MMLint.check(o)
            releaseFreedMemory()
            let objtree = c.objtree.isEmpty ? r.root : URL(fileURLWithPath: c.objtree).standardizedFileURL.path
            parts.append(part(r, name: c.name!, objtree: objtree))
        }
        var merged = try merge(parts)
        merged.stats.seconds = Date().timeIntervalSince(start)
        return merged
    }

    /// Gives the configuration's freed facts back to the system before the next one parses
    /// (glibc's malloc_trim, looked up: Glibc's module does not export it).
    static func releaseFreedMemory() {
        typealias Trim = @convention(c) (Int) -> Int32
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(sym, to: Trim.self)(0)
    }

    /// One configuration's result as a part of a run of several: its findings and failures
    /// carry its name, its stats stay with it.
    static func part(_ r: CheckResult, name: String, objtree: String) -> CheckResult {
        var p = r
        p.configurations = [ConfigurationResult(name: name, arch: r.arch, objtree: objtree, stats: r.stats)]
        for i in p.findings.indices { p.findings[i].configs = [name] }
        for i in p.stats.failed.indices { p.stats.failed[i].config = name }
        return p
    }

    /// Joins the parts of one run (each of one or more configurations, no configuration in two
    /// parts): findings de-duplicated by fingerprint — the most severe instance stands for the
    /// others, the first configuration by name breaking ties — with their configurations; the
    /// files counted per configuration; a file reported skipped only when every configuration
    /// skipped it.
    public static func merge(_ parts: [CheckResult]) throws -> CheckResult {
        guard let first = parts.first else { throw MergeError("nothing to merge") }
        var configs: [ConfigurationResult] = []
        for p in parts {
            guard p.root == first.root else { throw MergeError("reports of two trees: \(first.root) and \(p.root)") }
            guard !p.configurations.isEmpty else {
                throw MergeError("a report without configurations (write it with check --shard K/N or several --objtree)")
            }
            for c in p.configurations {
                if configs.contains(where: { $0.name == c.name }) { throw MergeError("configuration '\(c.name)' is in two reports") }
                configs.append(c)
            }
        }
        configs.sort { $0.name < $1.name }
        let rank = Dictionary(uniqueKeysWithValues: configs.enumerated().map { ($0.element.name, $0.offset) })
        func firstConfig(_ f: Finding) -> Int { f.configs.flatMap { $0.compactMap { rank[$0] }.min() } ?? Int.max }

        var groups: [String: [Finding]] = [:]
        var order: [String] = []
        for p in parts {
            for f in p.findings {
                if groups[f.fingerprint] == nil { order.append(f.fingerprint) }
                groups[f.fingerprint, default: []].append(f)
            }
        }
        var findings: [Finding] = []
        for fp in order {
            let g = groups[fp]!
            var rep = g.reduce(g[0]) { best, f in
                let kb = (-best.severity.rank, firstConfig(best)), kf = (-f.severity.rank, firstConfig(f))
                return kf < kb ? f : best
            }
            let names = Set(g.flatMap { $0.configs ?? [] })
            rep.configs = names.isEmpty ? nil : names.sorted { (rank[$0] ?? Int.max, $0) < (rank[$1] ?? Int.max, $1) }
            findings.append(rep)
        }
        findings.sort { a, b in
            (a.file, a.line, a.rule, a.column, a.message, a.fingerprint) < (b.file, b.line, b.rule, b.column, b.message, b.fingerprint)
        }

        var st = Stats()
        let all = configs.map(\.stats)
        st.filesSeen = all.map(\.filesSeen).max() ?? 0
        st.filesSelected = all.reduce(0) { $0 + $1.filesSelected }
        st.filesParsed = all.reduce(0) { $0 + $1.filesParsed }
        st.filesFailed = all.reduce(0) { $0 + $1.filesFailed }
        for s in all { for (k, v) in s.flagSources { st.flagSources[k, default: 0] += v } }
        st.failed = configs.flatMap { c in c.stats.failed.map { var f = $0; f.config = c.name; return f } }
        // Not seen at all: skipped by every configuration (another architecture's file is
        // analyzed by that architecture's configuration).
        var skippedIn: [String: (SkippedFile, Int)] = [:]
        for s in all { for k in s.skipped { skippedIn[k.file] = (skippedIn[k.file]?.0 ?? k, (skippedIn[k.file]?.1 ?? 0) + 1) } }
        st.skipped = skippedIn.values.filter { $0.1 == all.count }.map(\.0).sorted { $0.file < $1.file }
        st.headerWrappers = all.first?.headerWrappers ?? []
        st.replayExtraFiles = Set(all.flatMap(\.replayExtraFiles)).sorted()
        for f in findings { if let r = f.replay { st.verdicts[r.verdict.rawValue, default: 0] += 1 } }
        st.seconds = parts.map(\.stats.seconds).reduce(0, +)

        var out = CheckResult(root: first.root, isKernel: first.isKernel, version: first.version, findings: findings, stats: st,
                              rules: first.rules)
        out.files = Set(parts.flatMap(\.files)).sorted()
        out.explicitFiles = first.explicitFiles
        out.wholeTree = first.wholeTree
        out.configurations = configs
        return out
    }
}
