import Facts
import Findings
import Foundation
import Index

/// `kind: opaque-field` — Members of a record read through a field every store fills with no reference.
struct OpaqueFieldCheck: FamilyCheck {
    static let kind = "opaque-field"
    static let matchKeys: [String: Bool] = ["record": true, "pins": true, "derefs": false]
    static let phase = CheckPhase.afterSummaries
    static let group: String? = nil
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.opaqueFieldFindings(rule, ctx) }
}

extension Engine {
    func opaqueFieldFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let record = rule.match["record"]!
        let keys = opaqueKeys(pins: Set(rule.match["pins"]!))
        guard !keys.isEmpty else { return [] }
        // A callee's parameters it reads a member of the record through (one level: a helper
        // handed the key, `stack_of(ctx->mm)`), by function key.
        var paramDerefs: [String: Set<Int>] = [:]
        func derefsParam(_ key: String, _ k: Int) -> Bool {
            if let known = paramDerefs[key] { return known.contains(k) }
            var out: Set<Int> = []
            for n in index.functions[key]?.nodes ?? [] {
                for (p, _, _) in Engine.pathsRead(n) {
                    if case .param(let j) = p.base, let first = p.fields.first, record.contains(first.record) { out.insert(j) }
                }
            }
            paramDerefs[key] = out
            return out.contains(k)
        }
        let derefCalls = callArguments(rule.match["derefs"] ?? [])
        var out: [Finding] = []
        for fn in judged(ctx) {
            let compared = comparedWithCurrent(fn, keys)
            let aliases = keyAliases(fn, keys)
            /// The key a path reads through, and the member it reads.
            func deref(_ p: AccessPath) -> (Field, String)? {
                if case .local(let name) = p.base, let f = aliases[name], let first = p.fields.first, record.contains(first.record) {
                    return (f, first.name)
                }
                for (i, f) in p.fields.enumerated()
                where i + 1 < p.fields.count && record.contains(p.fields[i + 1].record) && keys[f] != nil {
                    return (f, p.fields[i + 1].name)
                }
                return nil
            }
            /// The key a call hands a callee that reads the record's members through it (a
            /// function of the tree, or one of `derefs`: mmap_read_lock() takes the lock inside —
            /// not in a function that makes an address-space operation, which the core rules
            /// judge on the same key: the lock is its prologue).
            let operates = !derefCalls.isEmpty && fn.nodes.contains { n in
                if case .event(.call(let c)) = n.kind { return ctx.usersOperations.contains(c.name) }
                return false
            }
            func handed(_ c: CallSite) -> (AccessPath, Field)? {
                let listed = operates ? nil : derefCalls[c.name]
                guard listed != nil || index.functions[c.callee] != nil else { return nil }
                for (k, a) in c.args.enumerated() {
                    guard case .path(let p) = a else { continue }
                    let key: Field? = { if case .local(let name) = p.base, p.fields.isEmpty { return aliases[name] }; return p.last }()
                    if let f = key, keys[f] != nil, listed.map({ $0 == k }) ?? derefsParam(c.callee, k) { return (p, f) }
                }
                return nil
            }
            var reported: Set<Field> = []
            for (i, n) in fn.nodes.enumerated() {
                var reads = Engine.pathsRead(n).compactMap { r in
                    deref(r.0).map { (r.0, r.1, r.2, $0.0, $0.1, "reads \($0.1) through") }
                }
                if reads.isEmpty, case .event(.call(let c)) = n.kind, let (p, f) = handed(c) {
                    reads = [(p, c.loc, { "\(c.spelled)" }, f, "\(c.name)()", "has \(c.name)() read the mm_struct's members through")]
                }
                for (p, loc, spell, f, member, what) in reads where !compared.contains(f) && !reported.contains(f) {
                    reported.insert(f)
                    out.append(opaqueFinding(rule, fn, node: i, path: p, key: f, stores: keys[f]!, at: loc, text: spell(),
                                             member: member, what: what))
                }
            }
        }
        return out
    }

    /// Key-only fields: `struct mm_struct *` members every store of which takes no reference,
    /// with no registration of `pins` next to a store (mmu_notifier_get(ops, x->mm) holds
    /// mm_count for the object's lifetime).
    private func opaqueKeys(pins: Set<String>) -> [Field: [FieldStore]] {
        var keys: [Field: [FieldStore]] = [:]
        var upward: [String: Bool] = [:]   // referencedUpward's answers, by function, depth and values
        for (f, _) in index.mmStores where vocab.coreFields[f] == nil {   // a core field's origin is its protocol's
            guard case .none(let st, _) = holder(f) else { continue }
            let registered = st.contains { s in
                guard let fn = index.functions[s.function] else { return false }
                return registers(fn, [s.rhs, .path(s.lhs)], pins, depth: 2)
            }
            // Copied from a field a core protocol keeps (ksm's `rmap_item->mm = mm_slot->slot.mm`):
            // the copy lives under that protocol.
            let underProtocol = st.contains { s in
                if case .path(let p) = s.rhs, let g = p.last, vocab.coreFields[g]?.origin == "protocol" { return true }
                return false
            }
            // Every store fills a local aggregate its declaration initializes (`struct mm_walk
            // walk = { .mm = vma->vm_mm }`): the object dies with the function that pins its mm.
            let transient = st.allSatisfy { s in
                guard case .local(let name) = s.lhs.base, let fn = index.functions[s.function] else { return false }
                return fn.nodes.contains { n in
                    if case .event(.assign(let l, .other, let text, _, _)) = n.kind, l == AccessPath(base: .local(name)),
                       text == name + " = {…}" { return true }
                    return false
                }
            }
            // Every store is made on a path that holds a reference on the same mm in another
            // object (KVM: kvm_create_vm() mmgrab()s current->mm into kvm->mm, then
            // kvm_arch_init_vm() → gmap_create(current->mm, …) stores it in the VM's gmap; the
            // VM's ioctls that make more gmaps run only where kvm->mm == current->mm).
            let pinnedOnCreation = st.allSatisfy { s in
                guard let fn = index.functions[s.function] else { return false }
                return referencedUpward(fn, [s.rhs], depth: 4, memo: &upward)
            }
            if !registered && !underProtocol && !transient && !pinnedOnCreation { keys[f] = st }
        }
        return keys
    }

    /// Does `fn`, or a caller up to `depth` calls above it, hold another reference on one of
    /// `values` — the running task's mm anywhere, a parameter as the caller's argument: a
    /// reference taken on it (mmgrab, mmget, …), or its equality with a member that keeps one
    /// (KVM's ioctls: `if (kvm->mm != current->mm) return -EIO;`, kvm->mm held by mmgrab())?
    /// Every caller must (a function with no visible caller is not known to).
    private func referencedUpward(_ fn: FunctionFacts, _ values: [Expr], depth: Int, memo: inout [String: Bool]) -> Bool {
        let key = "\(fn.key)\u{1f}\(depth)\u{1f}\(values)"
        if let known = memo[key] { return known }
        memo[key] = false   // a cycle of callers proves nothing
        let answer = referencedUpwardUncached(fn, values, depth: depth, memo: &memo)
        memo[key] = answer
        return answer
    }

    private func referencedUpwardUncached(_ fn: FunctionFacts, _ values: [Expr], depth: Int, memo: inout [String: Bool]) -> Bool {
        let taken = fn.nodes.contains { n in
            switch n.kind {
            case .event(.call(let c)):
                guard let cc = contract(for: c) else { return false }
                return cc.gains.contains { g in
                    (g.fact == MMFact.count || g.fact == MMFact.users) && g.on.arg >= 0 && g.on.fields.isEmpty
                        && g.on.arg < c.args.count && values.contains(c.args[g.on.arg])
                }
            case .branch(let c, _, _):
                var cc = c
                while case .not(let x) = cc { cc = x }
                guard case .equal(let a, let b) = cc else { return false }
                return [(a, b), (b, a)].contains { x, y in
                    guard values.contains(x), case .path(let p) = y, let f = p.last else { return false }
                    switch holder(f) { case .count, .users: return true; default: return false }
                }
            default: return false
            }
        }
        if taken { return true }
        guard depth > 0, callersComplete(fn) else { return false }
        for callerKey in (index.callers[fn.key] ?? []).sorted() {
            guard let caller = index.functions[callerKey] else { return false }
            for n in caller.nodes {
                guard case .event(.call(let c)) = n.kind, c.callee == fn.key else { continue }
                var outer = values.filter { if case .path(let p) = $0 { return p.base == .current }; return false }
                for v in values {
                    if case .path(let p) = v, case .param(let k) = p.base, p.fields.isEmpty, k < c.args.count { outer.append(c.args[k]) }
                }
                if outer.isEmpty || !referencedUpward(caller, outer, depth: depth - 1, memo: &memo) { return false }
            }
        }
        return true
    }

    /// Does `fn` call one of `pins` on one of `values` — itself, or in a callee it hands them to
    /// (`gts->ts_mm = current->mm; gms = gru_register_mmu_notifier();`, which calls
    /// mmu_notifier_get_locked(&ops, current->mm)), `depth` calls deep? The registration keeps
    /// mm_count for the object's lifetime.
    private func registers(_ fn: FunctionFacts, _ values: [Expr], _ pins: Set<String>, depth: Int) -> Bool {
        for n in fn.nodes {
            guard case .event(.call(let c)) = n.kind else { continue }
            if pins.contains(c.name) { if c.args.contains(where: values.contains) { return true }; continue }
            guard depth > 1, c.callee != fn.key, let callee = index.functions[c.callee] else { continue }
            // The callee's names for the values: the running task's mm is the same there; a
            // value passed as argument k is its parameter k.
            var inner = values.filter { if case .path(let p) = $0 { return p.base == .current }; return false }
            for (k, a) in c.args.enumerated() where values.contains(a) { inner.append(.path(AccessPath(base: .param(k)))) }
            if !inner.isEmpty, registers(callee, inner, pins, depth: depth - 1) { return true }
        }
        return false
    }

    /// The keys the function compares with current->mm (`x->mm == current->mm`, or !=): the
    /// mm is the caller's own there.
    /// The comparison may be a helper's returned test (`if (!is_owner(c))`, `return c->mm ==
    /// current->mm;`), read one level down.
    private func comparedWithCurrent(_ fn: FunctionFacts, _ keys: [Field: [FieldStore]], depth: Int = 1) -> Set<Field> {
        var compared: Set<Field> = []
        var calls: [Int: CallSite] = [:]
        for n in fn.nodes { if case .event(.call(let c)) = n.kind { calls[c.id] = c } }
        func add(_ c: Cond) {
            var cc = c
            while case .not(let x) = cc { cc = x }
            if case .equal(.path(let a), .path(let b)) = cc {
                for (x, y) in [(a, b), (b, a)] where y.base == .current {
                    if let f = x.last, keys[f] != nil { compared.insert(f) }
                }
            }
            if depth > 0, case .truthy(.call(let id)) = cc, let callee = calls[id].flatMap({ index.functions[$0.callee] }) {
                compared.formUnion(comparedWithCurrent(callee, keys, depth: depth - 1))
            }
        }
        for n in fn.nodes {
            switch n.kind {
            case .branch(let c, _, _): add(c)
            case .event(.ret(.test(let c), _)) where depth < 1: add(c)
            default: break
            }
        }
        return compared
    }

    /// Locals every store of which reads one key (`mm = ctx->mm`): their reads are the key's.
    private func keyAliases(_ fn: FunctionFacts, _ keys: [Field: [FieldStore]]) -> [String: Field] {
        memberAliases(fn).compactMapValues { p in p.last.flatMap { keys[$0] != nil ? $0 : nil } }
    }

    /// The finding for a read of the record through key `f` (or a call handing it to one).
    private func opaqueFinding(_ rule: Rule, _ fn: FunctionFacts, node i: Int, path p: AccessPath, key f: Field,
                               stores: [FieldStore], at loc: SourceLoc, text: String, member: String, what: String) -> Finding {
        let someStores = stores.prefix(2).map { "`\($0.text)` at \($0.loc.file):\($0.loc.line)" }.joined(separator: ", ")
        var finding = familyFinding(rule, fn: fn, at: loc,
            message: "`\(text)` \(what) \(f), which every store fills with no reference "
                + "(a key only: \(someStores)): nothing keeps that mm_struct allocated; "
                + "take mmgrab() where it is stored, or only compare it",
            origin: "none", identity: "\(f) \(member)",
            related: stores.prefix(4).map {
                Related(file: $0.loc.file, line: $0.loc.line, message: "stored without a reference: \($0.text)")
            })
        // Replay: the owner exits (the last mmdrop frees the mm_struct), then the read.
        let k = p.fields.firstIndex(of: f)
        if let path = fn.shortestPath(from: 0, limit: 4000, goal: { $0 == i }), k != nil || p.fields.isEmpty {
            finding.path = pathEvents(fn, path)
            let target = k.map { AccessPath(base: p.base, fields: Array(p.fields[...$0])) } ?? p
            finding.subject = FindingSubject(functionKey: fn.key, nodes: path, useNode: i,
                                             target: target, fact: MMFact.count,
                                             cause: .deref, holder: f, mixed: false, ownPin: false,
                                             holderStores: stores.map(\.loc), originKind: "none")
        }
        return finding
    }

    /// The paths a node names, with where and (lazily) its text: built only for a path that
    /// matches (building a call's text for every call of the tree was most of this rule's time).
    private static func pathsRead(_ n: CFGNode) -> [(AccessPath, SourceLoc, () -> String)] {
        /// The path a value reads: itself, or the word whose bits it masks (`mm->start_stack & PAGE_MASK`).
        func read(_ e: Expr) -> AccessPath? {
            switch e {
            case .path(let p), .bits(let p, _, _): return p
            default: return nil
            }
        }
        switch n.kind {
        case .event(.call(let c)):
            return c.args.compactMap { a in read(a).map { ($0, c.loc, { "\(c.spelled)" }) } }
        case .event(.assign(let l, let r, let t, let loc, _)):
            var out = [(l, loc, { t })]
            if let p = read(r) { out.append((p, loc, { t })) }
            return out
        case .branch(let c, let t, let loc):
            return c.exprs.compactMap { e in read(e).map { ($0, loc, { t }) } }
        case .event(.ret(let v?, let loc)):
            return read(v).map { p in [(p, loc, { "return \(p)" })] } ?? []
        default: return []
        }
    }
}
