import CClang
import Facts
import Foundation

/// Source bytes of the files a translation unit reads, for argument text and for telling
/// whether a call is spelled in the function or produced by a macro.
final class SourceCache {
    private var files: [String: [UInt8]] = [:]
    func bytes(_ path: String) -> [UInt8] {
        if let b = files[path] { return b }
        let b = (FileManager.default.contents(atPath: path)).map { [UInt8]($0) } ?? []
        files[path] = b
        return b
    }
    /// The bytes libclang parsed for `path` when they are not the disk's (an unsaved file).
    func preload(_ path: String, _ bytes: [UInt8]) { files[path] = bytes }
    func text(_ path: String, _ start: Int, _ end: Int) -> String {
        let b = bytes(path)
        guard start >= 0, end <= b.count, start < end else { return "" }
        return String(decoding: b[start..<end], as: UTF8.self)
    }
    /// The text between the offsets with each run of spaces, tabs and newlines made one space
    /// and the ends trimmed; longer than `limit` characters: its first limit - 3 and "...".
    /// One pass over the bytes, stopping past the limit (most texts are ASCII); other text
    /// goes through Characters (a "\r\n" is one).
    func normalizedText(_ path: String, _ start: Int, _ end: Int, limit: Int = 160) -> String {
        let b = bytes(path)
        guard start >= 0, end <= b.count, start < end else { return "" }
        var out: [UInt8] = []
        out.reserveCapacity(min(end - start, limit + 1))
        var space = false
        for i in start..<end {
            let c = b[i]
            if c >= 0x80 || c == 13 { return SourceCache.normalized(String(decoding: b[start..<end], as: UTF8.self), limit: limit) }
            if c == 32 || c == 9 || c == 10 { space = !out.isEmpty; continue }
            if space { out.append(32); space = false }
            out.append(c)
            if out.count > limit { break }
        }
        return out.count > limit ? String(decoding: out[0..<(limit - 3)], as: UTF8.self) + "..." : String(decoding: out, as: UTF8.self)
    }

    static func normalized(_ text: String, limit: Int) -> String {
        let t = text.split(whereSeparator: { $0 == "\n" || $0 == "\t" || $0 == " " }).joined(separator: " ")
        return t.count > limit ? String(t.prefix(limit - 3)) + "..." : t
    }

    /// The identifier starting at `offset`, if any.
    func identifier(_ path: String, at offset: Int) -> String? {
        let b = bytes(path)
        guard offset >= 0, offset < b.count else { return nil }
        var e = offset
        while e < b.count, b[e].isIdentifierByte { e += 1 }
        return e > offset ? String(decoding: b[offset..<e], as: UTF8.self) : nil
    }
}

/// A variable declared with `__attribute__((cleanup(fn)))`, and where.
struct Cleanup {
    var function: String
    var variable: String
    var loc: SourceLoc
    /// The function's key when it is resolved (an mm variable's: its body says what the scope's
    /// end does to the reference); else its name.
    var callee: String
}

/// Builds the control-flow graph of events for one function definition.
final class CFGBuilder {
    let ctx: TUContext
    var nodes: [CFGNode] = [CFGNode(kind: .entry), CFGNode(kind: .exit)]
    var cur: Int? = 0
    var params: [UInt32: Int] = [:]
    var labels: [String: Int] = [:]
    /// Break and continue targets, with the number of cleanup scopes open at the loop (or
    /// switch): a jump out of it runs the cleanups of the scopes opened since.
    var loopStack: [(brk: Int, cont: Int?, scopes: Int)] = []
    /// The variables declared with `__attribute__((cleanup(fn)))` in each open scope (the
    /// function body's first): guard(), scoped_guard(), __free(). The compiler calls fn(&var)
    /// when the variable's scope ends — at the end of the block, and on a return, break,
    /// continue or goto that leaves it — and so does the graph (cleanupCall).
    var scopes: [[Cleanup]] = []
    var switchStack: [SwitchFrame] = []
    var nextCallID = 0
    var depth = 0
    /// The members counted up in place (FunctionFacts.increments).
    var increments: [Increment] = []
    /// The stores to an element by an index that is not a constant (FunctionFacts.elementStores).
    var elementStores: [SourceLoc] = []
    /// The locals of a type that is not a pointer or an array (FunctionFacts.valueLocals).
    var valueLocals: Set<String> = []
    /// The members read whose type is not a pointer or an array (FunctionFacts.valueFields).
    var valueFields: Set<Field> = []
    /// The members counted down in place (FunctionFacts.decrements).
    var decrements: [Increment] = []
    /// `__UNIQUE_ID_x_1121` (a macro's `__COUNTER__` local, e.g. of min_t or pr_debug) renamed
    /// `__UNIQUE_ID_x_1`, numbered within the function: the counter depends on everything the
    /// translation unit read before (a precompiled header shifts it), the facts must not.
    var uniqueNames: [String: String] = [:]
    /// The operand of each GNU `a ?: b` met, with its value once evaluated: the compiler
    /// evaluates `a` once, for the test and as the result (binaryConditional).
    var sharedOperands: [(cursor: CXCursor, value: Expr?)] = []
    var uniqueCounts: [String: Int] = [:]

    /// The macro whose expansion wrote the whole function (DEFINE_LOCK_GUARD_1, DEFINE_FREE, …):
    /// every call in it starts in that expansion, so a call's macro is read where the call is
    /// written inside the definition's arguments instead (Frontend.macroName).
    var generatedBy: String?

    init(ctx: TUContext) { self.ctx = ctx }

    /// The name of a local variable, with `__COUNTER__` suffixes numbered within the function.
    func localName(_ d: CXCursor) -> String {
        let name = d.spelling
        guard name.hasPrefix("__UNIQUE_ID_"), name.last?.isNumber == true else { return name }
        if let n = uniqueNames[name] { return n }
        let stem = String(name.reversed().drop { $0.isNumber }.reversed())
        let k = uniqueCounts[stem, default: 0] + 1
        uniqueCounts[stem] = k
        uniqueNames[name] = stem + String(k)
        return stem + String(k)
    }

    // MARK: graph
    func add(_ k: NodeKind) -> Int { nodes.append(CFGNode(kind: k)); return nodes.count - 1 }
    func edge(_ a: Int?, _ b: Int) { if let a { nodes[a].succs.append(b) } }
    func emit(_ k: NodeKind) { let n = add(k); edge(cur, n); cur = n }
    func label(_ name: String) -> Int {
        if let n = labels[name] { return n }
        let n = add(.nop); labels[name] = n; return n
    }

    func build(_ fn: CXCursor) -> [CFGNode] {
        generatedBy = ctx.isMacroWritten(fn) ? ctx.macroName(fn, callee: fn.spelling) : nil
        let n = Int(clang_Cursor_getNumArguments(fn))
        if n > 0 { for i in 0..<n { params[clang_hashCursor(clang_Cursor_getArgument(fn, UInt32(i)))] = i } }
        for c in children(fn) where c.kind == CXCursor_CompoundStmt { stmt(c) }
        edge(cur, 1)
        return nodes
    }

    // MARK: statements
    func stmt(_ c: CXCursor) {
        depth += 1; defer { depth -= 1 }
        if depth > 400 { return }  // pathological nesting: give up on the rest of this branch
        if let cond = asmAssertion(c) {
            let trap = add(.nop), next = add(.nop)   // the kernel traps: the true side ends there
            condition(cond, t: trap, f: next)
            cur = next
            return
        }
        // A statement-like macro the vocabulary names (`this_cpu_write(pcp, val)`, a switch or
        // inline asm once expanded): the call it stands for.
        if clang_isStatement(c.kind) != 0, let m = macroInvocation(c) { _ = macroCall(c, m); return }
        switch c.kind {
        case CXCursor_CompoundStmt:
            scopes.append([])
            for s in children(c) { stmt(s) }
            leave(toScopes: scopes.count - 1)
            scopes.removeLast()
        case CXCursor_DeclStmt:
            for d in children(c) where d.kind == CXCursor_VarDecl { varDecl(d) }
        case CXCursor_IfStmt:
            ifStmt(c)
        case CXCursor_WhileStmt:
            whileStmt(c)
        case CXCursor_DoStmt:
            doStmt(c)
        case CXCursor_ForStmt:
            forStmt(c)
        case CXCursor_SwitchStmt:
            switchStmt(c)
        case CXCursor_CaseStmt, CXCursor_DefaultStmt:
            caseStmt(c)
        case CXCursor_BreakStmt:
            if let l = loopStack.last { leave(toScopes: l.scopes); edge(cur, l.brk) }
            cur = nil
        case CXCursor_ContinueStmt:
            if let l = loopStack.last(where: { $0.cont != nil }), let t = l.cont { leave(toScopes: l.scopes); edge(cur, t) }
            cur = nil
        case CXCursor_ReturnStmt:
            returnStmt(c)
        case CXCursor_GotoStmt:
            // (Labels are taken to be in the function body's own scope, as kernel labels are.)
            if let l = children(c).first(where: { $0.kind == CXCursor_LabelRef }) { leave(toScopes: 1); edge(cur, label(l.spelling)) }
            cur = nil
        case CXCursor_IndirectGotoStmt:
            cur = nil
        case CXCursor_LabelStmt:
            let n = label(c.spelling)
            edge(cur, n); cur = n
            for s in children(c) { stmt(s) }
        case CXCursor_NullStmt, CXCursor_AsmStmt, CXCursor_GCCAsmStmt:
            break
        default:
            if clang_isExpression(c.kind) != 0 || c.kind == CXCursor_UnexposedStmt {
                _ = value(c)
            } else {
                for s in children(c) { stmt(s) }
            }
        }
    }

