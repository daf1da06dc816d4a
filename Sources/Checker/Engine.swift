import Facts
import Findings
import Foundation
import Index

/// Where the mm at a use comes from.
public enum Origin: Equatable {
    case users(String)
    case current
    case immortal
    case vma
    case task
    case param(Int)
    case count([FieldStore], String)
    case none([FieldStore], String)
    case mixed([FieldStore], String)
    case unknown(String)

    public static func == (a: Origin, b: Origin) -> Bool { a.name == b.name }
    public var name: String {
        switch self {
        case .users: return "users"
        case .current: return "current"
        case .immortal: return "immortal"
        case .vma: return "vma context"
        case .task: return "task"
        case .param: return "parameter"
        case .count: return "count"
        case .none: return FindingSubject.noOrigin
        case .mixed: return "mixed"
        case .unknown: return "unknown"
        }
    }
}

/// Holder class of one store.
enum StoreClass: String { case users, count, none, unknown }

/// Runs the rules over the index: summaries to a fixpoint, the holder table, then findings.
/// Shared by the checker threads of run(): the summaries and tables are complete before they
/// start, the holder table is locked.
public final class Engine: ContractSource, @unchecked Sendable {
    let rules: RuleSet
    let index: TreeIndex
    let version: (Int, Int)?
    var vocab: Vocabulary { rules.vocabulary }
    /// Vocabulary contracts with the rules' operations folded in as requirements.
    var apis: [String: Contract] = [:]
    var summaries: [String: Contract] = [:]
    private var holderCache: [Field: Origin] = [:]
    /// Holders of a member read through a struct that is also copied whole (keyed "owner|member").
    private var copiedHolderCache: [String: Origin] = [:]
    /// The core rules and the family rules run on up to `jobs` threads after the summaries;
    /// the holder table is the state they share.
    private let holderLock = NSLock()
    private let getterLock = NSLock()
    /// The lock helpers (Family.swift), built by the first family task that asks.
    let lockWrapperLock = NSLock()
    var lockWrapperTable: [String: LockWrapper]?
    private var getterCache: [String: ArgPath?] = [:]
    private var memberGetterCache: [String: Field?] = [:]
    /// peekGetter() and lookupWrapper(), asked from the checker threads.
    private let peekLock = NSLock()
    private var peekCache: [String: CallSite?] = [:]
    private var lookupWrapperCache: [String: Bool] = [:]
    public var jobs = 1
    /// Set once computeSummaries is done: the holder table (which reads summaries) must not be
    /// asked before (the reference walk runs beside the summaries in run()).
    private var summariesDone = false
    public private(set) var summaryRounds = 0
    /// Set before run(): the engine of the same rules over a smaller index this one grows (a
    /// context round adds a few files): the summaries no added file can change are taken from it
    /// with their dataflows (dirtyKeys), the rest computed. It must keep its dataflows.
    public var prior: Engine?
    /// The configuration the engine was made with (a fresh engine of the same inputs: checkSeeded()).
    private let config: [String: String]?
    /// Keep each function's dataflow after run(), for an engine seeded by this one; releaseFlows()
    /// drops them.
    public var keepsFlows = false
    /// The relevant functions of the last summary computation, and how many were taken from `prior`.
    private(set) var relevantKeys: [String] = []
    public private(set) var seededFrom = 0
    /// Each summarized function's last dataflow: once the summaries converge it was computed
    /// with its callees' final summaries (a change re-queues the callers), so the checks reuse
    /// it instead of running the same dataflow again.
    private var flows: [String: Dataflow] = [:]
    /// Seconds spent per rule by the last run() (`core`: the requirement rules together).
    public internal(set) var ruleSeconds: [String: Double] = [:]
    /// "current->mm is NULL" through values (kthread-test-by-null-mm, replay).
    public let nullMM: NullMMTests

    /// `config`: the kernel configuration's options (`CONFIG_X` → value), nil when unknown.
    public init(rules: RuleSet, index: TreeIndex, version: (Int, Int)?, config: [String: String]? = nil) {
        self.rules = rules; self.index = index; self.version = version
        self.config = config
        nullMM = NullMMTests(index: index)
        apis = rules.vocabulary.apis
        // Effects gated on a configuration option hold only where the option is known unset.
        for (name, c) in apis where c.gains.contains(where: { $0.unlessConfig != nil }) {
            apis[name]!.gains = c.gains.filter { e in
                guard let opt = e.unlessConfig else { return true }
                guard let cfg = config, !cfg.isEmpty else { return false }
                return cfg[opt] == nil
            }
        }
        for r in rules.rules {
            for op in r.operations where gateOpen(op) {
                apis[op.call, default: Contract()].requires.append(
                    Requirement(fact: r.requires, on: op.on, rule: r.id, via: []))
            }
        }
    }

    func gateOpen(_ op: Operation) -> Bool {
        // No version: a current kernel, unless the call's very name dates the tree (use_mm).
        guard let v = version else { return op.before == nil || op.eraByName }
        if let b = op.before, !(v < (b.major, b.minor)) { return false }
        if let s = op.since, v < (s.major, s.minor) { return false }
        return true
    }

    func contract(for call: CallSite) -> Contract? {
        if let c = apis[call.name] { return c }
        if let c = summaries[call.callee] { return c }
        if call.callee.hasPrefix("->"), let ts = opsTargets[call.callee] { return opsContract(ts) }
        return nil
    }

    // MARK: - ops tables

    /// At most this many functions stored into one member make its calls resolvable: a member
    /// filled from many places (file_operations.read) is a dispatch point, not an edge.
    static let maxOpsTargets = 4

    /// Calls through a member (`ops->vcpu_run(vcpu)`, callee `->struct kvmppc_ops.vcpu_run`)
    /// resolved to the functions stored into that member anywhere in the index (a designated
    /// initializer or an assignment), when there are 1…maxOpsTargets of them, all indexed.
    lazy var opsTargets: [String: [String]] = {
        var stored: [Field: Set<String>] = [:]
        for (g, uses) in index.callbackUses {
            for u in uses where u.call == nil { if let f = u.field { stored[f, default: []].insert(g) } }
        }
        var out: [String: [String]] = [:]
        for (f, fns) in stored where (1...Engine.maxOpsTargets).contains(fns.count) && fns.allSatisfy({ index.functions[$0] != nil }) {
            out["->" + f.description] = fns.sorted()
        }
        return out
    }()

    /// Functions used as a value where no member store or call records it (a local or global
    /// holding it, a return value): their calls cannot be found.
    lazy var looseFunctionValues: Set<String> = {
        var out: Set<String> = []
        for fn in index.functions.values {
            for n in fn.nodes {
                switch n.kind {
                case .event(.assign(let l, .function(let g), _, _, _)) where l.last == nil: out.insert(g)
                case .event(.ret(.function(let g)?, _)): out.insert(g)
                default: break
                }
            }
        }
        return out
    }()

    /// The ops members a function is reached through, when they are the only way it is reached:
    /// no direct caller, not held loose, and every use of its address a store into a member whose
    /// calls resolve (opsTargets). Nil otherwise (a callback passed to a registration call, a
    /// member filled from many places, a function also called directly).
    func opsFields(_ key: String) -> [Field]? {
        guard (index.callers[key] ?? []).isEmpty, !looseFunctionValues.contains(key),
              let uses = index.callbackUses[key], !uses.isEmpty else { return nil }
        var fields: [Field] = []
        for u in uses {
            guard u.call == nil, let f = u.field, opsTargets["->" + f.description]?.contains(key) == true else { return nil }
            if !fields.contains(f) { fields.append(f) }
        }
        return fields
    }

    /// The functions (checked ones: not contract functions) that call through member `f`.
    func opsDispatchers(of f: Field) -> [String] {
        index.dispatchers(of: f).filter { index.functions[$0].map { !isContractFunction($0) } ?? false }.sorted()
    }

    /// Ops-table functions → the functions that call them through their members.
    lazy var opsCallers: [String: Set<String>] = {
        var out: [String: Set<String>] = [:]
        for key in index.callbackUses.keys {
            guard let fs = opsFields(key) else { continue }
            for f in fs { out[key, default: []].formUnion(opsDispatchers(of: f)) }
        }
        return out
    }()

    /// Every member the function is stored into is called somewhere in the index: its callers
    /// through those members are all its callers.
    func dispatchComplete(_ fn: FunctionFacts) -> Bool {
        guard let fs = opsFields(fn.key) else { return false }
        return fs.allSatisfy { !opsDispatchers(of: $0).isEmpty }
    }

    /// The contract of a call through a resolved member: the origin requirements of the
    /// functions stored there (never their effects: which one runs is not known).
    func opsContract(_ targets: [String]) -> Contract? {
        var reqs: Set<Requirement> = []
        for t in targets {
            for r in summaries[t]?.requires ?? [] where rules.rule(r.rule)?.evidence == .origin { reqs.insert(r) }
        }
        var c = Contract()
        c.requires = reqs.sorted(by: Engine.requirementOrder)
        // The references every implementation takes or drops alike (`if (!d->ops->get_mm(d))
        // return;` with one get_mm): the call's own. Where they differ, none (as before).
        let effects = targets.map { t in summaries[t].map { [$0.gains, $0.loses] } ?? [[], []] }
        if let e = effects.first, effects.allSatisfy({ $0 == e }) { c.gains = e[0]; c.loses = e[1] }
        if c.requires.isEmpty && c.gains.isEmpty && c.loses.isEmpty { return nil }
        return c
    }

    /// The identity of a requirement below an ops-member call: its rule and the call chain
    /// from the ops function down to the operation.
    static func opsKey(_ rule: String, _ via: [SourceLoc]) -> String {
        rule + "|" + via.map { "\($0.file):\($0.line):\($0.column)" }.joined(separator: "|")
    }

    /// The ops-function requirements a requirement at this call carries (one per ops-member
    /// call on its way up: the call itself, or a step of its chain).
    func opsKeys(_ r: Requirement, _ call: CallSite) -> [String] {
        var out: [String] = []
        if call.callee.hasPrefix("->"), opsTargets[call.callee] != nil { out.append(Engine.opsKey(r.rule, r.via.map(\.loc))) }
        for (j, v) in r.via.enumerated() where v.text.hasPrefix("->") { out.append(Engine.opsKey(r.rule, r.via[(j + 1)...].map(\.loc))) }
        return out
    }

    /// Requirements of ops functions not discharged on some path up from their dispatchers.
    private var opsUndischarged: Set<String> = []
    /// Findings inside ops functions that wait for the verdict of their dispatchers' callers.
    private var opsPending: [String: [(Finding, String)]] = [:]
    /// Finding keys (file:line:rule:function) of ops-function findings every caller discharged.
    public private(set) var opsDischarged: Set<String> = []
    /// Ops-function findings kept because some requirement was not discharged: what the
    /// context rounds could still clear (none: the rounds have nothing to gain).
    public private(set) var opsKept = 0
    /// Where more callers may be (the run parses them as context): folder → words (the member
    /// an ops function is stored in that nothing here calls; a non-static function on the way
    /// up that nothing here calls).
    public private(set) var contextWords: [String: Set<String>] = [:]
    /// Only the requirement rules (a context round of the ops-member analysis).
    public var coreOnly = false
    public private(set) var summariesConverged = true

    /// Functions that asked for context (their findings are what the rounds may clear).
    public private(set) var contextWanters: Set<String> = []

    /// Family rules that would judge more with files the selection left out: rule id → folder →
    /// words (a framework's exported functions that nothing parsed calls: its drivers, which
    /// call them from their teardown, are in the folder). The run parses them and runs those
    /// rules again (MMLint.familyContextRound); their new findings are in the selected files.
    public private(set) var familyContextWords: [String: [String: Set<String>]] = [:]
    /// Per rule: a context file must also name one of these (the members its callbacks are
    /// stored in: a file that registers a remove() spells `.remove`).
    public private(set) var familyContextAlso: [String: Set<String>] = [:]
    /// Folders of familyContextWords whose subfolders' files are asked too (a library file's
    /// exported functions, called by the drivers below it: drivers/crypto/hisilicon/qm.c and
    /// zip/, sec2/, hpre/).
    public private(set) var familyContextDeep: Set<String> = []
    private let familyContextLock = NSLock()

    func wantFamilyContext(_ rule: Rule, _ file: String, _ words: [String], alsoNaming also: [String] = [], subfolders: Bool = false) {
        guard !words.isEmpty else { return }
        familyContextLock.lock(); defer { familyContextLock.unlock() }
        let dir = (file as NSString).deletingLastPathComponent
        familyContextWords[rule.id, default: [:]][dir, default: []].formUnion(words)
        familyContextAlso[rule.id, default: []].formUnion(also)
        if subfolders { familyContextDeep.insert(dir) }
    }

    func wantContext(_ fn: FunctionFacts, _ word: String) {
        let dir = (fn.loc.file as NSString).deletingLastPathComponent
        contextWords[dir, default: []].insert(word)
        contextWanters.insert(fn.key)
    }

    func isContractFunction(_ fn: FunctionFacts) -> Bool {
        apis[fn.name] != nil || vocab.contractFiles.contains(fn.loc.file)
    }

    // MARK: - relevance

    /// Functions that (transitively) call something with a contract: only these need dataflow.
    func relevantFunctions() -> [String] {
        var relevant: Set<String> = []
        var work: [String] = []
        for k in index.calling(apis.keys).sorted() {
            if let fn = index.functions[k], apis[fn.name] == nil { relevant.insert(k); work.append(k) }
        }
        // An owner check written as a helper (`return c->mm == current->mm;`) calls no contract
        // API, yet its true result pins what it compared: its callers need its summary.
        for (k, fn) in index.functions where !relevant.contains(k) && returnsRunningMMTest(fn) { relevant.insert(k); work.append(k) }
        // So does a getter handing an mm back through an out-parameter (`*out = c->mm;`): its
        // callers learn what their local names (outMMOwners).
        for (k, fn) in index.functions where !relevant.contains(k) && handsBackMM(fn) { relevant.insert(k); work.append(k) }
        while let k = work.popLast() {
            for c in (index.callers[k] ?? []).union(opsCallers[k] ?? []) where !relevant.contains(c) {
                if let fn = index.functions[c], apis[fn.name] == nil { relevant.insert(c); work.append(c) }
            }
        }
        return relevant.sorted()
    }

    /// Does the function store through a `struct mm_struct **` parameter?
    func handsBackMM(_ fn: FunctionFacts) -> Bool {
        let outs = fn.params.indices.filter { fn.params[$0].type.replacingOccurrences(of: " ", with: "") == "structmm_struct**" }
        guard !outs.isEmpty else { return false }
        return fn.nodes.contains { n in
            guard case .event(.assign(let l, _, _, _, _)) = n.kind, l.fields.isEmpty, case .param(let i) = l.base else { return false }
            return outs.contains(i)
        }
    }

    /// Does the function return a comparison with the running task's mm?
    func returnsRunningMMTest(_ fn: FunctionFacts) -> Bool {
        fn.nodes.contains { n in
            guard case .event(.ret(.test(let c), _)) = n.kind else { return false }
            return c.exprs.contains { e in
                if case .path(let p) = e { return vocab.isRunningTaskMM(p) }
                return false
            }
        }
    }

    // MARK: - summaries

    /// Member paths of one record that name the same mm, learned from bind sites anywhere in
    /// the tree: `mmu_interval_notifier_insert(&umem_odp->notifier, umem_odp->umem.owning_mm, …)`
    /// makes `notifier.mm` and `umem.owning_mm` of `struct ib_umem_odp` one object.
    lazy var memberEquivalences: [([Field], [Field])] = {
        var out: Set<[Field]> = []
        var pairs: [([Field], [Field])] = []
        for key in index.calling(apis.filter { !$0.value.binds.isEmpty }.keys).sorted() {
            guard let fn = index.functions[key] else { continue }
            for n in fn.nodes {
                guard case .event(.call(let c)) = n.kind, let cc = apis[c.name] else { continue }
                for b in cc.binds {
                    guard b.path.arg >= 0, b.path.arg < c.args.count, b.to.arg < c.args.count,
                          case .path(let l0) = c.args[b.path.arg], case .path(let r0) = c.args[b.to.arg] else { continue }
                    let l = l0.fields + b.path.fields, r = r0.fields + b.to.fields
                    guard l0.base == r0.base, !l0.fields.isEmpty, !r0.fields.isEmpty, l != r,
                          l[0].record == r[0].record, !out.contains(l + [Field(record: "=", name: "")] + r) else { continue }
                    out.insert(l + [Field(record: "=", name: "")] + r)
                    pairs.append((l, r)); pairs.append((r, l))
                }
            }
        }
        return pairs
    }()

    /// Bound members of one record named by a member of another, learned from bind sites where
    /// the two sides start from different objects: `mmu_interval_notifier_insert(&n->notifier,
    /// mm, …)` with `mm = gpusvm->mm` (6.14+ drm_gpusvm) makes the mm of every `struct
    /// drm_gpusvm_notifier.notifier` a `struct drm_gpusvm.mm`. Keyed by the bound path's
    /// members (two at least: the embedding member says whose notifier it is), kept only when
    /// every bind site of that key names the same member. A pin of that member is taken to pin
    /// the bound mm, as for one member reached through two pointers (holds()).
    lazy var crossBindings: [[Field]: Field] = {
        var seen: [[Field]: Set<Field?>] = [:]
        for key in index.calling(apis.filter { !$0.value.binds.isEmpty }.keys).sorted() {
            guard let fn = index.functions[key] else { continue }
            var aliases: [String: AccessPath]?
            for n in fn.nodes {
                guard case .event(.call(let c)) = n.kind, let cc = apis[c.name] else { continue }
                for b in cc.binds where b.path.arg >= 0 && b.path.arg < c.args.count && b.to.arg < c.args.count && b.to.fields.isEmpty {
                    guard case .path(let l0) = c.args[b.path.arg] else { continue }
                    let l = l0.fields + b.path.fields
                    guard l.count >= 2 else { continue }
                    var member: Field?
                    if case .path(let r0) = c.args[b.to.arg] {
                        if let f = r0.last { member = f } else if case .local(let name) = r0.base {
                            if aliases == nil { aliases = memberAliases(fn) }
                            member = aliases?[name]?.last
                        }
                    }
                    // The same value stored into another member of the bound object here (`s->mm =
                    // current->mm; mmu_notifier_register(&s->notifier, current->mm)`): that member.
                    if let own = sameValueMember(fn, object: l0, value: c.args[b.to.arg]) { member = own }
                    else if let m = member, l.contains(m) || m.record == l[0].record { member = nil }
                    seen[l, default: []].insert(member)
                }
            }
        }
        return seen.compactMapValues { ms in ms.count == 1 ? ms.first! : nil }
    }()

