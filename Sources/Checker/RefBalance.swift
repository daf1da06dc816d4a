import Facts
import Findings
import Index

// The reference-balance explorer behind mm-ref-imbalance (ref-balance) and
// unchecked-mmget-not-zero (pin-result): a path-sensitive walk of one function that follows
// each mm reference taken in it (mmgrab, mmget, mmget_not_zero's true branch, get_task_mm and
// friends) to the exits, and each drop (mmput, mmdrop, …) back to what it drops.
//
// What it reports, and why each is evidence:
// - a reference taken into a local that reaches an exit not dropped, not returned, not stored
//   and not handed to a function that could keep it (leak);
// - a reference on a member or parameter that reaches an exit not dropped, in a function that
//   drops the same reference on another path (the error path forgot it) — unless the exit
//   returns a constant no dropping exit returns (a getter: the return tells the caller);
// - an object freed on a path that did not drop the reference its member holds, in a function
//   that drops it on another path (every completion path must drop it);
// - a reference dropped twice on one path by two call sites with no new reference between;
// - a drop on the path where mmget_not_zero() returned false (refcount underflow);
// - mmget_not_zero() whose result is not used at all.
// A hand-off ends the walk for that reference: passing the mm or the object holding it to a
// function that is not an mm API (a work queue, a completion) may move the reference there.

struct RefHold: Hashable {
    var path: AccessPath
    var fact: String
    var loc: SourceLoc
    var api: String
    /// Taken through a local (`mm = x->mm; mmget(mm)`): a temporary pin, not the object's.
    var spelledLocal = false
    /// mmget_not_zero(): a pin for the duration of a use.
    var conditional = false
    /// The argument as written at the call (`io->mm`), for messages.
    var spelled = ""
    /// Handed back through an out-parameter (`err = get_mm(t, &mm)`): where it was not taken
    /// there is no reference, and no failed pin either.
    var outParam = false
    /// Taken on the result's false side (0-or-errno: an out-parameter taker, a pin helper)
    /// rather than its true side.
    var whenFalse = false
    /// Stored into a member of an object this path then freed (the free): nothing can drop it now.
    var orphanedAt: SourceLoc? = nil
    /// Handed back by a cancelled work item (`api` the cancel): its worker would have dropped it.
    var reclaimed = false
}

/// A reference stored into a member of an object a local names (`kvm->mm = current->mm;` after
/// `mmgrab(current->mm)`): the object keeps it — unless this path frees the object first.
struct KeptHold: Hashable {
    var hold: RefHold
    var holder: AccessPath
}

struct RefState: Hashable {
    var held: [String: RefHold] = [:]
    /// The references this path has taken or tried to (a pin pending, held, failed), by key:
    /// kept when the hold itself is handed on or forgotten.
    var tried: Set<String> = []
    /// The pin locals (RefExplorer.pinLocals) this path assigned.
    var assigned: Set<String> = []
    /// Dropped on this path (fact:path → where), and paths known NULL here.
    var dropped: [String: SourceLoc] = [:]
    var droppedNode: [String: Int] = [:]
    var failed: [String: SourceLoc] = [:]
    var nulls: Set<String> = []
    /// Locals this path assigned an error pointer (`mm = get_task_mm(t) ?: ERR_PTR(-ESRCH)` where
    /// the task had none): an error-pointer test of one is true here.
    var errorValues: Set<String> = []
    /// Handed to a callee that drops it or that mmlint cannot see: maybe dropped.
    var handed: Set<String> = []
    /// A conditional pin waiting for its test: `call:ID` or `local:NAME` → the pin it takes.
    var pending: [String: RefHold] = [:]
    var alias: [String: AccessPath] = [:]
    /// Locals whose truth value is known on this path (`bool put = false;`, a tested flag).
    var known: [String: Bool] = [:]
    /// Installed as the task's mm on this path (kthread_use_mm without kthread_unuse_mm yet).
    var installed: Set<AccessPath> = []
    /// Locals holding a truth value (`int __ret_warn_on = !!(!mm);`, powerpc's WARN_ON keeps
    /// its condition so for its inline asm): testing the local tests the condition.
    var tests: [String: Cond] = [:]
    /// A reference held by a local with a scope-based put, stored into a member or a global on
    /// this path (ref key → the holder and where): the put at the scope's end drops what the
    /// holder keeps, unless the local is emptied (no_free_ptr()) or the holder cleared first.
    var scopedStores: [String: ScopedStore] = [:]
    /// Parameters (as written: `mm`) this path stored into a member or a global (`w->mm = mm;`
    /// before queueing `w`): the reference it was handed went there.
    var storedAway: Set<String> = []
    /// References stored into a local object's member on this path (ref key → the hold and its
    /// holder): freeing the object on the path gives the hold back to the function (orphanedAt).
    var keptBy: [String: KeptHold] = [:]
    /// References a call was taken to keep (handed on with an object passed to it), by the call
    /// (`call:ID`) or the local its result went to (`local:NAME`): where the result is then
    /// found an error pointer or NULL (`t = kthread_run(fn, dev, …); if (IS_ERR(t))`), the call
    /// kept nothing and they are held again.
    var handedTo: [String: [String: RefHold]] = [:]
    /// Values this path stored into a member (the value's path → the member): a reference taken
    /// on the value afterwards is the member's (`per_mm->mm = mm; mmgrab(mm);`), as one taken
    /// through the member is (`c->mm = current->mm; mmgrab(c->mm);`).
    var storedInto: [String: AccessPath] = [:]
    /// The value of each word whose bits a test reads (RefExplorer.bitWords), where this path
    /// stored a constant into it and set or cleared bits since (`state = 0; … state |= HAVE_MM;`).
    var words: [String: Int64] = [:]
    var ret: Expr? = nil
    var retLoc: SourceLoc? = nil
}

struct ScopedStore: Hashable {
    var holder: AccessPath
    /// The holder as written (`c->mm`).
    var spelled: String
    var loc: SourceLoc
}

enum RefEventKind: String {
    case leak, doubleDrop = "double-drop", failedDrop = "drop-after-failed-pin", freedHolder = "freed-holder", ignoredPin = "ignored-pin"
    case skippedPin = "drop-without-pin"
}

struct RefEvent {
    var kind: RefEventKind
    var node: Int
    var loc: SourceLoc
    var target: AccessPath
    var fact: String
    var text: String
    var related: [Related]
    /// Explored-entry id of the witness (for the path).
    var entry: Int
}

final class RefExplorer {
    let fn: FunctionFacts
    let ctx: FamilyContext
    let frees: [String: Int]
    let calls: [Int: CallSite]
    var events: [String: RefEvent] = [:]
    /// Explored entries: node, parent entry.
    var entries: [(node: Int, parent: Int)] = []
    var exhausted = false
    /// Fact:path keys dropped somewhere in the function, with a location.
    var droppedSomewhere: [String: SourceLoc] = [:]
    /// Fact:path keys the function takes (or tries to) somewhere, with the first taker.
    var takenSomewhere: [String: (loc: SourceLoc, api: String)] = [:]
    var takerNodes: [String: Set<Int>] = [:]
    /// Drops on a path that neither holds the reference nor saw it fail or dropped before:
    /// a bug where the function takes that reference itself on another path (skippedPins()).
    /// `local`: the key of the local the drop is spelled through where it names another path on
    /// this one (`mm = async ? get_task_mm(t) : t->mm; … mmput(mm)`: the taker filled the local).
    var unheldDrops: [(key: String, node: Int, loc: SourceLoc, target: AccessPath, fact: String, text: String, entry: Int,
                       local: String?)] = []
    /// Every drop of a reference the path did not take (handed on before it or not): what a
    /// worker consumes (consumerLeaks()), first drop per reference.
    var givenDrops: [(key: String, node: Int, loc: SourceLoc, target: AccessPath, fact: String, text: String, entry: Int)] = []
    /// Parameters stored into a member or a global somewhere (RefState.storedAway), with where.
    var storedParams: [String: SourceLoc] = [:]
    /// Fact:path keys stored into a member or global somewhere (the reference moved there).
    var movedSomewhere: [String: SourceLoc] = [:]
    /// References held through a local's object when the local was given another (a loop's
    /// cursor moved on while `b->mm` is still pinned): judged after the walk (cursorLosses()).
    var movedOff: [(key: String, hold: RefHold, local: String, node: Int, loc: SourceLoc, entry: Int)] = []
    private var movedOffSeen: Set<String> = []
    var exits: [(state: RefState, entry: Int)] = []
    static let budget = 20_000
    /// Locals and members worth remembering the truth of (by spelling): tested by two branches,
    /// or set to a constant and tested (`put = true; … if (put) mmput(mm);`,
    /// `if (ifh->nr_file_filters)` twice). Other tests would only multiply states. A call is
    /// assumed not to change a tested member (a miss at worst).
    let flagLocals: Set<String>
    /// Locals given a conditional pin's result somewhere (`ok = mmget_not_zero(mm);`).
    let pinLocals: Set<String>
    /// Conditions written the same way at two branches or more, with no call in them (`if (flags &
    /// RW_BORROW)` before and after the use): while no local they read is assigned, the second
    /// takes the side the first took. (Those of a flag local alone are flagLocals'.)
    let repeatedConditions: Set<String>
    /// Words (locals, members, by spelling) whose bits a branch tests or another value reads
    /// (`if (state & HAVE_MM)`, `pinned = state & HAVE_MM`): their values are followed on each path.
    let bitWords: Set<String>
    /// Locals a function of the 0-or-errno convention returns (`return ret;` in an int function
    /// no return of which gives a positive constant): non-zero at a return, the local is an
    /// error (`ret = alloc(d); if (ret) goto err;`). Their truth and constants are followed.
    let errnoLocals: Set<String>
    /// Members whose NULL-ness matters: the ones this function drops (`if (io->mm) mmdrop(io->mm)`).
    let nullable: Set<String>
    /// The function's drops of member references (`mmdrop(x->mm)`), computed once.
    let memberDrops: [(fact: String, path: AccessPath, loc: SourceLoc)]
    /// The drops the function makes, by node: the fact and the path as written.
    let dropCalls: [(node: Int, fact: String, path: AccessPath)]
    /// Those of references the function does not take itself (the object's references).
    let objectDrops: [(fact: String, path: AccessPath, loc: SourceLoc)]
    /// Locals whose scope-based put drops a reference (`struct mm_struct *mm __free(mmput)`).
    let scopePuts: Set<String>

    /// The function is a callback whose references its table's other callback drops (a
    /// seq_file ->start's pin: seq_read() calls ->stop after every ->start, whatever it
    /// returned): what its returns keep on an object is no leak.
    let handsOff: Bool
    /// The calls that cancel a pending work item and return true where they did
    /// (`cancel_work_sync(&w->work)`): name → the argument naming the item.
    let cancels: [String: Int]

