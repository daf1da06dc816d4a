import Checker
import Facts
import Findings
import Index

/// Replays findings against the model. The finding's path becomes the borrower's program; the
/// rule names the adversary (the owner's exit, a GUP-fast walker); the context analysis says
/// where the borrower runs and which protections the holder has (a ->release that cancels the
/// borrower, a native AIO request exit_aio() waits for).
/// Replays of different findings share nothing mutable but `sites`, which `warm()` builds
/// before they run on parallel threads.
public final class Replayer: @unchecked Sendable {
    let rules: RuleSet
    let index: TreeIndex
    public let semantics: Semantics
    let vocab: ModelVocabulary
    let budget: Int

    /// The index's sites replay asks about for every finding, gathered in one pass over the
    /// index (in key order) instead of one pass per finding.
    struct Sites {
        /// Calls through `->ki_complete` and their functions.
        var completions: [(CallSite, FunctionFacts)] = []
        /// Calls that queue a work item: function, node, call.
        var queues: [(FunctionFacts, Int, CallSite)] = []
        /// Functions placed in a ->release member, with that placement.
        var releases: [(FunctionFacts, CallbackUse)] = []
    }

    lazy var sites: Sites = {
        var out = Sites()
        // Only the functions that make such calls or fill a ->release member, in key order.
        var keys = index.calling(vocab.aioCompletion.map { "->" + $0 } + Array(vocab.queues.keys))
        for (key, uses) in index.callbackUses
        where uses.contains(where: { $0.field.map { vocab.releaseFields.contains($0) } ?? false }) { keys.insert(key) }
        for key in keys.sorted() {
            guard let fn = index.functions[key] else { continue }
            if let u = index.callbackUses[key]?.first(where: { $0.field.map { vocab.releaseFields.contains($0) } ?? false }) {
                out.releases.append((fn, u))
            }
            for (i, n) in fn.nodes.enumerated() {
                guard case .event(.call(let c)) = n.kind else { continue }
                if c.name.hasPrefix("->"), vocab.aioCompletion.contains(String(c.name.dropFirst(2))) { out.completions.append((c, fn)) }
                if vocab.queues[c.name] != nil { out.queues.append((fn, i, c)) }
            }
        }
        return out
    }()

    /// Builds the shared tables, so that replay(_:) may run on several threads.
    public func warm() { _ = sites }

    public init(rules: RuleSet, index: TreeIndex, semantics: Semantics, vocabulary: ModelVocabulary, budget: Int = 200_000) {
        self.rules = rules; self.index = index; self.semantics = semantics; self.vocab = vocabulary; self.budget = budget
        nullMM = NullMMTests(index: index)
    }

    /// A fact's citation, placed in the analyzed tree.
    func cite(_ fact: CitedFact) -> String { vocab.cite(fact, in: semantics.source) }
    /// "current->mm is NULL" through values: the same model kthread-test-by-null-mm judges with.
    let nullMM: NullMMTests

    public func replay(_ f: Finding) -> ReplayResult {
        guard let s = f.subject, let fn = index.functions[s.functionKey], let rule = rules.rule(f.rule) else {
            return result(.inconclusive, "the finding's path is not available to replay")
        }
        switch rule.adversary {
        case .ownerExit: return ownerExit(f, s, fn)
        case .gupFast: return gupFast(f, s, fn)
        case .unregister: return releaseTwice(f, s, fn)
        case .borrower: return borrowerBreaksSnapshot(f, s, fn)
        case .userMapping: return userKeepsMapping(f, s, fn, rule)
        case .userFault: return faultSlipsIntoRevoke(f, s, fn)
        case .gupPin: return gupKeepsPage(f, s, fn, rule)
        case .none: return result(.inconclusive, "rule \(rule.id) names no adversary to replay against")
        }
    }

    /// A kernel-side step gets the analyzed tree's own line for it, or only its file where the
    /// tree does not have it.
    func traceStep(_ w: (thread: Int, step: Step)) -> TraceStep {
        guard let ref = w.step.kernel else { return TraceStep(cpu: w.thread, file: w.step.file, line: w.step.line, event: w.step.label) }
        return TraceStep(cpu: w.thread, file: semantics.source.file(ref), line: semantics.source.line(ref) ?? 0, event: w.step.label)
    }

    func result(_ v: Verdict, _ reason: String, assumptions: [String] = []) -> ReplayResult {
        ReplayResult(verdict: v, reason: reason, assumptions: assumptions, semantics: semantics.summary)
    }

    /// A confirmed verdict with the exploration's witness, one CPU per program.
    func confirmed(_ v: Violation, _ reason: String, _ ex: Exploration, _ programs: [ThreadProgram],
                   assumptions: [String] = []) -> ReplayResult {
        var r = result(.confirmed, reason, assumptions: assumptions)
        r.violation = v.kind
        r.cpus = programs.map(\.name)
        r.trace = ex.witness.map(traceStep)
        r.explored = ex.explored
        return r
    }

    // MARK: - CFG helpers

    /// Does this function (or a callee, to `depth`) call one of `names`? Returns the first call.
    func reaches(_ key: String, _ names: Set<String>, depth: Int, seen: inout Set<String>) -> CallSite? {
        guard depth >= 0, seen.insert(key).inserted, let fn = index.functions[key] else { return nil }
        for n in fn.nodes { if case .event(.call(let c)) = n.kind, names.contains(c.name) { return c } }
        for n in fn.nodes {
            if case .event(.call(let c)) = n.kind, let r = reaches(c.callee, names, depth: depth - 1, seen: &seen) { return r }
        }
        return nil
    }

    // MARK: - the borrower's program

    struct Program {
        var steps: [Step] = []
        /// Driver synchronization on the path: (call, label, lock | read | wait).
        var syncs: [(CallSite, String, String)] = []
        /// Truth values stored on the path so far (`bool busy = !current->mm;`,
        /// `__ret_warn_on = !!(current->mm)` inside WARN_ON), for the kernel-thread evidence.
        var storedTests: [String: (Cond, String, SourceLoc)] = [:]
        var opaque: [String] = []
        var kthreadEvidence: String?
        var accesses = 0
        var faults = 0
        var unmodeledPin: String?
        /// The lifetime-flag test of the path (FindingSubject.guardNode).
        var guardNode: Int?
        /// The node that reads a member of the mm_struct itself (opaque-mm-dereferenced).
        var derefNode: Int?
        var derefText: String?
    }

    var accessNames: Set<String> { vocab.userAccess.union(vocab.faults) }