    /// The member of `object`'s own record (directly under its base: `s->mm` beside `s->notifier`)
    /// that `fn` stores `value` into, when it stores it into exactly one.
    private func sameValueMember(_ fn: FunctionFacts, object: AccessPath, value: Expr) -> Field? {
        guard case .path(let v) = value, !object.fields.isEmpty else { return nil }
        let base = AccessPath(base: object.base, fields: Array(object.fields.dropLast()))
        var found: Set<Field> = []
        for n in fn.nodes {
            guard case .event(.assign(let l, .path(let r), _, _, _)) = n.kind, r == v, l.fields.count == base.fields.count + 1,
                  l.base == base.base, Array(l.fields.dropLast()) == base.fields, let f = l.last, f != object.last else { continue }
            found.insert(f)
        }
        return found.count == 1 ? found.first : nil
    }

    /// The core fields that name a vma's mm (`struct vm_area_struct.vm_mm`: origin vma).
    lazy var vmaMMFields: [Field] = vocab.coreFields.values.filter { $0.origin == "vma" }.map(\.field)
        .sorted { $0.description < $1.description }

    /// The members each pointer member is given the address (or the value) of anywhere in the
    /// index (`buf->handler.refcount = &buf->refcount;`): a count taken through the pointer
    /// (`refcount_inc(h->refcount)`) is a count of those members too.
    lazy var memberPointees: [Field: Set<Field>] = {
        var out: [Field: Set<Field>] = [:]
        for fn in index.functions.values {
            for n in fn.nodes {
                guard case .event(.assign(let l, .path(let r), _, _, _)) = n.kind, let f = l.last, let g = r.last, f != g else { continue }
                out[f, default: []].insert(g)
            }
        }
        return out
    }()

    /// Members that save a vma, with the mm member the same function stores beside it from that
    /// vma's mm: `gts->ts_mm = current->mm; gts->ts_vma = vma;` (a driver keeps the two together;
    /// sgi-gru) or `x->mm = vma->vm_mm; x->vma = vma;`. A saved vma holds no reference on its mm:
    /// what its mm holds is what that member holds (origin, holds). Keyed by the vma member; one paired with two
    /// mm members is left out. UNCERTAIN: `current->mm` is taken to be the vma's mm in the
    /// function that saves both (true in ->mmap; in a fault handler only for the owner's faults).
    lazy var savedVMAMembers: [Field: Field] = {
        var pairs: [Field: Set<Field>] = [:]
        for (mmMember, stores) in index.mmStores {
            for st in stores {
                guard let fn = index.functions[st.function], case .path(let r) = st.rhs else { continue }
                let prefix = Array(st.lhs.fields.dropLast())
                let fromCurrent = vocab.isRunningTaskMM(r)
                for n in fn.nodes {
                    guard case .event(.assign(let l, .path(let v), _, _, _)) = n.kind, l.base == st.lhs.base,
                          l.fields.count == prefix.count + 1, Array(l.fields.dropLast()) == prefix, let f = l.last, f != mmMember,
                          v.base != .current else { continue }
                    let fromVMA = vmaMMFields.contains { r == AccessPath(base: v.base, fields: v.fields + [$0]) }
                    if fromCurrent || fromVMA { pairs[f, default: []].insert(mmMember) }
                }
            }
        }
        return pairs.compactMapValues { $0.count == 1 ? $0.first : nil }
    }()

    /// `x->vma->vm_mm` for a vma saved in a member (savedVMAMembers): the member and the path
    /// of the mm member stored beside it (`x->mm`).
    func savedVMA(_ p: AccessPath) -> (vmaMember: Field, mmMember: Field, mmPath: AccessPath)? {
        // (On every holds(): the cheap tests first.)
        guard p.fields.count >= 2, let last = p.last, vocab.coreFields[last]?.origin == "vma" else { return nil }
        let v = p.fields[p.fields.count - 2]
        guard let m = savedVMAMembers[v] else { return nil }
        return (v, m, AccessPath(base: p.base, fields: Array(p.fields.dropLast(2)) + [m]))
    }

    /// Members `f` for which some function takes `lock(x->f)` directly followed by
    /// `unlock(x->f)`: the barrier an exit path uses to wait out readers.
    /// Flag members that record a try-pin of their object's mm member (PinFlags.swift).
    lazy var pinFlags: [Field: Field] = buildPinFlags()

    func pinFlag(_ f: Field) -> Field? { pinFlags[f] }

    lazy var exitBarrierFields: Set<Field> = {
        guard let eb = vocab.exitBarrier else { return [] }
        var out: Set<Field> = []
        for key in index.calling([eb.barrierLock]).sorted() {
            guard let fn = index.functions[key] else { continue }
            for n in fn.nodes {
                guard case .event(.call(let c)) = n.kind, c.name == eb.barrierLock,
                      case .path(let p)? = c.args.first, let f = p.last, let nx = n.succs.first,
                      case .event(.call(let u)) = fn.nodes[nx].kind, u.name == eb.barrierUnlock,
                      u.args.first == c.args.first else { continue }
                out.insert(f)
            }
        }
        return out
    }()

    func hasExitBarrier(_ f: Field) -> Bool { exitBarrierFields.contains(f) }

    /// Getters: functions whose every return (but NULL or an error pointer: `return
    /// ERR_PTR(-ESRCH);`) gives the same parameter path, written directly or through a local
    /// assigned once from it (`static inline struct mm_struct *ctx_mm(struct ctx *c) { return
    /// c->mm; }`). Their result is that path in the caller.
    func returnedPath(of callee: String) -> ArgPath? {
        getterLock.lock(); defer { getterLock.unlock() }
        if let hit = getterCache[callee] { return hit }
        var found: ArgPath?
        if let fn = index.functions[callee], apis[fn.name] == nil, fn.returnType.contains("*") {
            found = Engine.getterPath(fn, errorPointers: vocab.errorPointers)
        }
        getterCache[callee] = found
        return found
    }

    /// The mm member a function of the tree returns on every path that returns an mm, read
    /// from whatever object it found (`c = idr_find(&ctx_idr, id); if (!c) return NULL; return
    /// c->mm;`): not a parameter's (returnedPath), not a core member (a task's ->mm), one member.
    func returnedMember(of key: String) -> Field? {
        getterLock.lock(); defer { getterLock.unlock() }
        if let hit = memberGetterCache[key] { return hit }
        var found: Field?
        if let fn = index.functions[key], apis[fn.name] == nil, fn.returnType.contains("*") {
            found = Engine.returnedMember(fn, errorPointers: vocab.errorPointers)
            if let f = found, vocab.coreFields[f] != nil || index.mmStores[f] == nil { found = nil }
        }
        memberGetterCache[key] = found
        return found
    }

    static func returnedMember(_ fn: FunctionFacts, errorPointers: Set<String>) -> Field? {
        func member(_ e: Expr, _ depth: Int) -> Field? {
            guard case .path(let p) = e else { return nil }
            if let last = p.last { return last }
            guard depth < 2, case .local = p.base else { return nil }
            let stores = fn.assignedValues(p).filter { $0 != .null && $0 != .int(0) }
            return stores.count == 1 ? member(stores[0], depth + 1) : nil
        }
        return commonReturn(fn, errorPointers: errorPointers) { member($0, 0) }?.value
    }

    /// The one value `read` gives of every return of `fn` that is not NULL, 0 or an error
    /// pointer (nil where a return gives none, another, or nothing at all), and whether an error
    /// pointer is returned.
    static func commonReturn<T: Equatable>(_ fn: FunctionFacts, errorPointers: Set<String>,
                                           _ read: (Expr) -> T?) -> (value: T, errorReturn: Bool)? {
        var result: T?, errorReturn = false
        for n in fn.nodes {
            guard case .event(.ret(let v, _)) = n.kind else { continue }
            guard let v else { return nil }
            if v == .null || v == .int(0) { continue }
            if case .call(let id) = v, let c = fn.call(id), errorPointers.contains(c.name) { errorReturn = true; continue }
            guard let a = read(v), result == nil || result == a else { return nil }
            result = a
        }
        return result.map { ($0, errorReturn) }
    }

    static func getterPath(_ fn: FunctionFacts, errorPointers: Set<String> = []) -> ArgPath? {
        func param(_ e: Expr, _ depth: Int) -> ArgPath? {
            guard case .path(let p) = e else { return nil }
            if case .param(let i) = p.base { return ArgPath(arg: i, fields: p.fields) }
            guard depth < 2, case .local = p.base, p.fields.isEmpty else { return nil }
            let stores = fn.assignedValues(p)
            return stores.count == 1 ? param(stores[0], depth + 1) : nil
        }
        guard let (result, errorReturn) = commonReturn(fn, errorPointers: errorPointers, { param($0, 0) }) else { return nil }
        // With an error-pointer return, only a helper that calls nothing else: one that pins
        // before it returns the member (`if (!mmget_not_zero(q->mm)) return ERR_PTR(-ESRCH);`)
        // gives a pinned value, which its summary says (values pinned where given).
        if errorReturn, fn.nodes.contains(where: { n in
            if case .event(.call(let c)) = n.kind { return !errorPointers.contains(c.name) }
            return false
        }) { return nil }
        return result
    }

    /// mm members whose every store is the storing task's own mm (`x->mm = current->mm`,
    /// directly, through a parameter every caller passes it in, or copied from the same member
    /// of another object): each names the mm of the process that made its object, whatever
    /// reference (mmgrab, none) it keeps. KVM's `kvm.mm` (kvm_create_vm) and s390's `gmap.mm`
    /// (gmap_create(current->mm, …) in VM and vcpu creation, copied by gmap_shadow) are such.
    lazy var ownerFields: Set<Field> = {
        var out: Set<Field> = []
        for (f, stores) in index.mmStores where !stores.isEmpty {
            var direct = false, all = true
            for st in stores {
                guard let fn = index.functions[st.function] else { all = false; break }
                if isRunningTaskMM(st.rhs, in: fn) { direct = true; continue }
                if case .path(let p) = st.rhs, p.last == f { continue }   // copied from another object's f
                if case .path(let p) = st.rhs, case .param(let k) = p.base, p.fields.isEmpty, callersComplete(fn),
                   (index.callers[fn.key] ?? []).allSatisfy({ callerKey in
                       guard let caller = index.functions[callerKey] else { return false }
                       return caller.nodes.allSatisfy { n in
                           guard case .event(.call(let c)) = n.kind, c.callee == fn.key else { return true }
                           return k < c.args.count && isRunningTaskMM(c.args[k], in: caller)
                       }
                   }) { direct = true; continue }
                all = false; break
            }
            if all && direct { out.insert(f) }
        }
        return out
    }()

    /// `current->mm`, or a local of `fn` every assignment of which is `current->mm`.
    func isRunningTaskMM(_ e: Expr, in fn: FunctionFacts) -> Bool {
        guard case .path(let p) = e else { return false }
        func isCurrent(_ q: AccessPath) -> Bool { q.base == .current && q.fields.count == 1 && q.fields[0].name == "mm" }
        if isCurrent(p) { return true }
        guard case .local(let name) = p.base, p.fields.isEmpty else { return false }
        var seen = false
        for n in fn.nodes {
            guard case .event(.assign(let l, let r, _, _, _)) = n.kind, l.fields.isEmpty,
                  case .local(let assigned) = l.base, assigned == name else { continue }
            guard case .path(let rp) = r, isCurrent(rp) else { return false }
            seen = true
        }
        return seen
    }

    /// `p` is an owner member (ownerFields) of an object reached from the same base as a member
    /// the path has proven to be the running task's own mm (`if (kvm->mm != current->mm) return
    /// -EIO;`, the `current_mm` fact), itself an owner member: the path runs in the process that
    /// made those objects, so `p` is the running task's mm too (s390 KVM: `kvm->arch.gmap->mm`
    /// and `vcpu->arch.gmap->mm` after the ioctls' check of `kvm->mm`).
    func ownerProven(_ s: State, _ p: AccessPath) -> Bool {
        guard let last = p.last, ownerFields.contains(last) else { return false }
        return s.facts.contains { fk in
            fk.fact == MMFact.currentMM && fk.path.base == p.base && fk.path != p
                && fk.path.last.map(ownerFields.contains) == true
        }
    }

    func holds(_ s: State, _ fact: String, _ p: AccessPath) -> Bool {
        if s.facts.contains(FactKey(fact: fact, path: p)) { return true }
        // A saved vma's mm is the mm member stored beside it (savedVMAMembers).
        if let saved = savedVMA(p), s.facts.contains(FactKey(fact: fact, path: saved.mmPath)) { return true }
        for (a, b) in memberEquivalences where p.fields.count >= a.count && Array(p.fields.suffix(a.count)) == a {
            let q = AccessPath(base: p.base, fields: Array(p.fields.dropLast(a.count)) + b)
            if s.facts.contains(FactKey(fact: fact, path: q)) { return true }
        }
        // Same struct member reached through another pointer (container_of, a re-read of a
        // private_data pointer): the pin is on the same object in kernel practice — not when the
        // two objects are told apart (Engine.mayBeSameObject).
        if fact == MMFact.users, let last = p.last {
            if s.facts.contains(where: { $0.fact == fact && $0.path.last == last && Engine.mayBeSameObject($0.path, p) }) { return true }
            // A bound mm pinned through the member every bind site gave it (crossBindings).
            for (bound, member) in crossBindings where p.fields.count >= bound.count && Array(p.fields.suffix(bound.count)) == bound {
                if s.facts.contains(where: { $0.fact == fact && $0.path.last == member }) { return true }
            }
            // …and the member pinned through the binding every bind site gave it (`mmget_not_zero(
            // s->notifier.mm)`, then `kthread_use_mm(s->mm)`), on the same object.
            for (bound, member) in crossBindings where p.last == member {
                let object = Array(p.fields.dropLast())
                let pinned = AccessPath(base: p.base, fields: object + bound)
                if s.facts.contains(where: { $0.fact == fact && $0.path == pinned }) { return true }
            }
            return ownerProven(s, p)
        }
        return false
    }

    /// May two paths to one member name the same object? Not when one object is reached from the
    /// same root by other members (`c->mm` pinned, `c->peer->mm` used: a peer of the same type),
    /// nor when they hang off two different parameters (`fetch(a, b)`: a->mm pinned, b->mm
    /// used). Other roots — a local container_of() gave, a re-read private_data pointer — may.
    static func mayBeSameObject(_ a: AccessPath, _ b: AccessPath) -> Bool {
        if a.base == b.base { return a.fields == b.fields }
        if case .param = a.base, case .param = b.base { return false }
        return true
    }

    /// A requirement on an argument holds on its target, or on the local the argument names
    /// where that local keeps facts of its own (Dataflow.ownFactsLocal: NULL on another path).
    func requirementHolds(_ s: State, _ fact: String, _ t: AccessPath, _ on: ArgPath, _ call: CallSite, _ df: Dataflow) -> Bool {
        holds(s, fact, t) || (df.ownFactsLocal(on, call, s).map { s.facts.contains(FactKey(fact: fact, path: $0)) } ?? false)
    }

    /// A call in this function that pins `t` (users) on some path: the function runs its own
    /// pin protocol (iommufd's pfn_reader_user_pin pins on the first call and keeps the pin
    /// across calls in `user->locked`), which a path analysis of one call cannot follow.
    /// A pin of `t` elsewhere in the function; the operation itself (`mmget(x->mm)` checked by
    /// mmget-on-unpinned-mm) does not count.
    func ownPin(_ fn: FunctionFacts, _ df: Dataflow, _ t: AccessPath, besides use: Int) -> CallSite? {
        for (i, n) in fn.nodes.enumerated() where i != use {
            guard case .event(.call(let c)) = n.kind, let s = df.inState[i], let cc = contract(for: c) else { continue }
            for g in cc.gains where g.fact == MMFact.users && g.on.arg >= 0 {
                if let p = df.target(g.on, c, s), p == t { return c }
            }
        }
        return nil
    }

    /// Does every way from `node` to the function's exit drop a users reference on `t`?
    func putAfter(_ node: Int, _ fn: FunctionFacts, _ df: Dataflow, _ t: AccessPath) -> Bool {
        var seen: Set<Int> = [node], work = fn.nodes[node].succs
        var sawDrop = false
        while let i = work.popLast() {
            guard seen.insert(i).inserted, df.inState[i] != nil else { continue }
            if dropsUsers(at: i, fn, df, t) { sawDrop = true; continue }
            if i == 1 { return false }
            work.append(contentsOf: fn.nodes[i].succs)
        }
        return sawDrop
    }

    /// Does the function drop a users reference on `t` anywhere (mmput(x->mm))?
    func dropsUsers(_ fn: FunctionFacts, _ df: Dataflow, _ t: AccessPath) -> Bool {
        fn.nodes.indices.contains { dropsUsers(at: $0, fn, df, t) }
    }

    /// Does node `i` drop a users reference on `t`?
    func dropsUsers(at i: Int, _ fn: FunctionFacts, _ df: Dataflow, _ t: AccessPath) -> Bool {
        guard case .event(.call(let c)) = fn.nodes[i].kind, let s = df.inState[i], let cc = contract(for: c) else { return false }
        return cc.loses.contains { $0.fact == MMFact.users && $0.on.arg >= 0 && df.target($0.on, c, s) == t }
    }

