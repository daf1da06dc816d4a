import CClang
import Facts
import Foundation

/// Header functions (static inlines) are defined in every translation unit that includes them;
/// the first parse to see one builds it, the others skip it. Shared by the parallel workers.
public final class SeenFunctions: @unchecked Sendable {
    private var seen: Set<String> = []
    private let lock = NSLock()
    public init() {}
    /// True the first time `key` is claimed.
    public func claim(_ key: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return seen.insert(key).inserted
    }
    /// Gives back the claims of a parse whose result is discarded (a retry with other flags),
    /// so that the retry builds those functions instead of losing them.
    public func release(_ keys: [String]) {
        lock.lock(); defer { lock.unlock() }
        for k in keys { seen.remove(k) }
    }
}

/// Per-translation-unit state shared by the CFG builders of its functions.
final class TUContext {
    let tu: CXTranslationUnit
    let root: String
    let sources = SourceCache()
    var addressTaken: Set<String> = []
    /// The names the vocabulary gives a meaning: macro calls (CFGBuilder.macroInvocation),
    /// assertion macros (CFGBuilder.asmAssertion), functions that never return, the running
    /// task's spellings, branch hints.
    var names = FrontendNames()
    private var keyCache: [UInt32: String] = [:]
    /// The functions the TU's own code names (calls, addresses, initializers), in the order
    /// first named, with a declaration of each: the header functions a parse builds are these
    /// and the ones they name in turn (Frontend.topLevelFacts).
    private(set) var references: [(key: String, decl: CXCursor)] = []
    private var referenced: Set<String> = []
    private var noReturnCache: [String: Bool] = [:]
    private var constantResults: [String: Int64?] = [:]
    private var relCache: [String: String] = [:]

    init(tu: CXTranslationUnit, root: String) { self.tu = tu; self.root = root }

    /// The unit's function definitions by name, for the cleanup functions of mm variables
    /// (`struct mm_struct *mm __free(mmput)`: libclang does not expose the attribute's function,
    /// only its name as clang prints the declaration). One walk of the top-level declarations,
    /// the first time one is asked for.
    private var definitionsByName: [String: CXCursor]?

    /// The key of the function named `name` (a cleanup attribute's), named like a call's callee
    /// (its definition built as a header function if it is one); nil when the unit has none.
    func cleanupReference(_ name: String) -> String? {
        if definitionsByName == nil {
            var found: [String: CXCursor] = [:]
            for c in children(clang_getTranslationUnitCursor(tu))
            where c.kind == CXCursor_FunctionDecl && clang_isCursorDefinition(c) != 0 { found[c.spelling] = c }
            definitionsByName = found
        }
        return definitionsByName?[name].map { reference($0) }
    }

    private var fileNames: [UnsafeMutableRawPointer: String] = [:]

    /// A file's name from its libclang handle (made once per file of the TU).
    func fileName(_ f: CXFile) -> String {
        if let n = fileNames[f] { return n }
        let n = string(clang_getFileName(f))
        fileNames[f] = n
        return n
    }

    /// Whether two handles name one file (equal handles do; a file reached by two paths may
    /// have two handles with one name).
    func sameFile(_ a: CXFile, _ b: CXFile) -> Bool { a == b || fileName(a) == fileName(b) }

    /// A location as one of libclang's getters reports it, the file's name made once per TU.
    func location(_ l: CXSourceLocation, _ get: LocationGetter) -> RawLoc? { rawLoc(l, get, name: fileName) }

    /// Where a location is expanded (expansionLoc).
    func expansionLoc(_ l: CXSourceLocation) -> RawLoc? { location(l, clang_getExpansionLocation) }

    /// The file and offsets a cursor's extent is expanded at (extentOffsets), names made once.
    func extentOffsets(_ c: CXCursor) -> (file: String, start: Int, end: Int)? {
        let r = clang_getCursorExtent(c)
        var first: CXFile?, last: CXFile?
        var start: UInt32 = 0, end: UInt32 = 0
        clang_getExpansionLocation(clang_getRangeStart(r), &first, nil, nil, &start)
        clang_getExpansionLocation(clang_getRangeEnd(r), &last, nil, nil, &end)
        guard let first, let last, sameFile(first, last) else { return nil }
        return (fileName(first), Int(start), Int(end))
    }

    /// Where a location is written (clang_getFileLocation: inside a macro's argument, the
    /// argument's own place in the file): the file and the byte offset.
    func writtenOffset(_ l: CXSourceLocation) -> (file: String, offset: Int)? {
        var f: CXFile?, off: UInt32 = 0
        clang_getFileLocation(l, &f, nil, nil, &off)
        guard let f else { return nil }
        return (fileName(f), Int(off))
    }

