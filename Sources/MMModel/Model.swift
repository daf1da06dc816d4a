// The embedded mm model: one mm_struct with its two reference counts and life phases,
// mmap_lock, the threads that act on it, and one pmd entry. Each thread runs a straight-line
// program of steps; a step is atomic, may be blocked (a lock, a wait), and may violate an
// invariant. The explorer tries every interleaving (breadth first, so the first violation found
// is a shortest witness).

/// How a borrower touches the address space.
public enum AccessKind: String, Hashable, Sendable {
    /// A user copy or GUP: may fault pages in (installs PTEs), takes mmap_lock for the fault
    /// unless the thread holds it.
    case fault
    /// A VMA lookup or page-table walk under the caller's mmap_lock: reads only.
    case inspect
    /// lock_vma_under_rcu(): no mmap_lock; the maple tree must be in RCU mode.
    case vmaRCU
    /// mmu_notifier_register()/mmu_interval_notifier_insert(): BUG_ON(mm_users <= 0).
    case register
}

/// The x86-64 and arm64 pmd encodings the model distinguishes.
public enum PMDEntry: String, Hashable, Sendable {
    case none
    case presentHuge = "present huge"
    case presentTable = "present table"
    case migration = "migration entry"
    /// After pmd_mkinvalid() of a present entry: pmd_present() still true (x86: PSE; arm64:
    /// PTE_PRESENT_INVALID), no hardware walk.
    case presentInvalid = "present-invalid"
    /// arm64: pmd_mkinvalid() of a migration entry: reads as present, the pfn field holds swap bits.
    case invalidatedSwap = "migration entry made present-invalid"
    /// x86-64: pmd_mkinvalid() of a migration entry: the swap offset bits were rewritten.
    case corruptedSwap = "migration entry with a corrupted offset"
}

public enum Arch: String, Hashable, Sendable, CaseIterable { case x86_64 = "x86-64", arm64 }

/// How a user PTE holds the page it maps (page-reused-under-gup).
public enum PTEKind: String, Hashable, Sendable {
    /// vm_insert_page(), a fault handler's vmf->page: the PTE holds a page reference, and GUP-fast
    /// takes one through it.
    case refcounted
    /// vmf_insert_mixed() of a pfn with the devmap flag: GUP-fast holds the pgmap for the walk
    /// only (get_dev_pagemap) and keeps a page reference.
    case devmap
    /// pte_special (remap_pfn_range, vmf_insert_pfn, vmf_insert_mixed of another pfn): no
    /// reference; GUP-fast refuses it and slow GUP gets no page.
    case special
}

/// How the driver's release of mapped memory treats the references others hold on its pages.
public enum ReleaseKind: String, Hashable, Sendable {
    /// Hands the memory on at once, whatever the page's count (gen_pool_free, a pgmap torn
    /// down without a per-page drain).
    case blind
    /// Drops the driver's reference only; the memory is freed at the last put (__free_pages).
    case honours
    /// Waits until no reference but the driver's remains (memunmap_pages of a pgmap whose
    /// pages each hold a pgmap reference until their last put: p2pdma).
    case drains
}

/// Where the GUP-fast walker is (page-reused-under-gup).
enum GUPState: Hashable { case idle, read, grabbed, kept, gaveUp, done }

