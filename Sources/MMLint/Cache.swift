import Checker
import Facts
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The per-file facts cache: one entry per translation unit, outside the analyzed tree
/// (`$XDG_CACHE_HOME/mmlint/facts-v<codec>/<tree>/`), keyed by the file, its flags and mmlint's
/// version, and valid while the file and every header it included are unchanged — checked by
/// size and mtime first, by content hash only when those changed. Entries are written to a
/// temporary file and renamed; one that does not decode is discarded and rebuilt.
public final class FactsCache: @unchecked Sendable {
    let dir: String
    let usable: Bool
    private var stamps: [String: FileStamp?] = [:]
    private var hashes: [String: UInt64] = [:]
    private let lock = NSLock()
    /// Every header of the tree (from the selection's walk of the whole root), to tell whether
    /// an include a failed parse could not find has appeared since. Nil: failures with a
    /// missing file are not cached.
    var treeHeaders: [String]?
    /// When each loaded entry was written: the identity of the cache state a run used.
    private var entryStamps: [String: Int64] = [:]
    func entryStamp(_ file: String) -> Int64 { lock.lock(); defer { lock.unlock() }; return entryStamps[file] ?? 0 }
    public private(set) var hits = 0
    public private(set) var misses = 0
    public private(set) var discarded = 0

    public init(cacheDir: String, root: String, objtree: String) {
        let key = FNV1a.hex(root + "\u{1f}" + objtree)
        dir = cacheDir + "/facts-\(mmlintVersion)/\(key)"
        usable = (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil
            && access(dir, W_OK) == 0
    }


    /// What the facts depend on besides file contents: the flags, the working folder, the build.
    static func key(_ req: ParseRequest) -> String {
        FNV1a.hex(([mmlintBuild, req.workingDirectory ?? "", req.macroCalls.joined(separator: ","),
                   req.assertionMacros.joined(separator: ",")] + req.arguments)
            .joined(separator: "\u{1f}"))
    }

    func entryPath(_ file: String) -> String { dir + "/" + FNV1a.hex(file) + ".bin" }

    /// size and mtime (ns) of a file now; nil when it is gone. Hash 0 until asked for.
    func stamp(_ path: String) -> FileStamp? {
        lock.lock()
        if let s = stamps[path] { lock.unlock(); return s }
        lock.unlock()
        let s = Files.stamp(path)
        lock.lock(); stamps[path] = s; lock.unlock()
        return s
    }

    func contentHash(_ path: String) -> UInt64? {
        lock.lock()
        if let h = hashes[path] { lock.unlock(); return h }
        lock.unlock()
        guard let d = FileManager.default.contents(atPath: path) else { return nil }
        let h = d.withUnsafeBytes { FNV1a.hash($0) }
        lock.lock(); hashes[path] = h; lock.unlock()
        return h
    }

    /// The cached facts of `req.file`, if every file it read is unchanged.
    public func load(_ req: ParseRequest) -> FileFacts? {
        guard usable, req.unsaved.isEmpty || !req.unsaved.keys.contains(req.file) else { return nil }
        let path = entryPath(req.file)
        guard let data = FileManager.default.contents(atPath: path) else { count(miss: true); return nil }
        if let st = Files.stamp(path) { lock.lock(); entryStamps[req.file] = st.mtime; lock.unlock() }
        guard let e = try? FactsCodec.decodeEntry(data), e.key == FactsCache.key(req), e.facts.failure == nil else {
            unlink(path); count(discard: true); return nil
        }
        if !e.missing.isEmpty {
            guard let hs = treeHeaders, !e.missing.contains(where: { m in hs.contains { $0.hasSuffix("/" + m) } }) else {
                count(miss: true); return nil
            }
        }
        for s in e.stamps {
            if req.unsaved[s.path] != nil { count(miss: true); return nil }   // staged content differs from disk
            guard let now = stamp(s.path) else { count(miss: true); return nil }
            if now.size == s.size && now.mtime == s.mtime { continue }
            // Touched: compare the content.
            guard now.size == s.size, contentHash(s.path) == s.hash else { count(miss: true); return nil }
        }
        count(hit: true)
        return e.facts
    }

    /// Selections whose header-function coverage was checked with every file cached as it is
    /// now (see parseAll); the last few, since one run parses more than one selection.
    func checkedSelections() -> [String] {
        (FileManager.default.contents(atPath: dir + "/checked-selections").map { String(decoding: $0, as: UTF8.self) } ?? "")
            .split(separator: "\n").map(String.init)
    }

    func recordCheckedSelection(_ key: String) {
        guard usable else { return }
        let keys = ([key] + checkedSelections().filter { $0 != key }).prefix(8)
        try? Files.writeAtomically(Data(keys.joined(separator: "\n").utf8), to: dir + "/checked-selections")
    }

    /// Stores the facts of a parse of content that is on disk. A parse that failed is stored
    /// too (it fails the same way while its inputs are unchanged), unless a file was missing:
    /// the file that appears later is not among the inputs. A crash or timeout is never stored.
    public func store(_ f: FileFacts, for req: ParseRequest) {
        guard usable, f.failure == nil, !f.includes.isEmpty else { return }
        // `'generated/xe_wa_oob.h' file not found`: valid while no such header appears.
        let missing = f.errors.compactMap { e -> String? in
            guard let r = e.message.range(of: "' file not found"), e.message.hasPrefix("'") else { return nil }
            return String(e.message[e.message.index(after: e.message.startIndex)..<r.lowerBound])
        }
        if !missing.isEmpty && treeHeaders == nil { return }
        var list: [FileStamp] = []
        for p in Set(f.includes + [req.file]).sorted() {
            if req.unsaved[p] != nil { return }
            guard var s = stamp(p), let h = contentHash(p) else { return }
            s.hash = h
            list.append(s)
        }
        let path = entryPath(req.file)
        let entry = FactsCodec.encodeEntry(CacheEntry(key: FactsCache.key(req), stamps: list, facts: f, missing: missing))
        guard (try? Files.writeAtomically(entry, to: path)) != nil, let written = Files.stamp(path) else { return }
        lock.lock(); entryStamps[req.file] = written.mtime; lock.unlock()
    }

    private func count(hit: Bool = false, miss: Bool = false, discard: Bool = false) {
        lock.lock(); defer { lock.unlock() }
        if hit { hits += 1 }
        if miss { misses += 1 }
        if discard { discarded += 1; misses += 1 }
    }
}

/// The whole result of a run (findings with their replay verdicts), reused when a later run
/// has exactly the same inputs: every selected file served by an unchanged cache entry, the
/// same rules and options, the same files replay read (its semantics probes and the extra
/// files it parsed for callers). Then the index, the checker and replay are skipped.
struct CachedResult: Codable {
    var key: String
    var findings: [Finding]
    var semantics: String?
    var verdicts: [String: Int]
    var replayExtraFiles: [String]
    var functions: Int
    var summaries: Int
}

extension FactsCache {
    var resultPath: String { dir + "/result.json" }

    func loadResult(key: String) -> CachedResult? {
        guard usable, let d = FileManager.default.contents(atPath: resultPath),
              let r = try? JSONDecoder().decode(CachedResult.self, from: d), r.key == key else { return nil }
        return r
    }

    func storeResult(_ r: CachedResult) {
        guard usable, let d = try? JSONEncoder().encode(r) else { return }
        try? Files.writeAtomically(d, to: resultPath)
    }
}
