import Checker
import Foundation
@testable import MMLint
import XCTest

/// `--patch`: a series applied in memory (never to the tree), its findings tied to their hunks.
final class PatchTests: CLITestCase {
    let fence = "drivers/misc/fakeaccel/fakeaccel_fence.c"

    /// A `git format-patch` mail that drops the event worker's mmget_not_zero() upgrade (and its
    /// mmput): the bug the demo's good worker avoids.
    func dropPinPatch(subject: String = "fakeaccel: simplify the event worker", lineShift: Int = 0) -> String {
        """
        From 1234567890abcdef1234567890abcdef12345678 Mon Sep 17 00:00:00 2001
        From: A Developer <dev@example.org>
        Subject: [PATCH] \(subject)

        The pin is not needed.
        ---
         \(fence) | 5 -----
        diff --git a/\(fence) b/\(fence)
        --- a/\(fence)
        +++ b/\(fence)
        @@ -\(32 + lineShift),15 +\(32 + lineShift),10 @@ static void fac_event_work(struct work_struct *work)
         \tstruct fac_ctx *ctx = container_of(work, struct fac_ctx, event_work);
         \tstruct mm_struct *mm = ctx->mm;
         
        -\t/* The owner may be gone: only borrow a live address space. */
        -\tif (!mmget_not_zero(mm))
        -\t\treturn;
        -
         \tkthread_use_mm(mm); /* ok: use-mm-without-mmget */
         \tif (put_user(ctx->event, (u32 __user *)ctx->event_uptr))
         \t\tpr_warn("fakeaccel: event write failed\\n");
         \tkthread_unuse_mm(mm);
        -\tmmput(mm);
         }
         
         /* The SVM thread runs on an mm it holds mm_users on (get_task_mm at bind). */
        -- 
        2.39.5

        """
    }

