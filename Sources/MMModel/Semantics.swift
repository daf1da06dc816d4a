import Foundation

// The kernel semantics the model runs with: a hand-written table of facts, each with a
// citation, and the selection of the facts that hold for the analyzed tree — by its version
// (top Makefile, or --kernel-version) and, where the tree is at hand, by probing its sources.

/// One fact the model encodes, with where it comes from: commits, places in the kernel
/// (placed in the analyzed tree when it has them: KernelSource), and a note.
public struct KernelFact: Sendable {
    public var id: String
    public var statement: String
    public var commits: String?
    public var refs: [KernelRef]
    public var note: String?

    public init(id: String, statement: String, commits: String? = nil, refs: [KernelRef] = [], note: String? = nil) {
        self.id = id; self.statement = statement; self.commits = commits; self.refs = refs; self.note = note
    }

    /// The citation as the analyzed tree has it.
    public func citation(in source: KernelSource) -> String {
        ([commits].compactMap { $0 } + refs.map(source.cite) + [note].compactMap { $0 }).joined(separator: "; ")
    }
}

/// The table. Written from Debian's linux-source-6.12; each reference names a function (and the
/// calls inside it) so that a report cites the analyzed tree's own lines.
public enum KernelFacts {
    public static let all: [KernelFact] = [
        KernelFact(id: "mmput", statement: "mmput() drops mm_users; the last one runs __mmput()",
                   refs: [KernelRef("kernel/fork.c", "mmput")]),
        KernelFact(id: "__mmput", statement: "__mmput(): uprobe_clear_state, exit_aio, ksm_exit, khugepaged_exit, exit_mmap, then mmdrop",
                   refs: [KernelRef("kernel/fork.c", "__mmput", span: true)]),
        KernelFact(id: "exit_aio", statement: "exit_aio() kills the mm's native AIO contexts and waits for their requests",
                   refs: [KernelRef("fs/aio.c", "exit_aio", anchors: ["wait_for_completion"])]),
        KernelFact(id: "io_uring", statement: "io_uring (5.1, 2b188cc1bb85) submits kiocbs with its own ki_complete and holds the mm only "
                       + "by mmgrab (ctx->mm_account); exit_aio() does not see its requests",
                   refs: [KernelRef("io_uring/io_uring.c", "io_uring_create", anchors: ["mmgrab"], otherFiles: ["fs/io_uring.c"])],
                   note: "ctx->mm_account"),
        KernelFact(id: "io_uring_exit", statement: "do_exit() cancels io_uring requests before exit_mm() but waits only for tracked "
                       + "(REQ_F_INFLIGHT) ones: a plain read/write kiocb can outlive the task's mmput",
                   refs: [KernelRef("kernel/exit.c", "do_exit", anchors: ["io_uring_files_cancel"]),
                          KernelRef("io_uring/io_uring.c", "io_uring_cancel_generic", anchors: ["tctx_inflight"],
                                    otherFiles: ["fs/io_uring.c"])]),
        KernelFact(id: "ksm_khugepaged", statement: "ksm_exit()/khugepaged_exit() take mmap_write_lock "
                       + "as a barrier against their scanners before exit_mmap",
                   refs: [KernelRef("kernel/fork.c", "__mmput", anchors: ["ksm_exit", "khugepaged_exit"]),
                          KernelRef("mm/ksm.c", "__ksm_exit"), KernelRef("mm/khugepaged.c", "__khugepaged_exit")]),
        KernelFact(id: "notifier_release", statement: "exit_mmap() first runs every subscriber's ->release "
                       + "(mmu_notifier_release), before taking any lock",
                   refs: [KernelRef("mm/mmap.c", "exit_mmap", anchors: ["mmu_notifier_release"]),
                          KernelRef("mm/mmu_notifier.c", "mn_hlist_release", anchors: ["ops->release("])]),
        KernelFact(id: "release_twice", statement: "->release may run twice: from exit_mmap and concurrently from mmu_notifier_unregister",
                   refs: [KernelRef("mm/mmu_notifier.c", "mn_hlist_release", anchors: ["ops->release("]),
                          KernelRef("mm/mmu_notifier.c", "mmu_notifier_unregister", anchors: ["ops->release("])]),
        KernelFact(id: "era_6_1", statement: "6.1+: exit_mmap unmaps under mmap_read_lock, drops it, sets MMF_OOM_SKIP, then frees page "
                       + "tables and VMAs under mmap_write_lock",
                   commits: "bf3980c85212",
                   refs: [KernelRef("mm/mmap.c", "exit_mmap", anchors: ["mmap_read_lock", "unmap_vmas", "mmap_read_unlock", "MMF_OOM_SKIP",
                                                                       "mmap_write_lock", "free_pgtables", "remove_vma"], span: true)]),
        KernelFact(id: "era_5_17", statement: "5.17-6.0: exit_mmap holds mmap_write_lock over the whole teardown",
                   commits: "64591e8605d6 (mm: protect free_pgtables with mmap_lock write lock in exit_mmap)"),
        KernelFact(id: "era_old", statement: "before 5.17: exit_mmap takes no mmap_lock "
                       + "(a write-lock barrier for OOM victims only, 4.15-5.16)",
                   commits: "mm/mmap.c exit_mmap() before 64591e8605d6"),
        KernelFact(id: "mmdrop", statement: "mmdrop() drops mm_count; the last one frees struct mm_struct (and the pgd) in __mmdrop",
                   refs: [KernelRef("include/linux/sched/mm.h", "mmdrop"), KernelRef("kernel/fork.c", "__mmdrop")]),
        KernelFact(id: "mmget_not_zero", statement: "mmget_not_zero() is atomic_inc_not_zero(&mm->mm_users): "
                       + "it fails once the last mmput ran",
                   refs: [KernelRef("include/linux/sched/mm.h", "mmget_not_zero")]),
        KernelFact(id: "kthread_use_mm", statement: "kthread_use_mm() takes mm_count only (mmgrab) and switches to the mm",
                   refs: [KernelRef("kernel/kthread.c", "kthread_use_mm", anchors: ["mmgrab", "switch_mm_irqs_off"])]),
        KernelFact(id: "exit_order", statement: "do_exit() runs exit_mm() before exit_files() and exit_task_work(): a file's "
                       + "->release/->flush runs after the owner's mmput",
                   refs: [KernelRef("kernel/exit.c", "do_exit", anchors: ["exit_mm", "exit_files", "exit_task_work"])]),
        KernelFact(id: "gup_fast", statement: "GUP-fast reads the pmd locklessly and trusts pmd_present()",
                   refs: [KernelRef("mm/gup.c", "gup_fast_pmd_range", anchors: ["pmdp_get_lockless", "pmd_present"],
                                    otherNames: ["gup_pmd_range"])]),
        KernelFact(id: "pmd_arm64", statement: "arm64: pmd_mkinvalid() sets PTE_PRESENT_INVALID and clears PTE_VALID; pmd_present() is "
                       + "valid || present-invalid, so an invalidated migration entry reads as present",
                   refs: [KernelRef("arch/arm64/include/asm/pgtable.h", "pte_mkinvalid"),
                          KernelRef("arch/arm64/include/asm/pgtable.h", "pte_present"),
                          KernelRef("arch/arm64/include/asm/pgtable.h", "pmd_mkinvalid")]),
        KernelFact(id: "pmd_x86", statement: "x86-64: pmd_mkinvalid() rebuilds the entry from pmd_pfn() with PRESENT|PROTNONE cleared: "
                       + "applied to a swap entry it rewrites the swap offset bits",
                   refs: [KernelRef("arch/x86/include/asm/pgtable.h", "pmd_mkinvalid"),
                          KernelRef("arch/x86/include/asm/pgtable.h", "pmd_present")]),
        KernelFact(id: "pmd_contract", statement: "pmdp_invalidate() requires a present entry "
                       + "(VM_WARN_ON_ONCE(!pmd_present(*pmdp)) since 3a5a8d343e1c, v6.10)",
                   refs: [KernelRef("mm/pgtable-generic.c", "pmdp_invalidate", anchors: ["VM_WARN_ON_ONCE"]),
                          KernelRef("arch/x86/mm/pgtable.c", "pmdp_invalidate_ad", anchors: ["VM_WARN_ON_ONCE"])]),
    ]

