import Foundation
import XCTest

/// Issue 16's reachability and holder honesty, on a small kernel-shaped tree (only a kernel
/// checkout analyzed whole can say "nothing in the tree calls it").
final class RecallTests: CLITestCase {
    func kernelTree() throws -> String {
        let k = "kernel"
        try kernelSkeleton(k)
        // A holder stored with mmgrab(); three borrowers: one called from another file, one
        // named by nothing in the tree, one static and unused.
        try write("\(k)/drivers/fake/ctx.c", """
            #include <linux/mmlint_stub.h>
            struct fk_ctx { struct mm_struct *mm; int __user *p; };
            int fk_open(struct fk_ctx *c)
            {
            \tc->mm = current->mm;
            \tmmgrab(c->mm);
            \treturn 0;
            }
            void fk_called(struct fk_ctx *c)
            {
            \tkthread_use_mm(c->mm);
            \tput_user(1, c->p);
            \tkthread_unuse_mm(c->mm);
            }
            void fk_orphan(struct fk_ctx *c)
            {
            \tkthread_use_mm(c->mm);
            \tput_user(2, c->p);
            \tkthread_unuse_mm(c->mm);
            }
            static void fk_unused(struct fk_ctx *c)
            {
            \tkthread_use_mm(c->mm);
            \tkthread_unuse_mm(c->mm);
            }

            """)
        try write("\(k)/drivers/other/user.c", """
            struct fk_ctx;
            void fk_called(struct fk_ctx *c);
            void fk_user(struct fk_ctx *c) { fk_called(c); }

            """)
        // Address-space operations on the holder through a parameter, in exported functions
        // whose only callers are in files that name no vocabulary (not parsed), and one called
        // from a parsed file: the callers choose the object and the task (s390 gmap).
        try write("\(k)/drivers/fake/space.c", """
            #include <linux/mmlint_stub.h>
            struct fk_space { struct mm_struct *mm; struct page *page; };
            int fk_space_init(struct fk_space *s)
            {
            \tmmgrab(current->mm);
            \ts->mm = current->mm;
            \treturn 0;
            }
            int fk_space_fault(struct fk_space *s, unsigned long addr)
            {
            \treturn get_user_pages_remote(s->mm, addr, 1, FOLL_WRITE, &s->page, NULL);
            }
            int fk_space_fixup(struct fk_space *s, unsigned long addr)
            {
            \treturn fixup_user_fault(s->mm, addr, FAULT_FLAG_WRITE, NULL);
            }

            """)
        try write("\(k)/drivers/other/vcpu.c", """
            struct fk_space;
            int fk_space_fault(struct fk_space *s, unsigned long addr);
            long fk_vcpu_run(struct fk_space *s, unsigned long addr) { return fk_space_fault(s, addr); }

            """)
        try write("\(k)/drivers/fake/pinner.c", """
            #include <linux/mmlint_stub.h>
            struct fk_space;
            int fk_space_fixup(struct fk_space *s, unsigned long addr);
            void fk_worker(struct fk_space *s, struct mm_struct *mm, unsigned long addr)
            {
            \tif (!mmget_not_zero(mm))
            \t\treturn;
            \tfk_space_fixup(s, addr);
            \tmmput(mm);
            }

            """)
        // A revoke in the wrong order, called only from a file the run does not parse: the
        // caller brings no mm, so nothing about it can make the order right (an error).
        try write("\(k)/drivers/fake/xw.c", """
            #include <linux/mmlint_stub.h>
            struct xarray { void *xa_head; };
            void *xa_load(struct xarray *xa, unsigned long index);
            void *xa_erase(struct xarray *xa, unsigned long index);
            struct xw_dev { spinlock_t lock; struct xarray pages; struct inode *inode; };
            static vm_fault_t xw_fault(struct vm_fault *vmf)
            {
            \tstruct xw_dev *d = vmf->vma->vm_private_data;
            \tunsigned long *entry, pfn = 0;

            \tspin_lock(&d->lock);
            \tentry = xa_load(&d->pages, vmf->address >> PAGE_SHIFT);
            \tif (entry)
            \t\tpfn = *entry;
            \tspin_unlock(&d->lock);
            \tif (!pfn)
            \t\treturn VM_FAULT_SIGBUS;
            \treturn vmf_insert_pfn(vmf->vma, vmf->address, pfn);
            }
            static const struct vm_operations_struct xw_vm_ops = { .fault = xw_fault };
            void xw_revoke(struct xw_dev *d, unsigned long index)
            {
            \tspin_lock(&d->lock);
            \txa_erase(&d->pages, index);
            \tunmap_mapping_range(d->inode->i_mapping, index << PAGE_SHIFT, PAGE_SIZE, 1);
            \tspin_unlock(&d->lock);
            }

            """)
        try write("\(k)/drivers/other/xw_ioctl.c", """
            struct xw_dev;
            void xw_revoke(struct xw_dev *d, unsigned long index);
            long xw_ioctl(struct xw_dev *d, unsigned long arg) { xw_revoke(d, arg); return 0; }

            """)
        // A holder whose count is kept by a binding API, not by a reference of its own (6.1 idxd).
        try write("\(k)/drivers/fake/sva.c", """
            #include <linux/mmlint_stub.h>
            struct sv_ctx { struct mm_struct *mm; struct iommu_sva *sva; int __user *p; };
            int sv_open(struct sv_ctx *c, struct device *dev)
            {
            \tc->sva = iommu_sva_bind_device(dev, current->mm, NULL);
            \tc->mm = current->mm;
            \treturn 0;
            }
            void sv_copy(struct sv_ctx *c)
            {
            \tkthread_use_mm(c->mm);
            \tput_user(1, c->p);
            \tkthread_unuse_mm(c->mm);
            }
            void sv_user(struct sv_ctx *c) { sv_copy(c); }

            """)
        return tmp.appendingPathComponent(k).path
    }

