import Foundation
import Checker
import Facts

/// How a callback's context relates to the owner's exit (model.yml `kind:`).
public enum ContextKind: String, CaseIterable, Sendable {
    case async, syscall, late, notifier

    /// The loader's error for any other value.
    static func parse(_ node: YNode) throws -> ContextKind {
        let text = try node.str()
        guard let k = ContextKind(rawValue: text) else {
            let names = allCases.map(\.rawValue)
            throw node.fail("kind: expected \(names.dropLast().joined(separator: ", ")) or \(names.last!), got '\(text)'")
        }
        return k
    }
}

/// Where a callback runs (see Rules/model.yml `contexts`).
public struct ContextRule: Sendable {
    public var field: Field?
    public var call: String?
    public var arg: Int
    public var kind: ContextKind
    public var what: String
}

/// Replay's vocabulary, loaded from Rules/model.yml.
public struct ModelVocabulary: Sendable {
    /// The model step a reference or borrow call is (model.yml `steps:`).
    public enum RefStep: String, CaseIterable, Sendable {
        case mmgrab, mmdrop, mmget, mmput, pin = "mmget_not_zero", use = "use_mm", unuse = "unuse_mm"
    }
    public var steps: [String: RefStep] = [:]
    /// The call names of some steps.
    public func names(_ kinds: RefStep...) -> Set<String> { Set(steps.filter { kinds.contains($0.value) }.keys) }
    public var userAccess: Set<String> = []
    public var faults: Set<String> = []
    public var inspects: Set<String> = []
    public var vmaRCU: Set<String> = []
    public var registers: Set<String> = []
    /// Calls that run a notifier's ->release again (model.yml `unregisters`).
    public var unregisters: [String] = []
    public var readLock: Set<String> = []
    public var readUnlock: Set<String> = []
    public var locks: Set<String> = []
    public var waits: Set<String> = []
    public var readSections: Set<String> = []
    public var gracePeriods: Set<String> = []
    public var cancels: [String: (arg: Int, all: Bool)] = [:]
    public var queues: [String: Int] = [:]
    public var contexts: [ContextRule] = []
    /// Parameter type → context, for callbacks whose registration is not in the analyzed files.
    public var paramContexts: [String: ContextRule] = [:]
    public var releaseFields: Set<Field> = []
    public var aioCompletion: Set<String> = []
    /// The kernel facts replay cites, by id (model.yml `facts:`).
    public var facts: [String: KernelFact] = [:]
    /// The owner's exit replay runs on CPU 0 (model.yml `owner_exit:`).
    public var ownerExit = OwnerExit(first: [], byEra: [:], last: [])
    /// The GUP-fast walker's steps (model.yml `gup_walker:`), by name.
    public var gupWalker: [String: (label: String, at: KernelRef?)] = [:]
    /// The steps `gup_walker:` must have.
    public static let gupWalkerSteps = ["read", "read_devmap", "read_special", "try_get", "recheck", "use", "put"]

    /// A cited fact's citation, placed in the analyzed tree (the loader made sure it exists).
    public func cite(_ fact: CitedFact, in source: KernelSource) -> String {
        facts[fact.rawValue]?.citation(in: source) ?? fact.rawValue
    }

    /// Every file a fact or an owner_exit step is placed in: what a cached result depends on.
    public var citedFiles: [String] {
        Array(Set(facts.values.flatMap { $0.refs.flatMap(\.files) } + ownerExit.refs.flatMap(\.files)
                  + gupWalker.values.compactMap(\.at).flatMap(\.files))).sorted()
    }

    /// The model file a rules folder uses: its own model.yml, else the shipped one.
    public static func path(rulesDir: String, fallback: String) -> String {
        let own = rulesDir + "/model.yml"
        return FileManager.default.fileExists(atPath: own) ? own : fallback + "/model.yml"
    }

    public func context(for u: CallbackUse) -> ContextRule? {
        if let f = u.field, let r = contexts.first(where: { $0.field == f }) { return r }
        if let c = u.call, let r = contexts.first(where: { $0.call == c && $0.arg == u.arg }) { return r }
        return nil
    }