    func relative(_ path: String) -> String {
        if let r = relCache[path] { return r }
        var p = path
        if p.hasPrefix(root + "/") { p = String(p.dropFirst(root.count + 1)) }
        relCache[path] = p
        return p
    }

    func loc(_ c: CXCursor) -> SourceLoc {
        let r = clang_getCursorExtent(c)
        guard let l = expansionLoc(clang_getRangeStart(r)) ?? expansionLoc(clang_getCursorLocation(c)) else {
            return SourceLoc(file: "?", line: 0, column: 0)
        }
        return SourceLoc(file: relative(l.file), line: l.line, column: l.column)
    }

    /// The text of a condition that is a macro's invocation (`unlikely(current->flags &
    /// PF_EXITING)`: its expansion range is the invocation's first token): the invocation as
    /// written, its name to its balanced closing parenthesis; "" for other macro conditions.
    func invocationText(_ c: CXCursor) -> String {
        var file: CXFile?
        var start: UInt32 = 0
        clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(c)), &file, nil, nil, &start)
        guard let file else { return "" }
        let path = fileName(file), b = sources.bytes(path)
        var i = Int(start)
        // Only an invocation the condition is written as (after `if (`, `!`, `&&`, `||`): not a
        // statement macro whose expansion holds the branch (pr_debug(), dev_dbg()), nor an
        // operand (`x = min(a, b)`).
        var p = i - 1
        while p >= 0, b[p] == 32 || b[p] == 9 || b[p] == 10 { p -= 1 }
        guard p >= 0, [40, 33, 38, 124].contains(b[p]) else { return "" }
        guard let name = sources.identifier(path, at: i) else { return "" }
        i += name.utf8.count
        while i < b.count, b[i] == 32 || b[i] == 9 { i += 1 }
        guard i < b.count, b[i] == 40 else { return "" }
        var depth = 0
        while i < b.count {
            if b[i] == 40 { depth += 1 } else if b[i] == 41 { depth -= 1; if depth == 0 { break } }
            i += 1
        }
        guard i < b.count else { return "" }
        return sources.normalizedText(path, Int(start), i + 1)
    }

    func text(_ c: CXCursor) -> String {
        guard let (f, s, e) = extentOffsets(c) else { return "" }
        return sources.normalizedText(f, s, e)
    }

    /// The text of an expression as written: text(c), or for one written as a macro's argument
    /// (`unlikely(kvm_is_error_hva(w->addr))`: its expansion range is the invocation's name
    /// alone) the argument where it is spelled — in the same file, after the invocation starts
    /// (not the macro's definition).
    func writtenText(_ c: CXCursor) -> String {
        let t = text(c)
        if !t.isEmpty { return t }
        let r = clang_getCursorExtent(c)
        guard let at = expansionLoc(clang_getRangeStart(r)), let s = location(clang_getRangeStart(r), clang_getSpellingLocation),
              let e = location(clang_getRangeEnd(r), clang_getSpellingLocation),
              s.file == at.file, e.file == at.file, s.offset >= at.offset, e.offset > s.offset else { return "" }
        return sources.normalizedText(s.file, s.offset, e.offset)
    }

    /// Function key: the plain name for external linkage, `file::name` for internal linkage.
    func functionKey(_ decl: CXCursor) -> String {
        let h = clang_hashCursor(decl)
        if let k = keyCache[h] { return k }
        let name = decl.spelling
        var key = name
        if clang_getCursorLinkage(decl) == CXLinkage_Internal {
            let def = clang_getCursorDefinition(decl)
            let c = def.isNull ? decl : def
            if let l = expansionLoc(clang_getCursorLocation(c)) { key = relative(l.file) + "::" + name }
        }
        keyCache[h] = key
        return key
    }

    /// The key of a function the code being built names (calls or takes the address of),
    /// recorded as a reference.
    func reference(_ decl: CXCursor) -> String {
        let key = functionKey(decl)
        if referenced.insert(key).inserted { references.append((key, decl)) }
        return key
    }

    /// The constant a static function of no parameters returns, when its body is only that
    /// return (`static inline bool thp_migration_supported(void) { return
    /// IS_ENABLED(CONFIG_ARCH_ENABLE_THP_MIGRATION); }`): a configuration's answer, as an #ifdef
    /// would write it.
    func constantResult(_ decl: CXCursor) -> Int64? {
        let key = functionKey(decl)
        if let known = constantResults[key] { return known }
        var out: Int64?
        let def = clang_getCursorDefinition(decl)
        if !def.isNull, clang_getCursorLinkage(def) == CXLinkage_Internal, clang_Cursor_getNumArguments(def) == 0,
           let body = children(def).last, body.kind == CXCursor_CompoundStmt {
            let st = children(body)
            if st.count == 1, st[0].kind == CXCursor_ReturnStmt, let e = children(st[0]).first { out = constant(e) }
        }
        constantResults[key] = out
        return out
    }

    func isNoReturn(_ decl: CXCursor) -> Bool {
        let name = decl.spelling
        if let v = noReturnCache[name] { return v }
        let v = decl.type.spelling.contains("noreturn")
        noReturnCache[name] = v
        return v
    }

    func recordName(_ rec: CXCursor) -> String {
        var c = rec
        var suffix = ""
        while clang_Cursor_isAnonymous(c) != 0 {
            let p = clang_getCursorSemanticParent(c)
            if p.kind != CXCursor_StructDecl && p.kind != CXCursor_UnionDecl { break }
            // A member of an anonymous struct or union (no declarator) is a member of the record
            // around it, as C spells it: 6.12's `struct platform_driver { union { remove;
            // remove_new; }; }` has `struct platform_driver.remove_new`. An unnamed type with a
            // declarator (`struct { … } bar;`) keeps a level of its own.
            if clang_Cursor_isAnonymousRecordDecl(c) == 0 { suffix += "::anon" }
            c = p
        }
        var s = c.type.spelling
        if let r = s.range(of: " (unnamed") ?? s.range(of: " (anonymous") { s = String(s[..<r.lowerBound]) + " anon" }
        return s + suffix
    }

    func isPointer(_ t: CXType) -> Bool { t.canonical.kind == CXType_Pointer }

    /// `void *` (any qualifiers).
    func isVoidPointer(_ t: CXType) -> Bool {
        let c = t.canonical
        return c.kind == CXType_Pointer && clang_getPointeeType(c).canonical.kind == CXType_Void
    }

    func isMMPointer(_ t: CXType) -> Bool {
        let c = t.canonical
        guard c.kind == CXType_Pointer else { return false }
        return clang_getPointeeType(c).canonical.spelling.hasSuffix("struct mm_struct")
    }

    func constant(_ c: CXCursor) -> Int64? {
        guard let r = clang_Cursor_Evaluate(c) else { return nil }
        defer { clang_EvalResult_dispose(r) }
        guard clang_EvalResult_getKind(r) == CXEval_Int else { return nil }
        return clang_EvalResult_getAsLongLong(r)
    }

    /// Does the cursor start inside a macro's expansion (spelled elsewhere than it is written)?
    func isMacroWritten(_ c: CXCursor) -> Bool {
        spelledElsewhere(clang_getRangeStart(clang_getCursorExtent(c)), clang_getExpansionLocation) ?? false
    }

    /// Is `loc` spelled elsewhere than `located` places it (a token a macro wrote)? Nil when
    /// either has no file.
    func spelledElsewhere(_ loc: CXSourceLocation,
                          _ located: (CXSourceLocation, UnsafeMutablePointer<CXFile?>?, UnsafeMutablePointer<UInt32>?,
                                      UnsafeMutablePointer<UInt32>?, UnsafeMutablePointer<UInt32>?) -> Void) -> Bool? {
        var lf: CXFile?, sf: CXFile?
        var lo: UInt32 = 0, so: UInt32 = 0
        located(loc, &lf, nil, nil, &lo)
        clang_getSpellingLocation(loc, &sf, nil, nil, &so)
        guard let lf, let sf else { return nil }
        return lo != so || !sameFile(lf, sf)
    }

    /// The macro that produced a call, when the callee's name is not what is spelled there.
    func macroName(_ c: CXCursor, callee: String, insideExpansionOf generator: String? = nil) -> String? {
        guard let (f, s, _) = extentOffsets(c) else { return nil }
        guard let id = sources.identifier(f, at: s) else { return nil }
        if let g = generator, id == g {
            // In a function a macro wrote: the macro spelled in that macro's arguments
            // (`spin_lock_irqsave(_T->lock, _T->flags)` in DEFINE_LOCK_GUARD_1(…)), if any.
            var file: CXFile?
            var at: UInt32 = 0
            clang_getFileLocation(clang_getRangeStart(clang_getCursorExtent(c)), &file, nil, nil, &at)
            guard let file, let inner = sources.identifier(fileName(file), at: Int(at)), inner != callee, inner != g else { return nil }
            return inner
        }
        return id == callee ? nil : id
    }

    /// Roles (0 init, 1 cond, 2 inc) of a `for` statement's header parts, from its text;
    /// nil when the loop comes from a macro and the text is not a `for (…;…;…)`.
    func forRoles(_ c: CXCursor, _ parts: [CXCursor]) -> [Int]? {
        guard let (f, s, e) = extentOffsets(c) else { return nil }
        let b = sources.bytes(f)
        guard s + 3 < b.count, b[s] == 0x66, b[s + 1] == 0x6f, b[s + 2] == 0x72 else { return nil }
        var i = s + 3, depth = 0
        var semis: [Int] = []
        while i < min(e, b.count) {
            let ch = b[i]
            if ch == 0x28 { depth += 1 } else if ch == 0x29 { depth -= 1; if depth == 0 { break } }
            else if ch == 0x3b && depth == 1 { semis.append(i) }
            i += 1
        }
        guard semis.count == 2 else { return nil }
        return parts.map { p in
            guard let (_, ps, _) = extentOffsets(p) else { return 1 }
            return ps < semis[0] ? 0 : (ps < semis[1] ? 1 : 2)
        }
    }

    /// Upper-case identifiers spelled in a function body (macro flags such as PVMW_MIGRATION):
    /// the all-capital ones of four characters or more, outside comments and literals.
    func upperIdentifiers(_ c: CXCursor) -> [String] {
        guard let (f, s, e) = extentOffsets(c) else { return [] }
        let b = sources.bytes(f)
        var out: Set<String> = []
        var i = s
        let end = min(e, b.count)
        while i < end {
            let ch = b[i]
            // Comments and literals name no macro the body expands (`/* no PVMW_MIGRATION here */`).
            if ch == 47, i + 1 < end, b[i + 1] == 42 {   // /* … */
                i += 2
                while i + 1 < end, !(b[i] == 42 && b[i + 1] == 47) { i += 1 }
                i += 2; continue
            }
            if ch == 47, i + 1 < end, b[i + 1] == 47 {   // // …
                while i < end, b[i] != 10 { i += 1 }
                continue
            }
            if ch == 34 || ch == 39 {   // a string or character literal
                i += 1
                while i < end, b[i] != ch, b[i] != 10 { i += b[i] == 92 ? 2 : 1 }
                i += 1; continue
            }
            if (ch >= 65 && ch <= 90) || ch == 95 {
                var j = i, allUpper = true
                while j < end, b[j].isIdentifierByte {
                    if b[j] >= 97 { allUpper = false }
                    j += 1
                }
                if allUpper, j - i >= 4, i == s || !b[i - 1].isIdentifierByte {
                    out.insert(String(decoding: b[i..<j], as: UTF8.self))
                }
                i = j
            } else { i += 1 }
        }
        return out.sorted()
    }
}