    init(fn: FunctionFacts, ctx: FamilyContext, frees: [String], handoffCallbacks: Set<String> = [], cancels: [String] = []) {
        self.fn = fn; self.ctx = ctx
        self.frees = callArguments(frees)
        self.cancels = callArguments(cancels)
        handsOff = !handoffCallbacks.isEmpty && (ctx.index.callbackUses[fn.key] ?? []).contains {
            $0.field.map { handoffCallbacks.contains($0.description) } ?? false
        }
        calls = fn.callsByID
        var tested: [String: Int] = [:], constant: Set<String> = []
        func local(_ c: Cond) -> String? {
            switch c {
            case .not(let x): return local(x)
            case .truthy(.path(let p)): return p.description
            default: return nil
            }
        }
        for n in fn.nodes {
            if case .branch(let c, _, _) = n.kind, let l = local(c) { tested[l, default: 0] += 1 }
            if case .event(.assign(let lhs, .int, _, _, _)) = n.kind { constant.insert(lhs.description) }
        }
        let errno = RefExplorer.errnoLocals(fn)
        errnoLocals = errno
        flagLocals = Set(tested.filter { $0.value >= 2 || constant.contains($0.key) }.keys).union(errno)
        var pins: Set<String> = []
        let calls = self.calls
        func pinCall(_ id: Int) -> Bool {
            guard let c = calls[id] else { return false }
            let conditional = ctx.refCall(c).map { $0.gains && $0.when != .always } ?? false
            return conditional || ctx.pinWrapper(of: c) != nil || ctx.outParamTakers[c.callee] != nil
        }
        // The calls a condition makes (through the tests it holds).
        func callIDs(_ c: Cond) -> [Int] {
            c.exprs.flatMap { e -> [Int] in
                if case .call(let id) = e { return [id] }
                if case .test(let x) = e { return callIDs(x) }
                return []
            }
        }
        // (Or a test that makes one: `pinned = c->mm && mmget_not_zero(c->mm);`.)
        func pinTest(_ c: Cond) -> Bool { callIDs(c).contains(where: pinCall) }
        let preds = fn.predecessors()
        // `pinned = c->mm && mmget_not_zero(c->mm);` is built as 1 and 0 stored on the two sides
        // of the test: a constant stored right after a branch on a pin.
        func afterPinBranch(_ i: Int) -> Bool {
            var frontier = preds[i]
            for _ in 0..<3 {
                var next: [Int] = []
                for p in frontier {
                    switch fn.nodes[p].kind {
                    case .branch(let c, _, _): if pinTest(c) { return true }
                    case .nop: next += preds[p]
                    default: break
                    }
                }
                frontier = next
            }
            return false
        }
        for (i, n) in fn.nodes.enumerated() {
            guard case .event(.assign(let lhs, let rhs, _, _, _)) = n.kind, lhs.fields.isEmpty,
                  case .local(let name) = lhs.base else { continue }
            if case .call(let id) = rhs, pinCall(id) { pins.insert(name) }
            if case .test(let c) = rhs, pinTest(c) { pins.insert(name) }
            if case .int = rhs, afterPinBranch(i) { pins.insert(name) }
        }
        pinLocals = pins
        var texts: [String: Int] = [:]
        // (Not one that calls: two calls may answer differently — a second mmget_not_zero().)
        for n in fn.nodes {
            if case .branch(let c, let text, _) = n.kind, local(c) == nil, callIDs(c).isEmpty, !text.isEmpty {
                texts[text, default: 0] += 1
            }
        }
        repeatedConditions = Set(texts.filter { $0.value >= 2 }.keys)
        var words: Set<String> = []
        func bitReads(_ c: Cond) {
            for e in c.exprs {
                if case .bits(let p, _, _) = e { words.insert(p.description) }
                if case .test(let x) = e { bitReads(x) }
            }
        }
        for n in fn.nodes {
            if case .branch(let c, _, _) = n.kind { bitReads(c) }
            if case .event(.assign(let l, .bits(let p, _, _), _, _, _)) = n.kind, l != p { words.insert(p.description) }
        }
        bitWords = words
        memberDrops = ctx.fieldDrops(fn)
        dropCalls = fn.nodes.indices.compactMap { i in
            guard case .event(.call(let c)) = fn.nodes[i].kind, let rc = ctx.refCall(c), !rc.gains, rc.arg >= 0, rc.arg < c.args.count,
                  case .path(let p) = c.args[rc.arg] else { return nil }
            return (i, rc.fact, p)
        }
        // (Not a drop of mm_users made only where the member's pin flag is set: the flag's pin,
        // taken where the flag was set, not a reference the object keeps.)
        let flagged = RefExplorer.pinFlagDrops(fn, dropCalls, ctx.engine)
        objectDrops = memberDrops.filter { d in
            !ctx.acquires(fn, d.fact, d.path) && !flagged.contains { $0.fact == d.fact && $0.path == d.path && $0.loc == d.loc }
        }
        nullable = Set(memberDrops.map { $0.path.description })
        scopePuts = Set(fn.nodes.compactMap { n -> String? in
            guard case .event(.call(let c)) = n.kind, c.isCleanup, let rc = ctx.refCall(c), !rc.gains, rc.arg < c.args.count,
                  case .path(let p) = c.args[rc.arg], p.fields.isEmpty, case .local(let name) = p.base else { return nil }
            return name
        })
    }

    static func key(_ fact: String, _ p: AccessPath) -> String { fact + ":" + p.description }

    /// The mm_users drops of `fn` on a member reached only where a test found the member's pin
    /// flag set (`if (r->live) mmput(r->mm);`, PinFlags).
    static func pinFlagDrops(_ fn: FunctionFacts, _ drops: [(node: Int, fact: String, path: AccessPath)],
                             _ engine: Engine) -> [(fact: String, path: AccessPath, loc: SourceLoc)] {
        drops.compactMap { d in
            guard d.fact == MMFact.users, case .event(.call(let c)) = fn.nodes[d.node].kind,
                  guardedByPinFlag(fn, d.node, d.path, engine) else { return nil }
            return (d.fact, d.path, c.loc)
        }
    }

    /// Is the drop at node `n` made only where its member's pin flag is set (the member as the
    /// drop writes it)?
    func flagGuardedDrop(_ n: Int) -> Bool {
        guard !ctx.engine.pinFlags.isEmpty, let d = dropCalls.first(where: { $0.node == n }), d.fact == MMFact.users else { return false }
        return RefExplorer.guardedByPinFlag(fn, n, d.path, ctx.engine)
    }

    /// Is node `i` reached only where a test found the pin flag of member `path` set?
    static func guardedByPinFlag(_ fn: FunctionFacts, _ i: Int, _ path: AccessPath, _ engine: Engine) -> Bool {
        guard let m = path.last, !engine.pinFlags.isEmpty else { return false }
        let object = Array(path.fields.dropLast())
        return !fn.reaches(to: i, along: { n in
            let next = fn.nodes[n].succs
            guard case .branch(var x, _, _) = fn.nodes[n].kind, next.count == 2 else { return next }
            var truth = true
            while case .not(let inner) = x { x = inner; truth.toggle() }
            if case .truthy(.path(let q)) = x, q.base == path.base, Array(q.fields.dropLast()) == object,
               let f = q.last, engine.pinFlag(f) == m { return [next[truth ? 1 : 0]] }
            return next
        })
    }

    func resolve(_ e: Expr, _ s: RefState) -> AccessPath? {
        guard case .path(let p) = e else { return nil }
        return resolve(p, s)
    }
    func resolve(_ p: AccessPath, _ s: RefState) -> AccessPath {
        if case .local(let n) = p.base, let a = s.alias[n] { return AccessPath(base: a.base, fields: a.fields + p.fields) }
        return p
    }
    func isRunningTaskMM(_ p: AccessPath) -> Bool { ctx.vocab.isRunningTaskMM(p) }
    func isLocal(_ p: AccessPath) -> Bool {
        if case .local = p.base { return p.fields.isEmpty }
        return false
    }

    /// Functions an mm can be passed to without being kept: the vocabulary (its error-pointer
    /// tests too: IS_ERR_OR_NULL returns a test of its argument, not the argument), the rules'
    /// operations, the lock table and its trylocks, and functions whose bodies neither store, return, drop nor
    /// pass on that parameter.
    func keeps(_ c: CallSite, arg i: Int, depth: Int = 0) -> Bool {
        if keepsNothing(c) || ctx.vocab.errorPointerTests.contains(c.name) { return false }
        guard let callee = ctx.index.functions[c.callee], depth < 3 else { return true }
        return ctx.paramEscapes(callee, i, depth: depth + 1) { cc, j, d in self.keeps(cc, arg: j, depth: d) }
    }

    /// Calls known to keep nothing they are passed: the vocabulary's, the rules' operations, the
    /// lock table's locks and its trylocks (`mmap_read_trylock(mm)`, `task_unlock(p)`), the error
    /// pointer tests (`IS_ERR_OR_NULL(info)` of an object holding a reference).
    private func keepsNothing(_ c: CallSite) -> Bool {
        ctx.vocab.apis[c.name] != nil || ctx.knownOperations.contains(c.name) || ctx.lockTable[c.name] != nil
            || ctx.vocab.trylocks[c.name] != nil || ctx.vocab.errorPointerTests.contains(c.name)
            || ctx.vocab.keepNothing.contains(c.name) || c.macro.map(ctx.vocab.keepNothing.contains) ?? false
    }

    func record(_ kind: RefEventKind, _ n: Int, _ loc: SourceLoc, _ t: AccessPath, _ fact: String, _ text: String,
                _ related: [Related], entry: Int) {
        let k = "\(kind.rawValue)|\(n)|\(RefExplorer.key(fact, t))"
        // (A loop's cursor reached through several paths names one reference as written: one
        // report, not one per path the walk resolved it to.)
        if events[k] == nil, !events.values.contains(where: { $0.kind == kind && $0.node == n && $0.text == text }) {
            events[k] = RefEvent(kind: kind, node: n, loc: loc, target: t, fact: fact, text: text, related: related, entry: entry)
        }
    }

    /// The local's old value forgotten; returns the local that inherited it (inherit()).
    @discardableResult
    func forget(local name: String, _ s: inout RefState) -> String? {
        func through(_ k: String) -> Bool {
            let d = k.split(separator: ":", maxSplits: 1).last.map(String.init) ?? k
            return d == name || d.hasPrefix(name + "->")
        }
        let heir = inherit(local: name, &s)
        // Other locals that named a member of the old object through this one (`____ptr =
        // pos->link.next`) and no local inherited it: the name no longer reaches that object.
        if !s.alias.isEmpty { s.alias = s.alias.filter { $0.value.base != .local(name) } }
        s.held = s.held.filter { !through($0.key) }
        s.dropped = s.dropped.filter { !through($0.key) }
        s.droppedNode = s.droppedNode.filter { !through($0.key) }
        s.failed = s.failed.filter { !through($0.key) }
        s.nulls = s.nulls.filter { $0 != name && !$0.hasPrefix(name + "->") }
        s.handed = s.handed.filter { !through($0) }
        s.scopedStores = s.scopedStores.filter { !through($0.key) }
        if !s.keptBy.isEmpty { s.keptBy = s.keptBy.filter { !through($0.value.holder.description) } }
        if !s.storedInto.isEmpty { s.storedInto = s.storedInto.filter { !through($0.key) && !through($0.value.description) } }
        s.pending["local:" + name] = nil
        s.handedTo["local:" + name] = nil
        s.alias[name] = nil
        s.known = s.known.filter { $0.key != name && !$0.key.hasPrefix(name + "->") }
        // A stored test is about the values it read: a new value of one of them voids it.
        if !s.tests.isEmpty { s.tests = s.tests.filter { k, c in k != name && !c.reads(local: name) } }
        return heir
    }

