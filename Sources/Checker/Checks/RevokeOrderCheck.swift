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
///   may also be a helper's result (`if (!dev_alive(d))`, `return !d->dead;`) or a local a
///   read filled (`irq = idr_find(&ctx->irq_idr, id); if (irq)`: a lookup is a read, a
///   removal a write);
/// - `inserts` (plain names, optional): calls that insert a PTE (vmf_insert_pfn, …): whether
///   the insert after a test still holds the lock the test held (the caller's insert after a
///   callee that tested under the lock and dropped it: ocxl's map_afu_irq).
///
/// Reported: in a function that zaps, a store to such a member after the zap (no store to it
/// before the zap on any path), unless the zap and the store sit in one section of a lock
/// (the same struct member) that the mapping function holds where it tests the member — the
/// lock held at the zap or taken inside the zapping callee, and not released before the store
/// (a lock this function takes or releases between the zap and the store: reported). When the
/// mapping path drops that lock between its test and its insert, a store and a zap in one
/// section of it are reported in either order (a fault that tested before the section
/// inserts after it). A zap in a callee counts when it runs on every path but the one where
/// the zapped mapping is NULL (`if (ctx->mapping) unmap_mapping_range(ctx->mapping, …)`).
/// With `grace_periods` (plain names, optional: synchronize_srcu, …): a store that comes first
/// is reported too when no test of the state holds a lock, and no grace period (here, in a
/// callee within two calls, or inside the store's own setter) comes between it and the zap.
struct RevokeOrderCheck: FamilyCheck {
    static let kind = "revoke-order"
    static let matchKeys: [String: Bool] = ["zaps": true, "map_callbacks": true, "mapping_records": false,
                                            "state_reads": false, "state_writes": false, "inserts": false,
                                            "grace_periods": false]
    static let phase = CheckPhase.besideSummaries
    static let group: String? = nil
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.revokeOrderFindings(rule, ctx) }
}

