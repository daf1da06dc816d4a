import Foundation
@testable import Frontend
@testable import MMLint
import XCTest

/// The prefilter's scanner: whole identifiers only, words of one bucket told apart by every
/// byte, calls only where asked, and files read whole whatever their size.
final class WordScanTests: XCTestCase {
    func words(_ w: [String]) -> WordSet { WordSet(w.map { Array($0.utf8) }) }

    func testWholeIdentifiersOnly() {
        let set = words(["mmget", "mmput", "kthread_use_mm"])
        XCTAssertTrue(set.occurs(in: Data("x = mmget(mm);".utf8)))
        XCTAssertTrue(set.occurs(in: Data("mmput".utf8)), "a word at the very start and end")
        XCTAssertFalse(set.occurs(in: Data("mmget_not_zero(mm); __mmput(mm); xmmget(mm); mmget2(mm)".utf8)))
        XCTAssertFalse(set.occurs(in: Data("kthread_use_m(mm) kthread_use_mx(mm)".utf8)), "same length and first byte, last byte differs")
        XCTAssertTrue(set.occurs(in: Data("\tkthread_use_mm(mm)".utf8)))
        XCTAssertFalse(words([]).occurs(in: Data("mmget(mm)".utf8)))
    }

    /// One pass tells every group that has a word; the pass stops at a group of `enough`.
    func testGroupsInOnePass() {
        let set = WordSet(groups: [["kthread_use_mm"], ["current", "mm"], ["vm_fault"], ["unmap_mapping_range"]].map { $0.map { Array($0.utf8) } })
        func found(_ t: String, enough: UInt64 = 0) -> UInt64 { Data(t.utf8).withUnsafeBytes { set.groups(in: $0, enough: enough) } }
        XCTAssertEqual(found("x = current->mm; f(vmf); unmap_mapping_range(m, 0, 0, 1);"), 0b1010)
        XCTAssertEqual(found("struct vm_fault *vmf; kthread_use_mm(mm);"), 0b0111)
        XCTAssertEqual(found("kthread_use_mm(x); vm_fault", enough: 1), 0b0001, "stops at the first word of group 0")
        XCTAssertEqual(found("vm_faults unmap_mapping_ranges"), 0)
        XCTAssertTrue(set.occurs(in: Data("unmap_mapping_range".utf8)), "occurs: any group")
    }

    /// A file holding a pattern holds one of its gates as a whole identifier.
    func testPatternGatesAreWholeIdentifiersOfEveryPattern() {
        let gates = MMLint.patternGates(["!current->mm", "current->mm == NULL", "NULL == current->mm"].map { Data($0.utf8) })
        XCTAssertEqual(gates?.map { String(decoding: $0, as: UTF8.self) }, ["current", "mm"])
        XCTAssertNil(MMLint.patternGates([Data("current->mm".utf8)]), "no identifier bounded inside the pattern: no gate")
        XCTAssertNil(MMLint.patternGates([Data("!current->mm".utf8), Data("mm_users".utf8)]))
    }

    func testCalledOnly() {
        let set = words(["find_vma"])
        XCTAssertFalse(set.occurs(in: Data("FN(find_vma, 1)".utf8), calledOnly: true))
        XCTAssertTrue(set.occurs(in: Data("v = find_vma \t(mm, a)".utf8), calledOnly: true))
        XCTAssertTrue(set.occurs(in: Data("FN(find_vma, 1) find_vma(mm, a)".utf8), calledOnly: true), "a later call counts")
    }

    func testReaderReadsLargeFilesWholeAndReportsMissing() throws {
        let dir = NSTemporaryDirectory() + "mmlint-wordscan-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Larger than the reader's first buffer: the word is in the last bytes.
        let big = dir + "/big.c", small = dir + "/small.c"
        try (String(repeating: "int a_long_line_of_padding;\n", count: 100_000) + "mmput(mm);\n").write(toFile: big, atomically: true, encoding: .utf8)
        try "int x;\n".write(toFile: small, atomically: true, encoding: .utf8)
        let reader = FileReader(), set = words(["mmput"])
        XCTAssertEqual(reader.withContents(of: big) { set.occurs(in: $0) }, true)
        XCTAssertEqual(reader.withContents(of: small) { set.occurs(in: $0) }, false, "the buffer reused: no bytes of the previous file")
        XCTAssertEqual(reader.withContents(of: big) { $0.count }, 100_000 * 28 + 11)
        XCTAssertNil(reader.withContents(of: dir + "/missing.c") { _ in true })
    }