    /// A word whose bits are tested given a new value: a constant, or its bits set or cleared
    /// where the old value is known; anything else, unknown.
    private func storeWord(_ lhs: AccessPath, _ rhs: Expr, _ s: inout RefState) {
        let key = lhs.description
        guard bitWords.contains(key) || errnoLocals.contains(key) else { return }
        switch rhs {
        case .int(let v): s.words[key] = v
        // `err = PTR_ERR(p);`: a negative code the path does not tell.
        case .call(let id) where isErrorCode(id): s.words[key] = -1
        case .bits(let src, let set, let keep): s.words[key] = s.words[src.description].map { ($0 & keep) | set }
        default: s.words[key] = nil
        }
    }

    /// A local about to get a new value, that other locals copied (`prev = mm; mm =
    /// get_task_mm(b);`): the references it held, on it or on a member of its object (`b =
    /// tmp; … mmget_not_zero(tmp->mm); tmp = next;`), stay with the copy (the first, by name;
    /// the others now copy that one). Returns the copy.
    private func inherit(local name: String, _ s: inout RefState) -> String? {
        let old = AccessPath(base: .local(name), fields: [])
        guard let heir = s.alias.filter({ $0.value == old }).keys.min() else { return nil }
        let to = AccessPath(base: .local(heir), fields: [])
        s.alias[heir] = nil
        for (k, v) in s.alias where v.base == old.base { s.alias[k] = AccessPath(base: to.base, fields: v.fields) }
        func rebased(_ k: String) -> String? {
            guard let colon = k.firstIndex(of: ":") else { return nil }
            let fact = String(k[..<colon]), d = k[k.index(after: colon)...]
            if d == name { return RefExplorer.key(fact, to) }
            return d.hasPrefix(name + "->") ? fact + ":" + heir + d.dropFirst(name.count) : nil
        }
        for (k, h) in s.held {
            if let nk = rebased(k) { var h2 = h; h2.path = AccessPath(base: to.base, fields: h.path.fields); s.held[nk] = h2 }
        }
        for (k, v) in s.dropped { if let nk = rebased(k) { s.dropped[nk] = v } }
        for (k, v) in s.droppedNode { if let nk = rebased(k) { s.droppedNode[nk] = v } }
        for (k, v) in s.failed { if let nk = rebased(k) { s.failed[nk] = v } }
        for k in s.handed { if let nk = rebased(k) { s.handed.insert(nk) } }
        for k in s.tried { if let nk = rebased(k) { s.tried.insert(nk) } }
        if s.nulls.contains(name) { s.nulls.insert(heir) }
        for x in s.nulls where x.hasPrefix(name + "->") { s.nulls.insert(heir + x.dropFirst(name.count)) }
        return heir
    }

    /// A local that holds a reference given a new value while no other local copies it
    /// (`mm = get_task_mm(a); … mm = get_task_mm(b);`), or a member that holds one this function
    /// took (`dev->mm = get_task_mm(current); … dev->mm = NULL;`, an error path clearing it
    /// before the put): that reference can no longer be dropped. (A member's reference moved
    /// to another holder, or dropped, is no longer held; one a local still names is kept.)
    /// A store to an array element by an index that is not a constant (`t->mms[i] = …` in a
    /// loop) may fill another slot: not a loss.
    private func overwritten(_ lhs: AccessPath, _ rhs: Expr, at n: Int, _ loc: SourceLoc, _ s: RefState, entry: Int) -> [String] {
        guard isLocal(lhs) || !lhs.fields.isEmpty, !s.held.isEmpty, !s.alias.values.contains(lhs), !fn.elementStores.contains(loc),
              !s.nulls.contains(lhs.description), resolve(rhs, s) != lhs else { return [] }
        var lost: [String] = []
        // A local with a scope-based put, handed to a callee that may keep it, emptied
        // (`mm = NULL;`: the put disarmed) has handed its reference on; given another value, it
        // loses it.
        let emptied = rhs == .null || rhs == .int(0)
        for (k, h) in s.held.sorted(by: { $0.key < $1.key })
        where h.path == lhs && !(s.handed.contains(k) && (emptied || !isScopePut(h.path))) {
            record(.leak, n, loc, h.path, h.fact,
                   "the reference \(h.api)() took at line \(h.loc.line) into `\(h.spelled)` is lost here: `\(h.spelled)` is given "
                       + "a new value while it holds the reference, and nothing else holds it",
                   [Related(file: h.loc.file, line: h.loc.line, message: "reference taken here")], entry: entry)
            lost.append(k)
        }
        return lost
    }

    /// A local given a new value while a reference taken on a member of the object it pointed
    /// to is held (`xa_for_each(&xa, i, c) { if (!mmget_not_zero(c->mm)) continue; if
    /// (c->paused) continue; …; mmput(c->mm); }`: the cursor moves on), and no other local names
    /// that object: the function can no longer drop it. The object is the local, or the path it
    /// names: a cursor copied from a list head holds the reference on the head's path
    /// (hlist_for_each_entry()'s `pos`, through the macro's `?:` temporary).
    private func noteMovedOff(_ name: String, at n: Int, _ loc: SourceLoc, _ s: RefState, entry: Int) {
        let object = s.alias[name] ?? AccessPath(base: .local(name), fields: [])
        for (k, h) in s.held.sorted(by: { $0.key < $1.key }) where h.path.starts(with: object) && h.path.fields.count > object.fields.count
            && !s.handed.contains(k) && s.keptBy[k] == nil {
            // (Not where another local still names the object, the way to the reference or
            // something under it, `mm = b->mm; mmget(mm)`: that local may drop it after. A
            // sibling member, the walk's next pointer `____ptr = b->link.next`, is no such way.
            // A shadowing local of the same name, in fs/proc/base.c's __set_oom_adj(), looks
            // like that too.)
            guard !s.alias.contains(where: { $0.key != name && (h.path.starts(with: $0.value) || $0.value.starts(with: h.path)) }),
                  movedOffSeen.insert("\(n)|\(k)").inserted else { continue }
            movedOff.append((k, h, name, n, loc, entry))
        }
    }

    /// movedOff's references, where the function drops the same one on another path (a pin it
    /// means to put, as leaks() asks of a member's).
    func cursorLosses() {
        // One report per reference taken, and none for one an exit already reports held.
        var reported = Set(events.values.filter { $0.kind == .leak }.compactMap { e in
            e.related.first.map { "\(e.fact)|\($0.file):\($0.line)" }
        })
        for m in movedOff where m.hold.conditional || m.hold.spelledLocal {
            let h = m.hold
            guard let d = droppedSomewhere[m.key], reported.insert("\(h.fact)|\(h.loc.file):\(h.loc.line)").inserted else { continue }
            // The cursor as written (a macro's temporary, `____ptr`, is not).
            let plain = m.local.first.map { $0.isLetter } == true && m.local.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            let object = plain ? m.local : h.spelled.components(separatedBy: "->").first ?? h.spelled
            record(.leak, m.node, m.loc, h.path, h.fact,
                   "the reference \(h.api)() took at line \(h.loc.line) on `\(h.spelled)` is lost here: the walk moves `\(object)` on "
                       + "to the next object while it is held, and nothing else names the old one; line \(d.line) drops it on another path",
                   [Related(file: h.loc.file, line: h.loc.line, message: "reference taken here"),
                    Related(file: d.file, line: d.line, message: "dropped here on another path")], entry: m.entry)
        }
    }

    /// A local holding a conditional pin's result not tested yet, given a new value that does not
    /// read it (`ok = mmget_not_zero(mm); ok = !READ_ONCE(c->busy); if (!ok) …`): nothing can
    /// tell any more whether the reference was taken.
    private func overwrittenPin(_ lhs: AccessPath, _ rhs: Expr, at n: Int, _ loc: SourceLoc, _ s: RefState) {
        guard lhs.fields.isEmpty, case .local(let name) = lhs.base, let p = s.pending["local:" + name], !p.outParam else { return }
        func reads(_ e: Expr) -> Bool {
            switch e {
            case .path(let q): return q.base == .local(name)
            case .test(let c): return c.exprs.contains(where: reads)
            case .call(let id): return calls[id]?.args.contains(where: reads) ?? false
            default: return false
            }
        }
        guard !reads(rhs) else { return }
        record(.ignoredPin, n, p.loc, p.path, p.fact,
               "the result of \(p.api)(\(p.spelled)) is stored in `\(name)` and given a new value at line \(loc.line) before "
                   + "anything tests it: the reference is taken only when it returns " + (p.whenFalse ? "0" : "true"),
               [Related(file: loc.file, line: loc.line, message: "the result is overwritten here")], entry: -1)
    }

    func transfer(_ n: Int, _ s0: RefState, entry: Int) -> RefState {
        var s = s0
        switch fn.nodes[n].kind {
        case .event(.call(let c)):
            transferCall(c, at: n, &s, entry: entry)
        case .event(.assign(let lhs, let rhs, let text, let loc, let mmStore)):
            // (What is lost here is reported here: not again at the exit.)
            for k in overwritten(lhs, rhs, at: n, loc, s, entry: entry) where !lhs.fields.isEmpty { s.held[k] = nil }
            overwrittenPin(lhs, rhs, at: n, loc, s)
            if lhs.fields.isEmpty, case .local(let name) = lhs.base, !s.held.isEmpty { noteMovedOff(name, at: n, loc, s, entry: entry) }
            if lhs.fields.isEmpty, case .local = lhs.base {
                if case .call(let id) = rhs, let c = calls[id], ctx.vocab.errorPointers.contains(c.name) {
                    s.errorValues.insert(lhs.description)
                } else if !s.errorValues.isEmpty {
                    s.errorValues.remove(lhs.description)
                }
            }
            transferAssign(lhs, rhs, text: text, at: loc, node: n, mmStore: mmStore, &s)
        case .event(.ret(let e, let loc)):
            s.ret = e; s.retLoc = loc
            if let e = e, let rp = resolve(e, s) { for (k, h) in s.held where h.path == rp { s.held[k] = nil } }
            // An object looked up in the pinned mm and returned (`vma = find_vma(mm, addr); return
            // vma;`, a seq_file ->start): the pin goes with it, reachable as its vm_mm.
            for t in returnedBindings(e, at: n, s) { for (k, h) in s.held where h.path == t { s.held[k] = nil } }
            if case .call(let id)? = e { s.pending["call:\(id)"] = nil }
        default: break
        }
        return s
    }

    /// The paths a returned object is bound to by the vocabulary API it came from (`vma =
    /// find_vma(mm, a)` binds the vma's vm_mm to `mm`): the call returned directly, or every value
    /// of the local returned that reaches the return.
    func returnedBindings(_ e: Expr?, at n: Int, _ s: RefState) -> [AccessPath] {
        var values: [Expr] = []
        switch e {
        case .call?: values = [e!]
        case .path(let p)? where p.fields.isEmpty: if case .local = p.base { values = fn.valuesReaching(p, to: n) ?? [] }
        default: break
        }
        return values.flatMap { v -> [AccessPath] in
            // The vocabulary's contracts only: the walk runs beside the summaries (not read here).
            guard case .call(let id) = v, let c = fn.call(id), let k = ctx.vocab.apis[c.name] else { return [] }
            return k.binds.compactMap { b in
                guard b.path.arg < 0, !b.path.fields.isEmpty, b.to.arg >= 0, b.to.arg < c.args.count,
                      let a = resolve(c.args[b.to.arg], s) else { return nil }
                return AccessPath(base: a.base, fields: a.fields + b.to.fields)
            }
        }
    }

