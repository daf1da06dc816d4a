import Checker
import Facts
import Findings
import Foundation
import Frontend
import Index
@testable import MMLint
@testable import MMModel
import XCTest

/// The model's semantics, checked against the kernel facts (Rules/model.yml `facts:` cites
/// each), then replay on the fixtures: positives confirmed with a witness, protected
/// shapes refuted for the right reason, and the same shapes confirmed with the protection gone.
final class ModelTests: XCTestCase {
    static let model = try! ModelVocabulary.load(rulesDir + "/model.yml")
    func owner(_ era: ExitMmapEra) -> ThreadProgram { ModelTests.model.ownerExit.program(era: era, release: nil) }

    func borrower(_ steps: [Op], cancellable: Bool = false) -> ThreadProgram {
        var t = ThreadProgram(name: "borrower", steps: (cancellable ? [Step(.start, "start")] : []) + steps.map { Step($0, "\($0)") })
        t.cancellable = cancellable
        return t
    }

    let userCopy: [Op] = [.access(.fault), .faultInstall, .faultEnd]

    /// mmget_not_zero() can only fail after the last mmput (and then never succeeds).
    func testMMGetNotZeroFailsOnlyAfterLastMMPut() {
        var cfg = ModelConfig(era: .splitLocks); cfg.extraCount = 1
        // The path took the false branch, then touched user memory: possible only once the
        // owner's mmput ran; the model finds the interleaving.
        let failed = Model(threads: [owner(.splitLocks), borrower([.mmgetNotZero(false), .useMM] + userCopy + [.unuseMM])], config: cfg).explore()
        XCTAssertEqual(failed.violation?.kind, "fault-races-unmap")
        let ownerStep = failed.witness.firstIndex { $0.thread == 0 && $0.step.op == .ownerMmput }!
        let failStep = failed.witness.firstIndex { $0.step.op == .mmgetNotZero(false) }!
        XCTAssertLessThan(ownerStep, failStep)
        // A successful mmget_not_zero holds the address space: teardown waits for its mmput.
        let pinned = Model(threads: [owner(.splitLocks), borrower([.mmgetNotZero(true), .useMM] + userCopy + [.unuseMM, .mmput])], config: cfg).explore()
        XCTAssertNil(pinned.violation)
        XCTAssertTrue(pinned.completed)
    }

    /// Memory mapped by pfn (no page reference): a free while user space still maps it is a use
    /// after free. A zap before the free is not enough on its own — user space maps (or faults)
    /// again between the zap and the free — unless new mappings were stopped first (the revoke
    /// order of vfio-pci and device-dax).
    func testMappedMemoryFreedOnlyWhileMapped() {
        let user = ThreadProgram(name: "user", steps: [Step(.mapPFN, "mmap"), Step(.userTouch, "load")])
        func driver(_ ops: [Op]) -> Exploration {
            Model(threads: [ThreadProgram(name: "driver", steps: ops.map { Step($0, "\($0)") }), user], config: ModelConfig(era: .splitLocks)).explore()
        }
        XCTAssertEqual(driver([.freeMapped]).violation?.kind, "user-access-after-free")
        XCTAssertEqual(driver([.zapMapping, .freeMapped]).violation?.kind, "user-access-after-free", "mapped again after the zap")
        let revoked = driver([.stopMapping, .zapMapping, .freeMapped])
        XCTAssertNil(revoked.violation)
        XCTAssertTrue(revoked.completed)
        XCTAssertEqual(driver([.zapMapping, .stopMapping, .freeMapped]).violation?.kind, "user-access-after-free", "a fault between the zap and the stop")
    }

