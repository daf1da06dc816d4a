import Facts
import Findings
import Foundation
import Index

/// `kind: count-heuristic` — `counter == 1` read as "single user" whose single-user side calls a consequence.
struct CountHeuristicCheck: FamilyCheck {
    static let kind = "count-heuristic"
    static let matchKeys: [String: Bool] = ["counters": true, "reads": true, "consequences": true, "shootdowns": true]
    static let phase = CheckPhase.besideSummaries
    static let group: String? = nil
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.countHeuristicFindings(rule, ctx) }
}

extension Engine {
    func countHeuristicFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let counters = rule.match["counters"]!.joined(separator: "|"), reads = rule.match["reads"]!.joined(separator: "|")
        let consequences = Set(rule.match["consequences"]!), shootdowns = Set(rule.match["shootdowns"] ?? [])
        let read = #"(?:\#(reads))\s*\(\s*&?\s*[\w.>()\-\[\]]*?\b(?:\#(counters))\s*\)"#
        // The single-user test (group 1) or its complement, the multi-user test (group 2: `> 1`, `>= 2`,
        // `!= 1`, whose single-user side is the other one).
        let single = #"\#(read)\s*(?:==|<=|<)\s*[12]\b|\b[12]\s*(?:==|>=|>)\s*\#(read)"#
        let multi = #"\#(read)\s*(?:!=\s*1|>\s*1|>=\s*2)\b|\b(?:1\s*!=|1\s*<|2\s*<=)\s*\#(read)"#
        guard let re = try? NSRegularExpression(pattern: "(\(single))|(\(multi))") else { return [] }
        // The pattern needs one of the counters spelled out: a byte search first (the regex on
        // every branch text of the tree was most of this rule's time), when they are plain names.
        let literal = rule.match["counters"]!.allSatisfy { $0.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber } }
        var out: [Finding] = []
        var helperTests: [String: [String]] = [:]   // returnedTests, by helper: a branch on a call is common
        for fn in judged(ctx) {
            // One finding per test as written: the branches of one condition inside a macro's
            // invocation (`likely(a && mm_users == 1)`) all carry the invocation's text and place,
            // and the first of them that finds one reports it.
            var judgedTests: Set<String> = []
            for (i, n) in fn.nodes.enumerated() {
                guard case .branch(let c, let text, let loc) = n.kind, n.succs.count == 2,
                      !judgedTests.contains("\(loc.line):\(loc.column):\(text)") else { continue }
                let texts = countTestTexts(fn, c, text, helperTests: &helperTests)
                if literal, !texts.contains(where: { t in rule.match["counters"]!.contains(where: { t.containsBytes($0) }) }) { continue }
                guard let (k, t, m) = texts.enumerated().lazy.compactMap({ k, t -> (Int, String, NSTextCheckingResult)? in
                    re.firstMatch(in: t, range: NSRange(location: 0, length: (t as NSString).length)).map { (k, t, $0) }
                }).first else { continue }
                let what = (t as NSString).substring(with: m.range)
                // The single-user side: the true edge, or the false one under a negation — the branch's
                // own (whose condition holds its comparison: `> 1` is a negation) and, for a local's or a
                // helper's test, the test's (a multi-user test's single-user side is its false one).
                var single = k > 0 && m.range(at: 2).location != NSNotFound ? 1 : 0, cc = c
                while case .not(let x) = cc { single = 1 - single; cc = x }
                guard let toUse = guardedConsequence(fn, test: n, single: single, consequences),
                      let useNode = toUse.last, case .event(.call(let u)) = fn.nodes[useNode].kind else {
                    if let f = skippedShootdown(rule, fn, test: i, at: loc, single: single, what: what, shootdowns, consequences) {
                        out.append(f)
                        judgedTests.insert("\(loc.line):\(loc.column):\(text)")
                    }
                    continue
                }
                var f = snapshotFinding(rule, fn, at: loc, what: what, effect: "\(u.macro ?? u.name)() at line \(u.loc.line) acts on it",
                                        identity: "\(what) \(u.macro ?? u.name)", call: u, note: "acts on the single-user assumption")
                if let toTest = fn.shortestPath(from: 0, limit: 4000, goal: { $0 == i }) {
                    let nodes = toTest + toUse
                    f.path = pathEvents(fn, nodes)
                    f.subject = FindingSubject(functionKey: fn.key, nodes: nodes, useNode: useNode, target: AccessPath(base: .local("mm")),
                                               fact: MMFact.users, cause: .snapshot, holder: nil, mixed: false, ownPin: false,
                                               holderStores: [], originKind: "snapshot", guardNode: i)
                }
                out.append(f)
                judgedTests.insert("\(loc.line):\(loc.column):\(text)")
            }
        }
        return out
    }

    /// The path from the test's single-user side to a consequence it guards: reached from that
    /// side and not from the other (radix_tlb.c's occasional trim runs whatever mm_users says).
    /// (Not where the other side makes the same calls and no more: `ipi(mm); if (single)
    /// local_flush_tlb_mm(mm); else local_flush_tlb_mm(mm);` acts the same either way.)
    /// (Where the test is classified into a local first — `kind = … == 1 ? LOCAL : ALL;
    /// switch (kind)` — each side follows the value it stored.)
    private func guardedConsequence(_ fn: FunctionFacts, test n: CFGNode, single: Int, _ consequences: Set<String>) -> [Int]? {
        // (With no such local the walk is the plain breadth-first reach.)
        let classified = fn.classifiedLocals()
        let other = fn.walkDeciding(from: n.succs[1 - single], locals: classified).reached
        func callees(_ nodes: Set<Int>) -> Set<String> {
            Set(nodes.compactMap { k -> String? in
                if case .event(.call(let c)) = fn.nodes[k].kind { return c.callee }
                return nil
            })
        }
        // (What only one side reaches: an `&&`'s single-user side also reaches the other
        // side's way through its second test.)
        let singleReach = fn.walkDeciding(from: n.succs[single], locals: classified).reached
        let otherCalls = callees(other.subtracting(singleReach))
        let sameCalls = !otherCalls.isEmpty && otherCalls == callees(singleReach.subtracting(other))
        return fn.walkDeciding(from: n.succs[single], locals: classified, limit: 300) { k in
            guard !other.contains(k), case .event(.call(let call)) = fn.nodes[k].kind,
                  !(sameCalls && otherCalls.contains(call.callee)) else { return false }
            return self.countConsequence(call, consequences) != nil
        }.path
    }

    /// The other way a single-user shortcut matters: the multi-user side sends a TLB shootdown
    /// (`shootdowns`: MIPS's smp_on_other_tlbs(); `name@K`, a cross-CPU call whose argument K
    /// is a function that flushes the local TLB — a consequence —, sh's and alpha's
    /// smp_call_function(ipi_flush_tlb_mm, …)) that the single-user side can skip on its way
    /// out, so a CPU that loaded the mm after the read (kthread_use_mm) keeps stale entries.
    private func skippedShootdown(_ rule: Rule, _ fn: FunctionFacts, test i: Int, at loc: SourceLoc, single: Int, what: String,
                                  _ shootdowns: Set<String>, _ consequences: Set<String>) -> Finding? {
        guard !shootdowns.isEmpty else { return nil }
        let plain = shootdowns.filter { !$0.contains("@") }, viaCallback = callArguments(shootdowns.filter { $0.contains("@") })
        func flushes(_ key: String) -> Bool {
            index.functions[key]?.nodes.contains { n in
                if case .event(.call(let inner)) = n.kind { return countConsequence(inner, consequences) != nil }
                return false
            } ?? false
        }
        let sends = fn.nodes.indices.filter { k in
            guard case .event(.call(let c)) = fn.nodes[k].kind else { return false }
            if plain.contains(c.name) || c.macro.map(plain.contains) == true { return true }
            guard let a = viaCallback[c.name], a < c.args.count, case .function(let key) = c.args[a] else { return false }
            return flushes(key)
        }
        let n = fn.nodes[i], multi = fn.reachable(from: n.succs[1 - single])
        guard let ipi = sends.first(where: multi.contains),
              case .event(.call(let c)) = fn.nodes[ipi].kind,
              let skip = fn.shortestPath(from: n.succs[single], limit: 4000, goal: { $0 == 1 }, avoiding: Set(sends)) else { return nil }
        let effect = "the shootdown \(c.macro ?? c.name)() at line \(c.loc.line) is skipped, leaving stale TLB entries "
            + "on any other CPU that has the mm loaded"
        var f = snapshotFinding(rule, fn, at: loc, what: what, effect: effect, identity: "\(what) skips \(c.macro ?? c.name)",
                                call: c, note: "the shootdown the single-user side skips")
        if let toTest = fn.shortestPath(from: 0, limit: 4000, goal: { $0 == i }) { f.path = pathEvents(fn, toTest + skip) }
        return f
    }

    /// A single-user shortcut's finding: `effect` is what the single-user side does (or skips)
    /// at `call`, the call the related location points to.
    private func snapshotFinding(_ rule: Rule, _ fn: FunctionFacts, at loc: SourceLoc, what: String, effect: String,
                                 identity: String, call: CallSite, note: String) -> Finding {
        familyFinding(rule, fn: fn, at: loc,
            message: "`\(what)` is taken to mean that no other CPU uses this mm, and on that side \(effect); but a kernel "
                + "thread can take mm_users with mmget_not_zero() and kthread_use_mm() right after the read (io_uring, vhost, "
                + "drivers' workers): the count is a snapshot, not an exclusion",
            origin: "users-snapshot", identity: identity,
            related: [Related(file: call.loc.file, line: call.loc.line, message: note)])
    }

    /// The test's text: the branch's own (first), or the assignment of the local the branch tests
    /// (`single = atomic_read(&mm->mm_users) == 1; if (single)`), or a helper's returned test.
    func countTestTexts(_ fn: FunctionFacts, _ c: Cond, _ text: String, helperTests: inout [String: [String]]) -> [String] {
        let texts = plainCountTestTexts(fn, c, text, helperTests: &helperTests)
        // A test a macro wrote (`MM_USERS(mm) == 1`, `mm_is_private(mm)`): the condition as the
        // parser read it, spelled back (`atomic_read(&mm->mm_users) == 1` reads `atomic_read(mm->mm_users) == 1`).
        func macroCall(_ e: Expr) -> Bool {
            switch e {
            case .call(let id): return fn.call(id)?.macro != nil
            case .test(let t): return t.exprs.contains(where: macroCall)
            default: return false
            }
        }
        // A counter read through a pointer kept in a local (`atomic_t *users = &mm->mm_users; if
        // (atomic_read(users) == 1)`): spelled back with the member the local reads.
        func localArgument(_ e: Expr) -> Bool {
            switch e {
            case .call(let id):
                return fn.call(id)?.args.contains { a in
                    if case .path(let p) = a, p.fields.isEmpty, case .local = p.base { return true }
                    return false
                } ?? false
            case .test(let t): return t.exprs.contains(where: localArgument)
            default: return false
            }
        }
        if c.exprs.contains(where: localArgument), let spelled = Engine.spell(c, fn, aliases: memberAliases(fn, copies: true)) {
            return texts + [spelled]
        }
        guard c.exprs.contains(where: macroCall), let spelled = Engine.spell(c, fn) else { return texts }
        return texts + [spelled]
    }

    private func plainCountTestTexts(_ fn: FunctionFacts, _ c: Cond, _ text: String, helperTests: inout [String: [String]]) -> [String] {
        var cc = c
        while case .not(let x) = cc { cc = x }
        if case .truthy(.call(let id)) = cc, let call = fn.call(id), let helper = index.functions[call.callee] {
            if helperTests[helper.key] == nil { helperTests[helper.key] = returnedTests(helper) }
            return [text] + helperTests[helper.key]!
        }
        // The count kept in a local first (`int users = atomic_read(&mm->mm_users); if (users == 1)`):
        // the comparison is of what the local was assigned.
        func compared(_ l: AccessPath, _ op: String, _ k: Int64) -> [String] {
            [text] + fn.nodes.compactMap { n -> String? in
                guard case .event(.assign(let x, _, let t, _, _)) = n.kind, x == l, let eq = t.firstIndex(of: "=") else { return nil }
                return t[t.index(after: eq)...].trimmingCharacters(in: .whitespaces) + " \(op) \(k)"
            }
        }
        func local(_ e: Expr) -> AccessPath? {
            if case .path(let p) = e, p.fields.isEmpty, case .local = p.base { return p }
            return nil
        }
        switch cc {
        case .equal(let a, .int(let k)) where local(a) != nil: return compared(local(a)!, "==", k)
        case .equal(.int(let k), let b) where local(b) != nil: return compared(local(b)!, "==", k)
        case .below(let a, let k) where local(a) != nil: return compared(local(a)!, "<", k)
        default: break
        }
        guard case .truthy(.path(let p)) = cc, case .local = p.base, p.fields.isEmpty else { return [text] }
        return [text] + fn.nodes.compactMap { n in
            if case .event(.assign(let l, _, let t, _, _)) = n.kind, l == p { return t }
            return nil
        }
    }

    /// A condition spelled from what the parser read: calls with their arguments' paths (the
    /// parameters by name), comparisons, constants. Nil for what it cannot spell.
    static func spell(_ c: Cond, _ fn: FunctionFacts, aliases: [String: AccessPath] = [:]) -> String? {
        func path(_ p0: AccessPath) -> String {
            var p = p0
            if p.fields.isEmpty, case .local(let name) = p.base, let a = aliases[name] { p = a }
            var s = p.description
            if case .param(let i) = p.base, i < fn.params.count, !fn.params[i].name.isEmpty {
                s = fn.params[i].name + s.dropFirst("arg\(i)".count)
            }
            return s
        }
        func expr(_ e: Expr) -> String? {
            switch e {
            case .path(let p): return path(p)
            case .int(let k): return "\(k)"
            case .null: return "NULL"
            case .call(let id):
                guard let call = fn.call(id) else { return nil }
                let args = call.args.map { expr($0) ?? "…" }
                return "\(call.name)(\(args.joined(separator: ", ")))"
            case .test(let t): return spell(t, fn, aliases: aliases)
            default: return nil
            }
        }
        switch c {
        case .truthy(let e): return expr(e)
        case .equal(let a, let b): return expr(a).flatMap { l in expr(b).map { "\(l) == \($0)" } }
        case .below(let e, let k): return expr(e).map { "\($0) < \(k)" }
        case .not(let x): return spell(x, fn, aliases: aliases).map { "!(\($0))" }
        case .opaque: return nil
        }
    }

    /// A helper's returned tests as text (`return atomic_read(&mm->mm_users) == 1;` is
    /// `.test(.equal(call, 1))`, `<= 1` is `.test(.below(call, 2))`: `… < 2`): the branch on the
    /// helper's call tests that.
    func returnedTests(_ helper: FunctionFacts) -> [String] {
        helper.nodes.compactMap { n in
            guard case .event(.ret(.test(let t)?, _)) = n.kind else { return nil }
            return comparisonText(t, negated: false, in: helper)
        } + impliedTests(helper)
    }

    /// A helper returning constants after its tests (powerpc 5.4's mm_is_singlethreaded():
    /// `if (atomic_read(&mm->mm_users) <= 1 && current->mm == mm) return true; return false;`):
    /// the tests every true return is reached through one side of — its true result says they
    /// took that side.
    func impliedTests(_ helper: FunctionFacts) -> [String] {
        var trueReturns: [Int] = []
        for (i, n) in helper.nodes.enumerated() {
            guard case .event(.ret(let v, _)) = n.kind else { continue }
            guard case .int(let k)? = v else { return [] }
            if k != 0 { trueReturns.append(i) }
        }
        guard !trueReturns.isEmpty else { return [] }
        var out: [String] = []
        for (b, n) in helper.nodes.enumerated() {
            guard case .branch(let c, _, _) = n.kind, n.succs.count == 2, n.succs[0] != n.succs[1] else { continue }
            for side in 0..<2 {
                let without: (Int) -> [Int] = { x in x == b ? [n.succs[1 - side]] : helper.nodes[x].succs }
                guard trueReturns.allSatisfy({ !helper.reaches(from: 0, to: $0, along: without) }),
                      let t = comparisonText(c, negated: side == 1, in: helper) else { continue }
                out.append(t)
            }
        }
        return out
    }

    /// A comparison of a call's result with a constant, spelled back (`atomic_read(mm->mm_users)
    /// <= 1`), or nil.
    private func comparisonText(_ t: Cond, negated: Bool, in helper: FunctionFacts) -> String? {
        var x = t, negated = negated
        while case .not(let inner) = x { x = inner; negated.toggle() }
        func text(_ e: Expr) -> String? {
            switch e {
            case .call(let id): return helper.call(id)?.spelled
            case .int(let k): return "\(k)"
            default: return nil
            }
        }
        switch x {
        case .equal(let a, let b):
            guard let l = text(a), let r = text(b) else { return nil }
            return "\(l) \(negated ? "!=" : "==") \(r)"
        case .below(let a, let k):
            return text(a).map { "\($0) \(negated ? ">=" : "<") \(k)" }
        default: return nil
        }
    }

    /// A consequence called here, or by a function this call reaches within two calls.
    func countConsequence(_ call: CallSite, _ consequences: Set<String>, depth: Int = 0) -> CallSite? {
        if consequences.contains(call.name) || call.macro.map(consequences.contains) == true { return call }
        guard depth < 2, apis[call.name] == nil, let g = index.functions[call.callee] else { return nil }
        for n in g.nodes {
            if case .event(.call(let inner)) = n.kind, inner.callee != g.key,
               countConsequence(inner, consequences, depth: depth + 1) != nil { return call }
        }
        return nil
    }
}