public enum Op: Hashable, Sendable {
    /// A work item / kthread / callback starts running (cancellable before this step).
    case start
    case mmgrab, mmdrop, mmget, mmput
    /// mmget_not_zero() with the outcome the path took.
    case mmgetNotZero(Bool)
    case useMM, unuseMM
    case readLock, readUnlock
    case access(AccessKind)
    /// A fault in progress (split so teardown can interleave): install a PTE, then unlock.
    case faultInstall, faultEnd
    // --- the owner's exit (CPU 0) ---
    case ownerMmput
    case exitAio
    case ksmKhugepagedBarrier
    /// The holder's ->release: cancel/flush the borrower (if it is the borrower's entry).
    case notifierRelease(cancels: Bool)
    case teardownReadLock, unmapVmas, teardownReadUnlock, setOOMSkip
    case teardownWriteLock, freePgtables, removeVmas, teardownWriteUnlock
    case teardownMmdrop
    // --- pmd ---
    case pmdInvalidate
    case gupFastRead
    // --- a subscriber's ->release, for the double-release model ---
    case releaseCallback
    /// A lifetime flag tested on the borrower's path: it passes only before ->release set it.
    case flagTest
    /// A read of a member of struct mm_struct itself (opaque-mm-dereferenced).
    case structRead
    /// `mm_users == 1` read as true (mm-users-heuristic): only while nobody else holds users.
    case usersSnapshot
    /// Acting on "this CPU is the only user": trimming mm_cpumask to itself, flushing only the
    /// local TLB. Wrong while another CPU runs on the mm (a kthread_use_mm() borrower).
    case singleUserShortcut
    /// Memory mapped into user space by page frame number (mapped-memory-freed): the driver's
    /// ->mmap or fault handler puts PTEs to it in the user's page tables (special or pfn PTEs:
    /// no page reference), the driver stops new mappings (a state change ->mmap and the fault
    /// handler test), a zap removes the PTEs, the driver frees the memory, user space loads or
    /// stores through its mapping.
    case mapPFN, stopMapping, zapMapping, freeMapped, userTouch
    /// The revoke is over: what was mapped is taken away (freed, powered down, reassigned).
    case revokeDone
    /// A driver lock (one per replay: the lock a revoke section and a fault's state test share):
    /// taken and dropped. A fault that tests its state under it (`testMapping`: refused once the
    /// mapping is stopped) and inserts after dropping it (`insertPFN`: no second test) is the
    /// revoke order's insert-outside-the-section shape (ocxl's AFU irqs).
    case driverLock, driverUnlock, testMapping, insertPFN
    /// User space maps the driver's pages with PTEs of this kind (a page reference each, unless
    /// special), and the driver releases the memory in its way.
    case mapPage(PTEKind)
    case releaseMemory(ReleaseKind)
    /// The GUP-fast walker (mm/gup.c gup_fast_pte_range): reads the PTE locklessly, takes a
    /// reference on its page, re-reads the PTE (changed: drops the reference, else keeps it);
    /// its caller uses the page (DMA, a copy) and puts it later.
    case gupRead, gupTryGet, gupRecheck, gupUse, gupPut
    /// Display only (a step of the path the model has no semantics for and does not need).
    case note
}

public struct Step: Hashable, Sendable {
    public var op: Op
    public var label: String
    public var file: String
    public var line: Int
    /// A step of the kernel itself, placed where the analyzed tree has it (KernelSource), not a
    /// line of the analyzed code.
    public var kernel: KernelRef?
    public var cited: Bool { kernel != nil }
    public init(_ op: Op, _ label: String, file: String = "", line: Int = 0) {
        self.op = op; self.label = label; self.file = file; self.line = line
    }
    public init(_ op: Op, _ label: String, kernel ref: KernelRef) {
        self.op = op; self.label = label; self.file = ref.files[0]; self.line = 0; self.kernel = ref
    }
}

public struct Violation: Hashable, Sendable {
    /// Class: uaf-mm-struct, uaf-vma-pgtable, fault-races-unmap, refcount-underflow,
    /// refcount-leak, mmget-on-zero, register-on-dead-mm, pmd-invalidate-non-present,
    /// pmd-misread, release-twice.
    public var kind: String
    public var text: String
}

/// A thread: its program and what it is.
public struct ThreadProgram: Sendable {
    public var name: String
    public var steps: [Step]
    /// A work item or kthread the holder's ->release can cancel or wait for.
    public var cancellable: Bool = false
    /// Its request is a native AIO request: exit_aio() waits for it to finish.
    public var nativeAIO: Bool = false
    /// It holds an mm_users reference when it starts (a pin taken before the path shown).
    public var holdsUsers: Bool = false
    public init(name: String, steps: [Step]) { self.name = name; self.steps = steps }
}

/// The whole configuration the explorer runs.
public struct ModelConfig: Sendable {
    public var era: ExitMmapEra
    public var arch: Arch = .arm64
    /// mm_count references held by others than the threads (a holder's mmgrab).
    public var extraCount: Int = 0
    /// mm_users references held by others than the owner (0: the owner's is the last).
    public var extraUsers: Int = 0
    /// The ->release that cancels the borrower also blocks it from being queued again.
    public var requeueBlocked: Bool = false
    public var pmd: PMDEntry = .none
    public init(era: ExitMmapEra) { self.era = era }
}