    /// revoke-order with a driver lock: the revoke changes the state and zaps inside one section;
    /// a fault that tests under the lock and inserts after dropping it slips its insert past the
    /// revoke (ocxl's AFU irqs), in either order inside the section; one that inserts inside the
    /// section cannot.
    func testInsertAfterTheSectionOutlivesTheRevoke() {
        func run(driver ops: [Op], user: [Op]) -> Exploration {
            Model(threads: [ThreadProgram(name: "driver", steps: ops.map { Step($0, "\($0)") }),
                            ThreadProgram(name: "user", steps: user.map { Step($0, "\($0)") })],
                  config: ModelConfig(era: .splitLocks)).explore()
        }
        let outside: [Op] = [.driverLock, .testMapping, .driverUnlock, .insertPFN, .userTouch]
        let inside: [Op] = [.driverLock, .testMapping, .insertPFN, .driverUnlock, .userTouch]
        for revoke in [[Op.stopMapping, .zapMapping], [.zapMapping, .stopMapping]] {
            let driver = [Op.driverLock] + revoke + [.driverUnlock, .revokeDone]
            XCTAssertEqual(run(driver: driver, user: outside).violation?.kind, "fault-after-revoke", "\(revoke)")
            let fixed = run(driver: driver, user: inside)
            XCTAssertNil(fixed.violation, "\(revoke)")
            XCTAssertTrue(fixed.completed)
        }
        // A revoke outside the lock does not exclude the fault's section: state first, zap after,
        // and still a test before the state change and an insert after the zap.
        XCTAssertEqual(run(driver: [.stopMapping, .zapMapping, .revokeDone], user: inside).violation?.kind, "fault-after-revoke")
    }

    /// The GUP-fast walker on a user PTE to the driver's pages (page-reused-under-gup): it takes
    /// a reference, re-reads the PTE and keeps the reference when the PTE did not change. A zap
    /// after that does not wait for it: a release that hands the memory back at once lets GUP's
    /// caller use a reused page; one that drops only a reference, or drains, waits for GUP's
    /// put; a special PTE is refused.
    func testGUPKeepsPageAcrossZap() {
        func run(_ pte: PTEKind, _ driverOps: [Op]) -> Exploration {
            let walker: [Op] = pte == .special ? [.gupRead] : [.gupRead, .gupTryGet, .gupRecheck, .gupUse, .gupPut]
            let user = ThreadProgram(name: "user", steps: ([.mapPage(pte)] + walker + [.userTouch]).map { Step($0, "\($0)") })
            let driver = ThreadProgram(name: "driver", steps: driverOps.map { Step($0, "\($0)") })
            return Model(threads: [driver, user], config: ModelConfig(era: .splitLocks)).explore()
        }
        let revoke: [Op] = [.stopMapping, .zapMapping]
        let blind = run(.refcounted, revoke + [.releaseMemory(.blind)])
        XCTAssertEqual(blind.violation?.kind, "page-reused-under-gup")
        let ops = blind.witness.map(\.step.op)
        // The walk (read, try-get, re-check) completes while the PTE is live, then the zap and the release.
        XCTAssertEqual(ops.filter { $0 != .stopMapping }, [.mapPage(.refcounted), .gupRead, .gupTryGet, .gupRecheck, .zapMapping,
                                                           .releaseMemory(.blind), .gupUse])
        XCTAssertEqual(run(.devmap, revoke + [.releaseMemory(.blind)]).violation?.kind, "page-reused-under-gup")
        for release in [ReleaseKind.honours, .drains] {
            let ex = run(.refcounted, revoke + [.releaseMemory(release)])
            XCTAssertNil(ex.violation, release.rawValue)
            XCTAssertTrue(ex.completed, release.rawValue)
        }
        let special = run(.special, revoke + [.releaseMemory(.blind)])
        XCTAssertNil(special.violation)
        XCTAssertTrue(special.completed)
        // Without a zap the PTE itself still reaches the memory, whatever GUP does.
        XCTAssertEqual(run(.special, [.releaseMemory(.blind)]).violation?.kind, "user-access-after-free")
        XCTAssertNotNil(run(.refcounted, [.releaseMemory(.blind)]).violation)
    }

    /// The re-check: a zap between GUP's read and its re-check makes it drop the reference.
    func testGUPRecheckDropsAReferenceTheZapRaced() {
        let user = ThreadProgram(name: "user", steps: [Step(.mapPage(.refcounted), "map"), Step(.gupRead, "read"),
                                                        Step(.gupTryGet, "try-get")])
        let zap = ThreadProgram(name: "driver", steps: [Step(.stopMapping, "stop"), Step(.zapMapping, "zap")])
        let late = ThreadProgram(name: "user", steps: [Step(.gupRecheck, "re-check"), Step(.gupUse, "use")])
        // Forced order: map, read, try-get; then the zap; then the re-check sees the change.
        var s = Model(threads: [user, zap, late], config: ModelConfig(era: .splitLocks)).initial()
        let m = Model(threads: [user, zap, late], config: ModelConfig(era: .splitLocks))
        for t in [0, 0, 0, 1, 1] { if case .ok(let n) = m.exec(s, t) { s = n } else { XCTFail("step of \(t)") } }
        XCTAssertEqual(s.gup, .grabbed)
        XCTAssertEqual(s.pageRefs, 2, "the driver's and GUP's; the PTE's went with the zap")
        if case .ok(let n) = m.exec(s, 2) { s = n } else { XCTFail("re-check") }
        XCTAssertEqual(s.gup, .gaveUp)
        XCTAssertEqual(s.pageRefs, 1)
    }