    /// The facts' source texts: the one-pass byte version gives what the Character version
    /// gives, on ASCII, on UTF-8, on CRLF files and past the length limit.
    func testNormalizedTextMatchesTheCharacterVersion() throws {
        let dir = NSTemporaryDirectory() + "mmlint-text-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = SystemRandomNumberGenerator()
        let pieces = ["mmput", "(", "mm", ")", " ", "  ", "\t", "\n", "\r\n", "\r", "é", "→", "\u{0c}", "x", ";", "/* ü */"]
        let cache = SourceCache()
        for i in 0..<300 {
            let n = Int.random(in: 0...(i % 3 == 0 ? 120 : 20), using: &rng)
            let text = (0..<n).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let path = dir + "/t\(i).c"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let bytes = Array(text.utf8)
            let start = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            // Whole characters only, as a cursor's extent is.
            guard let s = String(bytes: bytes[start...], encoding: .utf8) else { continue }
            let expected = SourceCache.normalized(s, limit: 160)
            XCTAssertEqual(cache.normalizedText(path, start, bytes.count), expected, text.debugDescription)
        }
        XCTAssertEqual(SourceCache.normalized(String(repeating: "ab ", count: 100), limit: 160).count, 160)
    }

    /// The latent check's name search across runs: unchanged files keep their answer, a changed
    /// file is read again, other names start over, a damaged cache file is not trusted.
    func testNameSearchCacheFollowsChangedFiles() throws {
        let dir = NSTemporaryDirectory() + "mmlint-names-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir + "/tree", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = dir + "/tree/a.c", b = dir + "/tree/b.c"
        try "int x(void) { return fa_start(); }\n".write(toFile: a, atomically: true, encoding: .utf8)
        try "int y;\n".write(toFile: b, atomically: true, encoding: .utf8)
        let cache = NameSearch(cacheDir: dir + "/cache", root: dir + "/tree")
        XCTAssertEqual(cache.mentioned(["fa_start", "fa_stop"], in: [a, b], near: [], jobs: 2), ["fa_start"])
        XCTAssertEqual(cache.mentioned(["fa_start", "fa_stop"], in: [a, b], near: [], jobs: 2), ["fa_start"], "from the cache")
        // b.c changes (size and content): read again.
        try "int y(void) { fa_stop(); return 0; }\n".write(toFile: b, atomically: true, encoding: .utf8)
        XCTAssertEqual(cache.mentioned(["fa_start", "fa_stop"], in: [a, b], near: [], jobs: 2), ["fa_start", "fa_stop"])
        // Other names: every file read again.
        XCTAssertEqual(cache.mentioned(["y"], in: [a, b], near: [], jobs: 1), ["y"])
        XCTAssertEqual(cache.mentioned(["fa_start", "fa_stop"], in: [a], near: [], jobs: 1), ["fa_start"], "only the files asked about")
        // A damaged cache file: ignored, the files are read.
        try Data("MMLN\u{0}garbage".utf8).write(to: URL(fileURLWithPath: cache.path!))
        XCTAssertEqual(cache.mentioned(["fa_stop"], in: [a, b], near: [], jobs: 1), ["fa_stop"])
    }

    /// The latent search reads the files closest to the functions first and stops once every
    /// name is found (the cache then records only the files looked at); a name found nowhere
    /// reads every file. Without a cache folder the answer is the same.
    func testNameSearchStopsWhenEveryNameIsFound() throws {
        let dir = NSTemporaryDirectory() + "mmlint-names-stop-\(getpid())"
        for d in ["tree/drivers/a", "tree/drivers/b", "tree/fs"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + d, withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let own = dir + "/tree/drivers/a/own.c", near = dir + "/tree/drivers/a/user.c"
        let cousin = dir + "/tree/drivers/b/far.c", far = dir + "/tree/fs/far.c"
        try "int fa_start(void) { return 0; }\n".write(toFile: own, atomically: true, encoding: .utf8)
        try "int u(void) { return fa_start(); }\n".write(toFile: near, atomically: true, encoding: .utf8)
        try "int v(void) { return fa_start() + fb_other(); }\n".write(toFile: cousin, atomically: true, encoding: .utf8)
        try "int w(void) { return fa_start(); }\n".write(toFile: far, atomically: true, encoding: .utf8)
        XCTAssertEqual(NameSearch.ordered([far, cousin, near], near: [own]), [near, cousin, far])
        let files = [cousin, far, near]
        let cache = NameSearch(cacheDir: dir + "/cache", root: dir + "/tree")
        XCTAssertEqual(cache.mentioned(["fa_start"], in: files, near: [own], jobs: 1), ["fa_start"])
        var stored = String(decoding: try Data(contentsOf: URL(fileURLWithPath: cache.path!)), as: UTF8.self)
        XCTAssertTrue(stored.contains(near))
        XCTAssertFalse(stored.contains(far), "read after the name was found")
        XCTAssertFalse(stored.contains(cousin), "read after the name was found")
        // A name nowhere: every file is read.
        XCTAssertEqual(cache.mentioned(["fa_start", "fz_none"], in: files, near: [own], jobs: 2), ["fa_start"])
        stored = String(decoding: try Data(contentsOf: URL(fileURLWithPath: cache.path!)), as: UTF8.self)
        for f in files { XCTAssertTrue(stored.contains(f), f) }
        for jobs in [1, 2] {
            XCTAssertEqual(NameSearch(cacheDir: nil, root: dir + "/tree").mentioned(["fa_start", "fb_other", "fz_none"], in: files, near: [own], jobs: jobs),
                           ["fa_start", "fb_other"])
        }
    }
}
