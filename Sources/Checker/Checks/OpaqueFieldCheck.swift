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
        let record = rule.match["record"]!, pins = Set(rule.match["pins"]!)
        var keys: [Field: [FieldStore]] = [:]
        for (f, _) in index.mmStores {
            guard case .none(let st, _) = holder(f) else { continue }
            // A registration next to the store (mmu_notifier_get(ops, x->mm)) holds mm_count
            // for the object's lifetime: not a key-only field.
            let registered = st.contains { s in
                index.functions[s.function]?.nodes.contains { n in
                    guard case .event(.call(let c)) = n.kind, pins.contains(c.name) else { return false }
                    return c.args.contains { $0 == s.rhs || $0 == .path(s.lhs) }
                } ?? false
            }
            if !registered { keys[f] = st }
        }
        guard !keys.isEmpty else { return [] }
        func deref(_ p: AccessPath) -> (Field, Field)? {
            for (i, f) in p.fields.enumerated() where i + 1 < p.fields.count && record.contains(p.fields[i + 1].record) && keys[f] != nil {
                return (f, p.fields[i + 1])
            }
            return nil
        }
        var out: [Finding] = []
        for fn in judged(ctx) {
            // `x->mm == current->mm` (or !=) first: the mm is the caller's own there.
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
            var reported: Set<Field> = []
            for (i, n) in fn.nodes.enumerated() {
                for (p, loc, spell) in Engine.pathsRead(n) {
                    guard let (f, member) = deref(p), !compared.contains(f), !reported.contains(f) else { continue }
                    reported.insert(f)
                    let text = spell()
                    let stores = keys[f]!
                    let someStores = stores.prefix(2).map { "`\($0.text)` at \($0.loc.file):\($0.loc.line)" }.joined(separator: ", ")
                    var finding = familyFinding(rule, fn: fn, at: loc,
                        message: "`\(text)` reads \(member.name) through \(f), which every store fills with no reference "
                            + "(a key only: \(someStores)): nothing keeps that mm_struct allocated; "
                            + "take mmgrab() where it is stored, or only compare it",
                        origin: "none", identity: "\(f) \(member.name)",
                        related: stores.prefix(4).map {
                            Related(file: $0.loc.file, line: $0.loc.line, message: "stored without a reference: \($0.text)")
                        })
                    // Replay: the owner exits (the last mmdrop frees the mm_struct), then the read.
                    if let path = fn.shortestPath(from: 0, limit: 4000, goal: { $0 == i }),
                       let k = p.fields.firstIndex(of: f) {
                        finding.path = pathEvents(fn, path)
                        let target = AccessPath(base: p.base, fields: Array(p.fields[...k]))
                        finding.subject = FindingSubject(functionKey: fn.key, nodes: path, useNode: i,
                                                         target: target, fact: MMFact.count,
                                                         cause: .deref, holder: f, mixed: false, ownPin: false,
                                                         holderStores: stores.map(\.loc), originKind: "none")
                    }
                    out.append(finding)
                }
            }
        }
        return out
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