struct ThreadState: Hashable {
    var pc = 0
    var started = false
    var cancelled = false
    var users = 0
    var count = 0
    var readLocked = false
    var faultLocked = false
    /// Between kthread_use_mm() and kthread_unuse_mm(): this CPU runs on the mm.
    var borrowing = false
}

struct MMState: Hashable {
    var threads: [ThreadState]
    var users: Int
    var count: Int
    var structFreed = false
    var unmapped = false
    var pgtablesFreed = false
    var vmasFreed = false
    var rcuTree = true
    var readers = 0
    var writer = -1
    var livePTE = false
    var pmd: PMDEntry
    var releases = 0
    var oomSkip = false
    /// The driver's PTEs to its buffer are in the user's page tables; the buffer was freed.
    var bufferMapped = false
    var bufferFreed = false
    var mappingStopped = false
    var revoked = false
    /// The thread holding the driver lock (-1: free).
    var driverLockOwner = -1
    /// page-reused-under-gup: the kind of the user's PTE, its version (every insert or zap
    /// changes it), the page's references (the driver's allocation, the PTE's, GUP's), whether
    /// the memory went back to its allocator, where the walker is and the PTE version it read.
    var pteKind: PTEKind?
    var pteVersion = 0
    var pageRefs = 1
    var memoryReused = false
    var gup = GUPState.idle
    var gupSawVersion = 0
}

/// Why a step cannot run now, or what it did.
enum StepResult {
    case blocked
    case ok(MMState)
    case violated(MMState, Violation)
    /// This interleaving contradicts the path (e.g. mmget_not_zero's outcome).
    case infeasible
}

public struct Exploration: Sendable {
    public var violation: Violation?
    /// The witness: (thread, step) in execution order.
    public var witness: [(thread: Int, step: Step)]
    public var explored: Int
    public var exhausted: Bool
    /// Some interleaving ran every thread to completion (the path is feasible).
    public var completed: Bool
}

public struct Model: Sendable {
    public var threads: [ThreadProgram]
    public var config: ModelConfig

    public init(threads: [ThreadProgram], config: ModelConfig) { self.threads = threads; self.config = config }

    func initial() -> MMState {
        var ts: [ThreadState] = []
        var users = 1 + config.extraUsers
        for t in threads {
            var s = ThreadState()
            s.started = !t.cancellable
            if t.holdsUsers { s.users = 1; users += 1 }
            ts.append(s)
        }
        return MMState(threads: ts, users: users, count: 1 + config.extraCount, pmd: config.pmd)
    }

    func structUse(_ s: MMState, _ what: String) -> Violation? {
        s.structFreed ? Violation(kind: "uaf-mm-struct", text: "\(what) on a freed struct mm_struct (mm_count reached 0)") : nil
    }

    func pmdPresent(_ e: PMDEntry, _ arch: Arch) -> Bool {
        switch e {
        case .none, .migration: return false
        case .presentHuge, .presentTable, .presentInvalid: return true
        case .invalidatedSwap: return arch == .arm64
        case .corruptedSwap: return false
        }
    }

    /// pmd_mkinvalid() as each architecture defines it.
    public static func mkinvalid(_ e: PMDEntry, _ arch: Arch) -> PMDEntry {
        switch e {
        case .presentHuge, .presentTable, .presentInvalid: return .presentInvalid
        case .migration, .invalidatedSwap, .corruptedSwap: return arch == .arm64 ? .invalidatedSwap : .corruptedSwap
        case .none: return arch == .arm64 ? .none : .none
        }
    }

