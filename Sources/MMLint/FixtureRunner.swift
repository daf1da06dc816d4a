import Checker
import Foundation
import KernelTree

/// Annotated fixtures: `/* expect: RULE */` on a line must be reported there (error or
/// warning), `/* ok: RULE */` must not be, not even as a note. Any other error/warning is
/// unexpected. Notes (e.g. a mixed holder) are allowed on other lines and checked by `/* note: RULE */`.
/// `/* todo: RULE */` marks a real bug mmlint does not find yet (a gap the rule file's
/// semantics names): it must stay unreported, so the day it is found the fixture says to
/// promote it to `expect`.
public struct FixtureOutcome: Sendable {
    public var unit: String
    public var problems: [String]
    /// `expect:` lines and `note:` lines (a note-severity rule's positives).
    public var expected: Int
    public var okLines: Int
    /// Known misses (`todo:` lines), still not reported.
    public var todos: Int = 0
    public var passed: Bool { problems.isEmpty }
}

public enum FixtureRunner {
    struct Expect: Hashable { var file: String; var line: Int; var rule: String }
    /// `/* expect: RULE replay=VERDICT */`: the replay verdict the finding must get.
    struct VerdictExpect: Hashable { var at: Expect; var verdict: String }

    /// Units: a folder whose C files belong together (it has a header of its own) is one unit;
    /// otherwise every C file is a unit of its own.
    public static func units(_ dir: String) throws -> [[String]] {
        let files = try SourceFiles.collect([dir])
        var byDir: [String: [String]] = [:]
        for f in files { byDir[(f as NSString).deletingLastPathComponent, default: []].append(f) }
        var out: [[String]] = []
        for d in byDir.keys.sorted() {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: d)) ?? []
            if names.contains(where: { $0.hasSuffix(".h") }) { out.append(byDir[d]!.sorted()) }
            else { for f in byDir[d]!.sorted() { out.append([f]) } }
        }
        return out
    }

    /// The headers in the folders of a unit's C files.
    static func headers(besides unit: [String]) -> [String] {
        Set(unit.map { ($0 as NSString).deletingLastPathComponent }).sorted().flatMap { d in
            ((try? FileManager.default.contentsOfDirectory(atPath: d)) ?? []).filter { $0.hasSuffix(".h") }.sorted().map { d + "/" + $0 }
        }
    }

    /// A file's annotations. `malformed`: comments that start as one but do not read as one (a
    /// rule list, each rule optionally with `replay=VERDICT`, then an optional remark in parentheses):
    /// an annotation the runner cannot read would check nothing.
    struct Annotations {
        var expect: Set<Expect> = [], ok: Set<Expect> = [], note: Set<Expect> = [], todo: Set<Expect> = []
        var verdicts: Set<VerdictExpect> = []
        var malformed: [String] = []
    }

    static func annotations(_ file: String, relative rel: String) -> Annotations {
        var a = Annotations()
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return a }
        let re = try! NSRegularExpression(pattern: #"/\*\s*(expect|ok|note|todo):\s*([a-z0-9,=\s-]+?)\s*(?:\([^()]*\)\s*)?\*/"#)
        let start = try! NSRegularExpression(pattern: #"/\*\s*(expect|ok|note|todo):"#)
        for (i, line) in text.components(separatedBy: "\n").enumerated() {
            let ns = line as NSString
            let matches = re.matches(in: line, range: NSRange(location: 0, length: ns.length))
            if matches.count < start.numberOfMatches(in: line, range: NSRange(location: 0, length: ns.length)) {
                a.malformed.append("\(rel):\(i + 1): an annotation that does not read as one: \(line.trimmingCharacters(in: .whitespaces))")
            }
            for m in matches {
                let kind = ns.substring(with: m.range(at: 1))
                for item in ns.substring(with: m.range(at: 2)).split(separator: ",") {
                    let words = item.split(separator: " ").map(String.init)
                    guard let rule = words.first else { continue }
                    let x = Expect(file: rel, line: i + 1, rule: rule)
                    for w in words.dropFirst() where w.hasPrefix("replay=") {
                        a.verdicts.insert(VerdictExpect(at: x, verdict: String(w.dropFirst("replay=".count))))
                    }
                    switch kind {
                    case "expect": a.expect.insert(x)
                    case "ok": a.ok.insert(x)
                    case "todo": a.todo.insert(x)
                    default: a.note.insert(x)
                    }
                }
            }
        }
        return a
    }

    /// A unit written against an older kernel's API names it: `/* kernel-version: 5.4 */` in any of
    /// its files analyzes the unit as that version (the signatures and gates of that era).
    static func unitVersion(_ unit: [String]) -> String? {
        for f in unit {
            guard let text = try? String(contentsOfFile: f, encoding: .utf8), let r = text.range(of: "kernel-version: ") else { continue }
            let v = text[r.upperBound...].prefix { $0.isNumber || $0 == "." }
            if !v.isEmpty { return String(v) }
        }
        return nil
    }

    public static func run(directory: String, rulesDir: String, jobs: Int,
                           kernelVersion: String? = nil) throws -> [FixtureOutcome] {
        var outcomes: [FixtureOutcome] = []
        for unit in try units(directory) {
            var opt = CheckOptions(paths: unit, rulesDir: rulesDir, jobs: jobs, kernelVersion: unitVersion(unit) ?? kernelVersion)
            opt.prefilter = false
            let res = try MMLint.check(opt)
            var all = Annotations()
            // A unit's own headers carry annotations too (findings in their inline functions).
            for f in unit + headers(besides: unit) {
                let rel = f.hasPrefix(res.root + "/") ? String(f.dropFirst(res.root.count + 1)) : f
                let a = annotations(f, relative: rel)
                all.expect.formUnion(a.expect); all.ok.formUnion(a.ok); all.note.formUnion(a.note)
                all.verdicts.formUnion(a.verdicts); all.todo.formUnion(a.todo); all.malformed += a.malformed
            }
            let (expect, ok, note, todo, verdicts) = (all.expect, all.ok, all.note, all.todo, all.verdicts)
            var problems = all.malformed
            if expect.isEmpty && ok.isEmpty && note.isEmpty && todo.isEmpty {
                problems.append("no `expect:`, `ok:`, `note:` or `todo:` annotation: the unit checks nothing")
            }
            for ff in res.stats.failed { problems.append("\(ff.file): does not parse (\(ff.errors) errors): \(ff.first)") }
            let reported = Set(res.findings.filter { $0.severity != .note }.map { Expect(file: $0.file, line: $0.line, rule: $0.rule) })
            let notes = Set(res.findings.filter { $0.severity == .note }.map { Expect(file: $0.file, line: $0.line, rule: $0.rule) })
            for x in expect.sorted(by: { ($0.file, $0.line) < ($1.file, $1.line) }) where !reported.contains(x) {
                problems.append("\(x.file):\(x.line): expected [\(x.rule)] but it was not reported")
            }
            for x in note.sorted(by: { ($0.file, $0.line) < ($1.file, $1.line) }) where !notes.contains(x) {
                problems.append("\(x.file):\(x.line): expected a note [\(x.rule)] but none was reported")
            }
            for v in verdicts.sorted(by: { ($0.at.file, $0.at.line) < ($1.at.file, $1.at.line) }) {
                guard let f = res.findings.first(where: { $0.file == v.at.file && $0.line == v.at.line && $0.rule == v.at.rule })
                else { continue }
                let got = f.replay?.verdict.rawValue ?? "none"
                if got != v.verdict {
                    problems.append("\(v.at.file):\(v.at.line): expected replay \(v.verdict) for [\(v.at.rule)], "
                                    + "got \(got): \(f.replay?.reason ?? "no replay")")
                }
            }
            let anySeverity = Set(res.findings.map { Expect(file: $0.file, line: $0.line, rule: $0.rule) })
            for x in todo.sorted(by: { ($0.file, $0.line) < ($1.file, $1.line) }) where anySeverity.contains(x) {
                problems.append("\(x.file):\(x.line): the known miss [\(x.rule)] is reported now: change `todo:` to `expect:` (or `note:`)")
            }
            for x in ok.sorted(by: { ($0.file, $0.line) < ($1.file, $1.line) }) where notes.contains(x) {
                problems.append("\(x.file):\(x.line): marked ok but a note was reported [\(x.rule)]")
            }
            for f in res.findings where f.severity != .note {
                let x = Expect(file: f.file, line: f.line, rule: f.rule)
                if expect.contains(x) || todo.contains(x) { continue }
                let unexpected = ok.contains(x) ? "marked ok but" : "unannotated line"
                problems.append("\(f.file):\(f.line): \(unexpected) reported [\(f.rule)]: \(f.message)")
            }
            let name = unit.count == 1 ? unit[0] : (unit[0] as NSString).deletingLastPathComponent + "/"
            outcomes.append(FixtureOutcome(unit: name, problems: problems, expected: expect.count + note.count, okLines: ok.count,
                                           todos: todo.count))
        }
        return outcomes
    }
}
