import Facts
import Findings
import Foundation
import Yams

/// A rule-file error: always names file:line.
public struct RuleError: Error, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    /// `file:line: message`; `file: message` when the problem is the file itself (line 0).
    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
    public init(file: String, line: Int, message: String) { self.file = file; self.line = line; self.message = message }
}

public enum When: String, Hashable, Sendable { case always, `true`, `false` }

/// An argument of a call, or a path through it: `arg0`, `arg0->vm_mm`, `ret`.
public struct ArgPath: Hashable, Sendable, CustomStringConvertible {
    public var arg: Int          // -1: the return value
    public var fields: [Field]
    public init(arg: Int, fields: [Field] = []) { self.arg = arg; self.fields = fields }
    public var description: String {
        (arg < 0 ? "ret" : "arg\(arg)") + fields.map { "->" + $0.name }.joined()
    }
}

public struct Effect: Hashable, Sendable {
    public var fact: String
    public var on: ArgPath
    public var when: When
    /// Applied only when this fact already holds on the same path (e.g. `present` from the
    /// non-migration branch of is_pmd_migration_entry needs `huge_or_migration`).
    public var ifFact: String?
    /// Dropped in functions whose body spells this macro (e.g. PVMW_MIGRATION).
    public var unless: String?
    /// Applied only in a kernel configuration known to lack this option (`unless_config:
    /// CONFIG_ARCH_ENABLE_THP_MIGRATION`: no swap pmd can exist); never where the configuration is
    /// unknown (a plain C tree).
    public var unlessConfig: String? = nil
    public init(fact: String, on: ArgPath, when: When = .always, ifFact: String? = nil, unless: String? = nil) {
        self.fact = fact; self.on = on; self.when = when; self.ifFact = ifFact; self.unless = unless
    }
}

/// One step of the explanation of a requirement that travels through function summaries.
public struct Via: Hashable, Sendable {
    public var loc: SourceLoc
    public var text: String
}

public struct Requirement: Hashable, Sendable {
    public var fact: String
    public var on: ArgPath
    public var rule: String
    /// The operation that needs it and the calls it travelled through (innermost first).
    public var via: [Via]
}

/// What a call does to facts: from the vocabulary, or summarized from the callee's body.
public struct Contract: Hashable, Sendable {
    public var gains: [Effect] = []
    public var loses: [Effect] = []
    public var kills: [String] = []
    /// The kills happen only where the call returns this truth value (an unlocking helper that
    /// unlocks on one return); on the other side of a test of its result the facts stand.
    public var killsWhen: Bool? = nil
    public var requires: [Requirement] = []
    /// After the call, the first path names the same object as the second
    /// (`mmu_interval_notifier_insert(&n, mm, …)`: `n->mm` is `mm`).
    public var binds: [Bind] = []
    /// The argument becomes (`installs`) or stops being (`uninstalls`) the calling task's mm
    /// (`kthread_use_mm`/`kthread_unuse_mm`): a reference to it still held when the function
    /// returns with it installed belongs to the task (exit_mm() drops it), not a leak.
    public var installs: Int? = nil
    public var uninstalls: Int? = nil
    /// The argument is stored where the function can no longer see it (`this_cpu_write(pcp,
    /// val)` stores `val` in a per-cpu variable; on x86 the store is inline asm): a reference it
    /// holds moves with it, as for an assignment to a member or a global.
    public var stores: Int? = nil
    /// The result is the entry the argument points to (`pmdp_get(pmdp)` is `*pmdp`): facts on
    /// the argument are facts on the result, and a local given it names the argument.
    public var reads: Int? = nil
    /// A test of equal values (`pmd_same(a, b)`): where it is true, arg0 and this argument hold
    /// the same value, and what is known of either (a copy tested present) holds for both.
    public var equates: Int? = nil
    /// The argument naming the lock the call takes or drops (`spin_unlock(lock)`: arg0): a kill
    /// of a lock that is the address of another object's embedded lock is none of the page
    /// table's (Vocabulary.pageTableLockMembers).
    public var lockArg: Int? = nil
    /// The call may drop the lock `lockArg` names and take it again (`cond_resched_lock(ptl)`):
    /// what was learned under it is forgotten, and it is still held after.
    public var relocks = false
    /// Facts on the arguments when the result equals a constant, beyond what its truth tells
    /// (summarized from a classifier returning one of several constants, `switch (classify(pmd))
    /// { case PMD_HUGE: … }`): by constant, each effect `always`.
    public var whenEquals: [Int64: [Effect]] = [:]
    /// … and when it differs from one (`if (classify(…) == DEAD) return;`: every other class).
    public var whenNotEquals: [Int64: [Effect]] = [:]
    /// Every return gives zero or a negative constant (the kernel's 0-or-errno convention, as
    /// the function's returns spell it: `return mmget_not_zero(mm) ? 0 : -ESRCH;`): a caller's
    /// `ret < 0` found false means the result is zero. (Alone, it is no contract: isEmpty.)
    public var nonPositive = false
    public init() {}
    public var isEmpty: Bool {
        gains.isEmpty && loses.isEmpty && kills.isEmpty && requires.isEmpty && binds.isEmpty && whenEquals.isEmpty
            && whenNotEquals.isEmpty
    }
}

/// The owner-exit barrier protocol (see vocabulary.yml `exit_barrier`).
public struct ExitBarrier: Sendable {
    public var tests: [String]
    /// The count the tests read (`struct mm_struct.mm_users`).
    public var count: Field
    public var lockFact: String
    public var barrierLock: String
    public var barrierUnlock: String
}