    /// Executes step `pc` of thread `t`.
    func exec(_ s0: MMState, _ t: Int) -> StepResult {
        var s = s0
        var me = s.threads[t]
        let prog = threads[t]
        if !me.started {
            // A cancellable entry's first step is `start`.
            if me.cancelled { return .blocked }
        }
        let step = prog.steps[me.pc]
        func done(_ st: MMState) -> StepResult { var st = st; st.threads[t].pc += 1; return .ok(st) }
        func bad(_ st: MMState, _ v: Violation) -> StepResult { var st = st; st.threads[t].pc += 1; return .violated(st, v) }
        switch step.op {
        case .note:
            return done(s)
        case .start:
            if me.cancelled { return .blocked }
            me.started = true; s.threads[t] = me
            return done(s)
        case .mmgrab, .useMM, .mmdrop, .unuseMM, .mmget, .mmgetNotZero, .mmput:
            return referenceStep(s, t, step, done: done, bad: bad)
        case .readLock, .readUnlock, .faultInstall, .faultEnd:
            return lockOrFaultStep(s, t, step, done: done, bad: bad)
        case .access(let kind):
            if let v = structUse(s, "touching the address space") { return bad(s, v) }
            return access(kind, s, t, done: done, bad: bad)
        case .ownerMmput, .exitAio, .ksmKhugepagedBarrier, .notifierRelease, .teardownReadLock, .teardownReadUnlock,
             .unmapVmas, .setOOMSkip, .teardownWriteLock, .teardownWriteUnlock, .freePgtables, .removeVmas, .teardownMmdrop:
            return teardownStep(s, t, step, done: done, bad: bad)
        case .pmdInvalidate, .gupFastRead:
            return pmdStep(s, t, step, done: done, bad: bad)
        case .structRead:
            if let v = structUse(s, step.label) { return bad(s, v) }
            return done(s)
        case .usersSnapshot:
            if s.users != 1 { return .infeasible }      // the test saw another holder
            return done(s)
        case .singleUserShortcut:
            if let other = s.threads.indices.first(where: { $0 != t && s.threads[$0].borrowing }) {
                return bad(s, Violation(kind: "stale-tlb", text: "the shortcut trims the mm's CPU mask to this CPU (or flushes only its "
                    + "TLB) while CPU \(other) runs on the mm through kthread_use_mm(): that CPU misses the TLB shootdown and keeps stale "
                    + "translations"))
            }
            return done(s)
        case .flagTest:
            if s.releases > 0 { return .infeasible }   // the flag is set: the test fails
            return done(s)
        case .mapPFN, .stopMapping, .zapMapping, .freeMapped, .revokeDone, .userTouch,
             .driverLock, .driverUnlock, .testMapping, .insertPFN:
            return mappedBufferStep(s, t, step, done: done, bad: bad)
        case .mapPage, .releaseMemory:
            return pageStep(s, step, done: done)
        case .gupRead, .gupTryGet, .gupRecheck, .gupUse, .gupPut:
            return gupStep(s, step, done: done, bad: bad)
        case .releaseCallback:
            s.releases += 1
            if s.releases > 1 {
                return bad(s, Violation(kind: "release-twice", text: "->release ran a second time (exit_mmap and mmu_notifier_unregister)"))
            }
            return done(s)
        }
    }

    /// What a step helper hands back: the next state, or a violation found in it.
    typealias StepDone = (MMState) -> StepResult
    typealias StepBad = (MMState, Violation) -> StepResult

    /// mm_count and mm_users: mmgrab/mmdrop, mmget/mmput, kthread_use_mm/kthread_unuse_mm.
    func referenceStep(_ s0: MMState, _ t: Int, _ step: Step, done: StepDone, bad: StepBad) -> StepResult {
        var s = s0
        var me = s.threads[t]
        let usersZero = s.users == 0
        switch step.op {
        case .mmgrab, .useMM:
            // kthread_use_mm() takes mm_count (kernel/kthread.c:1452), like mmgrab().
            if let v = structUse(s, step.op == .useMM ? "kthread_use_mm()" : "mmgrab()") { return bad(s, v) }
            s.count += 1; me.count += 1
            if step.op == .useMM { me.borrowing = true }
            s.threads[t] = me
            return done(s)
        case .mmdrop, .unuseMM:
            let name = step.op == .unuseMM ? "kthread_unuse_mm()" : "mmdrop()"
            if let v = structUse(s, name) { return bad(s, v) }
            s.count -= 1; me.count -= 1
            if step.op == .unuseMM { me.borrowing = false }
            s.threads[t] = me
            if s.count < 0 { return bad(s, Violation(kind: "refcount-underflow", text: "\(name) without a matching mm_count reference")) }
            if s.count == 0 { s.structFreed = true }
            return done(s)
        case .mmget:
            if let v = structUse(s, "mmget()") { return bad(s, v) }
            if usersZero {
                return bad(s, Violation(kind: "mmget-on-zero",
                                        text: "mmget() on an mm whose mm_users is already 0: the address space is being torn down"))
            }
            s.users += 1; me.users += 1; s.threads[t] = me
            return done(s)
        case .mmgetNotZero(let outcome):
            if let v = structUse(s, "mmget_not_zero()") { return bad(s, v) }
            if outcome != !usersZero { return .infeasible }
            if outcome { s.users += 1; me.users += 1; s.threads[t] = me }
            return done(s)
        case .mmput:
            if let v = structUse(s, "mmput()") { return bad(s, v) }
            if me.users == 0 {
                return bad(s, Violation(kind: "refcount-underflow", text: "mmput() of a reference this thread does not hold"))
            }
            s.users -= 1; me.users -= 1; s.threads[t] = me
            return done(s)
        default:
            preconditionFailure("not a reference-count step: \(step.op)")
        }
    }