    /// The calls whose value the function reads (assigned, tested, passed, returned), the
    /// locals it reads, and the lines of its assignments, tests and returns (a call on one of
    /// those lines is taken as used: a macro may hide how).
    lazy var valueUses: (calls: Set<Int>, locals: Set<String>, lines: Set<Int>) = {
        var calls: Set<Int> = [], locals: Set<String> = [], lines: Set<Int> = []
        func add(_ e: Expr) {
            switch e {
            case .call(let id): calls.insert(id)
            case .test(let c): c.exprs.forEach(add)
            case .path(let p): if case .local(let n) = p.base { locals.insert(n) }
            default: break
            }
        }
        for n in fn.nodes {
            switch n.kind {
            case .event(.assign(let lhs, let rhs, _, let l, _)):
                add(rhs); lines.insert(l.line)
                if !lhs.fields.isEmpty, case .local(let n) = lhs.base { locals.insert(n) }
            case .event(.call(let c)): c.args.forEach(add)
            case .event(.ret(let e, let l)): if let e { add(e) }; lines.insert(l.line)
            case .branch(let c, _, let l): c.exprs.forEach(add); lines.insert(l.line)
            default: break
            }
        }
        return (calls, locals, lines)
    }()

    /// Calls that return a reference nothing reads (`get_task_mm(t);` as a statement), by call
    /// id → the fact: found once per function, reported where the walk reaches them.
    lazy var discardedTakes: [Int: String] = {
        var out: [Int: String] = [:]
        for n in fn.nodes {
            guard case .event(.call(let c)) = n.kind, !c.isCleanup, !valueUses.calls.contains(c.id),
                  !valueUses.lines.contains(c.loc.line) else { continue }
            let taken = ctx.refCalls[c.name].flatMap { $0.gains && $0.arg < 0 && $0.when == .always ? $0.fact : nil }
            if let fact = taken ?? ctx.acquiringWrappers[c.callee] { out[c.id] = fact }
        }
        return out
    }()

    /// A call: an API's effect on the task's mm and on stored references, then a reference call,
    /// a free of an object, or else the hand-offs of its arguments.
    private func transferCall(_ c: CallSite, at n: Int, _ s: inout RefState, entry: Int) {
        if let fact = discardedTakes[c.id] {
            record(.leak, n, c.loc, AccessPath(base: .ret(c.callee)), fact,
                   "the reference \(c.name)() returns is discarded: nothing can drop it", [], entry: entry)
        }
        if let api = ctx.vocab.apis[c.name] {
            if let i = api.installs, i < c.args.count, let t = resolve(c.args[i], s) { s.installed.insert(t) }
            if let i = api.uninstalls, i < c.args.count, let t = resolve(c.args[i], s) { s.installed.remove(t) }
            if let i = api.stores, i < c.args.count, let t = resolve(c.args[i], s) {
                for (k, h) in s.held where h.path == t { s.held[k] = nil }
            }
        }
        if let rc = ctx.refCall(c), rc.arg >= 0, rc.arg < c.args.count, var t = resolve(c.args[rc.arg], s) {
            var spelled = c.args[rc.arg]
            // (The member's: no temporary pin through a local.)
            if let m = s.storedInto[t.description],
               rc.gains ? rc.when == .always : s.held[RefExplorer.key(rc.fact, m)] != nil { t = m; spelled = .path(m) }
            transferReferenceCall(c, rc, spelled: spelled, target: t, at: n, &s, entry: entry)
            return
        }
        if let w = ctx.byCallee(ctx.memberDropWrappers, c, same: { $0 == $1 }), w.arg < c.args.count, let q = resolve(c.args[w.arg], s) {
            let t = AccessPath(base: q.base, fields: q.fields + [w.member])
            transferReferenceCall(c, (w.fact, false, .always, w.arg), spelled: .path(t), target: t, at: n, &s, entry: entry)
            return
        }
        if let ai = cancels[c.name], ai < c.args.count, c.argText(ai)?.hasPrefix("&") == true, let item = resolve(c.args[ai], s),
           let record = item.last?.record, let drop = ctx.workerDrops[record] {
            // Where it cancelled the item, its worker will not run: what the worker drops of the
            // item's object is this function's to drop (kvm_clear_async_pf_completion_queue():
            // `if (cancel_work_sync(&work->work)) { mmput(work->mm); …; kmem_cache_free(…, work); }`).
            let member = AccessPath(base: item.base, fields: Array(item.fields.dropLast()) + [drop.field])
            // (Spelled as the call names the object: `&work->work` → `work->mm`.)
            var spelled = member.description
            if let t = c.argText(ai)?.dropFirst(), let name = item.last?.name, t.hasSuffix(name), t.count > name.count {
                spelled = String(t.dropLast(name.count)) + drop.field.name
            }
            s.pending["call:\(c.id)"] = RefHold(path: member, fact: drop.fact, loc: c.loc, api: c.name,
                                                spelled: spelled, outParam: true, reclaimed: true)
            return
        }
        if let ai = frees[c.name] ?? ctx.freeWrappers[c.callee], ai < c.args.count, let obj = resolve(c.args[ai], s) {
            freed(obj, at: n, c, s, entry: entry)
            orphan(keptBy: obj, at: n, c, &s)
            return
        }
        if let w = ctx.pinWrapper(of: c), w.arg < c.args.count, let base = resolve(c.args[w.arg], s) {
            let t = AccessPath(base: base.base, fields: base.fields + w.fields)
            let text = c.argText(w.arg) ?? base.description
            s.pending["call:\(c.id)"] = RefHold(path: t, fact: w.fact, loc: c.loc, api: c.name, conditional: true,
                                                spelled: w.fields.reduce(text) { $0 + "->" + $1.name }, whenFalse: w.whenFalse)
            s.known["call:\(c.id)"] = nil
            // Handed back through an out-parameter too (`err = get_live(c, &mm)` storing `*mmp =
            // c->mm`): the caller's local is the pinned member.
            if let k = w.copiedTo, k < c.args.count, let a = resolve(c.args[k], s), a.fields.isEmpty, case .local(let name) = a.base {
                forget(local: name, &s)
                s.alias[name] = t
            }
            tried(RefExplorer.key(w.fact, t), c, n, &s)
            return
        }
        // A member filled through the parameter is the caller's to drop when the struct is its own
        // local (`err = prepare(&args, t); … mmput(args.mm);`).
        if let o = ctx.outParamTakers[c.callee], o.arg < c.args.count, let a = resolve(c.args[o.arg], s),
           o.fields.isEmpty || isLocal(a) {
            let t = AccessPath(base: a.base, fields: a.fields + o.fields)
            // `&args` filled as `args.mm` (a member of the caller's own struct), `p` as `p->mm`.
            let text = c.argText(o.arg) ?? a.description, local = !o.fields.isEmpty && text.hasPrefix("&")
            let spelled = o.fields.reduce(local ? String(text.dropFirst()) : text) { $0 + (local ? "." : "->") + $1.name }
            s.pending["call:\(c.id)"] = RefHold(path: t, fact: o.fact, loc: c.loc, api: c.name, conditional: true,
                                                spelled: spelled, outParam: true, whenFalse: o.whenFalse)
            tried(RefExplorer.key(o.fact, t), c, n, &s)
        }
        // Hand-offs: the held mm, or the object holding it, passed on.
        for (i, a) in c.args.enumerated() {
            guard let q = resolve(a, s) else { continue }
            handOffMemberDrops(c, arg: i, q, &s)
            handOffHeld(c, arg: i, q, at: n, &s)
        }
    }

    /// A call that takes (a pin) or drops a reference on its first argument; a drop after a
    /// failed pin or a second drop on the path is recorded.
    private func transferReferenceCall(_ c: CallSite, _ rc: (fact: String, gains: Bool, when: When, arg: Int), spelled a0: Expr,
                                       target t: AccessPath, at n: Int, _ s: inout RefState, entry: Int) {
        let k = RefExplorer.key(rc.fact, t)
        var spelledLocal = false
        if case .path(let sp) = a0 { spelledLocal = isLocal(sp) }
        let argText = c.argText(rc.arg) ?? t.description
        let hold = RefHold(path: t, fact: rc.fact, loc: c.loc, api: c.name, spelledLocal: spelledLocal,
                           conditional: rc.when != .always, spelled: argText)
        if rc.gains {
            tried(k, c, n, &s)
            if rc.when == .always { s.held[k] = hold; s.dropped[k] = nil; s.droppedNode[k] = nil; s.failed[k] = nil }
            else if rc.when == .true { s.pending["call:\(c.id)"] = hold; s.known["call:\(c.id)"] = nil }
            return
        }
        droppedSomewhere[k] = droppedSomewhere[k] ?? c.loc
        let callText = "\(c.name)(\(argText))"
        if c.isCleanup, let st = s.scopedStores[k] {
            let v = argText.hasPrefix("&") ? String(argText.dropFirst()) : argText
            record(.doubleDrop, n, st.loc, t, rc.fact,
                   "`\(st.spelled)` keeps the reference `\(v)` holds, but the scope-based put of `\(v)` (\(c.name), declared at line "
                       + "\(c.loc.line)) drops it when the scope ends: the holder is left with no reference and its own drop "
                       + "underflows; hand it on with no_free_ptr(\(v))",
                   [Related(file: c.loc.file, line: c.loc.line, message: "declared with a scope-based put")], entry: entry)
            s.scopedStores[k] = nil
        }
        if s.held[k] == nil, s.failed[k] == nil, !s.tried.contains(k), !givenDrops.contains(where: { $0.key == k }) {
            givenDrops.append((k, n, c.loc, t, rc.fact, "\(c.name)(\(argText))", entry))
        }
        if !s.keptBy.isEmpty { s.keptBy = s.keptBy.filter { $0.key != k && $0.value.holder != t } }
        if s.held[k] != nil { s.held[k] = nil }
        else if let f = s.failed[k] {
            record(.failedDrop, n, c.loc, t, rc.fact, "\(callText) on the path where the pin at line \(f.line) failed",
                   [Related(file: f.file, line: f.line, message: "the pin failed here (false branch)")], entry: entry)
        } else if s.dropped[k] == nil, !s.tried.contains(k), !s.handed.contains(k), !s.nulls.contains(t.description) {
            // Only where that other path holds no reference anyone took (a task's or a vma's own mm
            // field): a member the function itself keeps a reference in (a seq iterator's
            // `curr_mm = info->mm` from the previous call) is dropped rightly.
            var local: String?
            let unbacked = t.base == .current || t.last.map { ["task", "vma"].contains(ctx.vocab.coreFields[$0]?.origin) } == true
            if unbacked, case .path(let sp) = a0, isLocal(sp), sp != t {
                let lk = RefExplorer.key(rc.fact, sp)
                if s.held[lk] == nil, s.failed[lk] == nil, !s.tried.contains(lk), s.dropped[lk] == nil { local = lk }
            }
            unheldDrops.append((k, n, c.loc, t, rc.fact, "\(c.name)(\(argText))", entry, local))
        } else if let first = s.dropped[k], let firstNode = s.droppedNode[k], firstNode != n {
            if c.isCleanup {
                // The scope's put runs whatever the code does: the explicit drop is the bug.
                let v = argText.hasPrefix("&") ? String(argText.dropFirst()) : argText
                record(.doubleDrop, firstNode, first, t, rc.fact,
                       "the reference dropped here is dropped again when the scope of `\(v)` ends: \(c.name)(&\(v)), "
                           + "its scope-based put (declared at line \(c.loc.line)); hand it on with no_free_ptr() or drop the explicit put",
                       [Related(file: c.loc.file, line: c.loc.line, message: "declared with a scope-based put")], entry: entry)
            } else {
                record(.doubleDrop, n, c.loc, t, rc.fact,
                       "\(callText) drops a reference already dropped at line \(first.line) on this path",
                       [Related(file: first.file, line: first.line, message: "first drop")], entry: entry)
            }
        }
        s.dropped[k] = c.loc; s.droppedNode[k] = n
    }

