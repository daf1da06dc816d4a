import Facts

/// A branch condition taken apart the same way by every analysis that reads one (the dataflow
/// of the core rules, the reference walk of mm-ref-imbalance): negation flips the side, integer
/// and NULL constants decide it, a wrapped test is its condition; each analysis acts only on
/// the leaves — a call's result, a path (which may be a local holding a stored test: walk it
/// again), an equality. `walk` returns false for a side the condition rules out.
protocol ConditionLeaves {
    associatedtype WalkState
    /// Walks deeper than this are taken as feasible and tell nothing (a local's stored test may
    /// read the local itself); nil: no bound.
    var conditionDepthLimit: Int? { get }
    func callTested(_ id: Int, _ truth: Bool, _ s: inout WalkState, depth: Int) -> Bool
    func pathTested(_ p: AccessPath, _ truth: Bool, _ s: inout WalkState, depth: Int) -> Bool
    func equalityTested(_ a: Expr, _ b: Expr, _ truth: Bool, _ s: inout WalkState, depth: Int) -> Bool
    /// `e < 0` found false: what an analysis knows of a value that is not negative (by default
    /// nothing: only a 0-or-errno value is then zero). (Below 1 or more tells nothing of the truth:
    /// 0 and 1 are both below 2, and a 0-or-errno value is always below 1.)
    func nonNegative(_ e: Expr, _ s: inout WalkState, depth: Int) -> Bool
    /// `p & mask` found non-zero (`truth`) or zero: what an analysis knows of the word's bits
    /// (by default nothing).
    func bitsTested(_ p: AccessPath, mask: Int64, _ truth: Bool, _ s: inout WalkState, depth: Int) -> Bool
}

extension ConditionLeaves {
    func nonNegative(_ e: Expr, _ s: inout WalkState, depth: Int) -> Bool { true }
    func bitsTested(_ p: AccessPath, mask: Int64, _ truth: Bool, _ s: inout WalkState, depth: Int) -> Bool { true }

    func walk(_ cond: Cond, _ truth: Bool, _ s: inout WalkState, depth: Int = 0) -> Bool {
        if let limit = conditionDepthLimit, depth >= limit { return true }
        switch cond {
        case .not(let c): return walk(c, !truth, &s, depth: depth + 1)
        case .opaque: return true
        case .below(let e, let k):
            // Below 0 or less, or not below 1 or more: non-zero.
            if truth ? k <= 0 : k >= 1 { return walk(.truthy(e), true, &s, depth: depth + 1) }
            return !truth && k == 0 ? nonNegative(e, &s, depth: depth) : true
        case .equal(.bits(let p, let set, let keep), .int(let k)), .equal(.int(let k), .bits(let p, let set, let keep)):
            // `(state & HAVE_MM) == 0`; `== HAVE_MM` for a single bit: a test of the bits.
            let bits = Expr.bits(p, set: set, keep: keep)
            if k == 0 { return walk(.truthy(bits), !truth, &s, depth: depth + 1) }
            if set == 0, k == keep, k > 0, k & (k - 1) == 0 { return walk(.truthy(bits), truth, &s, depth: depth + 1) }
            return !truth || walk(.truthy(bits), true, &s, depth: depth + 1)
        case .equal(let a, let b):
            // Equal to a non-zero constant: the value is true (`case 1:`, `== SW_PINNED`).
            if truth, let other = nonZeroConstantSide(a, b), !walk(.truthy(other), true, &s, depth: depth + 1) { return false }
            return equalityTested(a, b, truth, &s, depth: depth)
        case .truthy(let e):
            switch e {
            case .int(let k): return (k != 0) == truth
            case .null: return !truth
            case .test(let c): return walk(c, truth, &s, depth: depth + 1)
            case .call(let id): return callTested(id, truth, &s, depth: depth)
            case .path(let p): return pathTested(p, truth, &s, depth: depth)
            // A bit set is never zero; else what the word's bits under the mask tell.
            case .bits(let p, let set, let keep):
                if set != 0 { return truth }
                return bitsTested(p, mask: keep, truth, &s, depth: depth)
            case .other, .function: return true
            }
        }
    }
}

/// The other side of an equality with a non-zero integer constant, and the constant.
func constantCompared(_ a: Expr, _ b: Expr) -> (Expr, Int64)? {
    if case .int(let k) = b, k != 0, a != .other { return (a, k) }
    if case .int(let k) = a, k != 0, b != .other { return (b, k) }
    return nil
}

/// The other side of an equality whose one side is a non-zero integer constant.
func nonZeroConstantSide(_ a: Expr, _ b: Expr) -> Expr? {
    if case .int(let k) = b, k != 0, a != .other { return a }
    if case .int(let k) = a, k != 0, b != .other { return b }
    return nil
}
