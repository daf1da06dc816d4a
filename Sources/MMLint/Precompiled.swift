import Facts
import Foundation
import Frontend

/// Precompiled headers for the files one run parses. Files whose flags differ only in the
/// per-file KBUILD_* names and in -I form a group; the `<...>` headers at least an eighth of a
/// group's files open with (before their first macro) go into one PCH, which every file of the
/// group gets unless it defines, before its last `#include`, a macro those headers test in a
/// conditional (`DEBUG`, `CREATE_TRACE_POINTS`: with the PCH the headers would be read without
/// it). A PCH that read a header outside the include dirs its whole group shares, or that holds
/// a staged (unsaved) header, is not used. Declarations a file would not have included cost
/// nothing until used; a file the PCH does not suit (a name clash) does not parse cleanly with
/// it and is parsed plainly (MMLint.parseOne), so a PCH changes time, not facts (tested on
/// every fixture folder; on 6.12 the JSON report is byte-identical with `--no-pch`).
/// `__COUNTER__` names, which a PCH shifts, are numbered per function by the CFG builder.
/// Parses with a PCH walk only their own declarations (enumerating the PCH's would deserialize
/// all of them): the first (largest) file of each PCH walks them all and builds the PCH's
/// header functions; the others list them as skipped, so that one no parse built is rebuilt by
/// the coverage check of parseAll. On 6.12 (cold runs): 3 PCHs for 142 of 151 files, libclang
/// CPU 72 s -> 33 s, parse 47.7 s -> ~22 s wall. The PCHs live in a temporary folder, never in
/// the tree, and are removed after the parse.
enum Precompiled {
    /// Flags that name the file itself: left out of the PCH (the file defines them after it).
    static let perFile = ["-DKBUILD_BASENAME", "-DKBUILD_MODNAME", "-DKBUILD_MODFILE", "-D__KBUILD_MODNAME"]
    /// A folder needs this many files to parse before a PCH pays for its build (~0.6 s).
    static let minimumGroup = 3
    /// A header goes into a group's PCH when at least 1/share of the group opens with it.
    static let share = 8

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

    /// A request's `-I` dirs, absolute, each ending in `/`.
    static func includeDirs(_ r: ParseRequest) -> [String] {
        var out: [String] = [], next = false
        for a in r.arguments {
            var dir: String? = nil
            if next { dir = a; next = false } else if a == "-I" { next = true } else if a.hasPrefix("-I") { dir = String(a.dropFirst(2)) }
            guard var d = dir, !d.isEmpty else { continue }
            if !d.hasPrefix("/") { d = (r.workingDirectory ?? FileManager.default.currentDirectoryPath) + "/" + d }
            d = URL(fileURLWithPath: d).standardizedFileURL.path
            out.append(d.hasSuffix("/") ? d : d + "/")
        }
        return out
    }

    struct Result {
        var requests: [ParseRequest]
        var folder: String?
        var built = 0
        var seconds = 0.0
        /// Each PCH's header functions (see Frontend.PCHBuild).
        var functionKeys: [String: [String]] = [:]
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

    /// A file's leading `<...>` includes (those before its first `#define`, `#undef` or `#if`)
    /// and the macros it defines or undefines before its last `#include` (pr_fmt/dev_fmt
    /// aside: they are read where printing macros expand, not where headers define them).
    static func scan(_ path: String) -> (leading: [String], definedBeforeInclude: Set<String>) {
        guard let d = FileManager.default.contents(atPath: path) else { return ([], []) }
        var leading: [String] = [], opening = true
        var pending: Set<String> = [], before: Set<String> = []
        for raw in String(decoding: d, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            guard line.hasPrefix("#") else { continue }
            let directive = line.dropFirst().drop { $0 == " " || $0 == "\t" }
            if directive.hasPrefix("define pr_fmt") || directive.hasPrefix("define dev_fmt") { continue }
            for word in ["define", "undef"] where directive.hasPrefix(word) {
                let name = directive.dropFirst(word.count).drop { $0 == " " || $0 == "\t" }.prefix { isIdentifierChar($0) }
                if !name.isEmpty { pending.insert(String(name)) }
                opening = false
            }
            if directive.hasPrefix("if") { opening = false }
            guard directive.hasPrefix("include") else { continue }
            before.formUnion(pending)
            guard opening, let open = directive.firstIndex(of: "<"), let close = directive[open...].firstIndex(of: ">") else { continue }
            let name = String(directive[directive.index(after: open)..<close])
            if !leading.contains(name) { leading.append(name) }
        }
        return (leading, before)
    }

    static func isIdentifierChar(_ c: Character) -> Bool { c == "_" || (c.isASCII && (c.isLetter || c.isNumber)) }

    /// The identifiers the headers test in `#if`/`#ifdef`/`#ifndef`/`#elif` or use in a computed
    /// `#include`: a macro a file sets before including them may change what they declare.
    static func conditionalNames(_ headers: [String]) -> Set<String> {
        var out: Set<String> = []
        for h in headers {
            guard let d = FileManager.default.contents(atPath: h) else { continue }
            for raw in String(decoding: d, as: UTF8.self).split(separator: "\n") {
                let line = raw.drop { $0 == " " || $0 == "\t" }
                guard line.hasPrefix("#") else { continue }
                let directive = line.dropFirst().drop { $0 == " " || $0 == "\t" }
                let computedInclude = directive.hasPrefix("include") && !directive.contains("<") && !directive.contains("\"")
                guard directive.hasPrefix("if") || directive.hasPrefix("elif") || computedInclude else { continue }
                var word = ""
                for c in directive.drop(while: { isIdentifierChar($0) }) {
                    if isIdentifierChar(c) { word.append(c) } else if !word.isEmpty { out.insert(word); word = "" }
                }
                if !word.isEmpty { out.insert(word) }
            }
        }
        return out
    }

