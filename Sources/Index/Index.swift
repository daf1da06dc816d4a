import Facts

/// A store of an mm pointer into a struct member, as found in some function.
public struct FieldStore: Sendable {
    public var field: Field
    public var function: String
    public var node: Int
    public var rhs: Expr
    public var lhs: AccessPath
    public var loc: SourceLoc
    public var text: String
    public init(field: Field, function: String, node: Int, rhs: Expr, lhs: AccessPath, loc: SourceLoc, text: String) {
        self.field = field; self.function = function; self.node = node; self.rhs = rhs; self.lhs = lhs; self.loc = loc; self.text = text
    }
}

/// The whole-tree view of the facts: every function once (header functions deduplicated),
/// the call graph, callbacks, and every store into a `struct mm_struct *` member.
public struct TreeIndex: Sendable {
    public private(set) var functions: [String: FunctionFacts] = [:]
    public private(set) var callers: [String: Set<String>] = [:]
    /// Functions that call each name (as spelled at the call, `CallSite.name`): rules that look
    /// for calls of a few names start from here instead of walking every function's nodes.
    public private(set) var callsByName: [String: Set<String>] = [:]
    /// The same by the macro a call was expanded from (`spin_lock_irqsave(l, f)` → a call of
    /// `_raw_spin_lock_irqsave`), where the macro is not the callee's own name.
    public private(set) var callsByMacro: [String: Set<String>] = [:]
    public private(set) var addressTaken: Set<String> = []
    public private(set) var mmStores: [Field: [FieldStore]] = [:]
    /// mm stores through a pointer parameter (`*slot = mm`), by function: they fill the holder
    /// each caller points the parameter at (`set_mm(&ctx->mm, mm)`).
    public private(set) var parameterStores: [String: [FieldStore]] = [:]
    /// Where each function is used as a value (callbacks): stored into a member, passed to a
    /// call, or placed in an ops table.
    public private(set) var callbackUses: [String: [CallbackUse]] = [:]
    public private(set) var failedFiles: [FileFacts] = []
    public private(set) var files: [String] = []

    public init(_ facts: [FileFacts]) { add(facts) }

    /// This index with more files: their functions whose keys are not indexed yet, and their
    /// calls, callbacks and stores (replay's context files; cheaper than indexing everything
    /// again). Keys already present keep their first version, as in init.
    public func adding(_ facts: [FileFacts]) -> TreeIndex {
        var copy = self
        copy.add(facts)
        return copy
    }

    private mutating func add(_ facts: [FileFacts]) {
        var added: [String] = []
        for f in facts.sorted(by: { $0.path < $1.path }) {
            files.append(f.path)
            if !f.parsedCleanly { failedFiles.append(f) }
            addressTaken.formUnion(f.addressTaken)
            for u in f.globalCallbacks { callbackUses[u.function, default: []].append(u) }
            for fn in f.functions where functions[fn.key] == nil {
                functions[fn.key] = fn
                added.append(fn.key)
                keysByFile[fn.loc.file, default: []].append(fn.key)
            }
        }
        var touchedStores: Set<Field> = [], touchedUses: Set<String> = Set(facts.flatMap { $0.globalCallbacks.map(\.function) })
        for key in added {
            let fn = functions[key]!
            // Locals assigned function designators (`fn = a; if (x) fn = b;`, a ternary's arms):
            // passed on, they pass each of them.
            var localFunctions: [String: [String]] = [:]
            for n in fn.nodes {
                if case .event(.assign(let lhs, .function(let g), _, _, _)) = n.kind, lhs.fields.isEmpty, case .local(let l) = lhs.base,
                   localFunctions[l]?.contains(g) != true {
                    localFunctions[l, default: []].append(g)
                }
            }
            for (i, n) in fn.nodes.enumerated() {
                switch n.kind {
                case .event(.call(let c)):
                    callers[c.callee, default: []].insert(key)
                    callsByName[c.name, default: []].insert(key)
                    if let m = c.macro, m != c.name, !c.isCleanup { callsByMacro[m, default: []].insert(key) }
                    for (j, a) in c.args.enumerated() {
                        let passed: [String]
                        switch a {
                        case .function(let g): passed = [g]
                        case .path(let p) where p.fields.isEmpty:
                            if case .local(let l) = p.base { passed = localFunctions[l] ?? [] } else { passed = [] }
                        default: passed = []
                        }
                        for g in passed {
                            let obj = c.args.lazy.compactMap { a -> [Field]? in if case .path(let p) = a { return p.fields }; return nil }
                                .first ?? []
                            callbackUses[g, default: []].append(CallbackUse(function: g, field: nil, call: c.name, arg: j, loc: c.loc,
                                                                            path: obj))
                            touchedUses.insert(g)
                        }
                    }
                case .event(.assign(let lhs, let rhs, let text, let loc, let isMM)):
                    if case .function(let g) = rhs, let f = lhs.last {
                        callbackUses[g, default: []].append(CallbackUse(function: g, field: f, call: nil, arg: -1, loc: loc,
                                                                        path: lhs.fields))
                        touchedUses.insert(g)
                    }
                    if isMM, let last = lhs.holderField {
                        mmStores[last, default: []].append(FieldStore(field: last, function: key, node: i, rhs: rhs, lhs: lhs,
                                                                      loc: loc, text: text))
                        touchedStores.insert(last)
                    } else if isMM, case .param = lhs.base {
                        parameterStores[key, default: []].append(FieldStore(field: Field(record: "", name: ""), function: key, node: i,
                                                                             rhs: rhs, lhs: lhs, loc: loc, text: text))
                    }
                default: break
                }
            }
        }
        sortedKeys = functions.keys.sorted()
        for file in Set(added.compactMap { functions[$0]?.loc.file }) { keysByFile[file]!.sort() }
        files.sort()
        for k in touchedStores { mmStores[k]!.sort { $0.loc < $1.loc } }
        for k in touchedUses { callbackUses[k]?.sort { ($0.loc, $0.call ?? "", $0.arg) < ($1.loc, $1.call ?? "", $1.arg) } }
    }

    /// The functions that call any of `names` (by spelled name).
    public func calling<S: Sequence<String>>(_ names: S, orMacros: Bool = false) -> Set<String> {
        var out: Set<String> = []
        for n in names {
            if let s = callsByName[n] { out.formUnion(s) }
            if orMacros, let s = callsByMacro[n] { out.formUnion(s) }
        }
        return out
    }

    /// The functions that call any of `keys`, and their callers, up to `depth` calls away (a
    /// start key only when it is reached from another); `expanding` says whose callers are
    /// followed (every function's by default), asked in key order at each level.
    public func callers<S: Sequence<String>>(of keys: S, within depth: Int,
                                             expanding: (String) -> Bool = { _ in true }) -> Set<String> {
        var seen: Set<String> = [], frontier = Set(keys)
        for _ in 0..<depth {
            var next: Set<String> = []
            for k in frontier.sorted() where expanding(k) { next.formUnion(callers[k] ?? []) }
            frontier = next.subtracting(seen)
            seen.formUnion(frontier)
        }
        return seen
    }

    /// Functions that call through a member (`x->ops->release(…)`): the dispatchers of every
    /// callback stored into that member.
    public func dispatchers(of f: Field) -> Set<String> { callers["->" + f.description] ?? [] }

    /// The function keys in order (sorted once: several passes walk them in this order).
    public private(set) var sortedKeys: [String] = []
    /// The keys of the functions defined in each file (a function's `loc.file`), in order.
    public private(set) var keysByFile: [String: [String]] = [:]
}
