/// The names the frontend gives a meaning, from Rules/vocabulary.yml through the run
/// (RuleSet.frontendNames → Tree → each parse request → the parse): calls a function-like macro
/// spells (recorded as calls of that name), assertion macros, functions that never return
/// (BUG_ON's branch to BUG() carries the asserted condition), the running task's spellings and
/// the calls whose value is their first argument, the open-coded reference APIs. The facts of a file depend on them: they are
/// part of its cache key.
public struct FrontendNames: Codable, Sendable, Equatable {
    public var macroCalls: Set<String>
    public var assertionMacros: Set<String>
    public var noReturn: Set<String>
    /// `get_current()`, and `current` where an architecture spells it as a macro over an arch
    /// read or as a register variable.
    public var runningTask: Set<String>
    /// Branch-prediction hints: `__builtin_expect(x, v)`, and `likely(x)` where it is not expanded.
    public var branchHints: Set<String>
    /// A reference API open-coded on the counter it takes (before 4.11:
    /// `atomic_inc(&mm->mm_count)` is mmgrab(mm)): call name → the counter member
    /// (`struct mm_struct.mm_count`) → the API, recorded as a call of the API on the member's owner.
    public var openCoded: [String: [String: String]] = [:]
    /// Atomic exchanges (`xchg(&c->mm, mm)`, `cmpxchg(&c->mm, NULL, mm)`): name → the argument
    /// stored into what the first points to. Every architecture writes them in assembly: the
    /// store is recorded after the call, as an assignment.
    public var exchangeStores: [String: Int] = [:]

    public init(macroCalls: Set<String> = [], assertionMacros: Set<String> = [], noReturn: Set<String> = [],
                runningTask: Set<String> = [], branchHints: Set<String> = []) {
        self.macroCalls = macroCalls; self.assertionMacros = assertionMacros; self.noReturn = noReturn
        self.runningTask = runningTask; self.branchHints = branchHints
    }

    /// Their part of a file's cache key: each list sorted.
    public var cacheKey: String {
        ([macroCalls, assertionMacros, noReturn, runningTask, branchHints].map { $0.sorted().joined(separator: ",") }
            + [openCoded.sorted { $0.key < $1.key }.map { c in
                c.key + ":" + c.value.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
            }.joined(separator: ",")]
            + [exchangeStores.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")])
            .joined(separator: "\u{1f}")
    }
}
