import Foundation

// A compact binary form of FileFacts for the parse workers' pipe (JSON of a large translation
// unit costs as much as parsing it). Strings go through a per-message table; integers are
// varints. Both ends are this file: it is not a storage format and carries a version byte.

public enum FactsCodec {
    static let version: UInt8 = 14

    public struct Malformed: Error { public init() {} }

    /// `strings` rewrites each distinct string of the facts on its way out (a cache entry
    /// writes the tree's absolute paths as placeholders, see the MMLint module's TreeAnchors).
    public static func encode(_ f: FileFacts, strings map: ((String) -> String)? = nil) -> Data {
        var w = Writer()
        w.byte(version)
        w.fileFacts(f)
        var out = Writer()
        out.byte(version)
        out.uint(UInt64(w.strings.count))
        for s in w.strings { out.raw(map.map { $0(s) } ?? s) }
        out.bytes += w.bytes.dropFirst()
        return Data(out.bytes)
    }

    /// `strings` rewrites each distinct string back (the inverse of encode's).
    public static func decode(_ d: Data, strings map: ((String) -> String)? = nil) throws -> FileFacts {
        var r = Reader(bytes: [UInt8](d))
        guard try r.byte() == version else { throw Malformed() }
        let n = Int(try r.uint())
        guard n <= d.count else { throw Malformed() }
        var table: [String] = []
        table.reserveCapacity(n)
        for _ in 0..<n { table.append(try r.raw()) }
        if let map { table = table.map(map) }
        r.table = table
        let f = try r.fileFacts()
        guard r.pos == r.bytes.count else { throw Malformed() }
        return f
    }

    public struct Writer {
        public var bytes: [UInt8] = []
        var strings: [String] = []
        var ids: [String: Int] = [:]

