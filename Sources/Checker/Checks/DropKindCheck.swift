import Facts
import Findings
import Foundation
import Index

/// `kind: drop-kind` — A member's reference dropped with the other count's put: mmput() on a
/// member every store fills with mm_count only (mm_users underflows: exit_mmap() runs on an
/// address space its owner still uses), mmdrop() on one every store fills with mm_users (the
/// address space is never torn down, and mm_count underflows).
/// - `exchanges` (plain names, optional): calls whose result is the value their first argument
///   points to, which they replace (`mm = xchg(&c->mm, NULL); mmput(mm);` puts `c->mm`).
struct DropKindCheck: FamilyCheck {
    static let kind = "drop-kind"
    static let matchKeys: [String: Bool] = ["exchanges": false]
    static let phase = CheckPhase.afterSummaries
    static let group: String? = nil
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.dropKindFindings(rule, ctx) }
}

extension Engine {
    func dropKindFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        // The reference calls (FamilyContext.refCall): the vocabulary's gets and puts of each count
        // on an argument itself, and the tree's wrappers of them — a parameter taken or dropped on
        // every path, DEFINE_FREE's destructor of a `__free(mmput)` variable. (A function that
        // drops a parameter's member puts it itself: its own put is the finding.)
        let facts = [MMFact.users, MMFact.count]
        let exchanges = Set(rule.match["exchanges"] ?? [])
        let effect = { (c: CallSite) in Engine.countEffect(c, ctx) }
        let names = Set(ctx.refCalls.filter { $0.value.arg >= 0 }.keys)
            .union(ctx.paramRefWrappers.keys.compactMap { index.functions[$0]?.name })
        let callers = index.calling(names).sorted()
        let judgedKeys = Set(judged(ctx).map(\.key))
        let gotten = keptGets(callers, exchanges, effect)
        /// The functions that store a value (not NULL) into the member.
        func fillers(_ f: Field) -> Set<String> {
            Set((index.mmStores[f] ?? []).filter { $0.rhs != .null && $0.rhs != .int(0) }.map(\.function))
        }
        var out: [Finding] = []
        for fact in facts {
            let other = fact == MMFact.users ? MMFact.count : MMFact.users
            for key in callers where judgedKeys.contains(key) {
                guard let fn = index.functions[key] else { continue }
                let aliases = memberAliases(fn, exchanges: exchanges, copies: true)
                var reported: Set<Field> = []
                let gets = ownGets(fn, fact, aliases, effect, ctx)
                for (i, n) in fn.nodes.enumerated() {
                    guard case .event(.call(let c)) = n.kind, let e = effect(c), !e.gains, e.fact == fact,
                          let (path, f) = heldMember(e.arg, aliases), !reported.contains(f),
                          gotten[fact]?.contains(f) != true,
                          !(gets[f] ?? []).contains(where: { fn.reaches($0, i) }) else { continue }
                    // What every store of the member takes, when it is only the other count (a get and
                    // a conversion, `mmgrab(mm); mmput(mm); c->mm = mm;`, are judged by what the member
                    // keeps).
                    let (stores, why): ([FieldStore], String)
                    switch (origin(path), fact) {
                    case (.count(let s, let w), MMFact.users): (stores, why) = (s, w)
                    case (.users(let w), MMFact.count): (stores, why) = (index.mmStores[f] ?? [], w)
                    default: continue
                    }
                    // A put in a function that stores the member belongs to the store (a conversion,
                    // a peek: the holder analysis read it there); a put where the member's pin flag is
                    // set drops the pin the flag records (PinFlags).
                    guard !fillers(f).contains(fn.key),
                          !(fact == MMFact.users && RefExplorer.guardedByPinFlag(fn, i, path, self)) else { continue }
                    reported.insert(f)
                    let consequence = fact == MMFact.users
                        ? "mm_users drops below what the owner holds: exit_mmap() tears down an address space its tasks still run in"
                        : "the mm_users reference is never dropped (the address space outlives its owner), and mm_count underflows"
                    let fix = fact == MMFact.users ? "mmdrop()" : "mmput()"
                    // A local names the member it reads (`mm`, read from `apf->mm` at line 12).
                    let read = e.arg == .path(path) ? "" : " on \(f) (read into \(c.argText(e.k).map { "`\($0)`" } ?? "a local"))"
                    let related = stores.prefix(3).map {
                        Related(file: $0.loc.file, line: $0.loc.line, message: "stored here: `\($0.text)`")
                    }
                    out.append(familyFinding(rule, fn: fn, at: c.loc,
                        message: "`\(c.spelled)` drops \(fact == MMFact.users ? "mm_users" : "mm_count")\(read), but \(why), "
                            + "and no code takes \(fact == MMFact.users ? "mm_users" : "mm_count") on it: \(consequence); "
                            + "drop what the member holds (\(fix)), or take \(other == MMFact.users ? "mm_count" : "mm_users") "
                            + "where it is stored",
                        origin: "drop-kind", identity: "\(c.name) \(f)", related: related))
                }
            }
        }
        for key in callers where judgedKeys.contains(key) {
            if let fn = index.functions[key] { out += localDropKind(rule, fn, effect, ctx) }
        }
        return out
    }

    /// A local whose only value is the result of a get of one count (`mm = get_task_mm(t)`,
    /// a helper returning mm_count) dropped with the other count's put (`mmdrop(mm)`), in a
    /// function that never takes that other count on it and does not store it anywhere.
    private func localDropKind(_ rule: Rule, _ fn: FunctionFacts,
                               _ effect: (CallSite) -> (fact: String, gains: Bool, arg: Expr, k: Int)?, _ ctx: FamilyContext) -> [Finding] {
        var out: [Finding] = [], reported: Set<String> = []
        for (i, n) in fn.nodes.enumerated() {
            guard case .event(.call(let c)) = n.kind, let e = effect(c), !e.gains, case .path(let p) = e.arg, p.fields.isEmpty,
                  case .local(let name) = p.base, !reported.contains(name),
                  let (get, held) = localGet(fn, p, ctx), held != e.fact, fn.reaches(get, i) else { continue }
            // Another get of the dropped count on it, or the local kept somewhere: not this function's mistake to judge.
            let retaken = fn.nodes.contains { m in
                guard case .event(.call(let d)) = m.kind, let x = effect(d), x.gains, x.fact == e.fact else { return false }
                return x.arg == .path(p)
            }
            let kept = fn.nodes.contains { m in
                if case .event(.assign(let l, .path(let v), _, _, _)) = m.kind { return v == p && l != p }
                if case .event(.ret(.path(let v)?, _)) = m.kind { return v == p }
                return false
            }
            guard !retaken, !kept, case .event(.call(let g)) = fn.nodes[get].kind else { continue }
            reported.insert(name)
            let users = e.fact == MMFact.users
            out.append(familyFinding(rule, fn: fn, at: c.loc,
                message: "`\(c.spelled)` drops \(users ? "mm_users" : "mm_count"), but `\(name)` holds the "
                    + "\(users ? "mm_count" : "mm_users") reference \(g.name)() took at line \(g.loc.line) and nothing here takes "
                    + "\(users ? "mm_users" : "mm_count") on it: "
                    + (users ? "mm_users drops below what the owner holds (exit_mmap() may tear down an address space in use), "
                        + "and the mm_count reference leaks; drop it with mmdrop()"
                       : "the address space is never torn down and mm_count underflows; drop it with mmput()"),
                origin: "drop-kind", identity: "\(c.name) local \(g.name)",
                related: [Related(file: g.loc.file, line: g.loc.line, message: "reference taken here")]))
        }
        return out
    }

    /// The node of the one call a local is assigned from, when that call returns a reference of
    /// one count, and the count.
    private func localGet(_ fn: FunctionFacts, _ p: AccessPath, _ ctx: FamilyContext) -> (Int, String)? {
        var found: (Int, String)?
        for (i, n) in fn.nodes.enumerated() {
            guard case .event(.assign(let l, let v, _, _, _)) = n.kind, l == p else { continue }
            if v == .null || v == .int(0) { continue }
            guard found == nil, case .call(let id) = v, let c = fn.call(id) else { return nil }
            let gain = contract(for: c)?.gains.first {
                $0.on.arg < 0 && $0.on.fields.isEmpty && ($0.fact == MMFact.users || $0.fact == MMFact.count)
            }?.fact ?? ctx.acquiringWrappers[c.callee]
            guard let gain else { return nil }
            found = (fn.node(ofCall: id) ?? i, gain)
        }
        return found
    }

    /// A reference call's count, whether it takes it, and the argument (and its index) it acts on.
    static func countEffect(_ c: CallSite, _ ctx: FamilyContext) -> (fact: String, gains: Bool, arg: Expr, k: Int)? {
        guard let rc = ctx.refCall(c), rc.arg >= 0, rc.arg < c.args.count, rc.gains || rc.when == .always else { return nil }
        return (rc.fact, rc.gains, c.args[rc.arg], rc.arg)
    }

    /// The member an argument reads (`ctx->mm`, or a local every store of which reads one member)
    /// and the path it reads it by.
    /// Every member a count's get is taken on, anywhere (`mmget_not_zero(ctx->mm)`, or through a
    /// local that only ever reads the member), whose reference leaves its function unput: a put
    /// of that count on it may balance one — a helper of its caller, a worker the submitter
    /// pinned for, a destroy dropping a pin a reader kept in its state (iommufd's
    /// pfn_reader_user_pin) — and a function's paths cannot tell which. (Not a get its own
    /// function puts again or returns to its caller: `if (!mmget_not_zero(c->mm)) return NULL;
    /// return c->mm;` is balanced where the result goes, `if (mmget_not_zero(c->mm)) { …;
    /// mmput(c->mm); }` where it is — neither balances a put in a ->release.)
    private func keptGets(_ callers: [String], _ exchanges: Set<String>,
                          _ effect: (CallSite) -> (fact: String, gains: Bool, arg: Expr, k: Int)?) -> [String: Set<Field>] {
        var gotten: [String: Set<Field>] = [:]
        for key in callers {
            guard let fn = index.functions[key] else { continue }
            let aliases = memberAliases(fn, exchanges: exchanges, copies: true)
            for (i, n) in fn.nodes.enumerated() {
                guard case .event(.call(let c)) = n.kind, let e = effect(c), e.gains,
                      let (_, f) = heldMember(e.arg, aliases) else { continue }
                if keptPast(fn, get: i, c.id, f, e.fact, aliases, effect) { gotten[e.fact, default: []].insert(f) }
            }
        }
        return gotten
    }

    /// The gets of `fact` in `fn`, by member: a put they reach is theirs. (Also a getter that pins
    /// a parameter's member and returns it: `if (!bo_get_mm(bo)) return; …; mmput(bo->mm);`.)
    private func ownGets(_ fn: FunctionFacts, _ fact: String, _ aliases: [String: AccessPath],
                         _ effect: (CallSite) -> (fact: String, gains: Bool, arg: Expr, k: Int)?,
                         _ ctx: FamilyContext) -> [Field: [Int]] {
        var gets: [Field: [Int]] = [:]
        for (i, n) in fn.nodes.enumerated() {
            guard case .event(.call(let c)) = n.kind else { continue }
            if let e = effect(c), e.gains, e.fact == fact, let (_, f) = heldMember(e.arg, aliases) { gets[f, default: []].append(i) }
            if ctx.acquiringWrappers[c.callee] == fact, let f = returnedMember(c.callee) { gets[f, default: []].append(i) }
        }
        return gets
    }

    /// Does the reference the get at node `g` (call `id`) takes on member `f` leave its function
    /// on some path neither putting it nor returning it — kept in the object's state, handed to a
    /// worker? (The side of a test of the get where it failed holds nothing.)
    private func keptPast(_ fn: FunctionFacts, get g: Int, _ id: Int, _ f: Field, _ fact: String, _ aliases: [String: AccessPath],
                          _ effect: (CallSite) -> (fact: String, gains: Bool, arg: Expr, k: Int)?) -> Bool {
        func failedSide(_ c: Cond) -> Int? {
            var x = c, side = 1
            while case .not(let inner) = x { x = inner; side = 1 - side }
            if case .truthy(.call(let t)) = x, t == id { return side }
            return nil
        }
        var seen: Set<Int> = [g], work = [g]
        while let n = work.popLast() {
            var succs = fn.nodes[n].succs
            if case .branch(let c, _, _) = fn.nodes[n].kind, let k = failedSide(c), k < succs.count { succs.remove(at: k) }
            for s in succs where seen.insert(s).inserted {
                switch fn.nodes[s].kind {
                case .exit: return true
                case .event(.ret(let v, _)):
                    if let v, heldMember(v, aliases)?.1 == f { continue }
                    return true
                case .event(.call(let d)):
                    if let x = effect(d), !x.gains, x.fact == fact, heldMember(x.arg, aliases)?.1 == f { continue }
                default: break
                }
                work.append(s)
            }
        }
        return false
    }

    /// The member of a parameter every reference-carrying return of `key` hands back
    /// (`return bo->mm;` after pinning it), if one.
    private func returnedMember(_ key: String) -> Field? {
        guard let fn = index.functions[key] else { return nil }
        let aliases = memberAliases(fn, copies: true)
        var field: Field?
        for n in fn.nodes {
            guard case .event(.ret(let v?, _)) = n.kind, case .path = v else { continue }
            guard let (p, f) = heldMember(v, aliases), case .param = p.base, field == nil || field == f else { return nil }
            field = f
        }
        return field
    }

    private func heldMember(_ e: Expr, _ aliases: [String: AccessPath]) -> (AccessPath, Field)? {
        guard case .path(let p) = e else { return nil }
        if p.fields.isEmpty, case .local(let name) = p.base, let q = aliases[name], let f = q.last { return (q, f) }
        guard let f = p.last, !p.fields.isEmpty else { return nil }
        return (p, f)
    }
}
