import Facts
import Findings
import Foundation
import Index

/// "current->mm is NULL" as a value, wherever it travels: a branch on `!current->mm`, a local or
/// member that holds the test (`bool no_ctx = current->mm == NULL;`), a helper that returns it
/// (`return !current->mm;`, or `if (current->mm) return false; return true;`), a macro that
/// expands to one of these. Names are never evidence: only where the value came from.
/// Shared by kthread-test-by-null-mm (what the code decides from the test) and replay (a path
/// that requires current->mm == NULL runs in a kernel thread).
public final class NullMMTests: @unchecked Sendable {
    let index: TreeIndex
    private var returnCache: [String: Verdict?] = [:]
    private let lock = NSLock()

    /// Which truth value of a condition means current->mm == NULL, and how it was derived.
    public struct Verdict: Hashable, Sendable {
        /// The condition holds exactly when current->mm is NULL (false: exactly when it is not).
        public var truthMeansNull: Bool
        /// How the test reached here ("`busy` holds `!current->mm` (line 12)"); nil when spelled here.
        public var via: String?
        /// Where the test was written, when it was stored (the assignment) or returned (the helper).
        public var origin: SourceLoc?
        /// False when only the side `truthMeansNull` names is decided: it implies current->mm ==
        /// NULL, the other proves nothing (a helper that also returns false on a path that
        /// tested something else: `if (current->flags & PF_USER_WORKER) return false; return
        /// !current->mm;`).
        public var exact = true
    }

    public init(index: TreeIndex) { self.index = index }

    /// The condition a stored value stands for: a test, a helper's result (its return decides),
    /// or the running task's mm itself (`cur = current->mm; if (!cur)` tests current->mm).
    public static func heldCondition(_ rhs: Expr) -> Cond? {
        switch rhs {
        case .test(let c): return c
        case .call: return .truthy(rhs)
        case .path(let p) where isCurrentMM(p): return .truthy(rhs)
        default: return nil
        }
    }

    /// `current->mm`.
    static func isCurrentMM(_ p: AccessPath) -> Bool { p.base == .current && p.fields.map(\.name) == ["mm"] }

    /// Locals every assignment of which is the running task (`struct task_struct *tsk = current;`).
    static func runningTaskLocals(_ fn: FunctionFacts) -> Set<String> {
        var current: Set<String> = [], other: Set<String> = []
        for n in fn.nodes {
            guard case .event(.assign(let l, let r, _, _, _)) = n.kind, l.fields.isEmpty, case .local(let name) = l.base else { continue }
            if r == .path(AccessPath(base: .current)) { current.insert(name) } else { other.insert(name) }
        }
        return current.subtracting(other)
    }

    /// Truth values stored in a function: a path every assignment of which stores the same test.
    public static func storedTests(_ fn: FunctionFacts) -> [String: (Cond, String, SourceLoc)] {
        var out: [String: (Cond, String, SourceLoc)] = [:], spoiled: Set<String> = []
        for n in fn.nodes {
            guard case .event(.assign(let lhs, let rhs, let text, let loc, _)) = n.kind else { continue }
            let k = lhs.description
            if let c = heldCondition(rhs), !spoiled.contains(k), out[k] == nil || out[k]!.0 == c { out[k] = (c, text, loc) }
            else { spoiled.insert(k); out[k] = nil }
        }
        return out
    }

    /// The verdict for `cond` in `fn`; `stored` gives the test a path holds at this point.
    public func verdict(_ cond: Cond, in fn: FunctionFacts, stored: (AccessPath) -> (Cond, String, SourceLoc)?) -> Verdict? {
        var cut = false
        return verdict(cond, in: fn, stored: stored, depth: 0, visiting: [], cut: &cut)
    }