        public init() {}
        public mutating func byte(_ b: UInt8) { bytes.append(b) }
        public mutating func uint(_ v0: UInt64) {
            var v = v0
            while v >= 0x80 { bytes.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }
            bytes.append(UInt8(v))
        }
        public mutating func int(_ v: Int64) { uint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
        /// Eight bytes, little-endian (hashes: a varint would take ten).
        public mutating func u64(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
        mutating func bool(_ b: Bool) { byte(b ? 1 : 0) }
        public mutating func raw(_ s: String) { let u = Array(s.utf8); uint(UInt64(u.count)); bytes += u }
        mutating func str(_ s: String) {
            if let i = ids[s] { uint(UInt64(i)); return }
            ids[s] = strings.count; uint(UInt64(strings.count)); strings.append(s)
        }
        mutating func optStr(_ s: String?) { if let s { byte(1); str(s) } else { byte(0) } }
        mutating func loc(_ l: SourceLoc) { str(l.file); uint(UInt64(max(0, l.line))); uint(UInt64(max(0, l.column))) }
        mutating func field(_ f: Field) { str(f.record); str(f.name) }
        mutating func fields(_ fs: [Field]) { uint(UInt64(fs.count)); for f in fs { field(f) } }
        mutating func path(_ p: AccessPath) {
            switch p.base {
            case .param(let i): byte(0); int(Int64(i))
            case .local(let n): byte(1); str(n)
            case .global(let n): byte(2); str(n)
            case .current: byte(3)
            case .ret(let k): byte(4); str(k)
            }
            fields(p.fields)
        }
        mutating func expr(_ e: Expr) {
            switch e {
            case .path(let p): byte(0); path(p)
            case .call(let id): byte(1); int(Int64(id))
            case .int(let v): byte(2); int(v)
            case .null: byte(3)
            case .function(let k): byte(4); str(k)
            case .other: byte(5)
            case .test(let c): byte(6); cond(c)
            case .bits(let p, let set, let keep): byte(7); path(p); int(set); int(keep)
            }
        }
        mutating func cond(_ c: Cond) {
            switch c {
            case .truthy(let e): byte(0); expr(e)
            case .equal(let a, let b): byte(1); expr(a); expr(b)
            case .not(let x): byte(2); cond(x)
            case .opaque: byte(3)
            case .below(let e, let k): byte(4); expr(e); int(k)
            }
        }
        mutating func call(_ c: CallSite) {
            int(Int64(c.id)); str(c.callee); str(c.name)
            uint(UInt64(c.args.count)); for a in c.args { expr(a) }
            uint(UInt64(c.argText.count)); for t in c.argText { str(t) }
            loc(c.loc); optStr(c.macro)
        }
        mutating func node(_ n: CFGNode) {
            switch n.kind {
            case .entry: byte(0)
            case .exit: byte(1)
            case .event(.call(let c)): byte(2); call(c)
            case .event(.assign(let lhs, let rhs, let text, let l, let mm)): byte(3); path(lhs); expr(rhs); str(text); loc(l); bool(mm)
            case .event(.ret(let e, let l)): byte(4); if let e { byte(1); expr(e) } else { byte(0) }; loc(l)
            case .branch(let c, let text, let l): byte(5); cond(c); str(text); loc(l)
            case .nop: byte(6)
            }
            uint(UInt64(n.succs.count)); for s in n.succs { uint(UInt64(s)) }
        }
        mutating func function(_ f: FunctionFacts) {
            str(f.key); str(f.name); loc(f.loc); bool(f.isStatic)
            uint(UInt64(f.params.count)); for p in f.params { str(p.name); str(p.type) }
            str(f.returnType)
            uint(UInt64(f.nodes.count)); for n in f.nodes { node(n) }
            uint(UInt64(f.macros.count)); for m in f.macros { str(m) }
            uint(UInt64(f.increments.count)); for x in f.increments { path(x.path); loc(x.loc) }
            uint(UInt64(f.decrements.count)); for x in f.decrements { path(x.path); loc(x.loc) }
            uint(UInt64(f.elementStores.count)); for x in f.elementStores { loc(x) }
            uint(UInt64(f.valueLocals.count)); for x in f.valueLocals { str(x) }
            fields(f.valueFields)
        }
        mutating func fileFacts(_ f: FileFacts) {
            str(f.path)
            uint(UInt64(f.functions.count)); for fn in f.functions { function(fn) }
            uint(UInt64(f.globalCallbacks.count))
            for u in f.globalCallbacks {
                str(u.function); if let fl = u.field { byte(1); field(fl) } else { byte(0) }
                optStr(u.call); int(Int64(u.arg)); loc(u.loc); fields(u.path)
                if let t = u.table { byte(1); loc(t) } else { byte(0) }
            }
            uint(UInt64(f.addressTaken.count)); for a in f.addressTaken { str(a) }
            uint(UInt64(f.errors.count))
            for e in f.errors { if let l = e.loc { byte(1); loc(l) } else { byte(0) }; str(e.message) }
            uint(UInt64(f.errorCount))
            int(Int64(f.parseSeconds * 1_000_000))
            int(Int64(f.clangSeconds * 1_000_000))
            byte(f.usedPCH ? 1 : 0)
            optStr(f.failure)
            uint(UInt64(f.skippedHeaderKeys.count)); for k in f.skippedHeaderKeys { u64(k) }
            uint(UInt64(f.includes.count)); for k in f.includes { str(k) }
        }
    }

    public struct Reader {
        public var bytes: [UInt8]
        public var pos = 0
        public init(_ d: Data) { bytes = [UInt8](d) }
        init(bytes: [UInt8]) { self.bytes = bytes }
        var table: [String] = []

        public mutating func byte() throws -> UInt8 {
            guard pos < bytes.count else { throw Malformed() }
            defer { pos += 1 }
            return bytes[pos]
        }
        public mutating func uint() throws -> UInt64 {
            var v: UInt64 = 0, shift: UInt64 = 0
            while true {
                let b = try byte()
                guard shift < 64 else { throw Malformed() }
                v |= UInt64(b & 0x7f) << shift
                if b < 0x80 { return v }
                shift += 7
            }
        }
        public mutating func count() throws -> Int {
            let n = try uint()
            guard n <= UInt64(bytes.count - pos) + 1 else { throw Malformed() }
            return Int(n)
        }
        public mutating func int() throws -> Int64 { let u = try uint(); return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1))) }
        public mutating func u64() throws -> UInt64 {
            guard pos + 8 <= bytes.count else { throw Malformed() }
            var v: UInt64 = 0
            for i in 0..<8 { v |= UInt64(bytes[pos + i]) << (8 * UInt64(i)) }
            pos += 8
            return v
        }
        mutating func bool() throws -> Bool { try byte() != 0 }
        public mutating func raw() throws -> String {
            let n = try count()
            guard pos + n <= bytes.count else { throw Malformed() }
            defer { pos += n }
            return String(decoding: bytes[pos..<(pos + n)], as: UTF8.self)
        }
        mutating func str() throws -> String {
            let i = try uint()
            guard i < UInt64(table.count) else { throw Malformed() }
            return table[Int(i)]
        }
        mutating func optStr() throws -> String? { try byte() == 1 ? try str() : nil }
        mutating func loc() throws -> SourceLoc { SourceLoc(file: try str(), line: Int(try uint()), column: Int(try uint())) }
        mutating func field() throws -> Field { Field(record: try str(), name: try str()) }
        mutating func fields() throws -> [Field] { try (0..<count()).map { _ in try field() } }
        mutating func path() throws -> AccessPath {
            let base: PathBase
            switch try byte() {
            case 0: base = .param(Int(try int()))
            case 1: base = .local(try str())
            case 2: base = .global(try str())
            case 3: base = .current
            case 4: base = .ret(try str())
            default: throw Malformed()
            }
            return AccessPath(base: base, fields: try fields())
        }
        mutating func expr() throws -> Expr {
            switch try byte() {
            case 0: return .path(try path())
            case 1: return .call(Int(try int()))
            case 2: return .int(try int())
            case 3: return .null
            case 4: return .function(try str())
            case 5: return .other
            case 6: return .test(try cond())
            case 7: return .bits(try path(), set: try int(), keep: try int())
            default: throw Malformed()
            }
        }
        mutating func cond() throws -> Cond {
            switch try byte() {
            case 0: return .truthy(try expr())
            case 1: return .equal(try expr(), try expr())
            case 2: return .not(try cond())
            case 3: return .opaque
            case 4: return .below(try expr(), try int())
            default: throw Malformed()
            }
        }
        mutating func call() throws -> CallSite {
            let id = Int(try int()), callee = try str(), name = try str()
            let args = try (0..<count()).map { _ in try expr() }
            let texts = try (0..<count()).map { _ in try str() }
            return CallSite(id: id, callee: callee, name: name, args: args, argText: texts, loc: try loc(), macro: try optStr())
        }
        mutating func node() throws -> CFGNode {
            let kind: NodeKind
            switch try byte() {
            case 0: kind = .entry
            case 1: kind = .exit
            case 2: kind = .event(.call(try call()))
            case 3: kind = .event(.assign(lhs: try path(), rhs: try expr(), text: try str(), loc: try loc(), isMMStore: try bool()))
            case 4: let e: Expr? = try byte() == 1 ? try expr() : nil; kind = .event(.ret(e, loc: try loc()))
            case 5: kind = .branch(try cond(), text: try str(), loc: try loc())
            case 6: kind = .nop
            default: throw Malformed()
            }
            return CFGNode(kind: kind, succs: try (0..<count()).map { _ in Int(try uint()) })
        }
        mutating func function() throws -> FunctionFacts {
            let key = try str(), name = try str(), l = try loc(), st = try bool()
            let params = try (0..<count()).map { _ in Param(name: try str(), type: try str()) }
            let ret = try str()
            let nodes = try (0..<count()).map { _ in try node() }
            let macros = try (0..<count()).map { _ in try str() }
            var f = FunctionFacts(key: key, name: name, loc: l, isStatic: st, params: params, returnType: ret, nodes: nodes, macros: macros)
            f.increments = try (0..<count()).map { _ in Increment(path: try path(), loc: try loc()) }
            f.decrements = try (0..<count()).map { _ in Increment(path: try path(), loc: try loc()) }
            f.elementStores = try (0..<count()).map { _ in try loc() }
            f.valueLocals = try (0..<count()).map { _ in try str() }
            f.valueFields = try fields()
            return f
        }
        mutating func fileFacts() throws -> FileFacts {
            let path = try str()
            let fns = try (0..<count()).map { _ in try function() }
            let cbs = try (0..<count()).map { _ -> CallbackUse in
                let fn = try str()
                let fl: Field? = try byte() == 1 ? try field() : nil
                var u = CallbackUse(function: fn, field: fl, call: try optStr(), arg: Int(try int()), loc: try loc(), path: try fields())
                u.table = try byte() == 1 ? try loc() : nil
                return u
            }
            let taken = try (0..<count()).map { _ in try str() }
            let errors = try (0..<count()).map { _ -> ParseDiagnostic in
                let l: SourceLoc? = try byte() == 1 ? try loc() : nil
                return ParseDiagnostic(loc: l, message: try str())
            }
            var f = FileFacts(path: path, functions: fns, addressTaken: taken, errors: errors, errorCount: Int(try uint()),
                              parseSeconds: Double(try int()) / 1_000_000)
            f.clangSeconds = Double(try int()) / 1_000_000
            f.usedPCH = try byte() == 1
            f.globalCallbacks = cbs
            f.failure = try optStr()
            let skipped = try count()
            guard skipped <= (bytes.count - pos) / 8 else { throw Malformed() }
            f.skippedHeaderKeys = try (0..<skipped).map { _ in try u64() }
            f.includes = try (0..<count()).map { _ in try str() }
            return f
        }
    }
}

