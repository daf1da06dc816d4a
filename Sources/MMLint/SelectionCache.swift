import Facts
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the prefilter learned last time, per file, by size and mtime: whether a C file
/// mentions the vocabulary (with the header wrappers of that time), and the wrapper names the
/// headers define. A warm run stats the files instead of reading them; a changed header
/// re-runs the header scan, a changed C file is read again. Stored next to the facts cache.
final class SelectionCache {
    struct Stamp: Equatable { var size: Int64; var mtime: Int64 }

    let path: String
    var wordsKey = ""
    var headers: [String: Stamp] = [:]
    var wrappers: [String] = []
    var sources: [String: (Stamp, Bool)] = [:]
    private(set) var loaded = false
    /// Something changed since load: save() writes the file (a warm run with nothing changed
    /// writes nothing).
    private var dirty = false
    /// Stat calls on this many threads (a kernel tree: ~56,000 files per run).
    var jobs = 1

    /// Per tree and architecture: the header scan leaves out other architectures' headers, so
    /// the wrappers (and the files they select) of an arm64 build are not an x86 build's.
    init(cacheDir: String, root: String, arch: String) {
        let key = FNV1a.hex(root + "\u{1f}" + arch)
        path = cacheDir + "/select-\(mmlintVersion)/\(key).bin"
        load()
    }

    static func stamp(_ p: String) -> Stamp? {
        Files.stamp(p).map { Stamp(size: $0.size, mtime: $0.mtime) }
    }

    /// The stamps of `paths`, on `jobs` threads.
    func stamps(_ paths: [String]) -> [Stamp?] {
        let box = ResultBox<Stamp>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, paths.count))) { _ in
            while let i = box.next() { if let st = SelectionCache.stamp(paths[i]) { box.set(i, st) } }
        }
        return box.slots()
    }

    private func load() {
        guard let d = FileManager.default.contents(atPath: path) else { return }
        var r = FactsCodec.Reader(d)
        do {
            guard try r.raw() == "MMLS" else { return }
            wordsKey = try r.raw()
            for _ in 0..<(try r.count()) { let p = try r.raw(); headers[p] = Stamp(size: try r.int(), mtime: try r.int()) }
            wrappers = try (0..<r.count()).map { _ in try r.raw() }
            for _ in 0..<(try r.count()) {
                let p = try r.raw()
                sources[p] = (Stamp(size: try r.int(), mtime: try r.int()), try r.byte() == 1)
            }
            loaded = r.pos == r.bytes.count
        } catch { loaded = false }
        if !loaded { headers = [:]; wrappers = []; sources = [:]; wordsKey = "" }   // never trusted half-read
    }

    func save() {
        guard dirty else { return }
        var w = FactsCodec.Writer()
        w.raw("MMLS"); w.raw(wordsKey)
        w.uint(UInt64(headers.count)); for (p, s) in headers.sorted(by: { $0.key < $1.key }) { w.raw(p); w.int(s.size); w.int(s.mtime) }
        w.uint(UInt64(wrappers.count)); for n in wrappers { w.raw(n) }
        w.uint(UInt64(sources.count))
        for (p, e) in sources.sorted(by: { $0.key < $1.key }) { w.raw(p); w.int(e.0.size); w.int(e.0.mtime); w.byte(e.1 ? 1 : 0) }
        let dir = (path as NSString).deletingLastPathComponent
        guard (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil else { return }
        try? Files.writeAtomically(Data(w.bytes), to: path)
    }

    /// The header wrappers, from the cache when no header changed (same set, same stamps).
    func wrappers(for hs: [String], wordsKey key: String, compute: () -> [String]) -> [String] {
        var now: [String: Stamp] = [:]
        for (h, st) in zip(hs, stamps(hs)) { if let st { now[h] = st } }
        if loaded && key == wordsKey && now == headers { return wrappers }
        dirty = true
        let fresh = compute()
        // The C files' bits were computed with the old names: stale when the names change.
        if key != wordsKey || fresh != wrappers { sources = [:] }
        wrappers = fresh
        headers = now
        wordsKey = key
        return wrappers
    }

    /// Whether each C file mentions the vocabulary, where the cache knows (the file is unchanged).
    func cachedMentions(_ files: [String]) -> [Bool?] {
        zip(files, stamps(files)).map { f, st in
            guard let st, let e = sources[f], e.0 == st else { return nil }
            return e.1
        }
    }

    /// Records a verdict computed for a file (by its current stamp).
    func record(_ file: String, _ hit: Bool) {
        if let s = SelectionCache.stamp(file) { sources[file] = (s, hit); dirty = true }
    }
}