    struct Item: Decodable { var function: String; var severity: String; var message: String }
    struct Report: Decodable { var findings: [Item] }

    func testUncalledFunctionsAreLatentAndHoldersSayWhatHoldsTheCount() throws {
        let root = try kernelTree()
        let out = tmp.appendingPathComponent("r.json").path
        let r = try mmlint(["check", root, "--format", "json", "-o", out, "--no-replay"])
        XCTAssertEqual(r.code, 1, r.err)
        let rep = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: out)))
        func finding(_ fn: String) -> Item? { rep.findings.first { $0.function == fn } }
        XCTAssertEqual(finding("fk_called")?.severity, "error", "a function another file calls stays an error")
        XCTAssertFalse(finding("fk_called")?.message.contains("latent") ?? true)
        XCTAssertEqual(finding("fk_orphan")?.severity, "warning")
        XCTAssertTrue(finding("fk_orphan")?.message.contains("latent: nothing in this tree calls or registers fk_orphan()") ?? false,
                      finding("fk_orphan")?.message ?? "fk_orphan not reported")
        XCTAssertEqual(finding("fk_unused")?.severity, "warning")
        XCTAssertTrue(finding("fk_unused")?.message.contains("(static, and its file has no use of it)") ?? false)
        XCTAssertTrue(finding("fk_called")?.message.contains("is stored with mmgrab() only") ?? false, finding("fk_called")?.message ?? "")
        // Called only from an unparsed file: the caller decides (a warning that says so); called
        // from a parsed one that does not pin the holder's mm: an error, judged at the caller.
        let unjudged = try XCTUnwrap(finding("fk_space_fault"), "\(rep.findings.map(\.function))")
        XCTAssertEqual(unjudged.severity, "warning")
        XCTAssertTrue(unjudged.message.contains("unjudged caller context: fk_space_fault() is called only from C files this run did not parse"),
                      unjudged.message)
        let revoke = try XCTUnwrap(finding("xw_revoke"), "\(rep.findings.map(\.function))")
        XCTAssertEqual(revoke.severity, "error", revoke.message)
        XCTAssertFalse(revoke.message.contains("unjudged"), revoke.message)
        let judged = rep.findings.filter { $0.function == "fk_worker" || $0.function == "fk_space_fixup" }
        // (fk_worker itself is called by nothing here: latent.)
        XCTAssertEqual(judged.map(\.function), ["fk_worker"], "the requirement reaches the parsed caller: \(judged.map(\.message))")
        XCTAssertFalse(judged.contains { $0.message.contains("unjudged") })
        let sva = try XCTUnwrap(rep.findings.first { $0.message.contains("struct sv_ctx.mm") })
        XCTAssertTrue(sva.message.contains("not by a reference of its own: iommu_sva_bind_device() keeps it"), sva.message)

        // Analyzing a subfolder cannot say what the rest of the tree does: nothing is latent.
        let out2 = tmp.appendingPathComponent("r2.json").path
        _ = try mmlint(["check", root + "/drivers/fake", "--format", "json", "-o", out2, "--no-replay"])
        let rep2 = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: out2)))
        XCTAssertFalse(rep2.findings.contains { $0.message.contains("latent") })
    }

    /// use_mm() dates a tree of unknown version (and the message says so); a version decides.
    func testUseMMIsJudgedByItsEraWhenNoVersionIsKnown() throws {
        let tree = try demoCopy()
        let src = fixtures.appendingPathComponent("rules/use-mm-without-mmget/era_by_name.c")
        try FileManager.default.copyItem(at: src, to: URL(fileURLWithPath: tree).appendingPathComponent("era.c"))
        func run(_ extra: [String]) throws -> [Item] {
            let out = tmp.appendingPathComponent("era-\(extra.count).json").path
            _ = try mmlint(["check", "--all-files", "--no-replay", "--format", "json", "-o", out, tree + "/era.c"] + extra)
            return try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: out))).findings
        }
        let unknown = try run([])
        XCTAssertEqual(unknown.filter { $0.message.contains("use_mm(") }.count, 3, "\(unknown.map(\.message))")
        XCTAssertTrue(unknown.contains { $0.message.contains("no kernel version is known: use_mm() exists only before 5.8") })
        let old = try run(["--kernel-version", "5.4"])
        XCTAssertEqual(old.filter { $0.message.contains("use_mm(") }.count, 3)
        XCTAssertFalse(old.contains { $0.message.contains("no kernel version is known") })
        XCTAssertTrue(try run(["--kernel-version", "6.1"]).isEmpty, "use_mm() does not exist in 6.1")
    }

    /// `--format concise`: one line per finding, paths relative to where mmlint runs (issue 20).
    func testConciseFormatIsOneLinePerFindingRelativeToTheCurrentFolder() throws {
        let tree = try demoCopy()
        let r = try mmlint(["check", "--format", "concise", tree], cwd: tmp.path)
        XCTAssertEqual(r.code, 1, r.err)
        let lines = r.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, r.out)
        for l in lines {
            XCTAssertTrue(l.hasPrefix("tree/drivers/misc/fakeaccel/"), l)
            XCTAssertTrue(l.contains(": error: ") && l.contains("] (replay: confirmed)"), l)
        }
        let sub = tmp.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let r2 = try mmlint(["check", "--format", "concise", tree], cwd: sub.path)
        XCTAssertTrue(r2.out.split(separator: "\n").allSatisfy { $0.hasPrefix("../tree/drivers/") }, r2.out)
    }

    /// A test inside a branch hint's expansion (`if (unlikely(!current->mm))`) has no expansion
    /// range of its own: the message quotes the hint's invocation as written, never an empty
    /// expression.
    func testATestInsideABranchHintIsQuotedAsWritten() throws {
        let r = try mmlint(["check", "--no-cache", "--format", "concise",
                            fixtures.appendingPathComponent("rules/kthread-test-by-null-mm/hinted.c").path])
        XCTAssertTrue(r.out.contains("`unlikely(!current->mm)` is used to mean"), r.out)
        XCTAssertFalse(r.out.contains("``"), r.out)
    }

    /// A free written as a macro is quoted as written, not as its expansion with the whole
    /// invocation in place of each argument.
    func testAFreeWrittenAsAMacroIsQuotedAsWritten() throws {
        let r = try mmlint(["check", "--no-cache", "--format", "concise", fixtures.appendingPathComponent("rules/mapped-memory-freed/macro_free.c").path])
        XCTAssertTrue(r.out.contains("free_page(u->shpg) frees struct mq_uctx.shpg"), r.out)
        XCTAssertFalse(r.out.contains("free_pages(free_page"), r.out)
    }

    /// A framework maps device memory in its ->mmap and never revokes; its drivers call it from
    /// their remove() in files that name none of the rule's words (uio drivers → the uio core).
    /// The selection leaves the drivers out; the rule asks for the framework folder's files that
    /// name its exported functions, and reports on the framework's file only. A framework that
    /// zaps on unregister stays quiet through the same round.
    func testFrameworkTeardownInUnselectedDriversIsFound() throws {
        let k = try kernelSkeleton("kernel")
        try writeFramework("kernel/drivers/xuio", "xuio", zap: false)
        try writeFramework("kernel/drivers/zuio", "zuio", zap: true)
        let r = try mmlint(["check", k, "--no-cache", "--no-replay", "--format", "concise"])
        let lines = r.out.split(separator: "\n").filter { $0.contains("[mmio-survives-teardown]") }
        XCTAssertEqual(lines.count, 1, r.out + r.err)
        XCTAssertTrue(lines.first?.contains("drivers/xuio/core.c:8:") ?? false, r.out)
        XCTAssertTrue(lines.first?.contains("xuio_pci_remove() through xuio_unregister()") ?? false, r.out)
        XCTAssertTrue(r.err.contains("2 of 4 files selected"), "the drivers are context, not selected: " + r.err)
    }

    /// A library maps its queues' DMA memory from an ->mmap of its own and frees it in an
    /// exported uninit; the drivers below its folder (NAME/drv/main.c, naming no rule word) call
    /// the uninit from their remove(), one after polling until the count of the open files
    /// drains (hisi qm's hisi_qm_wait_task_finish() in zip/, sec2/, hpre/), one without. Only
    /// the library is selected: the rule asks for the files of its folder and subfolders that
    /// name the exported function, and the free is reported only where no wait comes first.
    func testLibraryFreeAfterADriverWaitsForTheOpenFilesIsNotReported() throws {
        let k = try kernelSkeleton("kernel")
        for (name, waits) in [("xqm", true), ("yqm", false)] {
            try write("kernel/drivers/\(name)/qm.c", """
                #include <linux/mmlint_stub.h>
                struct \(name) { struct device *dev; int in_use; void *va; dma_addr_t dma; size_t size; };
                static int \(name)_open(struct inode *inode, struct file *f)
                {
                \tstruct \(name) *qm = f->private_data;

                \tqm->in_use++;
                \treturn 0;
                }
                static int \(name)_release(struct inode *inode, struct file *f)
                {
                \tstruct \(name) *qm = f->private_data;

                \tqm->in_use--;
                \treturn 0;
                }
                static int \(name)_mmap(struct file *f, struct vm_area_struct *vma)
                {
                \tstruct \(name) *qm = f->private_data;

                \treturn dma_mmap_coherent(qm->dev, vma, qm->va, qm->dma, qm->size);
                }
                static const struct file_operations \(name)_fops = { .open = \(name)_open, .release = \(name)_release,
                \t\t\t\t\t\t     .mmap = \(name)_mmap };
                static int \(name)_frozen(struct \(name) *qm)
                {
                \tif (!qm->in_use)
                \t\treturn 0;
                \treturn -EBUSY;
                }
                void \(name)_wait_task_finish(struct \(name) *qm)
                {
                \twhile (\(name)_frozen(qm))
                \t\tmsleep(10);
                }
                static void \(name)_memory_uninit(struct \(name) *qm)
                {
                \tdma_free_coherent(qm->dev, qm->size, qm->va, qm->dma);
                }
                void \(name)_uninit(struct \(name) *qm)
                {
                \t\(name)_memory_uninit(qm);
                }

                """)
            try write("kernel/drivers/\(name)/drv/main.c", """
                struct \(name);
                void \(name)_wait_task_finish(struct \(name) *qm);
                void \(name)_uninit(struct \(name) *qm);
                struct pci_driver { void (*remove)(void *pdev); };
                static void \(name)_drv_remove(void *pdev)
                {
                \t\(waits ? "\(name)_wait_task_finish(pdev);" : "")
                \t\(name)_uninit(pdev);
                }
                static struct pci_driver \(name)_drv_driver = { .remove = \(name)_drv_remove };

                """)
        }
        let r = try mmlint(["check", k, "--no-cache", "--no-replay", "--format", "concise"])
        let lines = r.out.split(separator: "\n").filter { $0.contains("[mapped-memory-freed]") }
        XCTAssertEqual(lines.count, 1, r.out + r.err)
        XCTAssertTrue(lines.first?.contains("drivers/yqm/qm.c:") ?? false, r.out)
        XCTAssertTrue(r.err.contains("2 of 4 files selected"), "the drivers are context, not selected: " + r.err)
    }

    /// A uio-like framework in `dir`: core.c maps device memory in ->mmap and unregisters with
    /// or without a zap; NAME_pci.c, which names none of the rules' words, calls the unregister
    /// from its remove().
    func writeFramework(_ dir: String, _ name: String, zap: Bool) throws {
        try write("\(dir)/core.c", """
            #include <linux/mmlint_stub.h>
            struct \(name)_dev { phys_addr_t addr; struct inode *inode; };
            static int \(name)_mmap(struct file *f, struct vm_area_struct *vma)
            {
            \tstruct \(name)_dev *d = f->private_data;

            \tvma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
            \treturn remap_pfn_range(vma, vma->vm_start, d->addr >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
            }
            static const struct file_operations \(name)_fops = { .mmap = \(name)_mmap };
            void \(name)_unregister(struct \(name)_dev *d)
            {
            \t\(zap ? "unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);" : "d->addr = 0;")
            }

            """)
        try write("\(dir)/\(name)_pci.c", """
            struct \(name)_dev;
            void \(name)_unregister(struct \(name)_dev *d);
            struct pci_driver { void (*remove)(void *pdev); };
            static void \(name)_pci_remove(void *pdev) { \(name)_unregister(pdev); }
            static struct pci_driver \(name)_pci_driver = { .remove = \(name)_pci_remove };

            """)
    }

    /// A framework's exported helper maps MMIO into the vma its caller passes (the vme core's
    /// vme_master_mmap()); the driver whose ->mmap calls it and whose remove() never revokes
    /// names no rule word, so only the helper's file is selected: the rule asks for the helper's
    /// folder's files that name it, and reports the insert. A driver whose remove() zaps stays quiet.
    func testFrameworkMmapHelperFindsTheDriverThatCallsIt() throws {
        let k = try kernelSkeleton("kernel")
        for (name, zap) in [("xvme", false), ("zvme", true)] {
            try write("kernel/drivers/\(name)/core.c", """
                #include <linux/mmlint_stub.h>
                int vm_iomap_memory(struct vm_area_struct *vma, phys_addr_t start, unsigned long len);
                struct \(name)_res { phys_addr_t start; unsigned long len; };
                int \(name)_master_mmap(struct \(name)_res *r, struct vm_area_struct *vma)
                {
                \tvma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
                \treturn vm_iomap_memory(vma, r->start, r->len);
                }

                """)
            try write("kernel/drivers/\(name)/\(name)_user.c", """
                #include <linux/mmlint_stub.h>
                struct \(name)_res;
                int \(name)_master_mmap(struct \(name)_res *r, struct vm_area_struct *vma);
                struct \(name)_user { struct \(name)_res *res; struct inode *inode; };
                static int \(name)_user_mmap(struct file *f, struct vm_area_struct *vma)
                {
                \tstruct \(name)_user *u = f->private_data;

                \treturn \(name)_master_mmap(u->res, vma);
                }
                static const struct file_operations \(name)_user_fops = { .mmap = \(name)_user_mmap };
                struct pci_driver { void (*remove)(void *pdev); };
                static void \(name)_user_remove(void *pdev)
                {
                \tstruct \(name)_user *u = pdev;

                \t\(zap ? "unmap_mapping_range(u->inode->i_mapping, 0, 0, 1);" : "u->res = 0;")
                }
                static struct pci_driver \(name)_user_driver = { .remove = \(name)_user_remove };

                """)
        }
        let r = try mmlint(["check", k, "--no-cache", "--no-replay", "--format", "concise"])
        let lines = r.out.split(separator: "\n").filter { $0.contains("[mmio-survives-teardown]") }
        XCTAssertEqual(lines.count, 1, r.out + r.err)
        XCTAssertTrue(lines.first?.contains("drivers/xvme/core.c:7:") ?? false, r.out)
        XCTAssertTrue(lines.first?.contains("xvme_user_remove()") ?? false, r.out)
        XCTAssertTrue(r.err.contains("2 of 4 files selected"), "the drivers are context, not selected: " + r.err)
    }

    /// The same framework at the root of a plain C tree (no kernel layout): the round looks in
    /// the root's own folder (it built `root//x.c`, which no file is, and found no driver).
    func testFrameworkAtTheRootOfAPlainTreeFindsItsDrivers() throws {
        try write("plain/include/linux/mmlint_stub.h",
                  try String(contentsOf: fixtures.appendingPathComponent("demo/include/linux/mmlint_stub.h"), encoding: .utf8))
        try writeFramework("plain", "xuio", zap: false)
        let r = try mmlint(["check", tmp.appendingPathComponent("plain").path, "--no-cache", "--no-replay", "--format", "concise"])
        let lines = r.out.split(separator: "\n").filter { $0.contains("[mmio-survives-teardown]") }
        XCTAssertEqual(lines.count, 1, r.out + r.err)
        XCTAssertTrue(lines.first?.contains("xuio_pci_remove() through xuio_unregister() (xuio_pci.c:4)") ?? false, r.out)
    }

    /// A .c file another .c file includes (kernel/sched/build_utility.c style) is analyzed as
    /// part of its includer: its functions are the includer's own, built whether or not code
    /// names them (a SYSCALL_DEFINE, a function only an ops table in the included file names),
    /// not header functions built on demand.
    func testFunctionsOfAnIncludedSourceFileAreAnalyzed() throws {
        let k = try kernelSkeleton("kernel")
        try write("kernel/drivers/inc/Makefile", "obj-y += inc_build.o\n")
        try write("kernel/drivers/inc/inc_build.c", "#include <linux/mmlint_stub.h>\n#include \"inc_part.c\"\n")
        try write("kernel/drivers/inc/inc_part.c", """
            struct inc_ctx { struct mm_struct *mm; };
            struct inc_ops { void (*run)(struct inc_ctx *c); };
            void inc_init(struct inc_ctx *c)
            {
            \tmmgrab(current->mm);
            \tc->mm = current->mm;
            }
            static void inc_run(struct inc_ctx *c)
            {
            \tif (!(current->flags & PF_KTHREAD))
            \t\treturn;
            \tkthread_use_mm(c->mm);
            \tkthread_unuse_mm(c->mm);
            }
            const struct inc_ops inc_ops = { .run = inc_run };

            """)
        let r = try mmlint(["check", k, "--no-cache", "--no-replay", "--format", "concise"])
        XCTAssertTrue(r.out.contains("drivers/inc/inc_part.c:12:2: error:") && r.out.contains("[use-mm-without-mmget]"), r.out + r.err)
        // The includer names none of the rules' words: it is selected for the file it includes.
        XCTAssertTrue(r.err.contains("1 of 2 files selected, 1 parsed"), r.err)
        XCTAssertFalse(r.err.contains("skipped"), "the included file is analyzed, not skipped: " + r.err)
    }

    /// A freeing function registered in an ops table of a file the selection leaves out
    /// (bnxt_re: ib_verbs.c frees the ucontext page, main.c stores the function in
    /// ib_device_ops.dealloc_ucontext, which uverbs calls after the mappings are gone): the
    /// rule asks for the folder's files that name the function, and the re-run sees the
    /// registration. Without it in the tree, the free stays reported.
    func testRegistrationInAnUnselectedFileClearsAMappedFree() throws {
        let k = try kernelSkeleton("kernel")
        try write("kernel/drivers/rx/verbs.c", """
            #include <linux/mmlint_stub.h>
            struct ib_ucontext;
            struct rx_uctx { void *shpg; };
            static int rx_map_shpg(struct rx_uctx *u, struct vm_area_struct *vma)
            {
            \treturn remap_pfn_range(vma, vma->vm_start, virt_to_phys(u->shpg) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
            }
            int rx_mmap(struct ib_ucontext *ib_uctx, struct vm_area_struct *vma)
            {
            \treturn rx_map_shpg((struct rx_uctx *)ib_uctx, vma);
            }
            void rx_dealloc_ucontext(struct ib_ucontext *ib_uctx)
            {
            \tstruct rx_uctx *u = (struct rx_uctx *)ib_uctx;

            \tkfree(u->shpg);
            }

            """)
        let before = try mmlint(["check", k, "--no-cache", "--no-replay", "--format", "concise"])
        XCTAssertTrue(before.out.contains("verbs.c:16:") && before.out.contains("[mapped-memory-freed]"), before.out + before.err)
        try write("kernel/drivers/rx/main.c", """
            struct ib_ucontext;
            struct vm_area_struct;
            struct ib_device_ops {
            \tint (*mmap)(struct ib_ucontext *uctx, struct vm_area_struct *vma);
            \tvoid (*dealloc_ucontext)(struct ib_ucontext *uctx);
            };
            int rx_mmap(struct ib_ucontext *ib_uctx, struct vm_area_struct *vma);
            void rx_dealloc_ucontext(struct ib_ucontext *ib_uctx);
            const struct ib_device_ops rx_dev_ops = { .mmap = rx_mmap, .dealloc_ucontext = rx_dealloc_ucontext };

            """)
        let after = try mmlint(["check", k, "--no-cache", "--no-replay", "--format", "concise"])
        XCTAssertFalse(after.out.contains("[mapped-memory-freed]"), after.out)
        XCTAssertTrue(after.err.contains("1 of 2 files selected"), "main.c is context, not selected: " + after.err)
    }
}
