import Facts
import Foundation
import Frontend
import KernelTree

/// Precompiled headers for the files one run parses. Files whose flags differ only in the
/// per-file KBUILD_* names and in -I form a group. A group's PCH holds every `<...>` header two
/// or more of its files include — in the .c file or in the quoted headers next to it — that
/// the group's shared include dirs resolve: with it, a file parses almost nothing but itself
/// (drivers/dma/idxd/cdev.c: 0.32 s plain, 0.10 s with the old PCH of leading includes, 0.02 s
/// with the union). Headers that do not build in that company are found from the build's own
/// diagnostics (the `#include` line each error descends from) and left out; so are headers that
/// test a macro many of the group's files set before their includes (CREATE_TRACE_POINTS:
/// trace/events/*). A file that sets, before its last `#include`, a macro the PCH's headers
/// test (DEBUG) is parsed without it: with the PCH the headers would be read without the macro.
/// Declarations a file would not have included cost nothing until used; a file the PCH does
/// not suit (a name clash) does not parse cleanly with it and is parsed plainly
/// (MMLint.parseOne), so a PCH changes time, not facts (tested on every fixture folder; on 6.12
/// the JSON report is byte-identical with `--no-pch`). `__COUNTER__` names, which a PCH shifts,
/// are numbered per function by the CFG builder. Parses with a PCH walk only their own
/// declarations (enumerating the PCH's would deserialize all of them) and reach the header
/// functions they name through their references (Frontend.topLevelFacts), as every parse does.
/// The PCHs live in a temporary folder, never in the tree, and are removed after the parse.
enum Precompiled {
    /// Flags that name the file itself. Header inline functions use them (pr_* and net_*
    /// messages expand KBUILD_MODNAME), so a PCH defines them, with the values of the file it
    /// is built with, and the files that take it leave theirs out: the names reach only
    /// strings, never the facts.
    static let perFile = ["-DKBUILD_BASENAME", "-DKBUILD_MODNAME", "-DKBUILD_MODFILE", "-D__KBUILD_MODNAME"]

    static func withoutPerFileNames(_ args: [String]) -> [String] {
        args.filter { a in !perFile.contains { a.hasPrefix($0) } }
    }

    /// `#define`s for the per-file names among `args` (`-DNAME=VALUE`, `-DNAME`).
    static func perFileDefines(_ args: [String]) -> String {
        args.filter { a in perFile.contains { a.hasPrefix($0) } }.map { a -> String in
            let d = a.dropFirst(2)
            guard let eq = d.firstIndex(of: "=") else { return "#define \(d) 1\n" }
            return "#define \(d[..<eq]) \(d[d.index(after: eq)...])\n"
        }.joined()
    }
    /// A group needs this many files to parse before a PCH pays for its build: a build costs
    /// about one plain parse of a file, and each file then parses almost nothing but itself.
    /// On 6.12 x86 the two usb gadget files (-DDEBUG -DVERBOSE_DEBUG, a group of their own):
    /// 1.2-1.7 s CPU each plainly, 0.12-0.18 s each with their PCH (libclang CPU of the cold
    /// run, alternating: 36.7/35.7 s with 3, 34.1/33.6 s with 2). One file alone does not pay.
    static let minimumGroup = 2
    /// A header goes into a group's PCH when at least 1/share of its files (and minimumUsers)
    /// include it. On 6.12 (x86 allmodconfig, 233 files, libclang CPU): every header two files
    /// include, 27 s (a union of drivers' subsystems clashes: rdma's RESERVED macro breaks
    /// amdgpu, 21 files parsed plainly); a sixteenth, 27 s (14); an eighth, 18-19 s (1); a
    /// quarter, 19-28 s (fewer headers).
    static let minimumUsers = 2
    static let share = 8
    /// PCH builds per group: each one leaves out the headers the one before found wanting.
    static let attempts = 4

    /// The arguments without `-I DIR` / `-IDIR` (but `-include`, `-isystem`, … stay).
    static func withoutIncludeDirs(_ args: [String]) -> [String] {
        var out: [String] = [], skip = false
        for a in args {
            if skip { skip = false; continue }
            if a == "-I" { skip = true; continue }
            if a.hasPrefix("-I") { continue }
            out.append(a)
        }
        return out
    }