public struct Bind: Hashable, Sendable {
    public var path: ArgPath
    public var to: ArgPath
}

public struct Operation: Hashable, Sendable {
    public var call: String
    public var on: ArgPath
    public var before: KernelVersionGate?
    public var since: KernelVersionGate?
    /// `era: by_name`: the function exists only before `before` (use_mm, removed in 5.8), so in a
    /// tree of unknown version a call to it is itself evidence of that era.
    public var eraByName = false
    /// `window_end: true`: the end of a window the rule's other operations open
    /// (kthread_unuse_mm): reported only where the fact was released on the path after it held
    /// (the window's start is judged at its own operation).
    public var windowEnd = false
}

public struct KernelVersionGate: Hashable, Sendable {
    public var major: Int, minor: Int
    public func le(_ a: Int, _ b: Int) -> Bool { (major, minor) <= (a, b) }
}

public enum Evidence: String, Sendable {
    /// Missing fact → look at where the mm came from (origin, holder table).
    case origin
    /// Missing fact → only a proof on the path counts.
    case path
}

public struct Rule: Sendable {
    public var id: String
    /// How the rule is checked: `requirement` (operations that need a fact, the core rules) or
    /// one of the family checks in Checks/ (see `FamilyChecks`).
    public var kind = Rule.requirementKind
    /// The kind of the core rules: operations that need a fact.
    public static let requirementKind = "requirement"
    public var isRequirement: Bool { kind == Rule.requirementKind }
    /// The kind's parameters (`match:` in the rule file): lists of names, validated per kind.
    public var match: [String: [String]] = [:]
    /// What selects a file for this rule besides its operations (`select:`): identifiers, or
    /// byte strings such as `!current->mm` that the prefilter looks for literally.
    public var select: [String] = []
    /// With `select_with`, a file is selected for this rule's `select` identifiers only when it
    /// also mentions one of these (a zap site and a fault handler in one file): a rule whose
    /// trigger words are common elsewhere (truncate paths call unmap_mapping_range) costs less.
    /// The byte strings of `select` select on their own.
    public var selectWith: [String] = []
    /// What exactly is checked and what is not (`semantics:`), for `mmlint explain`.
    public var semantics = ""
    public var title: String
    public var severity: Severity
    public var requires: String
    public var evidence: Evidence
    public var operations: [Operation]
    public var excludePaths: [String]
    /// Facts that take a site out of the rule's scope (e.g. `kernel_table`: init_mm's own
    /// page tables, which no user-space walker reads).
    public var outOfScope: [String] = []
    /// The adversary replay runs against this rule's findings.
    public var adversary = Adversary.none
    public var rationale: String
    public var references: [String]
    public var bad: String
    public var good: String
    /// The C around the examples (types, the other half of the story: where the mm was
    /// grabbed, the ops table that registers a callback), with a `/* example */` line where
    /// `bad` or `good` goes: the test suite runs both, and `bad` must be found, `good` not.
    public var exampleSetup = ""
    public var file: String

    public static let exampleMarker = "/* example */"

    /// The example as a C file: the stub header, the setup, `bad` or `good` at the marker.
    public func exampleSource(_ example: String) -> String {
        "#include <linux/mmlint_stub.h>\n\n" + exampleSetup.replacingOccurrences(of: Rule.exampleMarker, with: example)
    }
}

/// Where an mm found in a protocol-owned field comes from.
public struct CoreField: Hashable, Sendable {
    public var field: Field
    /// vma | task | count | immortal
    public var origin: String
    public var note: String
}

extension Vocabulary {
    /// `current->mm` (or another name the vocabulary gives the running task's mm).
    func isRunningTaskMM(_ p: AccessPath) -> Bool {
        p.base == .current && p.fields.count == 1 && runningTaskMM.contains(p.fields[0].name)
    }
}

public struct Vocabulary: Sendable {
    public var facts: [String: String] = [:]
    public var implies: [String: [String]] = [:]
    public var apis: [String: Contract] = [:]
    public var aliases: [String: String] = [:]
    public var exitBarrier: ExitBarrier?
    public var coreFields: [Field: CoreField] = [:]
    /// Parameters the core hands a callback (`callback_params:`, `struct OPS.member@N`): by the
    /// member the function is stored into, then the parameter; their origin is the calling
    /// protocol's (an mmu notifier's ->release gets the mm with mm_users at zero).
    public var callbackParams: [Field: [Int: CoreField]] = [:]
    /// The same for a member of a parameter (`struct OPS.member@N->field`: a vm_ops ->close's
    /// `vma->vm_mm`), by the member's name.
    public var callbackParamFields: [Field: [Int: [String: CoreField]]] = [:]
    /// Calls that start a callback on another thread with the caller's value (`callback_data:`,
    /// `kthread_run(fn, data, …)`): by the called name, the callback arguments, the value's
    /// argument and the callback's parameter that receives it. The parameter holds what the
    /// caller held on the value at the call.
    public var callbackData: [String: CallbackData] = [:]
    public var contractFiles: [String] = []
    public var immortal: Set<String> = []
    /// Assertion macros: after `NAME(cond, …)` the condition is false (the kernel traps
    /// otherwise). Read by the frontend where an architecture checks the condition in inline
    /// asm (powerpc's BUG_ON traps with `tdnei`) instead of `if (cond) BUG()`.
    public var assertions: [String] = []
    /// Functions that never return (`noreturn:`): the control flow ends at their calls.
    public var noReturn: [String] = []
    /// The running task's spellings (`running_task:`): `get_current()`, and `current` where an
    /// architecture spells it as a macro over an arch read or a register variable.
    public var runningTask: [String] = []
    /// The running task's members that are its mm (`running_task_mm:`): `current->mm` holds
    /// mm_users while the task runs.
    public var runningTaskMM: Set<String> = []
    /// The members a page-table lock is embedded as (`page_table_lock_members:`:
    /// mm->page_table_lock, ptdesc->ptl): an embedded lock of any other member is not one.
    public var pageTableLockMembers: Set<String> = []

