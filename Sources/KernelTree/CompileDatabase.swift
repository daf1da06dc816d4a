import Foundation

/// compile_commands.json, read with Foundation (no libclang needed), with the flags that
/// libclang rejects or that would write files (`-Wp,-MMD,…` writes .d files into the tree) removed.
public enum CompileDatabase {
    struct Entry: Decodable {
        var directory: String
        var file: String
        var arguments: [String]?
        var command: String?
    }

    public static func load(_ path: String) throws -> [String: (args: [String], dir: String)] {
        guard let data = FileManager.default.contents(atPath: path) else { throw TreeError(path, "cannot read the file") }
        if data.isEmpty { throw TreeError(path, "empty file (expected a JSON array of compile commands)") }
        let entries: [Entry]
        do { entries = try JSONDecoder().decode([Entry].self, from: data) }
        catch { throw TreeError(path, "not a compile_commands.json array: \(describe(error))") }
        var out: [String: (args: [String], dir: String)] = [:]
        for e in entries {
            var argv = e.arguments ?? e.command.map(shellSplit) ?? []
            guard !argv.isEmpty else { continue }
            argv.removeFirst()
            let dir = e.directory.hasPrefix("/") ? e.directory
                : URL(fileURLWithPath: (path as NSString).deletingLastPathComponent).appendingPathComponent(e.directory)
                    .standardizedFileURL.path
            let file = e.file.hasPrefix("/") ? e.file : URL(fileURLWithPath: dir).appendingPathComponent(e.file).standardizedFileURL.path
            out[file] = (sanitize(argv, file: e.file), dir)
        }
        return out
    }

    static func describe(_ e: Error) -> String {
        switch e {
        case DecodingError.dataCorrupted(let c): return c.debugDescription
        case DecodingError.keyNotFound(let k, _): return "an entry has no \"\(k.stringValue)\""
        case DecodingError.typeMismatch(_, let c): return c.debugDescription
        default: return "\(e)"
        }
    }

    /// Flags libclang does not know (gcc-only) or that make it write files.
    static let dropExact: Set<String> = [
        "-c", "-mindirect-branch-register", "-fno-allow-store-data-races", "-fconserve-stack",
        "-mindirect-branch-cs-prefix", "-Werror", "-fno-var-tracking-assignments", "-mrecord-mcount",
        "-fmin-function-alignment=16", "-mskip-rax-setup", "-fsanitize=bounds-strict",
        "-fno-ipa-sra", "-mno-fp-ret-in-387", "-MD", "-MMD",
    ]
    static let dropPrefixes = [
        "-Wp,-MMD", "-Wp,-MD", "-mpreferred-stack-boundary=", "-mindirect-branch=", "-mfunction-return=",
        "-Werror=", "-Wimplicit-fallthrough=", "-fplugin", "-fno-stack-clash", "-mharden-sls",
        "-fzero-call-used-regs", "-fpatchable-function-entry", "-Wa,", "-MF", "-MT", "-MQ",
    ]

    public static func sanitize(_ argv: [String], file: String) -> [String] {
        var out: [String] = []
        var i = 0
        while i < argv.count {
            let a = argv[i]
            if a == "-o" || a == "-MF" || a == "-MT" || a == "-MQ" { i += 2; continue }
            if a == file || a.hasSuffix("/" + (file as NSString).lastPathComponent) && a.hasSuffix(".c") { i += 1; continue }
            if dropExact.contains(a) || dropPrefixes.contains(where: { a.hasPrefix($0) }) { i += 1; continue }
            out.append(a); i += 1
        }
        return out
    }

    /// Splits a shell command line (single and double quotes, backslash escapes).
    public static func shellSplit(_ s: String) -> [String] {
        var out: [String] = [], cur = "", inWord = false
        var quote: Character? = nil, escape = false
        for ch in s {
            if escape { cur.append(ch); escape = false; inWord = true; continue }
            if ch == "\\" && quote != "'" { escape = true; continue }
            if let q = quote { if ch == q { quote = nil } else { cur.append(ch) }; continue }
            if ch == "'" || ch == "\"" { quote = ch; inWord = true; continue }
            if ch == " " || ch == "\t" || ch == "\n" { if inWord { out.append(cur); cur = ""; inWord = false }; continue }
            cur.append(ch); inWord = true
        }
        if inWord { out.append(cur) }
        return out
    }
}
