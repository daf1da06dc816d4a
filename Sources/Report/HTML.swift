import Checker
import Facts
import Findings
import Foundation

/// What the HTML report is drawn from: the findings (in the caller's order) and the tree whose
/// source text the snippets quote.
public struct HTMLInput {
    public var findings: [Finding]
    /// The tree root: finding paths are relative to it, and snippets read its files.
    public var root: String
    /// The rules of the run (titles for the rule headings); rules not given show their id only.
    public var rules: [Rule]
    /// mmlint's version, in the page's footer.
    public var version: String
    public var kernelVersion: String?
    /// The run's configurations, when it analyzed several (`check --objtree A --objtree B`,
    /// `mmlint merge`); empty for a run of one, whose page has no configuration filter.
    public var configurations: [String]
    public var failedFiles: [(file: String, message: String)]
    /// File contents that replace what is on disk (`--staged`, `--patch`), by absolute path:
    /// the findings' lines are those of this text.
    public var overlay: [String: String]
    /// A time stamp for the footer, only when the caller wants one (the page is otherwise a pure
    /// function of the findings and the source text: the same run gives the same bytes).
    public var generated: String?

    public init(findings: [Finding], root: String, rules: [Rule] = [], version: String = "", kernelVersion: String? = nil,
                configurations: [String] = [], failedFiles: [(file: String, message: String)] = [],
                overlay: [String: String] = [:], generated: String? = nil) {
        self.findings = findings; self.root = root; self.rules = rules; self.version = version
        self.kernelVersion = kernelVersion; self.configurations = configurations; self.failedFiles = failedFiles
        self.overlay = overlay; self.generated = generated
    }
}

/// One self-contained HTML5 page (`check --format html -o FILE`), in the spirit of scan-build's
/// and CodeChecker's reports: the finding list with filters (rule, severity, replay verdict,
/// configuration), and per finding the source around the flagged line with the path's steps,
/// the related locations (holder stores) and the replay: the witness as one lane per CPU in
/// time order, or what refutes it, or why replay could not decide.
///
/// - Nothing is loaded from anywhere: the style and the script are inline, and the page's
///   Content-Security-Policy allows exactly those two blocks (by their SHA-256) and nothing else
///   (no other script, no network, no images, no forms). Hashes rather than 'unsafe-inline':
///   source text and messages are untrusted, and should one escape the escaping, the browser
///   still runs nothing of it.
/// - Every piece of text from the tree or the analysis goes through `escape`; the script never
///   reads data out of the page's text, only the `data-` attributes the filters match.
/// - Without the script every finding is shown (the filters stay hidden); with it the filters
///   read and write the URL's fragment (`#severity=error&verdict=confirmed`), so a filtered view
///   can be linked to.
public enum HTMLReport {
    /// Lines of context around each marked line; marked lines closer than `join` lines apart
    /// share one excerpt.
    static let context = 3
    static let join = 8

    /// HTML-escapes text for element content and double- or single-quoted attribute values.
    /// Characters a conforming page may not contain (C0 controls other than tab, newline and
    /// form feed, DEL, C1 controls, noncharacters) become visible stand-ins.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u.value {
            case 0x26: out += "&amp;"
            case 0x3C: out += "&lt;"
            case 0x3E: out += "&gt;"
            case 0x22: out += "&quot;"
            case 0x27: out += "&#39;"
            case 0x09, 0x0A, 0x0C: out.unicodeScalars.append(u)
            case 0x00..<0x20: out.unicodeScalars.append(Unicode.Scalar(0x2400 + u.value)!)   // ␀ … ␟
            case 0x7F: out += "\u{2421}"                                                     // ␡
            case 0x80..<0xA0, 0xFDD0...0xFDEF: out += "\u{FFFD}"
            case let v where v & 0xFFFE == 0xFFFE: out += "\u{FFFD}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// The finding's configurations, or nil when it does not say (a run of one configuration:
    /// the finding holds in the run's configuration, if it holds in all).
    /// The one place the report reads a finding's configurations.
    static func configurations(of f: Finding) -> [String]? { f.configs }

