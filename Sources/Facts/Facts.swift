// Facts: the plain value types that flow between the pipeline stages.
// The frontend produces FileFacts; the index and checker consume them. Nothing here knows
// about libclang or about rules.

/// A location in the analyzed tree. `file` is relative to the tree root.
public struct SourceLoc: Codable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file; self.line = line; self.column = column
    }
    public static func < (a: SourceLoc, b: SourceLoc) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
    public var description: String { "\(file):\(line):\(column)" }
}

/// One step of an access path: a member of a record, e.g. `struct kvm` . `mm`.
/// `record` is the record's spelling (`struct kvm`, or `struct foo::(anonymous)` named after
/// its enclosing record); `isMM` says the member's type is `struct mm_struct *`.
public struct Field: Codable, Hashable, Sendable, CustomStringConvertible {
    public var record: String
    public var name: String
    public init(record: String, name: String) { self.record = record; self.name = name }
    public var description: String { record == Field.globalRecord ? "the global \(name)" : "\(record).\(name)" }

    /// A global variable as a holder: `static struct mm_struct *saved_mm;` is held like a member.
    /// Globals are named without their file: two files' statics of one name share a holder.
    static let globalRecord = "<global>"
    public static func global(_ name: String) -> Field { Field(record: globalRecord, name: name) }
}

/// Where an access path starts.
public enum PathBase: Codable, Hashable, Sendable {
    case param(Int)
    case local(String)
    case global(String)
    /// `current` (get_current()): the running task.
    case current
    /// The value returned by a call to the named function (key), e.g. `foo_get(x)->mm`.
    case ret(String)
}

/// An lvalue-like expression normalized to a base and a chain of members. Address-of and
/// dereference are dropped: `*pvmw->pmd`, `pvmw.pmd` and `(&pvmw)->pmd` are one path.
public struct AccessPath: Codable, Hashable, Sendable, CustomStringConvertible {
    public var base: PathBase
    public var fields: [Field]
    public init(base: PathBase, fields: [Field] = []) { self.base = base; self.fields = fields }

    public var last: Field? { fields.last }
    /// The holder a store to this path fills: its last member, or the global it names.
    public var holderField: Field? {
        if let f = fields.last { return f }
        if case .global(let g) = base { return Field.global(g) }
        return nil
    }
    /// Does a store to this path keep a value somewhere that outlives the function (a member, a global)?
    public var isHolder: Bool { holderField != nil }
    public func appending(_ f: Field) -> AccessPath { AccessPath(base: base, fields: fields + [f]) }
    /// Is this path `prefix` itself or a path under it (`c->dev->mm` under `c->dev`)?
    public func starts(with prefix: AccessPath) -> Bool {
        base == prefix.base && fields.count >= prefix.fields.count && Array(fields.prefix(prefix.fields.count)) == prefix.fields
    }

    public var description: String {
        var s: String
        switch base {
        case .param(let i): s = "arg\(i)"
        case .local(let n): s = n
        case .global(let n): s = n
        case .current: s = "current"
        case .ret(let f): s = "\(f)()"
        }
        for f in fields { s += "->" + f.name }
        return s
    }
}

/// An expression as the checker sees it.
public indirect enum Expr: Codable, Hashable, Sendable {
    case path(AccessPath)
    /// The result of the call with this id (CallSite.id) in the same function.
    case call(Int)
    case int(Int64)
    case null
    /// A function designator (its key): a callback being stored or passed.
    case function(String)
    /// A truth value computed by a test (`!current->mm`, `a == b`): 1 when the condition holds.
    /// Stored in a local or returned, the test keeps its meaning where the value is tested.
    case test(Cond)
    /// A word's bits: the path's value masked by `keep`, with the bits of `set` added
    /// (`state | HAVE_MM` and `state |= HAVE_MM` keep -1 and set the bit; `state & HAVE_MM`
    /// keeps the bit and sets none; `state &= ~HAVE_MM` keeps the others).
    case bits(AccessPath, set: Int64, keep: Int64)
    case other
}

extension Expr {
    /// No object behind it: an unknown value or a truth value.
    public var isOpaqueValue: Bool {
        switch self {
        case .other, .test, .bits: return true
        default: return false
        }
    }
}

extension Cond {
    /// Does the condition read the local `name` (directly or as the base of a path)?
    public func reads(local name: String) -> Bool {
        func e(_ x: Expr) -> Bool {
            switch x {
            case .path(let p), .bits(let p, _, _): if case .local(let n) = p.base { return n == name }; return false
            case .test(let c): return c.reads(local: name)
            default: return false
            }
        }
        switch self {
        case .truthy(let x): return e(x)
        case .equal(let a, let b): return e(a) || e(b)
        case .not(let c): return c.reads(local: name)
        case .opaque: return false
        case .below(let x, _): return e(x)
        }
    }
}

