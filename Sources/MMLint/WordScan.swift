import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Words looked for as whole identifiers, grouped by length and first byte, stored flat (one
/// byte array, one offset table) so that a scan touches no reference-counted storage: the
/// prefilter reads the ~35,000 C files and ~25,000 headers of a kernel tree (~1.4 GB).
struct WordSet: Sendable {
    static let maxLength = 128
    /// All words' bytes, back to back.
    private let bytes: [UInt8]
    /// Bucket b = length * 128 + first byte holds the words whose starts are
    /// `starts[bucketStart[b] ..< bucketStart[b + 1]]`.
    private let bucketStart: [Int32]
    private let starts: [Int32]
    /// Per word (as `starts`): the groups it belongs to, one bit each (WordSet(groups:)).
    private let groupMasks: [UInt64]
    let shortest: Int, longest: Int

    init(_ words: [[UInt8]]) { self.init(groups: [words]) }

    /// Up to 64 groups of words in one set: `groups(in:)` tells in one pass which groups have a
    /// word in a text.
    init(groups: [[[UInt8]]]) {
        precondition(groups.count <= 64)
        var masks: [[UInt8]: UInt64] = [:]
        for (g, words) in groups.enumerated() {
            for w in words where !w.isEmpty && w.count < WordSet.maxLength && w[0] < 128 { masks[w, default: 0] |= 1 << UInt64(g) }
        }
        // Sorted by bucket, then bytes: each bucket is one run of `starts`.
        func bucket(_ w: [UInt8]) -> Int { w.count * 128 + Int(w[0]) }
        let kept = masks.keys.sorted { bucket($0) != bucket($1) ? bucket($0) < bucket($1) : $0.lexicographicallyPrecedes($1) }
        var bytes: [UInt8] = [], starts: [Int32] = []
        var bucketStart = [Int32](repeating: 0, count: WordSet.maxLength * 128 + 1)
        for w in kept {
            starts.append(Int32(bytes.count)); bytes += w
            bucketStart[bucket(w) + 1] += 1
        }
        for b in 0..<(WordSet.maxLength * 128) { bucketStart[b + 1] += bucketStart[b] }
        self.bytes = bytes; self.bucketStart = bucketStart; self.starts = starts
        groupMasks = kept.map { masks[$0]! }
        shortest = kept.map(\.count).min() ?? Int.max; longest = kept.map(\.count).max() ?? 0
    }

    /// 1 for bytes that continue an identifier, 2 for those that can also start one.
    private static let identClass: [UInt8] = (0..<256).map { c in
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 ? 2 : (c >= 48 && c <= 57 ? 1 : 0)
    }

    /// Whether `hay` has one of the words as a whole identifier. With `calledOnly`, a word
    /// counts only when a `(` follows it (a call, not a name in a table such as
    /// `FN(find_vma, …)`). One pass: each identifier is compared only with the words of its
    /// length and first byte.
    func occurs(in hay: UnsafeRawBufferPointer, calledOnly: Bool = false) -> Bool {
        groups(in: hay, calledOnly: calledOnly, enough: ~0) != 0
    }

    /// The groups (bits, as in init(groups:)) with a word in `hay`, in one pass; the pass stops
    /// once a group of `enough` is found.
    func groups(in hay: UnsafeRawBufferPointer, calledOnly: Bool = false, enough: UInt64) -> UInt64 {
        guard !starts.isEmpty else { return 0 }
        var found: UInt64 = 0
        return groupMasks.withUnsafeBufferPointer { masks in WordSet.identClass.withUnsafeBufferPointer { cls in
            bytes.withUnsafeBufferPointer { words in
                bucketStart.withUnsafeBufferPointer { bucketStart in
                    starts.withUnsafeBufferPointer { starts in
                        let b = hay.bindMemory(to: UInt8.self)
                        let n = b.count
                        var i = 0
                        while i < n {
                            let c = b[i]
                            guard cls[Int(c)] == 2 else { i += 1; continue }
                            var j = i + 1
                            while j < n && cls[Int(b[j])] != 0 { j += 1 }
                            let len = j - i
                            if len >= shortest && len <= longest {
                                let bucket = len * 128 + Int(c & 127)
                                var k = Int(bucketStart[bucket])
                                let end = Int(bucketStart[bucket + 1])
                                while k < end {
                                    let w = Int(starts[k])
                                    if memcmp(b.baseAddress! + i + 1, words.baseAddress! + w + 1, len - 1) == 0 {
                                        var m = j
                                        while calledOnly && m < n && (b[m] == 32 || b[m] == 9) { m += 1 }
                                        if !calledOnly || (m < n && b[m] == 40) {
                                            found |= masks[k]
                                            if found & enough != 0 { return found }
                                        }
                                    }
                                    k += 1
                                }
                            }
                            i = j
                        }
                        return found
                    }
                }
            }
        } }
    }

    func occurs(in d: Data, calledOnly: Bool = false) -> Bool {
        d.withUnsafeBytes { occurs(in: $0, calledOnly: calledOnly) }
    }
}

/// Reads whole files into one buffer it reuses (a worker's: not shared between threads), so
/// that scanning thousands of files allocates, and has the kernel zero, no fresh pages each time.
final class FileReader {
    private var buffer = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 16)
    private var capacity = 1 << 20

    deinit { buffer.deallocate() }

    /// `body` gets the file's bytes, valid only during the call; nil when it cannot be read.
    func withContents<R>(of path: String, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = Glibc.stat()
        guard fstat(fd, &st) == 0 else { return nil }
        var want = Int(st.st_size) + 1   // one more: a file that grew since fstat is read whole
        var count = 0
        while true {
            if want > capacity {
                let grown = UnsafeMutableRawPointer.allocate(byteCount: want, alignment: 16)
                grown.copyMemory(from: buffer, byteCount: count)
                buffer.deallocate()
                buffer = grown; capacity = want
            }
            let got = read(fd, buffer + count, capacity - count)
            if got < 0 { if errno == EINTR { continue }; return nil }
            if got == 0 { break }
            count += got
            if count == capacity { want = capacity * 2 }
        }
        return body(UnsafeRawBufferPointer(start: buffer, count: count))
    }
}