    func outOfScope(_ r: Requirement, _ s: State, _ p: AccessPath) -> Bool {
        guard let rule = rules.rule(r.rule), !rule.outOfScope.isEmpty else { return false }
        return rule.outOfScope.contains { s.facts.contains(FactKey(fact: $0, path: p)) }
    }

    func paramPath(_ p: AccessPath) -> ArgPath? {
        if case .param(let i) = p.base { return ArgPath(arg: i, fields: p.fields) }
        return nil
    }

    /// Should a requirement that is not met on a parameter path travel to the callers?
    /// Not when the function itself shows the entry may lack the fact: it holds only a weaker
    /// fact there (e.g. asserted huge-or-migration), or it re-took the lock (which voids any
    /// caller's test) on the way to the operation.
    func propagates(_ req: Requirement, _ t: AccessPath, _ s: State, _ path: [Int], _ df: Dataflow) -> Bool {
        guard case .param = t.base else { return false }
        if rules.rule(req.rule)?.evidence == .path {
            let weaker = Set(df.closure(req.fact).dropFirst())
            if s.facts.contains(where: { $0.path == t && weaker.contains($0.fact) }) { return false }
            for n in path {
                if case .event(.call(let c)) = df.fn.nodes[n].kind, let cc = contract(for: c), cc.kills.contains(req.fact) { return false }
            }
            return true
        }
        if t.fields.isEmpty { return true }
        // A member of a parameter (`ctx->mm`, `range->notifier->mm`): its callers may pin the
        // same object under another name, so the question travels to them when every caller
        // is visible (a direct-call-only function); otherwise the holder decides here.
        return callersComplete(df.fn) || dispatchComplete(df.fn)
    }

    /// True when the function has direct callers and its address is never taken, so the
    /// callers seen are all the callers there are.
    func callersComplete(_ fn: FunctionFacts) -> Bool {
        !(index.callers[fn.key] ?? []).isEmpty && !index.addressTaken.contains(fn.key)
    }

    /// The weakest fact a caller must provide on the parameter path for the requirement to
    /// hold at node `at` (e.g. huge_or_migration when the callee tests is_pmd_migration_entry).
    func weakestPrecondition(_ fn: FunctionFacts, _ r: Requirement, _ ap: ArgPath, _ call: CallSite, at: Int) -> String {
        let chain = Dataflow.closure(r.fact, vocab)
        for f in chain.reversed() where f != r.fact {
            var df = Dataflow(fn: fn, vocab: vocab, contracts: self)
            var s0 = State()
            df.insert(f, AccessPath(base: .param(ap.arg), fields: ap.fields), into: &s0)
            df.runFrom(s0)
            if let sIn = df.inState[at], let t = df.target(r.on, call, sIn), holds(sIn, r.fact, t) { return f }
        }
        return r.fact
    }

    /// The parameter facts at the function's exits: at every exit, at those returning true
    /// (non-zero) and false (zero), and whether every returned pointer is pinned (mm_users).
    private struct ExitFacts {
        var all: [Set<FactKey>] = []
        var whenTrue: [Set<FactKey>] = []
        var whenFalse: [Set<FactKey>] = []
        var returnsPinned: Bool? = nil
        /// Every returned pointer carries mm_count the function took (`mmgrab(mm); return mm;`).
        var returnsCounted: Bool? = nil
        /// What the returned object's vma mm member names at each non-NULL return (a wrapper of
        /// vma_lookup(): `return vma_lookup(c->mm, addr);`), as a parameter path; nil: unknown.
        var returnedVMAOwners: [ArgPath?] = []
        /// The parameter facts at each return of an integer constant (NULL: 0), and at each
        /// return of a value that may be any (a call's, a path's): what a caller comparing the
        /// result with a constant learns (whenEquals, whenNotEquals).
        var constant: [(value: Int64, facts: Set<FactKey>)] = []
        var anyValue: [Set<FactKey>] = []
        /// … and at each return of a test (0 or 1).
        var truthValue: [Set<FactKey>] = []
    }

    /// What a lock helper forgets for its callers: the facts its lock or unlock kills (a
    /// guard's constructor and destructor, `guard(spinlock)(pmd_lockptr(mm, pmd))`, take and drop
    /// the page-table lock as spin_lock()/spin_unlock() do).
    lazy var wrapperKills: [String: [String]] = {
        var out: [String: [String]] = [:]
        let table = LockAnalysis.table(vocab)
        let wrappers = lockWrappers(table)
        for (key, w) in wrappers {
            if let k = apis[w.takes ? w.pair.lock : w.pair.unlock]?.kills, !k.isEmpty { out[key] = k }
        }
        // A helper that drops its caller's lock and takes it again (`spin_unlock(ptl);
        // folio_lock(folio); spin_lock(ptl);`) is no lock wrapper, but what the caller tested
        // under the lock may have changed in between: the call forgets what the unlock does.
        // Only a lock reached through a parameter that may be the page table's: not another
        // object's embedded lock (`&dev->lock`, Vocabulary.isOtherObjectsLock, as inline).
        for key in index.calling(Set(table.keys)).sorted() where out[key] == nil && wrappers[key] == nil {
            guard let fn = index.functions[key], apis[fn.name] == nil else { continue }
            var dropped: Set<String> = [], taken: Set<String> = []
            for n in fn.nodes {
                guard case .event(.call(let c)) = n.kind, let (pair, isLock) = table[c.name], case .path(let a)? = c.args.first,
                      case .param = a.base, !vocab.isOtherObjectsLock(.path(a), text: c.argText(0)) else { continue }
                if isLock { taken.insert(pair.unlock) } else { dropped.insert(pair.unlock) }
            }
            let kills = dropped.intersection(taken).sorted().flatMap { apis[$0]?.kills ?? [] }
            if !kills.isEmpty { out[key] = Array(Set(kills)).sorted() }
        }
        // A helper that returns the page-table lock a killing API took (`return pmd_lock(vma->vm_mm,
        // pmd);`, or through a local assigned it once): its caller takes that lock, as if it called
        // the API itself. (Not one with another return, a trylock's NULL.)
        let killing = Set(apis.filter { !$0.value.kills.isEmpty }.keys)
        for key in index.calling(killing).sorted() where out[key] == nil && wrappers[key] == nil {
            guard let fn = index.functions[key], apis[fn.name] == nil else { continue }
            let rets = fn.nodes.compactMap { n -> Expr? in if case .event(.ret(let v?, _)) = n.kind { return v }; return nil }
            var kills: Set<String> = []
            let all = !rets.isEmpty && rets.allSatisfy { v in
                var e = v
                if case .path(let p) = v, p.fields.isEmpty, case .local = p.base, let a = fn.onlyAssignment(p),
                   case .event(.assign(_, let r, _, _, _)) = fn.nodes[a].kind { e = r }
                guard case .call(let id) = e, let c = fn.call(id), let k = apis[c.name]?.kills, !k.isEmpty else { return false }
                kills.formUnion(k)
                return true
            }
            if all { out[key] = kills.sorted() }
        }
        return out
    }()

    /// The unlocking helpers that drop the lock only on the paths returning one truth value
    /// (LockWrapper.unlocksWhen): their kills hold on that side of a test of the result only.
    lazy var wrapperKillsWhen: [String: Bool] = {
        var out: [String: Bool] = [:]
        for (key, w) in lockWrappers(LockAnalysis.table(vocab)) where !w.takes {
            if let b = w.unlocksWhen, wrapperKills[key] != nil { out[key] = b }
        }
        return out
    }()

    /// What a scope guard's cleanup forgets, by the key of the constructor its variable was
    /// initialized with: the guard's destructor drops the lock the constructor took
    /// (`scoped_guard(spinlock, pmd_lockptr(mm, pmd))` ends as spin_unlock() does, whatever
    /// name the cleanup attribute gives the destructor).
    lazy var guardKills: [String: [String]] = {
        var out: [String: [String]] = [:]
        for (key, w) in lockWrappers(LockAnalysis.table(vocab)) where w.takes {
            if let k = apis[w.pair.unlock]?.kills, !k.isEmpty { out[key] = k }
        }
        return out
    }()

    func cleanupContract(constructor c: CallSite) -> Contract? {
        guard let k = guardKills[c.callee] else { return nil }
        var x = Contract()
        x.kills = k
        return x
    }

    func summarize(_ fn: FunctionFacts) -> (Contract, Dataflow) {
        var df = Dataflow(fn: fn, vocab: vocab, contracts: self)
        df.run()
        var requirements: Set<Requirement> = []
        var loses: Set<Effect> = []
        for (i, n) in fn.nodes.enumerated() {
            guard let stateIn = df.inState[i], case .event(.call(let call)) = n.kind,
                  let callContract = contract(for: call) else { continue }
            for r in callContract.requires {
                if let passed = passedOnRequirement(r, call, fn, df, stateIn, at: i) { requirements.insert(passed) }
            }
            for l in callContract.loses {
                if let t = df.target(l.on, call, stateIn), let ap = paramPath(t) { loses.insert(Effect(fact: l.fact, on: ap)) }
            }
        }
        var exits = exitFacts(fn, df)
        if exits.returnsPinned != true && exits.returnsCounted != true, let held = heldOnNonNullWays(fn, df) {
            if held == MMFact.users { exits.returnsPinned = true } else { exits.returnsCounted = true }
        }
        var c = Contract()
        c.kills = wrapperKills[fn.key] ?? []
        c.killsWhen = wrapperKillsWhen[fn.key]
        c.gains = exitGains(exits, isVoid: fn.returnType == "void")
        c.gains += assumedGains(fn, df, plain: c.gains)
        if fn.returnType != "void" { (c.whenEquals, c.whenNotEquals) = equalsGains(exits, known: c.gains) }
        c.nonPositive = fn.returnType != "void" && !exits.constant.isEmpty && exits.anyValue.isEmpty && exits.truthValue.isEmpty
            && exits.constant.allSatisfy { $0.value <= 0 }
        c.loses = loses.sorted { "\($0.fact)\($0.on)" < "\($1.fact)\($1.on)" }
        // Every non-NULL return is a vma of the same parameter's mm: callers learn it as from
        // vma_lookup() itself.
        if let owner = exits.returnedVMAOwners.first, let to = owner, exits.returnedVMAOwners.allSatisfy({ $0 == to }),
           let field = vmaMMFields.first, !testsUsersCount(fn, AccessPath(base: .param(to.arg), fields: to.fields)) {
            c.binds = [Bind(path: ArgPath(arg: -1, fields: [field]), to: to)]
        }
        // A vma handed back through an out-parameter at every return of 0 (`*out = vma;
        // return 0;`): the caller's vma, after the call, is of that parameter's mm.
        for (k, to) in outVMAOwners(fn, df) where !testsUsersCount(fn, AccessPath(base: .param(to.arg), fields: to.fields)) {
            c.binds.append(Bind(path: ArgPath(arg: k, fields: [vmaMMFields.first!]), to: to))
        }
        // An mm handed back through an out-parameter (`*out = w->ctx->mm; return 0;`): after the
        // call the caller's local names that member, as a getter's result does.
        for (k, to) in outMMOwners(fn, df) { c.binds.append(Bind(path: ArgPath(arg: k), to: to)) }
        c.requires = requirements.sorted(by: Engine.requirementOrder)
        return (c, df)
    }

    /// What a function that returns one local (`return mm;`) holds on it on every way to the
    /// return along which the local is neither NULL nor an error pointer (users, else count,
    /// else nil): /proc's proc_mem_open() takes mm_count under `if (!IS_ERR_OR_NULL(mm))` and
    /// returns through one `return mm;` that the NULL-or-error side reaches too. The dataflow
    /// runs again over the function with those ways cut: a test's NULL side (`if (mm)`), an
    /// error-pointer test's true side (`IS_ERR_OR_NULL(mm)`), and the edges out of a node where
    /// every value of the local is NULL or an error pointer (`mm = ERR_PTR(-ESRCH);` before an
    /// `if (task)` that skips the assignment) into nodes that reach no assignment of it.
    private func heldOnNonNullWays(_ fn: FunctionFacts, _ full: Dataflow) -> String? {
        guard fn.returnType.hasPrefix("struct mm_struct"), fn.returnType.hasSuffix("*") else { return nil }
        // (NULL reads as the constant 0: `((void *)0)` evaluates to no integer in libclang.)
        func nullOrError(_ e: Expr) -> Bool { e == .null || e == .int(0) || isErrorPointer(e, full) }
        var returned: Set<AccessPath> = [], returns: [Int] = []
        for (i, n) in fn.nodes.enumerated() {
            guard case .event(.ret(let v?, _)) = n.kind, !nullOrError(v) else { continue }
            guard case .path(let p) = v, p.fields.isEmpty, case .local = p.base else { return nil }
            returned.insert(p); returns.append(i)
        }
        guard returned.count == 1, let p = returned.first else { return nil }
        let assigns = fn.nodes.indices.filter { i in
            if case .event(.assign(let l, _, _, _, _)) = fn.nodes[i].kind { return l == p }
            return false
        }
        // The nodes from which an assignment of the local can be reached (itself included).
        let preds = fn.predecessors()
        var reachesAssign = Set(assigns), work = assigns
        while let n = work.popLast() { for q in preds[n] where reachesAssign.insert(q).inserted { work.append(q) } }
        var pruned = fn
        var cut = false
        for n in fn.nodes.indices {
            let succs = fn.nodes[n].succs
            var keep = Array(repeating: true, count: succs.count)
            if let side = errorSide(fn.nodes[n], p, fn) { keep[side] = false }
            let values: [Expr]? = {
                if case .event(.assign(let l, let v, _, _, _)) = fn.nodes[n].kind, l == p { return [v] }
                return fn.assignmentsReaching(p, to: n)?.compactMap { a in
                    if case .event(.assign(_, let v, _, _, _)) = fn.nodes[a].kind { return v }; return nil
                }
            }()
            if let values, !values.isEmpty, values.allSatisfy(nullOrError) {
                for (k, t) in succs.enumerated() where !reachesAssign.contains(t) { keep[k] = false }
            }
            guard keep.contains(false) else { continue }
            cut = true
            pruned.nodes[n].succs = zip(succs, keep).filter(\.1).map(\.0)
        }
        guard cut else { return nil }
        var df = Dataflow(fn: pruned, vocab: vocab, contracts: self)
        df.run()
        let states = returns.compactMap { i in df.inState[i].map { df.transfer(i, $0) } }
        guard !states.isEmpty else { return nil }
        for fact in [MMFact.users, MMFact.count] where states.allSatisfy({ holds($0, fact, p) }) { return fact }
        return nil
    }

    /// The side of a branch on which `p` is NULL (`if (mm)`, `mm == NULL`) or an error pointer
    /// or NULL (`IS_ERR_OR_NULL(mm)`, `IS_ERR(mm)`), if the branch tests that.
    private func errorSide(_ node: CFGNode, _ p: AccessPath, _ fn: FunctionFacts) -> Int? {
        if let side = node.nullSide(among: [p]) { return side }
        guard case .branch(var c, _, _) = node.kind, node.succs.count == 2 else { return nil }
        var holds = true
        while case .not(let inner) = c { c = inner; holds.toggle() }
        guard case .truthy(.call(let id)) = c, let call = fn.call(id), vocab.errorPointerTests.contains(call.name),
              case .path(let q)? = call.args.first, q == p else { return nil }
        return holds ? 0 : 1
    }

    /// The parameter facts at the function's returns (and at the end of a void function).
    private func exitFacts(_ fn: FunctionFacts, _ df: Dataflow) -> ExitFacts {
        var exits = ExitFacts()
        for (i, n) in fn.nodes.enumerated() {
            guard let stateIn = df.inState[i], case .event(.ret(let v, _)) = n.kind else { continue }
            recordExit(returning: v, at: i, stateIn, df, into: &exits)
        }
        // Falling off the end of a void function.
        if let exitState = df.inState[1], fn.returnType == "void" {
            exits.all.append(Engine.parameterFacts(exitState.facts))
        }
        return exits
    }

    /// What the function's tests prove for its callers only where the caller already knows a
    /// fact of a parameter (`return !is_swap_pmd(*pmd);` proves the entry present to a caller
    /// holding __pmd_trans_huge_lock()'s present-or-swap): for each `if:` fact a call here needs
    /// on a parameter, the exits again from an entry that has it; what they gain on that
    /// parameter beyond the plain run is gained `if:` that fact.
    private func assumedGains(_ fn: FunctionFacts, _ df: Dataflow, plain: [Effect]) -> [Effect] {
        var needs: Set<FactKey> = []
        for (i, n) in fn.nodes.enumerated() {
            guard case .event(.call(let call)) = n.kind, let s = df.inState[i], let cc = contract(for: call) else { continue }
            for g in cc.gains {
                guard let need = g.ifFact, let t = df.target(g.on, call, s), paramPath(t) != nil,
                      !s.facts.contains(FactKey(fact: need, path: t)) else { continue }
                needs.insert(FactKey(fact: need, path: t))
            }
        }
        var out: [Effect] = []
        for need in needs.sorted(by: { "\($0)" < "\($1)" }) {
            guard let on = paramPath(need.path) else { continue }
            var entry = State()
            let implied = Dataflow.closure(need.fact, vocab)
            for f in implied { entry.facts.insert(FactKey(fact: f, path: need.path)) }
            var assumed = Dataflow(fn: fn, vocab: vocab, contracts: self)
            assumed.runFrom(entry)
            for var g in exitGains(exitFacts(fn, assumed), isVoid: fn.returnType == "void")
            where g.on == on && !implied.contains(g.fact) && g.ifFact == nil && !plain.contains(g) {
                g.ifFact = need.fact
                if !out.contains(g) { out.append(g) }
            }
        }
        return out
    }

