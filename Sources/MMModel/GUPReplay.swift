import Checker
import Facts
import Findings
import Index

extension Replayer {
    /// page-reused-under-gup: CPU 0 is the driver's path to the release — a zap on it (or the
    /// last vma gone before a ->close) takes the PTEs away first, after new mappings were
    /// refused (the order revoke-order judges) —, CPU 1 user space that mapped the pages and a
    /// GUP-fast walker (Rules/model.yml `gup_walker:`) that takes a reference through the PTE,
    /// re-reads the PTE and keeps the reference, uses the page and puts it. Confirmed: GUP's
    /// caller uses a page the driver handed back (or user space touches it through a PTE left
    /// in place); refuted: the mechanism that stops it (a special PTE GUP refuses, a release
    /// that drops only a reference, a drain that waits for the page's references).
    func gupKeepsPage(_ f: Finding, _ s: FindingSubject, _ fn: FunctionFacts, _ rule: Rule) -> ReplayResult {
        guard let ins = s.mappedBy, case .event(.call(let release)) = fn.nodes[s.useNode].kind,
              let kind = ReleaseKind(rawValue: s.release ?? "") else {
            return result(.inconclusive, "the finding's mapping and release are not available to replay")
        }
        guard let pte = s.pte.flatMap(PTEKind.init) else {
            return result(.inconclusive, "the flags of the pfn \(ins.name)() inserts are not visible: a devmap PTE (GUP takes its page) "
                + "or a special one (GUP refuses it) cannot be told apart")
        }
        let driver = gupDriverProgram(s, fn, release: release, kind: kind, zaps: Set(rule.match["zaps"] ?? []))
        let user = gupUserProgram(s, insert: ins, pte: pte)
        var assumptions = ["a GUP caller (O_DIRECT, io_uring fixed buffers, RDMA, vfio) keeps the page it took while the driver "
            + "releases: GUP-fast reads only the PTE, not the vma's flags"]
        if s.operation == "pgmap" {
            assumptions.append("the driver zaps every user mapping before the pgmap's teardown runs (a devm action registered after "
                + "the pgmap's runs before its teardown)")
        } else if driver.steps.contains(where: { $0.op == .zapMapping && !$0.file.isEmpty }) {
            assumptions.append("new mappings are refused before the zap (revoke-order judges that order)")
        }
        if pte == .special {
            assumptions.append("the architecture has pte_special (x86-64, arm64 and every architecture with GUP-fast)")
        }
        let ex = Model(threads: [driver, user], config: ModelConfig(era: semantics.era)).explore(budget: budget)
        guard let v = ex.violation else {
            return result(.refuted, gupRefutation(pte, kind, release), assumptions: assumptions)
        }
        var why = v.text
        if v.kind == "page-reused-under-gup" {
            why += ": \(cite(.gupFastKeeps))"
            if s.operation == "pgmap", let fact = vocab.facts[CitedFact.pgmapUndrained.rawValue] {
                let version = semantics.version.map { "\($0.0).\($0.1)" } ?? "this tree"
                why += ". In \(version): \(fact.statement) (\(cite(.pgmapUndrained)))"
            }
        }
        return confirmed(v, why, ex, [driver, user], assumptions: assumptions)
    }

    /// What refutes a finding: the mechanism, cited where the analyzed tree has it.
    func gupRefutation(_ pte: PTEKind, _ kind: ReleaseKind, _ release: CallSite) -> String {
        if pte == .special {
            return "special PTE: GUP-fast refuses pte_special and the slow path gets no page (\(cite(.gupSpecial))); once the PTEs "
                + "are zapped nothing reaches the memory"
        }
        switch kind {
        case .honours:
            return "refcount drain: \(release.name)() drops only the driver's reference; the page lives until GUP's put "
                + "(\(cite(.pageRefFree)))"
        case .drains:
            return "pgmap drain: \(release.name)() waits for the reference each mapped page holds on its pgmap until the page's "
                + "last put, so GUP's put comes first (\(cite(.pgmapDrain)))"
        case .blind:
            return "the model found no interleaving in which GUP holds a page the driver handed back"
        }
    }