    /// `return`: the value, the cleanups of every open scope, the return event, the exit.
    func returnStmt(_ c: CXCursor) {
        let ch = children(c)
        if let first = ch.first, let parts = conditionalOperator(first) {
            // `return mm ? mm : ERR_PTR(-ESRCH)`: each arm returns on its own path.
            for (arm, start) in arms(parts) {
                cur = start
                let v = value(arm)
                leave(toScopes: 0); emit(.event(.ret(v, loc: ctx.loc(c)))); edge(cur, 1)
            }
            cur = nil
            return
        }
        if let first = ch.first, isShortCircuit(first) {
            // `return pmd_present(*pmd) && pmd_trans_huge(*pmd);`: 1 where it holds, 0 where
            // not, each on its own path (a caller's branch on the result learns the facts).
            let t = add(.nop), f = add(.nop)
            condition(first, t: t, f: f)
            for (k, start) in [(Int64(1), t), (0, f)] {
                cur = start; leave(toScopes: 0); emit(.event(.ret(.int(k), loc: ctx.loc(c)))); edge(cur, 1)
            }
            cur = nil
            return
        }
        let v: Expr? = ch.isEmpty ? nil : value(ch[0])
        leave(toScopes: 0)
        emit(.event(.ret(v, loc: ctx.loc(c))))
        edge(cur, 1); cur = nil
    }

    func ifStmt(_ c: CXCursor) {
        let ch = children(c)
        guard ch.count >= 2 else { return }
        let t = add(.nop), f = add(.nop), after = add(.nop)
        condition(ch[0], t: t, f: f)
        cur = t; stmt(ch[1]); edge(cur, after)
        cur = f; if ch.count >= 3 { stmt(ch[2]) }; edge(cur, after)
        cur = after
    }

    func whileStmt(_ c: CXCursor) {
        let ch = children(c)
        guard ch.count >= 2 else { return }
        let head = add(.nop), body = add(.nop), after = add(.nop)
        edge(cur, head); cur = head
        condition(ch[0], t: body, f: after)
        loopStack.append((after, head, scopes.count))
        cur = body; stmt(ch[1]); edge(cur, head)
        loopStack.removeLast()
        cur = after
    }

    func doStmt(_ c: CXCursor) {
        let ch = children(c)
        guard ch.count >= 2 else { return }
        let body = add(.nop), test = add(.nop), after = add(.nop)
        edge(cur, body)
        loopStack.append((after, test, scopes.count))
        cur = body; stmt(ch[0]); edge(cur, test)
        loopStack.removeLast()
        cur = test
        condition(ch[1], t: body, f: after)
        cur = after
    }

    /// An open `switch`: its value, the node the next case label's test hangs from (the
    /// switch's head, then the false side of the previous label's test) and its `default:`.
    struct SwitchFrame {
        var value: Expr
        var next: Int
        var defaultNode: Int?
        var text: String
        var loc: SourceLoc
        var isBool: Bool
    }

    /// A switch as the chain of tests its labels make: `case K:` is entered where the value
    /// equals K (`case 0:` where it is false), `default:` where no label matched, each label
    /// also by fall-through from the one before.
    func switchStmt(_ c: CXCursor) {
        let ch = children(c)
        guard ch.count >= 2 else { return }
        let v = value(ch[0])
        let head = add(.nop), after = add(.nop)
        edge(cur, head)
        switchStack.append(SwitchFrame(value: v, next: head, defaultNode: nil, text: ctx.text(ch[0]), loc: ctx.loc(ch[0]),
                                       isBool: skipParens(ch[0]).type.canonical.kind == CXType_Bool))
        loopStack.append((after, nil, scopes.count))
        cur = nil
        stmt(ch[ch.count - 1])
        edge(cur, after)
        let sw = switchStack.removeLast(); loopStack.removeLast()
        edge(sw.next, sw.defaultNode ?? after)
        cur = after
    }

    /// A `case` or `default` label: reached by its test from the switch's chain and by fall-through.
    func caseStmt(_ c: CXCursor) {
        let n = add(.nop)
        edge(cur, n)
        let ch = children(c)
        if let sw = switchStack.last {
            if c.kind == CXCursor_DefaultStmt {
                switchStack[switchStack.count - 1].defaultNode = n
            } else {
                // A GNU range (`case 1 ... 3:`), a label that does not fold, or a value not
                // followed: a test that tells nothing.
                var cond = Cond.opaque
                if ch.count == 2, sw.value != .other, let k = ctx.constant(ch[0]) {
                    // A switched bool is true or false: `case 1:` is its truth.
                    cond = sw.isBool && k != 0 ? .truthy(sw.value) : equality(sw.value, .int(k), negated: false)
                }
                let test = add(.branch(cond, text: "\(sw.text) == \(ctx.text(ch[0]))", loc: sw.loc)), rest = add(.nop)
                edge(sw.next, test)
                nodes[test].succs = [n, rest]
                switchStack[switchStack.count - 1].next = rest
            }
        }
        cur = n
        if let body = ch.last, c.kind == CXCursor_DefaultStmt || ch.count >= 2 { stmt(body) }
    }

    func varDecl(_ d: CXCursor) {
        defer {
            if !scopes.isEmpty, let f = cleanupFunction(d) {
                // An mm variable's cleanup, and a __free() one (DEFINE_FREE(kfree, …)), call the
                // unit's definition: what it drops or frees is read from its body.
                let callee = ctx.isMMPointer(d.type) || f.hasPrefix("__free_") ? ctx.cleanupReference(f) ?? f : f
                scopes[scopes.count - 1].append(Cleanup(function: f, variable: localName(d), loc: ctx.loc(d), callee: callee))
            }
        }
        let initc = clang_Cursor_getVarDeclInitializer(d)
        switch d.type.canonical.kind {
        case CXType_Pointer, CXType_ConstantArray, CXType_IncompleteArray, CXType_VariableArray, CXType_DependentSizedArray: break
        default: valueLocals.insert(localName(d))
        }
        if clang_Cursor_getStorageClass(d) == CX_SC_Static {
            // A static local holds its value from the last call (its initializer ran once, at
            // load): unknown here, never "unassigned" and never its initializer.
            let name = localName(d)
            emit(.event(.assign(lhs: AccessPath(base: .local(name)), rhs: .other, text: name + " (static)", loc: ctx.loc(d),
                                isMMStore: false)))
            return
        }
        guard !initc.isNull else { return }
        let name = localName(d)
        if let list = initc.kind == CXCursor_InitListExpr ? initc : compoundLiteralList(initc) {
            // `struct hmm_range range = { .notifier = &n->notifier, … }`: one member store per
            // designated member (positional members carry no name and are skipped).
            emit(.event(.assign(lhs: AccessPath(base: .local(name)), rhs: .other,
                                text: name + " = {…}", loc: ctx.loc(d), isMMStore: false)))
            designatedStores(AccessPath(base: .local(name)), list, text: name)
            return
        }
        let lhs = AccessPath(base: .local(name)), text = name + " = " + ctx.text(initc)
        if storeArms(lhs, initc, text: text, loc: ctx.loc(d), isMMStore: false) { return }
        let rhs = isAddressInteger(d.type) ? addressValue(initc) : value(initc)
        emit(.event(.assign(lhs: lhs, rhs: rhs, text: text, loc: ctx.loc(d), isMMStore: false)))
    }

    /// An unsigned long (or long long): the integer type kernel code keeps addresses and page
    /// frame numbers in (`unsigned long addr = d->base + off;`), whose sums are read as
    /// addresses (addressValue) when stored in a local of it.
    func isAddressInteger(_ t: CXType) -> Bool {
        let k = t.canonical.kind
        return k == CXType_ULong || k == CXType_ULongLong
    }

    /// `a && b`, `a || b` or their negation, under parentheses and implicit conversions (not a
    /// vocabulary macro's: its expansion is read as the macro's call).
    func isShortCircuit(_ c: CXCursor) -> Bool {
        var x = c
        // Inside a macro of the driver's own (`({ bool __ok = (m) && mmget_not_zero(m); __ok; })`)
        // the operator is read as written; a macro the vocabulary names is its call.
        while x.kind == CXCursor_ParenExpr || x.kind == CXCursor_UnexposedExpr, macroInvocation(x) == nil {
            let ch = children(x)
            guard ch.count == 1 else { return false }
            x = ch[0]
        }
        guard macroInvocation(x) == nil else { return false }
        if x.kind == CXCursor_UnaryOperator, clang_getCursorUnaryOperatorKind(x) == CXUnaryOperator_LNot, let inner = children(x).first {
            return isShortCircuit(inner)
        }
        guard x.kind == CXCursor_BinaryOperator else { return false }
        let op = clang_getCursorBinaryOperatorKind(x)
        return op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr
    }

