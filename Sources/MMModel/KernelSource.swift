import Foundation

/// A place in the kernel a fact or a replay step comes from: a function of a file (with the
/// other names or files it has had across versions) and, inside it, the calls or lines that
/// matter (`anchors`, searched in the function's body).
public struct KernelRef: Sendable, Hashable {
    public var files: [String]
    public var functions: [String]
    /// Searched in order, each after the line of the one before (`unmap_vmas` then
    /// `mmap_read_unlock`: the unlock after the unmap, not an early return's), comments skipped.
    public var anchors: [String]
    /// Print the function's line range, not only its first line.
    public var span: Bool

    public init(_ file: String, _ function: String, anchors: [String] = [], span: Bool = false,
                otherFiles: [String] = [], otherNames: [String] = []) {
        files = [file] + otherFiles; functions = [function] + otherNames
        self.anchors = anchors; self.span = span
    }
}

/// Where a KernelRef is in one tree.
public struct KernelLocation: Sendable, Equatable {
    public var file: String
    public var function: String
    public var line: Int
    public var endLine: Int
    /// Each anchor's first line inside the function (nil: not found there).
    public var anchors: [Int?]
}

/// Reads the analyzed tree's own sources to place kernel references: a replay step or a cited
/// fact gets the line where this tree has it, never the line of the kernel the table was
/// written from. A tree without the file or the function (a plain C folder, another version
/// that renamed it) gets the function and file names without a line.
public final class KernelSource: @unchecked Sendable {
    public let root: String?
    private var lines: [String: [Substring]?] = [:]
    private var found: [String: KernelLocation?] = [:]
    private let lock = NSLock()

    /// `root`: the kernel tree's top (nil: nothing to read, names only).
    public init(root: String?) { self.root = root }

    public func locate(_ ref: KernelRef) -> KernelLocation? {
        guard root != nil else { return nil }
        let key = ref.files.joined(separator: ",") + "|" + ref.functions.joined(separator: ",")
            + "|" + ref.anchors.joined(separator: "\u{1f}")
        lock.lock(); defer { lock.unlock() }
        if let hit = found[key] { return hit }
        var result: KernelLocation? = nil
        search: for file in ref.files {
            guard let text = fileLines(file) else { continue }
            for name in ref.functions {
                guard let (start, end) = KernelSource.definition(of: name, in: text) else { continue }
                var from = start, anchors: [Int?] = []
                for a in ref.anchors {
                    let hit = (from...end).first { !KernelSource.isComment(text[$0]) && KernelSource.mentions(text[$0], a) }
                    anchors.append(hit.map { $0 + 1 })
                    if let hit { from = hit }
                }
                result = KernelLocation(file: file, function: name, line: start + 1, endLine: end + 1, anchors: anchors)
                break search
            }
        }
        found[key] = result
        return result
    }

    /// The line of a reference: its last anchor's (the ones before lead to it), else the
    /// function's; nil where this tree does not have it.
    public func line(_ ref: KernelRef) -> Int? {
        guard let l = locate(ref) else { return nil }
        return ref.anchors.isEmpty ? l.line : l.anchors.last ?? nil
    }

    /// The file a reference is in here (the first of its files when the tree does not have it).
    public func file(_ ref: KernelRef) -> String { locate(ref)?.file ?? ref.files[0] }

    /// `FILE:LINE function(): anchor :LINE, …` where the tree has it, else `FILE function(): anchor, …`.
    public func cite(_ ref: KernelRef) -> String {
        let names = ref.anchors.map { a in a.isCIdentifier ? a + "()" : a }
        guard let l = locate(ref) else {
            return "\(ref.files[0]) \(ref.functions[0])()" + (names.isEmpty ? "" : ": " + names.joined(separator: ", "))
        }
        let lines = ref.span && l.endLine > l.line ? "\(l.line)-\(l.endLine)" : "\(l.line)"
        let parts = zip(names, l.anchors).map { name, line in line.map { "\(name) :\($0)" } ?? name }
        return "\(l.file):\(lines) \(l.function)()" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
    }

    private func fileLines(_ file: String) -> [Substring]? {
        if let hit = lines[file] { return hit }
        let text = root.flatMap { try? String(contentsOfFile: $0 + "/" + file, encoding: .utf8) }
        let split = text.map { $0.split(separator: "\n", omittingEmptySubsequences: false) }
        lines[file] = split
        return split
    }

    static func isComment(_ line: Substring) -> Bool {
        let t = line.drop { $0 == " " || $0 == "\t" }
        return t.hasPrefix("*") || t.hasPrefix("/*") || t.hasPrefix("//")
    }

    /// Whether a line names `word` as a whole identifier (an identifier anchor), or holds the text.
    static func mentions(_ line: Substring, _ word: String) -> Bool {
        guard word.isCIdentifier else { return line.contains(word) }
        var rest = line[...]
        while let r = rest.range(of: word) {
            let before = r.lowerBound == line.startIndex ? nil : line[line.index(before: r.lowerBound)]
            let after = r.upperBound == line.endIndex ? nil : line[r.upperBound]
            let isPart = { (c: Character?) in c.map { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) } ?? false }
            if !isPart(before) && !isPart(after) { return true }
            rest = line[r.upperBound...]
        }
        return false
    }

    /// The first definition of `name` in kernel style: a line in column 0 that names it before
    /// a `(` and reaches a `{` before any `;` (a function), or `#define name(` (a macro, one
    /// logical line). Returns its first and last line (0-based): the `}` in column 0 that ends it.
    static func definition(of name: String, in lines: [Substring]) -> (Int, Int)? {
        for (i, line) in lines.enumerated() {
            guard let first = line.first, first != " ", first != "\t", first != "/", first != "*" else { continue }
            if first == "#" {
                let d = line.dropFirst().drop { $0 == " " || $0 == "\t" }
                guard d.hasPrefix("define"), d.dropFirst(6).drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(name + "(") else { continue }
                var end = i
                while end + 1 < lines.count, lines[end].hasSuffix("\\") { end += 1 }
                return (i, end)
            }
            guard let r = line.range(of: name + "("), mentions(line[..<r.upperBound].dropLast(), name) else { continue }
            // A definition reaches `{` before `;` (the parameter list may run over lines).
            var j = i, isDefinition = false
            scan: while j < lines.count && j < i + 12 {
                let from = j == i ? r.upperBound : lines[j].startIndex
                for c in lines[j][from...] {
                    if c == ";" { break scan }
                    if c == "{" { isDefinition = true; break scan }
                }
                j += 1
            }
            guard isDefinition else { continue }
            var end = j
            while end < lines.count && lines[end] != "}" { end += 1 }
            return (i, min(end, lines.count - 1))
        }
        return nil
    }
}