    /// Groups the requests at `indices` by folder and flags, builds a PCH per group of at least
    /// `minimumGroup` files, and returns the requests with `pch` set where one was built.
    static func prepare(_ reqs: [ParseRequest], indices: [Int], jobs: Int, root: String) -> Result {
        var result = Result(requests: reqs)
        var groups: [String: [Int]] = [:]
        for i in indices where reqs[i].unsaved[reqs[i].file] == nil {
            let r = reqs[i]
            // Folders share a group when they differ only in -I (the `<...>` kernel headers a PCH
            // holds resolve through the tree's own include dirs, which every file has).
            let shared = withoutIncludeDirs(r.arguments.filter { a in !perFile.contains { a.hasPrefix($0) } })
            let key = (r.workingDirectory ?? "") + "\u{1f}" + shared.joined(separator: "\u{1f}")
            groups[key, default: []].append(i)
        }
        let eligible = groups.keys.sorted().filter { groups[$0]!.count >= minimumGroup }
        guard !eligible.isEmpty else { return result }
        let members = eligible.map { groups[$0]! }
        removeOrphans()
        let folder = NSTemporaryDirectory() + "mmlint-pch-\(getpid())-\(UUID().uuidString.prefix(8))"
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else { return result }
        result.folder = folder
        Interrupts.register(folder)
        let start = Date()
        // Each group: the headers an eighth of it opens with, one PCH, given to every file that
        // sets none of the macros those headers test before its last include.
        let built = ResultBox<(String, [String], [String], [Int])>(count: eligible.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, eligible.count))) { _ in
            while let g = built.next() {
                let group = members[g]
                let scans = group.map { scan(reqs[$0].file) }
                let seqs = scans.map(\.leading)
                let leading = seqs.map(Set.init)
                var firstSeen: [String] = []
                for seq in seqs { for h in seq where !firstSeen.contains(h) { firstSeen.append(h) } }
                var frequency: [String: Int] = [:]
                for set in leading { for h in set { frequency[h, default: 0] += 1 } }
                let byFrequency = firstSeen.enumerated().sorted { a, b in
                    frequency[a.element]! != frequency[b.element]! ? frequency[a.element]! > frequency[b.element]! : a.offset < b.offset
                }.map(\.element)
                // Every header at least an eighth of the group (and 3 files) opens with, most
                // shared first; the files that do not include one of them get its declarations
                // too, which costs nothing until used (a clash: the file is parsed plainly).
                // An eighth measured best on 6.12 (a third: 5 headers, 34.5 s; an eighth: 34 headers,
                // 29.3 s; a sixteenth: 77 headers, which no longer build together).
                let need = max(minimumGroup, (group.count + share - 1) / share)
                var common = byFrequency.filter { frequency[$0]! >= need }
                // Built with the flags of the file that opens with most of them.
                let chosen = Set(common)
                guard !common.isEmpty, let first = zip(group, leading).max(by: {
                    $0.1.intersection(chosen).count < $1.1.intersection(chosen).count })?.0 else { continue }
                let r = reqs[first]
                let args = r.arguments.filter { a in !perFile.contains { a.hasPrefix($0) } }
                let header = folder + "/g\(g).h", pch = folder + "/g\(g).pch"
                // Headers that do not build together (one needs another's context): the most
                // shared half, twice at most.
                var b: Frontend.PCHBuild?
                for _ in 0..<3 {
                    let ordered = firstSeen.filter { common.contains($0) }
                    guard FileManager.default.createFile(atPath: header, contents: Data(ordered.map { "#include <\($0)>\n" }.joined().utf8)) else { break }
                    b = Frontend.buildPCH(header: header, arguments: args, workingDirectory: r.workingDirectory, output: pch, root: root)
                    if b != nil || common.count < 2 { break }
                    common = Array(common.prefix(common.count / 2))
                }
                guard let b else { continue }
                let includes = b.includes.filter { $0 != header }
                // Built from the headers on disk: useless to a run with a staged header in it.
                if includes.contains(where: { r.unsaved[$0] != nil }) { continue }
                // Every header it read must come from an include dir all the group's files
                // have (the tree's include/, arch/*/include): a driver's own `-I` header would
                // reach files that resolve that name elsewhere, or not at all.
                var shared = Set(includeDirs(reqs[group[0]]))
                for i in group.dropFirst() { shared.formIntersection(includeDirs(reqs[i])) }
                if includes.contains(where: { inc in !shared.contains { inc.hasPrefix($0) } }) { continue }
                let tested = conditionalNames(includes)
                let users = zip(group, scans).filter { $0.1.definedBeforeInclude.isDisjoint(with: tested) }.map(\.0)
                if !users.isEmpty { built.set(g, (pch, includes, b.functionKeys, users)) }
            }
        }
        for b in built.slots() {
            guard let (pch, includes, keys, users) = b else { continue }
            result.built += 1
            result.functionKeys[pch] = keys
            for (n, i) in users.enumerated() {
                result.requests[i].pch = pch; result.requests[i].pchIncludes = includes
                // The first file builds the PCH's header functions; the others leave them out.
                result.requests[i].pchLocalOnly = n > 0
            }
        }
        result.seconds = Date().timeIntervalSince(start)
        return result
    }
}