    /// The initializer list of a compound literal (`(struct ctx){ .mm = mm }`), under
    /// parentheses and implicit conversions.
    func compoundLiteralList(_ c: CXCursor) -> CXCursor? {
        var x = c
        while x.kind == CXCursor_ParenExpr || x.kind == CXCursor_UnexposedExpr, expansion(x) == nil {
            let ch = children(x)
            guard ch.count == 1 else { return nil }
            x = ch[0]
        }
        guard x.kind == CXCursor_CompoundLiteralExpr else { return nil }
        return children(x).last { $0.kind == CXCursor_InitListExpr }
    }

    /// A store through a pointer parameter (`*slot = mm`, `slot[0] = mm`): the caller's object
    /// the parameter points to (`set_mm(&ctx->mm, mm)`) is what the store fills.
    func storesThroughParameter(_ lhs: CXCursor, _ p: AccessPath) -> Bool {
        guard case .param = p.base, p.fields.isEmpty else { return false }
        var x = lhs
        while x.kind == CXCursor_ParenExpr, let inner = children(x).first { x = inner }
        if x.kind == CXCursor_ArraySubscriptExpr { return true }
        return x.kind == CXCursor_UnaryOperator && clang_getCursorUnaryOperatorKind(x) == CXUnaryOperator_Deref
    }

    /// Does the store target an array element by an index that is not a constant, itself or
    /// through the members above it (`t->mms[i]`, `t->slot[n].mm`)?
    func variablyIndexed(_ lhs: CXCursor) -> Bool {
        var x = lhs
        while true {
            let ch = children(x)
            switch x.kind {
            case CXCursor_ParenExpr, CXCursor_UnexposedExpr, CXCursor_MemberRefExpr:
                guard let inner = ch.first else { return false }
                x = inner
            case CXCursor_ArraySubscriptExpr:
                guard ch.count == 2 else { return false }
                if ctx.constant(ch[1]) == nil { return true }
                x = ch[0]
            default:
                return false
            }
        }
    }

    /// A conditional operator's condition and arms, under parentheses and implicit
    /// conversions (not one a macro spells: its expansion is read as the macro's call).
    func conditionalOperator(_ c: CXCursor) -> [CXCursor]? {
        var x = c
        while x.kind == CXCursor_ParenExpr || x.kind == CXCursor_UnexposedExpr, expansion(x) == nil {
            if let parts = binaryConditional(x) { return expansion(x) == nil || !endsInMacro(x) ? parts : nil }
            let ch = children(x)
            guard ch.count == 1 else { return nil }
            x = ch[0]
        }
        guard x.kind == CXCursor_ConditionalOperator, expansion(x) == nil || !endsInMacro(x) else { return nil }
        let ch = children(x)
        return ch.count == 3 ? ch : nil
    }

    /// GNU `a ?: b` as a conditional `a ? a : b` whose `a` is evaluated once: libclang shows it
    /// as an unexposed expression of four children — the operand, then the condition and the
    /// true arm (the same operand again, as opaque values: the same extent), then the false arm.
    /// The parts name the condition's cursor for the true arm too, and the operand's value is
    /// kept (value(_:)): `get_task_mm(t) ?: ERR_PTR(-ESRCH)` takes one reference, not three.
    func binaryConditional(_ x: CXCursor) -> [CXCursor]? {
        guard x.kind == CXCursor_UnexposedExpr else { return nil }
        let ch = children(x)
        func sameExtent(_ a: CXCursor, _ b: CXCursor) -> Bool { clang_equalRanges(clang_getCursorExtent(a), clang_getCursorExtent(b)) != 0 }
        guard ch.count == 4, sameExtent(ch[0], ch[1]), sameExtent(ch[0], ch[2]) else { return nil }
        if !sharedOperands.contains(where: { clang_equalCursors($0.cursor, ch[1]) != 0 }) { sharedOperands.append((ch[1], nil)) }
        return [ch[1], ch[1], ch[3]]
    }

    /// Whether `c` is the operand of a GNU `a ?: b` (binaryConditional).
    func sharedOperandIndex(_ c: CXCursor) -> Int? {
        sharedOperands.isEmpty ? nil : sharedOperands.firstIndex { clang_equalCursors($0.cursor, c) != 0 }
    }

    /// Does the cursor's last token come from a macro? A conditional a macro spells (`max(a, b)`)
    /// ends inside its expansion; one that only starts with a macro (`current->mm ? 1 : 0`) does not.
    func endsInMacro(_ c: CXCursor) -> Bool {
        ctx.spelledElsewhere(clang_getRangeEnd(clang_getCursorExtent(c)), clang_getFileLocation) ?? true
    }

    /// Branches on the condition: each arm with the node its path starts at (the caller ends
    /// each arm's path).
    func arms(_ parts: [CXCursor]) -> [(CXCursor, Int)] {
        let t = add(.nop), f = add(.nop)
        condition(parts[0], t: t, f: f)
        return [(parts[1], t), (parts[2], f)]
    }

    /// `dest = c ? a : b` (a declaration's initializer or an assignment): the store on each arm,
    /// so what an arm yields — a reference get_task_mm() took, NULL — reaches `dest` on that
    /// arm's path, as `if (c) dest = a; else dest = b;` would. False when `rhs` is no conditional.
    func storeArms(_ lhs: AccessPath, _ rhs: CXCursor, text: String, loc: SourceLoc, isMMStore: Bool) -> Bool {
        if isShortCircuit(rhs) {
            // `ok = mm && mmget_not_zero(mm)`: 1 where it holds, 0 where not, each on its own
            // path (a later test of the local learns which), as `return a && b` does; so for a
            // member (`io->pinned = io->status > 0 && mmget_not_zero(io->mm);`).
            let t = add(.nop), f = add(.nop), after = add(.nop)
            condition(rhs, t: t, f: f)
            for (k, start) in [(Int64(1), t), (0, f)] {
                cur = start
                emit(.event(.assign(lhs: lhs, rhs: .int(k), text: text, loc: loc, isMMStore: false)))
                edge(cur, after)
            }
            cur = after
            return true
        }
        guard let parts = conditionalOperator(rhs) else { return false }
        let after = add(.nop)
        for (arm, start) in arms(parts) {
            cur = start
            // A nested ?: (`kind = pmd_none(e) ? NONE : pmd_trans_huge(e) ? HUGE : TABLE;`): its
            // arms store on their own paths too.
            if conditionalOperator(arm) == nil || !storeArms(lhs, arm, text: text, loc: loc, isMMStore: isMMStore) {
                emit(.event(.assign(lhs: lhs, rhs: value(arm), text: text, loc: loc, isMMStore: isMMStore)))
            }
            edge(cur, after)
        }
        cur = after
        return true
    }

    func designatedStores(_ base: AccessPath, _ list: CXCursor, text: String) {
        for item in children(list) {
            let ch = children(item)
            // Into an anonymous union or struct the designators name its field first: the member
            // is the last one before the value.
            guard ch.count >= 2, ch[0].kind == CXCursor_MemberRef, let initc = ch.last,
                  let m = ch.dropLast().last(where: { $0.kind == CXCursor_MemberRef }) else {
                if item.kind != CXCursor_InitListExpr { _ = value(item) }
                continue
            }
            let f = m.referenced
            let field = Field(record: ctx.recordName(clang_getCursorSemanticParent(f)), name: f.spelling)
            let lhs = base.appending(field)
            if initc.kind == CXCursor_InitListExpr {
                designatedStores(lhs, initc, text: text + "." + f.spelling)
                continue
            }
            let v = value(initc)
            emit(.event(.assign(lhs: lhs, rhs: v, text: "\(text).\(f.spelling) = \(ctx.text(initc))",
                                loc: ctx.loc(item), isMMStore: ctx.isMMPointer(clang_getCursorType(f)))))
        }
    }

    func forStmt(_ c: CXCursor) {
        let ch = children(c)
        guard let body = ch.last else { return }
        var initC: CXCursor?, condC: CXCursor?, incC: CXCursor?
        let parts = Array(ch.dropLast())
        if let roles = ctx.forRoles(c, parts) {
            for (p, r) in zip(parts, roles) {
                switch r { case 0: initC = p; case 1: condC = p; default: incC = p }
            }
        } else {
            switch parts.count {
            case 3: initC = parts[0]; condC = parts[1]; incC = parts[2]
            case 2: initC = parts[0]; condC = parts[1]
            case 1: condC = parts[0]
            default: break
            }
        }
        // The init's declarations (scoped_guard's guard variable) live until the loop ends.
        scopes.append([])
        if let i = initC { if i.kind == CXCursor_DeclStmt { stmt(i) } else { _ = value(i) } }
        let head = add(.nop), bodyN = add(.nop), inc = add(.nop), after = add(.nop)
        edge(cur, head); cur = head
        if let cc = condC { condition(cc, t: bodyN, f: after) } else { edge(head, bodyN) }
        loopStack.append((after, inc, scopes.count))
        cur = bodyN; stmt(body); edge(cur, inc)
        loopStack.removeLast()
        cur = inc
        if let i = incC { _ = value(i) }
        edge(cur, head)
        cur = after
        leave(toScopes: scopes.count - 1)
        scopes.removeLast()
    }

