import Facts
import Findings

// The family checks: one kind of rule file (`kind:`) each, one file each in this folder, one
// line each in `FamilyChecks.all`. A check declares its `match:` keys (the rule loader
// validates them), when it may run (beside the function summaries or after them) and which
// checks share a task and its memoized analyses; its checker is an `Engine` extension in the
// same file. Adding a kind: a new file here and a line in `all` (README "Writing a family rule").

/// When a check may run. `besideSummaries`: it reads no function summary and no holder table
/// (Engine.holder() asserts it), so it runs in parallel with the core rules' summaries;
/// `afterSummaries`: once they are complete.
enum CheckPhase: Sendable {
    case besideSummaries
    case afterSummaries
}

/// One kind of family rule.
protocol FamilyCheck: Sendable {
    /// The rule files' `kind:` value.
    static var kind: String { get }
    /// `match:` keys of the kind, and whether each is required.
    static var matchKeys: [String: Bool] { get }
    static var phase: CheckPhase { get }
    /// Checks of one group run in one task with one `FamilyContext`, sharing what it memoizes
    /// (the reference walk, the lock analysis); nil: a task of its own.
    static var group: String? { get }
    /// The findings of one rule of this kind.
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding]
}

/// The registry of family checks.
public enum FamilyChecks {
    static let all: [any FamilyCheck.Type] = [
        RefBalanceCheck.self,
        PinResultCheck.self,
        SleepingCallCheck.self,
        CallbackBodyCheck.self,
        LifetimeFlagCheck.self,
        KthreadTestCheck.self,
        CountHeuristicCheck.self,
        OpaqueFieldCheck.self,
        MappedFreeCheck.self,
        RevokeOrderCheck.self,
        PopulatedInMmapCheck.self,
        MMIOTeardownCheck.self,
        GUPReleaseCheck.self,
        DropKindCheck.self,
    ]

    static func check(_ kind: String) -> (any FamilyCheck.Type)? { all.first { $0.kind == kind } }

    /// Every family kind, in registry order.
    public static var kinds: [String] { all.map { $0.kind } }

    /// The `match:` keys of a kind (key → required), nil for an unknown kind.
    public static func matchKeys(_ kind: String) -> [String: Bool]? { check(kind)?.matchKeys }
}