    /// The object holding a reference this function drops, passed to a callee that drops it (or
    /// that mmlint cannot see): counted as dropped on this path.
    private func handOffMemberDrops(_ c: CallSite, arg i: Int, _ q: AccessPath, _ s: inout RefState) {
        for (fact, p0, _) in memberDrops where !keepsNothing(c) {
            let p = resolve(p0, s)
            guard RefExplorer.isMember(p, of: q) else { continue }
            let callee = ctx.index.functions[c.callee]
            if callee == nil || ctx.refsMember(callee!, param: i, member: p.fields.last!, fact: fact) {
                s.handed.insert(RefExplorer.key(fact, p))
            }
        }
    }

    /// A held reference passed on: the mm itself to a callee that keeps it, or the object holding
    /// it (or a member of it, a work item), with which the reference may travel.
    private func handOffHeld(_ c: CallSite, arg i: Int, _ q: AccessPath, at n: Int, _ s: inout RefState) {
        for (k, h) in s.held {
            if q == h.path {
                // A temporary pin passed to a function mmlint cannot see, that this function
                // drops itself after the call (`if (!mmget_not_zero(e->mm)) continue; …
                // young = test_young(e->mm, page); … mmput_async(e->mm);`): a use, not a hand-off.
                if h.conditional, ctx.index.functions[c.callee] == nil, dropsLater(h, after: n) { continue }
                // A local whose scope puts it keeps its reference whatever the callee does; but
                // the callee may keep the pointer too (`xa_insert(&xa, id, mm, …)`), and then
                // the local is emptied to disarm the put (`mm = NULL;`, retain_and_null_ptr()):
                // that is the hand-off, not a lost reference.
                if keeps(c, arg: i) {
                    if isScopePut(h.path) { s.handed.insert(k) } else { s.held[k] = nil; handTo(c, k, h, &s) }
                }
                continue
            }
            let owner = h.path.fields.dropLast()
            guard !h.path.fields.isEmpty, q.base == h.path.base, q.fields.count >= owner.count,
                  Array(q.fields.prefix(owner.count)) == Array(owner) else { continue }
            if keepsNothing(c) { continue }
            if q.fields.count >= h.path.fields.count, Array(q.fields.prefix(h.path.fields.count)) == h.path.fields { continue }
            // A member's value (`kvm_is_error_hva(w->addr)`) is not the object: only the object
            // or a member's address (`&w->work`: container_of reaches it) can be kept.
            if q.fields.count > owner.count, let text = c.argText(i), !text.hasPrefix("&") { continue }
            if let callee = ctx.index.functions[c.callee] {
                let kept = ctx.refsMember(callee, param: i, member: h.path.fields.last!, fact: h.fact)
                    || (q.fields.count == owner.count && keeps(c, arg: i))
                if !kept { continue }
            }
            s.held[k] = nil
            handTo(c, k, h, &s)
        }
    }

    /// Remembers a hold the call was taken to keep, where its result is read (a test or a local
    /// may find it failed: creationTested); a call whose value nothing reads keeps no entry.
    private func handTo(_ c: CallSite, _ k: String, _ h: RefHold, _ s: inout RefState) {
        if valueUses.calls.contains(c.id) { s.handedTo["call:\(c.id)", default: [:]][k] = h }
    }

    /// The call's result (a call or the local holding it) found an error pointer or NULL (`failed`)
    /// or not: what it was handed is held again, or stays handed on.
    func creationTested(_ e: Expr, failed: Bool, _ s: inout RefState) {
        let key: String
        switch e {
        case .call(let id): key = "call:\(id)"
        case .path(let p) where p.fields.isEmpty: guard case .local(let n) = p.base else { return }; key = "local:" + n
        default: return
        }
        guard let hs = s.handedTo.removeValue(forKey: key), failed else { return }
        for (k, h) in hs where s.held[k] == nil { s.held[k] = h }
    }

    /// Does the function drop the reference `h` holds (as written at its pin) somewhere reachable
    /// from node `n`?
    func dropsLater(_ h: RefHold, after n: Int) -> Bool {
        dropCalls.contains { d in
            d.fact == h.fact && (d.path == h.path || d.path.description == h.spelled)
                && fn.reaches(from: n, to: d.node, along: { self.fn.nodes[$0].succs })
        }
    }

    /// `p` is a direct member of `object` (`object->f`).
    private static func isMember(_ p: AccessPath, of object: AccessPath) -> Bool {
        p.base == object.base && p.fields.count == object.fields.count + 1 && Array(p.fields.prefix(object.fields.count)) == object.fields
    }

    /// An assignment: a local gets a new value (a reference returned to it, a pending pin, a
    /// stored test, a flag, an alias); a store into a member or a global moves the reference.
    private func transferAssign(_ lhs: AccessPath, _ rhs: Expr, text: String, at loc: SourceLoc, node n: Int, mmStore: Bool,
                                _ s: inout RefState) {
        let rp = resolve(rhs, s)
        if !bitWords.isEmpty || !errnoLocals.isEmpty { storeWord(lhs, rhs, &s) }
        if !lhs.fields.isEmpty { s.known[lhs.description] = nil }
        if lhs.fields.isEmpty, case .local(let name) = lhs.base, pinLocals.contains(name) { s.assigned.insert(name) }
        // A parameter given a new value (`info = free_map_info(info);` walking the list it was
        // handed): what the path knew of the old object's members is not the new one's.
        if lhs.fields.isEmpty, case .param(let i) = lhs.base { forget(local: "arg\(i)", &s) }
        if lhs.fields.isEmpty, case .local(let name) = lhs.base, !repeatedConditions.isEmpty {
            for k in s.known.keys where k.hasPrefix("cond:") && RefExplorer.names(k, name) { s.known[k] = nil }
        }
        if lhs.fields.isEmpty, case .local(let name) = lhs.base {
            if s.held.isEmpty, s.alias[name] == nil, s.pending.isEmpty, rp == nil, s.known.isEmpty, s.tests.isEmpty, rhs == .other {
                return   // nothing known about the local, nothing learned: keep the state as is
            }
            let heir = forget(local: name, &s)
            // `b = b->next`: the old object is the heir's now, or has no name left.
            let rp = rp.flatMap { p -> AccessPath? in
                guard p.base == lhs.base else { return p }
                return heir.map { AccessPath(base: .local($0), fields: p.fields) }
            }
            if !s.handedTo.isEmpty {
                if case .call(let id) = rhs, let hs = s.handedTo.removeValue(forKey: "call:\(id)") { s.handedTo["local:" + name] = hs }
                if case .path(let src) = rhs, src.fields.isEmpty, case .local(let l) = src.base, let hs = s.handedTo["local:" + l] {
                    s.handedTo["local:" + name] = hs
                }
            }
            if case .call(let id) = rhs, let c = calls[id] {
                if let rc = ctx.refCalls[c.name], rc.gains, rc.arg < 0 {
                    s.held[RefExplorer.key(rc.fact, lhs)] = RefHold(path: lhs, fact: rc.fact, loc: c.loc, api: c.name,
                                                                    spelled: lhs.description)
                    tried(RefExplorer.key(rc.fact, lhs), c, n, &s)
                } else if let fact = ctx.acquiringWrappers[c.callee] {
                    s.held[RefExplorer.key(fact, lhs)] = RefHold(path: lhs, fact: fact, loc: c.loc, api: c.name, spelled: lhs.description)
                    tried(RefExplorer.key(fact, lhs), c, n, &s)
                } else if let p = s.pending["call:\(id)"] {
                    s.pending["local:" + name] = p
                }
            } else if case .test(let c) = rhs {
                s.tests[name] = c
            } else if case .bits(let src, let set, let keep) = rhs, src != lhs {
                // `pinned = state & HAVE_MM;`: testing it tests the bit — as it is now, where the
                // path knows the word (a later `state &= ~HAVE_MM` does not change the copy).
                s.tests[name] = .truthy(s.words[src.description].map { .int(($0 & keep) | set) } ?? rhs)
            } else if case .int(let v) = rhs, flagLocals.contains(name) {
                s.known[name] = v != 0
            } else if let rp = rp, rp.fields.count <= 3 {
                // Bounded: a list walk (`pos = pos->next`) would grow the path forever.
                s.alias[name] = rp
            }
        } else if case .int(let v) = rhs, flagLocals.contains(lhs.description) {
            s.known[lhs.description] = v != 0
        } else if case .call(let id) = rhs, let c = calls[id], let rc = ctx.refCalls[c.name], rc.gains, rc.arg < 0,
                  rc.when == .always {
            // `x->mm = get_task_mm(t)`: the object holds what the call took.
            let k = RefExplorer.key(rc.fact, lhs)
            s.held[k] = RefHold(path: lhs, fact: rc.fact, loc: c.loc, api: c.name, spelled: lhs.description)
            s.dropped[k] = nil; s.droppedNode[k] = nil; s.failed[k] = nil
            tried(k, c, n, &s)
        } else if let rp = rp {
            if case .param = rp.base, rp.fields.isEmpty {
                s.storedAway.insert(rp.description)
                storedParams[rp.description] = storedParams[rp.description] ?? loc
            }
            // Stored into a member or a global: the reference moves with it (from a local with a
            // scope-based put: remembered, the put is coming). Stored a second time, it is kept
            // by more than the first object.
            if !s.keptBy.isEmpty { s.keptBy = s.keptBy.filter { $0.value.hold.path != rp } }
            if !s.storedInto.isEmpty { s.storedInto = s.storedInto.filter { $0.value != lhs } }
            // (Only an mm stored into an mm member: other stores keep no entry in every path's state.)
            if mmStore, !lhs.fields.isEmpty { s.storedInto[rp.description] = lhs }
            for (k, h) in s.held where h.path == rp {
                s.held[k] = nil; movedSomewhere[k] = movedSomewhere[k] ?? loc
                if lhs.fields.count == 1, case .local = lhs.base, h.orphanedAt == nil { s.keptBy[k] = KeptHold(hold: h, holder: lhs) }
                if isScopePut(rp) {
                    let spelled = text.components(separatedBy: "=").first?.trimmingCharacters(in: .whitespaces) ?? ""
                    s.scopedStores[k] = ScopedStore(holder: lhs, spelled: spelled.isEmpty ? lhs.description : spelled, loc: loc)
                }
            }
        }
        if !lhs.fields.isEmpty || { if case .global = lhs.base { return true }; return false }() {
            s.scopedStores = s.scopedStores.filter { $0.value.holder != lhs || $0.value.loc == loc }
        }
    }

    func isScopePut(_ p: AccessPath) -> Bool {
        if p.fields.isEmpty, case .local(let name) = p.base { return scopePuts.contains(name) }
        return false
    }