    /// A request's `-I` and `-isystem` dirs, absolute, each ending in `/`.
    static func includeDirs(_ r: ParseRequest) -> [String] {
        var out: [String] = [], next = false
        for a in r.arguments {
            var dir: String? = nil
            // -isystem too: the compiler's own headers (loongarch's larchintrin.h) are shared by every file.
            if next { dir = a; next = false } else if a == "-I" || a == "-isystem" { next = true } else if a.hasPrefix("-I") {
                dir = String(a.dropFirst(2))
            } else if a.hasPrefix("-isystem") { dir = String(a.dropFirst(8)) }
            guard var d = dir, !d.isEmpty else { continue }
            if !d.hasPrefix("/") { d = (r.workingDirectory ?? FileManager.default.currentDirectoryPath) + "/" + d }
            d = URL(fileURLWithPath: d).standardizedFileURL.path
            out.append(d.hasSuffix("/") ? d : d + "/")
        }
        return out
    }

    /// The group a request belongs to: its working directory and its flags without the
    /// per-file names and the `-I` dirs (folders share a group when they differ only in -I:
    /// the `<...>` kernel headers a PCH holds resolve through the tree's own include dirs,
    /// which every file has).
    static func groupKey(_ r: ParseRequest) -> String {
        (r.workingDirectory ?? "") + "\u{1f}" + withoutIncludeDirs(withoutPerFileNames(r.arguments)).joined(separator: "\u{1f}")
    }

