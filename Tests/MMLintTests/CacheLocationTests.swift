import Facts
import Foundation
@testable import KernelTree
@testable import MMLint
import XCTest

/// A facts cache restored at another path (issue 15: a CI matrix restores it on a runner where
/// the checkout and the O= folder live elsewhere): a small kernel-like tree with an O= output
/// folder is checked, copied to other absolute paths — with its mtimes, and with new ones as
/// after a git checkout — and checked again with the same cache folder. Every file is a cache
/// hit, and the report is byte for byte the one of a fresh parse there.
final class CacheLocationTests: ScratchTestCase {
    let demo = fixtures.appendingPathComponent("demo")

    /// The tree at `base/src`, its x86 build at `base/out`.
    func makeTree(_ base: String) throws {
        try write("\(base)/src/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n")
        for h in ["kconfig.h", "compiler-version.h", "compiler_types.h"] { try write("\(base)/src/include/linux/\(h)", "") }
        try write("\(base)/src/include/linux/mmlint_stub.h",
                  try String(contentsOf: demo.appendingPathComponent("include/linux/mmlint_stub.h"), encoding: .utf8))
        let fa = "drivers/misc/fakeaccel"
        for f in try FileManager.default.contentsOfDirectory(atPath: demo.appendingPathComponent(fa).path) {
            try write("\(base)/src/\(fa)/\(f)", try String(contentsOf: demo.appendingPathComponent("\(fa)/\(f)"), encoding: .utf8))
        }
        try write("\(base)/src/\(fa)/Makefile", "obj-y += fakeaccel_main.o fakeaccel_userptr.o fakeaccel_fence.o fakeaccel_dirty.o\n")
        // A file that reads a generated header of the build folder, which has an error: the
        // failure's first diagnostic is located in the O= folder (an absolute path outside the
        // source root, re-anchored when read from the cache).
        try write("\(base)/src/drivers/acc/Makefile", "obj-y += acc_gen.o\n")
        try write("\(base)/src/drivers/acc/acc_gen.c", """
            #include <linux/mmlint_stub.h>
            #include <generated/acc_gen.h>

            void acc_gen(struct mm_struct *mm)
            {
            \tkthread_use_mm(mm);
            \tkthread_unuse_mm(mm);
            }

            """)
        try write("\(base)/out/include/generated/acc_gen.h", "int acc_gen_broken(void) { return undeclared_thing; }\n")
        try write("\(base)/out/include/generated/autoconf.h", "#define CONFIG_X86 1\n")
        try write("\(base)/out/include/config/auto.conf", "CONFIG_X86=y\nCONFIG_ARCH_ENABLE_THP_MIGRATION=y\n")
        try write("\(base)/out/arch/x86/include/generated/asm/x.h", "")
    }

    func path(_ rel: String) -> String { tmp.appendingPathComponent(rel).path }

    func check(_ base: String, cache: Bool) throws -> (json: String, hits: Int, misses: Int, result: CheckResult) {
        var o = CheckOptions(paths: [path("\(base)/src")], rulesDir: rulesDir, jobs: 2)
        o.objtree = path("\(base)/out")
        o.pch = false
        o.timings = true
        o.cacheDir = cache ? path("cache") : nil
        var r = try MMLint.check(o)
        let t = r.stats.timings
        // The report apart from its root and the stage timings.
        r.root = ""
        r.stats.timings = nil
        return (try r.json(), t?.cacheHits ?? -1, t?.cacheMisses ?? -1, r)
    }

