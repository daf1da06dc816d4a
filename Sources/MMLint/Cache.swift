import Checker
import Facts
import Findings
import Foundation
import KernelTree
#if canImport(Glibc)
import Glibc
#endif

/// Where the analyzed tree is, as cached data spells it: a path under the source root is
/// stored as `$src/…`, one under the output folder of an O= build as `$obj/…` (the longer of
/// the two prefixes wins when one folder holds the other), so that a cache written for a
/// checkout at /a is used by the same checkout at /b (a CI runner restoring it elsewhere).
/// Paths outside both (the compiler's own headers) stay absolute: they are the machine's.
/// A stored string that starts with `$` gets a second one, so reading back is exact.
struct TreeAnchors: Sendable {
    /// (absolute folder, placeholder), longest folder first.
    let anchors: [(String, String)]

    init(root: String, objtree: String) {
        var a = [(root, "$src")]
        if !objtree.isEmpty && objtree != root { a.append((objtree, "$obj")) }
        anchors = a.filter { $0.0.count > 1 }.sorted { $0.0.count > $1.0.count }
    }

    /// An absolute path (or any string) as stored.
    func stored(_ s: String) -> String {
        guard let first = s.utf8.first else { return s }
        if first == UInt8(ascii: "$") { return "$" + s }
        guard first == UInt8(ascii: "/") else { return s }
        for (dir, ph) in anchors where s.utf8.starts(with: dir.utf8) {
            let rest = s.utf8.dropFirst(dir.utf8.count)
            if rest.isEmpty { return ph }
            if rest.first == UInt8(ascii: "/") { return ph + String(decoding: rest, as: UTF8.self) }
        }
        return s
    }

    /// A stored string as it reads in this tree: the inverse of `stored`.
    func anchored(_ s: String) -> String {
        guard s.utf8.first == UInt8(ascii: "$") else { return s }
        if s.utf8.dropFirst().first == UInt8(ascii: "$") { return String(decoding: s.utf8.dropFirst(), as: UTF8.self) }
        for (dir, ph) in anchors where s.utf8.starts(with: ph.utf8) {
            let rest = s.utf8.dropFirst(ph.utf8.count)
            if rest.isEmpty || rest.first == UInt8(ascii: "/") { return dir + String(decoding: rest, as: UTF8.self) }
        }
        return s   // a placeholder of a folder this tree does not have: matches no file here
    }

    /// Tree paths quoted inside a diagnostic (`'/a/include/x.h' file not found`), as stored
    /// and back: after a quote only, a quoted `$` doubled.
    func storedMessage(_ m: String) -> String {
        guard m.contains("'") else { return m }
        var out = m.replacingOccurrences(of: "'$", with: "'$$")
        for (dir, ph) in anchors { out = out.replacingOccurrences(of: "'" + dir + "/", with: "'" + ph + "/") }
        return out
    }

    func anchoredMessage(_ m: String) -> String {
        guard m.contains("'$") else { return m }
        var out = m
        for (dir, ph) in anchors { out = out.replacingOccurrences(of: "'" + ph + "/", with: "'" + dir + "/") }
        return out.replacingOccurrences(of: "'$$", with: "'$")
    }

    /// A compiler argument with the tree's folders as placeholders, for the cache key only
    /// (`-I/a/include`, `-include /a/x.h`, `-fmacro-prefix-map=/a/=`, `-Wp,-MD,/a/.x.d`): a
    /// folder is replaced where it starts the argument, follows its option letters, `=` or `,`,
    /// and ends there or at a `/`. Every `$` is doubled first, so no argument reads as another.
    func keyArgument(_ a: String) -> String {
        var s = a.utf8.contains(36) ? a.replacingOccurrences(of: "$", with: "$$") : a
        guard s.contains("/") else { return s }
        for (dir, ph) in anchors {
            var out = ""
            var rest = Substring(s)
            while let r = rest.range(of: dir) {
                let before = out + rest[..<r.lowerBound]
                let after = rest[r.upperBound...]
                let startsWell = before.isEmpty || before.hasSuffix("=") || before.hasSuffix(",")
                    || (before.hasPrefix("-") && before.dropFirst().allSatisfy { $0.isLetter || $0 == "-" })
                if startsWell && (after.isEmpty || after.hasPrefix("/")) {
                    out = before + ph
                } else {
                    out = before + rest[r]
                }
                rest = after
            }
            s = out + rest
        }
        return s
    }
}

/// The per-file facts cache: one entry per translation unit, outside the analyzed tree
/// (`$XDG_CACHE_HOME/mmlint/facts-<version>/<tree identity>/`), keyed by the file, its flags and mmlint's
/// version, and valid while the file and every header it included are unchanged — checked by
/// size and mtime first, by content hash only when those changed. Entries are written to a
/// temporary file and renamed; one that does not decode is discarded and rebuilt.
///
/// Nothing in it depends on where the tree is: the folder is named after the tree's identity
/// (`treeIdentity`: kernel version, architecture, the configuration's autoconf.h), entries
/// after the file's path relative to the root, and paths inside them are stored relative
/// (TreeAnchors) and read back against the tree of the run. A restored cache at another
/// path, or another checkout of the same version and configuration, is used; what decides an
/// entry's validity is the content of the files it read (size and mtime, else content hash).
public final class FactsCache: @unchecked Sendable {
    let dir: String
    let usable: Bool
    let anchors: TreeAnchors
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

