import Checker
import Foundation
@testable import MMLint
import XCTest

/// The `bad:` and `good:` examples of every rule file, as `mmlint explain` prints them, are run:
/// each in its rule's `example_setup:` (the types and the rest of the story), alone in a tree
/// with the stub kernel header. `bad` must be reported by its rule inside the example's own
/// lines (at them, or at a caller in the setup with a related location in them: a requirement
/// reported where the mm's origin is known); `good` must parse and be left alone by it.
final class RuleExampleTests: XCTestCase {
    struct Outcome { var lines: [Int]; var failed: Int; var range: ClosedRange<Int> }

    func run(_ rule: Rule, _ example: String, _ name: String) throws -> Outcome {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mmlint-example-\(rule.id)-\(name)-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        let include = root.appendingPathComponent("include/linux")
        try FileManager.default.createDirectory(at: include, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("demo/include/linux/mmlint_stub.h"),
                                         to: include.appendingPathComponent("mmlint_stub.h"))
        let dir = root.appendingPathComponent("drivers/example")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let source = rule.exampleSource(example)
        try source.write(to: dir.appendingPathComponent("\(name).c"), atomically: true, encoding: .utf8)
        // The example's own lines in the file.
        let before = source.components(separatedBy: example)[0].split(separator: "\n", omittingEmptySubsequences: false).count
        let range = before...(before + example.split(separator: "\n", omittingEmptySubsequences: false).count - 1)
        var o = CheckOptions(paths: [root.path], rulesDir: rulesDir, jobs: 1)
        o.prefilter = false
        let r = try MMLint.check(o)
        // Each finding's line in the example: its own, else its first related location there.
        let lines = r.findings.filter { $0.rule == rule.id }.map { f in
            range.contains(f.line) ? f.line : f.related.map(\.line).first { range.contains($0) } ?? f.line
        }
        return Outcome(lines: lines, failed: r.stats.filesFailed, range: range)
    }

    func testEveryRulesExamplesDoWhatTheySay() throws {
        let rules = try RuleSet.load(directory: rulesDir).rules
        XCTAssertGreaterThanOrEqual(rules.count, 13)
        for rule in rules {
            let bad = try run(rule, rule.bad, "bad")
            XCTAssertEqual(bad.failed, 0, "\(rule.id): the bad example does not parse")
            XCTAssertFalse(bad.lines.isEmpty, "\(rule.id): the bad example is not reported")
            for l in bad.lines { XCTAssertTrue(bad.range.contains(l), "\(rule.id): reported at line \(l), outside the bad example (\(bad.range))") }
            let good = try run(rule, rule.good, "good")
            XCTAssertEqual(good.failed, 0, "\(rule.id): the good example does not parse")
            XCTAssertEqual(good.lines, [], "\(rule.id): the good example is reported")
        }
    }
}