    /// Maps one call to model steps.
    func steps(for c: CallSite, outcome: Bool?, _ p: inout Program, inlineDepth: Int) {
        let label = c.macro.map { "\($0)() → \(c.name)()" } ?? "\(c.spelled)"
        func add(_ op: Op, _ l: String = label) { p.steps.append(Step(op, l, file: c.loc.file, line: c.loc.line)) }
        let n = c.name
        switch vocab.steps[n] {
        case .mmgrab: add(.mmgrab)
        case .mmdrop: add(.mmdrop)
        case .mmget: add(.mmget)
        case .mmput: add(.mmput)
        case .pin:
            if let o = outcome { add(.mmgetNotZero(o), label + (o ? " → true" : " → false")) }
            else { p.unmodeledPin = "the result of \(label) at line \(c.loc.line) is not tested on the path" }
        case .use: add(.useMM)
        case .unuse: add(.unuseMM)
        case nil:
            if vocab.readLock.contains(n) { add(.readLock) }
            else if vocab.readUnlock.contains(n) { add(.readUnlock) }
            else if accessNames.contains(n) {
                add(.access(.fault), label + " — may fault a page in")
                add(.faultInstall, "  … the fault installs a PTE")
                add(.faultEnd, "  … the fault returns")
                p.accesses += 1; p.faults += 1
            } else if vocab.inspects.contains(n) { add(.access(.inspect)); p.accesses += 1 }
            else if vocab.vmaRCU.contains(n) { add(.access(.vmaRCU)); p.accesses += 1 }
            else if vocab.registers.contains(n) { add(.access(.register)); p.accesses += 1 }
            else if vocab.locks.contains(n) || vocab.waits.contains(n) || vocab.readSections.contains(n) {
                p.syncs.append((c, label, vocab.locks.contains(n) ? "lock" : vocab.readSections.contains(n) ? "read" : "wait"))
                add(.note, label)
            } else if c.name.hasPrefix("->") {
                // An indirect call: the model cannot see into it.
                p.opaque.append(c.name)
            } else if let callee = index.functions[c.callee], inlineDepth > 0 {
                var seen: Set<String> = []
                let mmCalls = accessNames.union(vocab.inspects).union(vocab.names(.use, .pin, .mmput, .mmdrop))
                if let inner = reaches(callee.key, mmCalls, depth: 2, seen: &seen) {
                    _ = inner
                    inline(callee, via: c, &p, depth: inlineDepth - 1)
                }
            } else if index.functions[c.callee] == nil {
                p.opaque.append(n)
            }
        }
    }

    /// A callee whose body touches the mm: its shortest path through its first relevant call.
    func inline(_ fn: FunctionFacts, via c: CallSite, _ p: inout Program, depth: Int) {
        let relevant = accessNames.union(vocab.inspects).union(vocab.names(.use, .unuse, .pin, .mmput, .mmdrop, .mmgrab))
        var seen: Set<String> = []
        let target = fn.shortestPath(from: 0, skippingStart: true) { i in
            guard case .event(.call(let x)) = fn.nodes[i].kind else { return false }
            if relevant.contains(x.name) { return true }
            seen = []
            return self.reaches(x.callee, relevant, depth: 1, seen: &seen) != nil
        }
        guard let pre = target, let last = pre.last else { return }
        let post = fn.shortestPath(from: last, skippingStart: true) { $0 == 1 } ?? [last]
        p.steps.append(Step(.note, "\(c.name)() at line \(c.loc.line):", file: c.loc.file, line: c.loc.line))
        walk(fn, pre + post.dropFirst(), &p, inlineDepth: depth)
    }

    /// The outcome of the branch testing call `id`, when the path takes it.
    func outcome(of id: Int, _ fn: FunctionFacts, path: [Int], from k: Int) -> Bool? {
        var j = k + 1
        while j < path.count {
            if case .branch(let cond, _, _) = fn.nodes[path[j]].kind, j + 1 < path.count {
                let taken = fn.nodes[path[j]].succs.first == path[j + 1]
                var c = cond, truth = taken
                while case .not(let inner) = c { c = inner; truth.toggle() }
                if case .truthy(.call(let x)) = c, x == id { return truth }
            }
            j += 1
        }
        return nil
    }

    func walk(_ fn: FunctionFacts, _ path: [Int], _ p: inout Program, inlineDepth: Int) {
        // Locals are the function's own: an inlined callee starts with none and leaves the caller's.
        let outer = p.storedTests
        p.storedTests = [:]
        for (k, idx) in path.enumerated() {
            if idx == p.derefNode, let loc = fn.loc(of: idx) {
                p.steps.append(Step(.structRead, "reads struct mm_struct through `\(p.derefText ?? "the key")`",
                                    file: loc.file, line: loc.line))
                p.accesses += 1
            }
            switch fn.nodes[idx].kind {
            case .event(.call(let c)):
                let pinOutcome = vocab.steps[c.name] == .pin ? outcome(of: c.id, fn, path: path, from: k) : nil
                steps(for: c, outcome: pinOutcome, &p, inlineDepth: inlineDepth)
            case .event(.assign(let lhs, let rhs, let text, let loc, _)):
                p.storedTests[lhs.description] = NullMMTests.heldCondition(rhs).map { ($0, text, loc) }
            case .branch(let cond, let text, let loc):
                guard k + 1 < path.count else { continue }
                if idx == p.guardNode {
                    p.steps.append(Step(.flagTest, "`\(text)` passes: the teardown has not set the flag yet",
                                        file: loc.file, line: loc.line))
                }
                let taken = fn.nodes[idx].succs.first == path[k + 1]
                // A test of current->mm against NULL, spelled here, stored, returned by a helper or
                // inside a macro (WARN_ON's local): the last one on the path decides (the macro's
                // inner `if` comes first).
                if let v = nullMM.verdict(cond, in: fn, stored: { [p] in p.storedTests[$0.description] }) {
                    let how = v.via.map { "; \($0)" } ?? ""
                    p.kthreadEvidence = taken == v.truthMeansNull
                        ? "a kernel thread (the path requires current->mm == NULL: `\(text)` is \(taken)\(how))" : nil
                }
            default: break
            }
        }
        p.storedTests = outer
    }

    /// The borrower's program: the finding's path, then (for a borrow) the shortest way on to
    /// kthread_unuse_mm().
    func borrowerProgram(_ s: FindingSubject, _ fn: FunctionFacts) -> Program {
        var p = Program()
        p.guardNode = s.guardNode
        if s.cause == .deref { p.derefNode = s.useNode; p.derefText = s.target.description }
        var path = s.nodes
        // Go on to the end of the borrow (kthread_unuse_mm) or of the function, so locks the
        // path took are released the way the code releases them -- through the first access to
        // the address space the window can make, if there is one.
        func isEnd(_ i: Int) -> Bool {
            if case .event(.call(let x)) = fn.nodes[i].kind { return self.vocab.steps[x.name] == .unuse }
            return false
        }
        let region = reachable(fn, from: s.useNode, stop: isEnd)
        let access = region.sorted().first { i in i != s.useNode && touchesAddressSpace(fn.nodes[i]) }
        var more: [Int] = []
        if let a = access, let toA = fn.shortestPath(from: s.useNode, skippingStart: true, goal: { $0 == a }) {
            let onward = fn.shortestPath(from: a, skippingStart: true, goal: isEnd)
                ?? fn.shortestPath(from: a, skippingStart: true, goal: { $0 == 1 }) ?? []
            more = toA + onward.dropFirst()
        } else {
            more = fn.shortestPath(from: s.useNode, skippingStart: true, goal: isEnd)
                ?? fn.shortestPath(from: s.useNode, skippingStart: true, goal: { $0 == 1 }) ?? []
        }
        // The way on releases mmap_lock where the code does: a shortest way past a conditional
        // unlock (`if (locked) mmap_read_unlock(mm);` after GUP's FOLL_UNLOCKABLE) would keep the
        // borrower holding it forever, and the owner's teardown could never take it.
        if readLocked(fn, path), !more.contains(where: { isReadUnlock(fn, $0) }),
           let u = region.sorted().first(where: { isReadUnlock(fn, $0) }),
           let toU = fn.shortestPath(from: s.useNode, skippingStart: true, goal: { $0 == u }) {
            let onward = fn.shortestPath(from: u, skippingStart: true, goal: isEnd)
                ?? fn.shortestPath(from: u, skippingStart: true, goal: { $0 == 1 }) ?? []
            more = toU + onward.dropFirst()
        }
        path += more.dropFirst()
        walk(fn, path, &p, inlineDepth: 2)
        if p.accesses == 0 {
            // Name what the window calls that the model cannot see into.
            for i in region.sorted() {
                if case .event(.call(let c)) = fn.nodes[i].kind, index.functions[c.callee] == nil,
                   !p.opaque.contains(c.name), !vocab.locks.contains(c.name) { p.opaque.append(c.name) }
            }
        }
        return p
    }

