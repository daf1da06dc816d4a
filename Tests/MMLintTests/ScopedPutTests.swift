import Foundation
@testable import MMLint
import XCTest

/// A scope-based put (`struct mm_struct *mm __free(mmput)`) whose DEFINE_FREE() sits in a
/// shared header of a kernel tree: in a run with precompiled headers that header is in the PCH,
/// whose declarations a parse with it does not walk. The put's body must be found all the
/// same, and the explicit second put reported, with and without the PCH.
final class ScopedPutTests: ScratchTestCase {
    let demo = fixtures.appendingPathComponent("demo")

    func makeTree() throws {
        try write("k/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n")
        for h in ["kconfig.h", "compiler-version.h", "compiler_types.h"] { try write("k/include/linux/\(h)", "") }
        try write("k/include/generated/autoconf.h", "#define CONFIG_X86 1\n#define CONFIG_MMU 1\n")
        try write("k/include/linux/mmlint_stub.h",
                  try String(contentsOf: demo.appendingPathComponent("include/linux/mmlint_stub.h"), encoding: .utf8))
        // With an include guard, as kernel headers have: a header without one stays out of a PCH.
        try write("k/include/linux/mm_free.h", """
            #ifndef _MM_FREE_H
            #define _MM_FREE_H
            #include <linux/mmlint_stub.h>
            DEFINE_FREE(mmput, struct mm_struct *, if (_T) mmput(_T))
            #endif

            """)
        var objects: [String] = []
        for i in 0..<4 {
            objects.append("sp\(i).o")
            try write("k/drivers/sp/sp\(i).c", """
                #include <linux/mmlint_stub.h>
                #include <linux/mm_free.h>

                int sp\(i)_read(struct task_struct *t, void *buf)
                {
                \tstruct mm_struct *mm __free(mmput) = get_task_mm(t);
                \tint n;

                \tif (!mm)
                \t\treturn -ESRCH;
                \tn = access_remote_vm(mm, 0, buf, 8, 0);
                \tmmput(mm);
                \treturn n;
                }

                """)
        }
        try write("k/drivers/sp/Makefile", "obj-y += \(objects.joined(separator: " "))\n")
    }

    func testScopedPutFromAPrecompiledHeaderIsRead() throws {
        try makeTree()
        func run(_ pch: Bool) throws -> CheckResult {
            var o = CheckOptions(paths: [tmp.appendingPathComponent("k").path], rulesDir: rulesDir, jobs: 2)
            o.pch = pch; o.timings = true; o.replay = false
            return try MMLint.check(o)
        }
        let plain = try run(false), pre = try run(true)
        XCTAssertGreaterThan(pre.stats.timings?.pchFiles ?? 0, 0, "the files took a precompiled header")
        for r in [plain, pre] {
            XCTAssertEqual(r.stats.filesParsed, 4)
            XCTAssertEqual(r.findings.filter { $0.rule == "mm-ref-imbalance" }.map { "\($0.file):\($0.line)" },
                           (0..<4).map { "drivers/sp/sp\($0).c:12" }, "the explicit mmput() of each file")
        }
        XCTAssertEqual(plain.findings, pre.findings)
        XCTAssertEqual(plain.stats.functions, pre.stats.functions)
    }
}
