import Facts
import Foundation
import Index

/// Teardowns that wait until every open file (or vma) of a mapping is gone by polling a count:
/// hisi qm's remove calls hisi_qm_wait_task_finish(), `while (qm_frozen(qm) || …) msleep(…)`,
/// and qm_frozen() tests `qm->qp_in_used`, which the queue each open file gets counts up
/// (uacce's ->open → ->get_queue → `qm->qp_in_used++`) and the file's release counts down
/// (->put_queue → `qm->qp_in_used--`). What such a teardown does after the wait runs after the
/// last mapping (a vma pins its file, so the release comes after the last unmap). Also
/// `wait_event(d->wq, atomic_read(&d->users) == 0)` (a loop in its expansion) and
/// `while (atomic_read(&d->open_count)) msleep(10);`.
///
/// A wait is judged by what its loop's exit tests, not by names: the loop (a branch on a cycle)
/// must test a counted member — directly, through a read call (`count_reads`), or through a
/// helper of the tree (within two calls) one of whose branches tests it — and every way past
/// it must take the loop's exit (an interruptible wait that returns on a signal, a timeout
/// counted in a local, or a wait on some paths only drains nothing).
struct OpenCountDrains {
    /// The members that count the open files: counted up where an open callback leads, counted
    /// down where a release callback leads, and counted down nowhere else.
    let counted: Set<Field>
    /// Function key → the line of the wait every return of it comes after (its own loop, or a
    /// call of a function that waits so).
    let draining: [String: Int]
    /// Callees of calls that come after such a wait (their function keys, with the waiting
    /// function's name): they run after the last open file is gone.
    let after: [String: Field]
    /// The read calls the loops' tests were judged with.
    let reads: [String: Int]

    static let none = OpenCountDrains(counted: [], draining: [:], after: [:], reads: [:])
}

extension Engine {
    /// The drains a rule's lists describe: `open_callbacks` and `per_vma_opens` (members) count
    /// up, the callbacks of `releases` count down, with `increments` / `decrements` /
    /// `count_reads` (`function@N`).
    func openCountDrains(_ rule: Rule, _ ctx: FamilyContext, releases: [String]) -> OpenCountDrains {
        let opens = (rule.match["open_callbacks"] ?? []) + (rule.match["per_vma_opens"] ?? [])
        guard !opens.isEmpty, !releases.isEmpty else { return .none }
        return openCountDrains(opens: ctx.callbacks(opens), releases: ctx.callbacks(releases), increments: callArgs(rule, "increments"),
                               decrements: callArgs(rule, "decrements"), reads: callArgs(rule, "count_reads"), ctx)
    }

    /// The drains of the counts that `opens` (and their callees within three calls) count up and
    /// only `releases` (the same) count down. `increments` / `decrements` (`function@N`): calls
    /// that count the member argument N points to, besides the `++`/`--`/`+= 1`/`-= 1` the facts
    /// record; `reads` (`function@N`): calls that read it (`atomic_read(&x->n)`).
    func openCountDrains(opens: [String: Field], releases: [String: Field], increments: [String: Int],
                         decrements: [String: Int], reads: [String: Int], _ ctx: FamilyContext) -> OpenCountDrains {
        guard !opens.isEmpty, !releases.isEmpty else { return .none }
        let opening = ctx.reached(from: opens, depth: 3), releasing = ctx.reached(from: releases, depth: 3)
        let up = opening.keys.compactMap { index.functions[$0] }.reduce(into: Set<Field>()) {
            $0.formUnion(countedMembers($1, calls: increments))
        }
        guard !up.isEmpty else { return .none }
        // Every function that counts a member down, by member.
        var downIn: [Field: Set<String>] = [:]
        for fn in index.functions.values where !fn.decrements.isEmpty {
            for d in fn.decrements { if let f = d.path.last { downIn[f, default: []].insert(fn.key) } }
        }
        for key in index.calling(decrements.keys) {
            guard let fn = index.functions[key] else { continue }
            for f in countedMembers(fn, calls: decrements, inPlace: false) { downIn[f, default: []].insert(key) }
        }
        let counted = up.filter { f in downIn[f].map { $0.allSatisfy { releasing[$0] != nil } } ?? false }
        guard !counted.isEmpty else { return .none }
        var tests: [String: Bool] = [:]
        var draining: [String: Int] = [:], after: [String: Field] = [:]
        // The functions that test a count, those that call them (a loop may test through one),
        // then the functions that wait by calling one that waits (four levels).
        // A wait for a count lives with the driver that keeps it: the functions of the folders
        // where it is counted.
        let countingUp = opening.keys.filter { k in
            index.functions[k].map { !countedMembers($0, calls: increments).isDisjoint(with: counted) } ?? false
        }
        let folders = Set((countingUp + counted.flatMap { downIn[$0] ?? [] }).compactMap { k in
            index.functions[k].map { ($0.loc.file as NSString).deletingLastPathComponent }
        })
        let testers = testerKeys(counted, reads: reads, in: folders)
        var level = Set(testers).union(index.callers(of: testers, within: 2))
        for _ in 0..<4 {
            var next: Set<String> = []
            for key in level.sorted() {
                guard let fn = index.functions[key] else { continue }
                let points = waitPoints(fn, counted: counted, reads: reads, draining: draining, &tests)
                guard !points.isEmpty else { continue }
                if draining[key] == nil, let p = points.first(where: { fn.passes($0, toReach: 1) }) {
                    draining[key] = p.line
                    next.formUnion(index.callers[key] ?? [])
                }
                for (j, n) in fn.nodes.enumerated() {
                    guard case .event(.call(let c)) = n.kind, apis[c.name] == nil,
                          points.contains(where: { fn.passes($0, toReach: j) }) else { continue }
                    let targets = c.callee.hasPrefix("->") ? opsTargets[c.callee] ?? [] : [c.callee]
                    for t in targets where index.functions[t] != nil && after[t] == nil && draining[t] == nil {
                        after[t] = Field(record: "drained", name: fn.name)
                    }
                }
            }
            level = next.filter { draining[$0] == nil }
            if level.isEmpty { break }
        }
        return OpenCountDrains(counted: counted, draining: draining, after: after, reads: reads)
    }

