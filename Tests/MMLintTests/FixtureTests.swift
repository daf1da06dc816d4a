import Checker
import Foundation
import KernelTree
@testable import MMLint
import XCTest

let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let rulesDir = repoRoot.appendingPathComponent("Rules").path
let fixtures = repoRoot.appendingPathComponent("Fixtures")

/// Every annotated fixture: `/* expect: RULE */` lines are reported, `/* ok: RULE */` lines are
/// not, and nothing else is.
final class FixtureTests: XCTestCase {
    func runFixtures(_ sub: String) throws {
        let outs = try FixtureRunner.run(directory: fixtures.appendingPathComponent(sub).path, rulesDir: rulesDir, jobs: 2)
        XCTAssertFalse(outs.isEmpty, "no fixtures under \(sub)")
        var expected = 0
        for o in outs {
            expected += o.expected
            XCTAssertTrue(o.passed, "\(o.unit):\n" + o.problems.joined(separator: "\n"))
        }
        XCTAssertGreaterThan(expected, 0, "fixtures under \(sub) expect no finding at all")
    }

    /// Every folder under Fixtures/rules, found on disk (no hand-kept list: a new rule's folder
    /// runs without touching this file).
    func testEveryRuleFolder() throws {
        let base = fixtures.appendingPathComponent("rules").path
        let folders = try FileManager.default.contentsOfDirectory(atPath: base).sorted()
        XCTAssertGreaterThanOrEqual(folders.count, 12)
        for f in folders {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: base + "/" + f, isDirectory: &isDir), isDir.boolValue else { continue }
            try runFixtures("rules/" + f)   // failures name the fixture file
        }
    }

    func testCrossFile() throws { try runFixtures("cross-file") }

    /// The runner itself cannot be fooled into checking nothing: an `ok:` line that gets a note,
    /// a comment that starts as an annotation but does not read as one, and a unit with no
    /// annotation at all each fail (all three hid in the fixtures once).
    func testRunnerFailsWhatChecksNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mmlint-runner-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("include/linux"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let stub = fixtures.appendingPathComponent("demo/include/linux/mmlint_stub.h").path
        try FileManager.default.copyItem(atPath: stub, toPath: dir.appendingPathComponent("include/linux/mmlint_stub.h").path)
        // populated-in-mmap reports notes: a remap in ->mmap of a driver that revokes.
        let body = """
            #include <linux/mmlint_stub.h>
            struct rn_dev { struct inode *inode; phys_addr_t bar; };
            static int rn_mmap(struct file *f, struct vm_area_struct *vma)
            {
            \tstruct rn_dev *d = f->private_data;
            \treturn io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* MARK */
            }
            static const struct file_operations rn_fops = { .mmap = rn_mmap };
            void rn_remove(struct rn_dev *d) { unmap_mapping_range(d->inode->i_mapping, 0, 0, 1); }

            """
        func problems(_ mark: String) throws -> [String] {
            try body.replacingOccurrences(of: "/* MARK */", with: mark)
                .write(to: dir.appendingPathComponent("rn.c"), atomically: true, encoding: .utf8)
            let outs = try FixtureRunner.run(directory: dir.path, rulesDir: rulesDir, jobs: 1)
            return outs.flatMap(\.problems)
        }
        XCTAssertEqual(try problems("/* note: populated-in-mmap */"), [])
        XCTAssertTrue(try problems("/* ok: populated-in-mmap */").contains { $0.contains("a note was reported") })
        XCTAssertTrue(try problems("/* ok: populated-in-mmap: quiet */").contains { $0.contains("does not read as one") })
        XCTAssertEqual(try problems("/* note: populated-in-mmap (one note) */"), [])
        XCTAssertTrue(try problems("").contains { $0.contains("checks nothing") })
    }

    /// A precompiled header of the headers a folder's files share changes nothing but time:
    /// the same findings (and verdicts) with and without, for every fixture folder.
    func testPrecompiledHeadersChangeNothing() throws {
        var used = 0
        let folders = try FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("rules").path).sorted()
        for sub in folders {
            let dir = fixtures.appendingPathComponent("rules/" + sub).path
            func run(_ pch: Bool) throws -> CheckResult {
                var o = CheckOptions(paths: [dir], rulesDir: rulesDir, jobs: 2)
                o.prefilter = false; o.pch = pch; o.timings = true
                return try MMLint.check(o)
            }
            let plain = try run(false), pre = try run(true)
            XCTAssertEqual(plain.findings, pre.findings, sub)
            XCTAssertEqual(plain.stats.filesParsed, pre.stats.filesParsed, sub)
            // Parses with the PCH leave its declarations out; the first one builds its header
            // functions: none is lost.
            XCTAssertEqual(plain.stats.functions, pre.stats.functions, sub)
            used += pre.stats.timings?.pchFiles ?? 0
        }
        XCTAssertGreaterThan(used, 0, "no fixture folder was parsed with a precompiled header")
    }
    func testDemoTree() throws { try runFixtures("demo") }

    /// The same findings, in the same order, whatever the number of parse jobs.
    func testDeterministicAcrossJobs() throws {
        let demo = fixtures.appendingPathComponent("demo").path
        let a = try MMLint.check(CheckOptions(paths: [demo], rulesDir: rulesDir, jobs: 1)).findings
        let b = try MMLint.check(CheckOptions(paths: [demo], rulesDir: rulesDir, jobs: 4)).findings
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.count, 3)
    }

    /// The prefilter (on by default in `check`, off in fixture runs) must select a file that
    /// reaches kthread_use_mm only through a header macro (amdgpu's read_user_wptr shape).
    func testPrefilterSeesHeaderMacros() throws {
        let dir = fixtures.appendingPathComponent("cross-file/macro-wrapper").path
        let res = try MMLint.check(CheckOptions(paths: [dir], rulesDir: rulesDir, jobs: 1))
        XCTAssertTrue(res.stats.headerWrappers.contains("kq_read_user_wptr"), "\(res.stats.headerWrappers)")
        XCTAssertEqual(res.stats.filesSelected, 3)
        XCTAssertEqual(res.findings.filter { $0.severity == .error }.map { "\($0.file):\($0.line)" }, ["kq_restore.c:13"])
        // A table of names (`FN(find_vma, …)`) is not a call: no wrapper.
        XCTAssertEqual(MMLint.definitions("#define T(FN) FN(find_vma, 1) FN(other, 2)\n").map(\.0), ["T"])
        XCTAssertFalse(MMLint.mentionsAny(Data(" FN(find_vma, 1)".utf8), [Array("find_vma".utf8)], calledOnly: true))
    }

    /// The byte search the prefilter (select patterns) and the checker's text tests share:
    /// matches at both ends, near misses on the first byte, needles longer than the text.
    func testByteSearch() {
        XCTAssertTrue(MMLint.containsAny(Data("if (!current->mm)".utf8), [Data("!current->mm".utf8)]))
        XCTAssertTrue(MMLint.containsAny(Data("ab".utf8), [Data("zz".utf8), Data("".utf8)]))
        XCTAssertFalse(MMLint.containsAny(Data("!current->m".utf8), [Data("!current->mm".utf8)]))
        XCTAssertFalse(MMLint.containsAny(Data("".utf8), [Data("x".utf8)]))
        XCTAssertTrue("kthread = current->mm == NULL".containsBytes("current->mm"))
        XCTAssertTrue("mm_users".containsBytes("mm_users"))
        XCTAssertTrue("mmmm_users)".containsBytes("mm_users"))
        XCTAssertFalse("mm_user".containsBytes("mm_users"))
        XCTAssertFalse("atomic_read(&mm->mm_count)".containsBytes("mm_users"))
    }

    /// Before 5.17 exit_mmap took no lock: VMA lookups on an mmgrab-only mm become findings.
    func testVMALookupGatedByVersion() throws {
        let f = fixtures.appendingPathComponent("rules/mmgrab-only-access/vma_ops.c").path
        let modern = try MMLint.check(CheckOptions(paths: [f], rulesDir: rulesDir, jobs: 1))
        let old = try MMLint.check(CheckOptions(paths: [f], rulesDir: rulesDir, jobs: 1, kernelVersion: "5.4"))
        XCTAssertFalse(modern.findings.contains { $0.message.contains("find_vma(") || $0.message.contains("vma_lookup(") })
        XCTAssertTrue(old.findings.contains { $0.message.contains("find_vma(") || $0.message.contains("vma_lookup(") })
    }
}
