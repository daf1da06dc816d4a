import Checker
import Foundation
@testable import KernelTree
@testable import MMLint
import MMModel
import XCTest

/// Bad input: one clear error naming the file, never a trap.
final class InputTests: ScratchTestCase {

    func testMissingPath() {
        XCTAssertThrowsError(try Tree.discover(path: "/nonexistent/mmlint")) { e in
            XCTAssertTrue("\(e)".contains("no such file or directory"))
        }
    }

    func testUnpreparedKernelTree() throws {
        try write("Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n")
        try write("include/linux/mm.h", "")
        try write("drivers/x.c", "int x;\n")
        XCTAssertThrowsError(try Tree.discover(path: tmp.path + "/drivers/x.c")) { e in
            XCTAssertTrue("\(e)".contains("make allmodconfig prepare"), "\(e)")
        }
    }

    func testKernelVersionFromMakefile() throws {
        try write("Makefile", "# SPDX\nVERSION = 5\nPATCHLEVEL = 16\nSUBLEVEL = 3\n")
        XCTAssertEqual(Tree.readVersion(tmp.path), KernelVersion(5, 16, 3))
    }

    func testCompileDatabaseStripsFlagsThatWriteFiles() throws {
        try write("compile_commands.json", """
        [{"directory": "\(tmp.path)", "file": "a.c",
          "command": "gcc -Wp,-MMD,./.a.o.d -mpreferred-stack-boundary=3 -Werror -DFOO=1 -I include -c -o a.o a.c"}]
        """)
        let db = try CompileDatabase.load(tmp.path + "/compile_commands.json")
        let args = try XCTUnwrap(db[tmp.path + "/a.c"]).args
        XCTAssertEqual(args, ["-DFOO=1", "-I", "include"])
    }

    /// Regression: kbuild object lists are tab-separated (fs/bcachefs/Makefile); splitting on
    /// spaces only made fs-io-direct.c look "not built" and hid a real finding.
    func testKbuildObjectListWithTabs() throws {
        try write("Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n")
        try write("include/linux/mm.h", "")
        try write("include/generated/autoconf.h", "#define CONFIG_FOO_FS_MODULE 1\n")
        try write("include/config/auto.conf", "CONFIG_FOO_FS=m\nCONFIG_BAR=y\n")
        try write("fs/foo/Makefile", "obj-$(CONFIG_FOO_FS)\t+= foo.o\n\nfoo-y\t\t:=\t\\\n\tsuper.o\t\t\\\n\tio-direct.o\t\\\n\tutil.o\n"
                      + "foo-$(CONFIG_FOO_DEBUG) += debug.o\n")
        for f in ["super", "io-direct", "util", "debug"] { try write("fs/foo/\(f).c", "int \(f.replacingOccurrences(of: "-", with: "_"));\n") }
        let tree = try Tree.discover(path: tmp.path)
        XCTAssertNil(tree.skipReason(for: tmp.path + "/fs/foo/io-direct.c"))
        XCTAssertNil(tree.skipReason(for: tmp.path + "/fs/foo/util.c"))
        XCTAssertNotNil(tree.skipReason(for: tmp.path + "/fs/foo/debug.c"))
        // A composite object whose module option is unset (drivers/misc/cxl on x86).
        try write("drivers/cx/Makefile", "cx-y += main.o api.o\nobj-$(CONFIG_CX) += cx.o\n")
        try write("drivers/cx/api.c", "int api;\n")
        XCTAssertNotNil(tree.skipReason(for: tmp.path + "/drivers/cx/api.c"))
        // Named only by a plain variable that another Makefile includes (amdkfd): analyzed.
        try write("drivers/kd/Makefile", "KD_FILES := $(KD_PATH)/kd_process.o\n")
        try write("drivers/kd/kd_process.c", "int kd;\n")
        XCTAssertNil(tree.skipReason(for: tmp.path + "/drivers/kd/kd_process.c"))
        // Named in a list that a later := overwrote (mm/nommu.o with CONFIG_MMU=y).
        try write("mm/Makefile", "mmu-y := nommu.o\nmmu-$(CONFIG_BAR) := memory.o\nobj-y += $(mmu-y)\n")
        try write("mm/nommu.c", "int n;\n")
        try write("mm/memory.c", "int m;\n")
        XCTAssertNotNil(tree.skipReason(for: tmp.path + "/mm/nommu.c"))
        XCTAssertNil(tree.skipReason(for: tmp.path + "/mm/memory.c"))
    }