    /// Does every way to node `i` of `fn` pass a wait for the open files (a loop of its own, or a
    /// call of a function that waits)?
    func afterDrain(_ fn: FunctionFacts, _ i: Int, _ d: OpenCountDrains) -> Bool {
        guard !d.counted.isEmpty else { return false }
        var memo: [String: Bool] = [:]
        return waitPoints(fn, counted: d.counted, reads: d.reads, draining: d.draining, &memo).contains { fn.passes($0, toReach: i) }
    }

    /// The waits of a function: each loop test of a counted member and each call of a draining
    /// function. A loop's test has a side that leaves the loop when the other comes back to it:
    /// that side, and the same side of every test spelled the same outside the loop (wait_event()
    /// tests its condition once before it loops), is the wait's way out. A loop test without
    /// one (`while (a || b)`: both sides of `a` may come back) is tried by each side.
    private func waitPoints(_ fn: FunctionFacts, counted: Set<Field>, reads: [String: Int], draining: [String: Int],
                            _ tests: inout [String: Bool]) -> [WaitPoint] {
        var out: [WaitPoint] = []
        var tested: [(node: Int, shape: String)] = []   // the tests of a count outside loops
        var loops: [(node: Int, shape: String, line: Int)] = []
        for (j, n) in fn.nodes.enumerated() {
            switch n.kind {
            case .branch(let c, _, let loc) where n.succs.count == 2:
                guard testsCount(c, in: fn, counted, reads: reads, depth: 0, &tests) else { continue }
                if fn.reaches(from: j, to: j, along: { fn.nodes[$0].succs }) {
                    loops.append((j, c.shape(in: fn), loc.line))
                } else {
                    tested.append((j, c.shape(in: fn)))
                }
            case .event(.call(let c)) where draining[c.callee] != nil:
                out.append(WaitPoint(node: j, exits: [:], line: c.loc.line))
            default: break
            }
        }
        for (j, shape, line) in loops {
            let back = fn.nodes[j].succs.map { s in s == j || fn.reaches(from: s, to: j, along: { fn.nodes[$0].succs }) }
            guard back[0] != back[1], let side = back.firstIndex(of: false) else {
                for side in 0..<2 { out.append(WaitPoint(node: j, exits: [j: side], line: line)) }
                continue
            }
            var exits = [j: side]
            for t in tested where t.shape == shape { exits[t.node] = side }
            out.append(WaitPoint(node: j, exits: exits, line: line))
        }
        return out
    }