    public static func fact(_ id: String) -> KernelFact? { all.first { $0.id == id } }
}

/// How exit_mmap() locks against readers of the address space.
public enum ExitMmapEra: String, Sendable, CaseIterable {
    /// Before 5.17: no mmap_lock around unmap/free.
    case unlocked = "before 5.17"
    /// 5.17-6.0: mmap_write_lock over the whole teardown.
    case writeLocked = "5.17-6.0"
    /// 6.1+: read lock for unmap_vmas, write lock for free_pgtables and VMA removal.
    case splitLocks = "6.1+"

    public static func forVersion(_ v: (Int, Int)) -> ExitMmapEra {
        if v < (5, 17) { return .unlocked }
        if v < (6, 1) { return .writeLocked }
        return .splitLocks
    }
}

/// Whether io_uring can submit kiocbs in the analyzed kernel.
public enum Availability: String, Sendable { case present, absent, unknown }

/// The semantics selected for one tree.
public struct Semantics: Sendable {
    public var version: (Int, Int)?
    public var versionSource: String
    public var era: ExitMmapEra
    public var eraSource: String
    public var ioUring: Availability
    public var ioUringSource: String
    /// The analyzed tree's sources, for citations and replay steps with this tree's lines.
    public var source = KernelSource(root: nil)
    /// The pmd encoding of the configured architecture, when the model has it (x86-64, arm64);
    /// nil: a plain C tree or another architecture — pmd replays show both encodings.
    public var arch: Arch?
    public var archSource = "no configured architecture"