private final class RefCollector {
    var keys: [CXCursor] = []
}

public enum Frontend {
    /// The libclang version string, e.g. "Debian clang version 19.1.7".
    public static var clangVersion: String { string(clang_getClangVersion()) }

    /// libclang's own compiler headers (`stddef.h`, `larchintrin.h`, …: the resource include
    /// folder), found by parsing `#include <stddef.h>` and asking where it came from. A kernel
    /// that wants the compiler's headers (`-isystem $(CC -print-file-name=include)`, loongarch)
    /// gets these: the parser's, not the build compiler's. Nil when libclang has none.
    public static let resourceIncludeDirectory: String? = {
        guard let index = clang_createIndex(0, 0) else { return nil }
        defer { clang_disposeIndex(index) }
        let name = "/mmlint-resource-probe.c", text = "#include <stddef.h>\n"
        var tuOut: CXTranslationUnit?
        let err = name.withCString { n in
            text.withCString { t in
                var file = CXUnsavedFile(Filename: n, Contents: t, Length: UInt(text.utf8.count))
                return clang_parseTranslationUnit2(index, n, nil, 0, &file, 1, CXTranslationUnit_None.rawValue, &tuOut)
            }
        }
        guard err == CXError_Success, let tu = tuOut else { return nil }
        defer { clang_disposeTranslationUnit(tu) }
        let stddef = inclusionLines(tu, main: nil).map(\.file).first { $0.hasSuffix("/stddef.h") }
        return stddef.map { ($0 as NSString).deletingLastPathComponent }
    }()