    /// PCH folders of runs that were killed (SIGINT, SIGKILL) before they could remove them:
    /// `mmlint-pch-PID-…` in the temporary folder whose process is gone.
    static func removeOrphans() {
        let tmp = NSTemporaryDirectory()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? [] where name.hasPrefix("mmlint-pch-") {
            let parts = name.split(separator: "-")
            guard parts.count >= 4, let pid = Int32(parts[2]), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: tmp + name) }
        }
    }

    /// The `<...>` headers a file includes, itself or through the quoted headers of its own
    /// folder (two levels), and the macros it defines or undefines before its last `#include`
    /// (pr_fmt/dev_fmt aside: they are read where printing macros expand, not where headers
    /// define them).
    static func scan(_ path: String) -> (includes: [String], definedBeforeInclude: Set<String>) {
        var includes: [String] = [], before: Set<String> = []
        var visited: Set<String> = [path]
        func read(_ path: String, depth: Int, own: Bool) {
            guard let d = FileManager.default.contents(atPath: path) else { return }
            var pending: Set<String> = []
            let dir = (path as NSString).deletingLastPathComponent
            for directive in directives(d) {
                if own && (directive.hasPrefix("define pr_fmt") || directive.hasPrefix("define dev_fmt")) { continue }
                for word in ["define", "undef"] where own && directive.hasPrefix(word) {
                    let name = directive.dropFirst(word.count).drop { $0 == " " || $0 == "\t" }.prefix { $0.isCIdentifierCharacter }
                    if !name.isEmpty { pending.insert(String(name)) }
                }
                guard directive.hasPrefix("include") else { continue }
                if own { before.formUnion(pending) }
                let rest = directive.dropFirst("include".count).drop { $0 == " " || $0 == "\t" }
                if rest.first == "<", let close = rest.firstIndex(of: ">") {
                    let name = String(rest[rest.index(after: rest.startIndex)..<close])
                    if !includes.contains(name) { includes.append(name) }
                } else if rest.first == "\"", depth < 2, let close = rest.dropFirst().firstIndex(of: "\"") {
                    let local = URL(fileURLWithPath: dir + "/" + rest[rest.index(after: rest.startIndex)..<close]).standardizedFileURL.path
                    if visited.insert(local).inserted { read(local, depth: depth + 1, own: false) }
                }
            }
        }
        read(path, depth: 0, own: true)
        return (includes, before)
    }

    /// Whether the whole header sits inside `#ifndef X` / `#define X` … `#endif` (what clang's
    /// multiple-include optimization recognizes): sched/sd_flags.h (read once per macro
    /// context), device_cgroup.h (no guard) and trace/events/*.h (define_trace.h after the
    /// guard) have none.
    static func hasIncludeGuard(_ path: String) -> Bool {
        guard let d = FileManager.default.contents(atPath: path) else { return false }
        let directives = directives(d)
        func word(_ s: Substring) -> Substring {
            s.drop { $0 == " " || $0 == "\t" || $0 == "(" || $0 == "!" }.prefix { $0.isCIdentifierCharacter }
        }
        guard directives.count >= 3, let first = directives.first else { return false }
        let name: Substring
        if first.hasPrefix("ifndef") { name = word(first.dropFirst(6)) }
        else if first.hasPrefix("if"), let r = first.range(of: "!defined") { name = word(first[r.upperBound...]) }
        else { return false }
        guard !name.isEmpty, directives[1].hasPrefix("define"), word(directives[1].dropFirst(6)) == name else { return false }
        var depth = 0
        for (i, dir) in directives.enumerated() {
            if dir.hasPrefix("if") { depth += 1 }
            if dir.hasPrefix("endif") { depth -= 1; if depth == 0 { return i == directives.count - 1 } }
        }
        return false
    }

    /// A file's preprocessor directives, each without its `#` and the blanks around it (and a
    /// line's closing carriage return). Read as bytes: only the directive lines become text.
    static func directives(_ d: Data) -> [Substring] {
        d.withUnsafeBytes { raw -> [Substring] in
            let b = raw.bindMemory(to: UInt8.self)
            var out: [Substring] = []
            var i = 0
            while i < b.count {
                var j = i
                while j < b.count && (b[j] == 32 || b[j] == 9) { j += 1 }
                guard let newline = b[j...].firstIndex(of: 10) ?? (j < b.count ? b.count : nil) else { break }
                if j < newline && b[j] == 35 {   // #
                    var k = j + 1
                    while k < newline && (b[k] == 32 || b[k] == 9) { k += 1 }
                    let end = newline > k && b[newline - 1] == 13 ? newline - 1 : newline
                    out.append(Substring(String(decoding: UnsafeBufferPointer(rebasing: b[k..<end]), as: UTF8.self)))
                }
                i = newline + 1
            }
            return out
        }
    }

    /// The identifiers the headers test in `#if`/`#ifdef`/`#ifndef`/`#elif` or use in a computed
    /// `#include`: a macro a file sets before including them may change what they declare.
    static func conditionalNames(_ headers: [String]) -> Set<String> {
        headers.reduce(into: Set<String>()) { $0.formUnion(conditionalNames(of: $1)) }
    }

    static func conditionalNames(of h: String) -> Set<String> {
        var out: Set<String> = []
        guard let d = FileManager.default.contents(atPath: h) else { return out }
        for directive in directives(d) {
            let computedInclude = directive.hasPrefix("include") && !directive.contains("<") && !directive.contains("\"")
            guard directive.hasPrefix("if") || directive.hasPrefix("elif") || computedInclude else { continue }
            var word = ""
            for c in directive.drop(while: { $0.isCIdentifierCharacter }) {
                if c.isCIdentifierCharacter { word.append(c) } else if !word.isEmpty { out.insert(word); word = "" }
            }
            if !word.isEmpty { out.insert(word) }
        }
        return out
    }

    /// One group's PCHs, each with the requests that take it (none when no PCH worth having
    /// builds): the group's, and one for the files that set a macro its headers test
    /// (CREATE_TRACE_POINTS before <trace/events/sched.h>: mm/, kernel/) when there are
    /// `minimumGroup` of them, built without the `#include` lines that read those headers.
    static func buildGroup(_ group: [Int], reqs: [ParseRequest], scans: [(includes: [String], definedBeforeInclude: Set<String>)],
                           into base: String) -> [(Built, [Int])] {
        // Every header an eighth of the files (and two) include, in the order the files first
        // name them, if an include dir every file of the group has resolves it (a driver's own
        // `-I` header would reach files that resolve that name elsewhere, or not at all).
        var shared = Set(includeDirs(reqs[group[0]]))
        for i in group.dropFirst() { shared.formIntersection(includeDirs(reqs[i])) }
        var users: [String: Int] = [:], firstSeen: [String] = []
        for sc in scans { for h in sc.includes { if users[h] == nil { firstSeen.append(h) }; users[h, default: 0] += 1 } }
        let need = max(minimumUsers, (group.count + share - 1) / share)
        // (A header without an include guard is left out before the build rather than after.)
        let dirs = shared.sorted()
        let headers = firstSeen.filter { h in
            guard users[h]! >= need, let dir = dirs.first(where: { FileManager.default.fileExists(atPath: $0 + h) }) else { return false }
            return hasIncludeGuard(dir + h)
        }
        guard let main = attempt(headers, group: group, reqs: reqs, scans: scans, shared: shared, into: base) else { return [] }
        var out = [(main.built, main.takers)]
        let rest = group.indices.filter { !main.takers.contains(group[$0]) }
        guard rest.count >= minimumGroup else { return out }
        let restScans = rest.map { scans[$0] }
        let macros = restScans.reduce(into: Set<String>()) { $0.formUnion($1.definedBeforeInclude) }
        let testing = Set(main.reads.map(\.file).filter { !conditionalNames(of: $0).isDisjoint(with: macros) })
        let lines = Set(main.reads.filter { testing.contains($0.file) }.map(\.line))
        let fewer = main.headers.enumerated().filter { !lines.contains($0.offset + 1 + main.offset) }.map(\.element)
        if fewer.count < main.headers.count,
           let sub = attempt(fewer, group: rest.map { group[$0] }, reqs: reqs, scans: restScans, shared: shared, into: base + "r") {
            out.append((sub.built, sub.takers))
        }
        return out
    }

    /// Builds a PCH of `headers` for `group` (with the flags of the file that includes most of
    /// them), leaving out, over up to `attempts` builds, the `#include` lines an error descends
    /// from: the PCH, the files that take it, the headers it holds and what it read (with the
    /// header's line that read each file, whose first `#include` is at line offset + 1).
    static func attempt(_ headers: [String], group: [Int], reqs: [ParseRequest],
                        scans: [(includes: [String], definedBeforeInclude: Set<String>)], shared: Set<String>, into base: String)
        -> (built: Built, takers: [Int], headers: [String], reads: [(file: String, line: Int, direct: Bool)], offset: Int)? {
        var headers = headers
        let chosen = Set(headers)
        guard !headers.isEmpty, let first = zip(group, scans).max(by: {
            Set($0.1.includes).intersection(chosen).count < Set($1.1.includes).intersection(chosen).count })?.0 else { return nil }
        let r = reqs[first]
        let args = withoutPerFileNames(r.arguments)
        let header = base + ".h", pch = base + ".pch"
        let defines = perFileDefines(r.arguments)
        let offset = defines.filter { $0 == "\n" }.count   // the header's lines before its first #include
        for _ in 0..<attempts {
            guard !headers.isEmpty,
                  FileManager.default.createFile(atPath: header,
                                                 contents: Data((defines + headers.map { "#include <\($0)>\n" }.joined()).utf8)),
                  let b = Frontend.buildPCH(header: header, arguments: args, workingDirectory: r.workingDirectory, output: pch)
            else { return nil }
            // The `#include` lines to leave out: those an error descends from, those that read a
            // header outside the shared include dirs.
            var bad = b.errorLines
            for read in b.reads where read.line > 0 && !shared.contains(where: { read.file.hasPrefix($0) }) { bad.insert(read.line) }
            // An error no `#include` line explains: no PCH.
            if bad.contains(where: { $0 <= offset || $0 > offset + headers.count }) { return nil }
            if bad.isEmpty {
                guard b.saved else { return nil }
                let includes = b.includes.filter { $0 != header }
                // Built from the headers on disk: useless to a run with a staged header in it.
                if includes.contains(where: { r.unsaved[$0] != nil }) { return nil }
                let built = Built(pch: pch, includes: includes, reads: b.reads.map(\.file))
                let takers = Precompiled.takers(group, scans, reads: built.reads, includes: includes)
                return takers.isEmpty ? nil : (built, takers, headers, b.reads, offset)
            }
            headers = headers.enumerated().filter { !bad.contains($0.offset + 1 + offset) }.map(\.element)
        }
        return nil
    }

    /// The files of a group that may take its PCH: those that set, before their last include,
    /// no macro a header of the PCH tests. Only the headers the build read once (guarded)
    /// count: a header read more than once has no guard (trace/define_trace.h, tested for
    /// CREATE_TRACE_POINTS), and a file reads it again, in its own context, wherever it
    /// includes it. Only the macros the files set are looked for: a header that names none is
    /// not split into directives.
    static func takers(_ group: [Int], _ scans: [(includes: [String], definedBeforeInclude: Set<String>)],
                       reads: [String], includes: [String]) -> [Int] {
        var times: [String: Int] = [:]
        for f in reads { times[f, default: 0] += 1 }
        let set = scans.reduce(into: Set<String>()) { $0.formUnion($1.definedBeforeInclude) }
        guard !set.isEmpty else { return group }
        let words = WordSet(set.map { Array($0.utf8) }), reader = FileReader()
        let tested = includes.filter { f in times[f] == 1 && reader.withContents(of: f, { words.occurs(in: $0) }) == true }
            .reduce(into: Set<String>()) { $0.formUnion(conditionalNames(of: $1).intersection(set)) }
        return zip(group, scans).filter { $0.1.definedBeforeInclude.isDisjoint(with: tested) }.map(\.0)
    }

    /// The groups that get a PCH (by key, largest first), their members, what each member
    /// includes, and the PCH files' common prefix.
    struct Plan: Sendable {
        var keys: [String]
        var members: [[Int]]
        var scans: [Int: (includes: [String], definedBeforeInclude: Set<String>)]
        var base: String
    }

    /// The groups of the requests at `indices` (by folder and flags) that get a PCH: those of at
    /// least `minimumGroup` files, with what each file includes. Nil when none does.
    static func plan(_ reqs: [ParseRequest], indices: [Int], jobs: Int, into set: PrecompiledSet) -> Plan? {
        var groups: [String: [Int]] = [:]
        for i in indices where reqs[i].unsaved[reqs[i].file] == nil { groups[groupKey(reqs[i]), default: []].append(i) }
        // Largest groups first: their PCHs are ready soonest for the most files.
        let eligible = groups.keys.filter { groups[$0]!.count >= minimumGroup && set.groups[$0] == nil }
            .sorted { (groups[$0]!.count, $1) > (groups[$1]!.count, $0) }
        guard !eligible.isEmpty, let folder = set.folder() else { return nil }
        let members = eligible.map { groups[$0]! }
        // What each file includes, read on every job (the largest group holds most files).
        let scanned = members.flatMap { $0 }
        let box = ResultBox<(includes: [String], definedBeforeInclude: Set<String>)>(count: scanned.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, scanned.count))) { _ in
            while let k = box.next() { box.set(k, scan(reqs[scanned[k]].file)) }
        }
        return Plan(keys: eligible, members: members, scans: Dictionary(uniqueKeysWithValues: zip(scanned, box.slots().map { $0! })),
                    base: folder + "/g\(set.groups.count)-")
    }

    /// Builds the plan's PCHs on `jobs` threads and records them in `set`: each group's PCHs,
    /// with the requests that take each, go to `finished` as soon as they are built (none when
    /// no PCH worth having builds), so that its files can parse while other groups build.
    static func buildAll(_ plan: Plan, reqs: [ParseRequest], jobs: Int, into set: PrecompiledSet,
                         finished: @Sendable (Int, [(Built, [Int])]) -> Void) {
        // Each group: the headers its files share, one PCH, given to every file that sets none
        // of the macros those headers test before its last include.
        let built = ResultBox<[(Built, [Int])]>(count: plan.keys.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, plan.keys.count))) { _ in
            while let g = built.next() {
                let group = plan.members[g]
                let b = buildGroup(group, reqs: reqs, scans: group.map { plan.scans[$0]! }, into: plan.base + "\(g)")
                built.set(g, b)
                finished(g, b)
            }
        }
        // The group's own PCH serves its files later stages parse (assign).
        for (key, b) in zip(plan.keys, built.slots()) { if let (pch, _) = b?.first { set.groups[key] = pch } }
    }

    /// Starts building, on other threads, the PCHs of the requests at `indices` (plan, build)
    /// for a parse of the requests at `order`: the queue that parse takes its files from (a
    /// file waits only for its own group's PCH), and a wait for the builds that returns how
    /// many PCHs were built, in how many seconds (beside the parse), and how many groups got none
    /// (no shared header, or a build libclang refused). Nil when no group is big enough for one.
    static func startBuilding(_ reqs: [ParseRequest], indices: [Int], order: [Int], jobs: Int,
                              into set: PrecompiledSet) -> (queue: ParseQueue, wait: () -> (built: Int, seconds: Double, without: Int))? {
        guard let plan = plan(reqs, indices: indices, jobs: jobs, into: set) else { return nil }
        var position: [Int: Int] = [:]
        for (k, i) in order.enumerated() { position[i] = k }
        var groupOf: [Int: Int] = [:]
        for (g, m) in plan.members.enumerated() { for i in m { groupOf[position[i]!] = g } }
        let queue = ParseQueue(count: order.count, groupOf: groupOf)
        let built = ResultBox<Int>(count: plan.keys.count), span = ResultBox<Double>(count: 1)
        let building = DispatchGroup()
        let at = position, start = Date()
        DispatchQueue.global().async(group: building) {
            buildAll(plan, reqs: reqs, jobs: jobs, into: set) { g, takers in
                built.set(g, takers.count)
                queue.finished(g, takers: takers.map { b, users in (b, users.map { at[$0]! }) })
            }
            span.set(0, Date().timeIntervalSince(start))
        }
        return (queue, {
            building.wait()
            return (built.all().reduce(0, +), span.all().first ?? 0, built.all().filter { $0 == 0 }.count)
        })
    }

    /// Gives the requests at `indices` the PCH an earlier parse of the run built for their
    /// group, where it suits them (Precompiled.takers): the files later stages parse (ops
    /// context, replay context).
    static func assign(_ reqs: inout [ParseRequest], indices: [Int], from set: PrecompiledSet) {
        guard !set.groups.isEmpty else { return }
        for i in indices where reqs[i].unsaved[reqs[i].file] == nil && reqs[i].pch == nil {
            guard let g = set.groups[groupKey(reqs[i])],
                  !takers([i], [scan(reqs[i].file)], reads: g.reads, includes: g.includes).isEmpty else { continue }
            reqs[i].pch = g.pch; reqs[i].pchIncludes = g.includes
        }
    }

    /// One group's PCH: its file, the files it read (all of them, and each read).
    struct Built: Sendable {
        var pch: String
        var includes: [String]
        var reads: [String]
    }
}