    /// The borrower's mmap_lock and the page fault it takes.
    func lockOrFaultStep(_ s0: MMState, _ t: Int, _ step: Step, done: StepDone, bad: StepBad) -> StepResult {
        var s = s0
        var me = s.threads[t]
        switch step.op {
        case .readLock:
            if let v = structUse(s, "mmap_read_lock()") { return bad(s, v) }
            if s.writer >= 0 { return .blocked }
            s.readers += 1; me.readLocked = true; s.threads[t] = me
            return done(s)
        case .readUnlock:
            if me.readLocked { s.readers -= 1; me.readLocked = false; s.threads[t] = me }
            return done(s)
        case .faultInstall:
            if s.vmasFreed {
                if config.era == .unlocked {
                    return bad(s, Violation(kind: "uaf-vma-pgtable", text: "the fault walks VMAs that exit_mmap() already freed (no "
                        + "mmap_lock held against it before 5.17)"))
                }
                return done(s)   // find_vma() finds nothing: -EFAULT, harmless
            }
            if s.pgtablesFreed {
                return bad(s, Violation(kind: "uaf-vma-pgtable", text: "the fault walks page tables that free_pgtables() already freed"))
            }
            if s.unmapped { s.livePTE = true }
            return done(s)
        case .faultEnd:
            if me.faultLocked { s.readers -= 1; me.faultLocked = false; s.threads[t] = me }
            return done(s)
        default:
            preconditionFailure("not a lock or fault step: \(step.op)")
        }
    }

    /// The owner's exit: the teardown steps of __mmput() and exit_mmap().
    func teardownStep(_ s0: MMState, _ t: Int, _ step: Step, done: StepDone, bad: StepBad) -> StepResult {
        var s = s0
        var me = s.threads[t]
        let usersZero = s.users == 0
        switch step.op {
        case .ownerMmput:
            s.users -= 1
            return done(s)
        case .exitAio:
            if !usersZero { return .blocked }
            for (i, p) in threads.enumerated() where p.nativeAIO && i != t {
                if s.threads[i].pc < p.steps.count && !s.threads[i].cancelled { return .blocked }
            }
            return done(s)
        case .ksmKhugepagedBarrier:
            // A write-lock barrier only for mms registered with ksm/khugepaged; it delays the
            // teardown past current readers but orders nothing a later reader does.
            if !usersZero { return .blocked }
            return done(s)
        case .notifierRelease(let cancels):
            if !usersZero { return .blocked }
            s.releases += 1
            if cancels {
                for (i, p) in threads.enumerated() where p.cancellable && i != t {
                    let th = s.threads[i]
                    if th.pc >= p.steps.count { continue }
                    if th.started { return .blocked }          // cancel_work_sync waits for a running work
                    if config.requeueBlocked { s.threads[i].cancelled = true }
                }
            }
            return done(s)
        case .teardownReadLock:
            if !usersZero || s.writer >= 0 { return .blocked }
            s.readers += 1; me.readLocked = true; s.threads[t] = me
            return done(s)
        case .teardownReadUnlock:
            s.readers -= 1; me.readLocked = false; s.threads[t] = me
            return done(s)
        case .unmapVmas:
            if !usersZero { return .blocked }
            s.unmapped = true
            return done(s)
        case .setOOMSkip:
            s.oomSkip = true
            return done(s)
        case .teardownWriteLock:
            if !usersZero || s.writer >= 0 || s.readers > 0 { return .blocked }
            s.writer = t; s.rcuTree = false
            return done(s)
        case .teardownWriteUnlock:
            s.writer = -1
            return done(s)
        case .freePgtables:
            if !usersZero { return .blocked }
            s.pgtablesFreed = true
            if s.livePTE {
                return bad(s, Violation(kind: "fault-races-unmap", text: "free_pgtables() frees a page table that still holds the PTE the "
                    + "borrower's fault installed after unmap_vmas() (leaked folio, \"Bad rss-counter\")"))
            }
            return done(s)
        case .removeVmas:
            if !usersZero { return .blocked }
            s.vmasFreed = true; s.rcuTree = false
            return done(s)
        case .teardownMmdrop:
            if !usersZero { return .blocked }
            s.count -= 1
            if s.count == 0 { s.structFreed = true }
            return done(s)
        default:
            preconditionFailure("not a teardown step: \(step.op)")
        }
    }