extension Engine {
    func revokeOrderFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let zaps = Set(rule.match["zaps"] ?? []), graces = Set(rule.match["grace_periods"] ?? [])
        let vocabulary = stateVocabulary(rule, ctx)
        let roots = ctx.callbacks(rule.match["map_callbacks"]!)
        let guards = mappingGuards(roots: roots, depth: 2, vocabulary, ctx)
        guard !guards.isEmpty else { return [] }
        var zapMemo: [String: Bool] = [:]
        var out: [Finding] = []
        for fn in ctx.judged {
            let zapNodes = fn.nodes.indices.filter { i in
                guard case .event(.call(let c)) = fn.nodes[i].kind else { return false }
                return zaps.contains(c.name) || (index.functions[c.callee] != nil && zapsEveryPath(c.callee, zaps: zaps, memo: &zapMemo))
            }
            guard !zapNodes.isEmpty else { continue }
            var reported: Set<Field> = []
            for late in lateStateStores(fn, zapNodes: zapNodes, guards: guards, writes: vocabulary.writes, ctx)
                + earlyStateStores(fn, zapNodes: zapNodes, guards: guards, writes: vocabulary.writes, graces: graces, zaps: zaps, ctx)
            where reported.insert(late.field).inserted {
                out.append(revokeOrderFinding(rule, fn, late))
            }
        }
        return out
    }

    /// Does `key` zap user mappings on every path through it (a zap, or a call of a function
    /// that does, within two calls)? A zap on an error path only (remap_pfn_range()
    /// undoing its own partial insert) is no revoke.
    func zapsEveryPath(_ key: String, zaps: Set<String>, depth: Int = 0, memo: inout [String: Bool]) -> Bool {
        if let m = memo[key] { return m }
        guard depth < 3, let fn = index.functions[key] else { return false }
        let zapAt = Set(fn.nodes.indices.filter { i in
            guard case .event(.call(let c)) = fn.nodes[i].kind else { return false }
            return zaps.contains(c.name) || zapsEveryPath(c.callee, zaps: zaps, depth: depth + 1, memo: &memo)
        })
        // Every path from the entry to the exit meets one — but the side of a test of the zapped
        // mapping where it is NULL (`if (ctx->mapping) unmap_mapping_range(ctx->mapping, …)`:
        // no mapping was made, there is nothing to zap).
        let zapped = Set(zapAt.compactMap { i -> AccessPath? in
            guard case .event(.call(let c)) = fn.nodes[i].kind, zaps.contains(c.name), case .path(let p)? = c.args.first else { return nil }
            return p
        })
        // So is the side of a test of the object's own state that skips the zap (drm_vma_node_unmap():
        // `if (drm_mm_node_allocated(&node->vm_node)) unmap_mapping_range(…)`: an object with no
        // mmap offset has no mapping) — a test that reads members of parameters only, never a
        // local (an error the function met) nor a parameter's own value (a caller's choice).
        // And so is the way out of a walk of the tracked mappings that zaps each one (vfio-pci
        // 5.x's vma_list, rdma's): when every zap is inside a loop and every pass through the
        // loop zaps (no way from a test of the loop back to it around the zaps), leaving through
        // a test of the loop leaves no mapping unzapped. (A walk that may pass an element by —
        // sgx_zap_enclave_ptes() over the enclave's mms, skipping a gone mm or a missing vma —
        // is not one.)
        let succs: (Int) -> [Int] = { fn.nodes[$0].succs }
        var walkTests: Set<Int> = !zapAt.isEmpty && zapAt.allSatisfy({ z in fn.reaches(from: z, to: z, along: succs) })
            ? Set(fn.nodes.indices.filter { n in
                guard case .branch = fn.nodes[n].kind else { return false }
                return zapAt.contains { z in fn.reaches(from: z, to: n, along: succs) && fn.reaches(from: n, to: z, along: succs) }
            }) : []
        let passesBy = walkTests.contains { t in
            fn.nodes[t].succs.contains { s in
                !zapAt.contains(s) && (s == t || fn.reaches(from: s, to: t, along: { n in zapAt.contains(n) ? [] : fn.nodes[n].succs }))
            }
        }
        if passesBy { walkTests = [] }
        let avoids = !zapAt.isEmpty && fn.nodes.count > 1 && fn.reaches(to: 1, along: { n in
            if walkTests.contains(n) { return [] }
            let noMapping = fn.nodes[n].nullSide(among: zapped) ?? stateSide(fn, n, zapAt)
            return fn.nodes[n].succs.enumerated().filter { k, s in k != noMapping && !zapAt.contains(s) }.map(\.1)
        })
        let r = !zapAt.isEmpty && !avoids
        memo[key] = r
        return r
    }

    /// The side of branch `n` that reaches no zap, when the branch tests only members of the
    /// function's parameters (directly or as the arguments of a call) and its other side does.
    private func stateSide(_ fn: FunctionFacts, _ n: Int, _ zapAt: Set<Int>) -> Int? {
        guard case .branch(let c, _, _) = fn.nodes[n].kind, fn.nodes[n].succs.count == 2 else { return nil }
        func memberOfParameter(_ e: Expr) -> Bool {
            switch e {
            case .path(let p): if case .param = p.base { return !p.fields.isEmpty }; return false
            case .int, .null: return true
            case .call(let id):
                guard let call = fn.call(id), !call.args.isEmpty else { return false }
                return call.args.allSatisfy(memberOfParameter) && call.args.contains { if case .path = $0 { return true }; return false }
            default: return false
            }
        }
        let exprs = c.exprs
        guard !exprs.isEmpty, exprs.allSatisfy(memberOfParameter) else { return nil }
        let zapsFrom = fn.nodes[n].succs.map { s in zapAt.contains(s) || zapAt.contains { fn.reaches(s, $0) } }
        guard zapsFrom[0] != zapsFrom[1] else { return nil }
        return zapsFrom[0] ? 1 : 0
    }

    /// The finding for a store of guarded state after a zap (or in one section with it, when
    /// the fault inserts outside that section), with its path and subject.
    private func revokeOrderFinding(_ rule: Rule, _ fn: FunctionFacts, _ late: LateStateStore) -> Finding {
        guard case .event(.call(let zc)) = fn.nodes[late.zap].kind else { preconditionFailure("a zap node is a call") }
        let g = late.mappingGuard, f = late.field, zapText = "\(zc.spelled)"
        // (A test a macro writes has no text of its own: its place alone.)
        let testAt = g.text.isEmpty ? "\(g.loc.file):\(g.loc.line)" : "`\(g.text)`, \(g.loc.file):\(g.loc.line)"
        let message: String
        if late.escaped, let esc = g.escape {
            message = "`\(late.text)` and \(zapText) at line \(zc.loc.line) revoke in one section of \(esc.lock), but "
                + "\(g.mapper)() tests \(f) under it (\(testAt)) and inserts after dropping it "
                + "(\(esc.insert.spelled) at \(esc.insert.loc.file):\(esc.insert.loc.line)): a fault that passed the test before "
                + "this section inserts after it, and the PTE outlives the revoke. Insert inside the section the test holds"
        } else if late.early && late.outsideLock {
            let lockNames = g.locks.sorted().joined(separator: ", ")
            message = "`\(late.text)` stops new user mappings before \(zapText) at line \(zc.loc.line) removes them, but outside "
                + "\(lockNames), which \(g.mapper)() holds from its test of \(f) (\(testAt)) to its insert: a fault that passed "
                + "the test before this store is still inside its section, inserts its PTE after the zap, and the revoke never "
                + "removes it. Make the store under \(lockNames) (the faults already past the test finish first), or take it "
                + "once between the store and the zap"
        } else if late.early {
            message = "`\(late.text)` stops new user mappings before \(zapText) at line \(zc.loc.line) removes them, but nothing "
                + "waits for the faults already past the test: \(g.mapper)() tests \(f) (\(testAt)) "
                + "under no lock, so a fault that passed the test before this store inserts its PTE after the zap, and the revoke "
                + "never removes it. Wait for those faults between the store and the zap (synchronize_srcu() on a read section "
                + "the fault holds from its test to its insert), or take a lock the fault holds across both"
        } else {
            let lockWords = g.locks.isEmpty ? "holds no lock there"
                : "holds \(g.locks.sorted().joined(separator: ", ")) there, which this function does not hold from the zap to the store"
            message = "`\(late.text)` stops new user mappings only after \(zapText) at line \(zc.loc.line) removed them: "
                + "\(g.mapper)() tests \(f) (\(testAt)) and \(lockWords), "
                + "so a fault between the zap and this store passes the test and re-inserts a PTE the revoke never "
                + "removes. Change the state first (then a grace period or the lock the fault takes), and zap after it"
        }
        var related = [Related(file: zc.loc.file, line: zc.loc.line, message: "user mappings removed here: \(zapText)"),
                       Related(file: g.loc.file, line: g.loc.line,
                               message: "the mapping path tests the state here" + (g.text.isEmpty ? "" : ": \(g.text)")
                                   + " (in \(g.mapper)())")]
        if late.escaped, let esc = g.escape {
            related.append(Related(file: esc.insert.loc.file, line: esc.insert.loc.line,
                                   message: "inserted after \(esc.lock) is dropped: \(esc.insert.spelled)"))
        }
        var finding = familyFinding(rule, fn: fn, at: late.loc, message: message, origin: "mapped", identity: "revoke \(f)",
                                    related: related)
        // The path: entry → the zap → the store; in one section with an escaping fault the
        // store may come first (entry → the store → the zap), as an early store always does.
        let (s, z) = (late.node, late.zap)
        func path(_ a: Int, _ b: Int) -> [Int]? {
            guard let head = fn.shortestPath(from: 0, limit: 4000, goal: { $0 == a }),
                  let tail = fn.shortestPath(from: a, limit: 4000, skippingStart: true, goal: { $0 == b }) else { return nil }
            return head + tail.dropFirst()
        }
        if let nodes = late.early ? path(s, z) : path(z, s) ?? (late.escaped ? path(s, z) : nil) {
            finding.path = pathEvents(fn, nodes)
            var subject = FindingSubject(functionKey: fn.key, nodes: nodes, useNode: s, target: late.lhs, fact: "revoked",
                                         cause: .revoke, holder: f, mixed: false, ownPin: false, holderStores: [],
                                         originKind: "mapped")
            subject.zapNode = z
            subject.mappedIn = g.mapper
            subject.callback = g.member
            if late.escaped, let esc = g.escape { subject.escapeLock = esc.lock; subject.escapeInsert = esc.insert }
            if late.outsideLock { subject.testLocks = g.locks.sorted() }
            finding.subject = subject
        } else if let path = fn.shortestPath(from: 0, limit: 4000, goal: { $0 == s }) {
            finding.path = pathEvents(fn, path)
        }
        return finding
    }
}
