import Checker
import Findings
import Foundation

/// A patch or a series (`git format-patch` files, an mbox from `b4 am`, a plain unified diff)
/// applied in memory over a tree: the patched contents go to the parser as unsaved files (the
/// tree is never written) and the lines the series adds or changes decide which findings are
/// the patch's. Hunks apply where their context matches, at the line the hunk names or the
/// nearest offset (as `patch` and `git apply` do, without fuzz); one that matches nowhere is an
/// error naming it.
public enum Patch {
    public struct Applied {
        /// Patched files by absolute path: their content after the whole series.
        public var overlay: [String: String] = [:]
        /// Per file (relative to the root), the lines of the final content the series added,
        /// and the line after each deletion (as `git diff --unified=0` marks it).
        public var changed: [String: Set<Int>] = [:]
        /// Per file and changed line, the hunk that changed it (`[subject] hunk 2 of FILE (@@ … @@)`).
        public var hunkOf: [String: [Int: String]] = [:]
        /// Files the series deletes (relative): not analyzed.
        public var deleted: [String] = []
    }

    public struct ApplyError: Error, CustomStringConvertible {
        public var description: String
    }

    /// One line of a patched file, and the hunk (an index into the labels) that added it or
    /// deleted the lines before it.
    struct Line { var text: Substring; var hunk: Int? }

    struct Hunk {
        var oldStart: Int, oldCount: Int, newStart: Int, newCount: Int
        var header: String
        /// ' ', '-' or '+' and the text.
        var lines: [(Character, Substring)] = []
        var noNewlineAtEnd = false
    }

    struct FilePatch {
        var oldPath: String?   // nil: a new file
        var newPath: String?   // nil: a deleted file
        var hunks: [Hunk] = []
        var subject: String
    }

    /// Applies `text` (named `name` in errors) over the tree at `root`.
    public static func apply(_ text: String, name: String, root: String) throws -> Applied {
        let files = try parse(text, name: name)
        guard !files.isEmpty else {
            throw ApplyError(description: "\(name): no diff in it (expected a unified diff, `git format-patch` output or an mbox)")
        }
        var contents: [String: [Line]] = [:]   // relative path → current lines
        var labels: [String] = []
        var deleted: Set<String> = []
        func current(_ rel: String) throws -> [Line] {
            if let c = contents[rel] { return c }
            guard !deleted.contains(rel) else { throw ApplyError(description: "\(name): \(rel) was deleted earlier in the series") }
            guard let d = FileManager.default.contents(atPath: root + "/" + rel) else {
                throw ApplyError(description: "\(name): \(rel): no such file in \(root)")
            }
            // Split on the byte: a "\r\n" would be one Character.
            var lines = d.split(separator: 10, omittingEmptySubsequences: false)
                .map { Line(text: Substring(String(decoding: $0, as: UTF8.self)), hunk: nil) }
            if d.isEmpty || d.last == 10 { lines.removeLast() }
            return lines
        }
        for fp in files {
            let source = fp.oldPath
            var lines = try source.map(current) ?? []
            if let s = source, fp.newPath == nil { deleted.insert(s); contents[s] = nil; continue }
            guard let target = fp.newPath else { continue }
            var shift = 0
            for (k, h) in fp.hunks.enumerated() {
                let old = h.lines.filter { $0.0 != "+" }.map(\.1)
                let label = (fp.subject.isEmpty ? "" : "[\(fp.subject)] ") + "hunk \(k + 1) of \(target) (\(h.header))"
                // Where the old side matches: the named line first, then the nearest offsets.
                let named = max(0, (h.oldCount == 0 ? h.oldStart : h.oldStart - 1) + shift)
                func matches(_ at: Int) -> Bool {
                    guard at >= 0, at + old.count <= lines.count else { return false }
                    return zip(lines[at..<(at + old.count)], old).allSatisfy { $0.text == $1 }
                }
                var at: Int? = nil
                for d in 0...max(lines.count, 1) {
                    if matches(named - d) { at = named - d; break }
                    if d > 0, matches(named + d) { at = named + d; break }
                    if named - d < 0 && named + d > lines.count { break }
                }
                guard let start = at else {
                    throw ApplyError(description: "\(name): \(label) does not apply to \(source ?? target) in \(root)")
                }
                labels.append(label)
                let mark = labels.count - 1
                // Kept lines keep their mark (an earlier patch of the series may have added
                // them); the line after a deletion is marked as touched.
                var merged: [Line] = [], oldIndex = start, afterDeletion = false
                for (kind, text) in h.lines {
                    switch kind {
                    case "-": oldIndex += 1; afterDeletion = true
                    case "+": merged.append(Line(text: text, hunk: mark)); afterDeletion = false
                    default:
                        var l = lines[oldIndex]
                        if afterDeletion { l.hunk = mark; afterDeletion = false }
                        merged.append(l); oldIndex += 1
                    }
                }
                lines.replaceSubrange(start..<(start + old.count), with: merged)
                if afterDeletion, start + merged.count < lines.count { lines[start + merged.count].hunk = mark }
                shift += merged.count - old.count + (start - named)
            }
            if let s = source, s != target { contents[s] = nil; deleted.insert(s) }
            deleted.remove(target)
            contents[target] = lines
        }
        var out = Applied()
        out.deleted = deleted.sorted()
        for (rel, lines) in contents {
            out.overlay[root + "/" + rel] = lines.map(\.text).joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
            for (i, l) in lines.enumerated() {
                guard let h = l.hunk else { continue }
                out.changed[rel, default: []].insert(i + 1)
                out.hunkOf[rel, default: [:]][i + 1] = labels[h]
            }
        }
        return out
    }

