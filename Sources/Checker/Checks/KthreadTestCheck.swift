import Facts
import Findings
import Foundation
import Index

/// `kind: kthread-test` — A NULL test of `current->mm` used as "am I a kernel thread".
struct KthreadTestCheck: FamilyCheck {
    static let kind = "kthread-test"
    static let matchKeys: [String: Bool] = ["borrows": true, "flags": true, "names": true, "user_registers": false,
                                            "worker_flags": false, "exiting_flags": false]
    static let phase = CheckPhase.besideSummaries
    static let group: String? = nil
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.kthreadTestFindings(rule, ctx) }
}

extension Engine {
    /// Is every way to node `i` through a branch on one of `flags` one side of which never comes
    /// to `i`? For the exiting flag (`if (current->flags & PF_EXITING) return -EFAULT;`): a user
    /// task past exit_mm() is the one that has no mm; with it left out, a NULL current->mm is a
    /// kernel thread that has not borrowed yet (io_uring 5.x's __io_sq_thread_acquire_mm()). For
    /// the kernel-thread flag: the flag, not the NULL test, decides the borrow. A test of the flag
    /// both sides of which come to `i` (a counter picked by it) decides nothing and is passed over.
    func flagTestExcludes(before i: Int, in fn: FunctionFacts, _ flags: [String]) -> Bool {
        guard !flags.isEmpty else { return false }
        let deciding = Set(fn.nodes.indices.filter { k in
            guard case .branch(let c, let text, _) = fn.nodes[k].kind, fn.nodes[k].succs.count == 2,
                  flags.contains(where: { RefExplorer.names(text, $0) }) || testsFlag(c, in: fn, flags) else { return false }
            return fn.nodes[k].succs.filter { s in s == i || fn.reaches(from: s, to: i, along: { fn.nodes[$0].succs }) }.count == 1
        })
        return !deciding.isEmpty && !fn.reaches(from: 0, to: i, along: { deciding.contains($0) ? [] : fn.nodes[$0].succs })
    }

    /// Is `c` (under negations) a test of one of the flags written elsewhere: a local every
    /// assignment of which reads it (`bool exiting = current->flags & PF_EXITING; if (exiting)`),
    /// or a call of a helper of the tree that reads it (`static inline bool task_exiting(void) {
    /// return current->flags & PF_EXITING; }`)?
    private func testsFlag(_ c: Cond, in fn: FunctionFacts, _ flags: [String]) -> Bool {
        guard case .truthy(let e) = c.unnegated.cond else { return false }
        switch e {
        case .call(let id):
            guard let call = fn.call(id), let helper = index.functions[call.callee] else { return false }
            return flags.contains(where: helper.macros.contains)
        case .path(let p) where p.fields.isEmpty:
            guard case .local = p.base else { return false }
            let texts = fn.nodes.compactMap { n -> String? in
                if case .event(.assign(let l, _, let text, _, _)) = n.kind, l == p { return text }
                return nil
            }
            return !texts.isEmpty && texts.allSatisfy { t in flags.contains { RefExplorer.names(t, $0) } }
        default: return false
        }
    }

