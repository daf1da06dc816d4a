/// Who replay races a rule's findings against (`replay: adversary:` in the rule file); the raw
/// value is the rule files' spelling.
public enum Adversary: String, CaseIterable, Sendable {
    /// The owner's exit: the last mmput() → exit_mmap() → mmdrop().
    case ownerExit = "owner-exit"
    /// A lockless GUP-fast walker reading the pmd.
    case gupFast = "gup-fast"
    /// A concurrent mmu_notifier_unregister(), which runs ->release a second time.
    case unregister
    /// A kthread_use_mm() borrower that takes mm_users on another CPU.
    case borrower
    /// User space that mapped the driver's memory and keeps using it.
    case userMapping = "user-mapping"
    /// User space faulting on a mapping while the driver revokes it.
    case userFault = "user-fault"
    /// User space that mapped the driver's pages, and a GUP-fast walker that takes a reference
    /// through its PTE and keeps it past the driver's zap.
    case gupPin = "gup-pin"
    /// Replay does not judge the rule's findings.
    case none
}