/// The PCHs of one check, kept until the check ends (`remove()`), so that the files its later
/// stages parse take them too. They live in a temporary folder, never in the tree.
public final class PrecompiledSet: @unchecked Sendable {
    var groups: [String: Precompiled.Built] = [:]
    private var path: String?
    public init() {}

    /// The folder, made on first use; nil when it cannot be made.
    func folder() -> String? {
        if let path { return path }
        Precompiled.removeOrphans()
        let f = NSTemporaryDirectory() + "mmlint-pch-\(getpid())-\(UUID().uuidString.prefix(8))"
        guard (try? FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)) != nil else { return nil }
        Interrupts.register(f)
        path = f
        return f
    }

    public func remove() {
        guard let f = path else { return }
        try? FileManager.default.removeItem(atPath: f)
        Interrupts.unregister(f)
        path = nil; groups = [:]
    }
}

/// The order of one parse whose PCHs build while its files parse: a worker takes the first
/// file, in the parse's order, that is ready (it takes no PCH, or its group's are built) and
/// waits only when every file left waits for a PCH — while PCHs build, the cores build them.
public final class ParseQueue: @unchecked Sendable {
    private let cond = NSCondition()
    private var left: [Int]
    /// Position -> its group, for the positions whose group's PCHs are not built yet.
    private var waiting: [Int: Int]
    private var pch: [Int: Precompiled.Built] = [:]