    /// pmdp_invalidate() and the lockless GUP-fast walker.
    func pmdStep(_ s0: MMState, _ t: Int, _ step: Step, done: StepDone, bad: StepBad) -> StepResult {
        var s = s0
        switch step.op {
        case .pmdInvalidate:
            let before = s.pmd
            s.pmd = Model.mkinvalid(before, config.arch)
            if !pmdPresent(before, config.arch) || before == .invalidatedSwap {
                let impact = config.arch == .arm64
                    ? "on arm64 the entry now reads as present (PTE_PRESENT_INVALID) to lockless walkers"
                    : "on x86-64 pmd_mkinvalid() rewrote the swap offset bits"
                if config.arch == .x86_64 {
                    return bad(s, Violation(kind: "pmd-invalidate-non-present",
                                            text: "pmdp_invalidate() on a \(before.rawValue): \(impact)"))
                }
            }
            return done(s)
        case .gupFastRead:
            if pmdPresent(s.pmd, config.arch) && s.pmd == .invalidatedSwap {
                return bad(s, Violation(kind: "pmd-misread", text: "GUP-fast reads the pmd locklessly, pmd_present() is true, and it takes "
                    + "the swap entry's bits for a pfn"))
            }
            return done(s)
        default:
            preconditionFailure("not a pmd step: \(step.op)")
        }
    }

    /// Memory a driver maps into user space, and its revoke.
    func mappedBufferStep(_ s0: MMState, _ t: Int, _ step: Step, done: StepDone, bad: StepBad) -> StepResult {
        var s = s0
        switch step.op {
        case .mapPFN:
            if s.mappingStopped { return .infeasible }   // ->mmap / the fault handler refuse now
            s.bufferMapped = true
            return done(s)
        case .stopMapping:
            s.mappingStopped = true
            return done(s)
        case .testMapping:
            if s.mappingStopped { return .infeasible }   // the fault sees the state changed and refuses
            return done(s)
        case .insertPFN:
            s.bufferMapped = true                         // tested before: inserts whatever the state is now
            return done(s)
        case .driverLock:
            if s.driverLockOwner >= 0 && s.driverLockOwner != t { return .blocked }
            s.driverLockOwner = t
            return done(s)
        case .driverUnlock:
            s.driverLockOwner = -1
            return done(s)
        case .zapMapping:
            // The zap drops the reference a refcounted or devmap PTE held; one GUP took stays.
            if s.bufferMapped, let k = s.pteKind, k != .special, !s.memoryReused { s.pageRefs -= 1 }
            s.bufferMapped = false
            s.pteVersion += 1
            return done(s)
        case .freeMapped:
            s.bufferFreed = true
            return done(s)
        case .revokeDone:
            s.revoked = true
            return done(s)
        case .userTouch:
            guard s.bufferMapped else { return .infeasible }   // no mapping: the access faults (SIGBUS/-EFAULT), not a use of the buffer
            if s.revoked {
                return bad(s, Violation(kind: "fault-after-revoke", text: "user space still reaches what the driver revoked: a fault "
                    + "that passed the state test before the state changed re-inserted a PTE after the zap, and the revoke, which "
                    + "already zapped, never removes it"))
            }
            if s.bufferFreed {
                return bad(s, Violation(kind: "user-access-after-free", text: "user space loads and stores through a PTE to memory the "
                    + "driver freed: the pages are back in the allocator while they are still mapped (a special or pfn PTE holds no page "
                    + "reference, and GUP refuses it, so nothing else keeps them)"))
            }
            return done(s)
        default:
            preconditionFailure("not a mapped-buffer step: \(step.op)")
        }
    }

    /// The memory goes back to its allocator: a user PTE still there now maps what others get.
    func reuse(_ s: inout MMState) { s.memoryReused = true; s.bufferFreed = true }