    /// Runs, innermost first and each scope's in reverse order of declaration, the cleanups of
    /// the scopes from `level` on (`0`: all of them, as a return does).
    func leave(toScopes level: Int) {
        guard cur != nil, level < scopes.count else { return }
        for i in (level..<scopes.count).reversed() { for c in scopes[i].reversed() { cleanupCall(c) } }
    }

    /// The call the compiler makes when a cleanup variable's scope ends: `fn(&var)`, marked
    /// as such (CallSite.isCleanup), located at the declaration.
    func cleanupCall(_ c: Cleanup) {
        let id = nextCallID; nextCallID += 1
        callees[id] = c.callee
        emit(.event(.call(CallSite(id: id, callee: c.callee, name: c.function, args: [.path(AccessPath(base: .local(c.variable)))],
                                   argText: ["&" + c.variable], loc: c.loc, macro: CallSite.cleanupMarker))))
    }

    /// The cleanup function of a variable declared with `__attribute__((cleanup(fn)))`, read
    /// from the declaration as clang prints it (libclang does not expose the attribute).
    func cleanupFunction(_ d: CXCursor) -> String? {
        guard children(d).contains(where: { $0.kind == CXCursor_UnexposedAttr }) else { return nil }
        let printed = string(clang_getCursorPrettyPrinted(d, nil))
        guard let r = printed.range(of: "__attribute__((cleanup(") else { return nil }
        let name = printed[r.upperBound...].prefix { $0.isCIdentifierCharacter }
        return name.isEmpty ? nil : String(name)
    }

    // MARK: conditions
    /// Emits branch nodes for `c`, ending in `t` when it holds and `f` when not.
    func condition(_ c0: CXCursor, t: Int, f: Int) {
        if sharedOperandIndex(c0) != nil {
            // `a ?: b`'s test of `a`: on its value, which the true arm yields too.
            let v = value(c0)
            if case .int(let k) = v { edge(cur, k != 0 ? t : f); cur = nil; return }
            branch(.truthy(v), c0, t: t, f: f); return
        }
        if let m = macroInvocation(c0) { branch(.truthy(macroCall(c0, m)), c0, t: t, f: f); return }
        // `if (c->mode ? !mmget_not_zero(c->mm) : true)`: each arm is a condition of its own.
        if let parts = conditionalOperator(c0) {
            let a = add(.nop), b = add(.nop)
            condition(parts[0], t: a, f: b)
            cur = a; condition(parts[1], t: t, f: f)
            cur = b; condition(parts[2], t: t, f: f)
            return
        }
        let c = skipParens(c0)
        switch c.kind {
        case CXCursor_BinaryOperator:
            let op = clang_getCursorBinaryOperatorKind(c)
            let ch = children(c)
            if ch.count == 2 {
                if op == CXBinaryOperator_LAnd {
                    let mid = add(.nop); condition(ch[0], t: mid, f: f); cur = mid; condition(ch[1], t: t, f: f); return
                }
                if op == CXBinaryOperator_LOr {
                    let mid = add(.nop); condition(ch[0], t: t, f: mid); cur = mid; condition(ch[1], t: t, f: f); return
                }
                if op == CXBinaryOperator_Comma { _ = value(ch[0]); condition(ch[1], t: t, f: f); return }
                if op == CXBinaryOperator_EQ || op == CXBinaryOperator_NE {
                    let l = comparedValue(ch[0]), r = comparedValue(ch[1])
                    branch(equality(l, r, negated: op == CXBinaryOperator_NE), c, t: t, f: f); return
                }
                if op == CXBinaryOperator_Assign {
                    let v = value(c)
                    branch(.truthy(v), c, t: t, f: f); return
                }
                if [CXBinaryOperator_LT, CXBinaryOperator_GT, CXBinaryOperator_LE, CXBinaryOperator_GE].contains(op) {
                    let l = comparedValue(ch[0]), r = comparedValue(ch[1])
                    branch(relational(op, l, r, ch) ?? .truthy(.other), c, t: t, f: f); return
                }
            }
        case CXCursor_UnaryOperator:
            if clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_LNot, let ch = children(c).first {
                condition(ch, t: f, f: t); return
            }
        case CXCursor_CallExpr:
            let name = c.referenced.spelling
            if ctx.names.branchHints.contains(name), clang_Cursor_getNumArguments(c) >= 1 {
                condition(clang_Cursor_getArgument(c, 0), t: t, f: f); return
            }
        case CXCursor_StmtExpr:
            if let body = children(c).first(where: { $0.kind == CXCursor_CompoundStmt }) {
                let st = children(body)
                for s in st.dropLast() { stmt(s) }
                if let last = st.last, clang_isExpression(last.kind) != 0 { condition(last, t: t, f: f); return }
                if let last = st.last { stmt(last) }
                branch(.opaque, c, t: t, f: f); return
            }
        case CXCursor_IntegerLiteral, CXCursor_CStyleCastExpr:
            if let k = ctx.constant(c) { edge(cur, k != 0 ? t : f); cur = nil; return }
        default: break
        }
        let v = value(c)
        if case .int(let k) = v { edge(cur, k != 0 ? t : f); cur = nil; return }
        branch(.truthy(v), c, t: t, f: f)
    }

    /// A comparison of a value with an integer constant (`x < K`, `x <= K`, `x > K`, `x >= K`,
    /// or mirrored): x below a constant, or not (`n <= 1` is below 2, `ret >= 0` not below 0).
    /// Where x's type cannot be negative (a bool result compared as an int, an unsigned count),
    /// below 1 is x == 0 and not below 1 is x != 0: a truth test (`mmget_not_zero(mm) > 0`).
    /// Other comparisons keep no value.
    func relational(_ op: CXBinaryOperatorKind, _ l: Expr, _ r: Expr, _ operands: [CXCursor]) -> Cond? {
        let x: Expr, k: Int64, operand: CXCursor, mirrored: Bool
        if case .int(let v) = r, l != .other, !isInt(l) { (x, k, operand, mirrored) = (l, v, operands[0], false) }
        else if case .int(let v) = l, r != .other, !isInt(r) { (x, k, operand, mirrored) = (r, v, operands[1], true) }
        else { return nil }
        guard k < Int64.max else { return nil }
        // x < k (below k) or x >= k (not below), with the constant on either side.
        let below: Bool, limit: Int64
        switch (op, mirrored) {
        case (CXBinaryOperator_LT, false), (CXBinaryOperator_GT, true): (below, limit) = (true, k)
        case (CXBinaryOperator_LE, false), (CXBinaryOperator_GE, true): (below, limit) = (true, k + 1)
        case (CXBinaryOperator_GT, false), (CXBinaryOperator_LT, true): (below, limit) = (false, k + 1)
        case (CXBinaryOperator_GE, false), (CXBinaryOperator_LE, true): (below, limit) = (false, k)
        default: return nil
        }
        if limit == 1 && cannotBeNegative(operand) { return below ? .not(.truthy(x)) : .truthy(x) }
        return below ? .below(x, limit) : .not(.below(x, limit))
    }

    /// Whether an operand's type cannot hold a negative value (bool, unsigned), looking through
    /// the conversions a comparison adds (`mmget_not_zero(mm) > 0` compares an int made from a bool).
    func cannotBeNegative(_ c: CXCursor) -> Bool {
        var c = c
        for _ in 0..<8 {
            switch clang_getCanonicalType(clang_getCursorType(c)).kind {
            case CXType_Bool, CXType_Char_U, CXType_UChar, CXType_UShort, CXType_UInt, CXType_ULong, CXType_ULongLong, CXType_UInt128:
                return true
            default: break
            }
            let ch = children(c)
            guard c.kind == CXCursor_UnexposedExpr || c.kind == CXCursor_ParenExpr, ch.count == 1 else { return false }
            c = ch[0]
        }
        return false
    }

    /// The value a branch's comparison reads: a counter counted in place before the comparison
    /// (`if (--b->users == 0)`, `++x->n > MAX`) is compared at its new value, the member itself
    /// (the count is recorded as well); anything else as value() reads it.
    func comparedValue(_ c: CXCursor) -> Expr {
        var x = c
        while x.kind == CXCursor_ParenExpr || x.kind == CXCursor_UnexposedExpr, children(x).count == 1 { x = children(x)[0] }
        let op = x.kind == CXCursor_UnaryOperator ? clang_getCursorUnaryOperatorKind(x) : CXUnaryOperator_Invalid
        guard op == CXUnaryOperator_PreDec || op == CXUnaryOperator_PreInc, let inner = children(x).first else { return value(c) }
        let v = value(inner)
        recordIncrement(v, x, down: op == CXUnaryOperator_PreDec)
        return v
    }

    /// `l == r` (`l != r` when negated); a comparison with NULL or 0 is a truth test.
    func equality(_ l: Expr, _ r: Expr, negated: Bool) -> Cond {
        var cond: Cond
        if r == .null || r == .int(0) { cond = .not(.truthy(l)) }
        else if l == .null || l == .int(0) { cond = .not(.truthy(r)) }
        else { cond = .equal(l, r) }
        if negated { cond = .not(cond) }
        return cond
    }

    func branch(_ cond: Cond, _ c: CXCursor, t: Int, f: Int) {
        var text = ctx.text(c)
        if text.isEmpty { text = ctx.invocationText(c) }
        let n = add(.branch(cond, text: text, loc: ctx.loc(c)))
        edge(cur, n)
        nodes[n].succs = [t, f]
        cur = nil
    }

