import Facts
import Index

/// A function of the tree that takes a conditional pin (mmget_not_zero()) on what its
/// parameter `arg` reaches through `fields`, and returns whether it did: the caller holds the
/// pin on the true side of the result, or (`whenFalse`, the kernel's 0-or-errno convention) where
/// the result is zero.
struct PinWrapper: Hashable {
    var arg: Int
    var fields: [Field]
    var fact: String
    var whenFalse: Bool
    /// The out-parameter the pinned path is also handed back through (`*mmp = c->mm;`): the
    /// caller's local it points to is that path.
    var copiedTo: Int? = nil
}

extension FamilyContext {
    /// `fn` as a pin wrapper: one pin call on a parameter's path (directly, or through a local
    /// every assignment of which is that path), no other reference call, and results that say
    /// the pin: every exit holding it returns a non-zero constant and every other exit zero or
    /// the pin's own result (taken when true), or every exit holding it returns 0 and every
    /// other a negative constant (taken when zero). Nil for anything else.
    func pinWrapper(_ fn: FunctionFacts, pins: Set<String>) -> PinWrapper? {
        guard fn.returnType != "void", !fn.returnType.contains("*") else { return nil }
        var pin: CallSite?
        for n in fn.nodes {
            guard case .event(.call(let c)) = n.kind, refCall(c) != nil else { continue }
            guard pin == nil, pins.contains(c.name) else { return nil }   // one pin, nothing else taken or dropped
            pin = c
        }
        guard let pin, case .path(let spelled)? = pin.args.first, let (arg, fields) = parameterPath(spelled, in: fn),
              let fact = refCalls[pin.name]?.fact else { return nil }
        // The pin handed on to an object of the function's own (`it->mm = mm;
        // schedule_work(&it->work); return 0;`): the reference is the work item's, not the caller's.
        guard !handsOn(fn, arg: arg, fields: fields) else { return nil }
        let walk = PinResultWalk(fn: fn, pin: pin.id)
        guard let exits = walk.exits(), !exits.isEmpty else { return nil }
        func isZero(_ e: Expr?) -> Bool { e == .int(0) || e == .null }
        func nonZeroConstant(_ e: Expr?) -> Bool { if case .int(let v)? = e { return v != 0 }; return false }
        func negative(_ e: Expr?) -> Bool { if case .int(let v)? = e { return v < 0 }; return false }
        let held = exits.filter(\.pinned), free = exits.filter { !$0.pinned }
        func pinResult(_ e: Expr?) -> Bool {
            if e == .call(pin.id) { return true }
            if case .path(let p)? = e, p.fields.isEmpty, case .local(let n) = p.base { return walk.resultLocals.contains(n) }
            return false
        }
        let returnsPin = free.contains { pinResult($0.ret) }
        let copied = copiedTo(fn, arg: arg, fields: fields)
        if held.allSatisfy({ nonZeroConstant($0.ret) }), free.allSatisfy({ isZero($0.ret) || pinResult($0.ret) }),
           !held.isEmpty || returnsPin {
            return PinWrapper(arg: arg, fields: fields, fact: fact, whenFalse: false, copiedTo: copied)
        }
        if !held.isEmpty, !free.isEmpty, held.allSatisfy({ $0.ret == .int(0) }), free.allSatisfy({ negative($0.ret) }) {
            return PinWrapper(arg: arg, fields: fields, fact: fact, whenFalse: true, copiedTo: copied)
        }
        return nil
    }

    /// The one out-parameter `fn` stores the pinned path into (`*mmp = c->mm;`), if any.
    private func copiedTo(_ fn: FunctionFacts, arg: Int, fields: [Field]) -> Int? {
        var out: Set<Int> = []
        for n in fn.nodes {
            guard case .event(.assign(let l, .path(let q), _, _, true)) = n.kind, l.fields.isEmpty, case .param(let k) = l.base,
                  let (a, f) = parameterPath(q, in: fn), a == arg, f == fields else { continue }
            out.insert(k)
        }
        return out.count == 1 ? out.first : nil
    }