/// A file as a cache entry saw it: size and mtime first, the content hash when they changed.
public struct FileStamp: Hashable, Sendable {
    public var path: String
    public var size: Int64
    public var mtime: Int64
    public var hash: UInt64
    public init(path: String, size: Int64, mtime: Int64, hash: UInt64) {
        self.path = path; self.size = size; self.mtime = mtime; self.hash = hash
    }
}

/// One per-file cache entry: what the facts were computed from, and the facts.
public struct CacheEntry: Sendable {
    public var key: String
    public var stamps: [FileStamp]
    public var facts: FileFacts
    /// Include names the parse could not find: the entry holds while none of them exists.
    public var missing: [String]
    public init(key: String, stamps: [FileStamp], facts: FileFacts, missing: [String] = []) {
        self.key = key; self.stamps = stamps; self.facts = facts; self.missing = missing
    }
}

extension FactsCodec {
    static let entryMagic: [UInt8] = Array("MMLC".utf8)

    /// `paths` rewrites every string of the entry (stamp paths, missing names, the facts'
    /// strings) on its way out; decodeEntry's `paths` rewrites them back.
    public static func encodeEntry(_ e: CacheEntry, paths map: ((String) -> String)? = nil) -> Data {
        let m = map ?? { $0 }
        var w = Writer()
        w.bytes = entryMagic
        w.byte(version)
        w.raw(e.key)
        w.uint(UInt64(e.stamps.count))
        for s in e.stamps { w.raw(m(s.path)); w.int(s.size); w.int(s.mtime); w.uint(s.hash) }
        w.uint(UInt64(e.missing.count)); for x in e.missing { w.raw(m(x)) }
        let facts = encode(e.facts, strings: map)
        w.uint(UInt64(facts.count))
        w.bytes += facts
        return Data(w.bytes)
    }