    /// mmgrab keeps the struct but not the page tables: on 6.1+ a fault in the window between
    /// unmap_vmas() and free_pgtables() leaves a live PTE in a freed table.
    func testMMGrabbedMMStillLosesItsPageTables() {
        var cfg = ModelConfig(era: .splitLocks); cfg.extraCount = 1
        let ex = Model(threads: [owner(.splitLocks), borrower([.useMM] + userCopy + [.unuseMM])], config: cfg).explore()
        XCTAssertEqual(ex.violation?.kind, "fault-races-unmap")
        let ops = ex.witness.map(\.step.op)
        XCTAssertLessThan(ops.firstIndex(of: .unmapVmas)!, ops.firstIndex(of: .faultInstall)!)
        XCTAssertLessThan(ops.firstIndex(of: .faultInstall)!, ops.firstIndex(of: .freePgtables)!)
        // Without even mm_count, the struct itself is freed under the borrower.
        cfg.extraCount = 0
        let none = Model(threads: [owner(.splitLocks), borrower([.useMM, .unuseMM])], config: cfg).explore()
        XCTAssertEqual(none.violation?.kind, "uaf-mm-struct")
    }

    /// exit_mmap's locking by era: no lock before 5.17 (use after free), a write lock over the
    /// whole teardown in 5.17-6.0 (the fault serializes and fails), split locks from 6.1.
    func testExitMmapByVersion() {
        XCTAssertEqual(ExitMmapEra.forVersion((4, 19)), .unlocked)
        XCTAssertEqual(ExitMmapEra.forVersion((5, 17)), .writeLocked)
        XCTAssertEqual(ExitMmapEra.forVersion((6, 0)), .writeLocked)
        XCTAssertEqual(ExitMmapEra.forVersion((6, 12)), .splitLocks)
        let prog: [Op] = [.readLock, .access(.inspect), .access(.fault), .faultInstall, .faultEnd, .readUnlock]
        var cfg = ModelConfig(era: .unlocked); cfg.extraCount = 1
        XCTAssertEqual(Model(threads: [owner(.unlocked), borrower(prog)], config: cfg).explore().violation?.kind, "uaf-vma-pgtable")
        cfg.era = .writeLocked
        let mid = Model(threads: [owner(.writeLocked), borrower(prog)], config: cfg).explore()
        XCTAssertNil(mid.violation)
        XCTAssertTrue(mid.completed)
        cfg.era = .splitLocks
        XCTAssertEqual(Model(threads: [owner(.splitLocks), borrower(prog)], config: cfg).explore().violation?.kind, "fault-races-unmap")
        // A read-only lookup under mmap_read_lock is safe from 5.17 on.
        let look: [Op] = [.readLock, .access(.inspect), .readUnlock]
        XCTAssertNil(Model(threads: [owner(.splitLocks), borrower(look)], config: cfg).explore().violation)
    }

    /// mm_users == 1 is a snapshot: a borrower between the read and the shortcut gets a stale TLB;
    /// a borrower that came first makes the read false (the path is not taken).
    func testUsersSnapshotBrokenByBorrower() {
        let me = ThreadProgram(name: "flush", steps: [Step(.usersSnapshot, "mm_users == 1"), Step(.singleUserShortcut, "trim mm_cpumask")])
        let borrower = ThreadProgram(name: "kthread", steps: [Step(.mmgetNotZero(true), "mmget_not_zero"), Step(.useMM, "kthread_use_mm")])
        let ex = Model(threads: [me, borrower], config: ModelConfig(era: .splitLocks)).explore()
        XCTAssertEqual(ex.violation?.kind, "stale-tlb")
        XCTAssertEqual(ex.witness.map(\.step.label), ["mm_users == 1", "mmget_not_zero", "kthread_use_mm", "trim mm_cpumask"])
        let alone = Model(threads: [me], config: ModelConfig(era: .splitLocks)).explore()
        XCTAssertNil(alone.violation)
        XCTAssertTrue(alone.completed)
    }