    func kthreadTestFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let borrows = Set(rule.match["borrows"]!), flags = rule.match["flags"]!, names = rule.match["names"]!.map { $0.lowercased() }
        let workerFlags = rule.match["worker_flags"] ?? [], exitingFlags = rule.match["exiting_flags"] ?? []
        let userRegisters = userRegisters(Set(rule.match["user_registers"] ?? []), ctx)
        var out: [Finding] = []
        // The functions that call a borrow, or a callee within two calls that does: a function
        // outside them with no flag-like name and no read of the running task's user registers
        // can have no finding (most of a tree's ~35,000 functions; their branches are not judged).
        var inReach = Set(index.calling(Array(borrows)))
        for _ in 0..<2 { for k in Array(inReach) { inReach.formUnion(index.callers[k] ?? []) } }
        for fn in judged(ctx) {
            // A function that tests the kernel-thread flag: its borrow is judged only where no such
            // test decides it (below); its other directions are not.
            let readsFlag = flags.contains(where: { fn.macros.contains($0) })
            let flagged = fn.macros.filter { m in names.contains { m.lowercased().contains($0) } }
            let readsRegisters = !userRegisters.readers.isEmpty && fn.nodes.contains { userRegistersRead($0, in: fn, userRegisters) != nil }
            guard inReach.contains(fn.key) || !flagged.isEmpty || readsRegisters else { continue }
            // A function that only ever runs in a kernel thread or a worker is one: its
            // current->mm is NULL exactly until it borrows, and the test asks whether it has
            // (vhost's worker, io_uring's SQPOLL thread and its acquire-mm helper).
            if onlyInKernelThread(fn, depth: 4) { continue }
            let stored = NullMMTests.storedTests(fn)
            var reported: Set<SourceLoc> = []
            for (i, n) in fn.nodes.enumerated() {
                guard case .branch(let c, let text, let loc) = n.kind, n.succs.count == 2,
                      let v = nullMM.verdict(c, in: fn, stored: { stored[$0.description] }) else { continue }
                // An inexact test (a helper that returns false on paths that tested something
                // else) made by a helper that tests the flag: `return (current->flags & PF_KTHREAD)
                // && !current->mm;` spelled out — the right test.
                if !v.exact, c.exprs.contains(where: { e in
                    guard case .call(let id) = e, let call = fn.call(id), let h = index.functions[call.callee] else { return false }
                    return flags.contains(where: h.macros.contains)
                }) { continue }
                // A test stored in this function is reported where it was written (the fix goes there).
                let storedHere = stored.first { $0.value.2 == v.origin }
                let at = storedHere?.value.2 ?? loc
                guard !reported.contains(at) else { continue }
                var evidence: String?, severity: Severity? = nil, meaning = "running in a kernel thread"
                // (kernel/exit.c do_exit(): exit_mm() before exit_files(), 6.1 and 6.12.)
                var why = "a kernel thread inside kthread_use_mm() has current->mm set, and a user task has it NULL only once it "
                    + "exits (exit_mm() runs before exit_files() closes its files); test current->flags & \(flags.first ?? "PF_KTHREAD")"
                if let borrowCall = borrow(from: n.succs[v.truthMeansNull ? 0 : 1], in: fn, borrows: borrows) {
                    guard !onlyFails(from: n.succs[v.truthMeansNull ? 1 : 0], in: fn, stored),
                          !flagTestExcludes(before: i, in: fn, exitingFlags),
                          !(readsFlag && flagDecides(test: i, nullSide: n.succs[v.truthMeansNull ? 0 : 1], in: fn, flags,
                                                     borrows: borrows)) else { continue }
                    evidence = "when it is NULL the function borrows an mm with \(borrowCall.name)() at line \(borrowCall.loc.line), "
                        + "as a kernel thread would"
                } else if readsFlag {
                    continue
                } else if readsRegisters, v.exact,
                          let read = registersOnlyWithMM(branch: i, nonNull: v.truthMeansNull ? 1 : 0, in: fn, userRegisters) {
                    // The other direction: "has an mm, so it is a user task" (perf's callchain before
                    // is_user_task()): a kernel thread inside kthread_use_mm() or an io_uring worker has
                    // an mm and no user register frame of its own.
                    evidence = "when it is not NULL the function reads the running task's user registers with \(read.name) "
                        + "at line \(read.loc.line), as of a user task"
                    meaning = "running in a user task"
                    why = "a kernel thread inside kthread_use_mm() and a user worker (io_uring, vhost) have current->mm set and "
                        + "no user registers of their own; test current->flags & (\((flags + workerFlags).joined(separator: " | ")))"
                } else if let m = flagged.first {
                    // Only a name says what the test is for: the last resort, below the rule's severity.
                    evidence = "the function sets \(m) from it"
                    severity = .note
                }
                guard let evidence else { continue }
                reported.insert(at)
                let how = storedHere != nil ? "" : v.via.map { " (\($0))" } ?? ""
                let storedName = storedHere?.key
                let identity = storedName.map { "assign \($0.split(separator: ">").last.map(String.init) ?? $0)" } ?? "branch \(text)"
                // A test inside a macro's expansion (`if (unlikely(!current->mm))`) has no text of its own.
                let quoted = storedHere.map { "`\($0.value.1)`" }
                    ?? (text.isEmpty ? "the test of current->mm at line \(loc.line)" : "`\(text)`")
                out.append(familyFinding(rule, severity: severity, fn: fn, at: at,
                    message: "\(quoted) is used to mean \"\(meaning)\"\(how): \(evidence); \(why)",
                    origin: "null-mm-test", identity: identity))
            }
        }
        return out
    }

    /// Does a test of the kernel-thread flag decide the borrow: on every way to the NULL test, or
    /// to the borrow, a branch on the flag one side of which never gets there (`if (current->flags
    /// & PF_KTHREAD) { if (!current->mm) kthread_use_mm(…); }`, or the flag tested on the NULL
    /// side before the borrow)? A flag read that only picks a message or a counter, both sides
    /// going on to the NULL test, decides nothing (the read_user_wptr() shape with statistics).
    private func flagDecides(test i: Int, nullSide start: Int, in fn: FunctionFacts, _ flags: [String], borrows: Set<String>) -> Bool {
        if flagTestExcludes(before: i, in: fn, flags) { return true }
        // Every borrow the NULL side comes to (a call of one, or of a helper that makes one).
        let made = fn.nodes.indices.filter { k in
            guard k == start || fn.reaches(start, k), case .event(.call(let c)) = fn.nodes[k].kind, !madeHere(c, in: fn)
            else { return false }
            return borrows.contains(c.name) || borrowInside(c.callee, depth: 2, from: fn, borrows: borrows) != nil
        }
        return !made.isEmpty && made.allSatisfy { flagTestExcludes(before: $0, in: fn, flags) }
    }

    /// Does `fn` run only in a kernel thread or a worker: it is one's function (and nothing calls
    /// it directly), or it is a static function, no callback, and every caller (within `depth`
    /// calls) runs only there?
    private func onlyInKernelThread(_ fn: FunctionFacts, depth: Int) -> Bool {
        let callers = index.callers[fn.key] ?? []
        if callers.isEmpty { return kernelThreadContext(fn) != nil }
        guard depth > 0, fn.isStatic, index.callbackUses[fn.key] == nil, !index.addressTaken.contains(fn.key) else { return false }
        return callers.allSatisfy { k in
            k != fn.key && index.functions[k].map { onlyInKernelThread($0, depth: depth - 1) } == true
        }
    }

    /// The borrowed mm is one this function made (kunit's mm_alloc()): borrowing it when
    /// current has none is correct whatever the task is.
    private func madeHere(_ c: CallSite, in fn: FunctionFacts) -> Bool {
        guard case .path(let p)? = c.args.first, p.fields.isEmpty, case .local = p.base else { return false }
        return fn.nodes.contains { n in
            if case .event(.assign(let l, .call, _, _, _)) = n.kind { return l == p }
            return false
        }
    }

    /// A borrow within 40 nodes of `start`: "no mm, so I am a kthread that must borrow one".
    private func borrow(from start: Int, in fn: FunctionFacts, borrows: Set<String>) -> CallSite? {
        reach(from: start, in: fn) { n in
            guard case .event(.call(let call)) = n.kind, !madeHere(call, in: fn) else { return nil }
            if borrows.contains(call.name) { return call }
            return borrowInside(call.callee, depth: 2, from: fn, borrows: borrows)
        }
    }

    /// The first call within 40 nodes of `start` that `found` picks (not through `barrier`: a
    /// test reached again round a loop).
    private func reach(from start: Int, in fn: FunctionFacts, barrier: Int? = nil, _ found: (CFGNode) -> CallSite?) -> CallSite? {
        var seen: Set<Int> = [], work = [start], steps = 0
        while let m = work.popLast(), steps < 40 {
            steps += 1
            guard seen.insert(m).inserted, m != 1, m != barrier else { continue }
            if let c = found(fn.nodes[m]) { return c }
            work += fn.nodes[m].succs
        }
        return nil
    }

    /// A read of the running task's user registers within 40 nodes of the side of `branch` where
    /// current->mm is set (`nonNull`: which successor), that only that side reaches (every way
    /// from the entry to it passes there: a read after the test's join with a path that never
    /// tested is not its consequence), while the NULL side reads none.
    private func registersOnlyWithMM(branch: Int, nonNull: Int, in fn: FunctionFacts, _ regs: UserRegisters) -> CallSite? {
        let succs = fn.nodes[branch].succs
        var bypass: Set<Int> = [], work = [0]
        while let m = work.popLast() {
            guard bypass.insert(m).inserted else { continue }
            work += fn.nodes[m].succs.filter { !(m == branch && $0 == succs[nonNull]) }
        }
        let bypassCalls = Set(bypass.compactMap { m -> Int? in
            if case .event(.call(let c)) = fn.nodes[m].kind { return c.id }
            return nil
        })
        guard let read = reach(from: succs[nonNull], in: fn, barrier: branch, { n in
                  userRegistersRead(n, in: fn, regs).flatMap { bypassCalls.contains($0.id) ? nil : $0 }
              }),
              reach(from: succs[1 - nonNull], in: fn, barrier: branch, { n in userRegistersRead(n, in: fn, regs) }) == nil
        else { return nil }
        return read
    }

    /// The rule's user-register reads (`user_registers`) and the tree's functions that make one
    /// on the running task, directly or through such a function (two levels: perf_get_regs_user(),
    /// x86's __save_stack_trace_user() before 5.2), each with the read it makes.
    struct UserRegisters {
        var names: Set<String>
        var readers: [String: String] = [:]
    }

    func userRegisters(_ names: Set<String>, _ ctx: FamilyContext) -> UserRegisters {
        var regs = UserRegisters(names: names)
        guard !names.isEmpty else { return regs }
        let direct = regs   // the first pass finds direct reads only: the levels below are counted
        for fn in judged(ctx) {
            for n in fn.nodes { if let c = userRegistersRead(n, in: fn, direct) { regs.readers[fn.key] = c.name; break } }
        }
        for _ in 0..<2 {
            for (key, read) in regs.readers {
                for caller in index.callers[key] ?? [] where regs.readers[caller] == nil {
                    if let name = index.functions[key]?.name { regs.readers[caller] = "\(name)() (through \(read))" }
                }
            }
        }
        return regs
    }

    /// A read of the running task's user register frame (`task_pt_regs(current)`,
    /// `current_pt_regs()`: arch macros, matched by the macro that wrote the call or by the
    /// callee; or a call of a function of the tree that makes one): the call, named for the
    /// message by what the source spells.
    private func userRegistersRead(_ n: CFGNode, in fn: FunctionFacts, _ regs: UserRegisters) -> CallSite? {
        guard case .event(.call(var c)) = n.kind else { return nil }
        if let inner = regs.readers[c.callee], c.callee != fn.key, let f = index.functions[c.callee], f.name == c.name {
            c.name = inner
            return c
        }
        guard let name = [c.macro, c.name].compactMap({ $0 }).first(where: regs.names.contains) else { return nil }
        let running = NullMMTests.runningTaskLocals(fn)
        let onRunningTask = c.args.isEmpty || c.args.contains { a in
            guard case .path(let p) = a, p.fields.isEmpty else { return false }
            if p.base == .current { return true }
            if case .local(let l) = p.base { return running.contains(l) }
            return false
        }
        guard onRunningTask else { return nil }
        c.name = name + "()"
        return c
    }

    /// Every way on from the non-NULL side returns an error: the test asserts
    /// kthread_use_mm()'s own precondition (no mm installed yet; xen's
    /// `if (WARN_ON_ONCE(current->mm)) return -EINVAL;`), it does not choose between a
    /// user task and a kernel thread. Later tests of the same value follow the side
    /// they already took.
    private func onlyFails(from start: Int, in fn: FunctionFacts, _ stored: [String: (Cond, String, SourceLoc)]) -> Bool {
        var seen: Set<Int> = [], work = [start], steps = 0
        while let m = work.popLast() {
            steps += 1
            guard steps < 200 else { return false }
            guard seen.insert(m).inserted else { continue }
            if m == 1 { return false }
            switch fn.nodes[m].kind {
            case .event(.ret(let v, _)):
                if case .int(let k)? = v, k < 0 { continue }
                return false
            case .branch(let c, _, _) where fn.nodes[m].succs.count == 2:
                if let v = nullMM.verdict(c, in: fn, stored: { stored[$0.description] }), v.exact {
                    work.append(fn.nodes[m].succs[v.truthMeansNull ? 1 : 0]); continue
                }
            default: break
            }
            work += fn.nodes[m].succs
        }
        return true
    }

    /// A helper that borrows (`attach_mm(ctx)` whose body calls kthread_use_mm()), within
    /// `depth` calls: the borrow it makes, when its argument is not one the helper made.
    private func borrowInside(_ key: String, depth: Int, from fn: FunctionFacts, borrows: Set<String>) -> CallSite? {
        guard depth > 0, let callee = index.functions[key], callee.key != fn.key else { return nil }
        for n in callee.nodes {
            guard case .event(.call(let c)) = n.kind else { continue }
            if borrows.contains(c.name) {
                if case .path(let p)? = c.args.first, p.fields.isEmpty, case .local = p.base { continue }
                return c
            }
            if let inner = borrowInside(c.callee, depth: depth - 1, from: fn, borrows: borrows) { return inner }
        }
        return nil
    }
}