    func testBadCompileDatabase() throws {
        try write("compile_commands.json", "{not json")
        XCTAssertThrowsError(try CompileDatabase.load(tmp.path + "/compile_commands.json")) { e in
            XCTAssertTrue("\(e)".hasPrefix(tmp.path + "/compile_commands.json: "), "\(e)")
        }
    }

    func testRuleFileUnknownKeyNamesLine() throws {
        try FileManager.default.copyItem(atPath: rulesDir + "/vocabulary.yml", toPath: tmp.path + "/vocabulary.yml")
        try write("r.yml", "id: some-rule\ntitle: t\nseverity: error\nrequires: users\nopertions: []\n")
        XCTAssertThrowsError(try RuleSet.load(directory: tmp.path)) { e in
            XCTAssertTrue("\(e)".contains("r.yml:5: unknown key 'opertions'"), "\(e)")
        }
    }

    func testRuleFileUnknownFact() throws {
        try FileManager.default.copyItem(atPath: rulesDir + "/vocabulary.yml", toPath: tmp.path + "/vocabulary.yml")
        try write("r.yml", "id: some-rule\ntitle: t\nseverity: error\nrequires: pinned\noperations: []\nrationale: r\nexample_setup: \"/* example */\"\nbad: b\ngood: g\n")
        XCTAssertThrowsError(try RuleSet.load(directory: tmp.path)) { e in
            XCTAssertTrue("\(e)".contains("r.yml:4: unknown fact 'pinned'"), "\(e)")
        }
    }

    func testDuplicateRuleID() throws {
        for n in ["vocabulary.yml", "use-mm-without-mmget.yml"] {
            try FileManager.default.copyItem(atPath: rulesDir + "/" + n, toPath: tmp.path + "/" + n)
        }
        try FileManager.default.copyItem(atPath: rulesDir + "/use-mm-without-mmget.yml", toPath: tmp.path + "/zz-copy.yml")
        XCTAssertThrowsError(try RuleSet.load(directory: tmp.path)) { e in
            XCTAssertTrue("\(e)".contains("duplicate rule id 'use-mm-without-mmget'"), "\(e)")
        }
    }

    func testFileThatDoesNotParseIsReportedNotDropped() throws {
        try write("bad.c", "void f(void) { this is not C }\n")
        let r = try MMLint.check({ var o = CheckOptions(paths: [tmp.path], rulesDir: rulesDir, jobs: 1); o.prefilter = false; return o }())
        XCTAssertEqual(r.stats.filesFailed, 1)
        XCTAssertEqual(r.stats.failed.first?.file, "bad.c")
    }

    /// Every shipped rule file loads, and every registered family kind is used by one.
    func testShippedRulesLoad() throws {
        let rs = try RuleSet.load(directory: rulesDir)
        let files = try FileManager.default.contentsOfDirectory(atPath: rulesDir)
            .filter { $0.hasSuffix(".yml") && !["vocabulary.yml", "model.yml"].contains($0) }
        XCTAssertEqual(rs.rules.count, files.count)
        XCTAssertEqual(Set(rs.rules.map { $0.id + ".yml" }), Set(files), "a rule's id names its file")
        XCTAssertEqual(Set(rs.rules.map(\.kind)).subtracting(["requirement"]), Set(FamilyChecks.kinds))
    }