/// A branch condition, already split at `&&`, `||` (those become separate branch nodes).
public indirect enum Cond: Codable, Hashable, Sendable {
    /// The expression is non-zero / non-NULL.
    case truthy(Expr)
    /// The two expressions are equal.
    case equal(Expr, Expr)
    case not(Cond)
    case opaque
    /// The expression is below the constant (`ret < 0`, `n <= 1` is below 2; `ret >= 0`, `n > 0`
    /// are negations). Below 0 or less, the value is non-zero; not below 1 or more, non-zero too;
    /// not below 0, only a value kept to the kernel's 0-or-errno convention is known (zero).
    /// (A comparison of a value whose type cannot be negative with 0 or 1 is a truth test.)
    case below(Expr, Int64)
}

extension Cond {
    /// The condition under its negations, and whether an odd number of them was taken off.
    public var unnegated: (cond: Cond, negated: Bool) {
        var c = self, negated = false
        while case .not(let x) = c { c = x; negated.toggle() }
        return (c, negated)
    }

    /// A test of an expression against zero (`x`, `!x`, `x == 0`, `!(0 == x)`): the expression and
    /// the branch's successor (0 for the true edge, 1 for the false one) where it is nonzero.
    public var zeroTest: (tested: Expr, nonzeroSide: Int)? {
        let (c, negated) = unnegated
        let tested: Expr, nonzero: Int
        switch c {
        case .truthy(let e): (tested, nonzero) = (e, 0)
        case .equal(let e, .int(0)), .equal(.int(0), let e): (tested, nonzero) = (e, 1)
        default: return nil
        }
        return (tested, negated ? 1 - nonzero : nonzero)
    }
}

public struct CallSite: Codable, Hashable, Sendable {
    public var id: Int
    /// Function key: `name` for external linkage, `file::name` for internal linkage.
    public var callee: String
    /// Plain name as spelled (for vocabulary lookup).
    public var name: String
    public var args: [Expr]
    public var argText: [String]
    public var loc: SourceLoc
    /// The macro whose expansion produced the call, when the call is not spelled in the function.
    public var macro: String?
    public init(id: Int, callee: String, name: String, args: [Expr], argText: [String], loc: SourceLoc, macro: String?) {
        self.id = id; self.callee = callee; self.name = name; self.args = args
        self.argText = argText; self.loc = loc; self.macro = macro
    }
}

extension CallSite {
    /// The `macro` of the call the compiler makes when the scope of a variable declared with
    /// `__attribute__((cleanup(fn)))` ends (guard(), scoped_guard(), __free()): `fn(&var)`.
    public static let cleanupMarker = "__attribute__((cleanup))"
    public var isCleanup: Bool { macro == CallSite.cleanupMarker }

    /// The call as written: `name(arg, arg)` (the message text of a finding that quotes it).
    public var spelled: String { "\(name)(\(argText.joined(separator: ", ")))" }

    /// Argument `i` as written, when the parser kept its text.
    public func argText(_ i: Int) -> String? { i >= 0 && i < argText.count && !argText[i].isEmpty ? argText[i] : nil }
}

public enum Event: Codable, Hashable, Sendable {
    case call(CallSite)
    /// `lhs = rhs`. `isMMStore` is set when the lhs is a member of type `struct mm_struct *`.
    case assign(lhs: AccessPath, rhs: Expr, text: String, loc: SourceLoc, isMMStore: Bool)
    case ret(Expr?, loc: SourceLoc)
}

public enum NodeKind: Codable, Hashable, Sendable {
    case entry
    case exit
    case event(Event)
    /// succs[0] is taken when `cond` holds, succs[1] when it does not.
    case branch(Cond, text: String, loc: SourceLoc)
    /// A join point or a statement with no event (labels, loop heads).
    case nop
}

public struct CFGNode: Codable, Hashable, Sendable {
    public var kind: NodeKind
    public var succs: [Int]
    public init(kind: NodeKind, succs: [Int] = []) { self.kind = kind; self.succs = succs }
}

public struct Param: Codable, Hashable, Sendable {
    public var name: String
    public var type: String
    public init(name: String, type: String) { self.name = name; self.type = type }
}

/// A member or local counted up (or, in FunctionFacts.decrements, down) in place: `x->n++`,
/// `++x->n`, `x->n += 1`, `n++` (no store event: the value written is its own plus a constant).
public struct Increment: Codable, Hashable, Sendable {
    public var path: AccessPath
    public var loc: SourceLoc
    public init(path: AccessPath, loc: SourceLoc) { self.path = path; self.loc = loc }
}

