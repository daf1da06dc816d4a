import Checker
import Findings
import Foundation
import KernelTree

// What happens to findings after the analysis: suppressions (out of tree, keyed by fingerprint,
// each with a justification; or in source), baselines (only new findings count) and the
// changed-lines filter of the pre-commit and CI modes.

/// A suppressions file: a YAML list of `{fingerprint, justification, rule?, at?}`.
public struct SuppressionFile: Sendable {
    public struct Entry: Sendable {
        public var fingerprint: String
        public var justification: String
        public var rule: String?
        /// The file (`at: FILE` or `FILE:LINE`) the suppressed finding is in, when given: the
        /// entry is then judged unused only by a run that analyzed that file.
        public var file: String?
        public var line: Int
    }
    public var path: String
    public var entries: [String: Entry] = [:]

    public static func load(_ path: String) throws -> SuppressionFile {
        guard FileManager.default.fileExists(atPath: path) else {
            throw RuleError(file: path, line: 0, message: "no such suppressions file")
        }
        var out = SuppressionFile(path: path)
        let top = try parseYAML(path)
        for item in try top.seq() {
            let m = try item.mapping(allowed: ["fingerprint", "justification", "rule", "at"], required: ["fingerprint", "justification"])
            let fp = try m["fingerprint"]!.str().lowercased()
            guard fp.range(of: "^[0-9a-f]{32}$", options: .regularExpression) != nil else {
                throw m["fingerprint"]!.fail("fingerprint: expected the 32 hex digits of a finding's mmlint/v1 fingerprint")
            }
            let why = try m["justification"]!.str().trimmingCharacters(in: .whitespacesAndNewlines)
            guard why.count >= 10 else {
                throw m["justification"]!.fail("justification is mandatory: say why the finding is safe (at least a sentence)")
            }
            if out.entries[fp] != nil { throw item.fail("duplicate fingerprint \(fp)") }
            let at = try m["at"]?.str()
            let atFile = at.map { a in a.split(separator: ":").first.map(String.init) ?? a }
            out.entries[fp] = Entry(fingerprint: fp, justification: why, rule: try m["rule"]?.str(), file: atFile, line: item.line)
        }
        return out
    }
}

public enum Triage {
    /// Applies the suppressions to a run's findings and adds a note for every entry of the
    /// suppressions file that matched nothing although the run analyzed what it would match
    /// (ruff's RUF100): a stale fingerprint is said, and `--fail-on note` can make it fail.
    public static func applySuppressions(to res: inout CheckResult, file: SuppressionFile?, overlay: [String: String] = [:]) {
        applySuppressions(&res.findings, file: file, root: res.root, overlay: overlay)
        guard let sf = file else { return }
        let used = Set(res.findings.compactMap { f in f.suppression.flatMap { $0.kind == .external ? f.fingerprint : nil } })
        let parsed = Set(res.files)
        let abs = URL(fileURLWithPath: sf.path).standardizedFileURL.path
        let location = abs.hasPrefix(res.root + "/") ? String(abs.dropFirst(res.root.count + 1)) : sf.path
        var notes: [Finding] = []
        for e in sf.entries.values.sorted(by: { $0.line < $1.line }) where !used.contains(e.fingerprint) {
            let inScope = e.file.map { parsed.contains(res.root + "/" + $0) } ?? res.wholeTree
            guard inScope else { continue }
            let what = e.rule.map { "[\($0)] " } ?? ""
            notes.append(Finding(rule: "mmlint-unused-suppression", severity: .note, file: location, line: e.line,
                                 column: 1, function: "",
                                 message: "suppression \(what)\(e.fingerprint) matches no finding of this run: remove it "
                                     + "(or the finding changed: its fingerprint is in the JSON report)",
                                 origin: "", related: [], path: []))
        }
        Finding.assignFingerprints(&notes)
        res.findings += notes
    }