    /// CPU 0: the PTEs go (the last vma before a ->close, the zaps on the path), then the release.
    func gupDriverProgram(_ s: FindingSubject, _ fn: FunctionFacts, release: CallSite, kind: ReleaseKind,
                          zaps: Set<String>) -> ThreadProgram {
        var steps: [Step] = []
        if let cb = s.callback {
            steps.append(Step(.stopMapping, "munmap() or exit: the vma goes, and \(cb)() runs after it"))
            steps.append(Step(.zapMapping, "  … its PTEs are gone"))
        } else if s.operation == "pgmap" {
            steps.append(Step(.stopMapping, "the driver's revoke refuses new mappings (assumed before the pgmap goes)"))
            steps.append(Step(.zapMapping, "  … and zaps every user mapping of the device"))
        }
        for n in s.nodes where n != s.useNode {
            guard case .event(.call(let c)) = fn.nodes[n].kind else { continue }
            var seen: Set<String> = []
            guard zaps.contains(c.name) || reaches(c.callee, zaps, depth: 2, seen: &seen) != nil else { continue }
            if !steps.contains(where: { $0.op == .stopMapping }) {
                steps.append(Step(.stopMapping, "new mappings refused from here (the revoke's state change)"))
            }
            steps.append(Step(.zapMapping, "\(c.spelled) — removes the user mappings", file: c.loc.file, line: c.loc.line))
        }
        let what: String
        switch kind {
        case .blind where s.operation == "pgmap":
            what = "at unbind, memunmap_pages(): drops the range's references, waits for pgmap references only"
        case .blind: what = "the memory goes back to its allocator at once, whatever the pages' reference counts"
        case .honours: what = "drops the driver's reference on the page"
        case .drains: what = "waits until no page holds a reference on its pgmap"
        }
        let written = release.macro.map { "\($0)() → \(release.name)()" } ?? release.spelled
        steps.append(Step(.releaseMemory(kind), "\(written) — \(what)", file: release.loc.file, line: release.loc.line))
        return ThreadProgram(name: "\(fn.name)() (the driver)", steps: steps)
    }

    /// CPU 1: user space maps the pages, GUP-fast walks the PTE (read, try-get, re-check, keep),
    /// its caller uses the page and puts it, user space touches the mapping.
    func gupUserProgram(_ s: FindingSubject, insert ins: CallSite, pte: PTEKind) -> ThreadProgram {
        let mapper = s.mappedIn ?? "->mmap"
        let how: String
        switch pte {
        case .refcounted: how = "a refcounted PTE: it holds a page reference"
        case .devmap: how = "a devmap PTE to a ZONE_DEVICE page"
        case .special: how = "a special PTE: no page reference"
        }
        let insert = ins.id < 0 ? "page fault → \(mapper)(): `\(ins.argText.first ?? ins.name)`" : "\(mapper)() → \(ins.name)()"
        var steps = [Step(.mapPage(pte), "\(insert) — \(how)", file: ins.loc.file, line: ins.loc.line)]
        func walker(_ name: String, _ op: Op) {
            guard let w = vocab.gupWalker[name] else { return }
            steps.append(w.at.map { Step(op, w.label, kernel: $0) } ?? Step(op, w.label))
        }
        switch pte {
        case .special:
            walker("read_special", .gupRead)
        case .refcounted, .devmap:
            walker(pte == .devmap ? "read_devmap" : "read", .gupRead)
            walker("try_get", .gupTryGet)
            walker("recheck", .gupRecheck)
            walker("use", .gupUse)
            walker("put", .gupPut)
        }
        steps.append(Step(.userTouch, "a load or store through the mapping"))
        return ThreadProgram(name: "user space that mapped the pages, and a GUP-fast walker", steps: steps)
    }
}
