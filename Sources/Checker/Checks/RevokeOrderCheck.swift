import Facts
import Findings
import Foundation
import Index

/// `kind: revoke-order` — A revoke of user mappings (a zap) that comes before the state change
/// the driver's fault or mmap handler tests, outside a lock section both take: a fault between
/// the zap and the state change passes the test and re-inserts a PTE that the revoke never
/// removes.
///
/// Match keys:
/// - `zaps` (plain names): calls that remove a file's user mappings (unmap_mapping_range,
///   zap_vma_ptes, …); a function that calls one within two calls zaps too;
/// - `map_callbacks`: the members whose functions (re)insert mappings (`struct
///   vm_operations_struct.fault`, `struct file_operations.mmap`): a struct member such a function
///   (or a function it calls, within two calls) tests in a branch is state that stops new
///   mappings;
/// - `state_reads` / `state_writes` (`function@N`, optional): calls that read or write the
///   member argument N points to (test_bit(nr, &d->flags), atomic_read(&d->alive); set_bit,
///   atomic_set): a test or a store of that member, as a plain read or assignment is. A test
///   may also be a helper's result (`if (!dev_alive(d))`, `return !d->dead;`).
///
/// Reported: in a function that zaps, a store to such a member after the zap (no store to it
/// before the zap on any path), unless the zap and the store sit in one section of a lock
/// (the same struct member) that the mapping function holds where it tests the member — the
/// lock held at the zap or taken inside the zapping callee, and not released before the store
/// (a lock this function takes or releases between the zap and the store: reported).
struct RevokeOrderCheck: FamilyCheck {
    static let kind = "revoke-order"
    static let matchKeys: [String: Bool] = ["zaps": true, "map_callbacks": true, "mapping_records": false,
                                            "state_reads": false, "state_writes": false]
    static let phase = CheckPhase.besideSummaries
    static let group: String? = nil
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.revokeOrderFindings(rule, ctx) }
}

/// State a mapping path tests: the mapping function and the callback member it is stored in,
/// the test, and the locks held there.
private struct MappingGuard { var mapper: String; var member: String; var loc: SourceLoc; var text: String; var locks: Set<String> }