    /// ->release may run twice: exit_mmap and mmu_notifier_unregister race.
    func testReleaseMayRunTwice() {
        let exitPath = ThreadProgram(name: "exit_mmap", steps: [Step(.releaseCallback, "mmu_notifier_release → ->release")])
        let unregister = ThreadProgram(name: "mmu_notifier_unregister", steps: [Step(.releaseCallback, "->release")])
        let ex = Model(threads: [exitPath, unregister], config: ModelConfig(era: .splitLocks)).explore()
        XCTAssertEqual(ex.violation?.kind, "release-twice")
    }

    /// pmd_mkinvalid() on an arm64 migration entry reads as present to GUP-fast; on x86-64 it
    /// rewrites the swap offset. A present entry is fine on both.
    func testPMDMkinvalidPerArchitecture() {
        XCTAssertEqual(Model.mkinvalid(.migration, .arm64), .invalidatedSwap)
        XCTAssertEqual(Model.mkinvalid(.migration, .x86_64), .corruptedSwap)
        XCTAssertEqual(Model.mkinvalid(.presentHuge, .arm64), .presentInvalid)
        for arch in Arch.allCases {
            var cfg = ModelConfig(era: .splitLocks); cfg.arch = arch; cfg.pmd = .migration
            let inv = ThreadProgram(name: "split", steps: [Step(.pmdInvalidate, "pmdp_invalidate")])
            let gup = ThreadProgram(name: "gup-fast", steps: [Step(.gupFastRead, "gup_fast_pmd_range")])
            let ex = Model(threads: [inv, gup], config: cfg).explore()
            XCTAssertEqual(ex.violation?.kind, arch == .arm64 ? "pmd-misread" : "pmd-invalidate-non-present", arch.rawValue)
            cfg.pmd = .presentHuge
            XCTAssertNil(Model(threads: [inv, gup], config: cfg).explore().violation, arch.rawValue)
        }
    }

    /// A ->release that cancels the work protects the borrow only if the work cannot be queued
    /// again (modeled as: a cancelled work that is not blocked may still start later).
    func testReleaseCancelAndRequeue() {
        var cfg = ModelConfig(era: .splitLocks); cfg.extraCount = 1
        let owner = ModelTests.model.ownerExit.program(era: .splitLocks, release: (true, "cancel_work_sync"))
        let b = borrower([.useMM] + userCopy + [.unuseMM], cancellable: true)
        cfg.requeueBlocked = true
        XCTAssertNil(Model(threads: [owner, b], config: cfg).explore().violation)
        cfg.requeueBlocked = false
        XCTAssertEqual(Model(threads: [owner, b], config: cfg).explore().violation?.kind, "fault-races-unmap")
    }

    /// exit_aio() waits for a native AIO request: a borrow that completes one never overlaps
    /// exit_mmap().
    func testExitAioDrainsNativeAIO() {
        var cfg = ModelConfig(era: .unlocked); cfg.extraCount = 0
        var b = borrower([.useMM] + userCopy + [.unuseMM], cancellable: true)
        b.nativeAIO = true
        XCTAssertNil(Model(threads: [owner(.unlocked), b], config: cfg).explore().violation)
        b.nativeAIO = false
        XCTAssertNotNil(Model(threads: [owner(.unlocked), b], config: cfg).explore().violation)
    }