    func isReadUnlock(_ fn: FunctionFacts, _ i: Int) -> Bool {
        if case .event(.call(let c)) = fn.nodes[i].kind { return vocab.readUnlock.contains(c.name) }
        return false
    }

    /// Does the path leave mmap_lock taken for read (a lock after its last unlock)?
    func readLocked(_ fn: FunctionFacts, _ path: [Int]) -> Bool {
        var held = false
        for i in path {
            guard case .event(.call(let c)) = fn.nodes[i].kind else { continue }
            if vocab.readLock.contains(c.name) { held = true } else if vocab.readUnlock.contains(c.name) { held = false }
        }
        return held
    }

    func reachable(_ fn: FunctionFacts, from: Int, stop: (Int) -> Bool) -> Set<Int> {
        var seen: Set<Int> = [from], stack = [from]
        while let n = stack.popLast() {
            if n != from && stop(n) { continue }
            for s in fn.nodes[n].succs where seen.insert(s).inserted { stack.append(s) }
        }
        return seen
    }

    func touchesAddressSpace(_ n: CFGNode) -> Bool {
        guard case .event(.call(let c)) = n.kind else { return false }
        let names = accessNames.union(vocab.inspects)
        if names.contains(c.name) { return true }
        var seen: Set<String> = []
        return reaches(c.callee, names, depth: 2, seen: &seen) != nil
    }

    // MARK: - context: where the borrower runs

    struct Entry {
        var kind: ContextKind
        var what: String
        var function: String
        var site: SourceLoc?
        var object: [Field]
        var chain: [String]
    }

    func displayName(_ key: String) -> String { key.components(separatedBy: "::").last ?? key }

    /// Walks up callers and callback registrations from `key`.
    func entries(from key: String) -> (found: [Entry], roots: [String], unclassified: [String]) {
        var found: [Entry] = [], roots: [String] = [], unclassified: [String] = []
        var seen: Set<String> = [key]
        var queue: [(String, [String])] = [(key, [displayName(key)])], head = 0
        while head < queue.count, seen.count < 400 {
            let (g, chain) = queue[head]; head += 1
            var leads = false
            for u in index.callbackUses[g] ?? [] {
                leads = true
                if let r = vocab.context(for: u) {
                    found.append(Entry(kind: r.kind, what: r.what, function: g, site: u.loc, object: u.path, chain: chain))
                } else if let f = u.field {
                    let ds = index.dispatchers(of: f).sorted()
                    if ds.isEmpty {
                        unclassified.append("\(displayName(g))() is stored into \(f) (\(u.loc.file):\(u.loc.line)) and nothing in the "
                            + "analyzed files calls through it")
                    }
                    for d in ds where seen.insert(d).inserted {
                        queue.append((d, chain + ["->\(f.name) in \(displayName(d))"]))
                    }
                } else if let c = u.call {
                    unclassified.append("\(displayName(g))() is passed to \(c)() (\(u.loc.file):\(u.loc.line)), "
                        + "a registration the model does not know")
                }
            }
            for c in (index.callers[g] ?? []).sorted() where seen.insert(c).inserted {
                leads = true
                queue.append((c, chain + [displayName(c)]))
            }
            if !leads { roots.append(g) }
        }
        if found.isEmpty {
            // No registration seen: a callback type says it all (a work function is run by a
            // kworker). The member holding the work item comes from its container_of().
            for (g, chain) in queue {
                guard let fn = index.functions[g], fn.params.count == 1,
                      let r = vocab.paramContexts[fn.params[0].type] else { continue }
                found.append(Entry(kind: r.kind, what: r.what + ", by the type of \(fn.name)()'s parameter", function: g,
                                   site: fn.loc, object: containerMember(fn).map { [$0] } ?? [], chain: chain))
            }
        }
        return (found, roots, unclassified)
    }