    public static func render(_ input: HTMLInput) -> String {
        var src = SourceText(root: input.root, overlay: input.overlay)
        let titles = Dictionary(input.rules.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let fs = input.findings
        // Every configuration named, the run's first (their order), then any a finding names.
        var configs = input.configurations
        for f in fs { for c in configurations(of: f) ?? [] where !configs.contains(c) { configs.append(c) } }

        var h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(contentSecurityPolicy)\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<meta name=\"generator\" content=\"mmlint\(input.version.isEmpty ? "" : " " + escape(input.version))\">\n"
        let treeName = (input.root as NSString).lastPathComponent
        h += "<title>mmlint: \(escape(treeName.isEmpty ? input.root : treeName)), \(plural(fs.count, "finding"))</title>\n"
        h += "<style>\(style)</style>\n</head>\n<body>\n"
        h += header(input, configs: configs)
        h += filters(fs, configs: configs)
        h += list(fs, configs: configs)
        h += "<main>\n"
        for (i, f) in fs.enumerated() {
            h += finding(f, id: "f\(i + 1)", title: titles[f.rule], configs: configs, src: &src)
        }
        h += "</main>\n<footer><p>Written by mmlint\(input.version.isEmpty ? "" : " " + escape(input.version))"
        if let g = input.generated { h += ", \(escape(g))" }
        h += ". The page loads nothing: open it from disk or attach it to a mail.</p></footer>\n"
        h += "<script>\(script)</script>\n</body>\n</html>\n"
        return h
    }

    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    static func verdictKey(_ f: Finding) -> String { f.replay?.verdict.rawValue ?? "none" }

    /// The filter keys: each verdict, then "none" (not replayed).
    static let verdictKeys = Verdict.allCases.map(\.rawValue) + ["none"]

    static func verdictLabel(_ key: String) -> String { key == "none" ? "not replayed" : key }

    /// The message's headline: what comes before the first `: ` (the rest says why).
    static func headline(_ message: String) -> String {
        guard let r = message.range(of: ": ") else { return message }
        return String(message[..<r.lowerBound])
    }

    // MARK: Header, filters, list

    static func header(_ input: HTMLInput, configs: [String]) -> String {
        let fs = input.findings
        var h = "<header>\n<h1>mmlint report</h1>\n<p class=\"tree\">Tree <code>\(escape(input.root))</code>"
        if let v = input.kernelVersion { h += ", Linux \(escape(v))" }
        if !configs.isEmpty { h += "; configurations: " + configs.map { "<code>\(escape($0))</code>" }.joined(separator: ", ") }
        h += "</p>\n<ul class=\"counts\" id=\"counts\">\n"
        h += "<li><strong>\(plural(fs.count, "finding"))</strong></li>\n"
        for s in Severity.allCases.reversed() {
            let n = fs.filter { $0.severity == s }.count
            h += "<li><span class=\"sev \(s.rawValue)\">\(s.rawValue)</span> <span data-count=\"\(s.rawValue)\">\(n)</span></li>\n"
        }
        for v in verdictKeys {
            let n = fs.filter { verdictKey($0) == v }.count
            guard n > 0 || v != "none" else { continue }
            h += "<li><span class=\"verdict \(v)\">\(verdictLabel(v))</span> <span data-count=\"\(v)\">\(n)</span></li>\n"
        }
        let suppressed = fs.filter { $0.suppression != nil }.count
        if suppressed > 0 { h += "<li>suppressed <span data-count=\"suppressed\">\(suppressed)</span></li>\n" }
        h += "</ul>\n"
        if !input.failedFiles.isEmpty {
            h += "<details class=\"failed\"><summary>\(plural(input.failedFiles.count, "file")) not analyzed</summary>\n<ul>\n"
            for f in input.failedFiles { h += "<li><code>\(escape(f.file))</code>: \(escape(f.message))</li>\n" }
            h += "</ul>\n</details>\n"
        }
        return h + "</header>\n"
    }

    /// The filter bar: hidden in the markup, shown by the script (without it, nothing to filter
    /// with and everything shown). Options come from the findings; severities and verdicts are
    /// all listed (a link to `#severity=note` means the same on every page).
    static func filters(_ fs: [Finding], configs: [String]) -> String {
        func select(_ name: String, _ label: String, _ options: [(value: String, label: String, count: Int)]) -> String {
            var s = "<label>\(label) <select name=\"\(name)\">\n<option value=\"\">all</option>\n"
            for o in options { s += "<option value=\"\(escape(o.value))\">\(escape(o.label)) (\(o.count))</option>\n" }
            return s + "</select></label>\n"
        }
        var h = "<form id=\"filters\" class=\"filters\" hidden>\n"
        let rules = Set(fs.map(\.rule)).sorted()
        h += select("rule", "Rule", rules.map { r in (r, r, fs.filter { $0.rule == r }.count) })
        h += select("severity", "Severity", Severity.allCases.reversed().map { s in
            (s.rawValue, s.rawValue, fs.filter { $0.severity == s }.count)
        })
        h += select("verdict", "Replay", verdictKeys.map { v in
            (v, verdictLabel(v), fs.filter { verdictKey($0) == v }.count)
        })
        // A run of one configuration has nothing to filter by.
        if configs.count > 1 {
            h += select("config", "Configuration", configs.map { c in
                (c, c, fs.filter { configurations(of: $0)?.contains(c) ?? true }.count)
            })
        }
        h += "<button type=\"reset\">Show all</button>\n"
        h += "<p><output id=\"shown\">\(fs.count)</output> of \(plural(fs.count, "finding")) shown</p>\n</form>\n"
        return h
    }

    /// The attributes the filters match, shared by a finding's row and its section.
    static func dataAttributes(_ f: Finding, configs: [String]) -> String {
        var a = "data-finding=\"\" data-rule=\"\(escape(f.rule))\" data-severity=\"\(f.severity.rawValue)\" "
            + "data-verdict=\"\(verdictKey(f))\""
        if configs.count > 1 {
            // Newline-separated (a name holds no newline); a finding that does not say holds in all.
            a += " data-configs=\"\(escape((configurations(of: f) ?? configs).joined(separator: "\n")))\""
        }
        return a
    }

    static func list(_ fs: [Finding], configs: [String]) -> String {
        var h = "<table class=\"list\" id=\"list\">\n<caption>Findings, in the report's order (file, line, rule)</caption>\n"
        h += "<thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Replay</th><th scope=\"col\">Rule</th>"
        h += "<th scope=\"col\">Location</th><th scope=\"col\">Function</th><th scope=\"col\">Finding</th></tr></thead>\n<tbody>\n"
        for (i, f) in fs.enumerated() {
            let v = verdictKey(f)
            h += "<tr \(dataAttributes(f, configs: configs))>"
                + "<td><span class=\"sev \(f.severity.rawValue)\">\(f.severity.rawValue)</span></td>"
            h += "<td><span class=\"verdict \(v)\">\(verdictLabel(v))</span></td><td>\(escape(f.rule))</td>"
            h += "<td><a href=\"#f\(i + 1)\">\(escape(f.file)):\(f.line)</a></td><td><code>\(escape(f.function))()</code></td>"
            h += "<td>\(escape(headline(f.message)))</td></tr>\n"
        }
        h += "</tbody>\n</table>\n<p id=\"none\" class=\"none\" hidden>No finding matches the filters.</p>\n"
        return h
    }

    // MARK: One finding

    enum MarkKind: String { case flag, path, related, witness }

    struct Mark {
        var kind: MarkKind
        var text: String
        /// The step's number (path steps, witness steps).
        var step: Int?
    }

    /// The lines a finding marks, file by file, and where each marked line is on the page.
    struct Marks {
        var files: [String] = []
        var lines: [String: [Int: [Mark]]] = [:]

        mutating func add(_ file: String, _ line: Int, _ m: Mark) {
            guard line > 0 else { return }
            if lines[file] == nil { files.append(file); lines[file] = [:] }
            lines[file]![line, default: []].append(m)
        }
    }

    static func finding(_ f: Finding, id: String, title: String?, configs: [String], src: inout SourceText) -> String {
        let v = verdictKey(f)
        let path = TextReport.shownPath(f.path)
        var marks = Marks()
        marks.add(f.file, f.line, Mark(kind: .flag, text: "\(f.severity.rawValue) [\(f.rule)]"))
        for (k, e) in path.enumerated() { marks.add(e.file, e.line, Mark(kind: .path, text: e.event, step: k + 1)) }
        for r in f.related { marks.add(r.file, r.line, Mark(kind: .related, text: r.message)) }
        let trace = f.replay?.trace ?? []
        for (k, s) in trace.enumerated() where src.lines(s.file) != nil {
            marks.add(s.file, s.line, Mark(kind: .witness, text: "CPU \(s.cpu): \(s.event)", step: k + 1))
        }
        // Where a (file, line) is drawn: the anchor links point at, nil when the file cannot be read.
        func anchor(_ file: String, _ line: Int) -> String? {
            guard let k = marks.files.firstIndex(of: file), let count = src.lines(file)?.count, line >= 1, line <= count else { return nil }
            return "\(id)-\(k)-\(line)"
        }
        func place(_ file: String, _ line: Int) -> String {
            let text = escape(line > 0 ? "\(file):\(line)" : file)
            return anchor(file, line).map { "<a href=\"#\($0)\">\(text)</a>" } ?? text
        }

        var h = "<article class=\"finding \(f.severity.rawValue)\" id=\"\(id)\" \(dataAttributes(f, configs: configs))>\n"
        h += "<h2><a class=\"self\" href=\"#\(id)\">\(escape(f.file)):\(f.line):\(f.column)</a> "
            + "<span class=\"sev \(f.severity.rawValue)\">\(f.severity.rawValue)</span> "
        h += "<span class=\"verdict \(v)\">\(verdictLabel(v))</span> <span class=\"rule\">\(escape(f.rule))</span></h2>\n"
        h += "<p class=\"message\">\(escape(f.message))</p>\n<dl class=\"facts\">\n"
        if let t = title { h += "<dt>Rule</dt><dd>\(escape(f.rule)): \(escape(t))</dd>\n" }
        h += "<dt>Function</dt><dd><code>\(escape(f.function))()</code></dd>\n"
        h += "<dt>Origin of the mm</dt><dd>"
        h += f.originIsUnproven ? "nothing on the path proves the fact the operation needs" : escape(f.origin)
        h += "</dd>\n"
        if configs.count > 1 {
            let mine = configurations(of: f) ?? configs
            h += "<dt>Configurations</dt><dd>" + mine.map { "<code>\(escape($0))</code>" }.joined(separator: ", ")
            if mine.count < configs.count {
                let others = configs.filter { !mine.contains($0) }
                h += " (not in " + others.map { "<code>\(escape($0))</code>" }.joined(separator: ", ") + ")"
            }
            h += "</dd>\n"
        }
        if let s = f.suppression {
            h += "<dt>Suppressed</dt><dd>\(escape(s.kind.rawValue)) at \(escape(s.location)): \(escape(s.justification))</dd>\n"
        }
        if !f.fingerprint.isEmpty { h += "<dt>Fingerprint</dt><dd><code>\(escape(f.fingerprint))</code></dd>\n" }
        h += "</dl>\n"
        if !f.related.isEmpty {
            h += "<h3>Related locations</h3>\n<ul class=\"related\">\n"
            for r in f.related { h += "<li>\(place(r.file, r.line)): \(escape(r.message))</li>\n" }
            h += "</ul>\n"
        }
        // The path is drawn beside the source; listed too when some step's file cannot be read.
        if path.contains(where: { anchor($0.file, $0.line) == nil }) {
            h += "<h3>Path</h3>\n<ol class=\"path\">\n"
            for e in path { h += "<li>\(place(e.file, e.line)): \(escape(e.event))</li>\n" }
            h += "</ol>\n"
        }
        h += source(marks, id: id, src: &src)
        if let r = f.replay { h += replay(r, place: place) }
        return h + "</article>\n"
    }

    /// The row between two excerpts of a file (and after the last, when the file goes on).
    static let gapRow = "<tr class=\"gap\"><td class=\"ln\">⋮</td><td></td><td></td></tr>\n"

    /// Each marked file's excerpts: line numbers, the marked lines' notes beside them, `⋮`
    /// between excerpts.
    static func source(_ marks: Marks, id: String, src: inout SourceText) -> String {
        var h = ""
        for (k, file) in marks.files.enumerated() {
            guard let text = src.lines(file), let byLine = marks.lines[file] else { continue }
            let marked = byLine.keys.filter { $0 >= 1 && $0 <= text.count }.sorted()
            guard !marked.isEmpty else { continue }
            var windows: [ClosedRange<Int>] = []
            for l in marked {
                let w = max(1, l - context)...min(text.count, l + context)
                if let last = windows.last, w.lowerBound <= last.upperBound + join {
                    windows[windows.count - 1] = last.lowerBound...max(last.upperBound, w.upperBound)
                } else { windows.append(w) }
            }
            h += "<figure class=\"source\">\n<figcaption><code>\(escape(file))</code></figcaption>\n"
                + "<div class=\"scroll\"><table class=\"code\">\n"
            for (n, w) in windows.enumerated() {
                if n > 0 || w.lowerBound > 1 { h += gapRow }
                for l in w {
                    let ms = byLine[l] ?? []
                    let kinds = Set(ms.map(\.kind))
                    let cls = [MarkKind.flag, .path, .related, .witness].first { kinds.contains($0) }
                    h += "<tr id=\"\(id)-\(k)-\(l)\"\(cls.map { " class=\"\($0.rawValue)\"" } ?? "")>"
                    h += "<td class=\"ln\">\(l)</td><td class=\"c\">\(escape(text[l - 1]))</td><td class=\"notes\">"
                    for m in ms {
                        h += "<span class=\"ann \(m.kind.rawValue)\">"
                        if let s = m.step { h += "<b>\(m.kind == .witness ? "w" : "")\(s)</b> " }
                        h += "\(escape(m.text))</span>"
                    }
                    h += "</td></tr>\n"
                }
            }
            if let last = windows.last, last.upperBound < text.count { h += gapRow }
            h += "</table></div>\n</figure>\n"
        }
        return h
    }

    static func replay(_ r: ReplayResult, place: (String, Int) -> String) -> String {
        let v = r.verdict.rawValue
        var h = "<section class=\"replay \(v)\">\n<h3>Replay: <span class=\"verdict \(v)\">\(v)</span>"
        if let x = r.violation { h += " <code>\(escape(x))</code>" }
        h += "</h3>\n"
        switch r.verdict {
        case .confirmed: h += "<p class=\"reason\"><strong>What goes wrong:</strong> \(escape(r.reason))</p>\n"
        case .refuted: h += "<p class=\"reason\"><strong>What rules the race out:</strong> \(escape(r.reason))</p>\n"
        case .inconclusive: h += "<p class=\"reason\"><strong>Why replay could not decide:</strong> \(escape(r.reason))</p>\n"
        }
        if !r.assumptions.isEmpty {
            h += "<p>The verdict assumes:</p>\n<ul class=\"assumptions\">\n"
            for a in r.assumptions { h += "<li>\(escape(a))</li>\n" }
            h += "</ul>\n"
        }
        if !r.trace.isEmpty { h += lanes(r, place: place) }
        h += "<p class=\"semantics\">Model: \(escape(r.semantics)); \(plural(r.explored, "state")) explored.</p>\n</section>\n"
        return h
    }

    /// The witness as the LKML timeline: one column per CPU, one row per step in time order.
    static func lanes(_ r: ReplayResult, place: (String, Int) -> String) -> String {
        let n = max(2, r.cpus.count, (r.trace.map(\.cpu).max() ?? 0) + 1)
        var h = "<table class=\"lanes\">\n"
            + "<caption>The witness: \(plural(r.trace.count, "step")) in time order, one column per CPU</caption>\n"
        h += "<thead><tr><th scope=\"col\">#</th>"
        for c in 0..<n {
            let who = c < r.cpus.count ? r.cpus[c] : ""
            h += "<th scope=\"col\" class=\"cpu\">CPU \(c)\(who.isEmpty ? "" : "<br><span class=\"who\">\(escape(who))</span>")</th>"
        }
        h += "</tr></thead>\n<tbody>\n"
        for (k, s) in r.trace.enumerated() {
            h += "<tr\(k == r.trace.count - 1 ? " class=\"last\"" : "")><td class=\"t\">\(k + 1)</td>"
            for c in 0..<n {
                guard c == s.cpu else { h += "<td class=\"idle\"></td>"; continue }
                h += "<td class=\"ev\">\(escape(s.event))"
                if !s.file.isEmpty { h += " <cite>\(place(s.file, s.line))</cite>" }
                h += "</td>"
            }
            h += "</tr>\n"
        }
        return h + "</tbody>\n</table>\n"
    }

    // MARK: Source text

    /// The tree's files as lines (the overlay's text first), read once each.
    struct SourceText {
        let root: String
        let overlay: [String: String]
        var cache: [String: [String]?] = [:]

        init(root: String, overlay: [String: String]) { self.root = root; self.overlay = overlay }

        mutating func lines(_ rel: String) -> [String]? {
            guard !rel.isEmpty else { return nil }
            if let c = cache[rel] { return c }
            let abs = rel.hasPrefix("/") ? rel : root + "/" + rel
            var text = overlay[abs]
            if text == nil, let d = FileManager.default.contents(atPath: abs) { text = String(decoding: d, as: UTF8.self) }
            let ls = text.map { t -> [String] in
                var ls = t.components(separatedBy: "\n")
                if ls.last == "" { ls.removeLast() }
                return ls.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
            }
            cache[rel] = .some(ls)
            return ls
        }
    }

    // MARK: Style, script, policy

    /// default-src 'none': no fetch of any kind; the inline style and script by hash only.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'sha256-\(SHA256.base64(style))'; script-src 'sha256-\(SHA256.base64(script))'; "
        + "base-uri 'none'; form-action 'none'"

    static let style = """

    :root{--mmlint-css:1;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg2:#f6f8fa;--err:#cf222e;--warn:#9a6700;--note:#0969da;\
    --conf:#cf222e;--ref:#1a7f37;--inc:#59636e;--flag:#ffebe9;--path:#fff8c5;--rel:#ddf4ff;--wit:#fbefff}
    *{box-sizing:border-box}
    [hidden]{display:none!important}
    body{margin:0 auto;max-width:1400px;padding:0 1.5rem 3rem;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg)}
    h1{font-size:1.6rem;margin:1.2rem 0 .3rem}
    h2{font-size:1.05rem;margin:0 0 .4rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
    h3{font-size:.95rem;margin:1rem 0 .3rem}
    code,.c,cite{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.86rem}
    cite{font-style:normal;color:var(--muted)}
    a{color:var(--note)}
    .tree{color:var(--muted);margin:.2rem 0 .6rem;overflow-wrap:anywhere}
    .counts{list-style:none;padding:0;margin:.4rem 0 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem}
    .counts li{white-space:nowrap}
    .sev,.verdict{display:inline-block;border-radius:1rem;padding:0 .55rem;font-size:.78rem;font-weight:600;border:1px solid}
    .sev.error{color:var(--err)}.sev.warning{color:var(--warn)}.sev.note{color:var(--note)}
    .verdict.confirmed{color:#fff;background:var(--conf);border-color:var(--conf)}
    .verdict.refuted{color:#fff;background:var(--ref);border-color:var(--ref)}
    .verdict.inconclusive{color:var(--inc)}.verdict.none{color:var(--muted);border-style:dashed}
    .rule{font-family:ui-monospace,monospace;font-size:.85rem;color:var(--muted)}
    .filters{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line);padding:.5rem 0;\
    display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center}
    .filters p{margin:0 0 0 auto;color:var(--muted)}
    select,button{font:inherit;font-size:.9rem}
    table{border-collapse:collapse}
    caption{text-align:left;color:var(--muted);font-size:.85rem;padding:.3rem 0}
    .list{width:100%;margin:.5rem 0 1.5rem}
    .list th,.list td{border-bottom:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
    .list th{background:var(--bg2)}
    .none{color:var(--muted);font-style:italic}
    .finding{border:1px solid var(--line);border-left:4px solid var(--muted);border-radius:6px;padding:.8rem 1rem;margin:1rem 0}
    .finding.error{border-left-color:var(--err)}.finding.warning{border-left-color:var(--warn)}.finding.note{border-left-color:var(--note)}
    .finding:target{box-shadow:0 0 0 3px #54aeff66}
    .self{color:inherit;text-decoration:none;font-family:ui-monospace,monospace}
    .message{margin:.2rem 0 .5rem}
    .facts{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.3rem 0;font-size:.9rem}
    .facts dt{color:var(--muted)}.facts dd{margin:0;overflow-wrap:anywhere}
    .related,.path,.assumptions{margin:.2rem 0;padding-left:1.4rem;font-size:.9rem}
    .source{margin:.8rem 0}
    .source figcaption{background:var(--bg2);border:1px solid var(--line);border-bottom:0;padding:.2rem .5rem;border-radius:6px 6px 0 0}
    .scroll{overflow-x:auto;border:1px solid var(--line);border-radius:0 0 6px 6px}
    .code{width:100%}
    .code td{padding:0 .5rem;vertical-align:top}
    .code .ln{text-align:right;color:var(--muted);user-select:none;width:1%;font-family:ui-monospace,monospace;font-size:.8rem;\
    border-right:1px solid var(--line)}
    .code .c{white-space:pre-wrap;overflow-wrap:anywhere;tab-size:8;-moz-tab-size:8}
    .code .notes{font-size:.8rem;width:32%}
    .code tr.flag{background:var(--flag)}.code tr.flag .c{font-weight:600}
    .code tr.path{background:var(--path)}.code tr.related{background:var(--rel)}.code tr.witness{background:var(--wit)}
    .code tr:target{outline:2px solid var(--note);outline-offset:-2px}
    .code tr.gap td{color:var(--muted);background:var(--bg2)}
    .ann{display:block;border-radius:4px;padding:0 .35rem;margin:1px 0}
    .ann b{display:inline-block;min-width:1.3rem;text-align:center;border-radius:.7rem;color:#fff;background:var(--warn);\
    font-size:.72rem;padding:0 .25rem}
    .ann.flag{color:var(--err);font-weight:600}.ann.related{color:#0550ae}.ann.witness b{background:#8250df}
    .replay{border-top:1px dashed var(--line);margin-top:.8rem}
    .reason{margin:.2rem 0;overflow-wrap:anywhere}
    .semantics{color:var(--muted);font-size:.8rem}
    .lanes{width:100%;table-layout:fixed;margin:.5rem 0;font-size:.85rem}
    .lanes th,.lanes td{border:1px solid var(--line);padding:.2rem .5rem;vertical-align:top;text-align:left}
    .lanes th{background:var(--bg2)}
    .lanes th:first-child,.lanes td.t{width:2.5rem;text-align:right;color:var(--muted)}
    .lanes .who{font-weight:normal;color:var(--muted);font-size:.8rem}
    .lanes td.ev{background:#fff}
    .lanes td.idle{background:var(--bg2)}
    .lanes tr.last td.ev{background:var(--flag);font-weight:600}
    .failed summary{cursor:pointer;color:var(--err)}
    footer{margin-top:2rem;color:var(--muted);font-size:.8rem}
    @media print{.filters{display:none!important}.finding{break-inside:avoid}}

    """

    /// The filters. State lives in the URL's fragment; a fragment without `=` is an ordinary
    /// link to a finding or a line and leaves the filters alone.
    static let script = """

    (function () {
      "use strict";
      var form = document.getElementById("filters");
      var shown = document.getElementById("shown");
      var none = document.getElementById("none");
      var items = Array.prototype.slice.call(document.querySelectorAll("[data-finding]"));
      var keys = ["rule", "severity", "verdict", "config"];
      function field(k) { return form.elements.namedItem(k); }
      function parse(hash) {
        var h = hash.replace(/^#/, ""), o = {};
        if (h.indexOf("=") < 0) return null;
        h.split("&").forEach(function (p) {
          var i = p.indexOf("=");
          if (i <= 0) return;
          try { o[decodeURIComponent(p.slice(0, i))] = decodeURIComponent(p.slice(i + 1)); } catch (e) { }
        });
        return o;
      }
      function apply() {
        var want = {}, n = 0;
        keys.forEach(function (k) { var s = field(k); want[k] = s ? s.value : ""; });
        items.forEach(function (el) {
          var ok = keys.every(function (k) {
            var v = want[k];
            if (!v) return true;
            if (k === "config") return (el.getAttribute("data-configs") || "").split("\\n").indexOf(v) >= 0;
            return el.getAttribute("data-" + k) === v;
          });
          el.hidden = !ok;
          if (ok && el.tagName === "ARTICLE") n++;
        });
        shown.textContent = String(n);
        none.hidden = n !== 0;
        document.documentElement.setAttribute("data-shown", String(n));
      }
      function fromHash() {
        var o = parse(location.hash);
        if (!o) return false;
        keys.forEach(function (k) {
          var s = field(k), v = o[k] || "";
          if (!s) return;
          s.value = v;
          if (s.value !== v) { s.add(new Option(v + " (0)", v)); s.value = v; }
        });
        apply();
        return true;
      }
      function toHash() {
        var parts = [];
        keys.forEach(function (k) { var s = field(k); if (s && s.value) parts.push(k + "=" + encodeURIComponent(s.value)); });
        try { history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search); } catch (e) { }
      }
      form.addEventListener("change", function () { toHash(); apply(); });
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      form.addEventListener("reset", function () { setTimeout(function () { toHash(); apply(); }, 0); });
      window.addEventListener("hashchange", fromHash);
      form.hidden = false;
      if (!fromHash()) apply();
      var css = getComputedStyle(document.documentElement).getPropertyValue("--mmlint-css").trim();
      document.documentElement.setAttribute("data-js", css === "1" ? "ready" : "unstyled");
    })();

    """
}