    /// The object freed held references this path stored into it (RefState.keptBy): they are
    /// the function's again, and no drop is left to anyone else (unless freed() reported the free).
    func orphan(keptBy obj: AccessPath, at n: Int, _ c: CallSite, _ s: inout RefState) {
        guard !s.keptBy.isEmpty else { return }
        for (k, kept) in s.keptBy where RefExplorer.isMember(kept.holder, of: obj) {
            s.keptBy[k] = nil
            if s.held[k] != nil || events.values.contains(where: { $0.kind == .freedHolder && $0.node == n }) { continue }
            var h = kept.hold
            h.orphanedAt = c.loc
            s.held[k] = h
        }
    }

    func freed(_ obj: AccessPath, at n: Int, _ c: CallSite, _ s: RefState, entry: Int) {
        // The object's argument as written (kmem_cache_free()'s second).
        let freedText = c.argText(frees[c.name] ?? ctx.freeWrappers[c.callee] ?? 0) ?? obj.description
        for (fact, p0, loc) in objectDrops {
            let p = resolve(p0, s)
            guard RefExplorer.isMember(p, of: obj) else { continue }
            let key = RefExplorer.key(fact, p)
            if s.dropped[key] != nil || s.handed.contains(key) || s.nulls.contains(p.description) { continue }
            if s.held[key] != nil || s.failed[key] != nil { continue }
            let counter = fact == MMFact.users ? "mm_users" : "mm_count"
            // The drop on the other path is of another object where the local naming it was
            // given its value elsewhere (two loops over two lists, each with its `work`).
            if !sameValue(of: p0, at: n, asDropsOf: fact) { continue }
            // A local copy of the member dropped later on (`mm = kvm->mm; kfree(kvm); mmdrop(mm);`).
            if dropsCopyLater(of: p0, fact, after: n) { continue }
            let text = "\(c.name)(\(freedText)) frees the object while `\(p0.description)` still holds its "
                + "\(counter) reference on this path; line \(loc.line) drops it on another path"
            // (One event per member as written: paths naming the object through other locals —
            // a list walk's `info = next` — are one report.)
            if events.values.contains(where: { $0.kind == .freedHolder && $0.node == n && $0.text == text }) { continue }
            record(.freedHolder, n, c.loc, p, fact,
                   text, [Related(file: loc.file, line: loc.line, message: "the reference is dropped here on another path")], entry: entry)
        }
        // A reference this function took into the object's member, still held: freeing the
        // object loses it (unless a local still names the mm and can drop it).
        for (k, h) in s.held.sorted(by: { $0.key < $1.key }) where RefExplorer.isMember(h.path, of: obj) {
            guard !h.spelledLocal, !s.handed.contains(k), !s.alias.values.contains(h.path) else { continue }
            let counter = h.fact == MMFact.users ? "mm_users" : "mm_count"
            let whose = h.reclaimed ? "its worker would have dropped (\(h.api)() at line \(h.loc.line) cancelled it)"
                : "\(h.api)() took at line \(h.loc.line)"
            record(.freedHolder, n, c.loc, h.path, h.fact,
                   "\(c.name)(\(freedText)) frees the object while `\(h.spelled)` holds the \(counter) "
                       + "reference \(whose) on this path: nothing can drop it now",
                   [Related(file: h.loc.file, line: h.loc.line, message: "reference taken here")], entry: entry)
        }
    }

    /// Applies a branch outcome; false when the edge is infeasible.
    func apply(_ cond: Cond, _ truth: Bool, _ s: inout RefState) -> Bool {
        walk(cond, truth, &s)
    }

    func pin(_ p: RefHold, _ truth: Bool, _ s: inout RefState) {
        let k = RefExplorer.key(p.fact, p.path)
        if truth != p.whenFalse { s.held[k] = p; s.failed[k] = nil; s.dropped[k] = nil; s.droppedNode[k] = nil }
        else if !p.outParam { s.failed[k] = p.loc }
    }

    /// Breadth-first over (node, state): the first witness of each event is a shortest path.
    func run() {
        // The state's hash is computed once per state: the set re-hashes every key when it
        // grows, and hashing a RefState (its dictionaries) was most of this walk's time.
        struct Key: Hashable {
            var n: Int; var s: RefState; var h: Int
            init(n: Int, s: RefState) { self.n = n; self.s = s; var x = Hasher(); x.combine(n); x.combine(s); h = x.finalize() }
            func hash(into hasher: inout Hasher) { hasher.combine(h) }
            static func == (a: Key, b: Key) -> Bool { a.h == b.h && a.n == b.n && a.s == b.s }
        }
        var seen: Set<Key> = []
        var queue: [(Int, RefState, Int)] = [(0, RefState(), -1)]
        var head = 0
        while head < queue.count {
            let (n, s, parent) = queue[head]; head += 1
            if !seen.insert(Key(n: n, s: s)).inserted { continue }
            if seen.count > RefExplorer.budget { exhausted = true; return }
            let id = entries.count
            entries.append((n, parent))
            if n == 1 { exits.append((s, id)); continue }
            let out = transfer(n, s, entry: id)
            for (i, succ) in fn.nodes[n].succs.enumerated() {
                var e = out
                if case .branch(let cond, let text, _) = fn.nodes[n].kind {
                    if repeatedConditions.contains(text) {
                        let key = "cond:" + text
                        if let k = e.known[key], k != (i == 0) { continue }
                        e.known[key] = i == 0
                    }
                    if !apply(cond, i == 0, &e) { continue }
                }
                queue.append((succ, e, id))
            }
        }
        leaks()
        cursorLosses()
        ignoredPins()
        skippedPins()
        consumerLeaks()
    }

    /// A worker (or kernel thread) that drops a reference it never takes consumes what its
    /// queuer handed it (`mmput(apf->mm)` at the end of async_pf_execute()): once it runs,
    /// nobody else drops it, so a return that neither drops it nor hands it on leaks it. Not
    /// where the way to that return decides on the reference or its holder (`if (!w->mm)`), on
    /// a call's answer (a refcount, a helper's verdict) or on a value mmlint cannot read (a flag
    /// word): there the work may not own it.
    /// Also a function handed an mm parameter that it drops on some paths and stores away (into a
    /// work item it queues) on others — cpuset_migrate_mm()'s shape: it consumes the reference,
    /// so a path that does neither leaks it.
    func consumerLeaks() {
        guard !givenDrops.isEmpty else { return }
        let worker = ctx.engine.kernelThreadContext(fn) != nil
        var judged: Set<String> = []
        // (A reference another event here names — its holder freed, dropped twice — is reported once.)
        let named = Set(events.values.map { RefExplorer.key($0.fact, $0.target) })
        // (A put made only where the member's pin flag is set drops the pin the flag records: where
        // the flag is clear there is nothing to drop.)
        for d in givenDrops where takenSomewhere[d.key] == nil && !named.contains(d.key)
            && !flagGuardedDrop(d.node) && judged.insert(d.key).inserted {
            let stored = storedParams[d.target.description]
            guard worker || stored != nil else { continue }
            // A consumer: what its paths that dropped or stored the reference tested does not make it another's.
            let owned = worker ? [] : branchEdges { $0.dropped[d.key] != nil || $0.storedAway.contains(d.target.description) }
            for (s, id) in exits where s.dropped[d.key] == nil && s.held[d.key] == nil && !s.handed.contains(d.key)
                && !s.tried.contains(d.key) && !s.nulls.contains(d.target.description)
                && !decidesOwnership(id, d.target, s, besides: owned) && !s.storedAway.contains(d.target.description) {
                guard !handsHolder(id, d.target, s) else { continue }
                var related = [Related(file: d.loc.file, line: d.loc.line, message: "dropped here on another path")]
                let text: String
                if worker {
                    text = "this worker drops the reference it was handed on other paths (\(d.text) at line \(d.loc.line)) but returns "
                        + "here without dropping or handing it on: once the work has run, nobody else drops it"
                } else {
                    let at = stored!
                    related.append(Related(file: at.file, line: at.line, message: "stored away here on another path"))
                    text = "this function consumes the reference it was handed — it drops it (\(d.text) at line \(d.loc.line)) or "
                        + "stores it away (line \(at.line)) on other paths — but returns here with neither: nobody drops it"
                }
                record(.leak, exitNode(id), s.retLoc ?? lastLoc(id) ?? d.loc, d.target, d.fact, text, related, entry: id)
                break
            }
        }
    }

    /// Does a call on the way to exit entry `id` get the object holding `target`, or the address
    /// of a member embedded in it (`schedule_work(&w->work)`, `complete(&w->done)`: container_of()
    /// gives the holder back)? The reference may go on with it.
    func handsHolder(_ id: Int, _ target: AccessPath, _ s: RefState) -> Bool {
        guard !target.fields.isEmpty else { return false }
        let holder = AccessPath(base: target.base, fields: Array(target.fields.dropLast()))
        for n in pathNodes(id) {
            guard case .event(.call(let c)) = fn.nodes[n].kind, ctx.vocab.apis[c.name] == nil else { continue }
            for (i, a) in c.args.enumerated() {
                guard let q = resolve(a, s) else { continue }
                if (c.argText(i) ?? "").hasPrefix("&") && RefExplorer.isMember(q, of: holder) { return true }
                // The holder itself: to a function mmlint cannot see, or one that keeps it.
                if q == holder, ctx.index.functions[c.callee].map({ ctx.keepsObject($0, param: i, member: target.fields.last!) }) ?? true {
                    return true
                }
            }
        }
        return false
    }

    /// The last source location on the way to exit entry `id` (where a void function falls off its end).
    func lastLoc(_ id: Int) -> SourceLoc? {
        for n in pathNodes(id) {
            switch fn.nodes[n].kind {
            case .event(.call(let c)): return c.loc
            case .event(.assign(_, _, _, let loc, _)), .event(.ret(_, let loc)), .branch(_, _, let loc): return loc
            default: continue
            }
        }
        return nil
    }

    /// Does a branch on the way to exit entry `id` test something other than plain values
    /// unrelated to `target` (the reference, its holder, a call's answer, an opaque value)? Not
    /// one that went the way it goes on a path that owned the reference (`owned`: branch edges).
    func decidesOwnership(_ id: Int, _ target: AccessPath, _ s: RefState, besides owned: Set<[Int]> = []) -> Bool {
        func related(_ p: AccessPath) -> Bool {
            let r = resolve(p, s)
            return r == target || RefExplorer.isMember(r, of: target) || RefExplorer.isMember(target, of: r)
                || ctx.localCopies(fn)[p.description].map { $0 == target } == true
        }
        func plain(_ c: Cond) -> Bool {
            if case .opaque = c { return false }
            if case .not(let x) = c { return plain(x) }
            return c.exprs.allSatisfy { x in
                switch x {
                case .int, .null: return true
                case .path(let p): return !related(p)
                default: return false
                }
            }
        }
        var later: Int?
        for n in pathNodes(id) {
            defer { later = n }
            if case .branch(let c, _, _) = fn.nodes[n].kind, !plain(c), !owned.contains([n, later ?? -1]) { return true }
        }
        return false
    }

    /// The branch edges ([from, to]) on the ways to the exits where `owns` holds.
    func branchEdges(where owns: (RefState) -> Bool) -> Set<[Int]> {
        var out: Set<[Int]> = []
        for (s, id) in exits where owns(s) {
            var later: Int?
            for n in pathNodes(id) {
                if case .branch = fn.nodes[n].kind, let l = later { out.insert([n, l]) }
                later = n
            }
        }
        return out
    }