    /// Is the lock argument the address of another object's embedded lock (`&dev->lock`: a member
    /// not named in page_table_lock_members)? Then it guards no page table. A lock named by a
    /// pointer (`ptl`, `vmf->ptl`) may be the page table's.
    public func isOtherObjectsLock(_ arg: Expr, text: String?) -> Bool {
        guard !pageTableLockMembers.isEmpty, (text ?? "").hasPrefix("&"), case .path(let p) = arg, let m = p.last else { return false }
        return !pageTableLockMembers.contains(m.name)
    }
    /// Where a function runs in a kernel thread or worker, never in a user task
    /// (`kernel_thread_contexts:`): its only parameter's type (`struct work_struct *`), the
    /// member it is stored into (`struct work_struct.func`), or `call@N` it is passed to.
    public var kernelThreadParams: Set<String> = []
    public var kernelThreadFields: Set<String> = []
    public var kernelThreadCalls: Set<String> = []
    /// Calls that return another task (`task_lookups:`: get_pid_task(), find_task_by_vpid(), …):
    /// its ->mm is foreign, pinned only under task_lock() or by a reference taken here.
    public var taskLookups: Set<String> = []
    /// Calls that return a task of the process their argument is in with that task's task_lock
    /// held (`locking_task_lookups:`: find_lock_task_mm()); of another task than the running
    /// one, a task lookup too.
    public var lockingTaskLookups: Set<String> = []
    /// The lock that pins a task's ->mm and its release (`task_lock: [task_lock, task_unlock]`).
    public var taskLock: (lock: String, unlock: String)?
    /// Calls whose value is their first argument (`branch_hints:`).
    public var branchHints: [String] = []
    /// Atomic exchanges that store an argument into what their first argument points to
    /// (`exchange_stores:`, name → the stored argument): `xchg(&c->mm, mm)` is `c->mm = mm`.
    public var exchangeStores: [String: Int] = [:]
    /// Reference APIs open-coded on their counter (`open_coded:`): API → `call@record.member`.
    public var openCoded: [String: [String]] = [:]
    /// Tests that are true for an error pointer (`error_pointer_tests:`): on their true side the
    /// tested value holds no reference (IS_ERR(mm) after get_task_mm-like lookups).
    public var errorPointerTests: Set<String> = []
    /// Calls that keep none of their arguments past the call (`keep_nothing:`: waiting on a
    /// completion embedded in the object, initializing one).
    public var keepNothing: Set<String> = []
    /// Calls that make an error pointer (`error_pointers:`): a function returning one returns
    /// no reference on that path.
    public var errorPointers: Set<String> = []
    /// Calls giving an error pointer's code (`error_codes:` PTR_ERR): an error exit's result.
    public var errorCodes: Set<String> = []
    /// Lock/unlock pairs by context class (`atomic`: no sleeping inside; `sleeping`).
    public var locks: [LockPair] = []
    /// The functions lock macros expand to → the lock or unlock they implement
    /// (`locks: implementations:`, `_raw_spin_lock_irqsave: spin_lock_irqsave`).
    public var lockImplementations: [String: String] = [:]
    /// Conditional lock calls: the lock of the pair named by the second name is held on the
    /// side where the call returned true (`if (spin_trylock(&l)) { … spin_unlock(&l); }`).
    public var trylocks: [String: String] = [:]
    /// The unlock of every pair (`locks:`): a killing call named here drops a lock; any other
    /// killing call of the vocabulary takes one (Dataflow's held page-table locks).
    public var lockReleases: Set<String> = []
    /// Locks taken shared (`locks: shared:`): two holders of one such lock run together.
    public var sharedLocks: Set<String> = []
}

/// A call that hands a callback a value (vocabulary `callback_data:`).
public struct CallbackData: Hashable, Sendable {
    public var callbacks: [Int]
    public var data: Int
    public var param: Int
}

/// A lock and its unlock (matched on the called name or the macro spelled at the call).
public struct LockPair: Hashable, Sendable {
    public var lock: String
    public var unlock: String
    /// atomic (spinlocks, RCU read side, irq/preempt off) or sleeping (mutexes, rwsems).
    public var context: String
}