    /// Marks suppressed findings. In source: `/* mmlint: allow RULE -- reason */` on the
    /// finding's line or the line above it. A suppression without a reason suppresses nothing
    /// and is reported itself (rule `mmlint-suppression`).
    public static func applySuppressions(_ findings: inout [Finding], file: SuppressionFile?, root: String,
                                         overlay: [String: String] = [:]) {
        var texts: [String: [String]] = [:]
        func lines(_ rel: String) -> [String] {
            if let l = texts[rel] { return l }
            let abs = root + "/" + rel
            let t = overlay[abs] ?? FileManager.default.contents(atPath: abs).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let l = t.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(Substring($0)) }
            texts[rel] = l
            return l
        }
        let re = try! NSRegularExpression(pattern: #"/\*\s*mmlint:\s*allow\s+([a-z0-9-]+)\s*(?:--\s*(.*?))?\s*\*/"#)
        var extra: [Finding] = []
        var reportedEmpty: Set<String> = []
        for i in findings.indices {
            let f = findings[i]
            if let sf = file, let e = sf.entries[f.fingerprint], e.rule == nil || e.rule == f.rule {
                findings[i].suppression = Suppression(kind: .external, justification: e.justification, location: "\(sf.path):\(e.line)")
                continue
            }
            let l = lines(f.file)
            for n in [f.line, f.line - 1] where n >= 1 && n <= l.count {
                let ns = l[n - 1] as NSString
                guard let m = re.firstMatch(in: l[n - 1], range: NSRange(location: 0, length: ns.length)),
                      ns.substring(with: m.range(at: 1)) == f.rule else { continue }
                let why = m.range(at: 2).location == NSNotFound
                    ? "" : ns.substring(with: m.range(at: 2)).trimmingCharacters(in: .whitespaces)
                if why.isEmpty {
                    if reportedEmpty.insert("\(f.file):\(n)").inserted {
                        extra.append(Finding(rule: "mmlint-suppression", severity: .warning, file: f.file, line: n, column: 1,
                                             function: f.function,
                                             message: "in-source suppression of [\(f.rule)] without a reason: "
                                                 + "write `/* mmlint: allow \(f.rule) -- why the borrow is safe */`",
                                             origin: "", related: [], path: []))
                    }
                } else {
                    findings[i].suppression = Suppression(kind: .inSource, justification: why, location: "\(f.file):\(n)")
                }
                break
            }
        }
        // Only the new ones: a reused (cached) finding keeps the fingerprint it was stored with
        // (its replay subject, part of the identity, is not cached).
        Finding.assignFingerprints(&extra)
        findings += extra
        findings.sort { ($0.file, $0.line, $0.rule, $0.column) < ($1.file, $1.line, $1.rule, $1.column) }
    }

    /// Fingerprints of a previous report: mmlint's JSON (`findings[].fingerprint`) or SARIF
    /// (`runs[].results[].partialFingerprints["mmlint/v1"]`).
    public static func baseline(_ path: String) throws -> Set<String> {
        guard let d = FileManager.default.contents(atPath: path) else { throw TreeError(path, "cannot read the baseline") }
        guard let top = try? JSONSerialization.jsonObject(with: d) as? [String: Any] else {
            throw TreeError(path, "the baseline is not a JSON or SARIF report")
        }
        var out: Set<String> = []
        if let runs = top["runs"] as? [[String: Any]] {
            for r in runs {
                for res in r["results"] as? [[String: Any]] ?? [] {
                    if let fp = (res["partialFingerprints"] as? [String: Any])?["mmlint/v1"] as? String { out.insert(fp) }
                }
            }
        } else if let fs = top["findings"] as? [[String: Any]] {
            for f in fs { if let fp = f["fingerprint"] as? String, !fp.isEmpty { out.insert(fp) } }
        } else {
            throw TreeError(path, "the baseline has neither `findings` (mmlint JSON) nor `runs` (SARIF)")
        }
        return out
    }

    /// A finding touches a changed line through its location, its path, or its related
    /// locations (holder stores, the callee whose requirement it reports).
    public static func touches(_ f: Finding, _ changed: [String: Set<Int>]) -> Bool { touched(f, changed) != nil }