    /// The model's kernel facts and the owner's exit are data: a fact replay cites that is
    /// missing, an unknown step operation or a reference without its function is an error with
    /// the file's line, not a silent uncited id or a skipped step.
    func testModelFactsAndOwnerExitErrorsNameTheLine() throws {
        let text = try String(contentsOfFile: rulesDir + "/model.yml", encoding: .utf8)
        let cases: [(String, String, String)] = [
            ("  release_twice:\n", "  release_once:\n", "replay cites release_twice, which is not here"),
            ("{op: set_oom_skip,", "{op: set_oom_flag,", "op: expected one of"),
            ("{file: kernel/fork.c, function: __mmput, anchors: [mmdrop]}", "{file: kernel/fork.c, anchors: [mmdrop]}",
             "missing key 'function'"),
        ]
        for (from, to, message) in cases {
            XCTAssertTrue(text.contains(from), from)
            let path = tmp.path + "/model.yml"
            try text.replacingOccurrences(of: from, with: to).write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try ModelVocabulary.load(path)) { e in
                XCTAssertTrue("\(e)".contains(message) && "\(e)".contains("model.yml:"), "\(e)")
            }
        }
        let model = try ModelVocabulary.load(rulesDir + "/model.yml")
        for era in ExitMmapEra.allCases {
            let ops = model.ownerExit.program(era: era, release: nil).steps.map(\.op)
            XCTAssertEqual(ops.first, .ownerMmput, era.rawValue)
            XCTAssertEqual(ops.last, .teardownMmdrop, era.rawValue)
            XCTAssertTrue(ops.contains(.unmapVmas) && ops.contains(.freePgtables), era.rawValue)
        }
    }

    /// A rules folder whose model.yml replay cannot use fails the check before any file is
    /// parsed (it failed after the whole parse, at replay), naming the file and line; without
    /// replay the model is not read.
    func testABrokenModelFailsBeforeTheParse() throws {
        let rules = tmp.path + "/rules"
        try FileManager.default.copyItem(atPath: rulesDir, toPath: rules)
        let text = try String(contentsOfFile: rules + "/model.yml", encoding: .utf8)
        try text.replacingOccurrences(of: "gup_walker:", with: "gup_walk:").write(toFile: rules + "/model.yml", atomically: true, encoding: .utf8)
        let demo = URL(fileURLWithPath: rulesDir).deletingLastPathComponent().appendingPathComponent("Fixtures/demo").path
        var opt = CheckOptions(paths: [demo], rulesDir: rules, jobs: 1)
        opt.cacheDir = nil
        final class Seen: @unchecked Sendable { var parsed = false }
        let seen = Seen()
        opt.progress = { _, _ in seen.parsed = true }
        XCTAssertThrowsError(try MMLint.check(opt)) { e in XCTAssertTrue("\(e)".contains("model.yml:"), "\(e)") }
        XCTAssertFalse(seen.parsed, "no file parsed before the error")
        opt.replay = false
        XCTAssertNoThrow(try MMLint.check(opt))
    }

    /// Every rule ships with fixtures that show it firing and staying quiet.
    func testEveryRuleHasPositiveAndNegativeFixtures() throws {
        let rs = try RuleSet.load(directory: rulesDir)
        let fixtures = URL(fileURLWithPath: rulesDir).deletingLastPathComponent().appendingPathComponent("Fixtures/rules").path
        for r in rs.rules {
            let dir = fixtures + "/" + r.id
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            let text = names.filter { $0.hasSuffix(".c") }.compactMap { try? String(contentsOfFile: dir + "/" + $0, encoding: .utf8) }.joined()
            let positive = r.severity == .note ? "note" : "expect"
            XCTAssertTrue(text.range(of: "\(positive):[^*]*\\b\(r.id)\\b", options: .regularExpression) != nil, "\(r.id): no /* \(positive): */ fixture in \(dir)")
            XCTAssertTrue(text.range(of: "ok:[^*]*\\b\(r.id)\\b", options: .regularExpression) != nil, "\(r.id): no /* ok: */ fixture in \(dir)")
        }
    }

    func testFamilyRuleFileErrorsNameTheLine() throws {
        try FileManager.default.copyItem(atPath: rulesDir + "/vocabulary.yml", toPath: tmp.path + "/vocabulary.yml")
        let cases: [(String, String)] = [
            ("id: r\ntitle: t\nseverity: error\nkind: ref-counting\nrationale: r\nexample_setup: \"/* example */\"\nbad: b\ngood: g\n", "r.yml:4: kind: expected requirement or one of"),
            ("id: r\ntitle: t\nseverity: error\nkind: pin-result\nmatch:\n  pins: [mmget_not_zero]\nrationale: r\nexample_setup: \"/* example */\"\nbad: b\ngood: g\n", "missing key 'drops'"),
            ("id: r\ntitle: t\nseverity: error\nkind: pin-result\nmatch:\n  pins: [a]\n  drops: [b]\n  extra: [c]\nrationale: r\nexample_setup: \"/* example */\"\nbad: b\ngood: g\n", "r.yml:8: unknown key 'extra'"),
            ("id: r\ntitle: t\nseverity: error\nkind: kthread-test\nrequires: users\nmatch: {borrows: [a], flags: [b], names: [c]}\nrationale: r\nexample_setup: \"/* example */\"\nbad: b\ngood: g\n", "r.yml:5: requires: only for kind requirement"),
            ("id: r\ntitle: t\nseverity: error\nrequires: users\noperations: []\nmatch: {calls: [a]}\nrationale: r\nexample_setup: \"/* example */\"\nbad: b\ngood: g\n", "r.yml:6: match: only for family kinds"),
            ("id: r\ntitle: t\nseverity: error\nkind: opaque-field\nrationale: r\nexample_setup: \"/* example */\"\nbad: b\ngood: g\n", "missing key 'match' (kind opaque-field)"),
        ]
        for (text, want) in cases {
            try write("r.yml", text)
            XCTAssertThrowsError(try RuleSet.load(directory: tmp.path)) { e in
                XCTAssertTrue("\(e)".contains(want), "\(e) (wanted: \(want))")
            }
        }
    }

    /// Functions that never return are data (Rules/vocabulary.yml `noreturn:`): the same code is
    /// a finding with the stock vocabulary and clean with one that names its `fa_die()`
    /// (the failed pin's path then ends there instead of reaching the borrow).
    func testNeverReturningFunctionsComeFromTheVocabulary() throws {
        let stub = try String(contentsOf: fixtures.appendingPathComponent("demo/include/linux/mmlint_stub.h"), encoding: .utf8)
        try write("tree/include/linux/mmlint_stub.h", stub)
        try write("tree/fa.c", """
        #include <linux/mmlint_stub.h>

        struct fa_ctx {
        	struct mm_struct *mm;
        	struct work_struct work;
        };

        void fa_die(const char *why);

        static void fa_work(struct work_struct *work)
        {
        	struct fa_ctx *ctx = container_of(work, struct fa_ctx, work);

        	if (!mmget_not_zero(ctx->mm))
        		fa_die("owner gone");
        	kthread_use_mm(ctx->mm);
        	kthread_unuse_mm(ctx->mm);
        	mmput(ctx->mm);
        }

        void fa_start(struct fa_ctx *ctx)
        {
        	mmgrab(current->mm);
        	ctx->mm = current->mm;
        	INIT_WORK(&ctx->work, fa_work);
        	schedule_work(&ctx->work);
        }

        """)
        let rules = tmp.appendingPathComponent("rules").path
        try FileManager.default.copyItem(atPath: rulesDir, toPath: rules)
        func findings(_ rules: String) throws -> [String] {
            var o = CheckOptions(paths: [tmp.appendingPathComponent("tree").path], rulesDir: rules, jobs: 1)
            o.replay = false
            return try MMLint.check(o).findings.filter { $0.severity == .error }.map { "\($0.file):\($0.line):\($0.rule)" }
        }
        XCTAssertEqual(try findings(rules), ["fa.c:16:use-mm-without-mmget", "fa.c:18:unchecked-mmget-not-zero"])
        let vocabulary = rules + "/vocabulary.yml"
        let text = try String(contentsOfFile: vocabulary, encoding: .utf8)
        XCTAssertTrue(text.contains("noreturn: [__builtin_unreachable,"))
        try text.replacingOccurrences(of: "noreturn: [__builtin_unreachable,", with: "noreturn: [fa_die, __builtin_unreachable,")
            .write(toFile: vocabulary, atomically: true, encoding: .utf8)
        XCTAssertEqual(try findings(rules), [])
    }
}