    /// The facts that are about a parameter.
    private static func parameterFacts<S: Sequence>(_ facts: S) -> Set<FactKey> where S.Element == FactKey {
        Set(facts.filter { if case .param = $0.path.base { return true }; return false })
    }

    /// The order of a summary's requirements: rule, argument, then the first step's location.
    static func requirementOrder(_ a: Requirement, _ b: Requirement) -> Bool {
        let none = SourceLoc(file: "", line: 0, column: 0)
        return (a.rule, a.on.description, a.via.first?.loc ?? none) < (b.rule, b.on.description, b.via.first?.loc ?? none)
    }

    /// A requirement of a call that the function passes on to its callers: one missing since
    /// entry on a parameter, that the function neither pins itself (origin evidence) nor shows
    /// may be missing by a later test (path evidence). Nil when it stays here.
    private func passedOnRequirement(_ r: Requirement, _ call: CallSite, _ fn: FunctionFacts, _ df: Dataflow,
                                     _ stateIn: State, at i: Int) -> Requirement? {
        guard let t = df.target(r.on, call, stateIn), !requirementHolds(stateIn, r.fact, t, r.on, call, df), !outOfScope(r, stateIn, t),
              !taskMMLocked(t, fn, at: i) else { return nil }
        guard let ap = paramPath(t) else { return nil }
        let (witness, why) = df.explainMissing(FactKey(fact: r.fact, path: t), at: i) { self.holds($0, r.fact, t) }
        guard case .fromEntry = why, propagates(r, t, stateIn, witness, df) else { return nil }
        if rules.rule(r.rule)?.evidence == .origin, ownPin(fn, df, t, besides: i) != nil { return nil }
        // The function shows the entry may lack the fact: reported here, not passed on.
        if rules.rule(r.rule)?.evidence == .path, laterTest(fn, df, r, t, call, at: i) != nil { return nil }
        let step = Via(loc: call.loc, text: "\(call.spelled)")
        let need = rules.rule(r.rule)?.evidence == .path ? weakestPrecondition(fn, r, ap, call, at: i) : r.fact
        return Requirement(fact: need, on: ap, rule: r.rule, via: [step] + r.via)
    }

    /// Records a `return` node: the parameter facts after it, split by the value returned, and
    /// whether the returned pointer is pinned.
    private func recordExit(returning value: Expr?, at i: Int, _ stateIn: State, _ df: Dataflow, into exits: inout ExitFacts) {
        let out = df.transfer(i, stateIn)
        let params = Engine.parameterFacts(out.facts)
        exits.all.append(params)
        var isTrue: Bool? = nil
        var extraTrue: [FactKey] = [], extraFalse: [FactKey] = []
        if let v = value {
            switch v {
            case .int(let k): isTrue = k != 0
            case .null: isTrue = false
            case .call(let id):
                if let call = df.calls[id] {
                    let p = df.conditional(call, out)
                    extraTrue = p.whenTrue; extraFalse = p.whenFalse
                }
            case .path(let p):
                if let n = Dataflow.truthKey(p), let pend = out.pending[n] {
                    extraTrue = pend.whenTrue; extraFalse = pend.whenFalse
                }
            case .test, .bits:
                // `return !!mmget_not_zero(mm);`, `return x->mm == current->mm;`, `return state &
                // HAVE_MM;`: what the test tells on each side (a side it cannot take returns nothing there).
                let c: Cond = { if case .test(let c) = v { return c }; return .truthy(v) }()
                var t = out, f = out
                if df.apply(c, true, &t) { extraTrue = Array(t.facts.subtracting(out.facts)) } else { isTrue = false }
                if df.apply(c, false, &f) { extraFalse = Array(f.facts.subtracting(out.facts)) } else { isTrue = true }
            case .other, .function: break
            }
            // Returning a pointer that is pinned (users) on this path (an error pointer, like
            // NULL, names no mm: `if (!mm) return ERR_PTR(-ESRCH); return mm;`).
            if let rp = df.resolve(v, out), v != .null, !isErrorPointer(v, df) {
                let pinned = holds(out, MMFact.users, rp) && !out.facts.contains(FactKey(fact: MMFact.currentMM, path: rp))
                    || { if case .call(let id) = v, let call = df.calls[id], let callContract = contract(for: call) {
                        return callContract.gains.contains { $0.on.arg < 0 && $0.fact == MMFact.users } }; return false }()
                exits.returnsPinned = (exits.returnsPinned ?? true) && pinned
                exits.returnsCounted = (exits.returnsCounted ?? true) && out.facts.contains(FactKey(fact: MMFact.count, path: rp))
            }
            if v != .null, v != .int(0), !isErrorPointer(v, df) { exits.returnedVMAOwners.append(returnedVMAOwner(v, out, df)) }
        }
        switch value {
        case .int(let k)?: exits.constant.append((k, params))
        case .null?: exits.constant.append((0, params))
        case .test?: exits.truthValue.append(params)
        case nil: break
        default: exits.anyValue.append(params)
        }
        if isTrue != false { exits.whenTrue.append(params.union(Engine.parameterFacts(extraTrue))) }
        if isTrue != true { exits.whenFalse.append(params.union(Engine.parameterFacts(extraFalse))) }
    }

    /// Does the function (or a callee, one call down) read the mm_users count of `mm` with an
    /// exit-protocol test (`atomic_read(&mm->mm_users)`: ksm's find_mergeable_vma() through
    /// ksm_test_exit())? Such a lookup is the ksm/khugepaged exit protocol's own (safe by the
    /// barrier its exit path takes under mmap_lock, which mmlint does not follow there): its
    /// vma is not bound to the mm for the callers (no verdict rather than a guess).
    func testsUsersCount(_ fn: FunctionFacts, _ mm: AccessPath, depth: Int = 0) -> Bool {
        guard let eb = vocab.exitBarrier else { return false }
        for n in fn.nodes {
            guard case .event(.call(let c)) = n.kind else { continue }
            if eb.tests.contains(c.name), case .path(let p)? = c.args.first, p.base == mm.base, p.fields.last == eb.count,
               Array(p.fields.dropLast()) == mm.fields { return true }
            guard depth == 0, let g = index.functions[c.callee], !isContractFunction(g) else { continue }
            for (j, a) in c.args.enumerated() where a == .path(mm) {
                if testsUsersCount(g, AccessPath(base: .param(j)), depth: 1) { return true }
            }
        }
        return false
    }

    /// `ERR_PTR(-EFAULT)` and the like: no object.
    private func isErrorPointer(_ v: Expr, _ df: Dataflow) -> Bool {
        if case .call(let id) = v, let c = df.calls[id] { return vocab.errorPointers.contains(c.name) }
        return false
    }

    /// The parameter path whose mm a returned vma belongs to: the vma an API binding its mm
    /// returned (`return vma_lookup(c->mm, addr);`), or a local whose vma mm member the dataflow
    /// aliased to one (`vma = vma_lookup(…); return vma;`).
    private func returnedVMAOwner(_ v: Expr, _ out: State, _ df: Dataflow) -> ArgPath? {
        guard let field = vmaMMFields.first else { return nil }
        if case .call(let id) = v, let call = df.calls[id], let cc = contract(for: call) {
            guard let b = cc.binds.first(where: { $0.path.arg < 0 && $0.path.fields == [field] }),
                  let t = df.target(b.to, call, out) else { return nil }
            return paramPath(t)
        }
        guard let rp = df.resolve(v, out) else { return nil }
        let member = df.resolve(AccessPath(base: rp.base, fields: rp.fields + [field]), out)
        return member.fields.last == field ? nil : paramPath(member)
    }

    /// The `struct vm_area_struct **` parameters every store through which (`*out = vma;`) is a
    /// vma of the same parameter path's mm (vma_lookup(c->mm, addr) kept in `vma`), by parameter.
    private func outVMAOwners(_ fn: FunctionFacts, _ df: Dataflow) -> [(Int, ArgPath)] {
        guard !vmaMMFields.isEmpty else { return [] }
        return outParameterOwners(fn, df, type: "structvm_area_struct**") { v, s in self.returnedVMAOwner(v, s, df) }
    }

    /// The `struct mm_struct **` parameters every store through which stores the same member of a
    /// parameter (`*out = c->mm;`), by parameter.
    private func outMMOwners(_ fn: FunctionFacts, _ df: Dataflow) -> [(Int, ArgPath)] {
        outParameterOwners(fn, df, type: "structmm_struct**") { v, s in
            df.resolve(v, s).flatMap { $0.fields.isEmpty ? nil : self.paramPath($0) }
        }
    }

    /// The parameters of `type` (spaces removed) every non-NULL store through which has the same
    /// `owner` (nil: none, and the parameter is not one), by parameter.
    private func outParameterOwners(_ fn: FunctionFacts, _ df: Dataflow, type: String,
                                    owner: (Expr, State) -> ArgPath?) -> [(Int, ArgPath)] {
        var out: [(Int, ArgPath)] = []
        for (k, p) in fn.params.enumerated() where p.type.replacingOccurrences(of: " ", with: "") == type {
            var found: ArgPath?, agree = true
            for (i, n) in fn.nodes.enumerated() {
                guard case .event(.assign(let l, let v, _, _, _)) = n.kind, l == AccessPath(base: .param(k)), v != .null, v != .int(0)
                else { continue }
                guard let s = df.inState[i], let o = owner(v, s), found == nil || found == o else { agree = false; break }
                found = o
            }
            if agree, let o = found { out.append((k, o)) }
        }
        return out
    }

    /// What the function gains for its callers: the parameter facts at every exit, and (unless
    /// void) those only at its true or false returns; mm_users on a pointer it always returns pinned.
    /// The facts every one of `sets` holds.
    private static func meet(_ sets: [Set<FactKey>]) -> Set<FactKey> {
        guard var acc = sets.first else { return [] }
        for s in sets.dropFirst() { acc.formIntersection(s) }
        return acc
    }

    /// A fact at an exit as the caller sees it: on a parameter's path (not the running task's mm).
    private func exitEffect(_ fk: FactKey, _ w: When) -> Effect? {
        guard let ap = paramPath(fk.path), fk.fact != MMFact.currentMM else { return nil }
        return Effect(fact: fk.fact, on: ap, when: w)
    }

    private func exitGains(_ exits: ExitFacts, isVoid: Bool) -> [Effect] {
        let meet = Engine.meet
        let always = meet(exits.all)
        let whenTrue = meet(exits.whenTrue).subtracting(always)
        let whenFalse = meet(exits.whenFalse).subtracting(always)
        // Only facts the caller cannot already see: a helper's own pin, not a copy of its input.
        let eff = exitEffect
        var gains = (always.compactMap { eff($0, .always) } + (isVoid ? [] : whenTrue.compactMap { eff($0, .true) })
                     + (isVoid ? [] : whenFalse.compactMap { eff($0, .false) }))
            .sorted { "\($0.fact)\($0.on)\($0.when)" < "\($1.fact)\($1.on)\($1.when)" }
        if exits.returnsPinned == true { gains.append(Effect(fact: MMFact.users, on: ArgPath(arg: -1))) }
        else if exits.returnsCounted == true { gains.append(Effect(fact: MMFact.count, on: ArgPath(arg: -1))) }
        return gains
    }

    /// For each non-zero constant the function returns, the parameter facts at every return
    /// that may give it (its own `return K;` and the returns of values not known), beyond those
    /// its truth already gives: a classifier's class (`return PMD_HUGE;` only where the entry
    /// tested huge); and the facts at every return that may give another value (`if (st ==
    /// DEAD) return;`), beyond those that hold always. Empty where the constants tell no more
    /// than true and false.
    private func equalsGains(_ exits: ExitFacts, known: [Effect]) -> (equal: [Int64: [Effect]], unequal: [Int64: [Effect]]) {
        let values = Set(exits.constant.map(\.value).filter { $0 != 0 })
        guard !values.isEmpty else { return ([:], [:]) }
        // (Not a gain that holds only where the caller already knows a fact: assumedGains.)
        let have = Set(known.filter { $0.when != .false && $0.ifFact == nil }.map { "\($0.fact)\($0.on)" })
        let always = Set(known.filter { $0.when == .always && $0.ifFact == nil }.map { "\($0.fact)\($0.on)" })
        func effects(_ sets: [Set<FactKey>], besides known: Set<String>) -> [Effect] {
            Engine.meet(sets).compactMap { fk in exitEffect(fk, .always).flatMap { known.contains("\($0.fact)\($0.on)") ? nil : $0 } }
                .sorted { "\($0.fact)\($0.on)" < "\($1.fact)\($1.on)" }
        }
        var equal: [Int64: [Effect]] = [:], unequal: [Int64: [Effect]] = [:]
        for k in values {
            let e = effects(exits.constant.filter({ $0.value == k }).map(\.facts) + exits.anyValue + (k == 1 ? exits.truthValue : []),
                            besides: have)
            if !e.isEmpty { equal[k] = e }
            // Every return that may give another value: the other constants, values not known, tests.
            let u = effects(exits.constant.filter({ $0.value != k }).map(\.facts) + exits.anyValue + exits.truthValue, besides: always)
            if !u.isEmpty { unequal[k] = u }
        }
        return (equal, unequal)
    }

    /// Computes summaries bottom-up to a fixpoint (bounded).
    func computeSummaries(_ keys: [String]) {
        let relevant = Set(keys)
        // Callees before their callers (a post-order of the call graph): in a graph without
        // cycles each function is summarized once (in key order: 21,900 rounds on 6.12).
        var callees: [String: [String]] = [:]
        for k in keys {
            for c in (index.callers[k] ?? []).union(opsCallers[k] ?? []) where relevant.contains(c) { callees[c, default: []].append(k) }
        }
        var work: [String] = []
        work.reserveCapacity(keys.count)
        relevantKeys = keys
        var visited: Set<String> = []
        for root in keys where !visited.contains(root) {
            visited.insert(root)
            var stack: [(key: String, next: [String])] = [(root, (callees[root] ?? []).sorted())]
            while !stack.isEmpty {
                if let c = stack[stack.count - 1].next.popLast() {
                    if visited.insert(c).inserted { stack.append((c, (callees[c] ?? []).sorted())) }
                } else {
                    work.append(stack.removeLast().key)
                }
            }
        }
        var queued = Set(keys)
        // Seeded by the engine this one grows (a context round): what no added file can change
        // is taken as it was, and only the rest is summarized (in the same order), its callers
        // again where a summary changes.
        if let p = prior, let dirty = dirtyKeys(since: p, keys) {
            summaries = p.summaries.filter { relevant.contains($0.key) }
            flows = p.flows.filter { relevant.contains($0.key) && !dirty.contains($0.key) }
            work = work.filter(dirty.contains)
            queued = dirty
            seededFrom = keys.count - dirty.count
        }
        var head = 0
        var steps = 0
        let limit = keys.count * 8 + 100
        while head < work.count && steps < limit {
            let k = work[head]; head += 1; queued.remove(k)
            steps += 1
            guard let fn = index.functions[k] else { continue }
            let (c, df) = summarize(fn)
            flows[k] = df
            // Callbacks and functions with unknown callers keep their requirements: they just
            // never meet a caller that could be blamed.
            // An empty summary is stored as none: compared as stored (comparing the empty
            // contract with nil re-queued the callers of every empty summary, forever in a
            // recursive cycle, until the step limit: 21,900 rounds on 6.12 instead of ~3,000).
            let stored: Contract? = c.isEmpty ? nil : c
            if summaries[k] != stored {
                summaries[k] = stored
                let callers = (index.callers[k] ?? []).union(opsCallers[k] ?? []).sorted()
                for caller in callers where relevant.contains(caller) && !queued.contains(caller) {
                    work.append(caller); queued.insert(caller)
                }
            }
        }
        summaryRounds = steps
        if prior != nil, ProcessInfo.processInfo.environment["MMLINT_DEBUG_SEED_CHECK"] != nil { checkSeeded(keys) }
        // Cut off by the limit: a function's last dataflow may predate a callee's final summary.
        if head < work.count { flows = [:]; summariesConverged = false }
        summariesDone = true
    }

    /// The relevant functions whose summaries an engine over a smaller index (`p`, same rules,
    /// converged, dataflows kept) cannot stand for: functions it did not summarize, those that
    /// call a function the added files define or through a member whose targets changed, those
    /// with new callers or a newly taken address, and ops functions whose dispatch changed.
    /// A lock helper whose kills differ (one the added files define, or one they made a
    /// wrapper) is summarized again, and its callers where its summary changes.
    /// Nil when a table every summary reads (exit barriers, owner and saved-vma members, member
    /// equivalences, scope guards, the contracts) differs: then everything is summarized again.
    func dirtyKeys(since p: Engine, _ keys: [String]) -> Set<String>? {
        guard p.summariesConverged, p.keepsFlows, p.summariesDone, apis == p.apis,
              exitBarrierFields == p.exitBarrierFields, ownerFields == p.ownerFields, savedVMAMembers == p.savedVMAMembers,
              memberEquivalences.elementsEqual(p.memberEquivalences, by: { $0.0 == $1.0 && $0.1 == $1.1 }),
              crossBindings == p.crossBindings, guardKills == p.guardKills else { return nil }
        let have = Set(keys), before = Set(p.relevantKeys)
        guard before.isSubset(of: have) else { return nil }
        var dirty = have.subtracting(before)
        for k in Set(wrapperKills.keys).union(p.wrapperKills.keys)
        where wrapperKills[k] != p.wrapperKills[k] || wrapperKillsWhen[k] != p.wrapperKillsWhen[k] { dirty.insert(k) }
        for (k, fn) in index.functions where p.index.functions[k] == nil {
            dirty.formUnion(index.callers[k] ?? [])
            for n in fn.nodes { if case .event(.call(let c)) = n.kind { dirty.insert(c.callee) } }
        }
        dirty.formUnion(index.addressTaken.subtracting(p.index.addressTaken))
        for m in Set(opsTargets.keys).union(p.opsTargets.keys) where opsTargets[m] != p.opsTargets[m] {
            dirty.formUnion(index.callers[m] ?? [])
            dirty.formUnion(opsTargets[m] ?? []); dirty.formUnion(p.opsTargets[m] ?? [])
        }
        for k in Set(index.callbackUses.keys).union(p.index.callbackUses.keys) {
            guard let fn = index.functions[k] else { continue }
            if opsFields(k) != p.opsFields(k) || opsCallers[k] != p.opsCallers[k] || dispatchComplete(fn) != p.dispatchComplete(fn) {
                dirty.insert(k)
            }
        }
        return dirty.intersection(have)
    }

