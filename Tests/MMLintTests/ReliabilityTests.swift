import Checker
import Facts
import Foundation
import Index
import KernelTree
@testable import MMLint
import XCTest

/// Whatever mmlint is fed, it finishes, says in one line what it could not do, and damages
/// nothing. These run the built executable (`swift test` builds it) the way a user or CI does.
final class ReliabilityTests: CLITestCase {
    // MARK: bad input

    /// A run killed before it removed its precompiled headers leaves a folder; the next run
    /// removes it (and never another live run's).
    func testOrphanPCHFoldersAreRemoved() throws {
        let tmp = NSTemporaryDirectory()
        let dead = tmp + "mmlint-pch-999999-deadbeef", mine = tmp + "mmlint-pch-\(getpid())-cafecafe"
        for d in [dead, mine] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(atPath: mine) }
        XCTAssertNotEqual(kill(999999, 0), 0, "pid 999999 exists on this machine: pick another for the test")
        Precompiled.removeOrphans()
        XCTAssertFalse(FileManager.default.fileExists(atPath: dead))
        XCTAssertTrue(FileManager.default.fileExists(atPath: mine))
    }

    /// What decides whether a file may take its group's PCH: the `<...>` headers it includes,
    /// itself or through the quoted headers of its folder, the macros it sets before its last
    /// include, and the names the PCH's headers test.
    func testPCHScanAndConditionalNames() throws {
        try write("a.c", """
            #define pr_fmt(fmt) "a: " fmt
            #include <linux/mm.h>
            #include <linux/slab.h>
            #define DRV_NAME "a"
            #undef VERBOSE
            #include "local.h"
            # include <linux/after.h>
            #define AFTER_ALL 1
            int x;
            """)
        try write("local.h", "#include <linux/slab.h>\n#include <linux/from_local.h>\n#include \"deeper.h\"\n#define LOCAL_ONLY 1\n")
        try write("deeper.h", "#include <linux/deeper.h>\n#include \"local.h\"\n")
        let s = Precompiled.scan(tmp.appendingPathComponent("a.c").path)
        XCTAssertEqual(s.includes, ["linux/mm.h", "linux/slab.h", "linux/from_local.h", "linux/deeper.h", "linux/after.h"],
                       "every include, those of the local headers in place (a cycle read once)")
        XCTAssertEqual(s.definedBeforeInclude, ["DRV_NAME", "VERBOSE"])
        try write("h.h", """
            #ifndef _H
            #if defined(DEBUG) && IS_ENABLED(CONFIG_X)
            #elif VERBOSE
            #endif
            #include TRACE_INCLUDE(TRACE_FILE)
            #include <linux/types.h>
            int DRV_NAME_in_code;
            """)
        let names = Precompiled.conditionalNames([tmp.appendingPathComponent("h.h").path])
        for n in ["_H", "DEBUG", "IS_ENABLED", "CONFIG_X", "VERBOSE", "TRACE_INCLUDE", "TRACE_FILE"] { XCTAssertTrue(names.contains(n), n) }
        for n in ["DRV_NAME_in_code", "linux", "types"] { XCTAssertFalse(names.contains(n), n) }
    }

    /// A file that sets a macro the PCH's headers test before including them is parsed without
    /// the PCH (with it, the headers would be read without the macro); the others take it.
    func testPCHLeavesOutFilesThatSetTestedMacros() throws {
        try write("include/linux/cfg.h", """
            #ifndef _CFG_H
            #define _CFG_H
            #ifdef WANT_EXTRA
            static inline int cfg_extra(void) { return 1; }
            #endif
            static inline int cfg_base(void) { return 0; }
            #endif
            """)
        for n in ["a", "b", "c"] { try write("\(n).c", "#include <linux/cfg.h>\nint \(n)(void) { return cfg_base(); }\n") }
        try write("d.c", "#define WANT_EXTRA 1\n#include <linux/cfg.h>\nint d(void) { return cfg_extra(); }\n")
        var o = CheckOptions(paths: [tmp.path], rulesDir: rulesDir, jobs: 2)
        o.prefilter = false; o.pch = true; o.timings = true
        let r = try MMLint.check(o)
        XCTAssertEqual(r.stats.filesParsed, 4, "\(r.stats.failed)")
        XCTAssertEqual(r.stats.timings?.pchBuilt, 1)
        XCTAssertEqual(r.stats.timings?.pchFiles, 3)
        XCTAssertEqual(r.stats.timings?.pchFallbacks, 0)
        // A staged (unsaved) version of a header the PCH holds: the PCH, built from the disk,
        // is not used; the staged header is what the files see.
        o.overlay = [tmp.appendingPathComponent("include/linux/cfg.h").path:
                        "static inline int cfg_base(void) { return 2; }\nstatic inline int cfg_extra(void) { return 3; }\n"]
        let staged = try MMLint.check(o)
        XCTAssertEqual(staged.stats.filesParsed, 4, "\(staged.stats.failed)")
        XCTAssertEqual(staged.stats.timings?.pchFiles, 0)
    }

    /// Headers that do not build in the PCH's company (one that needs a macro its files define
    /// first) and headers without an include guard (a file including one again would define
    /// its functions twice) are left out, found from the build's own diagnostics; the rest is
    /// shared and no file falls back to a plain parse.
    func testPCHLeavesOutHeadersThatDoNotBuildOrHaveNoGuard() throws {
        try write("include/linux/good.h", "#ifndef G_H\n#define G_H\nstatic inline int good(void) { return 0; }\n#endif\n")
        try write("include/linux/needs_ctx.h", "#ifndef N_H\n#define N_H\n#ifndef CTX\n#error \"define CTX first\"\n#endif\nstatic inline int ctx(void) { return CTX; }\n#endif\n")
        try write("include/linux/unguarded.h", "static inline int unguarded(void) { return 2; }\n")
        for n in ["a", "b", "c"] {
            try write("\(n).c", "#include <linux/good.h>\n#include <linux/unguarded.h>\n#define CTX 1\n#include <linux/needs_ctx.h>\nint \(n)(void) { return good() + ctx() + unguarded(); }\n")
        }
        var o = CheckOptions(paths: [tmp.path], rulesDir: rulesDir, jobs: 2)
        o.prefilter = false; o.pch = true; o.timings = true
        let r = try MMLint.check(o)
        XCTAssertEqual(r.stats.filesParsed, 3, "\(r.stats.failed)")
        XCTAssertEqual(r.stats.timings?.pchBuilt, 1)
        XCTAssertEqual(r.stats.timings?.pchFiles, 3)
        XCTAssertEqual(r.stats.timings?.pchFallbacks, 0, "linux/unguarded.h in the PCH would be defined twice")
    }

    /// Include guards as clang's multiple-include optimization sees them, in the spellings
    /// kernel headers use.
    func testIncludeGuardSpellings() throws {
        let cases: [(String, Bool)] = [
            ("/* SPDX */\n#ifndef _LINUX_A_H\n#define _LINUX_A_H\n#ifdef CONFIG_X\nint x;\n#endif\n#endif /* _LINUX_A_H */\n", true),
            ("#if !defined(_B_H)\n#define _B_H\nint b;\n#endif\n", true),
            ("# ifndef C_H\n# define C_H\n#endif\n", true),
            ("#ifndef SD_FLAG\n# error \"needs SD_FLAG\"\n#endif\nSD_FLAG(x)\n", false),
            ("#include <linux/fs.h>\n#define DEVCG 1\nstatic inline int f(void) { return 0; }\n", false),
            ("#ifndef _TRACE_T_H\n#define _TRACE_T_H\nint t;\n#endif\n#include <trace/define_trace.h>\n", false),
            ("#ifndef D_H\n#define OTHER_H\n#endif\n", false),
        ]
        for (i, (text, guarded)) in cases.enumerated() {
            try write("g\(i).h", text)
            XCTAssertEqual(Precompiled.hasIncludeGuard(tmp.appendingPathComponent("g\(i).h").path), guarded, text)
        }
    }

    /// A PCH holds only headers from include dirs every file of its group has: a header found
    /// through one driver's own `-I` is not forced on files that resolve that name elsewhere.
    /// PCHs build while files parse: a worker takes the first file in order that is ready
    /// (no PCH, or its group's built), waits only when every file left waits, and a file gets
    /// the PCH its group's build gave it (none when the build gave it none).
    func testParseQueueWaitsOnlyForItsOwnGroup() throws {
        let built = Precompiled.Built(pch: "/tmp/g0.pch", includes: ["a.h"], reads: ["a.h"])
        // Positions 0 and 2 wait for group 0, 3 for group 1; 1 takes no PCH.
        let q = ParseQueue(count: 4, groupOf: [0: 0, 2: 0, 3: 1])
        XCTAssertEqual(q.next()?.0, 1)
        let waiter = DispatchGroup()
        nonisolated(unsafe) var got: [(Int, String?)] = []
        DispatchQueue.global().async(group: waiter) {
            while let (k, b) = q.next() { got.append((k, b?.pch)) }
        }
        XCTAssertEqual(waiter.wait(timeout: .now() + 0.3), .timedOut, "every file left waits for a PCH")
        q.finished(1, takers: [])          // group 1 built nothing: position 3 parses plainly
        q.finished(0, takers: [(built, [2])])
        XCTAssertEqual(waiter.wait(timeout: .now() + 5), .success)
        XCTAssertEqual(got.map(\.0).sorted(), [0, 2, 3])
        XCTAssertEqual(got.first { $0.0 == 2 }?.1, "/tmp/g0.pch")
        XCTAssertNil(got.first { $0.0 == 0 }?.1 ?? nil, "a file its group's build did not take parses plainly")
        XCTAssertNil(got.first { $0.0 == 3 }?.1 ?? nil)
        XCTAssertEqual(q.assigned.keys.sorted(), [2])
    }

    func testPCHHoldsOnlyHeadersOfSharedIncludeDirs() throws {
        try write("common/linux/base.h", "#ifndef B_H\n#define B_H\nstatic inline int base(void) { return 0; }\n#endif\n")
        try write("own/one/linux/drv.h", "#ifndef D_H\n#define D_H\nstatic inline int drv(void) { return 1; }\n#endif\n")
        try write("own/two/linux/drv.h", "#ifndef D_H\n#define D_H\nstatic inline int drv(void) { return 2; }\n#endif\n")
        var entries: [String] = []
        for (n, own) in [("a", "one"), ("b", "one"), ("c", "two"), ("d", "two")] {
            try write("\(n).c", "#include <linux/base.h>\n#include <linux/drv.h>\nint \(n)(void) { return base() + drv(); }\n")
            entries.append("{\"directory\": \"\(tmp.path)\", \"file\": \"\(n).c\", \"arguments\": [\"cc\", \"-c\", \"-Icommon\", \"-Iown/\(own)\", \"\(n).c\"]}")
        }
        try write("compile_commands.json", "[" + entries.joined(separator: ",\n") + "]\n")
        var o = CheckOptions(paths: [tmp.path], rulesDir: rulesDir, jobs: 2)
        o.prefilter = false; o.pch = true; o.timings = true
        let r = try MMLint.check(o)
        XCTAssertEqual(r.stats.filesParsed, 4, "\(r.stats.failed)")
        // linux/base.h, which every file finds in common/, is shared; linux/drv.h is not: a PCH
        // with own/one/linux/drv.h would give c and d the wrong drv().
        XCTAssertEqual(r.stats.timings?.pchBuilt, 1)
        XCTAssertEqual(r.stats.timings?.pchFiles, 4)
        XCTAssertEqual(r.stats.timings?.pchFallbacks, 0)
        let plain = try MMLint.check({ var p = o; p.pch = false; return p }())
        XCTAssertEqual(r.findings.map(\.message), plain.findings.map(\.message))
    }

    /// A macro's `__COUNTER__` locals (`__UNIQUE_ID_x_1121` of min_t, pr_debug's descriptor) are
    /// numbered within their function: the facts do not depend on how many came before in the
    /// translation unit (a precompiled header shifts the counter).
    func testCounterNamesDoNotDependOnWhatCameBefore() throws {
        let body = """
            #define ___PASTE(a, b) a##b
            #define __PASTE(a, b) ___PASTE(a, b)
            #define __UID(p) __PASTE(__PASTE(__UNIQUE_ID_, p), __COUNTER__)
            #define __MIN(a, b, ux, uy) ({ int ux = (a); int uy = (b); ux < uy ? ux : uy; })
            #define MIN(a, b) __MIN(a, b, __UID(x_), __UID(y_))
            int f(int a, int b) { int r; r = MIN(a, b); r = MIN(b, a); return r; }

            """
        try write("shifted.c", "enum { E1 = __COUNTER__, E2 = __COUNTER__, E3 = __COUNTER__ };\n" + body)
        try write("plain.c", "enum { E1 = 0, E2 = 0, E3 = 0 };\n" + body)
        let tree = try Tree.discover(path: tmp.path)
        let facts = MMLint.parseAll([tmp.appendingPathComponent("plain.c").path, tmp.appendingPathComponent("shifted.c").path], tree: tree, jobs: 1)
        let enc = JSONEncoder(); enc.outputFormatting = .sortedKeys
        XCTAssertEqual(facts.map(\.errorCount), [0, 0])
        let fns = facts.map { $0.functions.first { $0.name == "f" } }
        XCTAssertEqual(String(decoding: try enc.encode(fns[0]?.nodes), as: UTF8.self),
                       String(decoding: try enc.encode(fns[1]?.nodes), as: UTF8.self).replacingOccurrences(of: "shifted.c", with: "plain.c"))
        let text = String(decoding: try enc.encode(fns[1]?.nodes), as: UTF8.self)
        for n in ["__UNIQUE_ID_x_1", "__UNIQUE_ID_x_2", "__UNIQUE_ID_y_1"] { XCTAssertTrue(text.contains(n), n) }
        XCTAssertFalse(text.contains("__UNIQUE_ID_x_3"), text)
    }

    /// Summaries reach a fixpoint: functions in a recursive cycle whose summaries are empty are
    /// summarized a bounded number of times (an empty summary compared with the stored "none"
    /// re-queued its callers forever, until the step limit, cutting off the rest of the queue).
    func testEmptySummariesInACycleConverge() throws {
        let root = tmp.appendingPathComponent("tree")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("demo/include"), to: root.appendingPathComponent("include"))
        try write("tree/cycle.c", """
            #include <linux/mmlint_stub.h>
            static void walk_b(struct task_struct *t, int n);
            static void walk_a(struct task_struct *t, int n)
            {
                struct mm_struct *mm = get_task_mm(t);
                if (mm)
                    mmput(mm);
                if (n)
                    walk_b(t, n - 1);
            }
            static void walk_b(struct task_struct *t, int n)
            {
                if (n)
                    walk_a(t, n - 1);
            }
            void walk(struct task_struct *t) { walk_a(t, 3); }
            """)
        var o = CheckOptions(paths: [root.path], rulesDir: rulesDir, jobs: 1)
        o.prefilter = false
        let r = try MMLint.check(o)
        XCTAssertEqual(r.stats.filesParsed, 1, "\(r.stats.failed)")
        XCTAssertGreaterThanOrEqual(r.stats.summaries, 3)
        XCTAssertLessThanOrEqual(r.stats.summaries, 6, "the summaries of walk_a/walk_b/walk did not converge")
    }

    /// `mmlint flags FILE`: where a file's arguments come from, and a clear error for a non-C file.
    func testFlagsCommand() throws {
        try write("drivers/x/a.c", "int a;\n")
        let r = try mmlint(["flags", tmp.appendingPathComponent("drivers/x/a.c").path])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("# a.c in "), r.out)   // a plain tree: rooted at the file's folder
        XCTAssertTrue(r.out.contains("flags from plain -I"), r.out)
        XCTAssertTrue(r.out.contains("\n-std=gnu11\n"), r.out)
        try write("notes.txt", "x\n")
        let bad = try mmlint(["flags", tmp.appendingPathComponent("notes.txt").path])
        XCTAssertEqual(bad.code, 2)
        XCTAssertTrue(bad.err.contains("notes.txt: not a C file"), bad.err)
        XCTAssertEqual(bad.err.split(separator: "\n").count, 1, bad.err)
    }

    func testPathsThatAreNotTrees() throws {
        assertOneLineError(try mmlint(["check", "/nonexistent/mmlint"]), "/nonexistent/mmlint: no such file or directory")
        try FileManager.default.createDirectory(at: tmp.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try write("empty/README", "no C here\n")
        assertOneLineError(try mmlint(["check", tmp.appendingPathComponent("empty").path]), "no C files to analyze")
        try write("k/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n")
        try write("k/include/linux/mm.h", "")
        try write("k/mm/x.c", "int x;\n")
        assertOneLineError(try mmlint(["check", tmp.appendingPathComponent("k").path]), "make allmodconfig prepare")
        mkfifo(tmp.appendingPathComponent("fifo.c").path, 0o644)
        assertOneLineError(try mmlint(["check", tmp.appendingPathComponent("fifo.c").path]), "fifo.c: not a regular file")
    }

    func testBadCompileDatabases() throws {
        let root = try demoCopy()
        for (name, text) in [("empty", ""), ("truncated", "[{\"directory\": \"/x\", \"file\": \"a.c\", \"comm"), ("not JSON", "CC=gcc\n")] {
            try text.write(toFile: root + "/compile_commands.json", atomically: true, encoding: .utf8)
            let r = try mmlint(["check", root])
            assertOneLineError(r, root + "/compile_commands.json: ")
            XCTAssertFalse(r.err.isEmpty, name)
        }
        // Entries for missing files, a relative directory, gcc-only and unknown flags, another
        // architecture's file: the run goes on, the real file parses with its entry.
        try """
        [{"directory": ".", "file": "drivers/misc/fakeaccel/fakeaccel_fence.c",
          "command": "gcc -Wp,-MMD,x.d -fno-ipa-cp-clone -fconserve-stack -mno-such-flag -I include -c drivers/misc/fakeaccel/fakeaccel_fence.c"},
         {"directory": "/nonexistent", "file": "gone.c", "command": "gcc -c gone.c"},
         {"directory": ".", "file": "arch/arm64/kernel/x.c", "command": "gcc -c arch/arm64/kernel/x.c"}]
        """.write(toFile: root + "/compile_commands.json", atomically: true, encoding: .utf8)
        let r = try mmlint(["check", root, "--format", "json"])
        XCTAssertEqual(r.code, 1, r.err)
        let stats = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])?["stats"] as? [String: Any])
        XCTAssertEqual(stats["filesFailed"] as? Int, 0, r.out)
        XCTAssertEqual((stats["flagSources"] as? [String: Int])?["compile_commands.json"], 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/x.d"), "-Wp,-MMD must never reach libclang")
    }

    func testHostileSourcesAreReportedNotFatal() throws {
        let root = try demoCopy()
        let d = root + "/drivers/misc/fakeaccel/"
        try Data("int f(void) { return 0; }\n\u{ff}\u{fe}\u{80} kthread_use_mm(x);\n".utf8).write(to: URL(fileURLWithPath: d + "nonutf8.c"))
        try Data([0x69, 0x6e, 0x74, 0x20, 0x78, 0x3b, 0x0a, 0, 0, 0] + Array("kthread_use_mm\n".utf8)).write(to: URL(fileURLWithPath: d + "nul.c"))
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 37) } + Array("kthread_use_mm".utf8)).write(to: URL(fileURLWithPath: d + "binary.c"))
        var deep = "void deep(struct mm_struct *mm) {\n"
        deep += String(repeating: "if (mm) {", count: 300) + " kthread_use_mm(mm); " + String(repeating: "}", count: 300) + "\n}\n"
        deep += "int e = " + String(repeating: "(", count: 3000) + "1" + String(repeating: ")", count: 3000) + ";\n"
        try deep.write(toFile: d + "deep.c", atomically: true, encoding: .utf8)
        var big = "/* generated: kthread_use_mm */\n"
        for i in 0..<60_000 { big += "int big_\(i)(void) { return \(i); }\n" }
        try big.write(toFile: d + "big.c", atomically: true, encoding: .utf8)
        // A symlink loop and a dangling link in the tree.
        try FileManager.default.createSymbolicLink(atPath: root + "/drivers/loop", withDestinationPath: root + "/drivers")
        try FileManager.default.createSymbolicLink(atPath: d + "dangling.c", withDestinationPath: "/nonexistent/x.c")
        mkfifo(d + "fifo.c", 0o644)
        let r = try mmlint(["check", root, "--max-file-size", "1", "--format", "json"])
        XCTAssertEqual(r.code, 1, r.err)   // the demo's findings are still reported
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let failed = Set(((doc["stats"] as? [String: Any])?["failed"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? String })
        for n in ["nonutf8.c", "nul.c", "binary.c", "deep.c"] {
            XCTAssertTrue(failed.contains("drivers/misc/fakeaccel/" + n), "\(n) should be listed as not analyzed: \(failed)")
        }
        let skipped = ((doc["stats"] as? [String: Any])?["skipped"] as? [[String: Any]] ?? [])
        XCTAssertTrue(skipped.contains { ($0["file"] as? String)?.hasSuffix("big.c") == true && ($0["reason"] as? String ?? "").contains("--max-file-size") }, "\(skipped)")
        XCTAssertEqual((doc["findings"] as? [[String: Any]])?.count, 3)
        XCTAssertTrue(r.err.contains("incomplete: 4 file(s) not analyzed"), r.err)
        // --strict: an incomplete run exits 2.
        XCTAssertEqual(try mmlint(["check", root, "--max-file-size", "1", "--strict", "-q"]).code, 2)
    }

    func testRuleFileErrorsNameFileAndLine() throws {
        let rules = tmp.appendingPathComponent("rules").path
        try FileManager.default.copyItem(atPath: rulesDir, toPath: rules)
        try "id: [unclosed\n".write(toFile: rules + "/broken.yml", atomically: true, encoding: .utf8)
        assertOneLineError(try mmlint(["check", demoTree, "--rules", rules]), rules + "/broken.yml:")
        try FileManager.default.removeItem(atPath: rules + "/broken.yml")
        assertOneLineError(try mmlint(["explain", "no-such-rule", "--rules", rules]), "unknown rule 'no-such-rule'")
        try "- fingerprint: nothex\n  justification: because it is fine really\n".write(toFile: tmp.path + "/sup.yml", atomically: true, encoding: .utf8)
        assertOneLineError(try mmlint(["check", demoTree, "--suppressions", tmp.path + "/sup.yml"]), tmp.path + "/sup.yml:1: fingerprint")
        assertOneLineError(try mmlint(["check", demoTree, "--format", "sarif", "-o", tmp.path + "/missing/dir/out.sarif"]), "no such folder")
        assertOneLineError(try mmlint(["check", demoTree, "--no-such-option"]), "Unknown option")
    }

    // MARK: crashes, hangs, interrupts

    func testCrashingParseCostsOnlyItsFile() throws {
        let r = try mmlint(["check", demoTree], env: ["MMLINT_DEBUG_CRASH_ON": "fakeaccel_dirty.c"])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertTrue(r.out.contains("fakeaccel_dirty.c: not analyzed: the parser crashed (signal 11)"), r.out)
        XCTAssertEqual(r.out.components(separatedBy: ": error: ").count - 1, 2, "the two other findings stay")
        XCTAssertTrue(r.err.contains("incomplete: 1 file(s) not analyzed"), r.err)
    }

    func testHangingParseIsKilledAtTheTimeout() throws {
        let r = try mmlint(["check", demoTree, "--file-timeout", "2"], env: ["MMLINT_DEBUG_HANG_ON": "fakeaccel_fence.c"])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertLessThan(r.seconds, 30)
        XCTAssertTrue(r.out.contains("fakeaccel_fence.c: not analyzed: the parse took longer than 2 s"), r.out)
    }

    func testInterruptStopsWorkersAndWritesNothing() throws {
        // ThreadSanitizer defers asynchronous signals to its own safe points: the handler only
        // runs when the hung worker is killed at the time limit (scripts/sanitize sets this).
        try XCTSkipIf(ProcessInfo.processInfo.environment["MMLINT_SANITIZER"] == "thread", "TSan delays signal delivery")
        let out = tmp.appendingPathComponent("report.sarif").path
        let r = try mmlint(["check", demoTree, "--format", "sarif", "-o", out], env: ["MMLINT_DEBUG_HANG_ON": "fakeaccel_fence.c"], interruptAfter: 1.5)
        XCTAssertEqual(r.code, 128 + SIGINT)
        XCTAssertLessThan(r.seconds, 10)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "an interrupted run leaves no report")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path).filter { $0.contains(".tmp") }, [])
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertEqual(workerCount(), 0, "parse workers outlived the interrupt")
    }

    // MARK: the tree is read-only to mmlint; output is deterministic

    func testTreeIsLeftUntouched() throws {
        let root = try demoCopy()
        let before = try snapshot(root)
        let outDir = tmp.appendingPathComponent("out").path
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        try mmlint(["check", root, "--sarif-output", outDir + "/r.sarif", "--json-output", outDir + "/r.json"])
        try mmlint(["baseline", root, "-o", outDir + "/base.json"])
        try mmlint(["replay", outDir + "/r.json", "--index", "0"])
        try mmlint(["kbuild", "--cache-dir=\(outDir)/cache", "-I", root + "/include", root + "/drivers/misc/fakeaccel/fakeaccel_fence.c"], cwd: root)
        XCTAssertEqual(try snapshot(root), before, "mmlint changed, created or touched a file in the analyzed tree")
    }

    func testOutputIsDeterministic() throws {
        for tree in [fixtures.appendingPathComponent("demo").path, fixtures.appendingPathComponent("cross-file").path] {
            for format in ["text", "json", "sarif"] {
                let a = try mmlint(["check", tree, "--all-files", "--format", format, "-j", "1", "-q"])
                let b = try mmlint(["check", tree, "--all-files", "--format", format, "-j", "4", "-q"])
                let c = try mmlint(["check", tree, "--all-files", "--format", format, "-j", "4", "-q", "--in-process"])
                XCTAssertFalse(a.out.isEmpty)
                XCTAssertEqual(a.out, b.out, "\(tree) \(format): -j 1 and -j 4 differ")
                XCTAssertEqual(b.out, c.out, "\(tree) \(format): worker processes and threads differ")
            }
        }
    }

    // MARK: the facts cache

    func testWarmRunParsesOnlyWhatChanged() throws {
        let root = try demoCopy()
        let cache = tmp.appendingPathComponent("facts-cache").path
        func run() throws -> (Run, [String: Any]) {
            let r = try mmlint(["check", root, "--cache-dir", cache, "--timings", "--format", "json"])
            let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
            return (r, try XCTUnwrap((doc["stats"] as? [String: Any])?["timings"] as? [String: Any]))
        }
        let (cold, t1) = try run()
        XCTAssertEqual(t1["cacheHits"] as? Int, 0)
        XCTAssertEqual(t1["cacheMisses"] as? Int, 4)
        let (warm, t2) = try run()
        XCTAssertEqual(t2["cacheHits"] as? Int, 4)
        XCTAssertEqual(t2["cacheMisses"] as? Int, 0)
        XCTAssertEqual(t1["resultReused"] as? Bool, false)
        XCTAssertEqual(t2["resultReused"] as? Bool, true, "nothing changed: the whole result is reused")
        func findings(_ r: Run) throws -> String {
            let d = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
            return String(decoding: try JSONSerialization.data(withJSONObject: d["findings"]!, options: .sortedKeys), as: UTF8.self)
        }
        XCTAssertEqual(try findings(cold), try findings(warm), "cold and warm runs report the same")
        // The reused result answers without the facts (their entries' headers tell that they
        // hold): its counts are the cold run's.
        func counts(_ r: Run) throws -> String {
            var st = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])?["stats"] as? [String: Any])
            st["timings"] = nil; st["seconds"] = nil
            return String(decoding: try JSONSerialization.data(withJSONObject: st, options: .sortedKeys), as: UTF8.self)
        }
        XCTAssertEqual(try counts(cold), try counts(warm))
        // One file changes: only it is parsed; a touched but unchanged header is not a change.
        let fence = root + "/drivers/misc/fakeaccel/fakeaccel_fence.c"
        try (try String(contentsOfFile: fence, encoding: .utf8) + "\n/* edited */\n").write(toFile: fence, atomically: true, encoding: .utf8)
        let hdr = root + "/drivers/misc/fakeaccel/fakeaccel.h"
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: hdr)
        let (_, t3) = try run()
        XCTAssertEqual(t3["cacheMisses"] as? Int, 1)
        XCTAssertEqual(t3["cacheHits"] as? Int, 3)
        XCTAssertEqual(t3["resultReused"] as? Bool, false, "a changed file: index, checker and replay run again")
        // A real header change invalidates every file that includes it.
        try (try String(contentsOfFile: hdr, encoding: .utf8) + "\n/* edited */\n").write(toFile: hdr, atomically: true, encoding: .utf8)
        let (_, t4) = try run()
        XCTAssertEqual(t4["cacheMisses"] as? Int, 4)
        // A corrupted entry is discarded and rebuilt, never trusted.
        let entries = try FileManager.default.subpathsOfDirectory(atPath: cache).filter { $0.hasPrefix("facts-") && $0.hasSuffix(".bin") }
        XCTAssertEqual(entries.count, 4)
        for e in entries { try Data("MMLC garbage".utf8).write(to: URL(fileURLWithPath: cache + "/" + e)) }
        let (again, t5) = try run()
        XCTAssertEqual(t5["cacheMisses"] as? Int, 4)
        XCTAssertEqual(try findings(again), try findings(cold))
        // A parse that failed on a missing header is cached until that header appears.
        try "#include \"gen/made_by_the_build.h\"\nint user_of_gen = GEN_VALUE;\n".write(toFile: root + "/drivers/misc/fakeaccel/gen_user.c", atomically: true, encoding: .utf8)
        func genRun() throws -> (Int, Int, Int) {
            let r = try mmlint(["check", root, "--all-files", "--cache-dir", cache, "--timings", "--format", "json"])
            let d = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
            let st = try XCTUnwrap(d["stats"] as? [String: Any]), t = try XCTUnwrap(st["timings"] as? [String: Any])
            return (t["cacheMisses"] as? Int ?? -1, st["filesFailed"] as? Int ?? -1, t["cacheHits"] as? Int ?? -1)
        }
        XCTAssertEqual(try genRun().1, 1)
        let cached = try genRun()
        XCTAssertEqual(cached.0, 0, "the failure is cached while the header is missing")
        XCTAssertEqual(cached.1, 1)
        try FileManager.default.createDirectory(atPath: root + "/drivers/misc/fakeaccel/gen", withIntermediateDirectories: true)
        try "#define GEN_VALUE 1\n".write(toFile: root + "/drivers/misc/fakeaccel/gen/made_by_the_build.h", atomically: true, encoding: .utf8)
        let appeared = try genRun()
        XCTAssertEqual(appeared.0, 1, "the header appeared: parse again")
        XCTAssertEqual(appeared.1, 0)
        // An unwritable cache costs speed only.
        let file = tmp.appendingPathComponent("plain-file").path
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try mmlint(["check", root, "--cache-dir", file, "--format", "json"])
        XCTAssertEqual(r.code, 1)
        XCTAssertEqual(try findings(r), try findings(cold))
    }

    // MARK: the kbuild cache

    func testKbuildCacheCorruptedOrUnwritable() throws {
        let root = try demoCopy()
        let cache = tmp.appendingPathComponent("cache").path
        let args = ["kbuild", "--cache-dir=\(cache)", "-D__CHECKER__", "--arch=x86", "-Wp,-MMD,x.d", "-I", root + "/include",
                    "drivers/misc/fakeaccel/fakeaccel_fence.c"]
        let first = try mmlint(args, cwd: root)
        XCTAssertEqual(first.code, 0, "kbuild mode exits 0 on findings")
        XCTAssertTrue(first.err.contains("fakeaccel_fence.c:24:2: error:"), first.err)
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache + "/kbuild").filter { $0.hasSuffix(".json") }
        XCTAssertEqual(entries.count, 1)
        try "{\"version\": \"corrupt".write(toFile: cache + "/kbuild/" + entries[0], atomically: true, encoding: .utf8)
        let again = try mmlint(args, cwd: root)
        XCTAssertEqual(again.err, first.err, "a corrupted entry is rebuilt, never trusted")
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cache + "/kbuild/" + entries[0]))))
        let file = tmp.appendingPathComponent("not-a-dir").path
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let noCache = try mmlint(["kbuild", "--cache-dir=\(file)"] + args.dropFirst(2), cwd: root)
        XCTAssertEqual(noCache.code, 0)
        XCTAssertTrue(noCache.err.contains("cache not writable") && noCache.err.contains("fakeaccel_fence.c:24:2: error:"), noCache.err)
        XCTAssertEqual(try mmlint(["kbuild", "--werror"] + args.dropFirst(1), cwd: root).code, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/x.d"))
    }
}