public struct RuleSet: Sendable {
    public var vocabulary: Vocabulary
    public var rules: [Rule]

    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }

    /// The same vocabulary with only these rules (a context round of the rules that asked).
    public func only(_ ids: Set<String>) -> RuleSet { RuleSet(vocabulary: vocabulary, rules: rules.filter { ids.contains($0.id) }) }

    /// The names the frontend gives a meaning. Names read as calls even where a configuration
    /// makes them macros: the vocabulary's, the value converters family rules follow (x86's
    /// page_to_pfn() is pointer arithmetic) and the frees and inserts they judge (free_page() is
    /// free_pages(addr, 0), dma_mmap_coherent() is dma_mmap_attrs(…, 0): the arguments are
    /// written once, and the message quotes what was written).
    public var frontendNames: FrontendNames {
        let judged = ["converters", "page_converters", "frees", "page_frees", "inserts", "pfn_inserts", "device_protections",
                      "ram_addresses", "state_reads", "state_writes", "releases", "mixed_inserts", "pfn_makers", "pgmap_teardowns",
                      "ref_waits", "fills", "increments", "decrements", "count_reads", "once_when_false", "once_when_true",
                      "once_when_expected", "exchanges"]
        let calls = Set(vocabulary.apis.keys).union(rules.flatMap { r in
            judged.flatMap { (r.match[$0] ?? []).map { String($0.prefix { $0 != "@" }) } } }).union(vocabulary.exchangeStores.keys)
        var names = FrontendNames(macroCalls: calls, assertionMacros: Set(vocabulary.assertions), noReturn: Set(vocabulary.noReturn),
                                  runningTask: Set(vocabulary.runningTask), branchHints: Set(vocabulary.branchHints))
        names.exchangeStores = vocabulary.exchangeStores
        for (api, spellings) in vocabulary.openCoded {
            for sp in spellings {
                let parts = sp.split(separator: "@", maxSplits: 1).map(String.init)
                names.openCoded[parts[0], default: [:]][parts[1]] = api
            }
        }
        return names
    }

    /// Loads `vocabulary.yml` and every other `*.yml` of a folder (but `model.yml`) as a rule.
    public static func load(directory: String) throws -> RuleSet {
        let fm = FileManager.default
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: directory) } catch {
            var isDir: ObjCBool = false
            let reason = !fm.fileExists(atPath: directory, isDirectory: &isDir) ? "no such folder"
                : !isDir.boolValue ? "not a folder" : "permission denied"
            throw RuleError(file: directory, line: 0,
                            message: "cannot read the rules folder: \(reason) (give --rules DIR or set MMLINT_RULES)")
        }
        let vocabPath = directory + "/vocabulary.yml"
        guard fm.fileExists(atPath: vocabPath) else {
            throw RuleError(file: vocabPath, line: 0, message: "missing: the shared vocabulary file")
        }
        let vocab = try loadVocabulary(vocabPath)
        var rules: [Rule] = []
        var seen: [String: String] = [:]
        // model.yml is replay's vocabulary (MMModel), not a rule.
        for n in names.sorted() where n.hasSuffix(".yml") && n != "vocabulary.yml" && n != "model.yml" {
            let p = directory + "/" + n
            let r = try loadRule(p, vocab: vocab)
            if let other = seen[r.id] { throw RuleError(file: p, line: 1, message: "duplicate rule id '\(r.id)' (also in \(other))") }
            seen[r.id] = p
            rules.append(r)
        }
        return RuleSet(vocabulary: vocab, rules: rules)
    }
}

// MARK: - strict YAML reading

public struct YNode {
    let node: Node
    public let file: String
    public var line: Int { (node.mark?.line ?? 0) }

    public func fail(_ m: String) -> RuleError { RuleError(file: file, line: line, message: m) }

    public func mapping(allowed: Set<String>, required: Set<String> = []) throws -> [String: YNode] {
        guard case .mapping(let m) = node else { throw fail("expected a mapping") }
        var out: [String: YNode] = [:]
        for (k, v) in m {
            guard let ks = k.string else { throw YNode(node: k, file: file).fail("keys must be strings") }
            if !allowed.contains(ks) {
                throw YNode(node: k, file: file).fail("unknown key '\(ks)' (allowed: \(allowed.sorted().joined(separator: ", ")))")
            }
            if out[ks] != nil { throw YNode(node: k, file: file).fail("duplicate key '\(ks)'") }
            out[ks] = YNode(node: v, file: file)
        }
        for r in required where out[r] == nil { throw fail("missing key '\(r)'") }
        return out
    }
    public func orderedMapping() throws -> [(String, YNode, Int)] {
        guard case .mapping(let m) = node else { throw fail("expected a mapping") }
        var out: [(String, YNode, Int)] = []
        var seen: Set<String> = []
        for (k, v) in m {
            guard let ks = k.string else { throw YNode(node: k, file: file).fail("keys must be strings") }
            if !seen.insert(ks).inserted { throw YNode(node: k, file: file).fail("duplicate key '\(ks)'") }
            out.append((ks, YNode(node: v, file: file), (k.mark?.line ?? 0)))
        }
        return out
    }
    public func seq() throws -> [YNode] {
        guard case .sequence(let s) = node else { throw fail("expected a list") }
        return s.map { YNode(node: $0, file: file) }
    }
    public func str() throws -> String {
        guard case .scalar(let s) = node else { throw fail("expected a string") }
        return s.string
    }
    public func strs() throws -> [String] {
        if case .scalar = node { return [try str()] }
        return try seq().map { try $0.str() }
    }
}

public func parseYAML(_ path: String) throws -> YNode {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
        throw RuleError(file: path, line: 0, message: "cannot read the file as UTF-8")
    }
    do {
        guard let n = try Yams.compose(yaml: text) else { throw RuleError(file: path, line: 1, message: "empty file") }
        return YNode(node: n, file: path)
    } catch let e as YamlError {
        var line = 0
        if case .scanner(_, _, let mark, _) = e { line = mark.line }
        if case .parser(_, _, let mark, _) = e { line = mark.line }
        throw RuleError(file: path, line: line, message: "YAML error: \(String(describing: e).split(separator: "\n").first ?? "")")
    }
}