    // MARK: expressions
    /// Evaluates an expression: emits its calls and stores as events, returns its value.
    func value(_ c0: CXCursor) -> Expr {
        if let k = sharedOperandIndex(c0) {
            if let v = sharedOperands[k].value { return v }
            sharedOperands[k].value = .other   // (while it is being evaluated)
            let v = evaluate(c0)
            sharedOperands[k].value = v
            return v
        }
        return evaluate(c0)
    }

    /// value(_:) of an expression that is not a shared operand.
    private func evaluate(_ c0: CXCursor) -> Expr {
        depth += 1; defer { depth -= 1 }
        if depth > 400 { return .other }
        if let e = expansion(c0) {
            if let m = macroInvocation(c0, at: e) { return macroCall(c0, m) }
            if isRunningTask(c0, at: e) { return .path(AccessPath(base: .current)) }
        }
        let c = c0
        switch c.kind {
        case CXCursor_ParenExpr, CXCursor_UnexposedExpr:
            if let parts = binaryConditional(c) { return conditionalValue(c, parts: parts) }
            let ch = children(c)
            if ch.count == 1 { return value(ch[0]) }
            for x in ch { _ = value(x) }
            return .other
        case CXCursor_CStyleCastExpr:
            if let k = ctx.constant(c) { return k == 0 && c.type.canonical.kind == CXType_Pointer ? .null : .int(k) }
            if let e = children(c).last { return c.type.canonical.kind == CXType_Pointer ? addressValue(e) : value(e) }
            return .other
        case CXCursor_IntegerLiteral, CXCursor_CharacterLiteral:
            return ctx.constant(c).map { .int($0) } ?? .other
        case CXCursor_DeclRefExpr:
            return declRefValue(c)
        case CXCursor_MemberRefExpr:
            return memberValue(c)
        case CXCursor_ArraySubscriptExpr:
            let ch = children(c)
            guard ch.count == 2 else { return .other }
            let base = value(ch[0]); _ = value(ch[1])
            return base
        case CXCursor_UnaryOperator:
            return unaryValue(c)
        case CXCursor_BinaryOperator:
            return binaryValue(c)
        case CXCursor_CompoundAssignOperator:
            let ch = children(c), vs = ch.map { value($0) }
            // `x->n += 1`: a member counted up by a positive constant.
            // `x->n -= 1`: counted down.
            let op = clang_getCursorBinaryOperatorKind(c)
            if op == CXBinaryOperator_AddAssign || op == CXBinaryOperator_SubAssign, vs.count == 2, case .int(let k) = vs[1], k > 0 {
                recordIncrement(vs[0], c, down: op == CXBinaryOperator_SubAssign)
            }
            if op == CXBinaryOperator_AddAssign || op == CXBinaryOperator_SubAssign, vs.count == 2, steppedPointer(vs[0], ch[0], c) {
                // (A pointer stepped by a value not known here is recorded too: FunctionFacts.isStep.)
                if case .int(let k) = vs[1], k > 0 {} else { recordIncrement(vs[0], c, down: op == CXBinaryOperator_SubAssign) }
            }
            // `state |= HAVE_MM`, `state &= ~HAVE_MM`: a store of the word's new bits.
            if op == CXBinaryOperator_OrAssign || op == CXBinaryOperator_AndAssign, vs.count == 2, case .path(let p) = vs[0],
               case .int(let k) = vs[1], !ctx.isPointer(ch[0].type) {
                let v: Expr = op == CXBinaryOperator_OrAssign ? .bits(p, set: k, keep: -1) : .bits(p, set: 0, keep: k)
                emit(.event(.assign(lhs: p, rhs: v, text: ctx.text(c), loc: ctx.loc(c), isMMStore: false)))
                return .path(p)
            }
            return .other
        case CXCursor_ConditionalOperator:
            return conditionalValue(c)
        case CXCursor_StmtExpr:
            return statementExpressionValue(c)
        case CXCursor_CallExpr:
            return call(c)
        default:
            for x in children(c) where clang_isExpression(x.kind) != 0 || x.kind == CXCursor_CompoundStmt {
                if x.kind == CXCursor_CompoundStmt { stmt(x) } else { _ = value(x) }
            }
            return .other
        }
    }

    /// A named value: a parameter, a local or global variable, an enum constant, or a
    /// function (whose address is then taken).
    func declRefValue(_ c: CXCursor) -> Expr {
        let r = c.referenced
        switch r.kind {
        case CXCursor_ParmDecl:
            if let i = params[clang_hashCursor(r)] { return .path(AccessPath(base: .param(i))) }
            return .path(AccessPath(base: .local(localName(r))))
        case CXCursor_VarDecl:
            // powerpc32 keeps the running task in a register: `register struct task_struct
            // *current asm ("r2");` is `current` itself.
            if ctx.names.runningTask.contains(r.spelling), clang_Cursor_getStorageClass(r) == CX_SC_Register, isTaskPointer(r.type) {
                return .path(AccessPath(base: .current))
            }
            let parent = clang_getCursorSemanticParent(r)
            if parent.kind == CXCursor_TranslationUnit || clang_getCursorLinkage(r) == CXLinkage_External {
                return .path(AccessPath(base: .global(r.spelling)))
            }
            return .path(AccessPath(base: .local(localName(r))))
        case CXCursor_EnumConstantDecl:
            return .int(clang_getEnumConstantDeclValue(r))
        case CXCursor_FunctionDecl:
            let key = ctx.reference(r)
            ctx.addressTaken.insert(key)
            return .function(key)
        default:
            return .other
        }
    }

    /// `base.field` or `base->field`: the base's access path extended by the field.
    func memberValue(_ c: CXCursor) -> Expr {
        let ch = children(c)
        let f = c.referenced
        let field = Field(record: ctx.recordName(clang_getCursorSemanticParent(f)), name: f.spelling)
        guard let b = ch.first else { return .other }
        switch c.type.canonical.kind {
        case CXType_Pointer, CXType_ConstantArray, CXType_IncompleteArray, CXType_VariableArray, CXType_DependentSizedArray: break
        default: valueFields.insert(field)
        }
        switch value(b) {
        case .path(let p): return .path(p.appending(field))
        case .call(let id): return .path(AccessPath(base: .ret(callee(of: id)), fields: [field]))
        default: return .other
        }
    }

    func unaryValue(_ c: CXCursor) -> Expr {
        let op = clang_getCursorUnaryOperatorKind(c)
        guard let ch = children(c).first else { return .other }
        let v = value(ch)
        switch op {
        case CXUnaryOperator_Deref, CXUnaryOperator_AddrOf, CXUnaryOperator_Plus, CXUnaryOperator_Extension:
            return v
        case CXUnaryOperator_Minus:
            if case .int(let k) = v { return .int(-k) }
            return .other
        case CXUnaryOperator_Not:
            if case .int(let k) = v { return .int(~k) }
            return .other
        case CXUnaryOperator_PreInc, CXUnaryOperator_PostInc, CXUnaryOperator_PreDec, CXUnaryOperator_PostDec:
            let down = op == CXUnaryOperator_PreDec || op == CXUnaryOperator_PostDec
            recordIncrement(v, c, down: down)
            // `*++pmd`: the stepped pointer (a post-step's value, the old object, has no name).
            if steppedPointer(v, ch, c), op == CXUnaryOperator_PreInc || op == CXUnaryOperator_PreDec { return v }
            return .other
        case CXUnaryOperator_LNot:
            if case .int(let k) = v { return .int(k == 0 ? 1 : 0) }
            if case .test(let t) = v { return .test(.not(t)) }
            if v == .other { return .other }
            return .test(.not(.truthy(v)))
        default: return .other
        }
    }

    /// A pointer stepped in place (`pmd++`, `--pos`, `pte += n`) names another element: a store of
    /// an unknown value, so what was proven of the old element (a present pmd, a pin on a member)
    /// is not taken for the new one. (The allocation it points into is still the one it came from:
    /// FunctionFacts.assignedValues() skips a store its increments or decrements record.)
    @discardableResult
    func steppedPointer(_ v: Expr, _ operand: CXCursor, _ c: CXCursor) -> Bool {
        guard case .path(let p) = v, ctx.isPointer(operand.type) else { return false }
        emit(.event(.assign(lhs: p, rhs: .other, text: ctx.text(c), loc: ctx.loc(c), isMMStore: false)))
        return true
    }

    /// A member or local counted up in place (`++x->n`, `n++`, `x->n += 1`), or `down` (`x->n--`, `x->n -= 1`).
    func recordIncrement(_ v: Expr, _ c: CXCursor, down: Bool = false) {
        guard case .path(let p) = v else { return }
        if down { decrements.append(Increment(path: p, loc: ctx.loc(c))) } else { increments.append(Increment(path: p, loc: ctx.loc(c))) }
    }