public struct FunctionFacts: Codable, Sendable {
    public var key: String
    public var name: String
    public var loc: SourceLoc
    public var isStatic: Bool
    public var params: [Param]
    public var returnType: String
    /// Node 0 is the entry, node 1 the exit.
    public var nodes: [CFGNode]
    /// Names of macros expanded inside the body (e.g. PVMW_MIGRATION).
    public var macros: [String]
    /// The members and locals the body counts up in place (`++usbm->vma_use_count`), in source order.
    public var increments: [Increment] = []
    /// The members and locals the body counts down in place (`qm->qp_in_used--`, `x->n -= 1`), in source order.
    public var decrements: [Increment] = []
    /// The stores whose target is an array element by an index that is not a constant
    /// (`t->mms[i] = …`, `t->slot[n].mm = …`): run again in a loop, each fills another slot.
    public var elementStores: [SourceLoc] = []
    /// The locals that hold a value rather than point to one (`pmd_t val = *pmd;`, an integer,
    /// a struct): a copy of what a path held when it was read, which a lock taken later does not
    /// make current (the dataflow forgets what they name there).
    public var valueLocals: [String] = []
    /// The members read here whose type is not a pointer or an array (a copy kept in a struct:
    /// `vmf->orig_pmd`): what is learned of one is its own value's, as for valueLocals.
    public var valueFields: [Field] = []
    public init(key: String, name: String, loc: SourceLoc, isStatic: Bool, params: [Param],
                returnType: String, nodes: [CFGNode], macros: [String]) {
        self.key = key; self.name = name; self.loc = loc; self.isStatic = isStatic
        self.params = params; self.returnType = returnType; self.nodes = nodes; self.macros = macros
    }
}

public struct ParseDiagnostic: Codable, Hashable, Sendable {
    public var loc: SourceLoc?
    public var message: String
    public init(loc: SourceLoc?, message: String) { self.loc = loc; self.message = message }
}

/// A function used as a value: stored into a member, passed to a call, or placed in a global
/// initializer (an ops table). Where it goes says in which context it runs (a work item, a
/// file operation, an mmu-notifier callback); replay reads that.
public struct CallbackUse: Codable, Hashable, Sendable {
    public var function: String
    /// The member it is stored into (`struct work_struct.func`), if any.
    public var field: Field?
    /// The function it is passed to and the argument position, if any.
    public var call: String?
    public var arg: Int
    public var loc: SourceLoc
    /// The object it is attached to: the members of the store's left side
    /// (`vgpu->dma_work.func`), or of the call's first path argument (`__init_work(&vgpu->dma_work, …)`).
    public var path: [Field]
    /// For a member of a global initializer (an ops table): where the brace list that holds it
    /// starts — the members of one table share it (an array of tables has one per element).
    public var table: SourceLoc?
    public init(function: String, field: Field?, call: String?, arg: Int, loc: SourceLoc, path: [Field] = [],
                table: SourceLoc? = nil) {
        self.function = function; self.field = field; self.call = call; self.arg = arg; self.loc = loc; self.path = path
        self.table = table
    }
}

public struct FileFacts: Codable, Sendable {
    public var path: String
    public var functions: [FunctionFacts]
    /// Functions placed in global initializers (ops tables), with the member they fill.
    public var globalCallbacks: [CallbackUse] = []
    /// Function keys whose address is taken (callbacks: their parameters have unknown origins).
    public var addressTaken: [String]
    /// Error and fatal diagnostics; a file with any is "failed to parse".
    public var errors: [ParseDiagnostic]
    public var errorCount: Int
    public var parseSeconds: Double
    /// The part of `parseSeconds` spent inside libclang's parse (the rest builds the facts).
    public var clangSeconds: Double = 0
    /// Parsed with a precompiled header (see the MMLint module's Precompiled.swift).
    public var usedPCH = false
    /// Served by the facts cache in this run (not stored).
    public var fromCache = false
    public init(path: String, functions: [FunctionFacts] = [], addressTaken: [String] = [],
                errors: [ParseDiagnostic] = [], errorCount: Int = 0, parseSeconds: Double = 0) {
        self.path = path; self.functions = functions; self.addressTaken = addressTaken
        self.errors = errors; self.errorCount = errorCount; self.parseSeconds = parseSeconds
    }
    /// Why the parse itself did not complete (a crashed or killed worker), if it did not.
    public var failure: String? = nil
    /// Header functions this parse left to another that had built them (cache bookkeeping), as
    /// `keyHash`es: ~12,000 per kernel file, they were most of a cache entry as strings.
    public var skippedHeaderKeys: [UInt64] = []
    /// The 64-bit FNV-1a hash of a function key (for skippedHeaderKeys).
    public static func keyHash(_ key: String) -> UInt64 { FNV1a.hash(key.utf8) }
    /// Every file the translation unit read, absolute (cache validation).
    public var includes: [String] = []
    public var parsedCleanly: Bool { errorCount == 0 && failure == nil }
    /// Keys of the functions this parse built outside its own file (header inline functions,
    /// which one parse builds for all).
    public var headerFunctionKeys: [String] { functions.filter { $0.loc.file != path }.map(\.key) }
}

/// The fact names the checker gives a meaning of its own (Rules/vocabulary.yml `facts:` lists
/// every fact; these three are read by name).
public enum MMFact {
    /// mm_users is held: the address space stays.
    public static let users = "users"
    /// mm_count is held: only struct mm_struct stays.
    public static let count = "count"
    /// The path is the running task's own mm (`x == current->mm` was true).
    public static let currentMM = "current_mm"
}
