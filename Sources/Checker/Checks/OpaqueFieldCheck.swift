import Facts
import Findings
import Foundation
import Index

/// `kind: opaque-field` — Members of a record read through a field every store fills with no reference.
struct OpaqueFieldCheck: FamilyCheck {
    static let kind = "opaque-field"
    static let matchKeys: [String: Bool] = ["record": true, "pins": true]
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
            /// The key a call hands a callee that reads the record's members through it.
            func handed(_ c: CallSite) -> (AccessPath, Field)? {
                guard index.functions[c.callee] != nil else { return nil }
                for (k, a) in c.args.enumerated() {
                    guard case .path(let p) = a else { continue }
                    let key: Field? = { if case .local(let name) = p.base, p.fields.isEmpty { return aliases[name] }; return p.last }()
                    if let f = key, keys[f] != nil, derefsParam(c.callee, k) { return (p, f) }
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
        for (f, _) in index.mmStores {
            guard case .none(let st, _) = holder(f) else { continue }
            let registered = st.contains { s in
                index.functions[s.function]?.nodes.contains { n in
                    guard case .event(.call(let c)) = n.kind, pins.contains(c.name) else { return false }
                    return c.args.contains { $0 == s.rhs || $0 == .path(s.lhs) }
                } ?? false
            }
            if !registered { keys[f] = st }
        }
        return keys
    }

    /// The keys the function compares with current->mm (`x->mm == current->mm`, or !=): the
    /// mm is the caller's own there.
    private func comparedWithCurrent(_ fn: FunctionFacts, _ keys: [Field: [FieldStore]]) -> Set<Field> {
        var compared: Set<Field> = []
        for n in fn.nodes {
            guard case .branch(let c, _, _) = n.kind else { continue }
            var cc = c
            while case .not(let x) = cc { cc = x }
            if case .equal(.path(let a), .path(let b)) = cc {
                for (x, y) in [(a, b), (b, a)] where y.base == .current {
                    if let f = x.last, keys[f] != nil { compared.insert(f) }
                }
            }
        }
        return compared
    }

    /// Locals every store of which reads one key (`mm = ctx->mm`): their reads are the key's.
    private func keyAliases(_ fn: FunctionFacts, _ keys: [Field: [FieldStore]]) -> [String: Field] {
        var stored: [String: [Expr]] = [:]
        for n in fn.nodes {
            if case .event(.assign(let l, let r, _, _, _)) = n.kind, case .local(let name) = l.base, l.fields.isEmpty {
                stored[name, default: []].append(r)
            }
        }
        var aliases: [String: Field] = [:]
        for (name, values) in stored {
            let read = Set(values.map { v -> Field? in
                if case .path(let q) = v, let g = q.last, keys[g] != nil { return g }
                return nil
            })
            if read.count == 1, let g = read.first ?? nil { aliases[name] = g }
        }
        return aliases
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
        switch n.kind {
        case .event(.call(let c)):
            return c.args.compactMap {
                if case .path(let p) = $0 { return (p, c.loc, { "\(c.spelled)" }) }; return nil
            }
        case .event(.assign(let l, let r, let t, let loc, _)):
            var out = [(l, loc, { t })]
            if case .path(let p) = r { out.append((p, loc, { t })) }
            return out
        case .branch(let c, let t, let loc):
            return c.exprs.compactMap { if case .path(let p) = $0 { return (p, loc, { t }) }; return nil }
        case .event(.ret(.path(let p)?, let loc)):
            return [(p, loc, { "return \(p)" })]
        default: return []
        }
    }
}