    /// The tree decides: exit_mmap's shape and io_uring are probed, not inferred.
    func testSemanticsProbeReadsTheTree() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("mmlint-sem-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let fm = FileManager.default
        try fm.createDirectory(at: tmp.appendingPathComponent("mm"), withIntermediateDirectories: true)
        try fm.createDirectory(at: tmp.appendingPathComponent("include/generated"), withIntermediateDirectories: true)
        try "x\nvoid exit_mmap(struct mm_struct *mm)\n{\n\tmmap_write_lock(mm);\n\tunmap_vmas();\n}\n"
            .write(to: tmp.appendingPathComponent("mm/mmap.c"), atomically: true, encoding: .utf8)
        try "#define CONFIG_MMU 1\n".write(to: tmp.appendingPathComponent("include/generated/autoconf.h"), atomically: true, encoding: .utf8)
        var s = Semantics.probe(root: tmp.path, isKernel: true, version: (6, 12), versionFromOption: false)
        XCTAssertEqual(s.era, .writeLocked, "the body wins over the version")
        XCTAssertEqual(s.ioUring, .absent)
        try fm.createDirectory(at: tmp.appendingPathComponent("io_uring"), withIntermediateDirectories: true)
        try "".write(to: tmp.appendingPathComponent("io_uring/io_uring.c"), atomically: true, encoding: .utf8)
        s = Semantics.probe(root: tmp.path, isKernel: true, version: (6, 12), versionFromOption: false)
        XCTAssertEqual(s.ioUring, .absent, "sources without CONFIG_IO_URING")
        try "#define CONFIG_IO_URING 1\n".write(to: tmp.appendingPathComponent("include/generated/autoconf.h"), atomically: true, encoding: .utf8)
        s = Semantics.probe(root: tmp.path, isKernel: true, version: (6, 12), versionFromOption: false)
        XCTAssertEqual(s.ioUring, .present)
    }
}