    /// Does a condition's text name the identifier `name`?
    static func names(_ text: String, _ name: String) -> Bool {
        let t = Array(text.utf8), w = Array(name.utf8)
        guard !w.isEmpty, t.count >= w.count else { return false }
        for i in 0...(t.count - w.count) where t[i] == w[0] && Array(t[i..<(i + w.count)]) == w {
            if (i == 0 || !t[i - 1].isIdentifierByte) && (i + w.count == t.count || !t[i + w.count].isIdentifierByte) { return true }
        }
        return false
    }

    /// Could the object a local names where `member` (`work->mm`) is freed at `node` be the one
    /// some drop of that member names: does an assignment of the local reach both
    /// (FunctionFacts.assignmentsReaching)? Not a local, a value from outside, or no drop found: yes.
    func sameValue(of member: AccessPath, at node: Int, asDropsOf fact: String) -> Bool {
        guard case .local(let name) = member.base else { return true }
        let copies = ctx.localCopies(fn)
        var drops: [Int] = []
        for (i, n) in fn.nodes.enumerated() {
            guard case .event(.call(let c)) = n.kind, let rc = ctx.refCalls[c.name], !rc.gains, rc.fact == fact,
                  case .path(var p)? = c.args.first else { continue }
            if p.fields.isEmpty, case .local(let l) = p.base, let m = copies[l] ?? nil { p = m }
            if p == member { drops.append(i) }
        }
        guard !drops.isEmpty else { return true }
        // (nil: a way from the entry assigns nothing — a value from outside, any object.)
        let local = AccessPath(base: .local(name))
        guard let at = fn.assignmentsReaching(local, to: node) else { return true }
        return drops.contains { d in fn.assignmentsReaching(local, to: d).map { !Set($0).isDisjoint(with: at) } ?? true }
    }

    /// Does a drop of a local copying `member` (ctx.localCopies) follow `node` on some path on
    /// which the local keeps its value?
    func dropsCopyLater(of member: AccessPath, _ fact: String, after node: Int) -> Bool {
        let locals = Set(ctx.localCopies(fn).compactMap { $0.value == member ? $0.key : nil })
        guard !locals.isEmpty else { return false }
        for (i, n) in fn.nodes.enumerated() {
            guard case .event(.call(let c)) = n.kind, let rc = ctx.refCalls[c.name], !rc.gains, rc.fact == fact,
                  case .path(let p)? = c.args.first, p.fields.isEmpty, case .local(let l) = p.base, locals.contains(l) else { continue }
            // (Not through a new value of the local: `mm = info->mm;` at the loop's next pass.)
            let keeps: (Int) -> [Int] = { x in
                if x != node, case .event(.assign(let lhs, _, _, _, _)) = self.fn.nodes[x].kind, lhs.fields.isEmpty,
                   lhs.base == .local(l) { return [] }
                return self.fn.nodes[x].succs
            }
            if fn.reaches(from: node, to: i, along: keeps) { return true }
        }
        return false
    }

    /// A taker of `k` ran on this path (and the function takes it somewhere).
    private func tried(_ k: String, _ c: CallSite, _ n: Int, _ s: inout RefState) {
        if takenSomewhere[k] == nil { takenSomewhere[k] = (c.loc, c.name) }
        takerNodes[k, default: []].insert(n)
        s.tried.insert(k)
    }

    /// `if (async && !mmget_not_zero(mm)) return; … mmput(mm);`: a drop on a path that went
    /// around the function's own pin of that reference (never taken there, never failed,
    /// never dropped), where another path takes it. (A function that only drops — its caller's
    /// reference — has no taker of it, and is not judged here.)
    func skippedPins() {
        for d in unheldDrops {
            // A taker that can run before the drop (not `mmdrop(x->mm); x->mm = mm; mmgrab(x->mm);`).
            let key = takenSomewhere[d.key] == nil ? d.local ?? d.key : d.key
            guard let taken = takenSomewhere[key], let from = takerNodes[key],
                  from.contains(where: { fn.reaches(from: $0, to: d.node, along: { self.fn.nodes[$0].succs }) }) else { continue }
            // The same drop after a failed pin is reported already (one fix for both paths).
            if events.values.contains(where: { $0.kind == .failedDrop && $0.node == d.node }) { continue }
            record(.skippedPin, d.node, d.loc, d.target, d.fact,
                   "\(d.text) drops a reference this path never took: \(taken.api)() at line \(taken.loc.line) takes it only "
                       + "on other paths, so here the drop takes a reference someone else holds",
                   [Related(file: taken.loc.file, line: taken.loc.line, message: "taken here, on other paths")], entry: d.entry)
        }
    }

    func leaks() {
        for (s, id) in exits {
            for (k, h) in s.held.sorted(by: { $0.key < $1.key }) {
                // A path that falls off the end of the function (a void function, no return
                // statement) is reported where the reference was taken, not at the function's name.
                let at = s.retLoc ?? h.loc
                let node = exitNode(id)
                if s.installed.contains(h.path) { continue }   // the task's mm now: exit_mm drops it
                if let freedAt = h.orphanedAt, isLocal(h.path) || droppedSomewhere[k] != nil || isRunningTaskMM(h.path) {
                    if s.handed.contains(k) { continue }
                    record(.leak, node, at, h.path, h.fact,
                           "the reference \(h.api)() took at line \(h.loc.line) on `\(h.spelled)` was stored into an object that line "
                               + "\(freedAt.line) frees on this path, and nothing drops it",
                           [Related(file: h.loc.file, line: h.loc.line, message: "reference taken here"),
                            Related(file: freedAt.file, line: freedAt.line, message: "the object keeping it freed here")], entry: id)
                    continue
                }
                if isLocal(h.path) {
                    if s.handed.contains(k) { continue }   // a scope-put local's, handed on and disarmed
                    record(.leak, node, at, h.path, h.fact,
                           "the reference \(h.api)() took at line \(h.loc.line) into `\(h.spelled)` is not dropped on this path "
                               + "(not returned, stored or handed on)",
                           [Related(file: h.loc.file, line: h.loc.line, message: "reference taken here")], entry: id)
                    continue
                }
                // A member the object keeps a reference in (mmgrab(x->mm) after x->mm = mm) is
                // the object's; only a temporary pin (mmget_not_zero, or through a local) must be
                // dropped before the function returns. The running task's mm is no object's:
                // a reference taken on it is the function's until dropped or stored.
                guard !handsOff else { continue }
                guard h.conditional || h.spelledLocal || isRunningTaskMM(h.path) || errorExitDisagrees(s, k)
                        || onlyErrorExitsKeep(s, k),
                      let d = droppedSomewhere[k] ?? movedSomewhere[k] else { continue }
                let (elsewhere, done) = droppedSomewhere[k] != nil ? ("drops it", "dropped") : ("stores it", "stored")
                // A getter: this exit returns a constant that no exit without the reference may
                // return (a value not known here, not known to be an error, may be that constant:
                // `return 0;` in one switch case beside `mmput(mm); return ret;`).
                func mayReturn(_ st: RefState, _ v: Int64) -> Bool {
                    guard let r = st.ret else { return false }
                    if case .int(let w) = r { return w == v }
                    return errorCode(st) == nil
                }
                if case .int(let v)? = s.ret, v >= 0,
                   !exits.contains(where: { $0.state.held[k] == nil && mayReturn($0.state, v) }) { continue }
                record(.leak, node, at, h.path, h.fact,
                       "the reference \(h.api)() took at line \(h.loc.line) on `\(h.spelled)` is not dropped on this path, "
                           + "while line \(d.line) \(elsewhere) on another",
                       [Related(file: h.loc.file, line: h.loc.line, message: "reference taken here"),
                        Related(file: d.file, line: d.line, message: "\(done) here on another path")], entry: id)
            }
        }
    }

    /// Is call `id` one giving an error pointer's code (vocabulary `error_codes`: PTR_ERR)?
    func isErrorCode(_ id: Int) -> Bool { calls[id].map { ctx.vocab.errorCodes.contains($0.name) } ?? false }

    /// The error an exit returns, if any: a negative constant, or an errno local holding one or
    /// found non-zero on the path (-1: an error whose code the path does not tell).
    func errorCode(_ st: RefState) -> Int64? {
        switch st.ret {
        case .int(let v)?: return v < 0 ? v : nil
        case .call(let id)? where isErrorCode(id): return -1
        case .path(let p)? where p.fields.isEmpty && errnoLocals.contains(p.description):
            if let v = st.words[p.description] { return v < 0 ? v : nil }
            return st.known[p.description] == true ? -1 : nil
        default: return nil
        }
    }

    /// RefExplorer.errnoLocals of `fn`.
    static func errnoLocals(_ fn: FunctionFacts) -> Set<String> {
        let type = fn.returnType
        guard type != "void", type != "bool", type != "_Bool", !type.contains("*") else { return [] }
        var out: Set<String> = []
        for n in fn.nodes {
            guard case .event(.ret(let e?, _)) = n.kind else { continue }
            if case .int(let v) = e, v > 0 { return [] }
            if case .path(let p) = e, p.fields.isEmpty, case .local = p.base { out.insert(p.description) }
        }
        return out
    }

    /// -EINPROGRESS, -EIOCBQUEUED: the work goes on elsewhere (a completion owns what is held).
    static let workGoesOn: Set<Int64> = [-115, -529]

    /// An exit returning a negative constant (an error) with the reference held, while another
    /// error exit dropped it: the error paths disagree, so one of them forgot it (the success
    /// path keeping the object's reference is not evidence either way).
    func errorExitDisagrees(_ s: RefState, _ k: String) -> Bool {
        // (-EIOCBQUEUED, -EINPROGRESS: no error, the work goes on and its completion drops it.)
        errorCode(s).map { !RefExplorer.workGoesOn.contains($0) } ?? false
            && exits.contains { errorCode($0.state) != nil && $0.state.held[k] == nil && $0.state.dropped[k] != nil }
    }

    /// An exit returning an error with the reference held, in a function every other exit of
    /// which drops it before returning (`mmget(mm); if (len > 64) return -EINVAL; …; mmput(mm);
    /// return 0;`): the function keeps no reference for its caller, so the error path forgot it.
    func onlyErrorExitsKeep(_ s: RefState, _ k: String) -> Bool {
        func error(_ st: RefState) -> Bool { errorCode(st).map { !RefExplorer.workGoesOn.contains($0) } ?? false }
        guard error(s) else { return false }
        let others = exits.map(\.state).filter { !error($0) }
        return others.contains { $0.held[k] == nil && $0.dropped[k] != nil } && !others.contains { $0.held[k] != nil }
    }

    /// The nodes of the walk's way to entry `id`, from it back to the function's entry.
    func pathNodes(_ id: Int) -> UnfoldSequence<Int, Int> {
        sequence(state: id) { e in
            guard e >= 0 else { return nil }
            defer { e = self.entries[e].parent }
            return self.entries[e].node
        }
    }

    /// The last node with a location on the witness (the return statement).
    func exitNode(_ id: Int) -> Int {
        pathNodes(id).first { if case .event(.ret) = fn.nodes[$0].kind { return true }; return false } ?? 1
    }