/// `arg0`, `arg2->pmd`, `ret`, with `records` naming the record of each member step.
func parseArgPath(_ s: String, records: [String], at n: YNode) throws -> ArgPath {
    let parts = s.components(separatedBy: "->")
    let head = parts[0].trimmingCharacters(in: .whitespaces)
    var arg: Int
    if head == "ret" { arg = -1 }
    else if head.hasPrefix("arg"), let i = Int(head.dropFirst(3)), i >= 0 { arg = i }
    else { throw n.fail("bad argument path '\(s)': expected argN, argN->field… or ret") }
    let names = parts.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
    if names.count != records.count {
        throw n.fail("argument path '\(s)' has \(names.count) member step(s): "
                     + "give 'records' with one record per step (e.g. [struct vm_area_struct])")
    }
    return ArgPath(arg: arg, fields: zip(records, names).map { Field(record: $0, name: $1) })
}

func parseGate(_ s: String, at n: YNode) throws -> KernelVersionGate {
    let p = s.split(separator: ".").compactMap { Int($0) }
    guard p.count >= 2 else { throw n.fail("bad kernel version '\(s)' (expected e.g. 5.17)") }
    return KernelVersionGate(major: p[0], minor: p[1])
}

/// The keys of an API's entry in the vocabulary.
private let apiKeys: Set<String> = ["gains", "loses", "kills", "returns", "aliases", "binds", "installs", "uninstalls", "stores",
                                     "reads", "equates", "lock", "relock",
                                     "note"]

/// One effect of an API (`gains`/`loses` entry); `def` is its `when` unless it says otherwise.
private func parseEffect(_ n: YNode, when def: When, facts: [String: String]) throws -> Effect {
    let m = try n.mapping(allowed: ["fact", "on", "when", "if", "records", "unless", "unless_config"], required: ["fact", "on"])
    let fact = try m["fact"]!.str()
    guard facts[fact] != nil else { throw m["fact"]!.fail("unknown fact '\(fact)'") }
    let recs = try m["records"]?.strs() ?? []
    let on = try parseArgPath(try m["on"]!.str(), records: recs, at: m["on"]!)
    var when = def
    if let w = m["when"] {
        guard let x = When(rawValue: try w.str()) else { throw w.fail("when: expected always, true or false") }
        when = x
    }
    var iff: String?
    if let i = m["if"] {
        iff = try i.str()
        guard facts[iff!] != nil else { throw i.fail("unknown fact '\(iff!)'") }
    }
    var e = Effect(fact: fact, on: on, when: when, ifFact: iff, unless: try m["unless"]?.str())
    if let u = m["unless_config"] {
        let name = try u.str()
        guard name.range(of: "^CONFIG_[A-Z0-9_]+$", options: .regularExpression) != nil else {
            throw u.fail("unless_config: expected a CONFIG_ option name, got '\(name)'")
        }
        e.unlessConfig = name
    }
    return e
}

/// The contract of one API of the vocabulary (its entry `m`; `aliases` is read by the caller).
private func parseAPI(_ m: [String: YNode], facts: [String: String]) throws -> Contract {
    var c = Contract()
    for (key, set) in [("installs", { (c: inout Contract, a: Int) in c.installs = a }),
                       ("uninstalls", { (c: inout Contract, a: Int) in c.uninstalls = a }),
                       ("stores", { (c: inout Contract, a: Int) in c.stores = a }),
                       ("reads", { (c: inout Contract, a: Int) in c.reads = a }),
                       ("equates", { (c: inout Contract, a: Int) in c.equates = a }),
                       ("lock", { (c: inout Contract, a: Int) in c.lockArg = a }),
                       ("relock", { (c: inout Contract, a: Int) in c.lockArg = a; c.relocks = true })] {
        guard let x = m[key] else { continue }
        let p = try parseArgPath(try x.str(), records: [], at: x)
        guard p.arg >= 0, p.fields.isEmpty else { throw x.fail("\(key): expected an argument (arg0, arg1, …)") }
        set(&c, p.arg)
    }
    for b in try m["binds"]?.seq() ?? [] {
        let bm = try b.mapping(allowed: ["path", "records", "to"], required: ["path", "to"])
        let path = try parseArgPath(try bm["path"]!.str(), records: try bm["records"]?.strs() ?? [], at: bm["path"]!)
        let to = try parseArgPath(try bm["to"]!.str(), records: [], at: bm["to"]!)
        // `path: ret->vm_mm`: a member of the returned object (find_vma's vma) names the argument.
        guard path.arg >= 0 || !path.fields.isEmpty, to.arg >= 0 else {
            throw b.fail("binds: 'path' must be an argument path (argN…) or a member of ret, 'to' an argument path")
        }
        c.binds.append(Bind(path: path, to: to))
    }
    for e in try m["gains"]?.seq() ?? [] { c.gains.append(try parseEffect(e, when: .always, facts: facts)) }
    for e in try m["loses"]?.seq() ?? [] { c.loses.append(try parseEffect(e, when: .always, facts: facts)) }
    if let r = m["returns"] {
        for f in try r.strs() {
            guard facts[f] != nil else { throw r.fail("unknown fact '\(f)'") }
            c.gains.append(Effect(fact: f, on: ArgPath(arg: -1)))
        }
    }
    if let k = m["kills"] {
        c.kills = try k.strs()
        for f in c.kills where facts[f] == nil { throw k.fail("unknown fact '\(f)'") }
    }
    return c
}

