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

    init(cacheDir: String, root: String) {
        let key = FNV1a.hex(root)
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