    /// Assignments (emitted as stores), comma, short-circuit operators, comparisons as tests,
    /// constant folding, pointer arithmetic and page-frame shifts.
    func binaryValue(_ c: CXCursor, asAddress: Bool = false) -> Expr {
        let op = clang_getCursorBinaryOperatorKind(c)
        let ch = children(c)
        guard ch.count == 2 else { return .other }
        if op == CXBinaryOperator_Assign {
            if isShortCircuit(ch[1]), case .path(let p) = value(ch[0]) {
                _ = storeArms(p, ch[1], text: ctx.text(c), loc: ctx.loc(c), isMMStore: false)
                return .path(p)
            }
            if conditionalOperator(ch[1]) != nil {
                let l = value(ch[0])
                guard case .path(let p) = l else { _ = value(ch[1]); return l }
                let isMM = ctx.isMMPointer(ch[0].type) && p.isHolder
                if variablyIndexed(ch[0]) { elementStores.append(ctx.loc(c)) }
                _ = storeArms(p, ch[1], text: ctx.text(c), loc: ctx.loc(c), isMMStore: isMM)
                return l
            }
            if let list = compoundLiteralList(ch[1]), case .path(let p) = value(ch[0]) {
                // `*c = (struct ctx){ .mm = mm, … }`: one member store per designated member.
                emit(.event(.assign(lhs: p, rhs: .other, text: ctx.text(c), loc: ctx.loc(c), isMMStore: false)))
                let target = ctx.text(ch[0])
                designatedStores(p, list, text: target.hasPrefix("*") ? "(\(target))" : target)
                return .path(p)
            }
            let toVariable = skipParens(ch[0]).kind == CXCursor_DeclRefExpr && isAddressInteger(ch[0].type)
            let r = toVariable ? addressValue(ch[1]) : value(ch[1])
            let l = value(ch[0])
            if case .path(let p) = l {
                // An mm stored into an untyped member (`file->private_data = mm`, /proc's mem and
                // pagemap files): a store of that member, as into an mm member.
                let untyped = ctx.isVoidPointer(ch[0].type) && ctx.isMMPointer(skipParens(ch[1]).type) && p.isHolder
                let isMM = untyped || ctx.isMMPointer(ch[0].type) && (p.isHolder || storesThroughParameter(ch[0], p))
                if variablyIndexed(ch[0]) { elementStores.append(ctx.loc(c)) }
                emit(.event(.assign(lhs: p, rhs: r, text: ctx.text(c), loc: ctx.loc(c), isMMStore: isMM)))
            }
            return l
        }
        if op == CXBinaryOperator_Comma { _ = value(ch[0]); return value(ch[1]) }
        if op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr {
            // A value context: keep the short-circuit, lose the value.
            let t = add(.nop), f = add(.nop), after = add(.nop)
            condition(c, t: t, f: f)
            cur = t; edge(cur, after); cur = f; edge(cur, after); cur = after
            return .other
        }
        let shift = op == CXBinaryOperator_Shr && ctx.constant(ch[1]) != nil
        let l = shift ? addressValue(ch[0]) : value(ch[0]), r = value(ch[1])
        if op == CXBinaryOperator_EQ || op == CXBinaryOperator_NE, !(isInt(l) && isInt(r)), l != .other || r != .other {
            // A test used as a value (`bool k = current->mm == NULL`): the same condition a branch builds.
            return .test(equality(l, r, negated: op == CXBinaryOperator_NE))
        }
        // So is a comparison with a constant (`return atomic_read(&mm->mm_users) <= 1;`).
        if let t = relational(op, l, r, ch) { return .test(t) }
        // A word's bits (`state & HAVE_MM`, `state | RUNNING`): what a test of them reads.
        if op == CXBinaryOperator_And || op == CXBinaryOperator_Or, let (p, k, side) = pathAndConstant(l, r),
           !ctx.isPointer(ch[side].type) {
            return op == CXBinaryOperator_And ? .bits(p, set: 0, keep: k) : .bits(p, set: k, keep: -1)
        }
        if case .int(let a) = l, case .int(let b) = r {
            switch op {
            case CXBinaryOperator_Add: return .int(a &+ b)
            case CXBinaryOperator_Sub: return .int(a &- b)
            case CXBinaryOperator_Or: return .int(a | b)
            case CXBinaryOperator_And: return .int(a & b)
            case CXBinaryOperator_Shl: return b >= 0 && b < 63 ? .int(a << b) : .other
            default: return .other
            }
        }
        // Pointer arithmetic keeps the base (e.g. pmd + i).
        if op == CXBinaryOperator_Add || op == CXBinaryOperator_Sub, case .path = l,
           ctx.isPointer(ch[0].type) { return l }
        if let v = pageFrameValue(op, ch, l, r) { return v }
        // Read as an address, an integer sum is its base (`d->ring + off`, `virt_to_phys(buf) + off`).
        if asAddress, op == CXBinaryOperator_Add || op == CXBinaryOperator_Sub {
            switch l { case .path, .call: return l; default: break }
            if op == CXBinaryOperator_Add { switch r { case .path, .call: return r; default: break } }
        }
        return .other
    }

    /// The path and the integer constant of a binary operator's operands (either order), and
    /// which operand is the path.
    private func pathAndConstant(_ l: Expr, _ r: Expr) -> (AccessPath, Int64, Int)? {
        if case .path(let p) = l, case .int(let k) = r { return (p, k, 0) }
        if case .int(let k) = l, case .path(let p) = r { return (p, k, 1) }
        return nil
    }

    /// An address shifted into a page frame number keeps where it came from
    /// (`virt_to_phys(buf) >> PAGE_SHIFT`, PFN_DOWN()): the same memory, counted in pages; and
    /// such a page frame number plus an offset in pages (`(base >> PAGE_SHIFT) + vma->vm_pgoff`),
    /// or minus one (`PHYS_PFN(base) - d->off`): the same memory, from some page on. Nil otherwise.
    private func pageFrameValue(_ op: CXBinaryOperatorKind, _ ch: [CXCursor], _ l: Expr, _ r: Expr) -> Expr? {
        func named(_ v: Expr) -> Expr? { switch v { case .path, .call: return v; default: return nil } }
        if op == CXBinaryOperator_Shr, case .int = r { return named(l) }
        if op == CXBinaryOperator_Add {
            for (x, v) in [(ch[0], l), (ch[1], r)] where isPageShift(x) { if let n = named(v) { return n } }
        }
        if op == CXBinaryOperator_Sub, isPageShift(ch[0]) { return named(l) }
        return nil
    }

    /// A value read as an address or a page frame number — converted to a pointer, shifted
    /// by a constant into pages, or handed to a function — where an integer sum or difference
    /// (`(void *)(d->ring + off)`, `(virt_to_phys(buf) + off) >> PAGE_SHIFT`,
    /// `vmf_insert_pfn(vma, a, d->pfn + i)`) is the memory it starts from: the left side when
    /// it names one (a path or a call's result, as kernel code writes `base + off`), else the
    /// right side of a sum. Anything else, or a sum a macro writes, is value().
    func addressValue(_ c: CXCursor) -> Expr {
        let x = skipCasts(c, keepingConstants: true)
        guard x.kind == CXCursor_BinaryOperator else { return value(c) }
        let op = clang_getCursorBinaryOperatorKind(x)
        guard op == CXBinaryOperator_Add || op == CXBinaryOperator_Sub,
              (expansion(c) == nil && expansion(x) == nil) || operatorWritten(x) else { return value(c) }
        return binaryValue(x, asAddress: true)
    }

    /// Is a sum's or difference's operator written in the source rather than by a macro — its
    /// character between the operands' places (`PHYS_PFN(virt_to_phys(b)) + off - k`: a macro
    /// writes the left operand only; in `ADD(b, off)` both operands sit at the invocation)? Also
    /// a sum written inside a macro's argument (`PFN_DOWN(virt_to_phys(b) + off)`), read where
    /// the argument is written.
    func operatorWritten(_ x: CXCursor) -> Bool {
        let ch = children(x)
        guard ch.count == 2 else { return false }
        let sum = clang_getCursorBinaryOperatorKind(x) == CXBinaryOperator_Add
        func between(_ file: String, _ from: Int, _ to: Int) -> Bool {
            guard from < to else { return false }
            let b = ctx.sources.bytes(file)
            guard to <= b.count else { return false }
            let want = UInt8(ascii: sum ? "+" : "-")
            return (from..<to).contains { b[$0] == want && (sum || $0 + 1 >= b.count || b[$0 + 1] != UInt8(ascii: ">")) }
        }
        if let l = ctx.extentOffsets(ch[0]), let r = ctx.extentOffsets(ch[1]), l.file == r.file, between(l.file, l.end, r.start) {
            return true
        }
        guard let l = ctx.writtenOffset(clang_getRangeEnd(clang_getCursorExtent(ch[0]))),
              let r = ctx.writtenOffset(clang_getRangeStart(clang_getCursorExtent(ch[1]))), l.file == r.file else { return false }
        return between(l.file, l.offset, r.offset)
    }

    /// The expression under its parentheses and explicit casts (a cast that folds to a constant
    /// kept, with `keepingConstants`: `(void *)0` stays NULL).
    private func skipCasts(_ c: CXCursor, keepingConstants: Bool = false) -> CXCursor {
        var x = skipParens(c)
        while x.kind == CXCursor_CStyleCastExpr, !keepingConstants || ctx.constant(x) == nil, let inner = children(x).last {
            x = skipParens(inner)
        }
        return x
    }

