import Checker
import Facts
import Findings
import Foundation

/// SARIF 2.1.0 for code scanning (GitHub and other viewers).
///
/// - every rule is described (not only those that fired), with its rationale and examples;
/// - locations are relative to `%SRCROOT%` (the tree root, given in `originalUriBaseIds`) with
///   UTF-16 columns converted from libclang's byte columns;
/// - `partialFingerprints.primaryLocationLineHash` is computed the way GitHub's upload action
///   does (a rolling hash of the primary line's first 100 non-blank characters), and
///   `mmlint/v1` is mmlint's own line-independent fingerprint;
/// - a replay witness becomes `codeFlows` (one thread flow per CPU, a global execution order),
///   and the two-CPU timeline is also in `message.text`, which is what GitHub shows;
/// - GitHub's limits are kept: at most 5,000 results (errors first), ≤ 10 locations per result,
///   ids ≤ 255 and descriptions ≤ 1,024 characters.
public struct SARIFInput {
    public var findings: [Finding]
    public var rules: [Rule]
    public var root: String
    public var version: String
    public var failedFiles: [(file: String, message: String)]
    public var exitCode: Int32
    /// Fingerprints of a baseline: results in it are `unchanged`, the others `new`.
    public var baseline: Set<String>?
    /// The configurations of a run of several (run `properties.configurations`; each result
    /// names those it holds in).
    public var configurations: [SARIFConfiguration] = []
    public init(findings: [Finding], rules: [Rule], root: String, version: String,
                failedFiles: [(file: String, message: String)], exitCode: Int32, baseline: Set<String>? = nil) {
        self.findings = findings; self.rules = rules; self.root = root; self.version = version
        self.failedFiles = failedFiles; self.exitCode = exitCode; self.baseline = baseline
    }
}

/// One configuration of a run of several, as SARIF's run properties list it.
public struct SARIFConfiguration {
    public var name: String, arch: String, objtree: String
    public var filesSelected: Int, filesParsed: Int, filesFailed: Int
    public init(name: String, arch: String, objtree: String, filesSelected: Int, filesParsed: Int, filesFailed: Int) {
        self.name = name; self.arch = arch; self.objtree = objtree
        self.filesSelected = filesSelected; self.filesParsed = filesParsed; self.filesFailed = filesFailed
    }
}

public enum SARIFReport {
    public static let schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    public static let maxResults = 5000
    public static let maxLocations = 10

    static func cap(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }

    static func level(_ severity: Severity) -> String { severity.rawValue }