    /// MMLINT_DEBUG_SEED_CHECK: the seeded summaries against a fresh engine's of the same index
    /// (requirements compared as sets: where two tie in requirementOrder, a set's order decides),
    /// the count of those that differ on stderr (the verification of a context round on a tree).
    private func checkSeeded(_ keys: [String]) {
        let fresh = Engine(rules: rules, index: index, version: version, config: config)
        fresh.computeSummaries(keys)
        let differ = keys.filter { k in
            fresh.summaries[k] != summaries[k]
                && (fresh.summaries[k].map { Set($0.requires) } != summaries[k].map { Set($0.requires) }
                    || fresh.summaries[k].map { var c = $0; c.requires = []; return c }
                        != summaries[k].map { var c = $0; c.requires = []; return c })
        }
        FileHandle.standardError.write(Data(("mmlint: seed check: \(differ.count) of \(keys.count) summaries differ "
            + "(\(seededFrom) taken from the smaller index)\(differ.prefix(5).map { " " + $0 }.joined())\n").utf8))
    }

    /// Drops the dataflows kept for a later engine (keepsFlows): each holds this engine.
    public func releaseFlows() { flows = [:] }

    // MARK: - holders

    func exprKey(_ e: Expr) -> String? {
        if case .path(let p) = e { return p.description }
        return nil
    }

    /// What reference a store carries, from the storing function's own calls.
    func classify(_ st: FieldStore) -> StoreClass { classifyWithTaker(st).0 }

    /// The store's class and, for a count holder, the call that took mm_count (mmgrab(), or
    /// an API such as iommu_sva_bind_device() that keeps it for the caller).
    func classifyWithTaker(_ st: FieldStore) -> (StoreClass, CallSite?) {
        var taker: CallSite?
        let c = classifyStore(st, countTaker: &taker)
        return (c, c == .count ? taker : nil)
    }

    func classifyStore(_ st: FieldStore, countTaker: inout CallSite?, followCopies: Bool = true) -> StoreClass {
        guard let fn = index.functions[st.function] else { return .unknown }
        if st.rhs == .null || st.rhs == .int(0) { return .unknown }
        let calls = fn.callsByID
        // Names the stored value goes by in this function: the rhs, the lhs, and locals copied to/from it.
        var names: Set<String> = [st.lhs.description]
        if let r = exprKey(st.rhs) { names.insert(r) }
        for n in fn.nodes {
            if case .event(.assign(let l, let r, _, _, _)) = n.kind, let rk = exprKey(r) {
                if names.contains(l.description) { names.insert(rk) }
                if names.contains(rk) { names.insert(l.description) }
            }
        }
        /// The calls of this function that gain (or lose) `fact` on the stored value.
        func onStored(_ fact: String, lost: Bool = false) -> [CallSite] {
            calls.values.filter { c in
                guard let cc = contract(for: c) else { return !lost && helperTakes(c, fact, on: st.lhs) }
                return (lost ? cc.loses : cc.gains).contains { g in
                    guard g.fact == fact, g.on.arg >= 0, g.on.arg < c.args.count else { return false }
                    // A helper handed the object that takes it on the member (`mm_count_get(ctx)`
                    // doing mmgrab(ctx->mm): its summary's effect on arg0->mm).
                    if !g.on.fields.isEmpty {
                        guard case .path(let a) = c.args[g.on.arg] else { return false }
                        return AccessPath(base: a.base, fields: a.fields + g.on.fields) == st.lhs
                    }
                    return exprKey(c.args[g.on.arg]).map(names.contains) == true || sameField(c.args[g.on.arg], st.field)
                } || (!lost && helperTakes(c, fact, on: st.lhs))
            }.sorted { $0.loc < $1.loc }
        }
        let grabs = onStored(MMFact.count)
        func takesUsers(_ c: CallSite) -> Bool {
            contract(for: c)?.gains.contains(where: { $0.on.arg < 0 && $0.fact == MMFact.users }) ?? false
        }
        func onlyTries(_ c: CallSite) -> Bool {
            guard let cc = contract(for: c) else { return false }
            let users = cc.gains.filter { $0.fact == MMFact.users }
            return !users.isEmpty && users.allSatisfy { $0.when != .always }
        }
        func takesCount(_ c: CallSite) -> Bool {
            !takesUsers(c) && contract(for: c)?.gains.contains(where: { $0.on.arg < 0 && $0.fact == MMFact.count }) == true
        }
        // The value stored: a call's result, or the reference a local was assigned once from
        // (`mm = get_task_mm(t); if (!mm) return -ESRCH; p->mm = mm;`; a helper that returns it
        // with mm_count, fs/proc/base.c proc_mem_open()'s shape).
        var source: CallSite?
        if case .call(let id) = st.rhs { source = calls[id] }
        if case .path(let p) = st.rhs, case .local = p.base, p.fields.isEmpty, fn.assignedValues(p).count == 1,
           case .call(let id)? = fn.assignedValues(p).first, let c = calls[id], takesUsers(c) || takesCount(c) { source = c }
        if let c = source {
            // A helper of the tree that returns the mm with mm_count it took (`mmgrab(mm);
            // return mm;`): the store keeps mm_count.
            if takesCount(c) { countTaker = c; return .count }
            guard takesUsers(c) else { return followCopies ? getterCopyClass(c, st) : .unknown }
            // Stored from get_task_mm(), then mmgrab() and mmput() of it (powerpc's vas-api.c):
            // the users reference was traded for a count reference; the store keeps mm_count.
            let puts = onStored(MMFact.users, lost: true)
            if let grab = grabs.first, !puts.isEmpty { countTaker = grab; return .count }
            return peeked(st, in: fn, taken: c, puts: puts, names: names) ? .none : .users
        }
        let usersTaken = onStored(MMFact.users)
        if !usersTaken.isEmpty {
            // A try (mmget_not_zero()) beside the object's own mmgrab(): the member keeps mm_count
            // for sure and mm_users only where the try succeeded (a flag member tells: PinFlags).
            if let grab = grabs.first, usersTaken.allSatisfy(onlyTries) { countTaker = grab; return .count }
            return .users
        }
        if let grab = grabs.first { countTaker = grab; return .count }
        if case .path(let p) = st.rhs, case .param(let i) = p.base, p.fields.isEmpty {
            return classifyParamStore(function: st.function, param: i, followCopies: followCopies)
        }
        if case .path(let p) = st.rhs, p.base == .current || (p.fields.last.map { vocab.coreFields[$0] != nil } ?? false) {
            return onStack(st, fn) && p.base == .current ? .users : .none
        }
        if case .path(let p) = st.rhs, case .local = p.base, p.fields.isEmpty, onStack(st, fn), fn.assignedValues(p).count == 1,
           case .path(let q)? = fn.assignedValues(p).first, q.base == .current { return .users }
        if followCopies, let g = copiedMember(st.rhs, in: fn), g != st.field { return copiedStoreClass(g) }
        return .unknown
    }

    /// A store of a getter's result (`ch->mm = parent_mm(pp)` returning `pp->mm`, or a member of
    /// an object it looked up): a copy of that member, as `ch->mm = pp->mm` is (one level).
    func getterCopyClass(_ c: CallSite, _ st: FieldStore) -> StoreClass {
        guard contract(for: c).map({ $0.gains.isEmpty && $0.loses.isEmpty }) ?? true,
              let g = returnedPath(of: c.callee)?.fields.last ?? returnedMember(of: c.callee), g != st.field else { return .unknown }
        return copiedStoreClass(g)
    }

    /// The store fills a member of a struct on the storing function's own stack (`struct sy_work
    /// w; w.mm = current->mm; schedule_work(&w.work); flush_work(&w.work);`): whatever reads it
    /// runs before the frame is gone (after, it reads a dead stack object: another bug), so while
    /// the storing task, and the mm_users its own mm has for it, is alive.
    func onStack(_ st: FieldStore, _ fn: FunctionFacts) -> Bool {
        guard case .local(let n) = st.lhs.base, st.lhs.fields.count == 1 else { return false }
        return fn.valueLocals.contains(n)
    }

    /// A helper of the tree handed the object that takes `fact` on the stored member on some path
    /// (cxl's cxl_context_mm_count_get(ctx): `if (ctx->mm) mmgrab(ctx->mm);`, a NULL member
    /// holds nothing): what the store keeps.
    func helperTakes(_ c: CallSite, _ fact: String, on member: AccessPath) -> Bool {
        // Only a call handed the member's object (or the member) can take it on the member.
        guard member.fields.count >= 1, c.args.contains(where: { a in
            guard case .path(let q) = a else { return false }
            return q.base == member.base && member.fields.starts(with: q.fields)
        }), let g = index.functions[c.callee], !isContractFunction(g) else { return false }
        return g.nodes.contains { n in
            guard case .event(.call(let k)) = n.kind, let cc = contract(for: k), k.callee != g.key else { return false }
            return cc.gains.contains { e in
                guard e.fact == fact, e.on.arg >= 0, e.on.fields.isEmpty, e.on.arg < k.args.count, case .path(let q) = k.args[e.on.arg],
                      case .param(let i) = q.base, i < c.args.count, case .path(let a) = c.args[i] else { return false }
                return AccessPath(base: a.base, fields: a.fields + q.fields) == member
            }
        }
    }

    /// get_task_mm() only to read the pointer: its reference, stored in a member, is dropped
    /// before the store on every path, or after it on every path where it is not NULL with
    /// nothing between the store and the drop handed the value or its object (a helper or a
    /// registration that takes a reference of its own: cxl's cxl_context_mm_count_get(ctx),
    /// mmu_notifier_register(&x->mn, mm)).
    func peeked(_ st: FieldStore, in fn: FunctionFacts, taken c: CallSite, puts: [CallSite], names: Set<String>) -> Bool {
        let putNodes = Set(puts.compactMap { fn.node(ofCall: $0.id) })
        guard !putNodes.isEmpty, st.node < fn.nodes.count else { return false }
        if let take = fn.node(ofCall: c.id),
           !fn.reaches(from: take, to: st.node, along: { u in putNodes.contains(u) ? [] : fn.nodes[u].succs }) { return true }
        let stored: Set<AccessPath> = [st.lhs], owner = Array(st.lhs.fields.dropLast())
        var seen: Set<Int> = [st.node], work = [st.node]
        while let u = work.popLast() {
            if u == 1 { return false }
            if u != st.node, case .event(.call(let k)) = fn.nodes[u].kind, k.args.contains(where: { a in
                if let key = exprKey(a), names.contains(key) { return true }
                guard case .path(let q) = a else { return false }
                return q.base == st.lhs.base && q.fields.starts(with: owner)
            }) { return false }
            let null = fn.nodes[u].nullSide(among: stored)
            for (k, v) in fn.nodes[u].succs.enumerated() where k != null && !putNodes.contains(v) && seen.insert(v).inserted {
                work.append(v)
            }
        }
        return true
    }

    /// A store that copies another holder's member with no reference of its own (`job->mm =
    /// ctx->mm`): it holds what that member holds (the copy lives on the other object's
    /// reference). One level: the other member's own copies are not followed.
    func copiedMember(_ e: Expr, in fn: FunctionFacts) -> Field? {
        guard case .path(let p) = e else { return nil }
        if let g = p.last { return g }
        guard case .local = p.base else { return nil }
        let values = fn.assignedValues(p)
        guard values.count == 1, case .path(let q) = values[0] else { return nil }
        return q.last
    }

    func copiedStoreClass(_ g: Field) -> StoreClass {
        var classes: Set<StoreClass> = []
        for st in index.mmStores[g] ?? [] where st.rhs != .null && st.rhs != .int(0) {
            var taker: CallSite?
            classes.insert(classifyStore(st, countTaker: &taker, followCopies: false))
        }
        return classes.count == 1 ? classes.first! : .unknown
    }

    func sameField(_ e: Expr, _ f: Field) -> Bool {
        if case .path(let p) = e { return p.last == f }
        return false
    }

    /// A store of a parameter: what the callers pass (one level). A member passed with no
    /// reference taken on it in the caller (`bind(s, o->mm)`) passes what that member's own
    /// stores keep (copiedStoreClass: one level, `followCopies`). An ops function's callers are
    /// those that call through the members it is stored into (opsFields: resolved dispatch).
    func classifyParamStore(function: String, param: Int, followCopies: Bool = true) -> StoreClass {
        var classes: Set<StoreClass> = []
        let members = Set((opsFields(function) ?? []).map { "->" + $0.description })
        let callerKeys = (index.callers[function] ?? []).union(members.isEmpty ? [] : opsCallers[function] ?? [])
        for callerKey in callerKeys.sorted() {
            guard let caller = index.functions[callerKey] else { continue }
            var df = Dataflow(fn: caller, vocab: vocab, contracts: self)
            df.run()
            for (i, n) in caller.nodes.enumerated() {
                guard case .event(.call(let c)) = n.kind, c.callee == function || members.contains(c.callee), param < c.args.count,
                      let sIn = df.inState[i], let t = df.resolve(c.args[param], sIn) else { continue }
                if holds(sIn, MMFact.users, t) { classes.insert(.users) }
                else if holds(sIn, MMFact.count, t) || laterGrab(caller, c.args[param]) { classes.insert(.count) }
                else if t.base == .current { classes.insert(.none) }
                else if followCopies, let g = t.last,
                        index.mmStores[g]?.isEmpty == false { classes.insert(copiedStoreClass(g)) }
                else { classes.insert(.unknown) }
            }
        }
        if classes.count == 1 { return classes.first! }
        if classes.contains(.users) && classes.count > 1 { return .unknown }
        return classes.contains(.count) ? .count : .unknown
    }

    func laterGrab(_ fn: FunctionFacts, _ e: Expr) -> Bool {
        guard let k = exprKey(e) else { return false }
        for n in fn.nodes {
            if case .event(.call(let c)) = n.kind, let cc = contract(for: c),
               cc.gains.contains(where: {
                   $0.fact == MMFact.count && $0.on.arg >= 0 && $0.on.arg < c.args.count && exprKey(c.args[$0.on.arg]) == k
               }) {
                return true
            }
        }
        return false
    }

    /// A finding subject's origin kind left to fill once the summaries are complete.
    static let originAfterSummaries = "\u{0}after-summaries"

    public func holder(_ f: Field) -> Origin {
        assert(summariesDone, "holder() asked before the summaries are complete")
        return cachedHolder(\.holderCache, f) {
            holder(f, stores: (index.mmStores[f] ?? []) + storesThroughParameters()[f, default: []])
        }
    }

    private var parameterStoreTable: [Field: [FieldStore]]?

    /// Stores through a pointer parameter (`*slot = mm` in `set_mm(struct mm_struct **slot, …)`),
    /// by the holder each direct caller points the parameter at (`set_mm(&ctx->mm, mm)`, `&saved_mm`):
    /// the store, judged where it is made, fills that holder. Built once, under wholeStoreLock.
    func storesThroughParameters() -> [Field: [FieldStore]] {
        wholeStoreLock.lock(); defer { wholeStoreLock.unlock() }
        if let t = parameterStoreTable { return t }
        var out: [Field: [FieldStore]] = [:]
        for (key, stores) in index.parameterStores.sorted(by: { $0.key < $1.key }) {
            for callerKey in (index.callers[key] ?? []).sorted() {
                for n in index.functions[callerKey]?.nodes ?? [] {
                    guard case .event(.call(let c)) = n.kind, c.callee == key else { continue }
                    for st in stores {
                        guard case .param(let k) = st.lhs.base, k < c.args.count, case .path(let q) = c.args[k],
                              let f = q.holderField else { continue }
                        if !(out[f] ?? []).contains(where: { $0.function == key && $0.node == st.node }) {
                            var derived = st
                            derived.field = f
                            out[f, default: []].append(derived)
                        }
                    }
                }
            }
        }
        parameterStoreTable = out
        return out
    }

    /// A holder from one of the caches (under holderLock), computed outside the lock once.
    private func cachedHolder<K: Hashable>(_ cache: ReferenceWritableKeyPath<Engine, [K: Origin]>, _ key: K,
                                           _ compute: () -> Origin) -> Origin {
        holderLock.lock()
        let cached = self[keyPath: cache][key]
        holderLock.unlock()
        if let o = cached { return o }
        let o = compute()
        holderLock.lock()
        self[keyPath: cache][key] = o
        holderLock.unlock()
        return o
    }

    /// The holder of `f` read through `owner` (`fault->pe_data.mm`): its member stores, and the
    /// stores that copy a whole struct into `owner` (`spa->xsl_fault.pe_data = *pe_data;`), each
    /// read as a store of the source's `f` (`pe_data->mm`) where the copy is made — ocxl's
    /// interrupt handler copies under mmget_not_zero() for the bottom half that mmput()s.
    func holder(_ f: Field, through owner: Field) -> Origin {
        let copies = wholeStores()[owner] ?? []
        guard !copies.isEmpty else { return holder(f) }
        return cachedHolder(\.copiedHolderCache, "\(owner)|\(f)") {
            let derived = copies.map { c in
                FieldStore(field: f, function: c.function, node: c.node, rhs: .path(c.source.appending(f)),
                           lhs: c.lhs.appending(f), loc: c.loc, text: c.text)
            }
            return holder(f, stores: (index.mmStores[f] ?? []) + derived)
        }
    }