    /// Parses one file with the given compiler arguments and extracts its facts.
    /// `root` is the tree root (paths in the facts are relative to it).
    public static func parse(file: String, arguments: [String], root: String,
                             seen: SeenFunctions, workingDirectory: String? = nil,
                             unsaved: [String: String] = [:], localDeclarationsOnly: Bool = false,
                             names: FrontendNames = FrontendNames()) -> FileFacts {
        let start = Date()
        let rel = file.hasPrefix(root + "/") ? String(file.dropFirst(root.count + 1)) : file
        // With a precompiled header, `localDeclarationsOnly` leaves the PCH's declarations out
        // of the walk below: enumerating them would deserialize every one of them (the header
        // functions the file names are reached through its references, see topLevelFacts).
        guard let index = clang_createIndex(localDeclarationsOnly ? 1 : 0, 0) else {
            return FileFacts(path: rel, errors: [ParseDiagnostic(loc: nil, message: "libclang: could not create an index")], errorCount: 1)
        }
        defer { clang_disposeIndex(index) }
        let args = libclangArguments(arguments, workingDirectory: workingDirectory)
        let opts = CXTranslationUnit_KeepGoing.rawValue | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles.rawValue
        var tuOut: CXTranslationUnit?
        let cargs = args.map { strdup($0) }
        defer { cargs.forEach { free($0) } }
        var unsavedFiles: [CXUnsavedFile] = []
        // The contents are copied byte for byte with their length: strdup would stop at a NUL
        // byte while libclang reads `Length` bytes (a heap overflow the fuzzer found; a staged
        // file may hold NUL bytes).
        let unsavedStrings = unsaved.map { (k, v) -> (UnsafeMutablePointer<CChar>, UnsafeMutablePointer<CChar>, UInt) in
            let bytes = Array(v.utf8)
            let buf = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            for (i, b) in bytes.enumerated() { buf[i] = CChar(bitPattern: b) }
            buf[bytes.count] = 0
            return (strdup(k)!, buf, UInt(bytes.count))
        }
        defer { unsavedStrings.forEach { free($0.0); $0.1.deallocate() } }
        for u in unsavedStrings { unsavedFiles.append(CXUnsavedFile(Filename: u.0, Contents: u.1, Length: u.2)) }
        let err = cargs.map { UnsafePointer($0) }.withUnsafeBufferPointer { argv in
            unsavedFiles.withUnsafeMutableBufferPointer { uf in
                clang_parseTranslationUnit2(index, file, argv.baseAddress, Int32(argv.count),
                                            uf.baseAddress, UInt32(uf.count), opts, &tuOut)
            }
        }
        guard err == CXError_Success, let tu = tuOut else {
            let failure = ParseDiagnostic(loc: nil, message: "libclang could not parse the file (error \(err.rawValue))")
            return FileFacts(path: rel, errors: [failure],
                             errorCount: 1, parseSeconds: Date().timeIntervalSince(start))
        }
        defer { clang_disposeTranslationUnit(tu) }
        let clangSeconds = Date().timeIntervalSince(start)
        let ctx = TUContext(tu: tu, root: root)
        // Texts come from what libclang parsed: a staged or patched file's unsaved content, not the disk.
        for (path, text) in unsaved { ctx.sources.preload(path, Array(text.utf8)) }
        ctx.names = names

        let (errors, errorCount) = parseErrors(tu, ctx)
        let includes = inclusions(tu)
        // .c files the main file includes (their functions are the unit's own): usually none.
        let sources = includes.contains { $0 != file && $0.hasSuffix(".c") && $0.hasPrefix(root + "/") }
        let (functions, callbacks, skipped) = topLevelFacts(tu, ctx, root: root, seen: seen, includedSources: sources)
        var ff = FileFacts(path: rel, functions: functions, addressTaken: ctx.addressTaken.sorted(),
                           errors: errors, errorCount: errorCount,
                           parseSeconds: Date().timeIntervalSince(start))
        ff.clangSeconds = clangSeconds
        ff.globalCallbacks = callbacks
        ff.skippedHeaderKeys = skipped.map(FileFacts.keyHash)
        ff.includes = includes
        return ff
    }