    /// A fact's citation, placed in the analyzed tree.
    public func cite(_ id: String) -> String {
        KernelFacts.fact(id)?.citation(in: source) ?? id
    }

    public init(version: (Int, Int)?, versionSource: String, era: ExitMmapEra, eraSource: String,
                ioUring: Availability, ioUringSource: String) {
        self.version = version; self.versionSource = versionSource; self.era = era; self.eraSource = eraSource
        self.ioUring = ioUring; self.ioUringSource = ioUringSource
    }

    /// The model's default when nothing is known: a current kernel, io_uring possible.
    public static func current(reason: String) -> Semantics {
        Semantics(version: nil, versionSource: reason, era: .splitLocks, eraSource: "assumed (\(reason))",
                  ioUring: .unknown, ioUringSource: "assumed possible (\(reason))")
    }

    public var summary: String {
        let v = version.map { "\($0.0).\($0.1)" } ?? "unknown version"
        var out = "\(v) (\(versionSource)); exit_mmap era \(era.rawValue) (\(eraSource)); io_uring \(ioUring.rawValue) (\(ioUringSource))"
        if let a = arch { out += "; pmd encoding \(a.rawValue) (\(archSource))" }
        return out
    }

    /// Where exit_mmap() may live (probeExitMmap) and where io_uring may (probe).
    static let exitMmapFiles = ["mm/mmap.c", "mm/vma.c"]
    static let ioUringFiles = ["io_uring/io_uring.c", "fs/io_uring.c"]

    /// Every file the semantics of a tree depend on: the version's Makefile, the probed sources,
    /// the configuration, and every file a citation or a replay step is placed in. A cached
    /// result is valid only while they are unchanged.
    public static func inputFiles(root: String, objtree: String?) -> [String] {
        let rel = ["Makefile"] + exitMmapFiles + ioUringFiles + KernelSource.citedFiles()
        return Array(Set(rel.map { root + "/" + $0 } + [(objtree ?? root) + "/include/generated/autoconf.h"])).sorted()
    }