    /// page-reused-under-gup: user space maps the driver's pages; the driver releases them.
    func pageStep(_ s0: MMState, _ step: Step, done: StepDone) -> StepResult {
        var s = s0
        switch step.op {
        case .mapPage(let kind):
            if s.mappingStopped { return .infeasible }   // ->mmap / the fault handler refuse now
            s.bufferMapped = true; s.pteKind = kind; s.pteVersion += 1
            if kind != .special && !s.memoryReused { s.pageRefs += 1 }
            return done(s)
        case .releaseMemory(.blind):
            reuse(&s)
            return done(s)
        case .releaseMemory(.honours):
            s.pageRefs -= 1
            if s.pageRefs == 0 { reuse(&s) }
            return done(s)
        case .releaseMemory(.drains):
            if s.pageRefs > 1 { return .blocked }   // waits for every other reference
            s.pageRefs = 0
            reuse(&s)
            return done(s)
        default:
            preconditionFailure("not a page step: \(step.op)")
        }
    }

    /// The GUP-fast walker on a PTE (gup_fast_pte_range), then its caller's use and put.
    func gupStep(_ s0: MMState, _ step: Step, done: StepDone, bad: StepBad) -> StepResult {
        var s = s0
        switch step.op {
        case .gupRead:
            // No PTE: GUP-fast gives up (the slow path faults, which the model leaves out);
            // pte_special: refused; devmap: get_dev_pagemap() fails once the pgmap is killed.
            guard s.gup == .idle, s.bufferMapped, let k = s.pteKind, k != .special, !(k == .devmap && s.memoryReused) else {
                s.gup = .gaveUp
                return done(s)
            }
            s.gup = .read; s.gupSawVersion = s.pteVersion
            return done(s)
        case .gupTryGet:
            guard s.gup == .read else { return done(s) }
            if s.pageRefs == 0 { s.gup = .gaveUp; return done(s) }   // try_grab_folio() on a freed page fails
            s.pageRefs += 1; s.gup = .grabbed
            return done(s)
        case .gupRecheck:
            guard s.gup == .grabbed else { return done(s) }
            if s.pteVersion != s.gupSawVersion || !s.bufferMapped {
                s.gup = .gaveUp
                return done(dropGUPReference(s))
            }
            s.gup = .kept
            return done(s)
        case .gupUse:
            if s.gup == .kept && s.memoryReused {
                return bad(s, Violation(kind: "page-reused-under-gup", text: "the GUP caller reads and writes a page it took through the "
                    + "user's PTE (a reference taken, then the PTE re-read unchanged) after the driver handed the memory back without "
                    + "waiting for the page's references: a zap removes the PTE, not the reference GUP keeps"))
            }
            return done(s)
        case .gupPut:
            guard s.gup == .kept else { return done(s) }
            s.gup = .done
            return done(dropGUPReference(s))
        default:
            preconditionFailure("not a GUP step: \(step.op)")
        }
    }

    /// GUP's reference dropped: the last one frees the memory (a release that honoured it ran).
    func dropGUPReference(_ s0: MMState) -> MMState {
        var s = s0
        guard !s.memoryReused else { return s }
        s.pageRefs -= 1
        if s.pageRefs == 0 { reuse(&s) }
        return s
    }

    func access(_ kind: AccessKind, _ s0: MMState, _ t: Int, done: StepDone, bad: StepBad) -> StepResult {
        var s = s0
        var me = s.threads[t]
        switch kind {
        case .register:
            if s.users == 0 {
                return bad(s, Violation(kind: "register-on-dead-mm",
                                        text: "registering an mmu notifier on an mm whose mm_users is 0 "
                                            + "(BUG_ON in __mmu_notifier_register)"))
            }
            return done(s)
        case .vmaRCU:
            if !s.rcuTree || s.vmasFreed {
                return bad(s, Violation(kind: "uaf-vma-pgtable", text: "lock_vma_under_rcu() walks maple-tree nodes that exit_mmap() frees "
                    + "without an RCU grace period"))
            }
            return done(s)
        case .inspect:
            let locked = me.readLocked
            if s.vmasFreed || s.pgtablesFreed {
                if config.era == .unlocked || !locked {
                    return bad(s, Violation(kind: "uaf-vma-pgtable", text: "the lookup reads VMAs or page tables that exit_mmap() already "
                        + "freed" + (locked ? " (mmap_lock does not exclude exit_mmap before 5.17)" : " (mmap_lock not held)")))
                }
            }
            return done(s)
        case .fault:
            // Take mmap_lock for the fault unless held; the install and unlock are later steps.
            if !me.readLocked {
                if s.writer >= 0 { return .blocked }
                s.readers += 1; me.faultLocked = true; s.threads[t] = me
            }
            return done(s)
        }
    }