    /// Diagnostics: a parse is judged by its error and fatal diagnostics (the first five kept, all counted).
    static func parseErrors(_ tu: CXTranslationUnit, _ ctx: TUContext) -> (errors: [ParseDiagnostic], count: Int) {
        var errors: [ParseDiagnostic] = []
        var errorCount = 0
        let nd = clang_getNumDiagnostics(tu)
        for i in 0..<nd {
            guard let d = clang_getDiagnostic(tu, i) else { continue }
            defer { clang_disposeDiagnostic(d) }
            let sev = clang_getDiagnosticSeverity(d)
            guard sev == CXDiagnostic_Error || sev == CXDiagnostic_Fatal else { continue }
            errorCount += 1
            if errors.count < 5 {
                let l = expansionLoc(clang_getDiagnosticLocation(d))
                errors.append(ParseDiagnostic(
                    loc: l.map { SourceLoc(file: ctx.relative($0.file), line: $0.line, column: $0.column) },
                    message: string(clang_getDiagnosticSpelling(d))))
            }
        }
        return (errors, errorCount)
    }

    /// The translation unit's function definitions: the main file's, and the tree's header
    /// functions that code names — directly or through other header functions — and no other
    /// parse of the run claimed (the others' keys are returned as skipped); and the callbacks
    /// its global initializers register. A header function nothing here names is not built:
    /// the parse that names it builds it (walking only what is named also leaves a PCH's
    /// declarations undeserialized).
    static func topLevelFacts(_ tu: CXTranslationUnit, _ ctx: TUContext, root: String, seen: SeenFunctions,
                              includedSources: Bool) -> (functions: [FunctionFacts], callbacks: [CallbackUse], skipped: [String]) {
        var functions: [FunctionFacts] = []
        var callbacks: [CallbackUse] = []
        var skipped: [String] = []
        var handled: Set<String> = []
        let tuCursor = clang_getTranslationUnitCursor(tu)
        for c in children(tuCursor) {
            let k = c.kind
            guard k == CXCursor_VarDecl || k == CXCursor_FunctionDecl else { continue }
            // A .c file the main file includes (kernel/sched/build_utility.c's membarrier.c) is
            // compiled only as part of it: its tables and functions are the unit's own, its
            // functions built whether or not code names them (its syscalls), once per run.
            let inMain = clang_Location_isFromMainFile(clang_getCursorLocation(c)) != 0
            func includedSource() -> Bool {
                guard includedSources, let f = ctx.expansionLoc(clang_getCursorLocation(c))?.file else { return false }
                return f.hasSuffix(".c") && f.hasPrefix(root + "/")
            }
            if k == CXCursor_VarDecl {
                guard inMain || includedSource() else { continue }
                collectFunctionRefs(c, ctx)
                globalCallbacks(c, ctx, into: &callbacks)
                continue
            }
            guard clang_isCursorDefinition(c) != 0, inMain || includedSource(),
                  let l = ctx.expansionLoc(clang_getCursorLocation(c)) else { continue }
            let key = ctx.functionKey(c)
            handled.insert(key)
            if !inMain && !seen.claim(key) { skipped.append(key); continue }
            functions.append(functionFacts(c, key: key, at: l, ctx))
        }
        // Header functions: only those inside the analyzed tree, once per run.
        var next = 0
        while next < ctx.references.count {
            let (key, decl) = ctx.references[next]
            next += 1
            guard handled.insert(key).inserted else { continue }
            let def = clang_getCursorDefinition(decl)
            guard !def.isNull, def.kind == CXCursor_FunctionDecl,
                  clang_Location_isFromMainFile(clang_getCursorLocation(def)) == 0,
                  let l = ctx.expansionLoc(clang_getCursorLocation(def)), l.file.hasPrefix(root + "/") else { continue }
            if !seen.claim(key) { skipped.append(key); continue }
            functions.append(functionFacts(def, key: key, at: l, ctx))
        }
        return (functions, callbacks, skipped)
    }