    static func field(_ s: String, at n: YNode) throws -> Field {
        guard let dot = s.lastIndex(of: "."), s.hasPrefix("struct ") || s.hasPrefix("union ") else {
            throw n.fail("expected a member like 'struct work_struct.func', got '\(s)'")
        }
        return Field(record: String(s[..<dot]), name: String(s[s.index(after: dot)...]))
    }

    public static func load(_ path: String) throws -> ModelVocabulary {
        let keys: Set<String> = ["steps", "user_access", "faults", "inspects", "vma_rcu", "registers", "unregisters", "mmap_read_lock",
                                 "mmap_read_unlock", "locks", "waits", "cancels", "queues", "contexts",
                                 "release_fields", "aio_completion", "param_contexts", "read_sections", "grace_periods",
                                 "facts", "owner_exit", "gup_walker"]
        let m = try parseYAML(path).mapping(allowed: keys, required: keys)
        var v = ModelVocabulary()
        let stepNames = Set(RefStep.allCases.map(\.rawValue))
        let stepNodes = try m["steps"]!.mapping(allowed: stepNames, required: stepNames)
        for k in RefStep.allCases {
            for n in try stepNodes[k.rawValue]!.strs() { v.steps[n] = k }
        }
        v.userAccess = Set(try m["user_access"]!.strs())
        v.faults = Set(try m["faults"]!.strs())
        v.inspects = Set(try m["inspects"]!.strs())
        v.vmaRCU = Set(try m["vma_rcu"]!.strs())
        v.registers = Set(try m["registers"]!.strs())
        v.unregisters = try m["unregisters"]!.strs()
        v.readLock = Set(try m["mmap_read_lock"]!.strs())
        v.readUnlock = Set(try m["mmap_read_unlock"]!.strs())
        v.locks = Set(try m["locks"]!.strs())
        v.waits = Set(try m["waits"]!.strs())
        v.readSections = Set(try m["read_sections"]!.strs())
        v.gracePeriods = Set(try m["grace_periods"]!.strs())
        for (name, node, _) in try m["cancels"]!.orderedMapping() {
            let cm = try node.mapping(allowed: ["arg", "all"], required: ["arg"])
            guard let a = Int(try cm["arg"]!.str()), a >= 0 else { throw cm["arg"]!.fail("arg: expected an argument index") }
            var all = false
            if let x = cm["all"] {
                let s = try x.str()
                guard s == "true" || s == "false" else { throw x.fail("all: expected true or false") }
                all = s == "true"
            }
            v.cancels[name] = (a, all)
        }
        for (name, node, _) in try m["queues"]!.orderedMapping() {
            guard let a = Int(try node.str()), a >= 0 else { throw node.fail("expected the work argument's index") }
            v.queues[name] = a
        }
        for c in try m["contexts"]!.seq() {
            let cm = try c.mapping(allowed: ["field", "call", "arg", "kind", "what"], required: ["kind", "what"])
            let kind = try ContextKind.parse(cm["kind"]!)
            var r = ContextRule(field: nil, call: nil, arg: -1, kind: kind, what: try cm["what"]!.str())
            if let f = cm["field"] { r.field = try field(try f.str(), at: f) }
            if let cl = cm["call"] {
                r.call = try cl.str()
                guard let a = cm["arg"], let i = Int(try a.str()) else { throw c.fail("a call context needs 'arg'") }
                r.arg = i
            }
            guard (r.field == nil) != (r.call == nil) else { throw c.fail("give exactly one of 'field' or 'call'") }
            v.contexts.append(r)
        }
        for c in try m["param_contexts"]!.seq() {
            let cm = try c.mapping(allowed: ["type", "kind", "what"], required: ["type", "kind", "what"])
            let kind = try ContextKind.parse(cm["kind"]!)
            v.paramContexts[try cm["type"]!.str()] = ContextRule(field: nil, call: nil, arg: 0, kind: kind, what: try cm["what"]!.str())
        }
        for n in try m["release_fields"]!.seq() { v.releaseFields.insert(try field(try n.str(), at: n)) }
        v.aioCompletion = Set(try m["aio_completion"]!.strs())
        v.facts = try loadFacts(m["facts"]!)
        v.ownerExit = try loadOwnerExit(m["owner_exit"]!)
        v.gupWalker = try loadGUPWalker(m["gup_walker"]!)
        return v
    }