    /// `count` positions in order; `groupOf` the group each position waits for.
    init(count: Int, groupOf: [Int: Int]) { left = Array(0..<count); waiting = groupOf }

    /// The next position to parse, with the PCH it takes (nil: none); nil when none is left.
    func next() -> (Int, Precompiled.Built?)? {
        cond.lock(); defer { cond.unlock() }
        while true {
            if left.isEmpty { return nil }
            if let at = left.firstIndex(where: { waiting[$0] == nil }) {
                let k = left.remove(at: at)
                return (k, pch[k])
            }
            cond.wait()
        }
    }

    /// Group `g` is built: its positions are ready, those in `takers` with their PCH.
    func finished(_ g: Int, takers: [(Precompiled.Built, [Int])]) {
        cond.lock()
        for (b, ks) in takers { for k in ks { pch[k] = b } }
        waiting = waiting.filter { $0.value != g }
        cond.broadcast()
        cond.unlock()
    }

    /// The next request a worker parses, from `queue` (with the PCH it takes) when there is
    /// one, else the next in order.
    static func take<T>(_ reqs: [ParseRequest], _ results: ResultBox<T>, _ queue: ParseQueue?) -> (Int, ParseRequest)? {
        guard let queue else { return results.next().map { ($0, reqs[$0]) } }
        guard let (k, b) = queue.next() else { return nil }
        var r = reqs[k]
        if let b { r.pch = b.pch; r.pchIncludes = b.includes }
        return (k, r)
    }

    /// The PCH each position took.
    var assigned: [Int: Precompiled.Built] { cond.lock(); defer { cond.unlock() }; return pch }
}
