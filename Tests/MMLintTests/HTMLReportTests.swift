@testable import Checker
import Facts
import Findings
import Foundation
@testable import MMLint
@testable import Report
import XCTest

/// The HTML report (`check --format html`): escaping of untrusted text, the page's structure,
/// its Content-Security-Policy, determinism and the CLI. scripts/test-html renders it in a real
/// browser and validates it with the Nu HTML checker.
final class HTMLReportTests: CLITestCase {
    func count(_ needle: String, in s: String) -> Int { s.components(separatedBy: needle).count - 1 }

    func page(_ fixture: String) throws -> (findings: [Finding], html: String) {
        let res = try MMLint.check(CheckOptions(paths: [fixtures.appendingPathComponent(fixture).path], rulesDir: rulesDir, jobs: 2))
        return (res.findings, HTMLReport.render(HTMLInput(findings: res.findings, root: res.root, rules: res.rules, version: "test")))
    }

    /// Every in-page link has its target, and no id is used twice.
    func assertLinksResolve(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        let ids = html.matches(#"\sid="([^"]+)""#)
        XCTAssertEqual(ids.count, Set(ids).count, "duplicate ids", file: file, line: line)
        for target in Set(html.matches(##"href="#([^"]+)""##)) {
            XCTAssertTrue(ids.contains(target), "link to #\(target) has no target", file: file, line: line)
        }
    }

    func testEscape() {
        XCTAssertEqual(HTMLReport.escape(#"<script>alert('x' & "y")</script>"#),
                       "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;")
        XCTAssertEqual(HTMLReport.escape("&amp;"), "&amp;amp;", "already-escaped text is text")
        XCTAssertEqual(HTMLReport.escape("a\tb\nc\u{0C}"), "a\tb\nc\u{0C}")
        XCTAssertEqual(HTMLReport.escape("\u{0}\u{1B}\r\u{7F}\u{85}\u{FFFE}"), "\u{2400}\u{241B}\u{240D}\u{2421}\u{FFFD}\u{FFFD}")
        XCTAssertEqual(HTMLReport.escape("mm_struct → é 😀"), "mm_struct → é 😀")
    }

    /// FIPS 180-4's examples: the CSP hashes are only as good as this.
    func testSHA256() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(String(repeating: "a", count: 1000)),
                       "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        XCTAssertEqual(SHA256.base64("abc"), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
    }

    /// A finding whose every text (message, function, source line, related, path, replay) holds
    /// markup renders inert: the page's only tags are its own.
    func testHostileTextRendersInert() throws {
        let payload = #"</script><img src=x onerror="alert(1)">'&"#
        try write("t/drv.c", "int a;\nvoid f(void) { /* \(payload) */\n\tkthread_use_mm(mm);\n}\n")
        var f = Finding(rule: "use-mm-without-mmget", severity: .error, file: "drv.c", line: 3, column: 2, function: "f" + payload,
                        message: "headline \(payload): why \(payload)", origin: payload,
                        related: [Related(file: "drv.c", line: 2, message: "holder store: \(payload)")],
                        path: [PathEvent(file: "drv.c", line: 2, event: "call \(payload)"), PathEvent(file: "drv.c", line: 3, event: "call kthread_use_mm(mm)")])
        f.replay = ReplayResult(verdict: .confirmed, reason: payload, violation: payload, assumptions: [payload], semantics: payload,
                                cpus: [payload, "b"], trace: [TraceStep(cpu: 0, file: "drv.c", line: 3, event: payload),
                                                             TraceStep(cpu: 1, file: payload, line: 0, event: payload)], explored: 2)
        f.suppression = Findings.Suppression(kind: .external, justification: payload, location: payload)
        f.configs = [payload, "x86_64"]
        var g = f
        g.rule = payload; g.file = payload; g.configs = nil
        let html = HTMLReport.render(HTMLInput(findings: [f, g], root: tmp.appendingPathComponent("t").path, version: payload,
                                               kernelVersion: payload, configurations: [payload, "x86_64"],
                                               failedFiles: [(payload, payload)], generated: payload))
        XCTAssertEqual(count("<img", in: html), 0)
        XCTAssertEqual(count("<script", in: html), 1)
        XCTAssertEqual(count("</script>", in: html), 1)
        XCTAssertTrue(html.hasSuffix("</script>\n</body>\n</html>\n"), "the page's own script, last")
        XCTAssertEqual(count("onerror=\"", in: html), 0)
        XCTAssertGreaterThan(count("&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;", in: html), 20)
        // The escaped source line is there, numbered and marked.
        XCTAssertTrue(html.contains(#"<tr id="f1-0-2" class="path"><td class="ln">2</td><td class="c">void f(void) { /* &lt;/script&gt;"#), html)
        // Attribute values stay inside their quotes: every tag's attributes are name="value" pairs.
        for tag in html.matches(#"<([a-z][a-z0-9]*)((?:\s[^<>]*)?)>"#) where tag.contains("=") {
            let rest = tag.replacingOccurrences(of: #"\s[a-z-]+="[^"]*""#, with: "", options: String.CompareOptions.regularExpression)
                .replacingOccurrences(of: #"\s(hidden|data-finding)"#, with: "", options: String.CompareOptions.regularExpression)
            XCTAssertFalse(rest.contains("="), "attribute outside quotes in <\(tag)>")
        }
        assertLinksResolve(html)
    }

    func testDemoStructure() throws {
        let (fs, html) = try page("demo")
        XCTAssertEqual(fs.count, 3)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        XCTAssertEqual(count("<article class=\"finding", in: html), 3)
        XCTAssertEqual(count("<tr data-finding", in: html), 3)
        XCTAssertEqual(count("<article class=\"finding error\"", in: html), 3)
        // All three are confirmed: a witness table each, two CPU lanes, one row per step.
        XCTAssertEqual(count("<table class=\"lanes\">", in: html), 3)
        XCTAssertEqual(count("<th scope=\"col\" class=\"cpu\">CPU 0", in: html), 3)
        XCTAssertEqual(count("<th scope=\"col\" class=\"cpu\">CPU 1", in: html), 3)
        let steps = fs.map { $0.replay?.trace.count ?? 0 }.reduce(0, +)
        XCTAssertEqual(count("<td class=\"t\">", in: html), steps)
        // The flagged line of each finding is highlighted in its file's excerpt.
        for (i, f) in fs.enumerated() { XCTAssertTrue(html.contains("<tr id=\"f\(i + 1)-0-\(f.line)\" class=\"flag\">"), "\(f.file):\(f.line)") }
        // The holder store of the count-holder finding is linked to its line in its own excerpt.
        let holder = try XCTUnwrap(fs.firstIndex { $0.related.contains { $0.message.hasPrefix("holder store") } })
        let r = fs[holder].related[0]
        XCTAssertTrue(html.contains("<li><a href=\"#f\(holder + 1)-1-\(r.line)\">\(r.file):\(r.line)</a>: holder store"), html)
        // One configuration: no configuration filter.
        XCTAssertFalse(html.contains("name=\"config\""))
        XCTAssertTrue(html.contains("<form id=\"filters\" class=\"filters\" hidden>"), "without the script, no filters and every finding")
        XCTAssertEqual(count("<article class=\"finding", in: html), count("<article class=\"finding ", in: html.replacingOccurrences(of: " hidden", with: "")))
        assertLinksResolve(html)
    }

    /// The page's policy allows exactly its own style and script (by hash), and loads nothing.
    func testContentSecurityPolicy() throws {
        let (_, html) = try page("demo")
        let csp = try XCTUnwrap(html.matches(#"<meta http-equiv="Content-Security-Policy" content="([^"]+)">"#).first)
        let style = try XCTUnwrap(html.matches(#"<style>([\s\S]*?)</style>"#).first)
        let script = try XCTUnwrap(html.matches(#"<script>([\s\S]*?)</script>"#).first)
        XCTAssertTrue(csp.hasPrefix("default-src 'none'; "))
        XCTAssertTrue(csp.contains("style-src 'sha256-\(SHA256.base64(style))'"))
        XCTAssertTrue(csp.contains("script-src 'sha256-\(SHA256.base64(script))'"))
        XCTAssertFalse(csp.contains("unsafe"))
        XCTAssertFalse(html.contains(" style=\""), "style attributes would need 'unsafe-hashes'")
        XCTAssertFalse(html.contains(" src=\""))
        XCTAssertFalse(html.contains("http://") || html.contains("https://"), "no address of anything")
    }

    /// Refuted: what rules the race out; inconclusive: why; no witness lanes for either.
    func testVerdictsRendered() throws {
        let (fs, html) = try page("rules/mmgrab-only-access")
        let by = Dictionary(grouping: fs) { $0.replay?.verdict.rawValue ?? "none" }
        XCTAssertGreaterThan(by["refuted"]?.count ?? 0, 0)
        XCTAssertGreaterThan(by["inconclusive"]?.count ?? 0, 0)
        XCTAssertEqual(count("<strong>What rules the race out:</strong>", in: html), by["refuted"]?.count)
        XCTAssertEqual(count("<strong>Why replay could not decide:</strong>", in: html), by["inconclusive"]?.count)
        XCTAssertEqual(count("<table class=\"lanes\">", in: html), fs.filter { !($0.replay?.trace.isEmpty ?? true) }.count)
        for v in ["confirmed", "refuted", "inconclusive"] {
            XCTAssertEqual(count("<article class=\"finding", in: html), fs.count)
            XCTAssertEqual(count("data-verdict=\"\(v)\"", in: html), 2 * (by[v]?.count ?? 0), "a row and a section each")
            XCTAssertTrue(html.contains("<option value=\"\(v)\">\(v) (\(by[v]?.count ?? 0))</option>"))
        }
        let refuted = try XCTUnwrap(html.components(separatedBy: "<article ").first { $0.contains("data-verdict=\"refuted\"") })
        XCTAssertFalse(refuted.contains("class=\"lanes\""))
        assertLinksResolve(html)
    }

    /// Findings that name their configurations get a configuration filter built from them.
    func testConfigurationFilter() throws {
        var (fs, _) = try page("demo")
        fs[0].configs = ["arm64-defconfig"]
        fs[1].configs = ["arm64-defconfig", "x86_64-allmodconfig"]
        fs[2].configs = ["x86_64-allmodconfig"]
        let html = HTMLReport.render(HTMLInput(findings: fs, root: fixtures.appendingPathComponent("demo").path,
                                               configurations: ["x86_64-allmodconfig", "arm64-defconfig"]))
        XCTAssertTrue(html.contains("<select name=\"config\">"))
        XCTAssertTrue(html.contains("<option value=\"x86_64-allmodconfig\">x86_64-allmodconfig (2)</option>\n<option value=\"arm64-defconfig\">arm64-defconfig (2)</option>"))
        XCTAssertEqual(count("data-configs=\"arm64-defconfig\nx86_64-allmodconfig\"", in: html), 2)
        XCTAssertTrue(html.contains("(not in <code>arm64-defconfig</code>)"))
    }

    func testDeterministic() throws {
        let a = try page("rules/use-mm-without-mmget").html
        let b = try page("rules/use-mm-without-mmget").html
        XCTAssertEqual(a, b)
        XCTAssertFalse(a.contains(String(Calendar(identifier: .gregorian).component(.year, from: Date()))), "no time stamp unless given")
    }

    /// `-o FILE` writes the page (exit code as for any format); without -o the page goes to a
    /// redirected stdout; a bad format names html among the choices.
    func testCLI() throws {
        let out = tmp.appendingPathComponent("report.html").path
        let r = try mmlint(["check", "--format", "html", "-o", out, demoTree])
        XCTAssertEqual(r.code, 1, r.err)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertEqual(count("<article class=\"finding", in: html), 3)
        let piped = try mmlint(["check", "--format", "html", "-q", demoTree])
        XCTAssertEqual(piped.out, html)
        let bad = try mmlint(["check", "--format", "htm", demoTree])
        assertOneLineError(bad, "text, concise, json, sarif or html")
    }
}

extension String {
    /// The first capture group of every match of `pattern`.
    func matches(_ pattern: String) -> [String] {
        guard let re = try? NSRegularExpression(pattern: pattern) else { return [] }
        let ns = self as NSString
        return re.matches(in: self, range: NSRange(location: 0, length: ns.length)).map {
            $0.numberOfRanges > 1 ? ns.substring(with: $0.range(at: 1)) : ns.substring(with: $0.range)
        }
    }
}