    /// One function definition's facts: its signature and its control-flow graph.
    static func functionFacts(_ c: CXCursor, key: String, at l: RawLoc,
                              _ ctx: TUContext) -> FunctionFacts {
        let b = CFGBuilder(ctx: ctx)
        let nodes = b.build(c)
        var params: [Param] = []
        let n = Int(clang_Cursor_getNumArguments(c))
        if n > 0 { for i in 0..<n {
            let p = clang_Cursor_getArgument(c, UInt32(i))
            params.append(Param(name: p.spelling, type: p.type.spelling))
        } }
        let resultType = string(clang_getTypeSpelling(clang_getResultType(c.type)))
        var facts = FunctionFacts(
            key: key, name: c.spelling,
            loc: SourceLoc(file: ctx.relative(l.file), line: l.line, column: l.column),
            isStatic: clang_getCursorLinkage(c) == CXLinkage_Internal,
            params: params, returnType: resultType, nodes: nodes,
            macros: ctx.upperIdentifiers(c))
        facts.increments = b.increments
        facts.elementStores = b.elementStores
        facts.valueLocals = b.valueLocals.sorted()
        facts.valueFields = b.valueFields.sorted { ($0.record, $0.name) < ($1.record, $1.name) }
        facts.decrements = b.decrements
        return facts
    }

    /// The arguments libclang gets for a file or a precompiled header: the same for both, since
    /// a PCH built with other options is refused by the parses that use it.
    static func libclangArguments(_ arguments: [String], workingDirectory: String?) -> [String] {
        (workingDirectory.map { ["-working-directory", $0] } ?? []) + arguments + ["-ferror-limit=0", "-w"]
    }