/// Replay cites the analyzed tree's own lines: kernel references are functions (and the calls in
/// them), placed in whatever tree is analyzed, never 6.12's line numbers.
final class KernelSourceTests: XCTestCase {
    func tree(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mmlint-ksrc-\(UUID().uuidString)")
        for (f, text) in files {
            let url = root.appendingPathComponent(f)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        return root.path
    }

    /// Definitions in the spellings kernel C uses; prototypes, callers and comments are not one.
    func testDefinitionSpellings() throws {
        let text = """
        void mmput(struct mm_struct *);
        /* mmput(mm) drops a reference */
        static void caller(void)
        {
        \tmmput(mm);
        }
        void __mmput(struct mm_struct *mm)
        {
        }
        static inline void
        mmput(struct mm_struct *mm)
        {
        \t/* mmdrop(mm) here is only a comment */
        \tif (atomic_dec_and_test(&mm->mm_users))
        \t\t__mmput(mm);
        }
        #define pte_present(pte)\t(pte_valid(pte) || \\
        \t\t\t\t pte_present_invalid(pte))
        int gup_fast_pmd_range(pud_t *pudp, pud_t pud,
        \t\t\t       unsigned long addr)
        {
        \tpmd_t pmd = pmdp_get_lockless(pmdp);
        \tif (!pmd_present(pmd))
        \t\treturn 0;
        }
        """
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(KernelSource.definition(of: "mmput", in: lines).map { [$0.0 + 1, $0.1 + 1] }, [11, 16], "return type on the line before; the prototype and the call skipped")
        XCTAssertEqual(KernelSource.definition(of: "__mmput", in: lines).map { $0.0 + 1 }, 7)
        XCTAssertEqual(KernelSource.definition(of: "pte_present", in: lines).map { [$0.0 + 1, $0.1 + 1] }, [17, 18], "a macro with a continuation")
        XCTAssertEqual(KernelSource.definition(of: "gup_fast_pmd_range", in: lines).map { $0.0 + 1 }, 19, "parameters over two lines")
        XCTAssertNil(KernelSource.definition(of: "mmdrop", in: lines), "named only in a comment")
    }

    /// The same reference in two trees whose lines differ: each gets its own; anchors in order,
    /// comments skipped; a tree without it gets names only.
    func testCitationsFollowTheTree() throws {
        let exitMmap = { (pad: Int) in
            String(repeating: "\n", count: pad) + """
            void exit_mmap(struct mm_struct *mm)
            {
            \tmmu_notifier_release(mm);
            \tmmap_read_lock(mm);
            \tif (unlikely(!vma)) {
            \t\tmmap_read_unlock(mm);
            \t\treturn;
            \t}
            \tunmap_vmas(&tlb, vma);
            \tmmap_read_unlock(mm);
            \t/* Set MMF_OOM_SKIP to hide this task */
            \tset_bit(MMF_OOM_SKIP, &mm->flags);
            }

            """
        }
        let a = KernelSource(root: try tree(["mm/mmap.c": exitMmap(0)]))
        let b = KernelSource(root: try tree(["mm/vma.c": exitMmap(100)]))   // moved to another file, 100 lines down
        let unlock = KernelRef("mm/mmap.c", "exit_mmap", anchors: ["unmap_vmas", "mmap_read_unlock"], otherFiles: ["mm/vma.c"])
        XCTAssertEqual(a.line(unlock), 10, "the unlock after the unmap, not the early return's")
        XCTAssertEqual(b.line(unlock), 110)
        XCTAssertEqual(b.file(unlock), "mm/vma.c")
        let skip = KernelRef("mm/mmap.c", "exit_mmap", anchors: ["MMF_OOM_SKIP"])
        XCTAssertEqual(a.line(skip), 12, "not the comment's line")
        XCTAssertEqual(a.cite(KernelRef("mm/mmap.c", "exit_mmap", anchors: ["mmu_notifier_release"], span: true)),
                       "mm/mmap.c:1-13 exit_mmap(): mmu_notifier_release() :3")
        let none = KernelSource(root: nil)
        XCTAssertNil(none.line(unlock))
        XCTAssertEqual(none.cite(unlock), "mm/mmap.c exit_mmap(): unmap_vmas(), mmap_read_unlock()")
        XCTAssertEqual(KernelSource(root: try tree([:])).cite(KernelRef("kernel/fork.c", "__mmput", span: true)), "kernel/fork.c __mmput()",
                       "a tree without the file: no line")
    }

    /// Semantics of a kernel tree place the model's teardown steps and fact citations in it.
    func testReplayStepsAndFactsUseTheAnalyzedTree() throws {
        let root = try tree([
            "mm/mmap.c": String(repeating: "\n", count: 40) + "void exit_mmap(struct mm_struct *mm)\n{\n\tmmu_notifier_release(mm);\n}\n",
            "kernel/fork.c": "static inline void __mmput(struct mm_struct *mm)\n{\n\texit_aio(mm);\n\tmmdrop(mm);\n}\n",
        ])
        let s = Semantics.probe(root: root, isKernel: true, version: (6, 12), versionFromOption: false)
        let model = ModelTests.model
        XCTAssertEqual(model.cite(.mmputTeardown, in: s.source), "kernel/fork.c:1-5 __mmput()")
        let steps = model.ownerExit.program(era: .splitLocks, release: nil).steps
        let release = steps.first { if case .notifierRelease = $0.op { return true }; return false }!
        XCTAssertEqual(s.source.line(release.kernel!), 43)
        XCTAssertEqual(s.source.line(steps.first { $0.op == .teardownMmdrop }!.kernel!), 4)
        XCTAssertNil(s.source.line(steps.first { $0.op == .freePgtables }!.kernel!), "not in this exit_mmap: no line")
        let plain = Semantics.probe(root: root, isKernel: false, version: nil, versionFromOption: false)
        XCTAssertEqual(model.cite(.mmputTeardown, in: plain.source), "kernel/fork.c __mmput()", "not a kernel tree: names only")
    }
}

final class ReplayFixtureTests: XCTestCase {
    func check(_ sub: String, version: String? = nil) throws -> [Finding] {
        var opt = CheckOptions(paths: [fixtures.appendingPathComponent(sub).path], rulesDir: rulesDir, jobs: 2, kernelVersion: version)
        opt.prefilter = false
        return try MMLint.check(opt).findings.filter { $0.severity != .note }
    }

    /// The annotated verdicts (`replay=…`) of Fixtures/replay hold.
    func testReplayFixtures() throws {
        let outs = try FixtureRunner.run(directory: fixtures.appendingPathComponent("replay").path, rulesDir: rulesDir, jobs: 2)
        XCTAssertEqual(outs.count, 4)
        for o in outs { XCTAssertTrue(o.passed, "\(o.unit):\n" + o.problems.joined(separator: "\n")) }
    }

    /// Every positive fixture of the borrow rules whose borrower is a work item is confirmed,
    /// with a two-CPU witness that ends in the violation.
    func testPositivesConfirmedWithWitness() throws {
        for sub in ["cross-file/count-holder", "rules/use-mm-without-mmget/holders.c", "demo"] {
            for f in try check(sub) where f.rule != "invalidate-non-present-pmd" {
                let r = try XCTUnwrap(f.replay, "\(f.file):\(f.line)")
                XCTAssertEqual(r.verdict, .confirmed, "\(f.file):\(f.line): \(r.reason)")
                XCTAssertEqual(Set(r.trace.map(\.cpu)), [0, 1], "\(f.file):\(f.line)")
                XCTAssertNotNil(r.violation)
            }
        }
    }