/// Replay adds its context files to the checker's index instead of indexing everything again:
/// the result is the index of all the files.
final class IndexTests: XCTestCase {
    func testAddingFilesEqualsIndexingThemAll() throws {
        let dir = fixtures.appendingPathComponent("cross-file").path
        let tree = try Tree.discover(path: dir)
        let facts = MMLint.parseAll(try SourceFiles.collect([dir]), tree: tree, jobs: 2)
        XCTAssertGreaterThan(facts.count, 6)
        let all = TreeIndex(facts)
        for cut in [1, facts.count / 2, facts.count - 1] {
            let some = Array(facts.enumerated().filter { $0.offset % 2 == 0 || $0.offset < cut }.map(\.element))
            let rest = facts.filter { f in !some.contains { $0.path == f.path } }
            let grown = TreeIndex(some).adding(rest)
            XCTAssertEqual(grown.sortedKeys, all.sortedKeys)
            XCTAssertEqual(grown.files, all.files)
            XCTAssertEqual(grown.callers, all.callers)
            XCTAssertEqual(grown.addressTaken, all.addressTaken)
            XCTAssertEqual(grown.callbackUses, all.callbackUses)
            XCTAssertEqual(grown.mmStores.mapValues { $0.map { "\($0.function) \($0.node) \($0.loc)" } },
                           all.mmStores.mapValues { $0.map { "\($0.function) \($0.node) \($0.loc)" } })
        }
    }
}