    /// What building a precompiled header read and defined, or why it could not be saved.
    public struct PCHBuild: Sendable {
        /// Saved: no error, and written to the output.
        public var saved: Bool
        /// Every file it read (every TU parsed with it depends on them).
        public var includes: [String]
        /// Each file it read, with the line of the header's `#include` that brought it in
        /// (the first time: a guarded header read again is not read); the header itself has 0.
        public var reads: [(file: String, line: Int, direct: Bool)]
        /// The lines of the header's `#include`s that led to an error or a fatal error, or that
        /// name a header without an include guard.
        public var errorLines: Set<Int>
    }

    /// Builds a precompiled header of `header` with `arguments` and writes it to `output` when
    /// it parses without errors. Nil when libclang could not parse it at all.
    public static func buildPCH(header: String, arguments: [String], workingDirectory: String?, output: String) -> PCHBuild? {
        guard let index = clang_createIndex(0, 0) else { return nil }
        defer { clang_disposeIndex(index) }
        let args = libclangArguments(["-x", "c-header"] + arguments, workingDirectory: workingDirectory)
        let opts = CXTranslationUnit_ForSerialization.rawValue | CXTranslationUnit_Incomplete.rawValue
            | CXTranslationUnit_KeepGoing.rawValue
        var tuOut: CXTranslationUnit?
        let cargs = args.map { strdup($0) }
        defer { cargs.forEach { free($0) } }
        let err = cargs.map { UnsafePointer($0) }.withUnsafeBufferPointer { argv in
            clang_parseTranslationUnit2(index, header, argv.baseAddress, Int32(argv.count), nil, 0, opts, &tuOut)
        }
        guard err == CXError_Success, let tu = tuOut else { return nil }
        defer { clang_disposeTranslationUnit(tu) }
        // Paths as the files were found: relative to the working directory when an include
        // dir is (a compile database's `-Icommon`).
        let raw = inclusionLines(tu, main: header)
        // Headers without an include guard that the header names itself: a file that includes
        // one again would define its inline functions twice (linux/device_cgroup.h).
        let unguarded = Set(raw.filter { r in
            guard r.direct, let f = clang_getFile(tu, r.file) else { return false }
            return clang_isFileMultipleIncludeGuarded(tu, f) == 0
        }.map(\.line))
        func absolute(_ f: String) -> String {
            guard !f.hasPrefix("/"), let wd = workingDirectory else { return f }
            return URL(fileURLWithPath: wd + "/" + f).standardizedFileURL.path
        }
        let reads = raw.map { (file: absolute($0.file), line: $0.line, direct: $0.direct) }
        // A file is blamed on the `#include` line that read it first, unless the header itself
        // includes it directly: an unguarded header (sd_flags.h, read again under each macro
        // context) fails where it is included without its context.
        var lineOf = Dictionary(reads.map { ($0.file, $0.line) }, uniquingKeysWith: { a, _ in a })
        for r in reads where r.direct { lineOf[r.file] = r.line }
        var errorLines: Set<Int> = []
        for i in 0..<clang_getNumDiagnostics(tu) {
            guard let d = clang_getDiagnostic(tu, i) else { continue }
            defer { clang_disposeDiagnostic(d) }
            let sev = clang_getDiagnosticSeverity(d)
            guard sev == CXDiagnostic_Error || sev == CXDiagnostic_Fatal else { continue }
            // In the header itself (an include not found): its own line; else the line that
            // brought the file in.
            guard let l = expansionLoc(clang_getDiagnosticLocation(d)) else { errorLines.insert(0); continue }
            errorLines.insert(l.file == header ? Int(l.line) : lineOf[absolute(l.file)] ?? 0)
        }
        let includes = Array(Set(reads.map(\.file))).sorted()
        guard errorLines.isEmpty && unguarded.isEmpty, clang_saveTranslationUnit(tu, output, 0) == 0 else {
            return PCHBuild(saved: false, includes: includes, reads: reads, errorLines: errorLines.union(unguarded))
        }
        return PCHBuild(saved: true, includes: includes, reads: reads, errorLines: [])
    }