    public convenience init(cacheDir: String, tree: Tree) {
        self.init(cacheDir: cacheDir, root: tree.root, objtree: tree.objtree, identity: FactsCache.treeIdentity(tree))
    }

    init(cacheDir: String, root: String, objtree: String, identity: String) {
        anchors = TreeAnchors(root: root, objtree: objtree)
        dir = cacheDir + "/facts-\(mmlintVersion)/\(FNV1a.hex(identity))"
        usable = (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil
            && access(dir, W_OK) == 0
    }

    /// What names the cache folder: the tree's version, architecture and configuration (the
    /// content of the generated autoconf.h), never its location. Two checkouts alike in those
    /// share a folder safely (an entry holds only while the files it read have the content it
    /// recorded); configurations and architectures keep folders of their own, so that
    /// analyzing one does not evict another's entries.
    static func treeIdentity(_ tree: Tree) -> String {
        let autoconf = (tree.objtree.isEmpty ? tree.root : tree.objtree) + "/include/generated/autoconf.h"
        let config = FileManager.default.contents(atPath: autoconf).map { String(FNV1a.hash($0), radix: 16) } ?? "none"
        return ["kernel \(tree.isKernel)", tree.version?.description ?? "", tree.arch, config].joined(separator: "\u{1f}")
    }

    /// What the facts depend on besides file contents: the flags, the working folder, the build
    /// — with the tree's folders as placeholders (the same checkout elsewhere has the same key).
    func key(_ req: ParseRequest) -> String {
        FNV1a.hex(([mmlintBuild, req.workingDirectory.map(anchors.keyArgument) ?? "", req.names.cacheKey]
                  + req.arguments.map(anchors.keyArgument))
            .joined(separator: "\u{1f}"))
    }

    /// An entry's file: named after the path as stored (relative to the root).
    func entryPath(_ file: String) -> String { dir + "/" + FNV1a.hex(anchors.stored(file)) + ".bin" }

    /// A file's path as the cache's keys spell it (relative to the tree when inside it).
    func storedPath(_ file: String) -> String { anchors.stored(file) }

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
        guard let (data, h) = heldEntry(req, counting: true) else { return nil }
        guard var facts = try? FactsCodec.decodeEntryFacts(data, header: h, paths: anchors.anchored), facts.failure == nil else {
            unlink(entryPath(req.file)); count(discard: true); return nil
        }
        for i in facts.errors.indices { facts.errors[i].message = anchors.anchoredMessage(facts.errors[i].message) }
        count(hit: true)
        return facts
    }

    /// Whether `req.file` has an entry that holds (every file it read unchanged), told by the
    /// entry's header alone: its facts are not decoded, and nothing is counted.
    func holds(_ req: ParseRequest) -> Bool { heldEntry(req, counting: false) != nil }

    /// The entry of `req.file` and its header when the entry holds; a miss (counted when
    /// `counting`) otherwise, an entry that does not decode discarded.
    private func heldEntry(_ req: ParseRequest, counting: Bool) -> (Data, FactsCodec.EntryHeader)? {
        func miss() -> (Data, FactsCodec.EntryHeader)? { if counting { count(miss: true) }; return nil }
        guard usable, req.unsaved.isEmpty || !req.unsaved.keys.contains(req.file) else { return nil }
        let path = entryPath(req.file)
        guard let data = FileManager.default.contents(atPath: path) else { return miss() }
        if let st = Files.stamp(path) { lock.lock(); entryStamps[req.file] = st.mtime; lock.unlock() }
        guard let h = try? FactsCodec.decodeEntryHeader(data, paths: anchors.anchored), h.key == key(req) else {
            unlink(path); if counting { count(discard: true) }; return nil
        }
        if !h.missing.isEmpty {
            guard let hs = treeHeaders, !h.missing.contains(where: { m in hs.contains { $0.hasSuffix("/" + m) } }) else { return miss() }
        }
        for s in h.stamps {
            if req.unsaved[s.path] != nil { return miss() }   // staged content differs from disk
            guard let now = stamp(s.path) else { return miss() }
            if now.size == s.size && now.mtime == s.mtime { continue }
            // Touched: compare the content.
            guard now.size == s.size, contentHash(s.path) == s.hash else { return miss() }
        }
        return (data, h)
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
        var g = f
        for i in g.errors.indices { g.errors[i].message = anchors.storedMessage(g.errors[i].message) }
        let entry = FactsCodec.encodeEntry(CacheEntry(key: key(req), stamps: list, facts: g, missing: missing), paths: anchors.stored)
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
    /// The parse stage's counts (Stats.filesParsed, the parse failures of Stats.failed), for a
    /// run that answers from this result without decoding the facts.
    var filesParsed: Int?
    var failed: [FailedFile]?
}

extension FactsCache {
    /// One result per location of the tree (the folder is shared by checkouts alike in version
    /// and configuration, see treeIdentity): its key holds absolute paths and the mtimes of the
    /// files the semantics probe reads, so a result is reused by the same checkout at the same
    /// path only. Elsewhere the facts still come from the cache and the checker and replay run
    /// again (seconds on a kernel tree).
    var resultPath: String { dir + "/result-" + FNV1a.hex(anchors.anchors.map(\.0).sorted().joined(separator: "\u{1f}")) + ".json" }

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
