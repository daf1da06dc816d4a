import Facts
import Foundation
import XCTest

/// Runs the built executable (`swift test` builds it) the way a user or CI does, in a scratch
/// folder of its own with a fresh cache; shared by the tests that drive the CLI.
class CLITestCase: ScratchTestCase {
    /// The mmlint built next to this test bundle (so a sanitizer build tests its own binary).
    let exe: String = {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [here, here.deletingLastPathComponent()] {
            let p = dir.appendingPathComponent("mmlint").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return repoRoot.appendingPathComponent(".build/debug/mmlint").path
    }()

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: exe), "build mmlint first (swift build)")
        try super.setUpWithError()
    }

    /// The bundled demo tree (a path must be named: no path means the current folder).
    let demoTree = fixtures.appendingPathComponent("demo").path

    struct Run { var code: Int32; var out: String; var err: String; var seconds: Double }

    @discardableResult
    func mmlint(_ args: [String], env: [String: String] = [:], cwd: String? = nil, interruptAfter: Double? = nil) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        var e = ProcessInfo.processInfo.environment
        e["MMLINT_RULES"] = rulesDir
        e["MMLINT_CACHE_DIR"] = tmp.appendingPathComponent("cache").path   // hermetic: a fresh cache per test
        for (k, v) in env { e[k] = v }
        p.environment = e
        if let c = cwd { p.currentDirectoryURL = URL(fileURLWithPath: c) }
        let out = tmp.appendingPathComponent("stdout-\(UUID().uuidString)"), err = tmp.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        let start = Date()
        try p.run()
        if let after = interruptAfter {
            Thread.sleep(forTimeInterval: after)
            kill(p.processIdentifier, SIGINT)
        }
        p.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        return Run(code: p.terminationStatus, out: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                   err: (try? String(contentsOf: err, encoding: .utf8)) ?? "", seconds: Date().timeIntervalSince(start))
    }

    /// A prepared-looking x86 kernel checkout at `k` (top Makefile, kbuild's generated
    /// configuration, the headers every file is parsed with, the stub header): files are added
    /// by the test. Returns its absolute path.
    @discardableResult
    func kernelSkeleton(_ k: String) throws -> String {
        try write("\(k)/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n")
        for h in ["compiler-version.h", "kconfig.h", "compiler_types.h"] { try write("\(k)/include/linux/\(h)", "") }
        try write("\(k)/include/generated/autoconf.h", "#define CONFIG_MMU 1\n")
        try write("\(k)/include/config/auto.conf", "CONFIG_MMU=y\n")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("demo/include/linux/mmlint_stub.h"),
                                         to: tmp.appendingPathComponent("\(k)/include/linux/mmlint_stub.h"))
        return tmp.appendingPathComponent(k).path
    }

    /// A copy of the demo tree (and the stub header it includes) to damage freely.
    func demoCopy() throws -> String {
        let root = tmp.appendingPathComponent("tree")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("demo/include"), to: root.appendingPathComponent("include"))
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("demo/drivers"), to: root.appendingPathComponent("drivers"))
        return root.path
    }

    func assertOneLineError(_ r: Run, _ needle: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.code, 2, r.err, file: file, line: line)
        let lines = r.err.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "expected one line, got:\n\(r.err)", file: file, line: line)
        XCTAssertTrue(r.err.hasPrefix("mmlint: ") && r.err.contains(needle), r.err, file: file, line: line)
        XCTAssertFalse(r.err.contains("Fatal error") || r.err.contains("Stack dump"), r.err, file: file, line: line)
    }

    /// Every file under `root` with its hash, mtime and size (type for the others).
    func snapshot(_ root: String) throws -> [String: String] {
        var out: [String: String] = [:]
        let en = FileManager.default.enumerator(atPath: root)!
        while let rel = en.nextObject() as? String {
            let p = root + "/" + rel
            let a = try FileManager.default.attributesOfItem(atPath: p)
            guard a[.type] as? FileAttributeType == .typeRegular else { out[rel] = "\(a[.type] ?? "")"; continue }
            let h = FNV1a.hash(FileManager.default.contents(atPath: p) ?? Data())
            out[rel] = "\(h) \((a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0) \(a[.size] ?? 0)"
        }
        return out
    }

    /// Runs `executable` with `args` (stdout and stderr together) in the environment with
    /// `env` set and `unset` removed; its exit status and output.
    func runProcess(_ executable: String, _ args: [String], env: [String: String] = [:], unset: [String] = []) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        var e = ProcessInfo.processInfo.environment
        for (k, v) in env { e[k] = v }
        for k in unset { e.removeValue(forKey: k) }
        p.environment = e
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, text)
    }

    /// Live parse workers started from this mmlint.
    func workerCount() -> Int {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return pids.filter { p in
            guard Int(p) != nil, let c = FileManager.default.contents(atPath: "/proc/\(p)/cmdline") else { return false }
            return String(decoding: c, as: UTF8.self).contains("__parse-worker") && String(decoding: c, as: UTF8.self).contains(exe)
        }.count
    }
}
