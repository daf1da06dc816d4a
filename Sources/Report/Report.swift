import Facts
import Findings
import Checker
import Foundation

/// Output formats. Every format is a pure function of the findings: order is the caller's
/// (already deterministic: path, line, rule).
public enum TextReport {
    /// gcc style: `path:line:col: error: message [rule]`, then `note:` lines for the evidence.
    /// Without `verbose`, what gcc and smatch users scan: the headline, where and whose mm,
    /// the related locations and a one-line replay verdict; the path, the verdict's reason and
    /// assumptions and the two-CPU witness come with `verbose` (`check -v`), the witness folded
    /// to `width` columns.
    /// In a run of several `configurations`, a finding that holds in only some of them says which.
    public static func render(_ findings: [Finding], color: Bool = false, verbose: Bool = true, width: Int = 136,
                              configurations: [String] = []) -> String {
        var out = ""
        for f in findings {
            let sev: String
            if color {
                let code = f.severity == .error ? "1;31" : f.severity == .warning ? "1;35" : "1;36"
                sev = "\u{1b}[\(code)m\(f.severity.rawValue):\u{1b}[0m"
            } else { sev = "\(f.severity.rawValue):" }
            out += "\(f.file):\(f.line):\(f.column): \(sev) \(f.message) [\(f.rule)]\n"
            let context = f.originIsUnproven
                ? "nothing on the path below proves the fact the operation needs"
                : "origin of the mm: \(f.origin)"
            out += "\(f.file):\(f.line):\(f.column): note: in \(f.function)(); \(context)\n"
            if let c = f.configs, c.count < configurations.count {
                let others = configurations.filter { !c.contains($0) }
                out += "\(f.file):\(f.line):\(f.column): note: only in \(c.joined(separator: ", ")) "
                    + "(not in \(others.joined(separator: ", ")))\n"
            }
            for r in f.related { out += "\(r.file):\(r.line): note: \(r.message)\n" }
            let loc = "\(f.file):\(f.line):\(f.column)"
            guard verbose else {
                if let r = f.replay { out += "\(loc): note: " + replayLine(r, pathSteps: f.path.count) + "\n" }
                continue
            }
            if !f.path.isEmpty {
                out += "\(loc): note: path:\n"
                for e in shownPath(f.path) { out += "    \(e.file):\(e.line): \(e.event)\n" }
            }
            if let r = f.replay { out += replay(r, at: loc, width: width) }
        }
        return out
    }

    /// The path as reports show it: `call f(x)` then `assign y = f(x)` on the same line is one
    /// step (the assignment says both).
    static func shownPath(_ path: [PathEvent]) -> [PathEvent] {
        path.indices.compactMap { k in
            let e = path[k]
            if e.event.hasPrefix("call "), k + 1 < path.count, path[k + 1].file == e.file, path[k + 1].line == e.line,
               path[k + 1].event.hasPrefix("assign "), path[k + 1].event.hasSuffix("= " + e.event.dropFirst(5)) { return nil }
            return e
        }
    }

    /// One line per finding for editors and quickfix lists (vim `:cfile`, emacs compile-mode,
    /// like `ruff --output-format concise`): `path:line:col: severity: message [rule]`, the
    /// replay verdict appended; paths relative to `cwd` so the jump works from where mmlint ran.
    public static func concise(_ findings: [Finding], root: String, cwd: String) -> String {
        var out = ""
        for f in findings {
            let path = relativePath(root + "/" + f.file, from: cwd)
            var line = "\(path):\(f.line):\(f.column): \(f.severity): \(f.message) [\(f.rule)]"
            if let r = f.replay { line += " (replay: \(r.verdict.rawValue))" }
            out += line.replacingOccurrences(of: "\n", with: " ") + "\n"
        }
        return out
    }

    /// `path` relative to the folder `base` (both absolute): `drivers/x.c`, `../k/drivers/x.c`.
    public static func relativePath(_ path: String, from base: String) -> String {
        let p = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let b = URL(fileURLWithPath: base).standardizedFileURL.pathComponents
        var i = 0
        while i < p.count, i < b.count, p[i] == b[i] { i += 1 }
        if i <= 1 { return URL(fileURLWithPath: path).standardizedFileURL.path }   // only "/" shared
        let up = Array(repeating: "..", count: b.count - i)
        return (up + p[i...]).joined(separator: "/")
    }

    /// The replay verdict, its assumptions and, for a confirmed finding, the witness as a
    /// two-CPU timeline (one event per line, the way races are drawn on LKML).
    public static func replay(_ r: ReplayResult, at loc: String, width: Int = 136) -> String {
        var out = "\(loc): note: replay: \(r.verdict.rawValue)"
        if let v = r.violation { out += " [\(v)]" }
        out += ": \(r.reason)\n"
        for a in r.assumptions { out += "\(loc): note: replay assumes: \(a)\n" }
        if !r.trace.isEmpty { out += timeline(r, width: max(30, min(66, (width - 4) / 2))) }
        return out
    }

    /// The verdict in one line, and what `-v` adds.
    static func replayLine(_ r: ReplayResult, pathSteps: Int) -> String {
        let line = "replay: \(r.verdict.rawValue)" + (r.violation.map { " [\($0)]" } ?? "")
        var more: [String] = []
        if pathSteps > 0 { more.append("the path") }
        more.append(r.verdict == .inconclusive ? "why" : "the reason")
        if !r.assumptions.isEmpty { more.append(r.assumptions.count == 1 ? "1 assumption" : "\(r.assumptions.count) assumptions") }
        if !r.trace.isEmpty { more.append("the two-CPU witness") }
        let list = more.count == 1 ? more[0] : more.dropLast().joined(separator: ", ") + " and " + more.last!
        return line + " (-v: \(list))"
    }

    public static func timeline(_ r: ReplayResult, width: Int = 66) -> String {
        func cut(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }
        func pad(_ s: String) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
        let names = r.cpus + ["", ""]
        var out = "    " + pad(cut("CPU 0: \(names[0])", width - 2)) + cut("CPU 1: \(names[1])", width) + "\n"
        for step in r.trace {
            let file = (step.file as NSString).lastPathComponent
            let at = step.line > 0 ? " (\(file):\(step.line))" : step.file.isEmpty ? "" : " (\(step.file))"
            // One event per line: nothing stands to the right of a line, so nothing is cut.
            let text = step.event + at
            out += "    " + (step.cpu == 0 ? text : pad("") + text) + "\n"
        }
        return out
    }
}

public struct JSONTool: Codable {
    public var name: String
    public var version: String
    public init(name: String, version: String) { self.name = name; self.version = version }
}

/// mmlint's JSON report. Decoded again by `mmlint merge` (the parts of a run of several
/// configurations), `mmlint replay` and `--baseline`.
public struct JSONReport<S: Codable, C: Codable>: Codable {
    public var tool: JSONTool
    public var root: String
    public var kernelVersion: String?
    public var findings: [Finding]
    public var stats: S
    /// Each configuration's part, when the run analyzed several (absent otherwise).
    public var configurations: [C]?

    public init(tool: JSONTool, root: String, kernelVersion: String?, findings: [Finding], stats: S, configurations: [C]? = nil) {
        self.tool = tool; self.root = root; self.kernelVersion = kernelVersion; self.findings = findings; self.stats = stats
        self.configurations = configurations
    }

    public func render() throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try enc.encode(self), as: UTF8.self) + "\n"
    }
}
