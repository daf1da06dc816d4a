import Facts
import Foundation
@testable import MMLint
import XCTest

/// The defects a new user hit first (issue 21), each as the user met it: output paths that are
/// not plain files, no path given, runs that analyzed nothing, interleaved output, Ctrl-C,
/// vague reasons, `--confirmed-only`, stale suppressions, command-line edges, installing.
/// Every test also checks that nothing outside the named outputs changed.
final class NewUserTests: CLITestCase {
    /// A copy of the demo tree and a snapshot of it, checked unchanged when the test ends.
    var guarded: [(String, [String: String])] = []

    override func tearDownWithError() throws {
        for (root, before) in guarded {
            XCTAssertEqual(try snapshot(root), before, "mmlint changed a file in the analyzed tree \(root)")
        }
        try super.tearDownWithError()
    }

    func guardedDemo() throws -> String {
        let root = try demoCopy()
        guarded.append((root, try snapshot(root)))
        return root
    }

    func git(_ args: [String], in dir: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", dir, "-c", "user.email=t@example.invalid", "-c", "user.name=t"] + args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "git \(args.joined(separator: " "))")
    }

    // MARK: 1. outputs that are not regular files

    func fileType(_ path: String) -> mode_t {
        var st = stat()
        XCTAssertEqual(lstat(path, &st), 0, path)
        return st.st_mode & S_IFMT
    }

    func testOutputToASymlinkWritesItsTarget() throws {
        let root = try guardedDemo()
        let target = tmp.appendingPathComponent("target.json").path, link = tmp.appendingPathComponent("link.json").path
        try "old\n".write(toFile: target, atomically: true, encoding: .utf8)
        chmod(target, 0o640)
        XCTAssertEqual(symlink(target, link), 0)
        let r = try mmlint(["check", root, "--format", "json", "-o", link])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertEqual(fileType(link), S_IFLNK, "the symlink was replaced by a file")
        XCTAssertTrue(try String(contentsOfFile: target, encoding: .utf8).contains("\"findings\""))
        var st = stat()
        stat(target, &st)
        XCTAssertEqual(st.st_mode & 0o777, 0o640, "the report's permissions were not kept")
        // A dangling link: its target is created.
        let dangling = tmp.appendingPathComponent("dangling.sarif").path, missing = tmp.appendingPathComponent("new.sarif").path
        XCTAssertEqual(symlink(missing, dangling), 0)
        XCTAssertEqual(try mmlint(["check", root, "-q", "--sarif-output", dangling]).code, 1)
        XCTAssertEqual(fileType(dangling), S_IFLNK)
        XCTAssertTrue(FileManager.default.fileExists(atPath: missing))
    }