    typealias WholeStore = (function: String, node: Int, lhs: AccessPath, source: AccessPath, loc: SourceLoc, text: String)
    private var wholeStoreTable: [Field: [WholeStore]]?
    private let wholeStoreLock = NSLock()

    /// Assignments of a whole object to a member (`x->a = *p;`, `x->a = y->a;`), by that member:
    /// the members the copied object holds are stored too. Built once, when a holder is first
    /// asked through a member (a run whose findings read no nested member never builds it).
    func wholeStores() -> [Field: [WholeStore]] {
        wholeStoreLock.lock(); defer { wholeStoreLock.unlock() }
        if let t = wholeStoreTable { return t }
        var out: [Field: [WholeStore]] = [:]
        for key in index.sortedKeys {
            guard let fn = index.functions[key] else { continue }
            for i in fn.nodes.indices {
                guard case .event(.assign(let l, .path(let r), let text, let loc, _)) = fn.nodes[i].kind, let owner = l.last,
                      index.mmStores[owner] == nil else { continue }
                out[owner, default: []].append((key, i, l, r, loc, text))
            }
        }
        wholeStoreTable = out
        return out
    }

    private func holder(_ f: Field, stores: [FieldStore]) -> Origin {
        var byClass: [StoreClass: [FieldStore]] = [:]
        var takers: [CallSite] = []
        for s in stores {
            let (c, t) = classifyWithTaker(s)
            byClass[c, default: []].append(s)
            if let t { takers.append(t) }
        }
        let users = byClass[.users] ?? [], count = byClass[.count] ?? [], none = byClass[.none] ?? []
        let o: Origin
        if !users.isEmpty && (count.isEmpty && none.isEmpty) { o = .users("every store of \(f) takes mm_users") }
        else if !users.isEmpty { o = .mixed(users + count + none, "\(f) is stored with mm_users in some places and without in others") }
        else if !count.isEmpty {
            // Say what really holds the count: the store's own mmgrab(), or an API that keeps it.
            // A reference call is one whose whole contract is "take mm_count on its argument"
            // (mmgrab); anything else (iommu_sva_bind_device) keeps the count as part of a binding.
            let names = Set(takers.map(\.name)).sorted()
            // (Or a function of the tree that returns an mm with a count of its own and nothing
            // else: /proc's proc_mem_open().)
            let counting = Set(takers.filter { t in
                summaries[t.callee].map { $0.gains == [Effect(fact: MMFact.count, on: ArgPath(arg: -1))] } ?? false
            }.map(\.name))
            func isReferenceCall(_ n: String) -> Bool {
                if counting.contains(n) { return true }
                guard let c = vocab.apis[n] else { return false }
                return c.gains.count == 1 && c.gains[0].fact == MMFact.count && c.gains[0].on == ArgPath(arg: 0)
                    && c.gains[0].when == .always
            }
            if names.isEmpty || names.allSatisfy(isReferenceCall) {
                o = .count(count + none, "\(f) is stored with \(names.count == 1 ? names[0] : "mmgrab")() only (mm_count)")
            } else {
                let t = takers.min { $0.loc < $1.loc }!
                o = .count(count + none, "\(f) holds mm_count only, and not by a reference of its own: "
                           + "\(names.joined(separator: "(), "))() keeps it (\(t.loc.file):\(t.loc.line)) while the binding lasts")
            }
        }
        else if !none.isEmpty { o = .none(none, "\(f) is stored with no reference at all") }
        else { o = .unknown(stores.isEmpty ? "no store of \(f) was seen" : "the stores of \(f) take no recognizable reference") }
        return o
    }

    public func origin(_ p: AccessPath) -> Origin {
        switch p.base {
        case .current:
            if p.fields.count == 1 && vocab.runningTaskMM.contains(p.fields[0].name) { return .current }
        case .global(let g):
            if p.fields.isEmpty { return vocab.immortal.contains(g) ? .immortal : holder(Field.global(g)) }
        case .ret(let fnKey):
            if p.fields.isEmpty {
                let name = fnKey.components(separatedBy: "::").last ?? fnKey
                let c = apis[name] ?? summaries[fnKey]
                if c?.gains.contains(where: { $0.on.arg < 0 && $0.fact == MMFact.users }) == true {
                    return .users("returned pinned by \(name)()")
                }
                return .unknown("returned by \(name)()")
            }
        case .param(let i):
            if p.fields.isEmpty { return .param(i) }
        case .local:
            if p.fields.isEmpty { return .unknown("a local of unknown provenance") }
        }
        guard let last = p.last else { return .unknown("") }
        // The mm of a vma saved in a member: the mm member stored beside it.
        if let saved = savedVMA(p) { return origin(saved.mmPath) }
        if let core = vocab.coreFields[last] {
            switch core.origin {
            case "vma": return .vma
            case "task": return p.base == .current && p.fields.count == 1 ? .current : .task
            case "immortal": return .immortal
            case "count": return .count([], "\(last) holds mm_count only (\(core.note))")
            default: return .unknown(core.note)
            }
        }
        // A member read through a struct that is copied whole elsewhere: the copies store it too.
        if p.fields.count >= 2 { return holder(last, through: p.fields[p.fields.count - 2]) }
        return holder(last)
    }

    // MARK: - findings

    public func run() -> [Finding] {
        let t0 = DispatchTime.now().uptimeNanoseconds
        _ = opsTargets; _ = looseFunctionValues; _ = opsCallers
        let keys = relevantFunctions()
        // Shared lazily built tables (independent of the summaries), built before threads start.
        _ = memberEquivalences; _ = crossBindings; _ = exitBarrierFields; _ = ownerFields; _ = savedVMAMembers; _ = memberPointees
        _ = pinFlags; _ = callbackStarts
        _ = wrapperKills; _ = wrapperKillsWhen; _ = guardKills
        let judged = index.sortedKeys.compactMap { index.functions[$0] }.filter { !isContractFunction($0) }
        // Tasks: the core rules (summaries, then their checks) beside the kinds that read no
        // summary (the reference walk, the kthread test, the mm_users heuristic); then, once the
        // summaries are complete, the kinds that share the lock analysis and callback contexts,
        // and each other family rule. Each family task has a context of its own; the
        // tasks run on `jobs` threads (6.12: 2.1 s of checker CPU in ~1 s on two).
        let family = coreOnly ? [] : rules.rules.filter { !$0.isRequirement && FamilyChecks.check($0.kind) != nil }
        // Per phase: one task per group (its rules in file order), then one per ungrouped rule.
        func tasks(_ phase: CheckPhase) -> [[Rule]] {
            let rules = family.filter { FamilyChecks.check($0.kind)!.phase == phase }
            var groups: [String] = []
            for r in rules { if let g = FamilyChecks.check(r.kind)!.group, !groups.contains(g) { groups.append(g) } }
            return groups.map { g in rules.filter { FamilyChecks.check($0.kind)!.group == g } }
                + rules.filter { FamilyChecks.check($0.kind)!.group == nil }.map { [$0] }
        }
        let then = tasks(.afterSummaries)
        // [] = the core rules, with the summaries the second phase reads (a run of only
        // summary-free family rules — a family context round — needs neither).
        let needsCore = rules.rules.contains(where: \.isRequirement) || !then.isEmpty
        let first: [[Rule]] = (needsCore ? [[]] : []) + tasks(.besideSummaries)
        let all = first + then
        let threads = max(1, jobs)
        @Sendable func runTask(_ t: Int) -> ([Finding], [String: Double]) {
            var times: [String: Double] = [:]
            if all[t].isEmpty {
                computeSummaries(keys)
                var out: [String: Finding] = [:]
                for k in keys {
                    guard let fn = index.functions[k], !isContractFunction(fn) else { continue }
                    check(fn, into: &out)
                }
                settleOpsPending(into: &out)
                // Each holds the engine (its contract source): no cycle left behind, unless a
                // later engine is seeded by this one (releaseFlows()).
                if !keepsFlows { flows = [:] }
                times["core"] = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
                return (Array(out.values), times)
            }
            return (runFamily(all[t], judged: judged, seconds: &times), times)
        }
        // Phase one: the core rules and the summary-free kinds; phase two: the rest.
        var found: [Finding] = []
        var seconds: [String: Double] = [:]
        for phase in [0..<first.count, first.count..<all.count] where !phase.isEmpty {
            let box = ResultBox<([Finding], [String: Double])>(count: phase.count)
            DispatchQueue.concurrentPerform(iterations: min(threads, phase.count)) { _ in
                while let k = box.next() { box.set(k, runTask(phase.lowerBound + k)) }
            }
            for (f, s) in box.all() { found += f; seconds.merge(s) { $1 } }
        }
        // The reference walk runs beside the summaries: the origins its findings name (holder
        // tables read summaries) are filled in only now that the summaries are complete.
        for i in found.indices where found[i].subject?.originKind == Engine.originAfterSummaries {
            found[i].subject!.originKind = origin(found[i].subject!.target).name
        }
        found = withoutWrongKindEvidence(found)
        ruleSeconds = seconds
        return found.sorted {
            ($0.file, $0.line, $0.rule, $0.column, $0.message) < ($1.file, $1.line, $1.rule, $1.column, $1.message)
        }
    }

    /// Without the freed-holder findings whose only evidence — the function's own drop of the
    /// member's reference on another path — is a drop of the other count (mm-drop-kind-mismatch
    /// reports it there): the member never held that reference, so freeing the object without
    /// the drop loses none (xen gntdev's release after an open that put the users reference).
    func withoutWrongKindEvidence(_ found: [Finding]) -> [Finding] {
        func kind(_ f: Finding) -> String? { rules.rule(f.rule)?.kind }
        let wrongKind = Set(found.filter { kind($0) == DropKindCheck.kind }.map { "\($0.function)|\($0.file):\($0.line)" })
        guard !wrongKind.isEmpty else { return found }
        // (Nor one whose path passes a wrong-kind put of its own before the free: `if
        // (cancel_work_sync(&w->work)) { mmdrop(w->mm); kfree(w); }` where the worker mmput()s —
        // one fix, mmput(), mends both.)
        return found.filter { f in
            guard f.origin == RefEventKind.freedHolder.rawValue, kind(f) == RefBalanceCheck.kind else { return true }
            if f.path.dropLast().contains(where: { wrongKind.contains("\(f.function)|\($0.file):\($0.line)") }) { return false }
            guard !f.related.isEmpty else { return true }
            return !f.related.allSatisfy { wrongKind.contains("\(f.function)|\($0.file):\($0.line)") }
        }
    }

    func excluded(_ rule: Rule, _ file: String) -> Bool {
        rule.excludePaths.contains { pat in
            if pat.hasSuffix("/") { return file.hasPrefix(pat) }
            if pat.contains("*") {
                let re = "^" + pat.replacingOccurrences(of: ".", with: "\\.").replacingOccurrences(of: "*", with: "[^/]*") + "$"
                return file.range(of: re, options: .regularExpression) != nil
            }
            return file == pat
        }
    }

    /// One requirement of a call, where it is judged: the function, its dataflow, the call's
    /// node and the state before it.
    private struct RequirementSite {
        let fn: FunctionFacts
        let flow: Dataflow
        let node: Int
        let call: CallSite
        let stateIn: State
        let requirement: Requirement
        let rule: Rule
    }

    /// Why a requirement's fact is missing at a call, in the words and evidence of a finding.
    private struct MissingFactExplanation {
        var cause: FindingCause
        var originText: String
        var reason: String
        var severity: Severity
        var related: [Related] = []
        var mixed = false
        var ownPinned = false
        var alsoPinned: String? = nil
        /// Set for an ops function's finding that waits for the verdict of its dispatchers' callers.
        var opsKey: String? = nil
    }

    func check(_ fn: FunctionFacts, into out: inout [String: Finding]) {
        let flow = dataflow(of: fn)
        for (node, n) in fn.nodes.enumerated() {
            guard case .event(.call(let call)) = n.kind, let stateIn = flow.inState[node],
                  let callContract = contract(for: call) else { continue }
            for requirement in callContract.requires {
                guard let rule = rules.rule(requirement.rule) else { continue }
                let site = RequirementSite(fn: fn, flow: flow, node: node, call: call, stateIn: stateIn,
                                           requirement: requirement, rule: rule)
                let tracked = opsKeys(requirement, call)
                if !tracked.isEmpty {
                    passOpsRequirementUp(site, tracked: tracked)
                    continue
                }
                guard let found = missingFactFinding(site) else { continue }
                record(found.finding, opsKey: found.opsKey, into: &out)
            }
        }
    }

    /// The function's dataflow: the one the summaries computed, or a fresh run.
    /// The function's dataflow: the one its summary was made with (computeSummaries keeps it), or
    /// a fresh run for a function no summary round reached.
    func dataflow(of fn: FunctionFacts) -> Dataflow {
        if let done = flows[fn.key] { return done }
        var fresh = Dataflow(fn: fn, vocab: vocab, contracts: self)
        fresh.run()
        return fresh
    }

    /// A requirement of an ops function on its way up: never reported here. It is discharged
    /// where it holds, travels on where the callers are all known, and anywhere else it keeps
    /// the ops function's own finding.
    private func passOpsRequirementUp(_ site: RequirementSite, tracked: [String]) {
        let (fn, flow, requirement, stateIn) = (site.fn, site.flow, site.requirement, site.stateIn)
        guard site.rule.evidence == .origin else { return }
        let target = flow.target(requirement.on, site.call, stateIn)
        if let target, !excluded(site.rule, fn.loc.file),
           requirementHolds(stateIn, requirement.fact, target, requirement.on, site.call, flow)
               || outOfScope(requirement, stateIn, target) { return }
        if let target, case .param = target.base, ownPin(fn, flow, target, besides: site.node) == nil,
           case .fromEntry = flow.explainMissing(FactKey(fact: requirement.fact, path: target), at: site.node,
                                                 holds: { self.holds($0, requirement.fact, target) }).1 {
            if callersComplete(fn) || dispatchComplete(fn) { return }
            if let fields = opsFields(fn.key) {
                for field in fields where opsDispatchers(of: field).isEmpty { wantContext(fn, field.name) }
            } else if (index.callers[fn.key] ?? []).isEmpty, !index.addressTaken.contains(fn.key), !fn.isStatic {
                wantContext(fn, fn.name)
            }
        }
        opsUndischarged.formUnion(tracked)
    }

    /// The finding for a requirement the state before the call does not meet (nil: met, out of
    /// scope, or judged elsewhere), with the ops key of one that waits for its dispatchers' callers.
    private func missingFactFinding(_ site: RequirementSite) -> (finding: Finding, opsKey: String?)? {
        let (fn, flow, call, requirement, rule) = (site.fn, site.flow, site.call, site.requirement, site.rule)
        guard !excluded(rule, fn.loc.file) else { return nil }
        guard let target = flow.target(requirement.on, call, site.stateIn),
              !requirementHolds(site.stateIn, requirement.fact, target, requirement.on, call, flow),
              !outOfScope(requirement, site.stateIn, target), !taskMMLocked(target, fn, at: site.node) else { return nil }
        // An operation on a vma needs what the vma's mm holds; a vma whose mm is not known
        // (a fault handler's or ->mmap's vma, a vma saved in a struct) is the core's
        // business: only a vma found in a known mm (find_vma(x->mm, …)) is judged.
        if !requirement.on.fields.isEmpty, case .vma = origin(target) { return nil }
        // A saved vma's mm (savedVMA) is judged only where the function runs in a kernel thread
        // or a worker, or reaches the object through a global (a table of every process's
        // objects): in a syscall or a fault the object is most often found through the running
        // task's own vma (sgi-gru's gru_find_lock_gts(), gru_fault()), which is not followed.
        if savedVMA(target) != nil, kernelThreadContext(fn) == nil {
            guard case .global = target.base else { return nil }
        }
        let (path, missing) = flow.explainMissing(FactKey(fact: requirement.fact, path: target), at: site.node) {
            self.holds($0, requirement.fact, target)
        }
        var why = missing
        // A function that puts the reference itself after the use, on every way out, and takes
        // none: it runs on a reference handed to it (a work item the submitter pinned for,
        // `if (!mmget_not_zero(c->mm)) return; if (!queue_work(…)) mmput(c->mm);`). Whether
        // the hand-off balances is mm-ref-imbalance's question.
        if case .fromEntry = missing, requirement.fact == MMFact.users, !target.fields.isEmpty,
           ownPin(fn, flow, target, besides: site.node) == nil, !(contract(for: call)?.gains.contains { $0.fact == MMFact.users } ?? false),
           putAfter(site.node, fn, flow, target) { return nil }
        // The end of a borrow window needs only that nothing released the fact inside it.
        if isWindowEnd(rule, site) {
            guard case .killed(let k) = why, windowOpenedHeld(before: k, site, target: target) else { return nil }
        }
        // A pin decided by a stored test (`bool remote = x->mm != current->mm; … if (!remote)`)
        // is judged by where the mm came from, as when the path never tested it.
        if case .denied(let b, _) = why, rule.evidence == .origin, case .branch(let c, _, _) = fn.nodes[b].kind,
           flow.testsStoredValue(c, at: b) { why = .fromEntry }
        guard var explanation = explain(why, site, target: target, path: path) else { return nil }
        let (message, viaRelated) = missingFactMessage(site, target: target, reason: explanation.reason)
        explanation.related += viaRelated
        var finding = Finding(rule: requirement.rule, severity: explanation.severity, file: call.loc.file, line: call.loc.line,
                              column: call.loc.column, function: fn.name, message: message, origin: explanation.originText,
                              related: explanation.related, path: witnessEvents(fn, path))
        let cause = explanation.cause
        finding.subject = FindingSubject(functionKey: fn.key, nodes: path, useNode: site.node, target: target, fact: requirement.fact,
                                         cause: cause, holder: cause == .holder || cause == .equality ? target.last : nil,
                                         mixed: explanation.mixed, ownPin: explanation.ownPinned,
                                         holderStores: holderStoreLocations(target), originKind: origin(target).name,
                                         operation: requirement.via.first.map { String($0.text.prefix { $0 != "(" }) },
                                         alsoPinned: explanation.alsoPinned)
        return (finding, explanation.opsKey)
    }