    /// Does a test read a counted member: directly, through a read call or a local holding one,
    /// or through a helper of the tree (within two calls) one of whose branches does?
    private func testsCount(_ c: Cond, in fn: FunctionFacts, _ counted: Set<Field>, reads: [String: Int], depth: Int,
                            _ memo: inout [String: Bool]) -> Bool {
        if !counted.isDisjoint(with: fieldsRead(c, in: fn, reads: reads)) { return true }
        guard depth < 2 else { return false }
        for id in c.callIDs(in: fn) {
            guard let call = fn.call(id), reads[call.name] == nil, let g = index.functions[call.callee], g.key != fn.key else { continue }
            if let known = memo[g.key] { if known { return true }; continue }
            memo[g.key] = false   // a cycle of helpers tests nothing
            let t = g.nodes.contains { n in
                if case .branch(let gc, _, _) = n.kind { return testsCount(gc, in: g, counted, reads: reads, depth: depth + 1, &memo) }
                return false
            }
            memo[g.key] = t
            if t { return true }
        }
        return false
    }

    /// Functions with a branch that reads a counted member (helpers a loop may test through).
    private func testerKeys(_ counted: Set<Field>, reads: [String: Int], in folders: Set<String>) -> [String] {
        index.keysByFile.filter { folders.contains(($0.key as NSString).deletingLastPathComponent) }.values.joined()
            .compactMap { index.functions[$0] }.filter { fn in
                fn.nodes.contains { n in
                    if case .branch(let c, _, _) = n.kind { return !counted.isDisjoint(with: fieldsRead(c, in: fn, reads: reads)) }
                    return false
                }
            }.map(\.key).sorted()
    }
}

/// A wait in a function: a loop's test of a count taken on `side`, or (side nil) a call of a
/// function that waits.
struct WaitPoint {
    /// The call of a function that waits (`exits` empty), or a loop's test.
    let node: Int
    /// The tests (the loop's, and those spelled like it) and the side of each that is the way out.
    let exits: [Int: Int]
    let line: Int
}

extension FunctionFacts {
    /// Does every way from the entry to `j` pass the wait — a call of a function that waits, or
    /// a way out of the loop — and, for a loop, is `j` past it (not inside the loop, which it
    /// would reach again)?
    func passes(_ p: WaitPoint, toReach j: Int) -> Bool {
        guard j != p.node else { return false }
        if p.exits.isEmpty { return onlyThrough(node: p.node, toReach: j) }
        guard p.exits[j] == nil else { return false }
        return !reaches(from: 0, to: j) { u in p.exits[u].map { [nodes[u].succs[1 - $0]] } ?? nodes[u].succs }
            && !reaches(from: j, to: p.node) { nodes[$0].succs }
    }
}

extension Cond {
    /// The test as a string with its calls spelled out (`T(atomic_read(d->users))`): two tests
    /// of one condition compare equal whatever their call ids.
    func shape(in fn: FunctionFacts) -> String {
        func e(_ x: Expr) -> String {
            switch x {
            case .call(let id): return fn.call(id).map { "\($0.name)(\($0.args.map(e).joined(separator: ",")))" } ?? "?"
            case .path(let p): return p.description
            case .int(let k): return "\(k)"
            case .null: return "NULL"
            case .function(let f): return "&" + f
            case .test(let t): return t.shape(in: fn)
            case .bits(let p, let set, let keep): return "(\(p.description)&\(keep)|\(set))"
            case .other: return "?"
            }
        }
        switch self {
        case .truthy(let x): return "T(\(e(x)))"
        case .equal(let a, let b): return "E(\(e(a)),\(e(b)))"
        case .not(let c): return "!" + c.shape(in: fn)
        case .opaque: return "?"
        case .below(let x, let k): return "B(\(e(x)),\(k))"
        }
    }

    /// The calls whose results the test reads (directly, not through a local).
    func callIDs(in fn: FunctionFacts) -> [Int] {
        func e(_ x: Expr) -> [Int] {
            switch x {
            case .call(let id): return [id]
            case .test(let t): return t.callIDs(in: fn)
            case .path(let p):
                // A local holding a call's result (`busy = qm_frozen(qm); if (busy)`).
                guard case .local = p.base, p.fields.isEmpty else { return [] }
                return fn.assignedValues(p).compactMap { if case .call(let id) = $0 { return id }; return nil }
            default: return []
            }
        }
        switch self {
        case .truthy(let x): return e(x)
        case .equal(let a, let b): return e(a) + e(b)
        case .not(let c): return c.callIDs(in: fn)
        case .opaque: return []
        case .below(let x, _): return e(x)
        }
    }
}