    static func firstParagraph(_ s: String) -> String {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        let p = t.components(separatedBy: "\n\n").first ?? t
        return p.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    static func ruleObject(_ r: Rule) -> [String: Any] {
        let full = firstParagraph(r.rationale)
        let rationale = r.rationale.trimmingCharacters(in: .whitespacesAndNewlines)
        var text = "\(r.title)\n\n\(rationale)\n\nExample:\n\(r.bad)\nUse instead:\n\(r.good)"
        var md = "**\(r.title)**\n\n\(rationale)\n\n#### Example\n```c\n\(r.bad)```\n\n#### Use instead\n```c\n\(r.good)```\n"
        if !r.references.isEmpty {
            text += "\nReferences:\n" + r.references.map { "- \($0)" }.joined(separator: "\n")
            md += "\n#### References\n" + r.references.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        return [
            "id": cap(r.id, 255),
            "name": r.id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(),
            "shortDescription": ["text": cap(r.title, 1024)],
            "fullDescription": ["text": cap(full, 1024)],
            "help": ["text": text, "markdown": md],
            "defaultConfiguration": ["level": level(r.severity)],
            "properties": [
                "tags": ["correctness", "mm-lifetime", "linux-kernel", r.requires == "present" ? "page-tables" : "refcount"],
                "precision": r.evidence == .origin ? "high" : "medium",
                "problem.severity": r.severity == .note ? "recommendation" : r.severity.rawValue,
            ] as [String: Any],
        ]
    }

    /// libclang columns count bytes; SARIF's `utf16CodeUnits` columns count UTF-16 units.
    static func utf16Column(_ lineText: String?, byteColumn: Int) -> Int {
        guard let t = lineText, byteColumn > 1 else { return max(1, byteColumn) }
        let bytes = Array(t.utf8.prefix(byteColumn - 1))
        return String(decoding: bytes, as: UTF8.self).utf16.count + 1
    }

    public static func render(_ input: SARIFInput) throws -> String {
        let ruleIndex = Dictionary(uniqueKeysWithValues: input.rules.enumerated().map { ($1.id, $0) })
        var files = FileTexts(root: input.root)
        // GitHub keeps 5,000 results: the most severe first (errors, then confirmed ones).
        func rank(_ f: Finding) -> Int {
            let s = 3 - f.severity.rank
            let v = f.replay?.verdict == .confirmed ? 0 : f.replay?.verdict == .inconclusive ? 1 : 2
            return s * 3 + v
        }
        let kept = input.findings.enumerated()
            .sorted { (rank($0.1), $0.0) < (rank($1.1), $1.0) }
            .prefix(maxResults)
            .sorted { $0.0 < $1.0 }
            .map(\.1)
        var results: [[String: Any]] = []
        for f in kept {
            results.append(result(f, ruleIndex: ruleIndex[f.rule], files: &files, baseline: input.baseline))
        }
        var notifications: [[String: Any]] = []
        for ff in input.failedFiles {
            notifications.append([
                "level": "error",
                "message": ["text": cap("not analyzed: \(ff.message)", 1024)],
                "locations": [["physicalLocation": ["artifactLocation": ["uri": uriPath(ff.file), "uriBaseId": "%SRCROOT%"]]]],
                "descriptor": ["id": "parse-failure"],
            ])
        }
        var run: [String: Any] = [
            "tool": ["driver": [
                "name": "mmlint",
                "version": input.version,
                "semanticVersion": input.version,
                "informationUri": "https://github.com/mmlint/mmlint",
                "rules": input.rules.map(ruleObject),
            ] as [String: Any]],
            "originalUriBaseIds": ["%SRCROOT%": ["uri": URL(fileURLWithPath: input.root, isDirectory: true).absoluteString]],
            "columnKind": "utf16CodeUnits",
            "results": results,
            "invocations": [[
                "executionSuccessful": input.exitCode != 2,
                "exitCode": Int(input.exitCode),
                "toolExecutionNotifications": notifications,
            ] as [String: Any]],
        ]
        // One run for all configurations, not one per configuration: a finding in shared code is
        // one result (one alert in code scanning, which keys alerts by tool, category and
        // fingerprint) naming its configurations, and one upload carries the whole matrix.
        if !input.configurations.isEmpty {
            run["properties"] = ["configurations": input.configurations.map {
                ["name": $0.name, "arch": $0.arch, "objtree": $0.objtree,
                 "filesSelected": $0.filesSelected, "filesParsed": $0.filesParsed, "filesFailed": $0.filesFailed] as [String: Any]
            }]
        }
        let doc: [String: Any] = ["$schema": schema, "version": "2.1.0", "runs": [run]]
        let data = try JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Relative paths as URI references (spaces and other reserved characters escaped).
    static func uriPath(_ rel: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#[]@!$&'()*+,;=")
        return rel.addingPercentEncoding(withAllowedCharacters: allowed) ?? rel
    }

    static func location(_ file: String, _ line: Int, _ column: Int?, _ files: inout FileTexts,
                         message: String? = nil, id: Int? = nil) -> [String: Any] {
        var region: [String: Any] = ["startLine": max(1, line)]
        if let c = column { region["startColumn"] = utf16Column(files.line(file, line), byteColumn: c) }
        var loc: [String: Any] = ["physicalLocation": [
            "artifactLocation": ["uri": uriPath(file), "uriBaseId": "%SRCROOT%"],
            "region": region,
        ] as [String: Any]]
        if let m = message { loc["message"] = ["text": m] }
        if let i = id { loc["id"] = i }
        return loc
    }

    static func result(_ f: Finding, ruleIndex: Int?, files: inout FileTexts, baseline: Set<String>?) -> [String: Any] {
        var related: [[String: Any]] = []
        var text = f.message
        for (i, r) in f.related.prefix(maxLocations).enumerated() {
            related.append(location(r.file, r.line, nil, &files, message: r.message, id: i + 1))
        }
        if !related.isEmpty {
            // Linked from the message: GitHub renders `[text](id)` as a link to the location.
            let links = related.indices.map { i in
                "[\(f.related[i].message.hasPrefix("holder store") ? "holder store" : "related")](\(i + 1))"
            }
            text += " (see " + links.joined(separator: ", ") + ")"
        }
        if let r = f.replay {
            text += "\nreplay: \(r.verdict.rawValue)" + (r.violation.map { " [\($0)]" } ?? "") + ": \(r.reason)"
            for a in r.assumptions { text += "\nreplay assumes: \(a)" }
            if !r.trace.isEmpty { text += "\n" + TextReport.timeline(r) }
        }
        var res: [String: Any] = [
            "ruleId": f.rule,
            "level": level(f.severity),
            "message": ["text": text],
            "locations": [location(f.file, f.line, f.column, &files)],
            "partialFingerprints": [
                "primaryLocationLineHash": files.lineHash(f.file, f.line) ?? "",
                "mmlint/v1": f.fingerprint.isEmpty ? f.stableFingerprint : f.fingerprint,
            ],
        ]
        if (res["partialFingerprints"] as! [String: String])["primaryLocationLineHash"] == "" {
            res["partialFingerprints"] = ["mmlint/v1": f.fingerprint.isEmpty ? f.stableFingerprint : f.fingerprint]
        }
        if let i = ruleIndex { res["ruleIndex"] = i }
        if !related.isEmpty { res["relatedLocations"] = related }
        if let b = baseline { res["baselineState"] = b.contains(f.fingerprint) ? "unchanged" : "new" }
        if let s = f.suppression {
            res["suppressions"] = [["kind": s.kind.rawValue, "justification": s.justification, "status": "accepted",
                                    "properties": ["location": s.location]] as [String: Any]]
        }
        var props: [String: Any] = ["function": f.function, "origin": f.origin]
        if let r = f.replay {
            props["replay"] = ["verdict": r.verdict.rawValue, "reason": r.reason, "violation": r.violation ?? "",
                               "assumptions": r.assumptions, "semantics": r.semantics]
            if !r.trace.isEmpty {
                var flows: [[String: Any]] = []
                for cpu in 0..<max(2, r.cpus.count) {
                    var locs: [[String: Any]] = []
                    for (k, step) in r.trace.enumerated() where step.cpu == cpu {
                        // A step with a line in a file of the tree gets a physical location;
                        // others (the kernel's own steps in a tree that is not 6.12) only a message.
                        var l: [String: Any] = ["executionOrder": k + 1, "nestingLevel": 0]
                        if step.line > 0, !step.file.isEmpty, files.exists(step.file) {
                            l["location"] = location(step.file, step.line, nil, &files, message: step.event)
                        } else {
                            l["location"] = ["message": ["text": step.event + (step.file.isEmpty ? "" : " (\(step.file))")]]
                        }
                        locs.append(l)
                    }
                    if locs.isEmpty { continue }
                    let cpuName = cpu < r.cpus.count ? r.cpus[cpu] : ""
                    flows.append(["id": "cpu\(cpu)", "message": ["text": "CPU \(cpu): " + cpuName], "locations": locs])
                }
                res["codeFlows"] = [["message": ["text": "replay witness (\(r.violation ?? r.verdict.rawValue))"], "threadFlows": flows]]
            }
        }
        if let c = f.configs { props["configurations"] = c }
        res["properties"] = props
        return res
    }
}

/// Source lines of the analyzed tree, read once per file (for columns and line hashes).
struct FileTexts {
    let root: String
    var lines: [String: [String]] = [:]
    var hashes: [String: [Int: String]] = [:]

    init(root: String) { self.root = root }

    mutating func text(_ rel: String) -> String? {
        guard let d = FileManager.default.contents(atPath: rel.hasPrefix("/") ? rel : root + "/" + rel) else { return nil }
        return String(decoding: d, as: UTF8.self)
    }

    func exists(_ rel: String) -> Bool { FileManager.default.fileExists(atPath: root + "/" + rel) }

    mutating func line(_ rel: String, _ n: Int) -> String? {
        if lines[rel] == nil { lines[rel] = text(rel).map { $0.components(separatedBy: "\n") } ?? [] }
        let l = lines[rel]!
        return n >= 1 && n <= l.count ? l[n - 1] : nil
    }

    mutating func lineHash(_ rel: String, _ n: Int) -> String? {
        if hashes[rel] == nil {
            guard let t = text(rel) else { hashes[rel] = [:]; return nil }
            hashes[rel] = LineHash.hashes(t)
        }
        return hashes[rel]![n]
    }
}

/// GitHub's `primaryLocationLineHash` (github/codeql-action, src/fingerprints.ts): for every
/// line, a polynomial rolling hash (base 37, 64-bit wrapping) over the next 100 characters
/// counted from the line's start, skipping spaces and tabs and normalizing CR and CRLF to LF;
/// the end of the file is a 65535 character followed by zeros. `hash:n` numbers repeats.
public enum LineHash {
    public static func hashes(_ text: String) -> [Int: String] {
        let block = 100
        let mod: UInt64 = 37
        var firstMod: UInt64 = 1
        for _ in 0..<block { firstMod = firstMod &* mod }
        var window = [UInt64](repeating: 0, count: block)
        var lineNumbers = [Int](repeating: -1, count: block)
        var hash: UInt64 = 0
        var index = 0, lineNumber = 0
        var lineStart = true, prevCR = false
        var counts: [String: Int] = [:]
        var out: [Int: String] = [:]
        func emit() {
            let h = String(hash, radix: 16)
            counts[h, default: 0] += 1
            out[lineNumbers[index]] = "\(h):\(counts[h]!)"
            lineNumbers[index] = -1
        }
        func update(_ c: UInt64) {
            let begin = window[index]
            window[index] = c
            hash = mod &* hash &+ c &- firstMod &* begin
            index = (index + 1) % block
        }
        func process(_ c0: UInt16) {
            var c = c0
            if c == 0x20 || c == 0x09 || (prevCR && c == 0x0a) { prevCR = false; return }
            if c == 0x0d { c = 0x0a; prevCR = true } else { prevCR = false }
            if lineNumbers[index] != -1 { emit() }
            if lineStart { lineStart = false; lineNumber += 1; lineNumbers[index] = lineNumber }
            if c == 0x0a { lineStart = true }
            update(UInt64(c))
        }
        for u in text.utf16 { process(u) }
        process(65535)
        for _ in 0..<block {
            if lineNumbers[index] != -1 { emit() }
            update(0)
        }
        return out
    }
}