    /// The refuted shape names its mechanism; deleting the protection flips it.
    func testNotifierCancelRefutedAndRequeueConfirmed() throws {
        let cancel = try XCTUnwrap(check("replay/notifier-cancel").first?.replay)
        XCTAssertEqual(cancel.verdict, .refuted)
        XCTAssertTrue(cancel.reason.contains("nc_mn_release") && cancel.reason.contains("cannot be queued again"), cancel.reason)
        let requeue = try XCTUnwrap(check("replay/notifier-requeue").first?.replay)
        XCTAssertEqual(requeue.verdict, .confirmed)
        XCTAssertTrue(requeue.assumptions.joined().contains("nr_main.c:46"), "\(requeue.assumptions)")
    }

    /// The f_fs shape: refuted where only native AIO exists (before 5.1), confirmed where
    /// io_uring may submit the kiocb.
    func testAIOBorrowDependsOnIOUring() throws {
        let old = try XCTUnwrap(check("replay/aio-complete", version: "4.19").first?.replay)
        XCTAssertEqual(old.verdict, .refuted)
        XCTAssertTrue(old.reason.contains("exit_aio()"), old.reason)
        let now = try XCTUnwrap(check("replay/aio-complete", version: "6.12").first?.replay)
        XCTAssertEqual(now.verdict, .confirmed)
        XCTAssertTrue(now.assumptions.joined().contains("CONFIG_IO_URING"), "\(now.assumptions)")
    }

    /// The witness window follows the era: a page-table use-after-free before 5.17, nothing
    /// on 5.17-6.0 (the fault fails with -EFAULT), a fault racing unmap_vmas from 6.1.
    func testWitnessFollowsTheEra() throws {
        func verdict(_ v: String) throws -> ReplayResult {
            let f = try check("cross-file/count-holder", version: v).first { $0.line == 13 }
            return try XCTUnwrap(f?.replay)
        }
        XCTAssertEqual(try verdict("4.19").violation, "uaf-vma-pgtable")
        XCTAssertEqual(try verdict("5.17").verdict, .refuted)
        XCTAssertEqual(try verdict("6.12").violation, "fault-races-unmap")
    }

    /// A mixed holder and an own-pin protocol are not modeled: inconclusive, with the reason.
    func testUnmodeledProtocolsAreInconclusive() throws {
        var opt = CheckOptions(paths: [fixtures.appendingPathComponent("cross-file/mixed-holder").path], rulesDir: rulesDir, jobs: 1)
        opt.prefilter = false
        let notes = try MMLint.check(opt).findings
        XCTAssertFalse(notes.isEmpty)
        for f in notes { XCTAssertEqual(f.replay?.verdict, .inconclusive, f.replay?.reason ?? "") }
    }

    /// A pmd invalidated on a path that asserted a migration entry (the 6.10 split bug).
    func testSplitBugConfirmedOnBothArchitectures() throws {
        let f = try XCTUnwrap(check("rules/invalidate-non-present-pmd/split.c").first { $0.line == 32 })
        let r = try XCTUnwrap(f.replay)
        XCTAssertEqual(r.verdict, .confirmed)
        XCTAssertTrue(r.reason.contains("x86-64") && r.reason.contains("arm64"), r.reason)
        XCTAssertEqual(r.trace.last?.cpu, 1, "the witness ends with GUP-fast misreading the entry")
    }

    /// A test inside a macro's invocation, one operand of an && (`likely(a && mm_users == 1)`):
    /// each branch of the condition carries the invocation's text and place, and the finding was
    /// written once per branch. Once.
    func testOneFindingPerMacroCondition() throws {
        let found = try check("rules/mm-users-heuristic/macro_compound.c").filter { $0.rule == "mm-users-heuristic" }
        XCTAssertEqual(found.map(\.line), [16], found.map { "\($0.line):\($0.column) \($0.message)" }.joined(separator: "\n"))
    }