    /// Does `fn` store the pinned path into a member of an object a local of its own points to?
    private func handsOn(_ fn: FunctionFacts, arg: Int, fields: [Field]) -> Bool {
        func ofParameter(_ e: Expr?) -> Bool {
            if case .path(let p)? = e { return parameterPath(p, in: fn) != nil }
            return false
        }
        return fn.nodes.contains { n in
            guard case .event(.assign(let l, .path(let q), _, _, _)) = n.kind, !l.fields.isEmpty, case .local = l.base,
                  !ofParameter(fn.onlyAssignedValue(AccessPath(base: l.base))),
                  let (a, f) = parameterPath(q, in: fn) else { return false }
            return a == arg && f == fields
        }
    }

    /// The parameter and the members a path reaches from it (`c->mm`; a local holding `c->mm`).
    private func parameterPath(_ p: AccessPath, in fn: FunctionFacts) -> (Int, [Field])? {
        if case .param(let k) = p.base { return (k, p.fields) }
        guard case .local = p.base else { return nil }
        guard case .path(let q)? = fn.onlyAssignedValue(AccessPath(base: p.base)), case .param(let k) = q.base else { return nil }
        return (k, q.fields + p.fields)
    }
}

/// Every way through a function to a return, with whether the pin call's result was true on it
/// (its branches read by ConditionLeaves: `if (!pin)`, a local holding the result, `== 0`).
struct PinResultWalk: ConditionLeaves {
    let fn: FunctionFacts
    let pin: Int
    /// The locals every assignment of which is the pin's result.
    let resultLocals: Set<String>
    var conditionDepthLimit: Int? { 8 }

    init(fn: FunctionFacts, pin: Int) {
        self.fn = fn; self.pin = pin
        var locals: Set<String> = []
        for n in fn.nodes {
            guard case .event(.assign(let l, .call(let id), _, _, _)) = n.kind, id == pin, l.fields.isEmpty,
                  case .local(let name) = l.base, fn.onlyAssignment(l) != nil else { continue }
            locals.insert(name)
        }
        resultLocals = locals
    }

    /// (returned value, pinned) at each return reached; nil past a bound of states.
    func exits() -> [(ret: Expr?, pinned: Bool)]? {
        // A returned local's constant on the path (`int ret = mmget_not_zero(mm) ? 0 : -ESRCH;
        // … return ret;`): the return gives it.
        var returned: Set<String> = []
        for n in fn.nodes {
            if case .event(.ret(.path(let p)?, _)) = n.kind, p.fields.isEmpty, case .local(let name) = p.base { returned.insert(name) }
        }
        struct Visit: Hashable { var node: Int; var pinned: Bool; var values: [String: Int64] }
        var seen: Set<Visit> = [], stack = [Visit(node: 0, pinned: false, values: [:])], out: [(ret: Expr?, pinned: Bool)] = []
        while let v = stack.popLast() {
            guard seen.insert(v).inserted else { continue }
            if seen.count > 4096 { return nil }
            let n = fn.nodes[v.node]
            var values = v.values
            switch n.kind {
            case .event(.ret(let e, _)):
                if case .path(let p)? = e, p.fields.isEmpty, case .local(let name) = p.base, let k = values[name] {
                    out.append((.int(k), v.pinned))
                } else { out.append((e, v.pinned)) }
            case .event(.assign(let l, let r, _, _, _)) where l.fields.isEmpty:
                if case .local(let name) = l.base, returned.contains(name) {
                    if case .int(let k) = r { values[name] = k } else { values[name] = nil }
                }
            default: break
            }
            for (i, succ) in n.succs.enumerated() {
                var pinned = v.pinned
                if case .branch(let c, _, _) = n.kind, !walk(c, i == 0, &pinned) { continue }
                stack.append(Visit(node: succ, pinned: pinned, values: values))
            }
        }
        return out
    }

    func callTested(_ id: Int, _ truth: Bool, _ s: inout Bool, depth: Int) -> Bool {
        if id == pin { s = truth }
        return true
    }

    func pathTested(_ p: AccessPath, _ truth: Bool, _ s: inout Bool, depth: Int) -> Bool {
        if p.fields.isEmpty, case .local(let name) = p.base, resultLocals.contains(name) { s = truth }
        return true
    }

    func equalityTested(_ a: Expr, _ b: Expr, _ truth: Bool, _ s: inout Bool, depth: Int) -> Bool {
        let other = (a == .null || a == .int(0)) ? b : ((b == .null || b == .int(0)) ? a : nil)
        if let o = other { return walk(.truthy(o), !truth, &s, depth: depth + 1) }
        return true
    }
}