    /// Is the expression (under parentheses and casts) a right shift by a constant?
    private func isPageShift(_ c: CXCursor) -> Bool {
        let x = skipCasts(c)
        guard x.kind == CXCursor_BinaryOperator, clang_getCursorBinaryOperatorKind(x) == CXBinaryOperator_Shr else { return false }
        let ch = children(x)
        return ch.count == 2 && ctx.constant(ch[1]) != nil
    }

    /// `cond ? a : b`: both arms evaluated on their own branch.
    func conditionalValue(_ c: CXCursor, parts: [CXCursor]? = nil) -> Expr {
        let ch = parts ?? children(c)
        guard ch.count == 3 else { for x in ch { _ = value(x) }; return .other }
        let t = add(.nop), f = add(.nop), after = add(.nop)
        condition(ch[0], t: t, f: f)
        cur = t; let a = value(ch[1]); let endA = cur
        cur = f; let b = value(ch[2]); let endB = cur
        if a != b, let v = armsLocal(c, [(a, endA), (b, endB)], after: after) { cur = after; return v }
        edge(endA, after); edge(endB, after)
        cur = after
        if a == b { return a }
        // `op->end_io = sync ? NULL : fn`: the callback, for whoever reads it.
        if case .function = a, b == .null || b == .int(0) { return a }
        if case .function = b, a == .null || a == .int(0) { return b }
        return .other
    }

    /// `f(c ? a->mm : b->mm)`: a value that is one path or another by the branch taken is
    /// stored, on each arm, in a local of its own (named after its place), as `x = c ? a : b`
    /// would be; nil (nothing stored) unless each arm is a path or NULL, and one a path — or each
    /// a function or NULL, and two functions (`INIT_WORK(&w, old ? a_fn : b_fn)`: the local
    /// passed on names both, as a local assigned one function or another does).
    func armsLocal(_ c: CXCursor, _ ends: [(Expr, Int?)], after: Int) -> Expr? {
        func isPath(_ e: Expr) -> Bool { if case .path = e { return true }; return false }
        func isFunction(_ e: Expr) -> Bool { if case .function = e { return true }; return false }
        func simple(_ e: Expr, _ kind: (Expr) -> Bool) -> Bool { kind(e) || e == .null || e == .int(0) }
        let paths = ends.allSatisfy({ simple($0.0, isPath) }) && ends.contains(where: { isPath($0.0) })
        // (One function and NULL stays that function's value: `sync ? NULL : fn`, below.)
        let functions = ends.allSatisfy({ simple($0.0, isFunction) }) && ends.filter({ isFunction($0.0) }).count >= 2
        guard paths || functions else { return nil }
        let loc = ctx.loc(c)
        let local = AccessPath(base: .local("?:\(loc.line):\(loc.column)"))
        for (v, end) in ends {
            let n = add(.event(.assign(lhs: local, rhs: v, text: ctx.text(c), loc: loc, isMMStore: false)))
            edge(end, n); edge(n, after)
        }
        return .path(local)
    }

    /// `({ …; last; })`: the statements, then the last expression's value.
    func statementExpressionValue(_ c: CXCursor) -> Expr {
        guard let body = children(c).first(where: { $0.kind == CXCursor_CompoundStmt }) else { return .other }
        let st = children(body)
        for s in st.dropLast() { stmt(s) }
        if let last = st.last {
            if clang_isExpression(last.kind) != 0 { return value(last) }
            stmt(last)
        }
        return .other
    }

    func isInt(_ e: Expr) -> Bool { if case .int = e { return true }; return false }

    func isTaskPointer(_ t: CXType) -> Bool {
        let c = t.canonical
        return c.kind == CXType_Pointer && clang_getPointeeType(c).canonical.spelling.hasSuffix("struct task_struct")
    }

    /// The running task spelled as the kernel's object-like macro `current` over an arch
    /// read (s390: `((struct task_struct *const)get_lowcore()->current_task)`; x86, arm64,
    /// powerpc64 and riscv expand it to a get_current() call, which call() knows): the whole
    /// expression is the expansion of a macro named `current` written here (it starts and
    /// ends at that token, which its own tokens are not spelled at), of type task_struct *.
    func isRunningTask(_ c: CXCursor, at e: Expansion) -> Bool {
        switch c.kind {
        // Every architecture's macro is a call, a register variable, or parenthesized (s390,
        // arc): only those tops are looked at (an implicit cast around one is stripped first).
        case CXCursor_ParenExpr, CXCursor_CStyleCastExpr: break
        default: return false
        }
        guard ctx.names.runningTask.contains(e.name), e.end - e.start <= e.name.utf8.count else { return false }
        return isTaskPointer(c.type)
    }

    /// The member a callee expression reads (`x->ops->release`, through casts and parens).
    func memberCallee(_ e: CXCursor) -> Field? {
        var c = e
        for _ in 0..<4 {
            if c.kind == CXCursor_MemberRefExpr {
                let f = c.referenced
                guard f.kind == CXCursor_FieldDecl else { return nil }
                return Field(record: ctx.recordName(clang_getCursorSemanticParent(f)), name: f.spelling)
            }
            let ch = children(c)
            guard ch.count == 1, c.kind == CXCursor_UnexposedExpr || c.kind == CXCursor_ParenExpr else { return nil }
            c = ch[0]
        }
        return nil
    }

    var callees: [Int: String] = [:]
    func callee(of id: Int) -> String { callees[id] ?? "?" }

    // MARK: calls spelled as macros

    /// A function-like macro the rules know as a call, invoked exactly here: `pmd_present(*pmd)`
    /// where pmd_present is a macro (arm64) rather than an inline function (x86). The cursor must
    /// come from a macro expansion (its first token's spelling is elsewhere than where it is
    /// written), start at the macro's name where it is written (`clang_getFileLocation`: the
    /// invocation, also inside another macro's argument such as `unlikely(…)`), and end inside
    /// the invocation's parentheses; the argument texts are the invocation's, split at top-level
    /// commas.
    struct MacroInvocation {
        var name: String
        var file: String
        var args: [(start: Int, end: Int)]
    }

    /// Where an expression that starts with a macro's expansion is written: the macro's name
    /// at its invocation, and the extent there. Nil when its first token is spelled in place.
    /// A macro's invocation that produced a cursor: the macro's name, the file it is written
    /// in and the offsets of the cursor's start and end there.
    struct Expansion {
        var name: String
        var file: String
        var start: Int
        var end: Int
    }

    /// The macro invocation a cursor comes from: its start is written (clang_getFileLocation)
    /// somewhere other than where it is spelled, and start and end are written in one file.
    /// Files are compared by libclang's handles first (one per file of the TU: equal handles
    /// name equal files), so most cursors, written where they are spelled, make no name.
    func expansion(_ c: CXCursor) -> Expansion? {
        let r = clang_getCursorExtent(c), first = clang_getRangeStart(r)
        var written: CXFile?, spelled: CXFile?, last: CXFile?
        var start: UInt32 = 0, spelledAt: UInt32 = 0, end: UInt32 = 0
        clang_getFileLocation(first, &written, nil, nil, &start)
        clang_getSpellingLocation(first, &spelled, nil, nil, &spelledAt)
        guard let written, let spelled, !(spelledAt == start && ctx.sameFile(spelled, written)) else { return nil }
        clang_getFileLocation(clang_getRangeEnd(r), &last, nil, nil, &end)
        guard let last, ctx.sameFile(last, written) else { return nil }
        let file = ctx.fileName(written)
        guard let name = ctx.sources.identifier(file, at: Int(start)) else { return nil }
        return Expansion(name: name, file: file, start: Int(start), end: Int(end))
    }

    func macroInvocation(_ c: CXCursor, of names: Set<String>? = nil) -> MacroInvocation? {
        let names = names ?? ctx.names.macroCalls
        guard !names.isEmpty, let e = expansion(c) else { return nil }
        return macroInvocation(c, at: e, of: names)
    }

    func macroInvocation(_ c: CXCursor, at e: Expansion, of names: Set<String>? = nil) -> MacroInvocation? {
        let name = e.name
        guard (names ?? ctx.names.macroCalls).contains(name) else { return nil }
        if c.kind == CXCursor_CallExpr && c.referenced.spelling == name { return nil }
        let b = ctx.sources.bytes(e.file)
        var i = e.start + name.utf8.count
        while i < b.count, b[i] == 32 || b[i] == 9 || b[i] == 10 { i += 1 }
        guard i < b.count, b[i] == 40 else { return nil }   // (
        var depth = 0, argStart = i + 1, args: [(Int, Int)] = []
        var close = -1
        var j = i
        while j < b.count {
            let ch = b[j]
            if ch == 34 || ch == 39 {   // a string or char literal
                var k = j + 1
                while k < b.count, b[k] != ch { k += b[k] == 92 ? 2 : 1 }
                j = k + 1; continue
            }
            if ch == 40 || ch == 91 || ch == 123 { depth += 1 }
            if ch == 41 || ch == 93 || ch == 125 {
                depth -= 1
                if depth == 0 { args.append((argStart, j)); close = j; break }
            }
            if ch == 44 && depth == 1 { args.append((argStart, j)); argStart = j + 1 }
            j += 1
        }
        guard close > 0, e.end >= e.start, e.end <= close + 1 else { return nil }
        func trimmed(_ a: (Int, Int)) -> (start: Int, end: Int) {
            var (x, y) = a
            while x < y, [32, 9, 10].contains(b[x]) { x += 1 }
            while y > x, [32, 9, 10].contains(b[y - 1]) { y -= 1 }
            return (x, y)
        }
        let list = args.count == 1 && trimmed(args[0]).start == trimmed(args[0]).end ? [] : args.map(trimmed)
        return MacroInvocation(name: name, file: e.file, args: list)
    }