    /// Is the site's innermost operation (the call itself, or the callee's operation the
    /// requirement travelled from) one the rule marks `window_end`?
    private func isWindowEnd(_ rule: Rule, _ site: RequirementSite) -> Bool {
        let name = site.requirement.via.first.map { String($0.text.prefix { $0 != "(" }) } ?? site.call.name
        return rule.operations.contains { $0.windowEnd && $0.call == name }
    }

    /// A call opening the window (one of the rule's other operations) on `target` with the
    /// fact held there, from which the releasing node `k` is reached: the release is inside the
    /// window (a borrow that started without the fact is reported at its start, not twice).
    private func windowOpenedHeld(before k: Int, _ site: RequirementSite, target: AccessPath) -> Bool {
        let (fn, flow, fact) = (site.fn, site.flow, site.requirement.fact)
        let openers = Set(site.rule.operations.filter { !$0.windowEnd }.map(\.call))
        for (i, n) in fn.nodes.enumerated() {
            guard case .event(.call(let c)) = n.kind, openers.contains(c.name), let s = flow.inState[i],
                  let op = site.rule.operations.first(where: { $0.call == c.name }),
                  flow.target(op.on, c, s) == target, holds(s, fact, target) else { continue }
            if i == k || fn.reaches(i, k, limit: .max) { return true }
        }
        return false
    }

    /// Keeps a finding (the more severe of two at one place), or holds an ops function's
    /// finding for the verdict of its dispatchers' callers.
    private func record(_ finding: Finding, opsKey: String?, into out: inout [String: Finding]) {
        let key = "\(finding.file):\(finding.line):\(finding.rule):\(finding.function)"
        if let opsKey { opsPending[key, default: []].append((finding, opsKey)); return }
        if let old = out[key], old.severity >= finding.severity { return }
        out[key] = finding
    }

    /// Why the fact is missing, by the cause the dataflow found (nil: no finding).
    private func explain(_ why: Dataflow.Why, _ site: RequirementSite, target: AccessPath,
                         path: [Int]) -> MissingFactExplanation? {
        switch why {
        case .killed(let k) where site.rule.evidence == .path:
            // A fact of the entry (the pmd's presence) forgotten: the lock that made it true was
            // dropped or taken again, so nothing below proves it — no mm reference is involved.
            let fact = site.requirement.fact
            return MissingFactExplanation(cause: .released, originText: Finding.unprovenOrigin,
                                          reason: "what proved \(fact) no longer holds after \(describe(site.fn.nodes[k])) on this path "
                                              + "(the entry may have changed since)",
                                          severity: site.rule.severity)
        case .killed(let k):
            return MissingFactExplanation(cause: .released, originText: "released",
                                          reason: "it was released on this path by \(describe(site.fn.nodes[k]))",
                                          severity: site.rule.severity)
        case .denied(let b, let side) where site.rule.evidence == .path:
            // The function's own test went the way that does not prove the fact.
            let fact = site.requirement.fact
            return MissingFactExplanation(cause: .unproven, originText: Finding.unprovenOrigin,
                                          reason: "on this path \(describe(site.fn.nodes[b])) was \(side ? "true" : "false"), "
                                              + "which does not prove \(fact) (\(vocab.facts[fact] ?? fact))",
                                          severity: site.rule.severity)
        case .denied(let b, let side):
            return failedPinExplanation(site, branch: b, side: side, target: target)
        case .fromEntry where site.rule.evidence == .path:
            return unprovenFromEntryExplanation(site, target: target, path: path)
        case .fromEntry:
            return holderExplanation(site, target: target)
        }
    }

    /// A pin attempted on the path failed (the branch went the other way); with an equality
    /// test, the function borrows a foreign mm itself and is judged by the holder (nil: no evidence).
    private func failedPinExplanation(_ site: RequirementSite, branch: Int, side: Bool,
                                      target: AccessPath) -> MissingFactExplanation? {
        let test = describe(site.fn.nodes[branch]), outcome = side ? "true" : "false"
        // `if (x->mm != current->mm) kthread_use_mm(x->mm)`: the function expects to
        // run on a foreign mm and borrows it itself, so it is judged here, by where
        // the mm came from; with no evidence (a parameter, unknown) it is silent.
        guard case .branch(let condition, _, _) = site.fn.nodes[branch].kind, condition.isEquality else {
            return MissingFactExplanation(cause: .failedPin, originText: "failed pin",
                                          reason: "on this path \(test) was \(outcome), so the pin was not taken",
                                          severity: site.rule.severity)
        }
        guard let evidence = holderEvidence(target), !evidence.mixed else { return nil }
        return MissingFactExplanation(cause: .equality, originText: evidence.origin,
                                      reason: "\(evidence.why); the mm is not the caller's own here (\(test) was \(outcome))",
                                      severity: site.rule.severity, related: evidence.related)
    }

    /// A path-evidence fact never established since entry (nil: a latent precondition that goes
    /// to the callers).
    private func unprovenFromEntryExplanation(_ site: RequirementSite, target: AccessPath,
                                              path: [Int]) -> MissingFactExplanation? {
        let (flow, requirement, stateIn) = (site.flow, site.requirement, site.stateIn)
        let fact = requirement.fact
        var manifest: CallSite?
        if propagates(requirement, target, stateIn, path, flow) {
            // A latent precondition goes to the callers, unless the function's own
            // later test shows the entry may lack the fact (a manifest error).
            guard let test = laterTest(site.fn, flow, requirement, target, site.call, at: site.node) else { return nil }
            manifest = test
        }
        let weaker = flow.closure(fact).dropFirst().filter { stateIn.facts.contains(FactKey(fact: $0, path: target)) }
        let reason: String
        if let test = manifest {
            reason = "the function itself tests the entry afterwards "
                + "(\(test.spelled) at line \(test.loc.line)): "
                + "it expects an entry that may not be \(fact), and nothing on this path proves \(fact) before the operation"
        } else if let known = weaker.first {
            reason = "on this path it is only known that \(vocab.facts[known] ?? known), which does not prove \(fact)"
        } else {
            reason = "nothing on this path proves \(fact) (\(vocab.facts[fact] ?? fact)) for it"
        }
        return MissingFactExplanation(cause: .unproven, originText: Finding.unprovenOrigin, reason: reason,
                                      severity: site.rule.severity)
    }

    /// An origin-evidence fact never established since entry: judged by where the mm came from
    /// (nil: no evidence, or judged at the callers).
    private func holderExplanation(_ site: RequirementSite, target: AccessPath) -> MissingFactExplanation? {
        let (fn, flow, call, requirement, stateIn) = (site.fn, site.flow, site.call, site.requirement, site.stateIn)
        let own = ownPin(fn, flow, target, besides: site.node)
        if own == nil, case .param = target.base, !target.fields.isEmpty, callersComplete(fn) { return nil }  // judged at the callers
        // An ops function reached only through members called here: reported
        // unless every caller up from every dispatcher discharges it.
        var opsKey: String? = nil
        if own == nil, case .param = target.base, !target.fields.isEmpty, let fields = opsFields(fn.key) {
            if dispatchComplete(fn) { opsKey = Engine.opsKey(requirement.rule, [call.loc] + requirement.via.map(\.loc)) }
            else { for field in fields where opsDispatchers(of: field).isEmpty { wantContext(fn, field.name) } }
        }
        guard let evidence = holderEvidence(target) ?? foreignTaskEvidence(target, fn, flow, stateIn, besides: site.node)
                ?? callbackParamEvidence(target, fn) ?? lookedUpTaskEvidence(target, fn, flow, besides: site.node)
                ?? localValuesEvidence(target, flow) else { return nil }
        var explanation = MissingFactExplanation(cause: .holder, originText: evidence.origin, reason: evidence.why,
                                                 severity: site.rule.severity, related: evidence.related, mixed: evidence.mixed,
                                                 ownPinned: own != nil && !dropsUsers(fn, flow, target), opsKey: opsKey)
        if evidence.mixed {
            explanation.severity = .note
            explanation.reason += "; the borrow may only run in the configuration that holds mm_users"
        }
        if own == nil, !requirement.via.isEmpty, case .count(let stores, _) = origin(target), stores.isEmpty,
           let other = pinnedArgument(call, flow, stateIn, besides: target, in: fn) {
            // The callee works on a notifier's mm (mm_count by protocol) and is
            // also handed a pinned mm: kfd's svm_range_validate_and_map(mm, …,
            // prange) uses prange->notifier, registered on that same mm. Not
            // evidence of a missing pin.
            explanation.severity = .note
            explanation.alsoPinned = other
            explanation.reason += "; the call also passes `\(other)`, which is pinned here: "
                + "if the notifier was registered on that mm, the access is safe"
        }
        if let pin = own, !dropsUsers(fn, flow, target) {
            // Pinned here on other paths: a pin kept across calls in the object's
            // state is possible, so this is not evidence of a missing pin. (One the function
            // also drops — pinned and put in another arm of a switch — lives within the call.)
            explanation.severity = .note
            explanation.reason += "; this function pins it on other paths (\(pin.name)() at line \(pin.loc.line)), "
                + "so the pin may be kept across calls in the object's state"
        }
        return explanation
    }

    /// The finding's message, and the calls the requirement travelled through as related locations.
    private func missingFactMessage(_ site: RequirementSite, target: AccessPath,
                                    reason: String) -> (message: String, related: [Related]) {
        let (call, requirement, rule) = (site.call, site.requirement, site.rule)
        // Inside a macro expansion libclang gives no argument spelling: name the paths.
        let args = call.args.indices.map { i in
            call.argText(i) ?? { if case .path(let p) = call.args[i] { return p.description }; return "…" }()
        }
        let opText = "\(call.name)(\(args.joined(separator: ", ")))"
        let argText = requirement.on.arg < args.count
            ? args[requirement.on.arg] + requirement.on.fields.map { "->" + $0.name }.joined() : target.description
        var message: String
        var related: [Related] = []
        if let first = requirement.via.first {
            message = "\(rule.title): \(opText) passes `\(argText)` to a callee that needs \(requirement.fact) on it "
                + "(\(first.text) at \(first.loc.file):\(first.loc.line)); \(reason)"
            for step in requirement.via {
                related.append(Related(file: step.loc.file, line: step.loc.line,
                                       message: "requires \(requirement.fact) here: \(step.text)"))
            }
        } else {
            message = "\(rule.title): \(opText) needs \(requirement.fact) on `\(argText)`; \(reason)"
        }
        if let m = call.macro { message += " (in the expansion of macro \(m))" }
        if version == nil, let op = rule.operations.first(where: { $0.call == call.name && $0.eraByName }), let b = op.before {
            message += "; no kernel version is known: \(call.name)() exists only before \(b.major).\(b.minor), "
                + "so the tree is taken to be older (give --kernel-version to say otherwise)"
        }
        return (message, related)
    }

    /// The events along the witness path, as a finding shows them (the last 16; a node met twice
    /// is followed by the successor of its first visit).
    private func witnessEvents(_ fn: FunctionFacts, _ path: [Int]) -> [PathEvent] {
        let events: [PathEvent] = path.compactMap { idx in
            let next = path.firstIndex(of: idx).flatMap { $0 + 1 < path.count ? path[$0 + 1] : nil }
            guard let d = eventText(fn.nodes[idx], next: next) else { return nil }
            return PathEvent(file: d.0.file, line: d.0.line, event: d.1)
        }
        return Array(events.suffix(16))
    }

    /// Where the target's holder was stored (origin evidence), for replay.
    private func holderStoreLocations(_ target: AccessPath) -> [SourceLoc] {
        switch origin(target) {
        case .count(let stores, _), .none(let stores, _), .mixed(let stores, _): return stores.map(\.loc)
        default: return []
        }
    }

    /// Settles the ops-function findings once every function is checked: one stays when a
    /// requirement of it was left undischarged somewhere up the chain (or the summaries did not
    /// converge); the others are discharged by their callers.
    func settleOpsPending(into out: inout [String: Finding]) {
        for (key, list) in opsPending {
            for (f, k) in list where !summariesConverged || opsUndischarged.contains(k) {
                opsKept += 1
                if let old = out[key], old.severity >= f.severity { continue }
                out[key] = f
            }
            if out[key] == nil { opsDischarged.insert(key) }
        }
        opsPending = [:]
    }

    /// An argument of `call` (other than the target) that is a pinned mm at this point: mm_users
    /// held on it, or the running task's own mm.
    func pinnedArgument(_ call: CallSite, _ df: Dataflow, _ s: State, besides t: AccessPath, in fn: FunctionFacts) -> String? {
        for (i, a) in call.args.enumerated() {
            guard let p = df.resolve(a, s), p != t else { continue }
            var pinned = isPinned(s, p)
            if !pinned, case .param(let k) = p.base, p.fields.isEmpty { pinned = callersPin(fn, param: k) }
            if pinned { return call.argText(i) ?? p.description }
        }
        return nil
    }

    /// mm_users held on `p` at this point, or `p` is the running task's own mm or a users holder.
    func isPinned(_ s: State, _ p: AccessPath) -> Bool {
        if holds(s, MMFact.users, p) { return true }
        switch origin(p) {
        case .current, .users: return true
        default: return false
        }
    }

    /// Every caller (all visible) passes a pinned mm as parameter `k` (svm_ioctl passes
    /// current->mm to svm_range_set_attr). One level.
    func callersPin(_ fn: FunctionFacts, param k: Int) -> Bool {
        guard callersComplete(fn) else { return false }
        for callerKey in index.callers[fn.key] ?? [] {
            guard let caller = index.functions[callerKey] else { return false }
            var df = Dataflow(fn: caller, vocab: vocab, contracts: self)
            df.run()
            for (i, n) in caller.nodes.enumerated() {
                guard case .event(.call(let c)) = n.kind, c.callee == fn.key else { continue }
                guard k < c.args.count, let sIn = df.inState[i], let p = df.resolve(c.args[k], sIn) else { return false }
                if !isPinned(sIn, p) { return false }
            }
        }
        return true
    }

    /// Where the mm came from, as evidence for a finding: a holder that takes mm_count only or
    /// nothing (or both kinds: `mixed`), with its store locations. Nil when the origin is no
    /// evidence (users, current, vma, a parameter, unknown).
    func holderEvidence(_ t: AccessPath) -> (origin: String, why: String, related: [Related], mixed: Bool)? {
        let o = origin(t)
        let stores: [FieldStore], held: String
        switch o {
        case .count(let s, let w), .none(let s, let w): stores = s; held = w
        case .mixed(let s, let w): stores = s; held = w
        default: return nil
        }
        let why = savedVMA(t).map { "the vma saved in \($0.vmaMember) belongs to the mm stored beside it: " + held } ?? held
        let related = stores.prefix(8).map { Related(file: $0.loc.file, line: $0.loc.line, message: "holder store: \($0.text)") }
        if case .mixed = o { return (o.name, why, related, true) }
        return (o.name, why, related, false)
    }

    /// A test, after the operation at `use`, of the same entry (the path `t`, or a local holding
    /// the operation's result) by a call whose result decides a fact of the requirement's
    /// family (facts sharing an implied fact with it: present, migration, …). Such a test says
    /// the function expects the entry may lack the fact: `old = pmdp_invalidate(vma, a, pmd);
    /// if (is_pmd_migration_entry(old))` is the seed's bug with no caller needed.
    func laterTest(_ fn: FunctionFacts, _ df: Dataflow, _ r: Requirement, _ t: AccessPath, _ op: CallSite, at use: Int) -> CallSite? {
        let mine = Set(df.closure(r.fact))
        let family = Set(vocab.facts.keys.filter { !Set(df.closure($0)).isDisjoint(with: mine) })
        var subjects: Set<AccessPath> = [t]
        for n in fn.nodes {
            if case .event(.assign(let l, .call(let id), _, _, _)) = n.kind, id == op.id, l.fields.isEmpty { subjects.insert(l) }
        }
        var seen: Set<Int> = [], work = fn.nodes[use].succs
        while let m = work.popLast() {
            guard seen.insert(m).inserted else { continue }
            work += fn.nodes[m].succs
            guard case .event(.call(let c)) = fn.nodes[m].kind, c.id != op.id, let cc = contract(for: c) else { continue }
            for g in cc.gains where g.when != .always && family.contains(g.fact) && g.on.arg >= 0 && g.on.arg < c.args.count {
                guard case .path(let p) = c.args[g.on.arg] else { continue }
                let resolved = df.inState[m].map { df.resolve(p, $0) } ?? p
                if subjects.contains(p) || subjects.contains(resolved) { return c }
            }
        }
        return nil
    }

    /// A path as the function spells it (a parameter by its name).
    func shown(_ p: AccessPath, in fn: FunctionFacts) -> String {
        guard case .param(let k) = p.base, k < fn.params.count, !fn.params[k].name.isEmpty else { return p.description }
        return AccessPath(base: .local(fn.params[k].name), fields: p.fields).description
    }