    /// `gup_walker:` — each step `{label, at}` (`at` optional: the caller's use has no one place).
    static func loadGUPWalker(_ node: YNode) throws -> [String: (label: String, at: KernelRef?)] {
        let names = Set(gupWalkerSteps)
        let m = try node.mapping(allowed: names, required: names)
        var out: [String: (label: String, at: KernelRef?)] = [:]
        for name in gupWalkerSteps {
            let sm = try m[name]!.mapping(allowed: ["label", "at"], required: ["label"])
            out[name] = (try sm["label"]!.str(), try sm["at"].map(kernelRef))
        }
        return out
    }

    /// `facts:` — id → statement, commits, refs, note; every CitedFact must be there.
    static func loadFacts(_ node: YNode) throws -> [String: KernelFact] {
        var facts: [String: KernelFact] = [:]
        for (id, n, _) in try node.orderedMapping() {
            let fm = try n.mapping(allowed: ["statement", "commits", "refs", "note"], required: ["statement"])
            facts[id] = KernelFact(id: id, statement: try fm["statement"]!.str(), commits: try fm["commits"]?.str(),
                                   refs: try (fm["refs"]?.seq() ?? []).map(kernelRef), note: try fm["note"]?.str())
        }
        let missing = CitedFact.allCases.map(\.rawValue).filter { facts[$0] == nil }
        guard missing.isEmpty else { throw node.fail("facts: replay cites \(missing.joined(separator: ", ")), which is not here") }
        return facts
    }

    /// A place in the kernel: `{file, function, anchors, span, other_files, other_names}`.
    static func kernelRef(_ node: YNode) throws -> KernelRef {
        let m = try node.mapping(allowed: ["file", "function", "anchors", "span", "other_files", "other_names"],
                                 required: ["file", "function"])
        var span = false
        if let x = m["span"] {
            let s = try x.str()
            guard s == "true" || s == "false" else { throw x.fail("span: expected true or false") }
            span = s == "true"
        }
        return KernelRef(try m["file"]!.str(), try m["function"]!.str(), anchors: try m["anchors"]?.strs() ?? [], span: span,
                         otherFiles: try m["other_files"]?.strs() ?? [], otherNames: try m["other_names"]?.strs() ?? [])
    }

    /// `owner_exit:` — `first`, one list per exit_mmap era, `last`; each step `{op, label, at}`.
    static func loadOwnerExit(_ node: YNode) throws -> OwnerExit {
        let eras = ExitMmapEra.allCases.map(\.dataKey)
        let keys = Set(["first", "last"] + eras)
        let m = try node.mapping(allowed: keys, required: keys)
        func steps(_ key: String) throws -> [Step] {
            try m[key]!.seq().map { s in
                let sm = try s.mapping(allowed: ["op", "label", "at"], required: ["op", "label", "at"])
                let name = try sm["op"]!.str()
                guard let op = OwnerExit.ops[name] else {
                    throw sm["op"]!.fail("op: expected one of \(OwnerExit.ops.keys.sorted().joined(separator: ", ")), got '\(name)'")
                }
                return Step(op, try sm["label"]!.str(), kernel: try kernelRef(sm["at"]!))
            }
        }
        var byEra: [ExitMmapEra: [Step]] = [:]
        for era in ExitMmapEra.allCases { byEra[era] = try steps(era.dataKey) }
        return OwnerExit(first: try steps("first"), byEra: byEra, last: try steps("last"))
    }
}
