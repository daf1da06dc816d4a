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

/// Which of a few function names each C file of the tree mentions, by size and mtime: the
/// latent check looks for callers of unreached functions in every other C file (~35,000 in a
/// kernel, 0.7 s), and a warm run asks about the same names. Unchanged files keep their answer,
/// changed ones are read again; other names start over. Stored next to the facts cache.
final class NameSearchCache {
    typealias Stamp = SelectionCache.Stamp
    let path: String

    init(cacheDir: String, root: String) {
        path = cacheDir + "/select-\(mmlintVersion)/\(FNV1a.hex(root))-names.bin"
    }

    /// The names (of `names`) some file of `files` mentions as a whole identifier.
    func mentioned(_ names: [String], in files: [String], jobs: Int) -> Set<String> {
        let key = names.sorted().joined(separator: ",")
        var known: [String: (Stamp, [String])] = [:]
        if let d = FileManager.default.contents(atPath: path) {
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
        let sets = names.map { WordSet([Array($0.utf8)]) }
        // Each file: its stamp, the names it mentions, and whether it was read this time.
        let box = ResultBox<(Stamp, [String], Bool)>(count: files.count)
        let cached = known
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, files.count))) { _ in
            let reader = FileReader()
            while let k = box.next() {
                guard let st = SelectionCache.stamp(files[k]) else { continue }
                if let e = cached[files[k]], e.0 == st { box.set(k, (e.0, e.1, false)); continue }
                let hits = reader.withContents(of: files[k]) { d in zip(names, sets).filter { $0.1.occurs(in: d) }.map(\.0) } ?? []
                box.set(k, (st, hits, true))
            }
        }
        let now = box.slots()
        if now.contains(where: { $0?.2 == true }) || now.filter({ $0 != nil }).count != known.count {
            var w = FactsCodec.Writer()
            w.raw("MMLN"); w.raw(key)
            let present = zip(files, now).compactMap { f, e in e.map { (f, $0) } }
            w.uint(UInt64(present.count))
            for (f, e) in present { w.raw(f); w.int(e.0.size); w.int(e.0.mtime); w.uint(UInt64(e.1.count)); for n in e.1 { w.raw(n) } }
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? Files.writeAtomically(Data(w.bytes), to: path)
        }
        return Set(now.compactMap { $0?.1 }.flatMap { $0 })
    }
}