/// The context stages' files are parsed in one batch (ContextParse.prefetch); each stage still
/// gets every header function its own files name, whichever file of the batch built it.
final class ContextParseTests: XCTestCase {
    /// A file parsed again for a header function its old owner no longer builds (that owner left
    /// the selection) builds again the ones its cached facts carried: a warm run over a smaller
    /// selection has every header function a cold one has.
    func testReparsedFileKeepsItsOwnHeaderFunctions() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("mmlint-reparse-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let dir = base.appendingPathComponent("tree").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
        static inline int rp_x(int v) { return v + 1; }
        static inline int rp_a_inner(int v) { return v * 2; }
        static inline int rp_a_outer(int v) { return rp_a_inner(v) + 3; }
        static inline int rp_b_inner(int v) { return v * 4; }
        static inline int rp_b_outer(int v) { return rp_b_inner(v) + 5; }

        """.write(toFile: dir + "/rp.h", atomically: true, encoding: .utf8)
        for f in ["a", "b"] {
            try "#include \"rp.h\"\nint rp_\(f)(int v) { return rp_x(v) + rp_\(f)_outer(v); }\n"
                .write(toFile: dir + "/\(f).c", atomically: true, encoding: .utf8)
        }
        let tree = try Tree.discover(path: dir)
        let cacheDir = base.appendingPathComponent("cache").path
        func names(_ facts: [FileFacts]) -> Set<String> { Set(facts.flatMap { $0.functions.map(\.name) }) }
        // One job: the first file parsed builds rp_x, the other skips it and builds its own pair.
        let both = MMLint.parseAll([dir + "/a.c", dir + "/b.c"], tree: tree, jobs: 1, cache: FactsCache(cacheDir: cacheDir, tree: tree))
        let second = try XCTUnwrap(both.first { !names([$0]).contains("rp_x") }, "\(both.map { names([$0]) })")
        let f = (second.path as NSString).lastPathComponent.prefix(1)
        // The second alone, from the cache: rp_x has no builder now, so it is parsed again.
        let warm = MMLint.parseAll([dir + "/\(f).c"], tree: tree, jobs: 1, cache: FactsCache(cacheDir: cacheDir, tree: tree))
        let cold = MMLint.parseAll([dir + "/\(f).c"], tree: tree, jobs: 1)
        XCTAssertEqual(names(cold), ["rp_\(f)", "rp_x", "rp_\(f)_outer", "rp_\(f)_inner"])
        XCTAssertEqual(names(warm), names(cold), "a warm run over a smaller selection builds what a cold one builds")
    }

    func testEachStageGetsTheHeaderFunctionsItsFilesName() throws {
        let dir = fixtures.appendingPathComponent("cross-file/header-inline").path
        let tree = try Tree.discover(path: dir)
        let files = try SourceFiles.collect([dir]).sorted()   // hi_kick.c, hi_main.c
        XCTAssertEqual(files.count, 2)
        let opt = CheckOptions(paths: [dir], rulesDir: defaultRulesDirectory(), jobs: 2)
        for order in [files, files.reversed()] {
            let context = ContextParse(pch: false, precompiled: PrecompiledSet(), built: [])
            context.prefetch(order, tree: tree, opt: opt)
            for f in files {
                let names = context.parse([f], tree: tree, opt: opt).flatMap { $0.functions.map(\.name) }
                // hi_kick.c names hi_step (hi_touch through it) and hi_ops_step; hi_main.c names hi_work_fn.
                let want: Set<String> = f.hasSuffix("hi_kick.c") ? ["hi_kick", "hi_step", "hi_touch", "hi_ops_step"]
                    : ["hi_init", "hi_work_fn", "hi_step", "hi_touch"]
                let batch = order.map { ($0 as NSString).lastPathComponent }
                XCTAssertTrue(want.isSubset(of: Set(names)), "\(f) after a batch of \(batch): \(names)")
                XCTAssertEqual(names.count, Set(names).count, "each function once")
                XCTAssertFalse(names.contains("hi_unused"), "named by no file: built by none")
            }
        }
    }
}

/// The workers' wire format loses nothing: every fixture's facts survive a round trip.
final class CodecTests: XCTestCase {
    func testFactsRoundTrip() throws {
        let tree = try Tree.discover(path: fixtures.path)
        let files = try SourceFiles.collect([fixtures.path])
        XCTAssertGreaterThan(files.count, 20)
        let enc = JSONEncoder(); enc.outputFormatting = .sortedKeys
        for f in MMLint.parseAll(files, tree: tree, jobs: 2) {
            var a = f; a.parseSeconds = 0; a.clangSeconds = 0
            var b = try FactsCodec.decode(FactsCodec.encode(a)); b.parseSeconds = 0; b.clangSeconds = 0
            XCTAssertEqual(try enc.encode(b), try enc.encode(a), f.path)
        }
        XCTAssertThrowsError(try FactsCodec.decode(Data([1, 200, 200, 200])))
        XCTAssertThrowsError(try FactsCodec.decode(Data()))
    }
}

/// Every input the fuzzers ever crashed on (Fuzz/regressions) runs cleanly now; the fuzz
/// entries themselves run on the seeds.
final class FuzzRegressionTests: XCTestCase {
    func testRegressionInputs() throws {
        let dir = repoRoot.appendingPathComponent("Fuzz/regressions").path
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
        for n in names where !n.hasPrefix(".") && n != "README" {
            let d = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + n))
            if n.hasPrefix("rules-") { FuzzEntries.ruleFiles(d) } else if n.hasPrefix("frontend-") { FuzzEntries.snippet(d) }
        }
    }

    func testEntriesOnSeeds() throws {
        for n in try FileManager.default.contentsOfDirectory(atPath: rulesDir).sorted() where n.hasSuffix(".yml") {
            let body = try Data(contentsOf: URL(fileURLWithPath: rulesDir + "/" + n))
            for k: UInt8 in 0..<4 { FuzzEntries.ruleFiles(Data([k]) + body) }
            FuzzEntries.ruleFiles(Data([0]) + body.prefix(body.count / 2))   // truncated
        }
        XCTAssertNoThrow(try RuleSet.load(directory: FuzzEntries.rulesScratch()), "the scratch rules are restored after each input")
        let c = try String(contentsOfFile: fixtures.appendingPathComponent("demo/drivers/misc/fakeaccel/fakeaccel_fence.c").path, encoding: .utf8)
        FuzzEntries.snippet(Data(c.replacingOccurrences(of: "#include \"fakeaccel.h\"", with: "").utf8))
        FuzzEntries.snippet(Data("void f(struct mm_struct *mm) { kthread_use_mm(mm) }}}{{ \u{0}".utf8))
    }
}
