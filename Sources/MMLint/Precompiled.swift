import Facts
import Foundation
import Frontend

/// Precompiled headers for the files one run parses. Files whose flags differ only in the
/// per-file KBUILD_* names and in -I form a group; the `<...>` headers at least a third of a
/// group's files open with (before their first macro) go into one PCH, given only to the files
/// that include every one of them themselves. A file that does not parse cleanly with it is
/// parsed plainly (MMLint.parseOne), so a PCH changes time, never facts (tested on every
/// fixture folder; on 6.12 the findings are identical). Through libclang a PCH of the headers
/// a folder shares halves the parse of heavy files (scripts/measure-pch: amdgpu 1.9x, same
/// errors, same function bodies); on the 6.12 selection the groups are heterogeneous, so it
/// covers 75 of 150 files and saves ~18% of parse CPU (a half-group threshold: 55 files, 12%;
/// a quarter: 47 files; shared include prefixes: no gain). The PCHs live in a temporary folder,
/// never in the tree, and are removed after the parse.
enum Precompiled {
    /// Flags that name the file itself: left out of the PCH (the file defines them after it).
    static let perFile = ["-DKBUILD_BASENAME", "-DKBUILD_MODNAME", "-DKBUILD_MODFILE", "-D__KBUILD_MODNAME"]
    /// A folder needs this many files to parse before a PCH pays for its build (~0.6 s).
    static let minimumGroup = 3

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

    struct Result {
        var requests: [ParseRequest]
        var folder: String?
        var built = 0
        var seconds = 0.0
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

    /// `<...>` includes a file opens with: those before its first `#define`, `#undef` or `#if`
    /// (a header included after a macro the file sets may depend on it).
    static func leadingIncludes(_ path: String) -> [String] {
        guard let d = FileManager.default.contents(atPath: path) else { return [] }
        var out: [String] = []
        for raw in String(decoding: d.prefix(65536), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("#") else { continue }
            let directive = line.dropFirst().trimmingCharacters(in: .whitespaces)
            // pr_fmt/dev_fmt are read where printing macros expand, not where headers define them.
            if directive.hasPrefix("define pr_fmt") || directive.hasPrefix("define dev_fmt") { continue }
            if directive.hasPrefix("define") || directive.hasPrefix("undef") || directive.hasPrefix("if") { break }
            guard directive.hasPrefix("include"), let open = directive.firstIndex(of: "<"),
                  let close = directive[open...].firstIndex(of: ">") else { continue }
            let name = String(directive[directive.index(after: open)..<close])
            if !out.contains(name) { out.append(name) }
        }
        return out
    }

    /// Groups the requests at `indices` by folder and flags, builds a PCH per group of at least
    /// `minimumGroup` files, and returns the requests with `pch` set where one was built.
    static func prepare(_ reqs: [ParseRequest], indices: [Int], jobs: Int) -> Result {
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
        let start = Date()
        // Each group: its shared leading headers (in at least 3 of 4 files), one PCH.
        let built = ResultBox<(String, [String], [Int])>(count: eligible.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, eligible.count))) { _ in
            while let g = built.next() {
                let group = members[g]
                // The headers, most shared first, that at least a third of the group (and 3 files)
                // all open with; only those files get the PCH, so it holds nothing a file does
                // not include itself before its first macro.
                let seqs = group.map { leadingIncludes(reqs[$0].file) }
                let leading = seqs.map(Set.init)
                var firstSeen: [String] = []
                for seq in seqs { for h in seq where !firstSeen.contains(h) { firstSeen.append(h) } }
                var frequency: [String: Int] = [:]
                for set in leading { for h in set { frequency[h, default: 0] += 1 } }
                let byFrequency = firstSeen.enumerated().sorted { a, b in
                    frequency[a.element]! != frequency[b.element]! ? frequency[a.element]! > frequency[b.element]! : a.offset < b.offset
                }.map(\.element)
                let need = max(minimumGroup, (group.count + 2) / 3)
                var chosen: Set<String> = []
                for h in byFrequency where leading.filter({ $0.isSuperset(of: chosen.union([h])) }).count >= need { chosen.insert(h) }
                let common = firstSeen.filter { chosen.contains($0) }
                let users = zip(group, leading).filter { $0.1.isSuperset(of: chosen) }.map(\.0)
                guard !common.isEmpty else { continue }
                let header = folder + "/g\(g).h", pch = folder + "/g\(g).pch"
                let text = common.map { "#include <\($0)>\n" }.joined()
                guard FileManager.default.createFile(atPath: header, contents: Data(text.utf8)) else { continue }
                let r = reqs[users[0]]
                let args = r.arguments.filter { a in !perFile.contains { a.hasPrefix($0) } }
                let includes = Frontend.buildPCH(header: header, arguments: args, workingDirectory: r.workingDirectory, output: pch)
                if let includes { built.set(g, (pch, includes.filter { $0 != header }, users)) }
            }
        }
        for b in built.slots() {
            guard let (pch, includes, users) = b else { continue }
            result.built += 1
            for i in users { result.requests[i].pch = pch; result.requests[i].pchIncludes = includes }
        }
        result.seconds = Date().timeIntervalSince(start)
        return result
    }
}