    /// The first changed line the finding touches: its own, a path step's, a related location's.
    public static func touched(_ f: Finding, _ changed: [String: Set<Int>]) -> (file: String, line: Int)? {
        if changed[f.file]?.contains(f.line) == true { return (f.file, f.line) }
        for e in f.path where changed[e.file]?.contains(e.line) == true { return (e.file, e.line) }
        for r in f.related where changed[r.file]?.contains(r.line) == true { return (r.file, r.line) }
        return nil
    }
}

/// Git, run without a shell (argument arrays), so file names with spaces, quotes, newlines or
/// leading dashes are data.
public enum Git {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    static func run(_ args: [String], in dir: String) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", dir, "-c", "core.quotepath=off"] + args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let msg = String(decoding: e, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "exit \(p.terminationStatus)"
            throw Failure(description: "git \(args.prefix(2).joined(separator: " ")): \(msg)")
        }
        return data
    }

    /// Where git looks for this repository's hooks (core.hooksPath respected).
    public static func hooksFolder(_ dir: String) throws -> String {
        let out = try run(["rev-parse", "--path-format=absolute", "--git-path", "hooks"], in: dir)
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    public static func toplevel(_ dir: String) throws -> String {
        String(decoding: try run(["rev-parse", "--show-toplevel"], in: dir), as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    /// Lines added or changed on the new side, per file relative to `root`. `from == nil` with
    /// `staged` compares the index with HEAD.
    public static func changedLines(root: String, from: String?, staged: Bool) throws -> [String: Set<Int>] {
        let top = try toplevel(root)
        var args = ["diff", "--no-color", "--no-ext-diff", "--unified=0", "--no-renames"]
        if staged { args.append("--cached") }
        if let f = from { args.append(f) }
        args.append("--")
        // One unified-diff reader for git's output and for --patch (Patch.parse: names C-quoted
        // or ended with a tab, hunk headers); a pure deletion marks the line after it.
        let text = String(decoding: try run(args, in: root), as: UTF8.self)
        var out: [String: Set<Int>] = [:]
        for fp in try Patch.parse(text, name: "git diff") {
            guard let name = fp.newPath else { continue }
            let abs = top + "/" + name
            guard abs.hasPrefix(root + "/") else { continue }
            let rel = String(abs.dropFirst(root.count + 1))
            for h in fp.hunks {
                if h.newCount == 0 { out[rel, default: []].insert(max(1, h.newStart)); continue }
                for l in h.newStart..<(h.newStart + h.newCount) { out[rel, default: []].insert(l) }
            }
        }
        return out
    }

    /// The staged content of every added or modified file, by absolute path.
    public static func stagedContents(root: String) throws -> [String: String] {
        let top = try toplevel(root)
        let names = try run(["diff", "--cached", "--name-only", "-z", "--diff-filter=AM", "--"], in: root)
        var out: [String: String] = [:]
        for n in names.split(separator: 0) where !n.isEmpty {
            let name = String(decoding: n, as: UTF8.self)
            let d = try run(["show", ":" + name], in: top)
            out[top + "/" + name] = String(decoding: d, as: UTF8.self)
        }
        return out
    }

    /// git's C-style quoting of unusual names: "a\tb\\c\"d\303\251".
    static func unquote(_ q: String) -> String {
        var bytes: [UInt8] = []
        var it = Array(q.utf8.dropFirst().dropLast())[...]
        while let c = it.popFirst() {
            guard c == UInt8(ascii: "\\"), let n = it.popFirst() else { bytes.append(c); continue }
            switch n {
            case UInt8(ascii: "n"): bytes.append(10)
            case UInt8(ascii: "t"): bytes.append(9)
            case UInt8(ascii: "\""): bytes.append(34)
            case UInt8(ascii: "\\"): bytes.append(92)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var v = Int(n - 48)
                for _ in 0..<2 { if let d = it.first, d >= 48, d <= 55 { v = v * 8 + Int(d - 48); it = it.dropFirst() } }
                bytes.append(UInt8(v & 0xff))
            default: bytes.append(n)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