    /// An assertion macro (`BUG_ON(cond)`) whose expansion checks the condition in inline asm
    /// (powerpc's conditional trap) rather than with a branch the control flow shows: its
    /// condition, to be taken as false after the statement. Nil elsewhere (x86's
    /// `if (unlikely(cond)) BUG();` is built as it is written).
    func asmAssertion(_ c: CXCursor) -> CXCursor? {
        guard !ctx.names.assertionMacros.isEmpty, let m = macroInvocation(c, of: ctx.names.assertionMacros), let first = m.args.first
        else { return nil }
        var queue = [c], steps = 0, asm = false
        while !queue.isEmpty && steps < 4000 && !asm {
            let x = queue.removeFirst()
            steps += 1
            if x.kind == CXCursor_GCCAsmStmt || x.kind == CXCursor_AsmStmt || x.kind == CXCursor_MSAsmStmt { asm = true }
            queue += children(x)
        }
        guard asm else { return nil }
        return writtenExpression(in: c, file: m.file, start: first.start, end: first.end)
    }

    /// The call event of a macro invocation: its arguments are the expressions written there
    /// (found by where they are spelled), evaluated once; the macro's own body is the API's
    /// implementation, which the rules' contract stands for, as for a function.
    func macroCall(_ c: CXCursor, _ m: MacroInvocation) -> Expr {
        var args: [Expr] = [], texts: [String] = [], cursors: [CXCursor?] = []
        for a in m.args {
            texts.append(ctx.sources.text(m.file, a.start, a.end))
            var arg = writtenExpression(in: c, file: m.file, start: a.start, end: a.end) ?? nestedMacro(in: c, file: m.file, start: a.start)
            // (Only an exchange's: what the other macros' arguments read is unchanged.)
            if arg == nil, ctx.names.exchangeStores[m.name] != nil {
                arg = writtenExpression(in: c, file: m.file, start: a.start, end: a.end, written: true)
            }
            cursors.append(arg)
            args.append(arg.map(addressValue) ?? .other)   // as a function's arguments are read
        }
        let id = nextCallID; nextCallID += 1
        callees[id] = m.name
        let call = CallSite(id: id, callee: m.name, name: m.name, args: args, argText: texts, loc: ctx.loc(c), macro: nil)
        emit(.event(.call(call)))
        // An atomic exchange of an mm into a member or global (`old = xchg(&c->mm, mm)`): after the
        // call, `c->mm = mm` (cmpxchg() where it matched, taken as made). Only an mm: the holder
        // tables read it (a buffer's exchange is read by mapped-memory-freed as its converter).
        if let k = ctx.names.exchangeStores[m.name], k < args.count, case .path(let p) = args[0], p.isHolder,
           texts.first?.hasPrefix("&") == true, let value = cursors[k], ctx.isMMPointer(value.type) {
            emit(.event(.assign(lhs: p, rhs: args[k], text: call.spelled, loc: ctx.loc(c), isMMStore: true)))
        }
        return .call(id)
    }

    /// An argument that is itself a macro call the vocabulary names (`PFN_DOWN(__pa(x))`): its
    /// expansion is spelled in the macro's definition, so it is found by where it is written.
    func nestedMacro(in c: CXCursor, file: String, start: Int) -> CXCursor? {
        var queue = children(c)
        var steps = 0
        while !queue.isEmpty && steps < 2000 {
            let x = queue.removeFirst()
            steps += 1
            if clang_isExpression(x.kind) != 0, let s = ctx.location(clang_getRangeStart(clang_getCursorExtent(x)), clang_getFileLocation),
               s.file == file, s.offset == start, macroInvocation(x) != nil {
                return x
            }
            queue += children(x)
        }
        return nil
    }

    /// `&mm->mm_count` → `mm` (the text of the counter's owner, for messages).
    static func ownerText(_ t: String, member: String) -> String {
        var x = Substring(t.trimmingCharacters(in: .whitespaces))
        if x.hasPrefix("&") { x = x.dropFirst() }
        while x.hasPrefix("("), x.hasSuffix(")") { x = x.dropFirst().dropLast() }
        for sep in ["->", "."] where x.hasSuffix(sep + member) { return String(x.dropLast(sep.count + member.count)) }
        return t
    }

    /// The outermost expression under `c` spelled exactly at [start, end) of `file`.
    /// The expression a macro argument's text is, found by where its ends are spelled — or, with
    /// `written`, by where they are written (an argument that starts with a macro of its own,
    /// `xchg(&c->mm, current->mm)`: `current` is spelled in its definition).
    func writtenExpression(in c: CXCursor, file: String, start: Int, end: Int, written: Bool = false) -> CXCursor? {
        let locate = written ? clang_getFileLocation : clang_getSpellingLocation
        var queue = children(c)
        var steps = 0
        while !queue.isEmpty && steps < 2000 {
            let x = queue.removeFirst()
            steps += 1
            let r = clang_getCursorExtent(x)
            if clang_isExpression(x.kind) != 0, let s = ctx.location(clang_getRangeStart(r), locate),
               let e = ctx.location(clang_getRangeEnd(r), locate),
               s.file == file, s.offset == start, e.offset <= end {
                return x
            }
            queue += children(x)
        }
        return nil
    }

    /// An argument's text (CallSite.argText): as written (ctx.writtenText), else — an argument a
    /// macro's body spells (`#define BAD_HVA(w) is_err_hva((w)->addr)`) — its value's path, with
    /// the `&` of an address taken: checks read whether an object or a member's value is passed.
    func argumentText(_ a: CXCursor, _ v: Expr) -> String {
        let t = ctx.writtenText(a)
        guard t.isEmpty, case .path(let p) = v else { return t }
        let x = skipCasts(a)
        let addressOf = x.kind == CXCursor_UnaryOperator && clang_getCursorUnaryOperatorKind(x) == CXUnaryOperator_AddrOf
        return (addressOf ? "&" : "") + p.description
    }

    func call(_ c: CXCursor) -> Expr {
        let r = c.referenced
        // A question to the compiler, not a call: `__builtin_constant_p(TASK_UNINTERRUPTIBLE)`
        // is 1 (wait.h's ___wait_is_interruptible(): an uninterruptible wait_event() has no
        // signal exit), of a variable 0.
        if r.spelling == "__builtin_constant_p", let k = ctx.constant(c) { return .int(k) }
        let nargs = max(0, Int(clang_Cursor_getNumArguments(c)))
        guard r.kind == CXCursor_FunctionDecl else {
            // Indirect call: evaluate the callee expression and the arguments for their events.
            // A call through a member (`req->ki_complete(req, ret)`) becomes a call event named
            // `->member` (never a vocabulary name): replay reads it to find a callback's callers.
            let ch = children(c)
            guard let calleeExpr = ch.first, let f = memberCallee(calleeExpr) else {
                for x in ch { _ = value(x) }
                return .other
            }
            _ = value(calleeExpr)
            var args: [Expr] = [], texts: [String] = []
            for i in 0..<nargs {
                let a = clang_Cursor_getArgument(c, UInt32(i))
                args.append(addressValue(a)); texts.append(argumentText(a, args[args.count - 1]))
            }
            let id = nextCallID; nextCallID += 1
            callees[id] = "->" + f.description
            emit(.event(.call(CallSite(id: id, callee: "->" + f.description, name: "->" + f.name, args: args,
                                       argText: texts, loc: ctx.loc(c), macro: nil))))
            return .call(id)
        }
        var name = r.spelling
        if ctx.names.runningTask.contains(name) { return .path(AccessPath(base: .current)) }
        if ctx.names.branchHints.contains(name), nargs >= 1 { return value(clang_Cursor_getArgument(c, 0)) }
        var args: [Expr] = [], texts: [String] = []
        for i in 0..<nargs {
            let a = clang_Cursor_getArgument(c, UInt32(i))
            args.append(addressValue(a)); texts.append(argumentText(a, args[args.count - 1]))
        }
        let id = nextCallID; nextCallID += 1
        var key = ctx.reference(r)
        // An open-coded reference API (`atomic_inc(&mm->mm_count)`): a call of the API on the owner.
        if let byMember = ctx.names.openCoded[name], case .path(let p)? = args.first, let f = p.last,
           let api = byMember[f.description] {
            name = api; key = api
            args[0] = .path(AccessPath(base: p.base, fields: Array(p.fields.dropLast())))
            texts[0] = CFGBuilder.ownerText(texts[0], member: f.name)
        }
        callees[id] = key
        let loc = ctx.loc(c)
        let macro = ctx.macroName(c, callee: r.spelling, insideExpansionOf: generatedBy)
        emit(.event(.call(CallSite(id: id, callee: key, name: name, args: args, argText: texts, loc: loc, macro: macro))))
        if ctx.names.noReturn.contains(name) || ctx.isNoReturn(r) { cur = nil }
        if nargs == 0, let k = ctx.constantResult(r) { return .int(k) }
        return .call(id)
    }
}