    func ignoredPins() {
        let uses = valueUses
        // A pin's result stored in a local that nothing reads (`pinned = mmget_not_zero(mm);`).
        var storedUnread: [Int: String] = [:]
        for n in fn.nodes {
            if case .event(.assign(let lhs, .call(let id), _, _, _)) = n.kind, lhs.fields.isEmpty, case .local(let name) = lhs.base,
               !uses.locals.contains(name) { storedUnread[id] = name }
        }
        for (i, n) in fn.nodes.enumerated() {
            guard case .event(.call(let c)) = n.kind, let (fact, arg, fields, whenFalse) = conditionalPin(c),
                  arg < c.args.count else { continue }
            let unread = storedUnread[c.id]
            guard unread != nil || (!uses.calls.contains(c.id) && !uses.lines.contains(c.loc.line)) else { continue }
            let t: AccessPath = { if case .path(let p) = c.args[arg] { return AccessPath(base: p.base, fields: p.fields + fields) }
                                  return AccessPath(base: .local("?")) }()
            let what = unread.map { "stored in `\($0)` and never tested" } ?? "not used"
            let args = c.argText.isEmpty ? t.description : c.argText.joined(separator: ", ")
            record(.ignoredPin, i, c.loc, t, fact,
                   "the result of \(c.name)(\(args)) is \(what): the reference is taken only when it returns "
                       + (whenFalse ? "0" : "true"), [], entry: -1)
        }
    }

    /// A call that pins conditionally: an API (mmget_not_zero() on its argument) or a pin wrapper of
    /// the tree (on a parameter's members; taken on a true or on a zero result).
    func conditionalPin(_ c: CallSite) -> (fact: String, arg: Int, fields: [Field], whenFalse: Bool)? {
        if let rc = ctx.refCalls[c.name], rc.gains, rc.when != .always, rc.arg == 0 { return (rc.fact, 0, [], false) }
        return ctx.pinWrapper(of: c).map { ($0.fact, $0.arg, $0.fields, $0.whenFalse) }
    }

    /// Node ids from the entry to the witness.
    func path(_ entry: Int) -> [Int] { pathNodes(entry).reversed() }
}

extension FamilyContext {
    /// Does the function take this reference itself (then its drops balance its own pins)?
    func acquires(_ fn: FunctionFacts, _ fact: String, _ p: AccessPath) -> Bool {
        fn.nodes.contains { n in
            guard case .event(.call(let c)) = n.kind, let rc = refCalls[c.name], rc.gains, rc.fact == fact else { return false }
            return c.args.first == .path(p)
        }
    }

    /// Does `fn` keep the object its parameter `param` points to, or the reference in its
    /// `member`: drop that (refsMember), store the object, or hand it (or a member's address:
    /// `schedule_work(&w->work)`) to a call other than the vocabulary's, two calls deep?
    func keepsObject(_ fn: FunctionFacts, param: Int, member: Field, depth: Int = 0) -> Bool {
        let object = AccessPath(base: .param(param))
        for fact in [MMFact.users, MMFact.count] where refsMember(fn, param: param, member: member, fact: fact) { return true }
        for n in fn.nodes {
            switch n.kind {
            case .event(.assign(let lhs, .path(let r), _, _, _)) where r == object && !lhs.fields.isEmpty:
                return true
            case .event(.call(let c)) where vocab.apis[c.name] == nil:
                for (j, a) in c.args.enumerated() {
                    guard case .path(let p) = a, p.base == .param(param) else { continue }
                    if p.fields.count == 1 && (c.argText(j) ?? "").hasPrefix("&") { return true }
                    guard p.fields.isEmpty else { continue }
                    guard depth < 1, let callee = index.functions[c.callee] else { return true }
                    if keepsObject(callee, param: j, member: member, depth: depth + 1) { return true }
                }
            default: break
            }
        }
        return false
    }

    /// Does the function (or a callee, two calls deep) take or drop a reference on
    /// `param->member`? Asked for every state of the reference walk: memoized.
    func refsMember(_ fn: FunctionFacts, param: Int, member: Field, fact: String, depth: Int = 0) -> Bool {
        let key = "\(fn.key)#\(param)#\(member)#\(fact)#\(depth)"
        if let m = refsMemberMemo[key] { return m }
        let r = scanRefsMember(fn, param: param, member: member, fact: fact, depth: depth)
        refsMemberMemo[key] = r
        return r
    }

    private func scanRefsMember(_ fn: FunctionFacts, param: Int, member: Field, fact: String, depth: Int) -> Bool {
        for n in fn.nodes {
            guard case .event(.call(let c)) = n.kind else { continue }
            for (j, a) in c.args.enumerated() {
                guard case .path(let p) = a, p.base == .param(param) else { continue }
                // The vocabulary's call, or the tree's wrapper of one (`put(r->mm)` around mmput()).
                if p.fields == [member], let rc = refCall(c), rc.arg == j, rc.fact == fact { return true }
                if p.fields.isEmpty, depth < 2, let callee = index.functions[c.callee],
                   refsMember(callee, param: j, member: member, fact: fact, depth: depth + 1) { return true }
            }
        }
        return false
    }

    /// `mmdrop(x->mm)`-style drops in a function: (fact, member path) → first location.
    /// The locals every assignment of which copies one member (`struct mm_struct *mm =
    /// info->mm; … mmput(mm);`): a drop of one is the member's. (nil: not such a local.)
    func localCopies(_ fn: FunctionFacts) -> [String: AccessPath?] {
        var copies: [String: AccessPath?] = [:]
        for n in fn.nodes {
            guard case .event(.assign(let l, let r, _, _, _)) = n.kind, l.fields.isEmpty, case .local(let name) = l.base else { continue }
            if case .path(let p) = r, !p.fields.isEmpty, copies[name] == nil || copies[name]! == p {
                copies[name] = p
            } else {
                copies[name] = .some(nil)
            }
        }
        return copies
    }

    func fieldDrops(_ fn: FunctionFacts) -> [(fact: String, path: AccessPath, loc: SourceLoc)] {
        var seen: Set<String> = []
        var out: [(fact: String, path: AccessPath, loc: SourceLoc)] = []
        let copies = localCopies(fn)
        for n in fn.nodes {
            guard case .event(.call(let c)) = n.kind, let rc = refCalls[c.name], !rc.gains,
                  case .path(var p)? = c.args.first else { continue }
            if p.fields.isEmpty, case .local(let name) = p.base, let m = copies[name] ?? nil { p = m }
            guard !p.fields.isEmpty else { continue }
            if seen.insert(rc.fact + p.description).inserted { out.append((rc.fact, p, c.loc)) }
        }
        return out
    }
}

/// What the leaves of a branch condition tell the reference walk (ConditionLeaves).
extension RefExplorer: ConditionLeaves {
    var conditionDepthLimit: Int? { nil }

    func equalityTested(_ a: Expr, _ b: Expr, _ truth: Bool, _ s: inout RefState, depth: Int) -> Bool {
        let other = (a == .null || a == .int(0)) ? b : ((b == .null || b == .int(0)) ? a : nil)
        if let o = other { return walk(.truthy(o), !truth, &s, depth: depth) }
        return true
    }

    /// `ret < 0` found false on the result of a 0-or-errno function that hands back a
    /// reference through an out-parameter, or pins: the result is zero, the reference taken.
    func nonNegative(_ e: Expr, _ s: inout RefState, depth: Int) -> Bool {
        var key = ""
        if case .call(let id) = e { key = "call:\(id)" }
        if case .path(let p) = e, p.fields.isEmpty, case .local(let n) = p.base { key = "local:" + n }
        guard let p = s.pending[key], p.whenFalse else { return true }
        return walk(.truthy(e), false, &s, depth: depth + 1)
    }

    /// A word's bits tested where this path knows its value: the value decides the side.
    func bitsTested(_ p: AccessPath, mask: Int64, _ truth: Bool, _ s: inout RefState, depth: Int) -> Bool {
        guard let v = s.words[p.description] else { return true }
        return ((v & mask) != 0) == truth
    }

    func callTested(_ id: Int, _ truth: Bool, _ s: inout RefState, depth: Int) -> Bool {
        // A conditional pin's result tested again on the path (a WARN_ON() that tests its
        // local, then returns it to the caller's `if`): the side its first test did not take
        // is not taken now either.
        if let k = s.known["call:\(id)"], k != truth { return false }
        if let p = s.pending["call:\(id)"] { pin(p, truth, &s); s.pending["call:\(id)"] = nil; s.known["call:\(id)"] = truth }
        // An error pointer this path assigned is one.
        if !truth, !s.errorValues.isEmpty, let c = calls[id], ctx.vocab.errorPointerTests.contains(c.name),
           case .path(let p)? = c.args.first, s.errorValues.contains(p.description) {
            return false
        }
        // (Not a test a macro makes of its own local: kthread_run()'s `if (!IS_ERR(__k))`.)
        if let c = calls[id], ctx.vocab.errorPointerTests.contains(c.name), c.macro == nil, let a = c.args.first, !s.handedTo.isEmpty {
            creationTested(a, failed: truth, &s)
        }
        if let c = calls[id], ctx.vocab.errorPointerTests.contains(c.name), truth, let a = c.args.first,
           let t = resolve(a, s) {
            for (k, h) in s.held where h.path == t { s.held[k] = nil; s.nulls.insert(t.description) }
        }
        return true
    }

    func pathTested(_ p0: AccessPath, _ truth: Bool, _ s: inout RefState, depth: Int) -> Bool {
        if p0.fields.isEmpty, case .local(let name) = p0.base, let c = s.tests[name] {
            // A stored test tested twice takes the same side (`bool change = …; if (change) pin;
            // … if (change) unpin;`).
            if let k = s.known[p0.description], k != truth { return false }
            if flagLocals.contains(p0.description) { s.known[p0.description] = truth }
            return walk(c, truth, &s, depth: depth + 1)
        }
        // A pin's result kept in a local that this path never assigned (`scoped_guard(…) ok =
        // mmget_not_zero(mm);` whose guard can skip the body): code reading it assumes the
        // path that assigned it; this one is not walked on.
        if p0.fields.isEmpty, case .local(let name) = p0.base, pinLocals.contains(name), !s.assigned.contains(name) { return false }
        // A pin's result kept in a local: its first test decides the pin; a later test of the
        // same value takes the same side (`if (pinned) mmput(mm); … if (pinned) …`).
        if p0.fields.isEmpty, case .local(let name) = p0.base, let p = s.pending["local:" + name] {
            pin(p, truth, &s); s.pending["local:" + name] = nil; s.known[p0.description] = truth
        }
        // A flag tested twice, or set to a constant on this path: the other side is not
        // taken (`if (change_mm) pin; … if (change_mm) unpin;`).
        let flag = p0.description
        if let k = s.known[flag], k != truth { return false }
        if let v = s.words[flag], (v != 0) != truth { return false }
        if flagLocals.contains(flag) { s.known[flag] = truth }
        let p = resolve(p0, s)
        if !truth {
            // A reference this path took on a member of the object dereferenced it: it is not
            // NULL here (`found = pos; break;` in a walk that pins `pos->mm` first, then `if
            // (!found) return;`).
            if s.held.values.contains(where: { $0.path.fields.count > p.fields.count && $0.path.starts(with: p) }) { return false }
            if nullable.contains(p0.description) || nullable.contains(p.description) { s.nulls.insert(p.description) }
            for (k, h) in s.held where h.path == p { s.held[k] = nil }
            // NULL: the object keeps no reference (`if (!ctx->mm) goto out_free;`).
            if !s.keptBy.isEmpty { s.keptBy = s.keptBy.filter { $0.value.holder != p && $0.value.hold.path != p } }
        }
        return true
    }
}