    /// `x = container_of(work, struct X, member)`: the member holding the callback's object.
    func containerMember(_ fn: FunctionFacts) -> Field? {
        for n in fn.nodes {
            guard case .event(.assign(_, _, let text, _, _)) = n.kind, let r = text.range(of: "container_of(") else { continue }
            let args = text[r.upperBound...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard args.count >= 3, args[1].hasPrefix("struct ") else { continue }
            let member = args[2].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if !member.isEmpty { return Field(record: args[1], name: String(member)) }
        }
        return nil
    }

    /// Functions the context walk ended at without finding a caller or a registration: the
    /// facade searches their folders for callers not yet parsed.
    public func unresolvedRoots(_ findings: [Finding]) -> [String] {
        var out: Set<String> = []
        for f in findings where f.replayable(rules) {
            // Only where the context decides the verdict: not for protocols replay does not
            // model, nor where the path or the holder already says where the borrower runs.
            guard let s = f.subject, rules.rule(f.rule)?.adversary == .ownerExit, !s.mixed, !s.ownPin, s.alsoPinned == nil,
                  let fn = index.functions[s.functionKey] else { continue }
            let e = entries(from: s.functionKey)
            guard e.found.isEmpty, aioCompletion(holder: s.holder) == nil,
                  borrowerProgram(s, fn).kthreadEvidence == nil else { continue }
            out.formUnion(e.roots.filter { !$0.contains("::") })
        }
        return out.sorted()
    }

    /// A native-AIO request: the holder's record is completed through `->ki_complete`.
    func aioCompletion(holder: Field?) -> CallSite? {
        guard let h = holder else { return nil }
        for (c, fn) in sites.completions {
            for a in c.args {
                guard case .path(var p) = a else { continue }
                if p.fields.isEmpty, case .local(let name) = p.base, let src = localSource(fn, name) { p = src }
                if p.fields.first?.record == h.record { return c }
            }
        }
        return nil
    }

    /// `struct kiocb *req = dio->req;`: the path a local was initialized from (first store).
    func localSource(_ fn: FunctionFacts, _ name: String) -> AccessPath? {
        for n in fn.nodes {
            if case .event(.assign(let lhs, .path(let rhs), _, _, _)) = n.kind, lhs.fields.isEmpty,
               lhs.base == .local(name), !rhs.fields.isEmpty { return rhs }
        }
        return nil
    }

    // MARK: - protections: the holder's ->release

    struct Release {
        var function: String
        var loc: SourceLoc
        var cancels: CallSite?
        var flags: [Field]
        var lockFields: [Field]
        /// Grace periods it waits for: the srcu_struct member, or nil for synchronize_rcu().
        var gracePeriods: [Field?]
    }

    func touches(_ fn: FunctionFacts, _ record: String) -> Bool {
        for n in fn.nodes {
            switch n.kind {
            case .event(.call(let c)):
                for a in c.args { if case .path(let p) = a, p.fields.contains(where: { $0.record == record }) { return true } }
            case .event(.assign(let lhs, _, _, _, _)):
                if lhs.fields.contains(where: { $0.record == record }) { return true }
            default: break
            }
        }
        return false
    }

    /// ->release callbacks that use the holder's record, and what they do to the borrower.
    func releases(holder: Field, entry: Entry?) -> [Release] {
        var out: [Release] = []
        let workMember = entry.flatMap { workObject($0.object) }
        for (fn, u) in sites.releases {
            var body: [FunctionFacts] = [fn]
            for n in fn.nodes { if case .event(.call(let c)) = n.kind, let g = index.functions[c.callee] { body.append(g) } }
            guard body.contains(where: { touches($0, holder.record) }) else { continue }
            var r = Release(function: fn.name, loc: u.loc, cancels: nil, flags: [], lockFields: [], gracePeriods: [])
            for b in body {
                for n in b.nodes {
                    switch n.kind {
                    case .event(.call(let c)):
                        if let cc = vocab.cancels[c.name], cc.arg < c.args.count, case .path(let p) = c.args[cc.arg] {
                            if let w = workMember, p.fields.last == w
                                || (cc.all && p.fields.first?.record == holder.record) {
                                if r.cancels == nil { r.cancels = c }
                            }
                        }
                        if vocab.locks.contains(c.name), let a = c.args.first, case .path(let p) = a, let l = p.fields.last {
                            r.lockFields.append(l)
                        }
                        if vocab.gracePeriods.contains(c.name) {
                            if let a = c.args.first, case .path(let p) = a { r.gracePeriods.append(p.fields.last) }
                            else { r.gracePeriods.append(nil) }
                        }
                    case .event(.assign(let lhs, _, _, _, let isMM)):
                        if !isMM, let l = lhs.last, l.record == holder.record { r.flags.append(l) }
                    default: break
                    }
                }
            }
            out.append(r)
        }
        return out
    }

    /// The member that holds a work item (`struct kvmgt_vgpu.dma_work` in `vgpu->dma_work.func`).
    func workObject(_ path: [Field]) -> Field? {
        let inner: Set<String> = ["struct work_struct", "struct delayed_work", "struct kthread_work",
                                  "struct kthread_delayed_work", "struct rcu_work", "struct timer_list", "struct hrtimer"]
        return path.last(where: { !inner.contains($0.record) })
    }

    /// Every queue site of `work` is dominated by a test of one of `flags`.
    func requeueBlocked(work: Field, flags: [Field]) -> (blocked: Bool, why: String) {
        var count = 0
        for (fn, i, c) in sites.queues {
            guard let a = vocab.queues[c.name], a < c.args.count, case .path(let p) = c.args[a], p.fields.contains(work) else { continue }
            count += 1
            // Reachable from the entry without passing a branch that tests a flag?
            var seen: Set<Int> = [0], stack = [0]
            var reached = false
            while let k = stack.popLast() {
                if k == i { reached = true; break }
                if case .branch(let cond, _, _) = fn.nodes[k].kind, mentions(cond, flags) { continue }
                for s in fn.nodes[k].succs where seen.insert(s).inserted { stack.append(s) }
            }
            if reached {
                return (false, "\(c.name)() at \(c.loc.file):\(c.loc.line) queues it without testing "
                    + "\(flags.isEmpty ? "a flag the ->release sets" : flags.map(\.name).joined(separator: "/"))")
            }
        }
        if count == 0 { return (false, "no queue site of \(work.name) was found to check") }
        return (true, "every queue site of \(work.name) (\(count)) tests "
            + "\(flags.map(\.name).joined(separator: "/")), which the ->release sets")
    }

    func mentions(_ c: Cond, _ flags: [Field]) -> Bool {
        func e(_ x: Expr) -> Bool { if case .path(let p) = x { return p.fields.contains { flags.contains($0) } }; return false }
        switch c {
        case .truthy(let x): return e(x)
        case .equal(let a, let b): return e(a) || e(b)
        case .not(let x): return mentions(x, flags)
        case .opaque: return false
        case .below(let x, _): return e(x)
        }
    }

    // MARK: - owner exit

    func ownerExit(_ f: Finding, _ s: FindingSubject, _ fn: FunctionFacts) -> ReplayResult {
        if let unmodeled = ownerExitUnmodeled(s, fn) { return unmodeled }
        var assumptions: [String] = []
        let prog = borrowerProgram(s, fn)
        if let why = prog.unmodeledPin { return result(.inconclusive, why) }

        // Where does the borrower run?
        let aio = aioCompletion(holder: s.holder)
        let entry: Entry?, context: String
        switch borrowerPlace(s, fn, prog, aio: aio, &assumptions) {
        case .undecided(let verdict): return verdict
        case .runs(let e, let c): entry = e; context = c
        }

        // Protections on the owner's exit path.
        var config = exitConfig(s, &assumptions)
        var borrower = borrowerThread(s, fn, prog, entry)
        let rels = s.holder.map { releases(holder: $0, entry: entry) } ?? []
        let cancelling = rels.first { $0.cancels != nil }
        var protections: [String: String] = [:]
        if let r = cancelling, let c = r.cancels {
            protections["release"] = releaseProtection(r, cancels: c, entry, &config, &assumptions)
        }
        if aio != nil { protections["aio"] = aioProtection(&borrower, &assumptions) }
        if let verdict = driverSyncVerdict(prog, rels, &assumptions) { return verdict }
        // mmget() itself is the hazard when mm_users may be 0 (mmget-on-unpinned-mm).
        // A drop where the pin failed (unchecked-mmget-not-zero) is the hazard too.
        let refHazard = prog.steps.contains { $0.op == .mmget || (s.cause == .failedPin && $0.op == .mmput) }
        if prog.accesses == 0 && s.originKind != FindingSubject.noOrigin && !refHazard {
            let op = prog.opaque.isEmpty ? "" : "; opaque callees: " + prog.opaque.prefix(4).map { $0 + "()" }.joined(separator: ", ")
            return result(.inconclusive, "no access to the address space was found in the borrow's window (callees outside the analyzed "
                + "files are opaque\(op)); mm_count keeps the struct itself", assumptions: assumptions)
        }

        let release = cancelling.map { (cancels: true, label: "\($0.function)(): \($0.cancels!.name)()") }
        let owner = vocab.ownerExit.program(era: semantics.era, release: release)
        let model = Model(threads: [owner, borrower], config: config)
        let ex = model.explore(budget: budget)
        if let v = ex.violation {
            return confirmed(v, "\(v.text); the borrower runs in \(context)", ex, [owner, borrower], assumptions: assumptions)
        }
        if ex.exhausted {
            var r = result(.inconclusive, "the exploration budget (\(budget) states) ran out before a witness was found",
                           assumptions: assumptions)
            r.explored = ex.explored
            return r
        }
        return refutation(ex, owner, borrower, config, protections, prog, assumptions)
    }

    /// Holders and borrows whose protocol the owner-exit model does not cover.
    func ownerExitUnmodeled(_ s: FindingSubject, _ fn: FunctionFacts) -> ReplayResult? {
        if s.mixed {
            return result(.inconclusive, "\(s.holder.map { "\($0)" } ?? "the holder") is stored with mm_users on some paths and mm_count "
                + "on others: whether this borrow runs only in the configuration that holds mm_users is not modeled")
        }
        if let other = s.alsoPinned {
            return result(.inconclusive, "the call also passes `\(other)`, which is pinned; whether the notifier's mm is that same mm "
                + "(registered on it) is not modeled")
        }
        if s.ownPin {
            return result(.inconclusive, "\(fn.name)() pins the mm on other paths: "
                + "a pin kept in the object's state across calls is not modeled")
        }
        return nil
    }

    /// Where the borrower runs: the entry it runs from (if the context walk found one) and how a
    /// report says it; or the verdict when that decides the replay.
    enum BorrowerPlace {
        case runs(entry: Entry?, context: String)
        case undecided(ReplayResult)
    }

    func borrowerPlace(_ s: FindingSubject, _ fn: FunctionFacts, _ prog: Program, aio: CallSite?,
                       _ assumptions: inout [String]) -> BorrowerPlace {
        let (found, roots, unclassified) = entries(from: s.functionKey)
        if let e = found.first(where: { $0.kind == .async || $0.kind == .late }) {
            return .runs(entry: e, context: "\(e.what): \(e.chain.reversed().joined(separator: " → ")) (registered at "
                + "\(e.site.map { "\($0.file):\($0.line)" } ?? "?"))")
        } else if let ev = prog.kthreadEvidence {
            return .runs(entry: nil, context: ev)
        } else if let c = aio {
            return .runs(entry: nil, context: "the completion of an AIO request (\(s.holder!.record) is completed through "
                + "\(c.name.dropFirst(2))() at \(c.loc.file):\(c.loc.line)); it runs after the submitting syscall returned")
        } else if let e = found.first(where: { $0.kind == .syscall }) {
            assumptions.append("a process other than the one that stored the mm calls \(e.what) on the file (the fd inherited across fork "
                + "or passed over a unix socket)")
            return .runs(entry: e, context: "\(e.what) of another process: \(e.chain.reversed().joined(separator: " → "))")
        } else if let e = found.first(where: { $0.kind == .notifier }) {
            // A borrow there is the teardown's own business; a plain mmget() is not: the
            // teardown calls the callback after mm_users reached 0 (exit_mmap → unmap_vmas →
            // invalidate), so the interleaving "last mmput, then the callback" is the real one.
            guard prog.steps.contains(where: { $0.op == .mmget }) else {
                return .undecided(result(.inconclusive, "\(fn.name)() runs from \(e.what) "
                    + "(\(e.chain.reversed().joined(separator: " → "))): the mm's own teardown calls it; the owner-exit race is not the "
                    + "hazard there"))
            }
            return .runs(entry: e, context: "\(e.what) (\(e.chain.reversed().joined(separator: " → "))), which exit_mmap() itself calls "
                + "after the last mmput()")
        } else {
            var why = unclassified.prefix(2).map { $0 }
            let r = roots.prefix(3).map { displayName($0) + "()" }
            if !r.isEmpty {
                why.append("\(r.joined(separator: ", ")) \(r.count == 1 ? "has" : "have") no caller or registration in the analyzed files "
                    + "(callers are searched in the function's folder)")
            }
            return .undecided(result(.inconclusive, "where \(fn.name)() runs is unknown: " + why.joined(separator: "; ")))
        }
    }

    /// The model's configuration: what keeps struct mm_struct alive besides the users' reference.
    func exitConfig(_ s: FindingSubject, _ assumptions: inout [String]) -> ModelConfig {
        var config = ModelConfig(era: semantics.era)
        switch s.originKind {
        case "count": config.extraCount = 1
        case "none": config.extraCount = 0
        default:
            config.extraCount = 1
            assumptions.append("the origin of the mm is \(s.originKind): assuming something keeps struct mm_struct alive (mm_count)")
        }
        return config
    }

    /// The borrower's CPU: its path, started by its entry when that is a work item ->release can cancel.
    func borrowerThread(_ s: FindingSubject, _ fn: FunctionFacts, _ prog: Program, _ entry: Entry?) -> ThreadProgram {
        var borrower = ThreadProgram(name: "\(fn.name)()" + (entry.map { " (\($0.what))" } ?? ""), steps: prog.steps)
        if s.cause == .released { borrower.holdsUsers = true }
        let isWork = entry.map { $0.kind == .async && workObject($0.object) != nil } ?? false
        if isWork, let e = entry {
            borrower.cancellable = true
            let entryLoc = index.functions[e.function]?.loc
            borrower.steps.insert(Step(.start, "\(displayName(e.function))() starts (\(e.what))",
                                       file: entryLoc?.file ?? "", line: entryLoc?.line ?? 0), at: 0)
        }
        return borrower
    }

    /// The holder's ->release cancels the borrower in exit_mmap(): the protection it gives, and
    /// whether the work can be queued again afterwards.
    func releaseProtection(_ r: Release, cancels c: CallSite, _ entry: Entry?, _ config: inout ModelConfig,
                           _ assumptions: inout [String]) -> String {
        var protection = "the holder's ->release \(r.function)() (\(r.loc.file):\(r.loc.line)) runs "
            + "\(c.spelled) in exit_mmap() before unmap_vmas(), so the borrower finishes before the "
            + "address space is torn down"
        if let e = entry, let w = workObject(e.object) {
            let rq = requeueBlocked(work: w, flags: r.flags)
            config.requeueBlocked = rq.blocked
            if rq.blocked { protection += ", and it cannot be queued again: \(rq.why)" }
            else { assumptions.append("the work can be queued again after ->release: \(rq.why)") }
        }
        return protection
    }

    /// A native AIO request: exit_aio() drains it, unless io_uring may have submitted it.
    func aioProtection(_ borrower: inout ThreadProgram, _ assumptions: inout [String]) -> String? {
        switch semantics.ioUring {
        case .absent:
            borrower.nativeAIO = true
            return "exit_aio() drains native AIO requests before exit_mmap() and the tree cannot submit kiocbs through io_uring "
                + "(\(semantics.ioUringSource))"
        case .present:
            assumptions.append("the request was submitted through io_uring (\(semantics.ioUringSource)): exit_aio() does not see it and "
                + "do_exit() waits only for tracked io_uring requests before exit_mm() (\(cite(.ioUringExit)))")
        case .unknown:
            assumptions.append("confirmed if CONFIG_IO_URING=y: a request submitted through io_uring is not drained by exit_aio() "
                + "(\(semantics.ioUringSource))")
        }
        return nil
    }

    /// Driver synchronization in the window: an assumption each, or the verdict when it may
    /// order the borrow against the holder's ->release in a way the model does not follow.
    func driverSyncVerdict(_ prog: Program, _ rels: [Release], _ assumptions: inout [String]) -> ReplayResult? {
        for (c, label, kind) in prog.syncs {
            let field: Field? = { if let a = c.args.first, case .path(let p) = a { return p.fields.last }; return nil }()
            switch kind {
            case "lock":
                if let r = rels.first(where: { rel in field.map { rel.lockFields.contains($0) } ?? false }) {
                    return result(.inconclusive, "\(label) at \(c.loc.file):\(c.loc.line) may order the borrow against the holder's "
                        + "->release \(r.function)(), which takes the same lock; the model does not follow that protocol")
                }
                assumptions.append("\(label) at line \(c.loc.line) cannot order the borrow against the owner's exit: mmput → exit_mmap "
                    + "takes no driver lock\(rels.isEmpty ? "" : " (the holder's ->release does not take it)") "
                    + "(\(cite(.mmputTeardown)))")
            case "read":
                if let r = rels.first(where: { $0.gracePeriods.contains(field) }) {
                    return result(.inconclusive, "\(label) at \(c.loc.file):\(c.loc.line) is a read-side section the holder's ->release "
                        + "\(r.function)() waits for (a grace period); the model does not follow that protocol")
                }
                assumptions.append("\(label) at line \(c.loc.line) is a read-side section: it excludes nothing, and no ->release on the "
                    + "exit path waits for its grace period")
            default:
                if !rels.isEmpty {
                    return result(.inconclusive, "\(label) at \(c.loc.file):\(c.loc.line) waits in the borrow's window while the holder's "
                        + "->release runs driver code on the exit path; the model does not know what it waits for")
                }
                assumptions.append("\(label) at line \(c.loc.line) only delays the borrower: "
                    + "the exit path runs no driver code that it could wait for")
            }
        }
        return nil
    }

    /// Refuted: say which mechanism. Take each protection away; the one whose absence brings a
    /// violation back is the reason.
    func refutation(_ ex: Exploration, _ owner: ThreadProgram, _ borrower: ThreadProgram, _ config: ModelConfig,
                    _ protections: [String: String], _ prog: Program, _ assumptions: [String]) -> ReplayResult {
        var reasons: [String] = []
        if protections["release"] != nil {
            let bare = vocab.ownerExit.program(era: semantics.era, release: nil)
            if Model(threads: [bare, borrower], config: config).explore(budget: budget).violation != nil {
                reasons.append(protections["release"]!)
            }
        }
        if protections["aio"] != nil {
            var b = borrower; b.nativeAIO = false
            if Model(threads: [owner, b], config: config).explore(budget: budget).violation != nil { reasons.append(protections["aio"]!) }
        }
        if reasons.isEmpty {
            if !ex.completed {
                return result(.inconclusive, "the path's branch outcomes cannot all be met in the model", assumptions: assumptions)
            }
            reasons.append(eraReason(prog))
        }
        var r = result(.refuted, reasons.joined(separator: "; "), assumptions: assumptions)
        r.explored = ex.explored
        r.cpus = [owner.name, borrower.name]
        return r
    }

    func eraReason(_ p: Program) -> String {
        switch semantics.era {
        case .writeLocked:
            return "on \(semantics.era.rawValue) exit_mmap() holds mmap_write_lock over the whole teardown "
                + "(\(cite(.era5_17))): the borrower's faults and lookups serialize against it and find no VMA afterwards "
                + "(-EFAULT); mm_count keeps the struct"
        case .splitLocks where p.faults > 0:
            return "no interleaving of this path with the owner's exit leaves a live PTE in a freed page table or touches freed memory"
        case .splitLocks:
            return "the borrower only reads the address space under mmap_read_lock, and from 5.17 VMAs and page tables are freed only "
                + "under mmap_write_lock (\(cite(.era6_1))); mm_count keeps the struct"
        case .unlocked:
            return "no interleaving of this path with the owner's exit touches freed memory"
        }
    }

    // MARK: - pmd: a lockless walker

    /// The pmd entries for which each test is true.
    static let pmdTestTruths: [String: Set<PMDEntry>] = [
        "pmd_present": [.presentHuge, .presentTable], "pmd_trans_huge": [.presentHuge], "pmd_devmap": [.presentHuge],
        "pmd_leaf": [.presentHuge], "pmd_large": [.presentHuge], "pmd_none": [.none],
        "is_pmd_migration_entry": [.migration], "is_swap_pmd": [.migration],
        "pmd_trans_huge_lock": [.presentHuge, .migration], "__pmd_trans_huge_lock": [.presentHuge, .migration],
    ]
    /// Page-table locks: a test made before one proves nothing about the entry after it.
    static let pmdTestResetters: Set<String> = [
        "pmd_lock", "pud_lock", "spin_lock", "spin_unlock", "pmd_trans_huge_lock", "__pmd_trans_huge_lock",
    ]

    func gupFast(_ f: Finding, _ s: FindingSubject, _ fn: FunctionFacts) -> ReplayResult {
        let cs = fn.callsByID
        // Which entries does the path allow at the invalidation? Tests made before the last
        // page-table lock on the path prove nothing (the entry may change until it is held).
        let all: [PMDEntry] = [.none, .presentHuge, .presentTable, .migration]
        var allowed = Set(all)
        var tests: [String] = [], unmodeled: [String] = []
        let truthSets = Replayer.pmdTestTruths
        let resetters = Replayer.pmdTestResetters
        let path = s.nodes
        for (k, idx) in path.enumerated() {
            switch fn.nodes[idx].kind {
            case .event(.call(let c)) where resetters.contains(c.name):
                allowed = Set(all); tests.removeAll(); unmodeled.removeAll()
            case .branch(let cond, let text, let loc):
                guard k + 1 < path.count else { continue }
                var c = cond, truth = fn.nodes[idx].succs.first == path[k + 1]
                while case .not(let inner) = c { c = inner; truth.toggle() }
                guard case .truthy(.call(let id)) = c, let call = cs[id], call.args.contains(where: { a in
                    if case .path(let p) = a { return p.fields.last == s.target.fields.last && p.base == s.target.base }
                    return false
                }) else { continue }
                if let set = truthSets[call.name] {
                    allowed = truth ? allowed.intersection(set) : allowed.subtracting(set)
                    let spelled = text.isEmpty ? "\(call.spelled)" : text
                    tests.append("`\(spelled)` is \(truth) at line \(loc.line)")
                } else {
                    unmodeled.append("`\(text.isEmpty ? call.name + "()" : text)` at line \(loc.line)")
                }
            default: break
            }
        }
        guard case .event(.call(let inv)) = fn.nodes[s.useNode].kind else {
            return result(.inconclusive, "the invalidation is not a call the model knows")
        }
        if !unmodeled.isEmpty {
            return result(.inconclusive, "the path tests the entry with \(unmodeled.joined(separator: ", ")), "
                + "which the model cannot evaluate")
        }
        guard allowed.contains(.migration) else {
            return result(.refuted, "the path's own tests (\(tests.joined(separator: "; "))) leave only "
                + "\(allowed.map(\.rawValue).sorted().joined(separator: ", ")) entries at \(inv.name)(); a migration entry cannot reach it")
        }
        // Judge the contract once, then show the impact: on the configured architecture's pmd
        // encoding, or on each the model has (a plain tree, another architecture).
        let invLabel = "\(inv.name)() on a migration entry"
        var impacts: [String] = []
        var witness: Exploration?
        let arches = semantics.arch.map { [$0] } ?? Arch.allCases
        for arch in arches {
            var cfg = ModelConfig(era: semantics.era); cfg.arch = arch; cfg.pmd = .migration
            let cpu0 = ThreadProgram(name: "\(fn.name)() holds the pmd lock", steps: [
                Step(.pmdInvalidate, invLabel + (arch == .arm64 ? " → present-invalid" : " → offset bits rewritten"),
                     file: inv.loc.file, line: inv.loc.line)])
            let cpu1 = ThreadProgram(name: "GUP-fast walker (no page-table lock)", steps: [
                Step(.gupFastRead, "gup_fast_pmd_range(): pmd_present() is true; swap bits used as a pfn",
                     kernel: KernelRef("mm/gup.c", "gup_fast_pmd_range", anchors: ["pmd_present"], otherNames: ["gup_pmd_range"]))])
            let ex = Model(threads: [cpu0, cpu1], config: cfg).explore(budget: budget)
            if let v = ex.violation {
                impacts.append("\(arch.rawValue): \(v.text)")
                if arch == .arm64 || arches.count == 1 { witness = ex }
            }
        }
        let why = tests.isEmpty
            ? "nothing on the path tests the entry under its lock"
            : "the path's tests (\(tests.joined(separator: "; "))) do not exclude a migration entry"
        let opName = s.operation ?? inv.name
        var r = result(.confirmed, "\(opName)() requires a present entry (\(cite(.pmdContract))) and \(why). Impact: "
            + "\(impacts.joined(separator: "; "))")
        r.violation = "pmd-invalidate-non-present"
        if let w = witness {
            r.cpus = ["\(fn.name)() (the invalidation)", "GUP-fast walker (lockless)"]
            r.trace = w.witness.map(traceStep)
            r.explored = w.explored
        }
        return r
    }
}

extension Replayer {
    /// notifier-release-does-more: the owner's exit (mmu_notifier_release) and the driver's
    /// mmu_notifier_unregister() each call ->release. Confirmed when the driver calls
    /// mmu_notifier_unregister() next to its ops table; without one, ->release runs once (exit)
    /// or never (mmu_notifier_put): inconclusive.
    func releaseTwice(_ f: Finding, _ s: FindingSubject, _ fn: FunctionFacts) -> ReplayResult {
        guard case .event(.call(let op)) = fn.nodes[s.useNode].kind else {
            return result(.inconclusive, "the finding's call is not available to replay")
        }
        let root = s.callback ?? s.functionKey
        let rootName = index.functions[root]?.name ?? displayName(root)
        var files = Set([index.functions[root]?.loc.file ?? fn.loc.file])
        for u in index.callbackUses[root] ?? [] { files.insert(u.loc.file) }
        var unregister: (CallSite, String)?
        for key in index.calling(vocab.unregisters).sorted() {
            guard let g = index.functions[key], files.contains(g.loc.file) else { continue }
            for n in g.nodes {
                if case .event(.call(let c)) = n.kind, vocab.unregisters.contains(c.name) { unregister = (c, g.name); break }
            }
            if unregister != nil { break }
        }
        guard let (u, caller) = unregister else {
            return result(.inconclusive, "\(rootName)() runs twice only if the driver also calls mmu_notifier_unregister() on the "
                + "subscription; \(files.sorted().joined(separator: ", ")) calls none (mmu_notifier_put() does not call ->release)")
        }
        let label = "\(op.spelled)"
        let exit = ThreadProgram(name: "owner exits: exit_mmap() → mmu_notifier_release()", steps: [
            Step(.releaseCallback, "mn_hlist_release() → \(rootName)(): \(label)",
                 kernel: KernelRef("mm/mmu_notifier.c", "mn_hlist_release", anchors: ["ops->release("]))])
        let unreg = ThreadProgram(name: "\(caller)() → mmu_notifier_unregister()", steps: [
            Step(.releaseCallback, "mmu_notifier_unregister() → \(rootName)(): \(label) (the subscription is still hashed)",
                 file: u.loc.file, line: u.loc.line)])
        let ex = Model(threads: [exit, unreg], config: ModelConfig(era: semantics.era)).explore(budget: budget)
        guard let v = ex.violation else {
            return result(.refuted, "the model found no interleaving in which \(rootName)() runs twice")
        }
        return confirmed(v, "\(v.text): \(cite(.releaseTwice)); \(caller)() calls mmu_notifier_unregister() at "
            + "\(u.loc.file):\(u.loc.line), so \(label) at \(op.loc.file):\(op.loc.line) can run a second time on what the first run freed "
            + "or unlinked", ex, [exit, unreg])
    }
}

extension Replayer {
    /// mm-users-heuristic: the function reads mm_users == 1 and acts as the only user; a kernel
    /// thread takes mm_users (mmget_not_zero) and borrows the mm on another CPU in between.
    func borrowerBreaksSnapshot(_ f: Finding, _ s: FindingSubject, _ fn: FunctionFacts) -> ReplayResult {
        guard let g = s.guardNode, case .branch(_, let text, let tloc) = fn.nodes[g].kind,
              case .event(.call(let use)) = fn.nodes[s.useNode].kind else {
            return result(.inconclusive, "the finding's test and shortcut are not available to replay")
        }
        let shortcut = use.macro.map { "\($0)() → \(use.name)()" } ?? "\(use.spelled)"
        let me = ThreadProgram(name: "\(fn.name)() (the mm's only user, it thinks)", steps: [
            Step(.usersSnapshot, "`\(text)` is true: mm_users is 1", file: tloc.file, line: tloc.line),
            Step(.singleUserShortcut, shortcut, file: use.loc.file, line: use.loc.line)])
        let borrower = ThreadProgram(name: "a kernel thread borrowing the mm (io_uring worker, vhost, driver work)", steps: [
            Step(.mmgetNotZero(true), "mmget_not_zero(mm) → true", kernel: KernelRef("include/linux/sched/mm.h", "mmget_not_zero")),
            Step(.useMM, "kthread_use_mm(mm): switches this CPU to the mm",
                 kernel: KernelRef("kernel/kthread.c", "kthread_use_mm", anchors: ["switch_mm_irqs_off"]))])
        let ex = Model(threads: [me, borrower], config: ModelConfig(era: semantics.era)).explore(budget: budget)
        guard let v = ex.violation else {
            return result(.refuted, "the model found no interleaving in which a borrower runs on the mm during the shortcut")
        }
        return confirmed(v, "\(v.text); \(cite(.mmgetNotZero)): a borrower can take mm_users right after `\(text)` read 1",
                         ex, [me, borrower],
                         assumptions: ["a kernel thread can borrow this mm (kthread_use_mm after mmget_not_zero): io_uring's io-wq did "
                             + "before 5.12, vhost and drivers still do"])
    }
}

extension Replayer {
    /// mapped-memory-freed: CPU 0 is the driver's path to the free, CPU 1 user space that
    /// mapped the memory through the driver's ->mmap and goes on using it. A zap on CPU 0's
    /// path (the rule's `zaps:`) takes the PTEs away before the free.
    func userKeepsMapping(_ f: Finding, _ s: FindingSubject, _ fn: FunctionFacts, _ rule: Rule) -> ReplayResult {
        guard let ins = s.mappedBy, case .event(.call(let free)) = fn.nodes[s.useNode].kind else {
            return result(.inconclusive, "the finding's mapping and free are not available to replay")
        }
        let zaps = Set(rule.match["zaps"] ?? [])
        var driver: [Step] = []
        for n in s.nodes where n != s.useNode {
            if case .event(.call(let c)) = fn.nodes[n].kind, zaps.contains(c.name) {
                driver.append(Step(.zapMapping, "\(c.name)() — removes the user mappings", file: c.loc.file, line: c.loc.line))
            }
        }
        driver.append(Step(.freeMapped, "\(free.spelled) — the memory goes back to the allocator",
                           file: free.loc.file, line: free.loc.line))
        let owner = ThreadProgram(name: "\(fn.name)() (the driver)", steps: driver)
        let user = ThreadProgram(name: "user space that mmap()ed the device", steps: [
            Step(.mapPFN, "\(s.mappedIn ?? "->mmap")() → \(ins.name)() — PTEs to the memory in its page tables, no page reference",
                 file: ins.loc.file, line: ins.loc.line),
            Step(.userTouch, "a load or store through the mapping")])
        return race(owner, user, refuted: "the model found no interleaving in which user space reaches the freed memory: the mappings "
                        + "are removed before the free",
                    assumptions: ["the mapping outlives the call to \(fn.name)(): the file stays open (or the vma mapped) while the "
                        + "driver frees, as after an unbind or a reallocation"])
    }

    /// The device-mapping replays: the driver's steps on CPU 0 against user space on CPU 1.
    func race(_ driver: ThreadProgram, _ user: ThreadProgram, refuted: String, assumptions: [String]) -> ReplayResult {
        let ex = Model(threads: [driver, user], config: ModelConfig(era: semantics.era)).explore(budget: budget)
        guard let v = ex.violation else { return result(.refuted, refuted) }
        return confirmed(v, v.text, ex, [driver, user], assumptions: assumptions)
    }
}

extension Replayer {
    /// revoke-order: the driver zaps, then changes the state its fault (or mmap) path tests;
    /// user space faults on the mapping concurrently. Confirmed when a fault can pass the test
    /// between the two and leave a PTE behind the revoke.
    func faultSlipsIntoRevoke(_ f: Finding, _ s: FindingSubject, _ fn: FunctionFacts) -> ReplayResult {
        // The state change: a store (`d->dead = true`) or a call that writes state (`idr_remove(…)`).
        let change: (text: String, loc: SourceLoc)?
        switch fn.nodes[s.useNode].kind {
        case .event(.assign(_, _, let text, let loc, _)): change = (text, loc)
        case .event(.call(let c)): change = (c.spelled, c.loc)
        default: change = nil
        }
        guard let z = s.zapNode, case .event(.call(let zap)) = fn.nodes[z].kind, let (text, loc) = change else {
            return result(.inconclusive, "the finding's zap and state change are not available to replay")
        }
        let zapStep = Step(.zapMapping, "\(zap.spelled) — removes the user mappings", file: zap.loc.file, line: zap.loc.line)
        let stopStep = Step(.stopMapping, "`\(text)` — the fault path refuses from now on", file: loc.file, line: loc.line)
        let done = Step(.revokeDone, "the revoke is done: what was mapped goes away (freed, powered down or handed on)")
        let mapper = s.mappedIn ?? "the fault handler"
        if let lock = s.escapeLock, let insert = s.escapeInsert {
            return insertAfterSection(lock: lock, insert: insert, mapper: mapper, fn: fn,
                                      revoke: s.nodes.firstIndex(of: z)! < s.nodes.firstIndex(of: s.useNode)! ? [zapStep, stopStep]
                                          : [stopStep, zapStep], done: done)
        }
        if s.nodes.firstIndex(of: s.useNode)! < s.nodes.firstIndex(of: z)! {
            // The state changes first, with no grace period: the fault tested before it.
            let driver = ThreadProgram(name: "\(fn.name)() (the revoke)", steps: [stopStep, zapStep, done])
            let user = ThreadProgram(name: "user space touching the mapping", steps: [
                Step(.testMapping, (s.callback == "mmap" ? "mmap() → " : "page fault → ")
                     + "\(mapper)(): the state test passes (the revoke has not changed it yet)"),
                Step(.insertPFN, "the PTE is inserted, without testing again"),
                Step(.userTouch, "a load or store through the re-inserted PTE")])
            return race(driver, user, refuted: "the model found no interleaving in which a fault re-inserts a PTE after the revoke",
                        assumptions: [s.testLocks.map { "\(mapper)() holds \($0.joined(separator: ", ")) from its test to its insert, "
                                          + "which the revoke neither holds at the state change nor takes before the zap" }
                                      ?? "\(mapper)() tests the state under no lock and no read section the revoke waits for"])
        }
        let driver = ThreadProgram(name: "\(fn.name)() (the revoke)", steps: [zapStep, stopStep, done])
        let user = ThreadProgram(name: "user space touching the mapping", steps: [
            Step(.mapPFN, (s.callback == "mmap" ? "mmap() → " : "page fault → ")
                 + "\(mapper)(): the state test passes, a PTE is inserted again"),
            Step(.userTouch, "a load or store through the re-inserted PTE")])
        return race(driver, user, refuted: "the model found no interleaving in which a fault re-inserts a PTE after the revoke",
                    assumptions: ["\(mapper)() tests the state without a lock the revoke holds across the zap and the store "
                        + "(mmlint found none in common)"])
    }
}

extension Replayer {
    /// revoke-order, the fault that inserts outside its section: the revoke changes the state and
    /// zaps inside one section of `lock`; the fault tests the state inside a section of the same
    /// lock and inserts after dropping it. Confirmed when the test can pass before the revoke's
    /// section and the insert land after it.
    func insertAfterSection(lock: String, insert: CallSite, mapper: String, fn: FunctionFacts, revoke: [Step],
                            done: Step) -> ReplayResult {
        let driver = ThreadProgram(name: "\(fn.name)() (the revoke)", steps:
            [Step(.driverLock, "takes \(lock)")] + revoke + [Step(.driverUnlock, "drops \(lock)"), done])
        let user = ThreadProgram(name: "user space touching the mapping", steps: [
            Step(.driverLock, "page fault → \(mapper)(): takes \(lock)"),
            Step(.testMapping, "the state test passes (the revoke has not run)"),
            Step(.driverUnlock, "drops \(lock)"),
            Step(.insertPFN, "\(insert.spelled) — inserts the PTE after the lock is dropped, without testing again",
                 file: insert.loc.file, line: insert.loc.line),
            Step(.userTouch, "a load or store through the re-inserted PTE")])
        return race(driver, user, refuted: "the model found no interleaving in which the insert lands after the revoke's section",
                    assumptions: ["\(lock) is the one lock of both sections; the fault tests nothing else before its insert"])
    }
}

extension Finding {
    /// Has a path replay can run (every finding of a rule with an adversary does).
    public func replayable(_ rules: RuleSet) -> Bool {
        subject != nil && (rules.rule(rule)?.adversary ?? .none) != .none
    }
}
