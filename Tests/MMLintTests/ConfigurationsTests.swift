import Findings
import Foundation
@testable import Checker
@testable import MMLint
import XCTest

/// Several configurations of one checkout in one run, shards and their merge (issue 15): a
/// small source tree and two kbuild output folders (x86 and arm64 builds of it), no cross
/// compiler. The tree has the demo driver (built in both) and a driver whose holder store is
/// built per architecture: mmgrab() on x86, get_task_mm() on arm64.
final class ConfigurationsTests: CLITestCase {
    var src = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        try write("src/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n")
        for h in ["kconfig.h", "compiler-version.h", "compiler_types.h"] { try write("src/include/linux/\(h)", "") }
        let demo = fixtures.appendingPathComponent("demo")
        try write("src/include/linux/mmlint_stub.h", try String(contentsOf: demo.appendingPathComponent("include/linux/mmlint_stub.h"), encoding: .utf8))
        let fa = "drivers/misc/fakeaccel"
        for f in try FileManager.default.contentsOfDirectory(atPath: demo.appendingPathComponent(fa).path) {
            try write("src/\(fa)/\(f)", try String(contentsOf: demo.appendingPathComponent("\(fa)/\(f)"), encoding: .utf8))
        }
        try write("src/\(fa)/Makefile", "obj-y += fakeaccel_main.o fakeaccel_userptr.o fakeaccel_fence.o fakeaccel_dirty.o\n")
        try write("src/drivers/acc/Makefile", "obj-y += acc_main.o\nobj-$(CONFIG_X86) += acc_bind_grab.o\nobj-$(CONFIG_ARM64) += acc_bind_get.o\n")
        try write("src/drivers/acc/acc.h", "struct acc_ctx {\n\tstruct mm_struct *mm;\n\tstruct work_struct work;\n};\n")
        try write("src/drivers/acc/acc_main.c", """
            #include <linux/mmlint_stub.h>
            #include "acc.h"

            static void acc_work(struct work_struct *w)
            {
            \tstruct acc_ctx *ctx = container_of(w, struct acc_ctx, work);

            \tkthread_use_mm(ctx->mm);
            \tkthread_unuse_mm(ctx->mm);
            }

            void acc_start(struct acc_ctx *ctx)
            {
            \tINIT_WORK(&ctx->work, acc_work);
            \tqueue_work(system_wq, &ctx->work);
            }

            """)
        try write("src/drivers/acc/acc_bind_grab.c", """
            #include <linux/mmlint_stub.h>
            #include "acc.h"

            void acc_bind(struct acc_ctx *ctx)
            {
            \tctx->mm = current->mm;
            \tmmgrab(ctx->mm);
            }

            void acc_unbind(struct acc_ctx *ctx)
            {
            \tmmdrop(ctx->mm);
            }

            """)
        try write("src/drivers/acc/acc_bind_get.c", """
            #include <linux/mmlint_stub.h>
            #include "acc.h"

            void acc_bind(struct acc_ctx *ctx)
            {
            \tctx->mm = get_task_mm(current);
            }

            void acc_unbind(struct acc_ctx *ctx)
            {
            \tmmput(ctx->mm);
            }

            """)
        // x86 enables THP migration (a swap pmd exists there): the demo's pmd finding holds on x86 only.
        for (arch, config) in [("x86", "CONFIG_X86=y\nCONFIG_ARCH_ENABLE_THP_MIGRATION=y\n"), ("arm64", "CONFIG_ARM64=y\n")] {
            try write("out/\(arch)/include/generated/autoconf.h", "")
            try write("out/\(arch)/include/config/auto.conf", config)
            try write("out/\(arch)/arch/\(arch)/include/generated/asm/x.h", "")
        }
        src = tmp.appendingPathComponent("src").path
    }

    func out(_ arch: String) -> String { tmp.appendingPathComponent("out/\(arch)").path }

    func options(_ configs: [String], shard: String? = nil) -> CheckOptions {
        var o = CheckOptions(paths: [src], rulesDir: rulesDir, jobs: 1)
        o.configurations = configs.map(Configuration.init(argument:))
        o.shard = shard.flatMap(Shard.init)
        o.pch = false
        return o
    }

    func single(_ arch: String) throws -> CheckResult {
        var o = CheckOptions(paths: [src], rulesDir: rulesDir, jobs: 1)
        o.objtree = out(arch)
        o.pch = false
        return try MMLint.check(o)
    }

    /// Holders, callers and summaries are per configuration: the arm64 build's get_task_mm()
    /// store does not clear the x86 build's borrow, and each configuration's findings are exactly
    /// those of a run of that configuration alone.
    func testEachConfigurationKeepsItsOwnFacts() throws {
        let r = try MMLint.check(options([out("x86"), out("arm64")]))
        XCTAssertEqual(r.configurations.map(\.name), ["arm64", "x86"])
        XCTAssertEqual(r.configurations.map(\.arch), ["arm64", "x86"])
        let borrow = r.findings.filter { $0.file == "drivers/acc/acc_main.c" }
        XCTAssertEqual(borrow.map(\.rule), ["use-mm-without-mmget"], "\(r.findings.map { "\($0.file):\($0.line) \($0.rule)" })")
        XCTAssertEqual(borrow.first?.configs, ["x86"])
        XCTAssertEqual(r.findings.first { $0.file.hasSuffix("fakeaccel_fence.c") }?.configs, ["arm64", "x86"])
        XCTAssertEqual(r.findings.first { $0.file.hasSuffix("fakeaccel_dirty.c") }?.configs, ["x86"])
        // Files: counted per configuration (each built one of the two bind files).
        XCTAssertEqual(r.configurations.map(\.stats.filesParsed), [6, 6])
        XCTAssertEqual(r.stats.filesParsed, 12)
        XCTAssertTrue(r.stats.skipped.isEmpty, "a file built in one configuration is not 'skipped': \(r.stats.skipped.map(\.file))")
        for arch in ["x86", "arm64"] {
            func plain(_ f: Finding) -> String { "\(f.file):\(f.line):\(f.column) \(f.rule) \(f.message) \(f.fingerprint) \(f.replay?.verdict.rawValue ?? "-")" }
            let alone = try single(arch).findings.map(plain)
            XCTAssertEqual(r.findings.filter { $0.configs?.contains(arch) ?? false }.map(plain), alone, arch)
        }
    }

    /// `--shard K/N` runs, their JSON reports read back and merged, give the report of the
    /// whole run byte for byte, in whatever order the shards come.
    func testShardsMergedAreTheWholeRun() throws {
        let configs = [out("x86"), out("arm64")]
        let whole = try MMLint.check(options(configs)).json()
        let rules = try RuleSet.load(directory: rulesDir).rules
        var paths: [String] = []
        for k in 1...2 {
            let part = try MMLint.check(options(configs, shard: "\(k)/2"))
            XCTAssertEqual(part.configurations.count, 1)
            let p = tmp.appendingPathComponent("shard\(k).json").path
            try part.json().write(toFile: p, atomically: true, encoding: .utf8)
            paths.append(p)
        }
        for order in [paths, paths.reversed()] {
            let merged = try Configurations.merge(try order.map { try CheckResult.read(jsonReport: $0, rules: rules) })
            XCTAssertEqual(try merged.json(), whole)
        }
        // A configuration in two reports, or a report of one plain run, is refused.
        let twice = try CheckResult.read(jsonReport: paths[0], rules: rules)
        XCTAssertThrowsError(try Configurations.merge([twice, twice])) { XCTAssertTrue("\($0)".contains("in two reports"), "\($0)") }
        var plain = try single("x86")
        plain.configurations = []
        XCTAssertThrowsError(try Configurations.merge([plain]))
        XCTAssertThrowsError(try MMLint.check(options(configs, shard: "3/3"))) { XCTAssertTrue("\($0)".contains("none is in this shard"), "\($0)") }
    }

    /// The prefilter's header wrappers leave out other architectures' headers, so they are an
    /// architecture's: a wrapper only x86 defines selects a file for x86, not for arm64 — also
    /// when the selection cache last saw an x86 build of the same tree.
    func testSelectionIsPerArchitecture() throws {
        try write("src/arch/x86/include/asm/accbind.h", "#define acc_x86_borrow(m) kthread_use_mm(m)\n")
        try write("src/drivers/acc/Makefile", "obj-y += acc_main.o acc_wrap.o\nobj-$(CONFIG_X86) += acc_bind_grab.o\nobj-$(CONFIG_ARM64) += acc_bind_get.o\n")
        try write("src/drivers/acc/acc_wrap.c", "#include \"acc.h\"\nvoid acc_wrap(struct acc_ctx *c) { acc_x86_borrow(c->mm); }\n")
        func selected(_ arch: String, cache: Bool) throws -> Int {
            var o = CheckOptions(paths: [src], rulesDir: rulesDir, jobs: 1)
            o.objtree = out(arch); o.pch = false; o.replay = false
            o.cacheDir = cache ? tmp.appendingPathComponent("selcache").path : nil
            return try MMLint.check(o).stats.filesSelected
        }
        XCTAssertEqual(try selected("x86", cache: false), 7)
        XCTAssertEqual(try selected("arm64", cache: false), 6)
        XCTAssertEqual(try selected("x86", cache: true), 7)
        XCTAssertEqual(try selected("arm64", cache: true), 6)
        let r = try MMLint.check(options([out("x86"), out("arm64")]))
        XCTAssertEqual(r.configurations.map(\.stats.filesSelected), [6, 7])
    }

    /// Names: the output folder's, or NAME=DIR; two configurations may not share one.
    func testConfigurationNames() throws {
        XCTAssertEqual(Configuration(argument: "arm=/o/a"), Configuration(name: "arm", objtree: "/o/a"))
        XCTAssertEqual(Configuration(argument: "/o/a=b"), Configuration(name: nil, objtree: "/o/a=b"))
        XCTAssertNil(Shard("0/2")); XCTAssertNil(Shard("3/2")); XCTAssertNil(Shard("x"))
        XCTAssertTrue(Shard("2/3")!.holds(1) && Shard("2/3")!.holds(4) && !Shard("2/3")!.holds(0))
        let named = try Configurations.named(options(["a=" + out("x86"), "b=" + out("arm64")]))
        XCTAssertEqual(named.map(\.name), ["a", "b"])
        XCTAssertThrowsError(try Configurations.named(options(["a=" + out("x86"), "a=" + out("arm64")])))
    }

    /// The CLI: text, JSON and SARIF of `merge` equal those of the run of all configurations;
    /// SARIF is not merge input.
    func testMergeCommandEqualsTheWholeRun() throws {
        let base = ["--objtree", out("x86"), "--objtree", out("arm64"), "--no-pch", src]
        for format in ["text", "json", "sarif"] {
            let whole = try mmlint(["check", "--format", format] + base)
            XCTAssertEqual(whole.code, 1, whole.err)
            var shards: [String] = []
            for k in 1...2 {
                let p = tmp.appendingPathComponent("s\(k).json").path
                try mmlint(["check", "-q", "--format", "json", "-o", p, "--shard", "\(k)/2"] + base)
                shards.append(p)
            }
            let merged = try mmlint(["merge", "--format", format] + shards.reversed())
            XCTAssertEqual(merged.code, 1, merged.err)
            XCTAssertEqual(merged.out, whole.out, format)
        }
        let text = try mmlint(["check"] + base).out
        XCTAssertTrue(text.contains("drivers/acc/acc_main.c:8:2: note: only in x86 (not in arm64)"), text)
        // replay of a report of several configurations analyzes the finding's own configuration.
        let report = tmp.appendingPathComponent("r.json").path
        try mmlint(["check", "--format", "json", "-o", report] + base)
        let replayed = try mmlint(["replay", report, "--at", "drivers/acc/acc_main.c:8"])
        XCTAssertEqual(replayed.code, 0, replayed.err)
        XCTAssertTrue(replayed.out.contains("[use-mm-without-mmget]") && replayed.out.contains("replay:"), replayed.out)
        let sarif = tmp.appendingPathComponent("r.sarif").path
        try mmlint(["check", "--format", "sarif", "-o", sarif] + base)
        let refused = try mmlint(["merge", sarif])
        XCTAssertEqual(refused.code, 2)
        XCTAssertTrue(refused.err.contains("a SARIF report"), refused.err)
    }
}