    func testPatchReintroducingABugIsReportedWithItsHunkAndTheTreeIsUntouched() throws {
        let root = try demoCopy()
        let before = try Data(contentsOf: URL(fileURLWithPath: root + "/" + fence))
        try write("drop-pin.patch", dropPinPatch())
        let r = try mmlint(["check", "--no-cache", "--patch", tmp.appendingPathComponent("drop-pin.patch").path, root])
        XCTAssertEqual(r.code, 1, r.err)
        // The borrow the patch exposes, read from the patched text (not the disk's bytes at those offsets).
        XCTAssertTrue(r.out.contains("\(fence):35:2: error: kthread_use_mm() on an mm without an mm_users reference: kthread_use_mm(mm) needs users on `mm`"), r.out)
        XCTAssertTrue(r.out.contains("\(fence):35: note: the patch changes this line: [[PATCH] fakeaccel: simplify the event worker] hunk 1 of \(fence) (@@ -32,15 +32,10 @@)"), r.out)
        // The demo's own three errors are not the patch's.
        XCTAssertFalse(r.out.contains("fakeaccel_userptr.c"), r.out)
        XCTAssertTrue(r.err.contains("1 error(s)") && r.err.contains("3 outside the changed lines"), r.err)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: root + "/" + fence)), before, "the tree is not written")
        // The same from stdin, with the hunk header two lines off (applied at the offset).
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = ["check", "--no-cache", "--format", "concise", "--patch", "-", root]
        let input = Pipe(), output = Pipe()
        p.standardInput = input; p.standardOutput = output; p.standardError = FileHandle.nullDevice
        try p.run()
        input.fileHandleForWriting.write(Data(dropPinPatch(lineShift: 2).utf8))
        try input.fileHandleForWriting.close()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 1)
        XCTAssertEqual(out.split(separator: "\n").count, 1, out)
        XCTAssertTrue(out.contains("fakeaccel_fence.c:35:2: error:"), out)
    }

    func testCleanPatchReportsNothingAndABadOneNamesItsHunk() throws {
        let root = try demoCopy()
        let clean = dropPinPatch().replacingOccurrences(of: "-\tmmput(mm);\n", with: " \tmmput(mm);\n")
            .replacingOccurrences(of: "-\t/* The owner may be gone: only borrow a live address space. */\n", with: "+\t/* The owner may be gone: borrow only a live address space. */\n-\t/* The owner may be gone: only borrow a live address space. */\n")
            .replacingOccurrences(of: "-\tif (!mmget_not_zero(mm))\n-\t\treturn;\n-\n", with: " \tif (!mmget_not_zero(mm))\n \t\treturn;\n \n")
            .replacingOccurrences(of: "@@ -32,15 +32,10 @@", with: "@@ -32,15 +32,15 @@")
        try write("clean.patch", clean)
        let ok = try mmlint(["check", "--no-cache", "--patch", tmp.appendingPathComponent("clean.patch").path, root])
        XCTAssertEqual(ok.code, 0, ok.out + ok.err)
        XCTAssertEqual(ok.out, "")
        try write("bad.patch", dropPinPatch().replacingOccurrences(of: "-\tif (!mmget_not_zero(mm))", with: "-\tif (!mmget_not_zero(other))"))
        assertOneLineError(try mmlint(["check", "--no-cache", "--patch", tmp.appendingPathComponent("bad.patch").path, root]),
                           "bad.patch: [[PATCH] fakeaccel: simplify the event worker] hunk 1 of \(fence) (@@ -32,15 +32,10 @@) does not apply")
        assertOneLineError(try mmlint(["check", "--patch", tmp.appendingPathComponent("missing.patch").path, root]), "missing.patch: cannot read the patch")
        try write("empty.patch", "just a mail\n")
        assertOneLineError(try mmlint(["check", "--patch", tmp.appendingPathComponent("empty.patch").path, root]), "no diff in it")
        assertOneLineError(try mmlint(["check", "--staged", "--patch", tmp.appendingPathComponent("clean.patch").path, root]), "give one")
    }

    /// A series: a new file, a second patch that edits lines the first added, a rename and a
    /// deletion; changed lines are those the series added (and the line after a deletion).
    func testSeriesAppliesInOrder() throws {
        try write("t/a.c", "int a;\nint b;\nint c;\n")
        try write("t/old.c", "int o;\n")
        try write("t/gone.c", "int g;\n")
        let series = """
            From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001
            Subject: [PATCH 1/2] one

            ---
            diff --git a/a.c b/a.c
            --- a/a.c
            +++ b/a.c
            @@ -1,3 +1,4 @@
             int a;
            +int a2;
             int b;
             int c;
            diff --git a/new.c b/new.c
            new file mode 100644
            --- /dev/null
            +++ b/new.c
            @@ -0,0 +1,2 @@
            +int n1;
            +int n2;
            -- 
            2.39.5

            From 2222222222222222222222222222222222222222 Mon Sep 17 00:00:00 2001
            Subject: [PATCH 2/2] two

            ---
            diff --git a/a.c b/a.c
            --- a/a.c
            +++ b/a.c
            @@ -2,3 +2,2 @@
             int a2;
            -int b;
             int c;
            diff --git a/old.c b/renamed.c
            similarity index 100%
            rename from old.c
            rename to renamed.c
            diff --git a/gone.c b/gone.c
            deleted file mode 100644
            --- a/gone.c
            +++ /dev/null
            @@ -1 +0,0 @@
            -int g;
            -- 
            2.39.5

            """
        let root = tmp.appendingPathComponent("t").path
        let a = try Patch.apply(series, name: "s.mbox", root: root)
        XCTAssertEqual(a.overlay[root + "/a.c"], "int a;\nint a2;\nint c;\n")
        XCTAssertEqual(a.overlay[root + "/new.c"], "int n1;\nint n2;\n")
        XCTAssertEqual(a.overlay[root + "/renamed.c"], "int o;\n")
        XCTAssertNil(a.overlay[root + "/gone.c"])
        XCTAssertEqual(a.deleted, ["gone.c", "old.c"])
        XCTAssertEqual(a.changed["a.c"], [2, 3], "a2 added by 1/2; int c follows 2/2's deletion")
        XCTAssertEqual(a.hunkOf["a.c"]?[2], "[[PATCH 1/2] one] hunk 1 of a.c (@@ -1,3 +1,4 @@)")
        XCTAssertEqual(a.hunkOf["a.c"]?[3], "[[PATCH 2/2] two] hunk 1 of a.c (@@ -2,3 +2,2 @@)")
        XCTAssertEqual(a.changed["new.c"], [1, 2])
        // Malformed input names the line.
        XCTAssertThrowsError(try Patch.apply("--- a/a.c\n+++ b/a.c\n@@ -1,x +1 @@\n", name: "m.patch", root: root)) { e in
            XCTAssertTrue("\(e)".contains("m.patch:3: malformed hunk header"), "\(e)")
        }
        XCTAssertThrowsError(try Patch.apply("--- a/a.c\n+++ b/a.c\n@@ -1,3 +1,3 @@\n int a;\nsomething else\n", name: "m.patch", root: root)) { e in
            XCTAssertTrue("\(e)".contains("m.patch:5: hunk 1 of a.c ends early"), "\(e)")
        }
        // CRLF mail, a file that is not in the tree.
        XCTAssertEqual(try Patch.apply("--- a/a.c\r\n+++ b/a.c\r\n@@ -1 +1 @@\r\n-int a;\r\n+int z;\r\n", name: "crlf", root: root).overlay[root + "/a.c"],
                       "int z;\nint b;\nint c;\n")
        XCTAssertThrowsError(try Patch.apply("--- a/nope.c\n+++ b/nope.c\n@@ -1 +1 @@\n-x\n+y\n", name: "n.patch", root: root)) { e in
            XCTAssertTrue("\(e)".contains("n.patch: nope.c: no such file"), "\(e)")
        }
    }
}
