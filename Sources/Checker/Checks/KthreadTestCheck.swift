import Facts
import Foundation
import Index

/// `kind: kthread-test` — A NULL test of `current->mm` used as "am I a kernel thread".
struct KthreadTestCheck: FamilyCheck {
    static let kind = "kthread-test"
    static let matchKeys: [String: Bool] = ["borrows": true, "flags": true, "names": true]
    static let phase = CheckPhase.besideSummaries
    static let group: String? = nil
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.kthreadTestFindings(rule, ctx) }
}

extension Engine {
    func kthreadTestFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let borrows = Set(rule.match["borrows"]!), flags = rule.match["flags"]!, names = rule.match["names"]!.map { $0.lowercased() }
        func isCurrentMM(_ e: Expr) -> Bool {
            if case .path(let p) = e { return p.base == .current && p.fields.count == 1 && p.fields[0].name == "mm" }
            return false
        }
        /// The edge index taken when current->mm is NULL, if the condition tests it.
        func nullEdge(_ c: Cond) -> Int? {
            switch c {
            case .truthy(let e): return isCurrentMM(e) ? 1 : nil
            case .equal(let a, let b):
                if isCurrentMM(a), b == .null || b == .int(0) { return 0 }
                if isCurrentMM(b), a == .null || a == .int(0) { return 0 }
                return nil
            case .not(let x): return nullEdge(x).map { 1 - $0 }
            case .opaque: return nil
            }
        }
        var out: [Finding] = []
        for fn in judged(ctx) where !flags.contains(where: { fn.macros.contains($0) }) {
            /// The borrowed mm is one this function made (kunit's mm_alloc()): borrowing it when
            /// current has none is correct whatever the task is.
            func madeHere(_ c: CallSite) -> Bool {
                guard case .path(let p)? = c.args.first, p.fields.isEmpty, case .local = p.base else { return false }
                return fn.nodes.contains { n in
                    if case .event(.assign(let l, .call, _, _, _)) = n.kind { return l == p }
                    return false
                }
            }
            lazy var flagged = fn.macros.filter { m in names.contains { m.lowercased().contains($0) } }
            for (i, n) in fn.nodes.enumerated() {
                switch n.kind {
                case .branch(let c, let text, let loc):
                    guard let e = nullEdge(c) else { continue }
                    var evidence: String?
                    // The NULL side borrows an mm: "no mm, so I am a kthread that must borrow one".
                    var seen: Set<Int> = [], work = [n.succs[e]], steps = 0
                    while let m = work.popLast(), steps < 40 {
                        steps += 1
                        guard seen.insert(m).inserted, m != 1 else { continue }
                        if case .event(.call(let cc)) = fn.nodes[m].kind, borrows.contains(cc.name), !madeHere(cc) {
                            evidence = "when it is NULL the function borrows an mm with \(cc.name)() at line \(cc.loc.line), as a kernel thread would"
                            break
                        }
                        work += fn.nodes[m].succs
                    }
                    if evidence == nil, let m = flagged.first { evidence = "the function sets \(m) from it" }
                    guard let why = evidence else { continue }
                    out.append(familyFinding(rule, fn: fn, at: loc,
                        message: "`\(text)` is used to mean \"running in a kernel thread\": \(why); a kernel thread inside kthread_use_mm() has current->mm set, and a user task never has it NULL in a syscall; test current->flags & \(flags.first ?? "PF_KTHREAD")",
                        origin: "null-mm-test", identity: "branch \(text)"))
                case .event(.assign(let lhs, _, let text, let loc, _)):
                    // `kthread = current->mm == NULL` (a NULL test stored), not `kthread_mm = current->mm`.
                    guard text.containsBytes("current->mm"), text.range(of: #"!\s*current->mm\b|current->mm\s*==\s*(NULL|0)\b|\b(NULL|0)\s*==\s*current->mm"#, options: .regularExpression) != nil,
                          let name = lhs.fields.last?.name ?? { if case .local(let l) = lhs.base { return l }; return nil }(),
                          names.contains(where: { name.lowercased().contains($0) }) else { continue }
                    out.append(familyFinding(rule, fn: fn, at: loc,
                        message: "`\(text)` takes a NULL current->mm to mean \"kernel thread\"; a kernel thread inside kthread_use_mm() has current->mm set; test current->flags & \(flags.first ?? "PF_KTHREAD")",
                        origin: "null-mm-test", identity: "assign \(name)"))
                default: continue
                }
            }
        }
        return out
    }
}