    func copy(_ from: String, _ to: String, keepMtimes: Bool) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/cp")
        p.arguments = (keepMtimes ? ["-a"] : ["-r"]) + [path(from), path(to)]
        try FileManager.default.createDirectory(atPath: (path(to) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try p.run(); p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
    }

    func testCacheRestoredAtAnotherPathIsUsed() throws {
        try makeTree("a")
        let first = try check("a", cache: true)
        XCTAssertEqual(first.hits, 0)
        XCTAssertEqual(first.misses, 5, "five files selected")
        XCTAssertFalse(first.result.findings.isEmpty)
        XCTAssertEqual(first.result.stats.filesFailed, 1)
        XCTAssertTrue(first.result.stats.failed.first?.first.hasPrefix(path("a/out") + "/include/generated/acc_gen.h:1:") ?? false,
                      "\(first.result.stats.failed)")

        // The same checkout and build folder elsewhere, mtimes kept (cp -a), then with new mtimes
        // (a fresh checkout): the content decides.
        try copy("a", "b", keepMtimes: true)
        try copy("a", "elsewhere/c", keepMtimes: false)
        for base in ["b", "elsewhere/c"] {
            let fresh = try check(base, cache: false)
            XCTAssertFalse(fresh.json.contains(path("a/")), "nothing of the first location in a fresh run's report")
            let cached = try check(base, cache: true)
            XCTAssertEqual(cached.hits, 5, base)
            XCTAssertEqual(cached.misses, 0, base)
            XCTAssertEqual(cached.json, fresh.json, "the facts from the cache are those of a parse at \(base)")
            XCTAssertEqual(cached.json, first.json.replacingOccurrences(of: path("a/"), with: path(base + "/")), base)
            XCTAssertTrue(cached.result.stats.failed.first?.first.hasPrefix(path(base + "/out") + "/include/generated/acc_gen.h:1:") ?? false,
                          "the diagnostic in the O= folder is located in this run's: \(cached.result.stats.failed)")
            // And the location's own second run reuses its whole result.
            var o = CheckOptions(paths: [path("\(base)/src")], rulesDir: rulesDir, jobs: 2)
            o.objtree = path("\(base)/out"); o.pch = false; o.timings = true; o.cacheDir = path("cache")
            XCTAssertEqual(try MMLint.check(o).stats.timings?.resultReused, true, base)
        }
        // A file changed at one location misses there only (its content differs from the entry's).
        try write("b/src/drivers/misc/fakeaccel/fakeaccel_fence.c",
                  try String(contentsOfFile: path("b/src/drivers/misc/fakeaccel/fakeaccel_fence.c"), encoding: .utf8) + "\n")
        let changed = try check("b", cache: true)
        XCTAssertEqual(changed.misses, 1)
        XCTAssertEqual(changed.hits, 4)
        // Both locations share the cache folder: the entry rewritten for b is not a's.
        XCTAssertEqual(try check("a", cache: true).json, first.json)
    }

    /// Stored paths and keys: the tree's folders become placeholders (the longer prefix first),
    /// anything else is kept, and reading back is exact (a `$` of the data itself included).
    func testAnchors() {
        let a = TreeAnchors(root: "/w/linux", objtree: "/w/linux/build")
        let b = TreeAnchors(root: "/runner/src", objtree: "/runner/src/build")
        for (s, stored) in [("/w/linux/mm/memory.c", "$src/mm/memory.c"), ("/w/linux/build/include/generated/autoconf.h", "$obj/include/generated/autoconf.h"),
                            ("/w/linux", "$src"), ("/w/linuxother/x.h", "/w/linuxother/x.h"), ("mm/memory.c", "mm/memory.c"),
                            ("/usr/lib/llvm-19/lib/clang/19/include/stddef.h", "/usr/lib/llvm-19/lib/clang/19/include/stddef.h"),
                            ("$src/x", "$$src/x"), ("$", "$$"), ("", ""), ("mm/memory.c::helper", "mm/memory.c::helper"),
                            ("/w/linux/build/include/x.h::f", "$obj/include/x.h::f")] {
            XCTAssertEqual(a.stored(s), stored, s)
            XCTAssertEqual(a.anchored(stored), s, s)
        }
        XCTAssertEqual(b.anchored(a.stored("/w/linux/build/arch/x86/include/generated/asm/x.h")), "/runner/src/build/arch/x86/include/generated/asm/x.h")
        let m = "'/w/linux/include/x.h' file not found; '$src/' is kept"
        XCTAssertEqual(a.anchoredMessage(a.storedMessage(m)), m)
        XCTAssertEqual(b.anchoredMessage(a.storedMessage(m)), "'/runner/src/include/x.h' file not found; '$src/' is kept")
        for (x, y) in [("-I/w/linux/include", "-I/runner/src/include"), ("-include", "-include"),
                       ("/w/linux/include/linux/kconfig.h", "/runner/src/include/linux/kconfig.h"),
                       ("-fmacro-prefix-map=/w/linux/=", "-fmacro-prefix-map=/runner/src/="), ("-Wp,-MD,/w/linux/build/.x.d", "-Wp,-MD,/runner/src/build/.x.d"),
                       ("-isystem/w/linux/build/include", "-isystem/runner/src/build/include")] {
            XCTAssertEqual(a.keyArgument(x), b.keyArgument(y), x)
        }
        // Not a folder of the tree: kept (a macro's value, a longer folder name).
        XCTAssertNotEqual(a.keyArgument("-DX=\"a/w/linux/b\""), b.keyArgument("-DX=\"a/runner/src/b\""))
        XCTAssertEqual(a.keyArgument("-I/w/linuxother"), "-I/w/linuxother")
        XCTAssertNotEqual(a.keyArgument("-DX=$src"), a.keyArgument("-DX=/w/linux"))
    }
}