    func verdict(_ cond: Cond, in fn: FunctionFacts, stored: (AccessPath) -> (Cond, String, SourceLoc)?,
                 depth: Int, visiting: Set<String>, cut: inout Bool) -> Verdict? {
        guard depth < 8 else { cut = true; return nil }
        switch cond {
        case .equal(.call(let id), .int(let k)), .equal(.int(let k), .call(let id)):
            // A helper's result compared with one of its constants (`kind() == CTX_NOMM`, a
            // switch on it): what the paths returning that constant decided.
            guard let call = fn.call(id), let r = returnsConstant(call.callee, k, visiting: visiting, cut: &cut) else { return nil }
            let testedAt = r.origin.map { "\($0.file):\($0.line)" } ?? "its body"
            return Verdict(truthMeansNull: r.truthMeansNull, via: "\(call.name)() returns \(k) on that test (\(testedAt))",
                           origin: r.origin, exact: r.exact)
        case .equal(let x, .int(let k)), .equal(.int(let k), let x):
            // A truth value compared with 0 or 1 (`switch (current->mm != NULL) { case true: …`,
            // `if (!current->mm == 0)`): the value's own test, or its negation.
            if k == 0 { return verdict(.not(.truthy(x)), in: fn, stored: stored, depth: depth + 1, visiting: visiting, cut: &cut) }
            guard k == 1, case .test = x else { return nil }
            return verdict(.truthy(x), in: fn, stored: stored, depth: depth + 1, visiting: visiting, cut: &cut)
        case .opaque, .equal, .below: return nil
        case .not(let c):
            return verdict(c, in: fn, stored: stored, depth: depth + 1, visiting: visiting, cut: &cut)
                .map { Verdict(truthMeansNull: !$0.truthMeansNull, via: $0.via, origin: $0.origin, exact: $0.exact) }
        case .truthy(let e):
            switch e {
            case .path(let p):
                if NullMMTests.isCurrentMM(p) { return Verdict(truthMeansNull: false, via: nil, origin: nil) }
                if case .local(let n) = p.base, p.fields.map(\.name) == ["mm"], NullMMTests.runningTaskLocals(fn).contains(n) {
                    return Verdict(truthMeansNull: false, via: "`\(n)` is the running task", origin: nil)
                }
                guard let (c, text, loc) = stored(p),
                      var v = verdict(c, in: fn, stored: { _ in nil }, depth: depth + 1, visiting: visiting, cut: &cut) else { return nil }
                v.via = "`\(p.description)` holds the test (`\(text)`, line \(loc.line))" + (v.via.map { "; \($0)" } ?? "")
                v.origin = loc
                return v
            case .test(let c): return verdict(c, in: fn, stored: stored, depth: depth + 1, visiting: visiting, cut: &cut)
            case .call(let id):
                guard let call = fn.call(id), let r = returns(call.callee, visiting: visiting, cut: &cut) else { return nil }
                let testedAt = r.origin.map { "\($0.file):\($0.line)" } ?? "its body"
                return Verdict(truthMeansNull: r.truthMeansNull, via: "\(call.name)() returns the test (\(testedAt))", origin: r.origin,
                               exact: r.exact)
            default: return nil
            }
        }
    }

    /// Does the function return "current->mm is NULL" (or its negation) on every return?
    /// Each return is judged by its value: a stored or returned test, or a constant on a path
    /// that decided the test (`if (current->mm) return false; return true;`).
    public func returns(_ key: String) -> Verdict? {
        var cut = false
        return returns(key, visiting: [], cut: &cut)
    }

    /// `visiting`: the helpers being judged up the chain; a recursion answers nil and marks the
    /// answers that depended on it `cut` (not cached: they depend on where the walk started).
    func returns(_ key: String, visiting: Set<String>, cut: inout Bool) -> Verdict? {
        cached(key, helper: key, visiting: visiting, cut: &cut) { visiting, cut in computeReturns(key, visiting: visiting, cut: &cut) }
    }

    /// A helper's answer from the cache, else computed with the helper on the chain (`visiting`):
    /// a recursion answers nil and marks `cut`; an answer that met one is not cached.
    private func cached(_ cacheKey: String, helper key: String, visiting: Set<String>, cut: inout Bool,
                        _ compute: (Set<String>, inout Bool) -> Verdict?) -> Verdict? {
        lock.lock()
        let hit = returnCache[cacheKey]
        lock.unlock()
        if let c = hit { return c }
        if visiting.contains(key) || visiting.count > 4 { cut = true; return nil }
        var myCut = false
        let v = compute(visiting.union([key]), &myCut)
        if myCut { cut = true } else {
            lock.lock()
            returnCache[cacheKey] = .some(v)
            lock.unlock()
        }
        return v
    }