/// Which of a few function names some C file of the tree mentions: the latent check looks for
/// callers of unreached functions in every other C file (~35,000 in a kernel). The files are
/// read closest to `near` first (a function's own folder, then its parent, …: where its
/// callers usually are), and the reading stops once every name is found: the answer is the
/// same as a read of every file, which happens only when some name is mentioned nowhere.
/// With a cache folder, a file read before keeps its answer while its size and mtime do not
/// change (a warm run asks about the same names; other names start over).
final class NameSearch {
    typealias Stamp = SelectionCache.Stamp
    let path: String?

    init(cacheDir: String?, root: String) {
        path = cacheDir.map { $0 + "/select-\(mmlintVersion)/\(FNV1a.hex(root))-names.bin" }
    }

    /// `files` closest first to the folders of `near` (the most leading path components
    /// shared with one of them), then by path.
    static func ordered(_ files: [String], near: [String]) -> [String] {
        let folders = Set(near.map { ($0 as NSString).deletingLastPathComponent.split(separator: "/") })
        func closeness(_ f: String) -> Int {
            let parts = f.split(separator: "/").dropLast()
            return folders.map { d in zip(parts, d).prefix { $0 == $1 }.count }.max() ?? 0
        }
        let score = Dictionary(uniqueKeysWithValues: files.map { ($0, closeness($0)) })
        return files.sorted { score[$0]! != score[$1]! ? score[$0]! > score[$1]! : $0 < $1 }
    }

    /// The names (of `names`) some file of `files` mentions as a whole identifier.
    func mentioned(_ names: [String], in files: [String], near: [String], jobs: Int) -> Set<String> {
        let key = names.sorted().joined(separator: ",")
        var known: [String: (Stamp, [String])] = [:]
        if let path, let d = FileManager.default.contents(atPath: path) {
            var r = FactsCodec.Reader(d)
            do {
                guard try r.raw() == "MMLN", try r.raw() == key else { throw FactsCodec.Malformed() }
                for _ in 0..<(try r.count()) {
                    let p = try r.raw(), st = Stamp(size: try r.int(), mtime: try r.int())
                    known[p] = (st, try (0..<r.count()).map { _ in try r.raw() })
                }
                guard r.pos == r.bytes.count else { throw FactsCodec.Malformed() }
            } catch { known = [:] }   // never trusted half-read
        }
        let order = NameSearch.ordered(files, near: near)
        let sets = names.map { WordSet([Array($0.utf8)]) }
        // Each file looked at: its stamp, the names it mentions, and whether it was read now.
        let box = ResultBox<(Stamp, [String], Bool)>(count: order.count)
        let found = FoundNames(count: names.count)
        let cached = known, recorded = path != nil
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, order.count))) { _ in
            let reader = FileReader()
            while !found.all, let k = box.next() {
                let st = recorded ? SelectionCache.stamp(order[k]) : nil
                if recorded && st == nil { continue }
                if let st, let e = cached[order[k]], e.0 == st { box.set(k, (e.0, e.1, false)); found.add(e.1, of: names); continue }
                let hits = reader.withContents(of: order[k]) { d in zip(names, sets).filter { $0.1.occurs(in: d) }.map(\.0) } ?? []
                box.set(k, (st ?? Stamp(size: 0, mtime: 0), hits, true))
                found.add(hits, of: names)
            }
        }
        let now = box.slots()
        if let path, now.contains(where: { $0?.2 == true }) {
            // The files looked at now, and what was known of the others (checked when used).
            var entries = known
            for (f, e) in zip(order, now) { if let e { entries[f] = (e.0, e.1) } }
            var w = FactsCodec.Writer()
            w.raw("MMLN"); w.raw(key)
            w.uint(UInt64(entries.count))
            for f in entries.keys.sorted() {
                let e = entries[f]!
                w.raw(f); w.int(e.0.size); w.int(e.0.mtime); w.uint(UInt64(e.1.count)); for n in e.1 { w.raw(n) }
            }
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                     withIntermediateDirectories: true)
            try? Files.writeAtomically(Data(w.bytes), to: path)
        }
        return Set(now.compactMap { $0?.1 }.flatMap { $0 })
    }
}

/// The names found so far by the workers of one search.
private final class FoundNames: @unchecked Sendable {
    private var seen: Set<String> = []
    private let count: Int
    private let lock = NSLock()
    init(count: Int) { self.count = count }
    var all: Bool { lock.lock(); defer { lock.unlock() }; return seen.count == count }
    func add(_ hits: [String], of names: [String]) {
        guard !hits.isEmpty else { return }
        lock.lock(); seen.formUnion(hits); lock.unlock()
    }
}