    /// Every file the translation unit read, with the main file's line that brought it in
    /// (the bottom of its inclusion stack; 0 for the main file) and whether that line names it.
    /// With no `main`, only the files (every parse lists them for its cache entry: no location is computed).
    private static func inclusionLines(_ tu: CXTranslationUnit, main: String?) -> [(file: String, line: Int, direct: Bool)] {
        final class Box { var out: [(String, Int, Bool)] = []; let main: String?; init(_ m: String?) { main = m } }
        let box = Box(main)
        withExtendedLifetime(box) {
            clang_getInclusions(tu, { file, stack, depth, data in
                guard let file else { return }
                let box = Unmanaged<Box>.fromOpaque(data!).takeUnretainedValue()
                var line: UInt32 = 0
                // The bottom of the stack is in the main file, or in the command line's
                // `-include`s (the <built-in> buffer): those count as line 0.
                if depth > 0, let main = box.main, let stack, let l = expansionLoc(stack[Int(depth) - 1]), l.file == main {
                    line = UInt32(l.line)
                }
                box.out.append((string(clang_getFileName(file)), Int(line), depth == 1 && line > 0))
            }, Unmanaged.passUnretained(box).toOpaque())
        }
        return box.out.map { (file: $0.0, line: $0.1, direct: $0.2) }
    }

    /// Every file the translation unit read (headers and the main file), for cache validation.
    private static func inclusions(_ tu: CXTranslationUnit) -> [String] {
        Array(Set(inclusionLines(tu, main: nil).map(\.file))).sorted()
    }

    /// Functions in a global initializer, with the designated member they fill
    /// (`.release = kvm_mmu_notifier_release` in a `struct mmu_notifier_ops`).
    private static func globalCallbacks(_ c: CXCursor, _ ctx: TUContext, into out: inout [CallbackUse]) {
        func functionRef(_ e: CXCursor, depth: Int = 0) -> CXCursor? {
            if e.kind == CXCursor_DeclRefExpr, e.referenced.kind == CXCursor_FunctionDecl { return e.referenced }
            guard depth < 4 else { return nil }
            let ch = children(e)
            guard ch.count == 1 else { return nil }
            return functionRef(ch[0], depth: depth + 1)
        }
        func memberField(_ f: CXCursor) -> Field { Field(record: ctx.recordName(clang_getCursorSemanticParent(f)), name: f.spelling) }
        func walk(_ list: CXCursor, depth: Int) {
            guard depth < 8 else { return }
            // A struct's members in order: a positional item fills the member after the previous
            // item's (`static const struct vm_operations_struct ops = { NULL, NULL, fault };`).
            let t = clang_getCursorType(list).canonical
            let members = t.kind == CXType_Record ? children(clang_getTypeDeclaration(t)).filter { $0.kind == CXCursor_FieldDecl } : []
            var position = 0
            for item in children(list) {
                defer { position += 1 }
                if item.kind == CXCursor_InitListExpr { walk(item, depth: depth + 1); continue }
                let ch = children(item)
                var field: Field? = nil
                var value = item
                // `.remove_new = f` into an anonymous union names the union's field first, then
                // the member: the member is the last designator before the value.
                if ch.count >= 2, ch[0].kind == CXCursor_MemberRef, let v = ch.last,
                   let m = ch.dropLast().last(where: { $0.kind == CXCursor_MemberRef }) {
                    field = memberField(m.referenced)
                    value = v
                    if let k = members.firstIndex(where: { clang_equalCursors($0, ch[0].referenced) != 0 }) { position = k }
                } else if position < members.count, functionRef(item) != nil {
                    field = memberField(members[position])
                }
                if value.kind == CXCursor_InitListExpr { walk(value, depth: depth + 1); continue }
                // An array element with an index designator (`[0] = { .invalidate = f }`): its
                // value is the last child, a list of its own.
                if field == nil, ch.count >= 2, let v = ch.last, v.kind == CXCursor_InitListExpr, ch[0].kind != CXCursor_MemberRef {
                    walk(v, depth: depth + 1); continue
                }
                if let r = functionRef(value) {
                    out.append(CallbackUse(function: ctx.reference(r), field: field, call: nil, arg: -1, loc: ctx.loc(item),
                                           table: ctx.loc(list)))
                }
            }
        }
        for ch in children(c) where ch.kind == CXCursor_InitListExpr { walk(ch, depth: 0) }
    }

    /// Functions referenced from a global initializer (ops tables) are callbacks.
    private static func collectFunctionRefs(_ c: CXCursor, _ ctx: TUContext) {
        let box = RefCollector()
        withExtendedLifetime(box) {
            _ = clang_visitChildren(c, { child, _, data in
                if clang_getCursorKind(child) == CXCursor_DeclRefExpr {
                    let r = clang_getCursorReferenced(child)
                    if clang_getCursorKind(r) == CXCursor_FunctionDecl {
                        Unmanaged<RefCollector>.fromOpaque(data!).takeUnretainedValue().keys.append(r)
                    }
                }
                return CXChildVisit_Recurse
            }, Unmanaged.passUnretained(box).toOpaque())
        }
        for r in box.keys { ctx.addressTaken.insert(ctx.reference(r)) }
    }
}