    private func computeReturns(_ key: String, visiting: Set<String>, cut: inout Bool) -> Verdict? {
        guard let fn = index.functions[key], !fn.returnType.hasSuffix("*"), fn.returnType != "void" else { return nil }
        let stored = NullMMTests.storedTests(fn)
        let known = knownNullness(fn, stored: stored, visiting: visiting, cut: &cut)
        var polarity: Bool?, origin: SourceLoc?
        var returnsSeen = 0, exact = true
        for (i, n) in fn.nodes.enumerated() {
            guard case .event(.ret(let v?, let loc)) = n.kind else { continue }
            returnsSeen += 1
            let p: Bool
            switch v {
            case .int(let k):
                // A constant: what the path to it decided about current->mm. A false returned
                // where nothing was decided leaves the true side alone deciding (inexact).
                guard let isNull = known[i] ?? nil else {
                    guard k == 0 else { return nil }
                    exact = false
                    continue
                }
                p = (k != 0) == isNull
            default:
                guard let vd = verdict(.truthy(v), in: fn, stored: { stored[$0.description] }, depth: 0, visiting: visiting,
                                       cut: &cut) else { return nil }
                p = vd.truthMeansNull
                exact = exact && vd.exact
            }
            if let q = polarity, q != p { return nil }
            polarity = p
            origin = origin ?? loc
        }
        guard returnsSeen > 0, let pol = polarity, exact || pol else { return nil }
        return Verdict(truthMeansNull: pol, via: nil, origin: origin, exact: exact)
    }

    /// A helper returning constants, asked whether it returned `k`: true when every return of
    /// `k` comes after a path that decided current->mm NULL (exact when every other return
    /// decided it non-NULL), or — exactly — non-NULL with every other return deciding NULL.
    func returnsConstant(_ key: String, _ k: Int64, visiting: Set<String>, cut: inout Bool) -> Verdict? {
        cached("\(key)#\(k)", helper: key, visiting: visiting, cut: &cut) { visiting, cut in
            computeReturnsConstant(key, k, visiting: visiting, cut: &cut)
        }
    }

    private func computeReturnsConstant(_ key: String, _ k: Int64, visiting: Set<String>, cut: inout Bool) -> Verdict? {
        guard let fn = index.functions[key], fn.returnType != "void", !fn.returnType.hasSuffix("*") else { return nil }
        let known = knownNullness(fn, stored: NullMMTests.storedTests(fn), visiting: visiting, cut: &cut)
        var equal: [Bool?] = [], other: [Bool?] = [], origin: SourceLoc?
        for (i, n) in fn.nodes.enumerated() {
            guard case .event(.ret(let v?, let loc)) = n.kind else { continue }
            guard case .int(let value) = v else { return nil }
            let decided: Bool? = known[i] ?? nil
            if value == k { equal.append(decided); origin = origin ?? loc } else { other.append(decided) }
        }
        guard !equal.isEmpty else { return nil }
        if equal.allSatisfy({ $0 == true }) {
            return Verdict(truthMeansNull: true, via: nil, origin: origin, exact: other.allSatisfy { $0 == false })
        }
        if equal.allSatisfy({ $0 == false }), !other.isEmpty, other.allSatisfy({ $0 == true }) {
            return Verdict(truthMeansNull: false, via: nil, origin: origin)
        }
        return nil
    }

    /// For each node, whether every path to it decided current->mm NULL (true) or non-NULL
    /// (false); nil when undecided.
    func knownNullness(_ fn: FunctionFacts, stored: [String: (Cond, String, SourceLoc)], visiting: Set<String>,
                       cut: inout Bool) -> [Bool??] {
        var state: [Bool??] = Array(repeating: .none, count: fn.nodes.count)   // .none: not reached
        state[0] = .some(nil)
        var work = [0]
        var steps = 0
        var branchVerdicts: [Int: Verdict?] = [:]
        while let n = work.popLast(), steps < 20_000 {
            steps += 1
            guard let s = state[n] else { continue }
            var edges: [(Int, Bool?)] = fn.nodes[n].succs.map { ($0, s) }
            if case .branch(let c, _, _) = fn.nodes[n].kind, fn.nodes[n].succs.count == 2 {
                if branchVerdicts[n] == nil {
                    branchVerdicts[n] = .some(verdict(c, in: fn, stored: { stored[$0.description] }, depth: 0,
                                                      visiting: visiting, cut: &cut))
                }
                if let v = branchVerdicts[n]! {
                    edges = [(fn.nodes[n].succs[0], v.truthMeansNull), (fn.nodes[n].succs[1], !v.truthMeansNull)]
                    // Inexact: only the side that implies NULL is decided.
                    if !v.exact { edges[v.truthMeansNull ? 1 : 0].1 = s }
                }
            }
            for (m, v) in edges {
                let merged: Bool?
                if let old = state[m] { merged = old == v ? old : nil } else { merged = v }
                if state[m] == nil || state[m]! != merged { state[m] = .some(merged); work.append(m) }
            }
        }
        return state
    }
}