/// `exit_barrier:` — the count the tests read, the lock fact and the barrier's lock pair.
/// `locks:` — pairs by context (atomic, sleeping), `try` (trylock → the lock of the pair it
/// takes) and `shared` (locks whose holders run together).
private func parseLocks(_ l: YNode, path: String, into v: inout Vocabulary) throws {
    for (ctx, n, _) in try l.orderedMapping() {
        if ctx == "shared" {
            v.sharedLocks = Set(try n.strs())
            continue
        }
        if ctx == "implementations" {
            for (impl, name, _) in try n.orderedMapping() { v.lockImplementations[impl] = try name.str() }
            continue
        }
        if ctx == "try" {
            for pair in try n.seq() {
                let names = try pair.strs()
                guard names.count == 2 else { throw pair.fail("locks: try: expected [trylock, lock]") }
                v.trylocks[names[0]] = names[1]
            }
            continue
        }
        guard ["atomic", "sleeping"].contains(ctx) else {
            throw n.fail("locks: expected atomic, sleeping, try, shared or implementations, got '\(ctx)'")
        }
        for pair in try n.seq() {
            let names = try pair.strs()
            guard names.count == 2 else { throw pair.fail("locks: expected [lock, unlock]") }
            v.locks.append(LockPair(lock: names[0], unlock: names[1], context: ctx))
        }
    }
    v.lockReleases = Set(v.locks.map(\.unlock))
    for name in v.sharedLocks where !v.locks.contains(where: { $0.lock == name }) {
        throw RuleError(file: path, line: 0, message: "locks: shared: '\(name)' is not the lock of a pair")
    }
    for (impl, name) in v.lockImplementations.sorted(by: { $0.key < $1.key })
    where !v.locks.contains(where: { $0.lock == name || $0.unlock == name }) {
        throw RuleError(file: path, line: 0, message: "locks: implementations: '\(impl)' implements '\(name)', which no pair names")
    }
}

/// `open_coded:` — API → its open-coded spellings `call@struct record.member`.
private func parseOpenCoded(_ oc: YNode, apis: [String: Contract]) throws -> [String: [String]] {
    var out: [String: [String]] = [:]
    for (api, n, _) in try oc.orderedMapping() {
        guard apis[api] != nil else { throw n.fail("open_coded: '\(api)' is not an API of apis:") }
        let spellings = try n.strs()
        for sp in spellings where !sp.contains("@") || !sp.contains(".") {
            throw n.fail("open_coded: '\(sp)' is not `call@struct record.member`")
        }
        out[api] = spellings
    }
    return out
}

private func parseExitBarrier(_ eb: YNode, facts: [String: String]) throws -> ExitBarrier {
    let m = try eb.mapping(allowed: ["tests", "count", "lock_fact", "barrier"], required: ["tests", "count", "lock_fact", "barrier"])
    let lf = try m["lock_fact"]!.str()
    guard facts[lf] != nil else { throw m["lock_fact"]!.fail("unknown fact '\(lf)'") }
    let bar = try m["barrier"]!.strs()
    guard bar.count == 2 else { throw m["barrier"]!.fail("barrier: expected [lock, unlock]") }
    let c = try m["count"]!.str()
    guard c.hasPrefix("struct "), let dot = c.lastIndex(of: ".") else { throw m["count"]!.fail("count: expected 'struct NAME.member'") }
    let count = Field(record: String(c[..<dot]), name: String(c[c.index(after: dot)...]))
    return ExitBarrier(tests: try m["tests"]!.strs(), count: count, lockFact: lf, barrierLock: bar[0], barrierUnlock: bar[1])
}

/// `callback_params:` entries, `struct OPS.member@N` (the parameter) or `struct
/// OPS.member@N->field` (a member of it): the origin the calling protocol gives.
private func parseCallbackParams(_ cp: YNode, into v: inout Vocabulary) throws {
    for (k, n, _) in try cp.orderedMapping() {
        let m = try n.mapping(allowed: ["origin", "note"], required: ["origin"])
        let origin = try m["origin"]!.str()
        guard origin == "count" else { throw m["origin"]!.fail("origin: expected count") }
        let parts = k.components(separatedBy: "->")
        guard parts.count <= 2, let key = parts.first, let at = key.lastIndex(of: "@"), let param = Int(key[key.index(after: at)...]),
              let dot = key[..<at].lastIndex(of: "."), parts.count == 1 || parts[1].isCIdentifier else {
            throw n.fail("callback parameter '\(k)': expected 'struct NAME.member@N' or 'struct NAME.member@N->field'")
        }
        let f = Field(record: String(key[..<dot]), name: String(key[key.index(after: dot)..<at]))
        let core = CoreField(field: f, origin: origin, note: try m["note"]?.str() ?? "")
        if parts.count == 2 { v.callbackParamFields[f, default: [:]][param, default: [:]][parts[1]] = core }
        else { v.callbackParams[f, default: [:]][param] = core }
    }
}

/// `callback_data:` — `call: {callbacks: [N…], data: M, param: K}` by the called name.
private func parseCallbackData(_ node: YNode) throws -> [String: CallbackData] {
    var out: [String: CallbackData] = [:]
    for (k, n, _) in try node.orderedMapping() {
        let m = try n.mapping(allowed: ["callbacks", "data", "param"], required: ["callbacks", "data", "param"])
        func index(_ s: String) throws -> Int {
            guard let i = Int(s), i >= 0 else { throw n.fail("callback data '\(k)': '\(s)' is not an argument position") }
            return i
        }
        out[k] = CallbackData(callbacks: try m["callbacks"]!.strs().map(index), data: try index(m["data"]!.str()),
                              param: try index(m["param"]!.str()))
    }
    return out
}