    /// The file sections of every patch in `text`, in order.
    static func parse(_ text: String, name: String) throws -> [FilePatch] {
        var out: [FilePatch] = []
        var subject = ""
        var cur: FilePatch? = nil
        var hunk: Hunk? = nil
        var remaining = (old: 0, new: 0)
        var pendingOld: String?? = nil   // from `--- `: .some(nil) is /dev/null
        func finishHunk() {
            if let h = hunk { cur?.hunks.append(h) }
            hunk = nil
        }
        func finishFile() {
            finishHunk()
            if let c = cur { out.append(c) }
            cur = nil
        }
        func path(_ raw: Substring) -> String? { diffPath(raw) }
        // A mail saved with CRLF line ends ("\r\n" is one Character to Swift).
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (n, line) in lines.enumerated() {
            if hunk != nil, remaining.old > 0 || remaining.new > 0 {
                try addHunkLine(line, to: &hunk!, remaining: &remaining, file: cur, name: name, lineNumber: n)
                continue
            }
            if line.hasPrefix("\\ ") { continue }
            if line.hasPrefix("Subject: ") {
                subject = String(line.dropFirst("Subject: ".count))
                continue
            }
            if line.hasPrefix("diff --git ") {
                finishFile()
                // Paths come from ---/+++ (or rename lines); this one is the fallback for mode-only changes.
                let parts = line.dropFirst("diff --git ".count).split(separator: " ")
                cur = FilePatch(oldPath: parts.first.flatMap(path), newPath: parts.last.flatMap(path), subject: subject)
                continue
            }
            if line.hasPrefix("rename from ") { cur?.oldPath = String(line.dropFirst("rename from ".count)); continue }
            if line.hasPrefix("rename to ") { cur?.newPath = String(line.dropFirst("rename to ".count)); continue }
            if line.hasPrefix("--- ") && hunk == nil {
                pendingOld = .some(path(line.dropFirst(4)))
                continue
            }
            if line.hasPrefix("+++ "), let old = pendingOld {
                if cur == nil || !(cur!.hunks.isEmpty) { finishFile(); cur = FilePatch(oldPath: nil, newPath: nil, subject: subject) }
                cur!.oldPath = old
                cur!.newPath = path(line.dropFirst(4))
                pendingOld = nil
                continue
            }
            if line.hasPrefix("@@ ") {
                guard cur != nil else { throw ApplyError(description: "\(name):\(n + 1): a hunk before any file header") }
                finishHunk()
                let opened = try hunkHeader(line, name: name, lineNumber: n)
                hunk = opened
                remaining = (opened.oldCount, opened.newCount)
                continue
            }
            if line.hasPrefix("From ") && line.contains(" Mon Sep 17 00:00:00 2001") { finishFile(); subject = "" }
        }
        finishFile()
        return out.filter { !$0.hunks.isEmpty || $0.oldPath == nil || $0.newPath == nil || $0.oldPath != $0.newPath }
    }