    /// Every step a thread has left is enabled or not; a thread is finished at its end.
    func finished(_ s: MMState, _ t: Int) -> Bool {
        s.threads[t].pc >= threads[t].steps.count || (s.threads[t].cancelled && !s.threads[t].started)
    }

    /// Breadth-first over interleavings; the first violation is a shortest witness.
    public func explore(budget: Int = 200_000) -> Exploration {
        struct Node { var state: MMState; var parent: Int; var thread: Int; var step: Step? }
        var nodes: [Node] = [Node(state: initial(), parent: -1, thread: -1, step: nil)]
        var seen: Set<MMState> = [nodes[0].state]
        var head = 0
        var completed = false
        func witness(_ i: Int) -> [(thread: Int, step: Step)] {
            var out: [(Int, Step)] = []
            var k = i
            while k > 0 { out.append((nodes[k].thread, nodes[k].step!)); k = nodes[k].parent }
            return out.reversed()
        }
        while head < nodes.count {
            if nodes.count > budget {
                return Exploration(violation: nil, witness: [], explored: nodes.count, exhausted: true, completed: completed)
            }
            let cur = nodes[head]; let ci = head; head += 1
            var allDone = true
            for t in threads.indices where !finished(cur.state, t) {
                allDone = false
                let step = threads[t].steps[cur.state.threads[t].pc]
                switch exec(cur.state, t) {
                case .blocked, .infeasible: continue
                case .ok(let n):
                    if seen.insert(n).inserted { nodes.append(Node(state: n, parent: ci, thread: t, step: step)) }
                case .violated(let n, let v):
                    nodes.append(Node(state: n, parent: ci, thread: t, step: step))
                    return Exploration(violation: v, witness: witness(nodes.count - 1), explored: nodes.count,
                                       exhausted: false, completed: completed)
                }
            }
            if allDone { completed = true }
        }
        return Exploration(violation: nil, witness: [], explored: nodes.count, exhausted: false, completed: completed)
    }
}

/// The owner's exit as CPU 0 runs it, by era (Rules/model.yml `owner_exit:`, from kernel/fork.c
/// __mmput and mm/mmap.c exit_mmap). Each step names where the kernel does it; a report gives the
/// analyzed tree's line.
public struct OwnerExit: Sendable {
    public var first: [Step]
    public var byEra: [ExitMmapEra: [Step]]
    public var last: [Step]

    /// The model operations an owner_exit step may be, by their name in model.yml.
    static let ops: [String: Op] = [
        "owner_mmput": .ownerMmput, "exit_aio": .exitAio, "ksm_khugepaged_barrier": .ksmKhugepagedBarrier,
        "notifier_release": .notifierRelease(cancels: false), "read_lock": .teardownReadLock, "unmap_vmas": .unmapVmas,
        "read_unlock": .teardownReadUnlock, "set_oom_skip": .setOOMSkip, "write_lock": .teardownWriteLock,
        "free_pgtables": .freePgtables, "remove_vmas": .removeVmas, "write_unlock": .teardownWriteUnlock, "mmdrop": .teardownMmdrop,
    ]

    /// Every reference the programs can cite.
    var refs: [KernelRef] { (first + byEra.values.flatMap { $0 } + last).compactMap(\.kernel) }

    /// The program for an era; `release`: the holder's ->release that exit_mmap() runs (whether
    /// it cancels the borrower, and what it is), printed after mmu_notifier_release().
    public func program(era: ExitMmapEra, release: (cancels: Bool, label: String)?) -> ThreadProgram {
        let steps = (first + (byEra[era] ?? []) + last).map { step -> Step in
            guard case .notifierRelease = step.op, let release else { return step }
            var s = step
            s.op = .notifierRelease(cancels: release.cancels)
            s.label += " → " + release.label
            return s
        }
        return ThreadProgram(name: "owner exits (do_exit → exit_mm → mmput)", steps: steps)
    }
}