/// `exchange_stores:` — name → the argument the exchange stores (arg1, arg2, …).
private func parseExchangeStores(_ x: YNode) throws -> [String: Int] {
    var out: [String: Int] = [:]
    for (name, n, _) in try x.orderedMapping() {
        let a = try parseArgPath(try n.str(), records: [], at: n)
        guard a.arg >= 1, a.fields.isEmpty else { throw n.fail("exchange_stores: expected the stored argument (arg1, arg2, …)") }
        out[name] = a.arg
    }
    return out
}

func loadVocabulary(_ path: String) throws -> Vocabulary {
    let allowed: Set<String> = ["facts", "implies", "apis", "core_fields", "contract_files", "immortal", "exit_barrier", "locks",
                                "assertions", "noreturn", "running_task", "running_task_mm", "branch_hints", "error_pointer_tests",
                                "error_pointers", "kernel_thread_contexts", "callback_params", "task_lookups",
                                "locking_task_lookups", "task_lock", "callback_data", "open_coded", "page_table_lock_members",
                                "keep_nothing", "exchange_stores", "error_codes"]
    let top = try parseYAML(path).mapping(allowed: allowed, required: ["facts", "apis"])
    var v = Vocabulary()
    for (k, n, _) in try top["facts"]!.orderedMapping() { v.facts[k] = try n.str() }
    if let imp = top["implies"] {
        for (k, n, _) in try imp.orderedMapping() {
            guard v.facts[k] != nil else { throw n.fail("implies: unknown fact '\(k)'") }
            let to = try n.strs()
            for t in to where v.facts[t] == nil { throw n.fail("implies: unknown fact '\(t)'") }
            v.implies[k] = to
        }
    }
    for (name, n, _) in try top["apis"]!.orderedMapping() {
        let m = try n.mapping(allowed: apiKeys)
        let c = try parseAPI(m, facts: v.facts)
        v.apis[name] = c
        for a in try m["aliases"]?.strs() ?? [] { v.apis[a] = c; v.aliases[a] = name }
    }
    if let cf = top["core_fields"] {
        for (k, n, _) in try cf.orderedMapping() {
            let m = try n.mapping(allowed: ["origin", "note"], required: ["origin"])
            let origin = try m["origin"]!.str()
            guard ["vma", "task", "count", "immortal", "protocol"].contains(origin) else {
                throw m["origin"]!.fail("origin: expected vma, task, count, immortal or protocol")
            }
            guard let dot = k.lastIndex(of: ".") else { throw n.fail("core field '\(k)': expected 'struct NAME.field'") }
            let f = Field(record: String(k[..<dot]), name: String(k[k.index(after: dot)...]))
            v.coreFields[f] = CoreField(field: f, origin: origin, note: try m["note"]?.str() ?? "")
        }
    }
    if let cp = top["callback_params"] { try parseCallbackParams(cp, into: &v) }
    if let cd = top["callback_data"] { v.callbackData = try parseCallbackData(cd) }
    if let eb = top["exit_barrier"] { v.exitBarrier = try parseExitBarrier(eb, facts: v.facts) }
    if let l = top["locks"] { try parseLocks(l, path: path, into: &v) }
    v.contractFiles = try top["contract_files"]?.strs() ?? []
    v.immortal = Set(try top["immortal"]?.strs() ?? [])
    v.assertions = try top["assertions"]?.strs() ?? []
    v.noReturn = try top["noreturn"]?.strs() ?? []
    v.runningTask = try top["running_task"]?.strs() ?? []
    v.runningTaskMM = Set(try top["running_task_mm"]?.strs() ?? [])
    v.pageTableLockMembers = Set(try top["page_table_lock_members"]?.strs() ?? [])
    v.branchHints = try top["branch_hints"]?.strs() ?? []
    if let x = top["exchange_stores"] { v.exchangeStores = try parseExchangeStores(x) }
    if let oc = top["open_coded"] { v.openCoded = try parseOpenCoded(oc, apis: v.apis) }
    v.errorPointerTests = Set(try top["error_pointer_tests"]?.strs() ?? [])
    v.keepNothing = Set(try top["keep_nothing"]?.strs() ?? [])
    v.errorPointers = Set(try top["error_pointers"]?.strs() ?? [])
    v.errorCodes = Set(try top["error_codes"]?.strs() ?? [])
    v.taskLookups = Set(try top["task_lookups"]?.strs() ?? [])
    v.lockingTaskLookups = Set(try top["locking_task_lookups"]?.strs() ?? [])
    if let tl = top["task_lock"] {
        let pair = try tl.strs()
        guard pair.count == 2 else { throw tl.fail("task_lock: expected [lock, unlock]") }
        v.taskLock = (pair[0], pair[1])
    }
    if let k = top["kernel_thread_contexts"] {
        let m = try k.mapping(allowed: ["params", "fields", "calls"], required: [])
        v.kernelThreadParams = Set(try m["params"]?.strs() ?? [])
        v.kernelThreadFields = Set(try m["fields"]?.strs() ?? [])
        v.kernelThreadCalls = Set(try m["calls"]?.strs() ?? [])
    }
    return v
}

