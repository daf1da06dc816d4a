import Foundation
import XCTest

/// A test with a scratch folder of its own (`tmp`), removed afterwards, and a writer for files in it.
class ScratchTestCase: XCTestCase {
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("mmlint-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { if let t = tmp { try? FileManager.default.removeItem(at: t) } }

    func write(_ rel: String, _ text: String) throws {
        let u = tmp.appendingPathComponent(rel)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: u, atomically: true, encoding: .utf8)
    }
}