    /// A presence fact forgotten when the lock is dropped (here by a helper that drops and
    /// retakes it) is explained as the entry's, not in an mm reference's words: no "released",
    /// no origin of an mm; replay still confirms it.
    func testForgottenPresenceIsTheEntrys() throws {
        let f = try XCTUnwrap(check("rules/invalidate-non-present-pmd/relock_helper.c").first { $0.line == 53 })
        XCTAssertTrue(f.message.contains("no longer holds after rl_wait_folio(ptl, folio)"), f.message)
        XCTAssertFalse(f.message.contains("released"), f.message)
        XCTAssertTrue(f.originIsUnproven, f.origin)
        XCTAssertEqual(f.replay?.verdict, .confirmed)
    }

    /// page-reused-under-gup, replayed from the fixtures: the positive is confirmed with the
    /// walk finished before the zap; the same finding with the release that drops a reference,
    /// or one that drains, is refuted naming that mechanism; a special PTE is refuted naming
    /// pte_special; ZONE_DEVICE with a drain stays quiet, without one it is a confirmed note.
    func testGUPPinReplayNamesTheMechanism() throws {
        let dir = fixtures.appendingPathComponent("rules/page-reused-under-gup").path
        let rules = try RuleSet.load(directory: rulesDir)
        let vocab = try ModelVocabulary.load(rulesDir + "/model.yml")
        func analyze(_ name: String) -> (findings: [Finding], replayer: Replayer) {
            let file = dir + "/" + name
            let facts = Frontend.parse(file: file, arguments: ["-std=gnu11", "-I", fixtures.appendingPathComponent("include").path],
                                       root: dir, seen: SeenFunctions(), names: rules.frontendNames)
            let index = TreeIndex([facts])
            let replayer = Replayer(rules: rules, index: index, semantics: .current(reason: "test"), vocabulary: vocab)
            let findings = Engine(rules: rules, index: index, version: nil).run().filter { $0.rule == "page-reused-under-gup" }
            return (findings.map { var f = $0; f.replay = replayer.replay(f); return f }, replayer)
        }
        let pool = analyze("pool_release.c")
        var positive = try XCTUnwrap(pool.findings.first { $0.line == 31 })
        let confirmed = pool.replayer.replay(positive)
        XCTAssertEqual(confirmed.verdict, .confirmed, confirmed.reason)
        XCTAssertEqual(confirmed.violation, "page-reused-under-gup")
        let events = confirmed.trace.map(\.event)
        let recheck = try XCTUnwrap(events.firstIndex { $0.hasPrefix("re-reads the PTE") })
        let zap = try XCTUnwrap(events.firstIndex { $0.hasPrefix("unmap_mapping_range") })
        XCTAssertLessThan(recheck, zap, "GUP keeps a reference it took before the zap")
        XCTAssertEqual(confirmed.trace.last?.cpu, 1)
        positive.subject?.release = ReleaseKind.honours.rawValue
        let honours = pool.replayer.replay(positive)
        XCTAssertEqual(honours.verdict, .refuted)
        XCTAssertTrue(honours.reason.contains("drops only the driver's reference; the page lives until GUP's put"), honours.reason)
        positive.subject?.release = ReleaseKind.drains.rawValue
        let drains = pool.replayer.replay(positive)
        XCTAssertEqual(drains.verdict, .refuted)
        XCTAssertTrue(drains.reason.hasPrefix("pgmap drain:") && drains.reason.contains("memunmap_pages"), drains.reason)

        let special = try XCTUnwrap(analyze("special_ptes.c").findings.first { $0.line == 51 }?.replay)
        XCTAssertEqual(special.verdict, .refuted)
        XCTAssertTrue(special.reason.hasPrefix("special PTE: GUP-fast refuses pte_special"), special.reason)

        XCTAssertNil(analyze("p2p_drain.c").findings.first { $0.line == 45 }, "the pgmap drains: no note")
        let dax = try XCTUnwrap(analyze("devdax_pgmap.c").findings.first { $0.line == 45 })
        XCTAssertEqual(dax.severity, .note)
        XCTAssertEqual(dax.replay?.verdict, .confirmed)
        XCTAssertTrue(dax.replay?.reason.contains("memunmap_pages") ?? false, dax.replay?.reason ?? "")
    }

    /// --no-replay leaves findings without a verdict.
    func testNoReplay() throws {
        var opt = CheckOptions(paths: [fixtures.appendingPathComponent("demo").path], rulesDir: rulesDir, jobs: 1)
        opt.replay = false
        XCTAssertTrue(try MMLint.check(opt).findings.allSatisfy { $0.replay == nil })
    }
}
