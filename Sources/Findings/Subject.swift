import Facts

/// The structured form of a finding's path, for replay.
public struct FindingSubject: Hashable, Sendable {
    /// The function (index key) holding the operation.
    public var functionKey: String
    /// CFG nodes from the function's entry to the operation (branch outcomes follow from the
    /// successor taken).
    public var nodes: [Int]
    public var useNode: Int
    /// The mm (or pmd) path the operation needs the fact on, and the fact.
    public var target: AccessPath
    public var fact: String
    /// Why the fact is missing (or, for a family rule, what the finding is about).
    public var cause: FindingCause
    /// The struct member holding the mm, when the evidence is a holder.
    public var holder: Field?
    public var mixed: Bool
    public var ownPin: Bool
    /// Holder stores (origin evidence): the struct members and how they were stored.
    public var holderStores: [SourceLoc]
    /// Origin class of the target (users, count, none, mixed, unknown, parameter, …: the
    /// checker's Origin names).
    public var originKind: String
    /// The origin class of a target stored with no reference at all.
    public static let noOrigin = "none"
    /// The operation itself when the call at the use only passes the requirement on
    /// (`helper(x)` whose body calls pmdp_invalidate): its name.
    public var operation: String? = nil
    /// A pinned mm the same call passes (the notifier's mm may be that one).
    public var alsoPinned: String? = nil
    /// The branch that tests a lifetime flag on the path (unlocked-lifetime-flag): it passes
    /// only while the teardown has not set the flag.
    public var guardNode: Int? = nil
    /// The callback the finding's function runs in (notifier-release-does-more: the ->release
    /// that calls it), when that is another function.
    public var callback: String? = nil
    /// Where the freed memory was put in user page tables (mapped-memory-freed): the insert
    /// call, and the function that made it.
    public var mappedBy: CallSite? = nil
    public var mappedIn: String? = nil
    /// The zap that comes too early (revoke-order): its node on `nodes`.
    public var zapNode: Int? = nil
    /// revoke-order, a fault that inserts outside its test's section: the lock the revoke's
    /// section and the fault's test share, and the insert made after the fault dropped it.
    public var escapeLock: String? = nil
    public var escapeInsert: CallSite? = nil
    /// revoke-order, a state change before the zap made outside the lock the fault holds from
    /// its test to its insert: that lock (nil when the test holds none).
    public var testLocks: [String]? = nil
    /// page-reused-under-gup: how the user's PTE holds the page (MMModel PTEKind: refcounted,
    /// devmap, special; nil when the pfn's flags are not visible) and how the release treats
    /// the page's references (ReleaseKind: blind, honours, drains).
    public var pte: String? = nil
    public var release: String? = nil

    /// The memberwise initializer, public now that the checks build subjects from another module.
    public init(functionKey: String, nodes: [Int], useNode: Int, target: AccessPath, fact: String, cause: FindingCause,
                holder: Field?, mixed: Bool, ownPin: Bool, holderStores: [SourceLoc], originKind: String,
                operation: String? = nil, alsoPinned: String? = nil, guardNode: Int? = nil, callback: String? = nil,
                mappedBy: CallSite? = nil, mappedIn: String? = nil, zapNode: Int? = nil) {
        self.functionKey = functionKey; self.nodes = nodes; self.useNode = useNode; self.target = target; self.fact = fact
        self.cause = cause; self.holder = holder; self.mixed = mixed; self.ownPin = ownPin; self.holderStores = holderStores
        self.originKind = originKind; self.operation = operation; self.alsoPinned = alsoPinned; self.guardNode = guardNode
        self.callback = callback; self.mappedBy = mappedBy; self.mappedIn = mappedIn; self.zapNode = zapNode
    }
}

/// Why a finding's fact is missing: the one vocabulary replay and the report branch on.
public enum FindingCause: String, Hashable, Sendable {
    /// The origin decides: a holder that takes mm_count only or nothing.
    case holder
    /// Dropped on the path (mmput, mmdrop).
    case released
    /// A pin was attempted and failed on this path (the false side of mmget_not_zero).
    case failedPin = "failed pin"
    /// `x->mm != current->mm` on the path: judged by the holder.
    case equality
    /// Nothing on the path proves the fact (path-evidence rules).
    case unproven
    /// A member of struct mm_struct read through a key-only field (opaque-mm-dereferenced).
    case deref
    /// A counter read as a snapshot (mm-users-heuristic).
    case snapshot
    /// A lifetime flag tested without a common lock (unlocked-lifetime-flag).
    case flag
    /// Memory freed while user page tables may still map it (mapped-memory-freed).
    case mapped
    /// User mappings revoked before the state the fault path tests (revoke-order).
    case revoke
    /// A forbidden call in a notifier ->release (notifier-release-does-more).
    case release
}