    /// A path of a `diff --git`, `---` or `+++` line, without its `a/` or `b/` (nil: /dev/null).
    static func diffPath(_ raw: Substring) -> String? {
        var p = String(raw)
        // C-quoted when the name holds control characters, quotes or backslashes (git);
        // else a name that holds a space ends with a tab (GNU diff, git).
        if p.hasPrefix("\"") { p = Git.unquote(p) }
        else if let tab = p.firstIndex(of: "\t") { p = String(p[..<tab]) }
        if p == "/dev/null" { return nil }
        if p.hasPrefix("a/") || p.hasPrefix("b/") { p = String(p.dropFirst(2)) }
        return p
    }

    /// The hunk a `@@ -a,b +c,d @@` line (line `n` of `name`, 0-based) opens, without its lines yet.
    static func hunkHeader(_ line: Substring, name: String, lineNumber n: Int) throws -> Hunk {
        let fields = line.split(separator: " ")
        func range(_ s: Substring?) -> (Int, Int)? {
            guard let s else { return nil }
            let nums = s.dropFirst().split(separator: ",").map { Int($0) }
            guard let a = nums.first ?? nil else { return nil }
            return (a, nums.count > 1 ? (nums[1] ?? -1) : 1)
        }
        guard fields.count >= 3, fields[1].hasPrefix("-"), fields[2].hasPrefix("+"),
              let o = range(fields[1]), let w = range(fields[2]), o.1 >= 0, w.1 >= 0 else {
            throw ApplyError(description: "\(name):\(n + 1): malformed hunk header: \(line)")
        }
        let header = fields.prefix(4).joined(separator: " ")
        return Hunk(oldStart: o.0, oldCount: o.1, newStart: w.0, newCount: w.1, header: header)
    }

    /// Adds line `n` of `name` (0-based) to the open hunk of `file`, counting down the old and
    /// new lines its header announced.
    static func addHunkLine(_ line: Substring, to hunk: inout Hunk, remaining: inout (old: Int, new: Int), file cur: FilePatch?,
                            name: String, lineNumber n: Int) throws {
        let kind = line.first ?? " "   // an empty line in a hunk is an empty context line
        let body = line.isEmpty ? line : line.dropFirst()
        func which() -> String { "\(name):\(n + 1): hunk \((cur?.hunks.count ?? 0) + 1) of \(cur?.newPath ?? cur?.oldPath ?? "?")" }
        switch kind {
        case " ": hunk.lines.append((" ", body)); remaining.old -= 1; remaining.new -= 1
        case "-": hunk.lines.append(("-", body)); remaining.old -= 1
        case "+": hunk.lines.append(("+", body)); remaining.new -= 1
        case "\\": break   // \ No newline at end of file
        default:
            throw ApplyError(description: "\(which()) ends early (\(hunk.header))")
        }
        if remaining.old < 0 || remaining.new < 0 {
            throw ApplyError(description: "\(which()) has more lines than its header says (\(hunk.header))")
        }
    }
}

extension Patch {
    /// Ties each finding to the hunk it touches (its line, a path step or a related location
    /// on a line the series changed): a related note naming the hunk.
    public static func annotate(_ findings: inout [Finding], _ applied: Applied) {
        for k in findings.indices {
            guard let (file, line) = Triage.touched(findings[k], applied.changed), let label = applied.hunkOf[file]?[line] else { continue }
            findings[k].related.append(Related(file: file, line: line, message: "the patch changes this line: \(label)"))
        }
    }
}