    /// A local that names no single path here because it was given different ones on different
    /// paths (`mm = alt ? a->mm : b->mm`): evidence when every value it is ever given (NULL
    /// aside) is a holder with the same kind of evidence (mm_count only, or no reference).
    func localValuesEvidence(_ t: AccessPath, _ df: Dataflow) -> (origin: String, why: String, related: [Related], mixed: Bool)? {
        guard case .local = t.base, t.fields.isEmpty else { return nil }
        var found: [(AccessPath, (origin: String, why: String, related: [Related], mixed: Bool))] = []
        var pinnedValues = false
        for (i, n) in df.fn.nodes.enumerated() {
            guard case .event(.assign(let l, let r, _, _, _)) = n.kind, l == t, r != .null, r != .int(0) else { continue }
            guard let s = df.inState[i], let p = df.resolve(r, s), p != t else { return nil }
            // A value pinned where it is assigned (`c->alt ? mm : c->obj.mm` with `mm` from
            // get_task_mm()) is not how the fact went missing: the other values are.
            if holds(s, MMFact.users, p) { pinnedValues = true; continue }
            // …or by the call that gives it, on the side its result is tested for (`mm =
            // get_task_mm(t)` on one branch, `mm = c->mm` on the other, `if (!mm) return;`).
            if case .call(let id) = r, let call = df.calls[id],
               contract(for: call)?.gains.contains(where: { $0.on.arg < 0 && $0.on.fields.isEmpty && $0.fact == MMFact.users }) == true {
                pinnedValues = true; continue
            }
            guard !df.isReturnValue(p), let e = holderEvidence(p), !e.mixed else { return nil }
            if let first = found.first, first.1.origin != e.origin { return nil }
            if !found.contains(where: { $0.0 == p }) { found.append((p, e)) }
        }
        guard let first = found.first else { return nil }
        let name = t.description.hasPrefix("?:") ? "the ?: value" : "`\(t)`"
        if found.count == 1 {
            guard pinnedValues else { return first.1 }
            return (first.1.origin, "\(name) is `\(shown(first.0, in: df.fn))` on this path (its other values are pinned where "
                        + "given): " + first.1.why, first.1.related, false)
        }
        let why = "\(name) is one of " + found.map { "`\(shown($0.0, in: df.fn))`" }.joined(separator: ", ")
            + " by path, and each holds no mm_users: "
            + found.map(\.1.why).joined(separator: "; ")
        return (first.1.origin, why, found.flatMap(\.1.related), false)
    }

    /// A parameter the core hands a callback with a known protocol (vocabulary `callback_params`:
    /// an mmu notifier's ->release gets the mm from exit_mmap() with mm_users at zero). Nil for
    /// any other parameter, and for a function that is not stored in such a member.
    func callbackParamEvidence(_ t: AccessPath, _ fn: FunctionFacts) -> (origin: String, why: String, related: [Related], mixed: Bool)? {
        guard case .param(let k) = t.base, t.fields.count <= 1, !(t.fields.isEmpty && vocab.callbackParams.isEmpty) else { return nil }
        for u in index.callbackUses[fn.key] ?? [] {
            guard let f = u.field else { continue }
            guard let p = t.fields.first.map({ vocab.callbackParamFields[f]?[k]?[$0.name] }) ?? vocab.callbackParams[f]?[k]
            else { continue }
            let what = t.fields.isEmpty ? "the mm \(fn.name)() is handed" : "the mm of what \(fn.name)() is handed"
            let why = "`\(shown(t, in: fn))` is \(what) as \(f.record)'s ->\(f.name): \(p.note)"
            return (p.origin, why, [], false)
        }
        return t.fields.isEmpty ? startedWithEvidence(t, fn) : nil
    }

    /// The vocabulary's `callback_data:` starts, and the tree's functions that hand two of their
    /// parameters to one as its callback and its data (`static struct task_struct *spawn(int
    /// (*fn)(void *), void *data, …) { return kthread_run(fn, data, …); }`), by name.
    lazy var callbackStarts: [String: CallbackData] = {
        var out = vocab.callbackData
        guard !out.isEmpty else { return out }
        for key in index.calling(vocab.callbackData.keys).sorted() {
            guard let fn = index.functions[key], out[fn.name] == nil else { continue }
            func param(_ e: Expr) -> Int? {
                if case .path(let p) = e, p.fields.isEmpty, case .param(let i) = p.base { return i }
                return nil
            }
            for n in fn.nodes {
                guard case .event(.call(let c)) = n.kind, let cd = vocab.callbackData[c.name], cd.data < c.args.count,
                      let d = param(c.args[cd.data]) else { continue }
                let cbs = cd.callbacks.compactMap { $0 < c.args.count ? param(c.args[$0]) : nil }
                guard !cbs.isEmpty else { continue }
                out[fn.name] = CallbackData(callbacks: cbs, data: d, param: cd.param)
                break
            }
        }
        return out
    }()

    /// A parameter that is the value a caller handed a callback it started on another thread
    /// (vocabulary `callback_data:`, `kthread_run(fn, mm, …)`): it holds what that caller held
    /// on the value at the call. Evidence when no start hands it mm_users and one hands it mm_count
    /// only, a holder without mm_users, or the running task's mm with no reference of its own
    /// (the thread outlives the call). Nil when any start pins it, or none is seen.
    func startedWithEvidence(_ t: AccessPath, _ fn: FunctionFacts) -> (origin: String, why: String, related: [Related], mixed: Bool)? {
        guard case .param(let k) = t.base, t.fields.isEmpty, !callbackStarts.isEmpty else { return nil }
        var found: (origin: String, why: String, related: [Related], mixed: Bool)?
        for u in index.callbackUses[fn.key] ?? [] {
            guard let name = u.call, let cd = callbackStarts[name], cd.param == k, cd.callbacks.contains(u.arg) else { continue }
            // The start is in the file the use was seen in (its location is the call's).
            let starters = index.callsByName[name] ?? []
            for callerKey in (index.keysByFile[u.loc.file] ?? []) where starters.contains(callerKey) {
                guard let caller = index.functions[callerKey] else { continue }
                var df: Dataflow?
                for (i, n) in caller.nodes.enumerated() {
                    guard case .event(.call(let c)) = n.kind, c.name == name, c.loc == u.loc, cd.data < c.args.count else { continue }
                    if df == nil { df = dataflow(of: caller) }
                    guard let sIn = df!.inState[i], let p = df!.resolve(c.args[cd.data], sIn) else { return nil }
                    if holds(sIn, MMFact.users, p) { return nil }
                    if case .users = origin(p) { return nil }
                    let at = "\(caller.name)() hands \(fn.name)() at line \(c.loc.line) (\(name)())"
                    if holds(sIn, MMFact.count, p) {
                        found = found ?? ("count", "`\(shown(t, in: fn))` is the mm \(at), holding mm_count only there", [], false)
                    } else if let e = holderEvidence(p), !e.mixed {
                        found = found ?? (e.origin, "`\(shown(t, in: fn))` is `\(p)`, which \(at): \(e.why)", e.related, false)
                    } else if origin(p) == .current {
                        found = found ?? (FindingSubject.noOrigin, "`\(shown(t, in: fn))` is the running task's mm, which \(at) "
                                          + "with no reference of its own: the thread may run after that task exits", [], false)
                    } else {
                        return nil
                    }
                }
            }
        }
        return found
    }

    /// Another task's `->mm` (not the running task's): nothing pins it for this function. The
    /// function's own mmgrab() on it is its statement of what it holds (mm_count); with no
    /// reference taken here at all it holds nothing. Nil for the running task's own mm.
    func foreignTaskEvidence(_ t: AccessPath, _ fn: FunctionFacts, _ df: Dataflow, _ s: State, besides use: Int)
        -> (origin: String, why: String, related: [Related], mixed: Bool)? {
        guard case .task = origin(t), t.base != .current else { return nil }
        let grab = fn.nodes.indices.lazy.compactMap { i -> CallSite? in
            guard i != use, case .event(.call(let c)) = fn.nodes[i].kind, let stateIn = df.inState[i],
                  let callContract = self.contract(for: c) else { return nil }
            let grabs = callContract.gains.contains { $0.fact == MMFact.count && $0.on.arg >= 0 && df.target($0.on, c, stateIn) == t }
            return grabs ? c : nil
        }.first
        // A grab on some paths only (`if (mm) mmgrab(mm);` under task_lock, the NULL case left
        // later) is the same statement: the must-dataflow loses it at the join.
        if holds(s, MMFact.count, t) || grab != nil {
            let at = grab.map { " (\($0.name)() at line \($0.loc.line))" } ?? ""
            let why = "`\(shown(t, in: fn))` is another task's mm, held here by mmgrab() only\(at): "
                + "mm_count keeps struct mm_struct, not the address space, and that task may exit"
            return ("count", why, [], false)
        }
        // In a kernel thread or a worker every task's ->mm is another task's: with no
        // reference taken here (no grab, no pin on any path, the operation itself not one:
        // mmget() under task_lock is get_task_mm()'s own protocol) it holds nothing.
        if let context = kernelThreadContext(fn), ownPin(fn, df, t, besides: -1) == nil {
            let why = "`…->\(t.fields.suffix(2).map(\.name).joined(separator: "->"))` is another task's mm "
                + "(\(fn.name)() runs in \(context)), "
                + "held here by no reference: that task may exit and free it"
            return (FindingSubject.noOrigin, why, [], false)
        }
        return nil
    }

    /// The ->mm of a task a pid lookup returned (vocabulary `task_lookups`), `task->mm` or a
    /// local every store of which reads it: another task's mm. Read outside task_lock() with no
    /// reference taken here, it is dropped by that task's exit at any time (exit_mm() clears it
    /// under task_lock(), then mmput()s). Nil otherwise.
    func lookedUpTaskEvidence(_ t: AccessPath, _ fn: FunctionFacts, _ df: Dataflow, besides use: Int)
        -> (origin: String, why: String, related: [Related], mixed: Bool)? {
        guard !vocab.taskLookups.isEmpty, case .local = t.base else { return nil }
        var mm = t
        if t.fields.isEmpty {
            let values = Set(fn.assignedValues(t))
            // The result of a peek getter of the tree (peekGetter).
            if values.count == 1, case .call(let id)? = values.first, let c = fn.call(id), let lookup = peekGetter(c.callee),
               ownPin(fn, df, t, besides: use) == nil {
                let why = "`\(shown(t, in: fn))` is the mm \(c.name)() returns: another task's ->mm (\(lookup.name)() at line "
                    + "\(lookup.loc.line)) read without task_lock() and returned with no reference: that task may exit and drop it"
                return (FindingSubject.noOrigin, why, [], false)
            }
            guard values.count == 1, case .path(let p)? = values.first else { return nil }
            mm = p
        }
        guard let (task, lookup) = lookedUpTask(mm, in: fn), !taskLocked(task, in: fn, at: use),
              ownPin(fn, df, t, besides: use) == nil, ownPin(fn, df, mm, besides: use) == nil else { return nil }
        let why = "`\(shown(mm, in: fn))` is the mm of another task (\(lookup.name)() at line \(lookup.loc.line)), "
            + "read without task_lock() and held here by no reference: that task may exit and drop it"
        return (FindingSubject.noOrigin, why, [], false)
    }

    /// A task's ->mm read under task_lock() of that task: exit_mm() clears ->mm under the same
    /// lock before its mmput(), so while it is held a non-NULL ->mm still has the task's mm_users
    /// (get_task_mm()'s protocol written out: `task_lock(t); mm = t->mm; if (mm) mmget(mm);`).
    func taskMMLocked(_ t: AccessPath, _ fn: FunctionFacts, at use: Int) -> Bool {
        guard let last = t.last, vocab.runningTaskMM.contains(last.name), vocab.coreFields[last]?.origin == "task" else { return false }
        return taskLocked(AccessPath(base: t.base, fields: Array(t.fields.dropLast())), in: fn, at: use)
    }

    /// The task whose ->mm `t` is (`task->mm`) when the task is a local a task lookup returned,
    /// with that call.
    func lookedUpTask(_ t: AccessPath, in fn: FunctionFacts) -> (AccessPath, CallSite)? {
        guard t.fields.count == 1, vocab.runningTaskMM.contains(t.fields[0].name), case .local = t.base else { return nil }
        let task = AccessPath(base: t.base)
        let values = fn.assignedValues(task)
        guard !values.isEmpty else { return nil }
        var found: CallSite?
        for v in values {
            guard case .call(let id) = v, let c = fn.call(id),
                  vocab.taskLookups.contains(c.name) || lockingLookup(c) || lookupWrapper(c.callee) else { return nil }
            found = found ?? c
        }
        return found.map { (task, $0) }
    }

    /// A "peek" getter of the tree: every return but NULL is the ->mm of a task a lookup gave
    /// (`task = get_pid_task(pid, PIDTYPE_PID); mm = task->mm; put_task_struct(task); return
    /// mm;`), read without task_lock() in a function that takes no reference at all. Its
    /// result is another task's mm held by nothing. The lookup call, or nil.
    func peekGetter(_ key: String) -> CallSite? {
        peekLock.lock()
        if let hit = peekCache[key] { peekLock.unlock(); return hit }
        peekLock.unlock()
        var found: CallSite?
        if let fn = index.functions[key], apis[fn.name] == nil, fn.returnType.contains("mm_struct"),
           !fn.nodes.contains(where: { n in
               guard case .event(.call(let c)) = n.kind, let cc = contract(for: c) else { return false }
               return cc.gains.contains { $0.fact == MMFact.users || $0.fact == MMFact.count }
           }) {
            for (i, n) in fn.nodes.enumerated() {
                guard case .event(.ret(let v?, _)) = n.kind, v != .null, v != .int(0) else { continue }
                var mm: AccessPath?
                if case .path(let p) = v {
                    if !p.fields.isEmpty { mm = p } else if case .local = p.base {
                        let values = Set(fn.assignedValues(p)).subtracting([.null, .int(0)])
                        if values.count == 1, case .path(let q)? = values.first { mm = q }
                    }
                }
                guard let mm, let (task, lookup) = lookedUpTask(mm, in: fn), !taskLocked(task, in: fn, at: i) else { found = nil; break }
                found = found ?? lookup
            }
        }
        peekLock.lock(); peekCache[key] = .some(found); peekLock.unlock()
        return found
    }

    /// Functions of the tree every return of which but NULL is a task lookup's result, directly
    /// or through a local (`return get_pid_task(t->pid, PIDTYPE_PID);`): lookups themselves.
    func lookupWrapper(_ key: String) -> Bool {
        peekLock.lock()
        if let hit = lookupWrapperCache[key] { peekLock.unlock(); return hit }
        peekLock.unlock()
        var ok = false
        if let fn = index.functions[key], apis[fn.name] == nil, fn.returnType.contains("task_struct") {
            func lookup(_ v: Expr) -> Bool {
                guard case .call(let id) = v, let c = fn.call(id) else { return false }
                return vocab.taskLookups.contains(c.name)
            }
            for n in fn.nodes {
                guard case .event(.ret(let v?, _)) = n.kind, v != .null, v != .int(0) else { continue }
                if case .path(let p) = v, p.fields.isEmpty, case .local = p.base {
                    let values = fn.assignedValues(p)
                    ok = !values.isEmpty && values.allSatisfy { $0 == .null || lookup($0) }
                } else {
                    ok = lookup(v)
                }
                if !ok { break }
            }
        }
        peekLock.lock(); lookupWrapperCache[key] = ok; peekLock.unlock()
        return ok
    }

    /// A call that returns a task with its task_lock held (find_lock_task_mm()) of a task that is
    /// not the running one: another task, found and locked.
    private func lockingLookup(_ c: CallSite) -> Bool {
        guard vocab.lockingTaskLookups.contains(c.name), case .path(let a)? = c.args.first else { return false }
        return a.base != .current
    }

    /// Is the task's task_lock held at node `use`: taken on a path to it — `task_lock(task)`, or
    /// the locking lookup that returned the task (`p = find_lock_task_mm(t)`) — with no
    /// `task_unlock(task)` between?
    func taskLocked(_ task: AccessPath, in fn: FunctionFacts, at use: Int) -> Bool {
        guard let pair = vocab.taskLock else { return false }
        let lockedBy = Set(fn.assignedValues(task).compactMap { v -> Int? in
            guard case .call(let id) = v, let c = fn.call(id), vocab.lockingTaskLookups.contains(c.name) else { return nil }
            return id
        })
        func calls(_ match: (CallSite) -> Bool) -> [Int] {
            fn.nodes.indices.filter { i in
                guard case .event(.call(let c)) = fn.nodes[i].kind else { return false }
                return match(c)
            }
        }
        let unlocks = calls { $0.name == pair.unlock && $0.args.first == .path(task) }
        return calls { ($0.name == pair.lock && $0.args.first == .path(task)) || lockedBy.contains($0.id) }.contains { l in
            fn.reaches(l, use) && !unlocks.contains { u in fn.reaches(l, u) && fn.reaches(u, use) }
        }
    }

    /// What kind of kernel thread or worker `fn` runs in, when it never runs in a user task.
    func kernelThreadContext(_ fn: FunctionFacts) -> String? {
        if fn.params.count == 1, vocab.kernelThreadParams.contains(fn.params[0].type) { return "a worker (\(fn.params[0].type))" }
        for u in index.callbackUses[fn.key] ?? [] {
            if let f = u.field, vocab.kernelThreadFields.contains(f.description) { return "a worker (\(f))" }
            if let c = u.call, vocab.kernelThreadCalls.contains("\(c)@\(u.arg)") { return "a kernel thread (\(c))" }
        }
        return nil
    }


    func describe(_ n: CFGNode) -> String {
        switch n.kind {
        case .event(.call(let c)): return "\(c.spelled) at line \(c.loc.line)"
        case .branch(_, let text, let loc):
            return text.isEmpty ? "a test inside a macro expansion at line \(loc.line)" : "`\(text)` at line \(loc.line)"
        default: return "an earlier statement"
        }
    }

    func eventText(_ n: CFGNode, next: Int?) -> (SourceLoc, String)? {
        switch n.kind {
        case .event(.call(let c)):
            return (c.loc, "call \(c.spelled)" + (c.macro.map { " [macro \($0)]" } ?? ""))
        case .event(.assign(_, _, let text, let loc, _)): return (loc, "assign \(text)")
        case .branch(_, let text, let loc):
            let taken = next.map { n.succs.first == $0 ? "true" : "false" } ?? "?"
            return (loc, "branch \(text) is \(taken)")
        case .event(.ret(_, let loc)): return (loc, "return")
        default: return nil
        }
    }
}