    func testOutputToAFIFOIsWrittenThrough() throws {
        let root = try guardedDemo()
        let fifo = tmp.appendingPathComponent("report.fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let got = ResultBox<Data>(count: 1)
        let reader = Thread {
            let fd = open(fifo, O_RDONLY)   // blocks until mmlint opens it for writing
            var data = Data(), buf = [UInt8](repeating: 0, count: 65536)
            while fd >= 0 {
                let n = read(fd, &buf, buf.count)
                if n <= 0 { break }
                data.append(contentsOf: buf[0..<n])
            }
            if fd >= 0 { close(fd) }
            got.set(0, data)
        }
        reader.start()
        let r = try mmlint(["check", root, "-q", "--format", "sarif", "-o", fifo])
        XCTAssertEqual(r.code, 1, r.err)
        for _ in 0..<100 where got.slots()[0] == nil { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertTrue(String(decoding: got.slots()[0] ?? Data(), as: UTF8.self).contains("\"$schema\""), "the FIFO's reader got no report")
        XCTAssertEqual(fileType(fifo), S_IFIFO, "the FIFO was replaced by a file")
    }

    func testOutputToADeviceIsNeverReplaced() throws {
        let root = try guardedDemo()
        let before = fileType("/dev/null")
        XCTAssertEqual(before, S_IFCHR)
        let r = try mmlint(["check", root, "-q", "--sarif-output", "/dev/null", "--json-output", "/dev/null", "-o", "/dev/null"])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertEqual(fileType("/dev/null"), S_IFCHR, "/dev/null was replaced (as root this breaks the machine)")
        XCTAssertEqual(r.out, "")
    }

    func testDashAndDevStdoutAreStandardOutput() throws {
        let root = try guardedDemo()
        let dash = try mmlint(["check", root, "-q", "--format", "json", "-o", "-"], cwd: tmp.path)
        XCTAssertTrue(dash.out.hasPrefix("{"), dash.out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("-").path), "a file named '-' was written")
        let dev = try mmlint(["check", root, "-q", "--format", "text", "--sarif-output", "/dev/stdout"])
        XCTAssertTrue(dev.out.contains("[use-mm-without-mmget]") && dev.out.contains("\"$schema\""), dev.out)
        XCTAssertTrue(Files.descriptor(of: "/proc/self/fd/63") == 63 && Files.descriptor(of: "/dev/fd/5") == 5)
        XCTAssertThrowsError(try Files.outputTarget(tmp.path), "a folder is not an output")
    }

    // MARK: 2. no path: the current folder, or the repository's top

    func testNoPathMeansTheCurrentFolder() throws {
        let root = try guardedDemo()
        let r = try mmlint(["check", "--format", "json"], cwd: root + "/drivers")
        XCTAssertTrue(r.out.contains("\"root\" : \"\(root)/drivers\""), r.out.prefix(400).description)
        let empty = tmp.appendingPathComponent("empty").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let none = try mmlint(["check"], cwd: empty)
        XCTAssertEqual(none.code, 2, "a folder without C must not fall back to the demo tree")
        XCTAssertFalse(none.out.contains("fakeaccel"), none.out)
    }

    func testStagedWithoutPathAnalyzesTheRepository() throws {
        let root = try demoCopy()
        try git(["init", "-q"], in: root)
        try git(["add", "-A"], in: root)
        try git(["commit", "-q", "--no-verify", "-m", "demo"], in: root)
        let bad = root + "/drivers/misc/fakeaccel/fac_extra.c"
        try """
        #include <linux/mmlint_stub.h>
        #include "fakeaccel.h"

        void fac_extra_work(struct work_struct *work)
        {
        \tstruct fac_ctx *ctx = container_of(work, struct fac_ctx, fence_work);

        \tkthread_use_mm(ctx->mm);
        \tkthread_unuse_mm(ctx->mm);
        }

        """.write(toFile: bad, atomically: true, encoding: .utf8)
        try git(["add", "-A"], in: root)
        // From a subfolder, as a hook or a user in an editor's terminal would.
        let r = try mmlint(["check", "--staged"], cwd: root + "/drivers/misc")
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertTrue(r.out.contains("fac_extra.c:8:") && r.out.contains("use-mm-without-mmget"), r.out)
    }

    // MARK: 3. nothing analyzed is not success

    func testNothingAnalyzedExitsTwo() throws {
        let bin = tmp.appendingPathComponent("x.c").path
        var junk = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 7) })
        junk[0] = 0x7f
        try junk.write(to: URL(fileURLWithPath: bin))
        let r = try mmlint(["check", bin])
        XCTAssertEqual(r.code, 2, r.err)
        XCTAssertTrue(r.err.contains("x.c: not analyzed") || r.out.contains("x.c: not analyzed"), r.out + r.err)
        XCTAssertTrue(r.err.contains("nothing was analyzed"), r.err)
        let patch = tmp.appendingPathComponent("0001-fix.patch").path
        try "From 1 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n\ndiff --git a/x.c b/x.c\n".write(toFile: patch, atomically: true, encoding: .utf8)
        assertOneLineError(try mmlint(["check", patch]), "a patch, not a C source file")
        let text = tmp.appendingPathComponent("notc.txt").path
        try "hello\n".write(toFile: text, atomically: true, encoding: .utf8)
        assertOneLineError(try mmlint(["check", text]), "not a C source file")
    }

    func testStagedFileThatDoesNotParseFailsTheHook() throws {
        let root = try demoCopy()
        try git(["init", "-q"], in: root)
        try git(["add", "-A"], in: root)
        try git(["commit", "-q", "--no-verify", "-m", "demo"], in: root)
        // Mentions the vocabulary (so it is selected) and does not parse.
        try "#include <linux/mmlint_stub.h>\nvoid broken(struct mm_struct *mm) { kthread_use_mm(mm) }}}\n"
            .write(toFile: root + "/drivers/broken.c", atomically: true, encoding: .utf8)
        try git(["add", "-A"], in: root)
        let r = try mmlint(["check", "--staged", "--quiet"], cwd: root)
        XCTAssertEqual(r.code, 2, r.out + r.err)
        XCTAssertTrue(r.err.contains("drivers/broken.c: the staged file could not be analyzed") && r.err.contains("--no-verify"), r.err)
    }

    // MARK: 4. the summary comes after the report

    func testSummaryFollowsTheReportInOneStream() throws {
        let root = try guardedDemo()
        let both = tmp.appendingPathComponent("both.txt")
        _ = FileManager.default.createFile(atPath: both.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = ["check", root]
        var e = ProcessInfo.processInfo.environment
        e["MMLINT_RULES"] = rulesDir
        e["MMLINT_CACHE_DIR"] = tmp.appendingPathComponent("cache").path
        p.environment = e
        let h = try FileHandle(forWritingTo: both)
        p.standardOutput = h
        p.standardError = h
        try p.run()
        p.waitUntilExit()
        let lines = try String(contentsOf: both, encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(lines.last?.hasPrefix("mmlint: C tree") == true, "the summary is not last:\n\(lines.suffix(3))")
        XCTAssertEqual(lines.filter { $0.hasPrefix("mmlint: C tree") }.count, 1)
    }

    // MARK: 5. Ctrl-C removes the precompiled headers and reaps the workers

    /// A tiny prepared "kernel" whose files share headers, so a PCH is built; one file hangs.
    func fakeKernel() throws -> String {
        let k = "kernel"
        try kernelSkeleton(k)
        for n in ["a", "b", "c", "d", "e"] {
            try write("\(k)/drivers/fake/\(n).c",
                      "#include <linux/mmlint_stub.h>\nvoid \(n)_work(struct mm_struct *mm)\n{\n\tkthread_use_mm(mm);\n\tkthread_unuse_mm(mm);\n}\n")
        }
        return tmp.appendingPathComponent(k).path
    }

    func testInterruptRemovesThePCHFolderAndReapsWorkers() throws {
        let root = try fakeKernel()
        let tmpdir = tmp.appendingPathComponent("tmpdir").path
        try FileManager.default.createDirectory(atPath: tmpdir, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = ["check", root, "-j", "2"]
        var e = ProcessInfo.processInfo.environment
        e["MMLINT_RULES"] = rulesDir
        e["MMLINT_CACHE_DIR"] = tmp.appendingPathComponent("cache").path
        e["TMPDIR"] = tmpdir
        e["MMLINT_DEBUG_HANG_ON"] = "e.c"
        p.environment = e
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        func pchFolders() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: tmpdir)) ?? []).filter { $0.hasPrefix("mmlint-pch-") }
        }
        var waited = 0.0
        while pchFolders().isEmpty && waited < 30 { Thread.sleep(forTimeInterval: 0.1); waited += 0.1 }
        XCTAssertFalse(pchFolders().isEmpty, "no PCH folder appeared: the test tree does not exercise the cleanup")
        Thread.sleep(forTimeInterval: 0.5)
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 128 + SIGINT)
        XCTAssertEqual(pchFolders(), [], "Ctrl-C left the PCH folder behind")
        XCTAssertEqual(workerCount(), 0, "parse workers outlived the interrupt")
    }

    // MARK: 6. the real reason

    func testReasonsAreSaidInTheSummary() throws {
        let big = tmp.appendingPathComponent("big.c").path
        try Data(repeating: UInt8(ascii: " "), count: 2 << 20).write(to: URL(fileURLWithPath: big))
        let r = try mmlint(["check", big, "--max-file-size", "1"])
        XCTAssertEqual(r.code, 2, r.err)
        XCTAssertTrue(r.err.contains("big.c: not analyzed: larger than 1 MB"), r.err)
        XCTAssertTrue(r.err.contains("1 larger than --max-file-size"), r.err)
        XCTAssertFalse(r.err.contains("other arch"), r.err)
    }

    func testUnreadableFileSaysPermissionDenied() throws {
        let f = tmp.appendingPathComponent("secret.c").path
        try "int x;\n".write(toFile: f, atomically: true, encoding: .utf8)
        chmod(f, 0)
        chmod(tmp.path, 0o755)
        var args = ["check", f]
        var run = exe
        if getuid() == 0 {
            // root reads anything: drop to nobody (util-linux setpriv), as a normal user would be.
            try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "setpriv is needed to run as a user")
            args = ["--reuid=65534", "--regid=65534", "--clear-groups", exe] + args
            run = "/usr/bin/setpriv"
        }
        let (code, text) = try runProcess(run, args, env: ["MMLINT_RULES": rulesDir, "MMLINT_CACHE_DIR": "/nonexistent-cache"])
        XCTAssertEqual(code, 2, text)
        XCTAssertTrue(text.contains("secret.c: not analyzed: cannot read: Permission denied"), text)
    }

    // MARK: 7. --confirmed-only keeps what replay never judges

    func testConfirmedOnlyKeepsRulesWithoutAnAdversary() throws {
        let dir = fixtures.appendingPathComponent("cross-file/aio-leak").path
        let all = try mmlint(["check", dir, "--format", "json"])
        let only = try mmlint(["check", dir, "--format", "json", "--confirmed-only"])
        XCTAssertTrue(all.out.contains("\"mm-ref-imbalance\""), all.out)
        XCTAssertTrue(only.out.contains("\"mm-ref-imbalance\""), "the aio leak disappeared with --confirmed-only")
        XCTAssertEqual(only.code, 1)
    }

    // MARK: 8. unused suppressions

    func testUnusedSuppressionIsANote() throws {
        let root = try guardedDemo()
        let sup = tmp.appendingPathComponent("sup.yml").path
        try """
        - fingerprint: 0123456789abcdef0123456789abcdef
          justification: stale, the finding was fixed long ago
        """.write(toFile: sup, atomically: true, encoding: .utf8)
        let r = try mmlint(["check", root, "--suppressions", sup, "--format", "json"])
        XCTAssertTrue(r.out.contains("mmlint-unused-suppression") && r.out.contains("0123456789abcdef0123456789abcdef"), r.out)
        let fail = try mmlint(["check", root, "--suppressions", sup, "--fail-on", "note", "--exit-zero"])
        XCTAssertEqual(fail.code, 0)
        // An entry tied to a file this run did not analyze is not judged.
        try """
        - fingerprint: 0123456789abcdef0123456789abcdef
          justification: stale, the finding was fixed long ago
          at: drivers/other/elsewhere.c:10
        """.write(toFile: sup, atomically: true, encoding: .utf8)
        XCTAssertFalse(try mmlint(["check", root, "--suppressions", sup, "--format", "json"]).out.contains("mmlint-unused-suppression"))
    }

    // MARK: 9. command-line edges

    func testCommandLineEdges() throws {
        let root = try guardedDemo()
        let help = try mmlint(["kbuild", "--help"])
        XCTAssertEqual(help.code, 0, help.err)
        XCTAssertTrue(help.out.contains("make C=1"), help.out)
        assertOneLineError(try mmlint(["check", root, "-j", "-3"]), "got '-3'")
        assertOneLineError(try mmlint(["check", root, "--file-timeout", "-1"]), "--file-timeout")
        assertOneLineError(try mmlint(["check", root, "--max-file-size", "-1"]), "--max-file-size")
        assertOneLineError(try mmlint(["check", root, "--fail-on", "bogus"]), "got 'bogus'")
        assertOneLineError(try mmlint(["check", root, "--rules", "/nope"]), "/nope: cannot read the rules folder: no such folder")
        XCTAssertEqual(try mmlint(["check", root, "-q", "-j", "0"]).code, 1, "-j 0 means one job per core")
        let checkHelp = try mmlint(["check", "--help"]).out
        XCTAssertFalse(checkHelp.contains("<p>") || checkHelp.contains("<I>"), checkHelp)
        XCTAssertTrue(checkHelp.contains("--compile-db"), checkHelp)
        for cmd in ["rules", "explain"] {
            let h = try mmlint([cmd, "--help"]).out
            XCTAssertFalse(h.contains("--jobs") || h.contains("--kernel-version"), "\(cmd) --help:\n\(h)")
        }
        XCTAssertFalse(try mmlint(["install-hook", "--help"]).out.contains("(default: the current folder). (default"))
        XCTAssertTrue(try mmlint(["test", "--help"]).out.contains("--verbose") && (try mmlint(["test", "--help"]).out.contains("passing")))
        let t = try mmlint(["check", root, "--timings", "--no-cache"])
        XCTAssertTrue(t.err.contains("no cache") && !t.err.contains("not writable"), t.err)
        XCTAssertTrue(try mmlint(["flags", "-p", root, root + "/drivers/misc/fakeaccel/fakeaccel_main.c"]).code == 2,
                      "flags takes -p like check (and says there is no compile_commands.json)")
    }

    func testHookPrefersMMLintOnPath() throws {
        let root = try demoCopy()
        try git(["init", "-q"], in: root)
        let r = try mmlint(["install-hook", "--repo", root])
        XCTAssertEqual(r.code, 0, r.err)
        let hook = try String(contentsOfFile: root + "/.git/hooks/pre-commit", encoding: .utf8)
        XCTAssertTrue(hook.contains("command -v mmlint"), hook)
        XCTAssertFalse(hook.contains("--rules"), "the hook must not pin a rules folder that moves with the checkout:\n\(hook)")
        XCTAssertTrue(r.out.contains("no mmlint on PATH") || r.out.contains("from PATH"), r.out)
    }

    // MARK: 10. install: rules found from PREFIX/share, a demo copy parses on its own

    func testInstalledLayoutFindsItsRules() throws {
        let prefix = tmp.appendingPathComponent("prefix")
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("share/mmlint"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: exe, toPath: prefix.appendingPathComponent("bin/mmlint").path)
        try FileManager.default.copyItem(atPath: rulesDir, toPath: prefix.appendingPathComponent("share/mmlint/Rules").path)
        let (code, text) = try runProcess(prefix.appendingPathComponent("bin/mmlint").path, ["rules"], unset: ["MMLINT_RULES"])
        XCTAssertEqual(code, 0, text)
        XCTAssertTrue(text.contains("use-mm-without-mmget"), text)
        XCTAssertEqual(defaultRulesDirectory(executable: prefix.appendingPathComponent("bin/mmlint").path),
                       prefix.appendingPathComponent("share/mmlint/Rules").path)
    }

    func testACopyOfTheDemoParsesOnItsOwn() throws {
        let copy = tmp.appendingPathComponent("democopy").path
        try FileManager.default.copyItem(atPath: demoTree, toPath: copy)
        let r = try mmlint(["check", copy])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertTrue(r.err.contains("4 parsed, 0 failed"), r.err)
    }

    /// The whole repository at once (every fixture folder as one tree): rules that read the
    /// summaries must not run before them (a debug build asserts it).
    func testEveryFixtureTogether() throws {
        let r = try mmlint(["check", "-q", fixtures.path])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertFalse(r.err.contains("Assertion failed") || r.err.contains("Fatal error"), r.err)
    }

    // MARK: 11. the README says what the code does

    /// The shape of a JSON value: keys (sorted, as the report writes them), arrays by the union
    /// of their elements' shapes.
    /// Objects keyed by data (flag sources, rule ids, verdicts) are `{…}`.
    func shape(_ v: Any) -> String {
        if let d = v as? [String: Any] {
            return "{" + d.keys.sorted().map { k in
                let s = ["flagSources", "rules", "verdicts"].contains(k) ? "{…}" : shape(d[k]!)
                return s.isEmpty ? "\"\(k)\"" : "\"\(k)\":\(s)"
            }.joined(separator: ",") + "}"
        }
        if let a = v as? [Any] {
            var union: [String: Any] = [:]
            var leaf = false
            for e in a {
                if let d = e as? [String: Any] { union.merge(d) { old, _ in old } } else { leaf = true }
            }
            if union.isEmpty || leaf { return "[…]" }
            return "[" + shape(union) + "]"
        }
        return ""
    }

    func testReadmeJSONShapeIsTheReportsShape() throws {
        let root = try guardedDemo()
        let r = try mmlint(["check", root, "--format", "json", "--timings"])
        let top = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let actual = shape(top)
        let readme = try String(contentsOf: repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let documented = try XCTUnwrap(readme.components(separatedBy: "<!-- json-shape -->").dropFirst().first?
            .components(separatedBy: "<!-- /json-shape -->").first)
        let flat = documented.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: "")
            .replacingOccurrences(of: "`", with: "")
        XCTAssertEqual(flat, actual, "README's JSON shape differs from the report; the report's is:\n\(actual)")
        XCTAssertTrue(readme.contains("MMLINT_RULES") && readme.contains("MMLINT_CACHE_DIR"), "README documents the environment")
    }

    /// Where there is no terminal (CI, a hook), progress comes as plain lines on stderr — never
    /// on stdout, never with terminal escapes — and `-q` silences it.
    func testProgressIsPlainLinesOnStderrWithoutATerminal() throws {
        let r = try mmlint(["check", "--no-cache", demoTree], env: ["MMLINT_PROGRESS_INTERVAL": "0"])
        XCTAssertEqual(r.code, 1, r.err)
        let lines = r.err.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("mmlint: parsed 4/4 files in ") }, r.err)
        XCTAssertFalse(r.err.contains("\u{1b}") || r.err.contains("\r"), r.err)
        XCTAssertFalse(r.out.contains("mmlint: parsed"), r.out)
        let quiet = try mmlint(["check", "--no-cache", "-q", demoTree], env: ["MMLINT_PROGRESS_INTERVAL": "0"])
        XCTAssertFalse(quiet.err.contains("mmlint: parsed"), quiet.err)
        // The default interval (10 s) prints nothing for a run this short.
        XCTAssertFalse(try mmlint(["check", "--no-cache", demoTree]).err.contains("mmlint: parsed"))
    }

    /// The default text is what gcc and smatch users scan: headline, whose mm, related
    /// locations and a one-line replay verdict saying what `-v` adds; `-v` has the path, the
    /// reason and the witness, its second lane folded to the terminal's width ($COLUMNS here).
    func testDefaultTextIsShortAndVerboseHasTheWitness() throws {
        let short = try mmlint(["check", "--no-cache", demoTree])
        XCTAssertEqual(short.code, 1, short.err)
        XCTAssertFalse(short.out.contains("note: path:") || short.out.contains("CPU 0:") || short.out.contains("replay assumes"), short.out)
        XCTAssertTrue(short.out.contains("note: replay: confirmed [fault-races-unmap] (-v: the path, the reason, 1 assumption and the two-CPU witness)"), short.out)
        XCTAssertLessThanOrEqual(short.out.split(separator: "\n").count, 12, short.out)
        let long = try mmlint(["check", "--no-cache", "-v", demoTree], env: ["COLUMNS": "80"])
        XCTAssertTrue(long.out.contains("note: path:") && long.out.contains("note: replay assumes:"), long.out)
        let lanes = long.out.split(separator: "\n").filter { $0.hasPrefix("    CPU 0: ") }
        XCTAssertFalse(lanes.isEmpty, long.out)
        for l in lanes { XCTAssertEqual(l.range(of: "CPU 1: ").map { l.distance(from: l.startIndex, to: $0.lowerBound) }, 4 + 38, String(l)) }
        // A call and the assignment of its result on one line are one path step.
        let freed = try mmlint(["check", "--no-cache", "-v", fixtures.appendingPathComponent("rules/mapped-memory-freed").path])
        XCTAssertTrue(freed.out.contains("freed.c:51: assign d = platform_get_drvdata(pdev)"), freed.out)
        XCTAssertFalse(freed.out.contains("freed.c:51: call platform_get_drvdata(pdev)"), freed.out)
        // The one-line forms keep what they had: concise, JSON.
        XCTAssertTrue(try mmlint(["check", "--no-cache", "--format", "json", demoTree]).out.contains("\"trace\""))
    }

    /// `mmlint replay` uses the facts cache as check does: after a check, showing one finding's
    /// witness parses nothing again (on 6.12: 0.7 s instead of a cold run).
    func testReplayUsesTheFactsCache() throws {
        let out = tmp.appendingPathComponent("r.json").path, cache = tmp.appendingPathComponent("cache").path
        XCTAssertEqual(try mmlint(["check", "--format", "json", "-o", out, "--cache-dir", cache, demoTree]).code, 1)
        let before = try FileManager.default.subpathsOfDirectory(atPath: cache).count
        XCTAssertGreaterThan(before, 0)
        let r = try mmlint(["replay", out, "--index", "0", "--cache-dir", cache])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.contains("note: replay: confirmed"), r.out)
        let none = tmp.appendingPathComponent("none").path
        XCTAssertEqual(try mmlint(["replay", out, "--index", "0", "--cache-dir", none, "--no-cache"]).code, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: none), "--no-cache writes no cache")
        XCTAssertEqual(try mmlint(["replay", out, "--index", "0", "--cache-dir", none]).code, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: none), "replay fills the cache it is given")
    }
}
