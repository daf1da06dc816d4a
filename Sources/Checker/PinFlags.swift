import Facts
import Index

/// Flag members that record a try-pin of the same object's mm member: every non-zero store of
/// the flag is the pin's result (`r->live = mmget_not_zero(r->mm);`) or is made only where the
/// pin returned true (`if (mmget_not_zero(r->mm)) r->live = true;`); zero may be stored anywhere.
/// The object keeps mm_count in the member and mm_users only where the flag is set: a test of the
/// flag true, in any function, holds mm_users on the member (the f_fs completion shape with the
/// pin taken at submit: `if (r->live) { kthread_use_mm(r->mm); … mmput(r->mm); } mmdrop(r->mm);`).
extension Engine {
    /// Flag member → the mm member it tells the pin of. Built from the vocabulary's pins alone
    /// (no summaries), before the run's threads start.
    func buildPinFlags() -> [Field: Field] {
        var found: [Field: Field] = [:], other: Set<Field> = []
        func record(_ flag: Field, _ member: Field?) {
            guard let member, member.record == flag.record, found[flag].map({ $0 == member }) ?? true else { other.insert(flag); return }
            found[flag] = member
        }
        // The functions that try a pin first (the flags' candidates), then every other store of
        // a candidate anywhere: most trees have no candidate, and the second pass is skipped.
        let tries = vocab.apis.filter { $0.value.gains.contains { $0.fact == MMFact.users && $0.when == .true } }.keys
        let trying = index.calling(tries, orMacros: true)
        for key in trying.sorted() {
            guard let fn = index.functions[key] else { continue }
            var pins: [Int: AccessPath] = [:]
            for (id, c) in fn.callsByID {
                guard let cc = vocab.apis[c.name],
                      cc.gains.contains(where: { $0.fact == MMFact.users && $0.when == .true && $0.on.arg >= 0 }),
                      let g = cc.gains.first(where: { $0.fact == MMFact.users }), g.on.fields.isEmpty, g.on.arg < c.args.count,
                      case .path(let q) = c.args[g.on.arg] else { continue }
                pins[id] = q
            }
            for (i, n) in fn.nodes.enumerated() {
                guard case .event(.assign(let lhs, let rhs, _, _, let isMM)) = n.kind, !isMM, let flag = lhs.last,
                      index.mmStores[flag] == nil else { continue }
                switch rhs {
                case .int(0), .null: continue
                case .call(let id) where pins[id] != nil: record(flag, pinnedMember(of: lhs, pins[id]!, in: fn))
                case .int:
                    // (The first pin by call order: one guarding pin in practice, and the table stays
                    // the same from run to run if there are two.)
                    let guarding = pins.filter { pin in onlyAfterSuccess(fn, i, pin: pin.key) }.sorted { $0.key < $1.key }
                    if let q = guarding.first?.value { record(flag, pinnedMember(of: lhs, q, in: fn)) } else { other.insert(flag) }
                default:
                    // Any other value: a flag only if it is no member the analysis reads as one.
                    other.insert(flag)
                }
            }
        }
        let candidates = Set(found.keys).subtracting(other)
        guard !candidates.isEmpty else { return [:] }
        for key in index.sortedKeys where !trying.contains(key) {
            guard let fn = index.functions[key] else { continue }
            for n in fn.nodes {
                guard case .event(.assign(let lhs, let rhs, _, _, _)) = n.kind, let flag = lhs.last, candidates.contains(flag),
                      rhs != .int(0), rhs != .null else { continue }
                other.insert(flag)   // set with no try in sight
            }
        }
        return found.filter { !other.contains($0.key) }
    }

    /// The mm member of `flagPath`'s object that `pinned` is: the member itself (`r->mm` beside
    /// `r->live`), or a local this function stores into one (`mm` before `r->mm = mm`).
    private func pinnedMember(of flagPath: AccessPath, _ pinned: AccessPath, in fn: FunctionFacts) -> Field? {
        let object = Array(flagPath.fields.dropLast())
        if pinned.base == flagPath.base, pinned.fields.count == flagPath.fields.count, Array(pinned.fields.dropLast()) == object {
            return pinned.last.flatMap { index.mmStores[$0] != nil ? $0 : nil }
        }
        guard pinned.fields.isEmpty else { return nil }
        for n in fn.nodes {
            guard case .event(.assign(let l, .path(let v), _, _, true)) = n.kind, v == pinned, l.base == flagPath.base,
                  Array(l.fields.dropLast()) == object else { continue }
            return l.last
        }
        return nil
    }

    /// Is node `i` reached only through the true side of a test of pin call `pin`?
    private func onlyAfterSuccess(_ fn: FunctionFacts, _ i: Int, pin: Int) -> Bool {
        !fn.reaches(to: i, along: { m in
            let next = fn.nodes[m].succs
            guard case .branch(let c, _, _) = fn.nodes[m].kind, next.count == 2 else { return next }
            var x = c, truth = true
            while case .not(let inner) = x { x = inner; truth.toggle() }
            if case .truthy(.call(let id)) = x, id == pin { return [next[truth ? 1 : 0]] }
            return next
        })
    }
}