    /// Selects the semantics for a tree: the version first, then the tree's own sources, which
    /// win where they can be read (the shape of exit_mmap(), an io_uring implementation,
    /// CONFIG_IO_URING in the generated autoconf.h).
    public static func probe(root: String, isKernel: Bool, version: (Int, Int)?, versionFromOption: Bool,
                             objtree: String? = nil, srcarch: String? = nil) -> Semantics {
        var s: Semantics
        if let v = version {
            s = Semantics(version: v, versionSource: versionFromOption ? "--kernel-version" : "top Makefile",
                          era: .forVersion(v), eraSource: "by version",
                          ioUring: v < (5, 1) ? .absent : .unknown,
                          ioUringSource: v < (5, 1) ? "io_uring was added in 5.1 (2b188cc1bb85)" : "by version: 5.1 or later")
        } else {
            s = .current(reason: "no kernel version found")
        }
        guard isKernel else { return s }
        s.source = KernelSource(root: root)
        if let a = srcarch {
            let autoconf64 = (try? String(contentsOfFile: (objtree ?? root) + "/include/generated/autoconf.h", encoding: .utf8))?
                .contains("#define CONFIG_64BIT 1") ?? true
            switch a {
            case "arm64": s.arch = .arm64; s.archSource = "the tree is configured for arm64"
            case "x86" where autoconf64: s.arch = .x86_64; s.archSource = "the tree is configured for x86 with CONFIG_64BIT"
            default: s.archSource = "configured for \(a): the model has the x86-64 and arm64 pmd encodings only"
            }
        }
        if let era = probeExitMmap(root: root) {
            s.era = era.0; s.eraSource = era.1
        }
        let fm = FileManager.default
        let hasSource = ioUringFiles.contains { fm.fileExists(atPath: root + "/" + $0) }
        let autoconf = (objtree ?? root) + "/include/generated/autoconf.h"
        if !hasSource {
            s.ioUring = .absent; s.ioUringSource = "the tree has no io_uring implementation (io_uring/, fs/io_uring.c)"
        } else if let text = try? String(contentsOfFile: autoconf, encoding: .utf8) {
            if text.contains("#define CONFIG_IO_URING 1") {
                s.ioUring = .present; s.ioUringSource = "CONFIG_IO_URING=y in include/generated/autoconf.h"
            } else {
                s.ioUring = .absent; s.ioUringSource = "CONFIG_IO_URING is not set in include/generated/autoconf.h"
            }
        } else {
            s.ioUring = .unknown; s.ioUringSource = "the tree has io_uring sources but no autoconf.h (unconfigured)"
        }
        return s
    }

    /// Reads exit_mmap()'s body: a read lock and a write lock → 6.1+; an unconditional write
    /// lock → 5.17-6.0; none, or one only for OOM victims → before 5.17.
    static func probeExitMmap(root: String) -> (ExitMmapEra, String)? {
        for file in exitMmapFiles {
            guard let text = try? String(contentsOfFile: root + "/" + file, encoding: .utf8),
                  let start = text.range(of: "\nvoid exit_mmap(struct mm_struct *mm)\n{") else { continue }
            let rest = text[start.upperBound...]
            let body = rest.range(of: "\n}\n").map { String(rest[..<$0.lowerBound]) } ?? String(rest.prefix(6000))
            let read = body.contains("mmap_read_lock(mm)")
            let write = body.contains("mmap_write_lock(mm)") || body.contains("down_write(&mm->mmap_sem)")
            let where_ = "probed from \(file) exit_mmap()"
            if read && write { return (.splitLocks, where_) }
            if write && !body.contains("mm_is_oom_victim") { return (.writeLocked, where_) }
            return (.unlocked, where_)
        }
        return nil
    }
}