extension Engine {
    /// The lock object of a held-lock entry (`context:lock:key` → key), "" for none.
    private func lockObject(_ held: String) -> String {
        held.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).dropFirst(2).first.map(String.init) ?? ""
    }

    func revokeOrderFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let zaps = Set(rule.match["zaps"] ?? [])
        let guards = mappingGuards(rule, ctx)
        guard !guards.isEmpty else { return [] }
        var zapMemo: [String: Bool] = [:]
        var out: [Finding] = []
        for fn in ctx.judged {
            let zapNodes = fn.nodes.indices.filter { i in
                guard case .event(.call(let c)) = fn.nodes[i].kind else { return false }
                return zaps.contains(c.name) || (index.functions[c.callee] != nil && zapsEveryPath(c.callee, zaps: zaps, memo: &zapMemo))
            }
            guard !zapNodes.isEmpty else { continue }
            out += storesAfterZap(rule, fn, zapNodes: zapNodes, guards: guards, ctx)
        }
        return out
    }

    /// State the mapping paths test (a struct member a mapping callback, or a function it calls
    /// within two calls, tests in a branch), with the mapping function and the locks held there.
    private func mappingGuards(_ rule: Rule, _ ctx: FamilyContext) -> [Field: MappingGuard] {
        // Members of the mapping's own objects (the vma, the fault, the file) describe this fault
        // or this mapping, not the device's state.
        let mappingRecords = Set(rule.match["mapping_records"] ?? [])
        var guards: [Field: MappingGuard] = [:]
        let mappers = ctx.callbacks(rule.match["map_callbacks"]!)
        let reached = ctx.reached(from: mappers, depth: 2)
        let reads = callArgs(rule, "state_reads")
        for key in reached.keys.sorted() {
            guard let fn = index.functions[key] else { continue }
            let locks = ctx.locks(fn)
            let above = inheritedLocks(reached[key]!, ctx)
            let root = reached[key]!.root
            let mapper = index.functions[root]?.name ?? fn.name, member = mappers[root]?.name ?? "fault"
            for (i, n) in fn.nodes.enumerated() {
                guard case .branch(let c, let text, let loc) = n.kind else { continue }
                for f in fieldsRead(c, in: fn, reads: reads) where guards[f] == nil && !mappingRecords.contains(f.record) {
                    let held = Set((locks.held[i] ?? []).map(lockObject).filter { !$0.isEmpty }).union(above)
                    guards[f] = MappingGuard(mapper: mapper, member: member, loc: loc, text: text, locks: held)
                }
            }
        }
        return guards
    }

    /// Locks held at the calls that lead from the mapping function to a function it reaches (a
    /// test in a callee runs under the locks its callers took).
    private func inheritedLocks(_ reach: (root: String, chain: [CallSite]), _ ctx: FamilyContext) -> Set<String> {
        var out: Set<String> = [], caller = reach.root
        for site in reach.chain {
            guard let callerFn = index.functions[caller] else { break }
            let callerLocks = ctx.locks(callerFn)
            let callNode = callerFn.nodes.firstIndex(where: {
                if case .event(.call(let c)) = $0.kind { return c.id == site.id }; return false
            })
            if let i = callNode {
                out.formUnion((callerLocks.held[i] ?? []).map(lockObject).filter { !$0.isEmpty })
            }
            caller = site.callee
        }
        return out
    }

    /// Does `key` zap user mappings on every path through it (a zap, or a call of a function
    /// that does, within two calls)? A zap on an error path only (remap_pfn_range()
    /// undoing its own partial insert) is no revoke.
    private func zapsEveryPath(_ key: String, zaps: Set<String>, depth: Int = 0, memo: inout [String: Bool]) -> Bool {
        if let m = memo[key] { return m }
        guard depth < 3, let fn = index.functions[key] else { return false }
        let zapAt = Set(fn.nodes.indices.filter { i in
            guard case .event(.call(let c)) = fn.nodes[i].kind else { return false }
            return zaps.contains(c.name) || zapsEveryPath(c.callee, zaps: zaps, depth: depth + 1, memo: &memo)
        })
        // Every path from the entry to the exit meets one.
        let avoids = !zapAt.isEmpty && fn.nodes.count > 1 && {
            var seen: Set<Int> = [0], work = [0]
            while let n = work.popLast() {
                if n == 1 { return true }
                for s in fn.nodes[n].succs where !zapAt.contains(s) && seen.insert(s).inserted { work.append(s) }
            }
            return false
        }()
        let r = !zapAt.isEmpty && !avoids
        memo[key] = r
        return r
    }

    /// In a function that zaps: the stores to guarded state that come after a zap (and none
    /// before it), outside a section of a lock the mapping path holds at its test.
    private func storesAfterZap(_ rule: Rule, _ fn: FunctionFacts, zapNodes: [Int], guards: [Field: MappingGuard],
                                _ ctx: FamilyContext) -> [Finding] {
        let locks = ctx.locks(fn)
        let writes = callArgs(rule, "state_writes")
        var reported: Set<Field> = []
        var out: [Finding] = []
        func reaches(_ a: Int, _ b: Int) -> Bool {
            fn.shortestPath(from: a, limit: 4000, skippingStart: true, goal: { $0 == b }) != nil
        }
        // A store: an assignment, or a call that writes the member its argument points to.
        func store(_ n: CFGNode) -> (lhs: AccessPath, text: String, loc: SourceLoc)? {
            switch n.kind {
            case .event(.assign(let lhs, _, let text, let loc, _)): return (lhs, text, loc)
            case .event(.call(let c)):
                guard let k = writes[c.name], k < c.args.count, case .path(let p) = c.args[k] else { return nil }
                return (p, "\(c.spelled)", c.loc)
            default: return nil
            }
        }
        for (s, n) in fn.nodes.enumerated() {
            guard let (lhs, text, loc) = store(n), let f = lhs.last, let g = guards[f], !reported.contains(f) else { continue }
            guard let z = zapNodes.first(where: { reaches($0, s) }) else { continue }
            // A store of the member from which a zap is reached: the state changes first (the fixed order).
            let stores = fn.nodes.indices.filter { store(fn.nodes[$0])?.lhs.last == f }
            if stores.contains(where: { st in zapNodes.contains { reaches(st, $0) } }) { continue }
            guard case .event(.call(let zc)) = fn.nodes[z].kind else { continue }
            // The mapper tests under locks: reported only when this function takes or releases
            // one of them between the zap and the store (the zap and the store are then in
            // different sections: a fault runs between them); held by a caller, or taken inside
            // the zapping callee and released after the store, the order is the lock's — not judged.
            if !g.locks.isEmpty {
                let sectionEndsBetween = fn.nodes.indices.contains { u in
                    guard case .event(.call(let c)) = fn.nodes[u].kind, let (_, _, key) = locks.pair(of: c),
                          g.locks.contains(key) else { return false }
                    return reaches(z, u) && reaches(u, s)
                }
                guard sectionEndsBetween else { continue }
            }
            reported.insert(f)
            var finding = revokeOrderFinding(rule, fn, store: text, at: loc, member: f, zap: zc, mappingGuard: g)
            // The path: entry → the zap → the store.
            if let head = fn.shortestPath(from: 0, limit: 4000, goal: { $0 == z }),
               let tail = fn.shortestPath(from: z, limit: 4000, skippingStart: true, goal: { $0 == s }) {
                let path = head + tail.dropFirst()
                finding.path = pathEvents(fn, path)
                var subject = FindingSubject(functionKey: fn.key, nodes: path, useNode: s, target: lhs, fact: "revoked", cause: .revoke,
                                             holder: f, mixed: false, ownPin: false, holderStores: [], originKind: "mapped")
                subject.zapNode = z
                subject.mappedIn = g.mapper
                subject.callback = g.member
                finding.subject = subject
            }
            out.append(finding)
        }
        return out
    }

    /// The finding for a store (`text` at `loc`) of guarded state after the zap `zap`.
    private func revokeOrderFinding(_ rule: Rule, _ fn: FunctionFacts, store text: String, at loc: SourceLoc, member f: Field,
                                    zap zc: CallSite, mappingGuard g: MappingGuard) -> Finding {
        let zapText = "\(zc.spelled)"
        let lockWords = g.locks.isEmpty ? "holds no lock there"
            : "holds \(g.locks.sorted().joined(separator: ", ")) there, which this function does not hold from the zap to the store"
        return familyFinding(rule, fn: fn, at: loc,
            message: "`\(text)` stops new user mappings only after \(zapText) at line \(zc.loc.line) removed them: "
                + "\(g.mapper)() tests \(f) (`\(g.text)`, \(g.loc.file):\(g.loc.line)) and \(lockWords), "
                + "so a fault between the zap and this store passes the test and re-inserts a PTE the revoke never "
                + "removes. Change the state first (then a grace period or the lock the fault takes), and zap after it",
            origin: "mapped", identity: "revoke \(f)",
            related: [Related(file: zc.loc.file, line: zc.loc.line, message: "user mappings removed here: \(zapText)"),
                      Related(file: g.loc.file, line: g.loc.line,
                              message: "the mapping path tests the state here: \(g.text) (in \(g.mapper)())")])
    }

    /// The struct members a condition reads (`d->dead`, `!vdev->bar_mmap`, `s->state == X`,
    /// `test_bit(DEAD, &d->flags)` through `reads`, `!dev_alive(d)` through what the helper returns).
    func fieldsRead(_ c: Cond, in fn: FunctionFacts, reads: [String: Int], depth: Int = 0) -> [Field] {
        func e(_ x: Expr) -> [Field] {
            switch x {
            case .path(let p): return p.last.map { [$0] } ?? []
            case .test(let t): return fieldsRead(t, in: fn, reads: reads, depth: depth)
            case .call(let id):
                guard let call = fn.call(id) else { return [] }
                if let k = reads[call.name], k < call.args.count { return e(call.args[k]) }
                // A helper whose returns read the state (`return !d->dead;`), one level down.
                guard depth < 1, let helper = index.functions[call.callee] else { return [] }
                return helper.nodes.flatMap { n -> [Field] in
                    guard case .event(.ret(let v?, _)) = n.kind else { return [] }
                    return fieldsRead(.truthy(v), in: helper, reads: reads, depth: depth + 1)
                }
            default: return []
            }
        }
        switch c {
        case .truthy(let x): return e(x)
        case .equal(let a, let b): return e(a) + e(b)
        case .not(let inner): return fieldsRead(inner, in: fn, reads: reads, depth: depth)
        case .opaque: return []
        }
    }
}