    /// An entry's key, the stamps of the files it read and the includes it missed, without its
    /// facts (whether an entry still holds is told by these alone); `facts` is where the facts'
    /// bytes start.
    public struct EntryHeader: Sendable {
        public var key: String
        public var stamps: [FileStamp]
        public var missing: [String]
        var facts: Int
    }

    public static func decodeEntryHeader(_ d: Data, paths map: ((String) -> String)? = nil) throws -> EntryHeader {
        let m = map ?? { $0 }
        var r = Reader(bytes: [UInt8](d))
        for m in entryMagic { guard try r.byte() == m else { throw Malformed() } }
        guard try r.byte() == version else { throw Malformed() }
        let key = try r.raw()
        let stamps = try (0..<r.count()).map { _ in
            FileStamp(path: m(try r.raw()), size: try r.int(), mtime: try r.int(), hash: try r.uint())
        }
        let missing = try (0..<r.count()).map { _ in m(try r.raw()) }
        let n = try r.count()
        guard r.pos + n == r.bytes.count else { throw Malformed() }
        return EntryHeader(key: key, stamps: stamps, missing: missing, facts: r.pos)
    }

    /// The facts of an entry whose header decoded as `h`.
    public static func decodeEntryFacts(_ d: Data, header h: EntryHeader, paths map: ((String) -> String)? = nil) throws -> FileFacts {
        try decode(d.subdata(in: (d.startIndex + h.facts)..<d.endIndex), strings: map)
    }

    /// Anything that does not decode exactly is an error: the entry is discarded, never trusted.
    public static func decodeEntry(_ d: Data, paths map: ((String) -> String)? = nil) throws -> CacheEntry {
        let h = try decodeEntryHeader(d, paths: map)
        let facts = try decodeEntryFacts(d, header: h, paths: map)
        return CacheEntry(key: h.key, stamps: h.stamps, facts: facts, missing: h.missing)
    }

}