/// One entry of a requirement rule's `operations`.
private func parseOperation(_ o: YNode) throws -> Operation {
    let om = try o.mapping(allowed: ["call", "on", "records", "before", "since", "era", "window_end", "note"], required: ["call", "on"])
    let call = try om["call"]!.str()
    guard call.range(of: "^[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) != nil else {
        throw om["call"]!.fail("call: '\(call)' is not a C function name")
    }
    let on = try parseArgPath(try om["on"]!.str(), records: try om["records"]?.strs() ?? [], at: om["on"]!)
    var op = Operation(call: call, on: on,
                     before: try om["before"].map { try parseGate($0.str(), at: $0) },
                     since: try om["since"].map { try parseGate($0.str(), at: $0) },
                     eraByName: try om["era"].map { e in
                         guard try e.str() == "by_name" else { throw e.fail("era: expected by_name") }
                         guard om["before"] != nil else {
                             throw e.fail("era: by_name needs 'before' (the version that removed the name)")
                         }
                         return true } ?? false)
    if let w = om["window_end"] {
        guard ["true", "false"].contains(try w.str()) else { throw w.fail("window_end: expected true or false") }
        op.windowEnd = try w.str() == "true"
    }
    return op
}

func loadRule(_ path: String, vocab: Vocabulary) throws -> Rule {
    let top = try parseYAML(path)
    let m = try top.mapping(
        allowed: ["id", "title", "severity", "kind", "match", "select", "select_with", "requires", "evidence", "operations",
                  "exclude_paths", "out_of_scope", "rationale", "references", "example_setup", "bad", "good", "semantics", "replay"],
        required: ["id", "title", "severity", "rationale", "example_setup", "bad", "good"])
    let kind = try m["kind"]?.str() ?? Rule.requirementKind
    var match: [String: [String]] = [:]
    if kind == Rule.requirementKind {
        for k in ["requires", "operations"] where m[k] == nil { throw top.fail("missing key '\(k)' (kind requirement)") }
        if let x = m["match"] { throw x.fail("match: only for family kinds (\(FamilyChecks.kinds.joined(separator: ", ")))") }
    } else {
        guard let keys = FamilyChecks.matchKeys(kind) else {
            throw m["kind"]!.fail("kind: expected requirement or one of \(FamilyChecks.kinds.joined(separator: ", ")), got '\(kind)'")
        }
        for k in ["requires", "operations", "evidence", "out_of_scope"] where m[k] != nil {
            throw m[k]!.fail("\(k): only for kind requirement")
        }
        let mm = try m["match"]?.mapping(allowed: Set(keys.keys), required: Set(keys.filter { $0.value }.map(\.key))) ?? [:]
        if m["match"] == nil, keys.contains(where: { $0.value }) { throw top.fail("missing key 'match' (kind \(kind))") }
        for (k, v) in mm {
            match[k] = try v.strs()
            for n in match[k]! where n.isEmpty { throw v.fail("match.\(k): empty name") }
        }
    }
    let id = try m["id"]!.str()
    guard id.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) != nil else {
        throw m["id"]!.fail("id '\(id)' must be kebab-case")
    }
    guard let sev = Severity(rawValue: try m["severity"]!.str()) else {
        throw m["severity"]!.fail("severity: expected error, warning or note")
    }
    let req = try m["requires"]?.str() ?? ""
    if let r = m["requires"], vocab.facts[req] == nil { throw r.fail("unknown fact '\(req)'") }
    var evidence = Evidence.origin
    if let e = m["evidence"] {
        guard let x = Evidence(rawValue: try e.str()) else { throw e.fail("evidence: expected origin or path") }
        evidence = x
    }
    let ops = try (m["operations"]?.seq() ?? []).map(parseOperation)
    var rule = Rule(id: id, title: try m["title"]!.str(), severity: sev, requires: req, evidence: evidence,
                    operations: ops, excludePaths: try m["exclude_paths"]?.strs() ?? [],
                    rationale: try m["rationale"]!.str(), references: try m["references"]?.strs() ?? [],
                    bad: try m["bad"]!.str(), good: try m["good"]!.str(), file: path)
    rule.kind = kind
    rule.match = match
    rule.exampleSetup = try m["example_setup"]!.str()
    guard rule.exampleSetup.components(separatedBy: Rule.exampleMarker).count == 2 else {
        throw m["example_setup"]!.fail("example_setup: needs exactly one line `\(Rule.exampleMarker)` where bad or good goes")
    }
    rule.select = try m["select"]?.strs() ?? []
    rule.selectWith = try m["select_with"]?.strs() ?? []
    if !rule.selectWith.isEmpty, !rule.select.contains(where: \.isCIdentifier) {
        throw m["select_with"]!.fail("select_with: needs identifiers in select (the words it narrows)")
    }
    rule.semantics = try m["semantics"]?.str() ?? ""
    for x in rule.select where x.isEmpty { throw m["select"]!.fail("select: empty entry") }
    if let r = m["replay"] {
        let rm = try r.mapping(allowed: ["adversary", "note"], required: ["adversary"])
        let a = try rm["adversary"]!.str()
        guard let adversary = Adversary(rawValue: a) else {
            let names = Adversary.allCases.map(\.rawValue)
            let expected = "\(names.dropLast().joined(separator: ", ")) or \(names.last!)"
            throw rm["adversary"]!.fail("replay.adversary: expected \(expected), got '\(a)'")
        }
        rule.adversary = adversary
    }
    if let oos = m["out_of_scope"] {
        rule.outOfScope = try oos.strs()
        for f in rule.outOfScope where vocab.facts[f] == nil { throw oos.fail("out_of_scope: unknown fact '\(f)'") }
    }
    return rule
}
