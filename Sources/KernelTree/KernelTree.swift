import Facts
import Foundation

/// A user-facing failure: one line naming the file and what is wrong.
public struct TreeError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(_ path: String, _ message: String) { self.path = path; self.message = message }
    public var description: String { "\(path): \(message)" }
}

public struct KernelVersion: Codable, Comparable, Hashable, Sendable, CustomStringConvertible {
    public var major: Int, minor: Int, patch: Int
    public init(_ major: Int, _ minor: Int, _ patch: Int = 0) { self.major = major; self.minor = minor; self.patch = patch }
    public static func < (a: KernelVersion, b: KernelVersion) -> Bool { (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch) }
    public var description: String { "\(major).\(minor).\(patch)" }
    /// Parses "6.12", "5.17.3", "v6.1".
    public init?(string: String) {
        let s = string.hasPrefix("v") ? String(string.dropFirst()) : string
        let p = s.split(separator: ".").map { Int($0.prefix(while: { $0.isNumber })) }
        guard p.count >= 2, let a = p[0], let b = p[1] else { return nil }
        self.init(a, b, p.count > 2 ? (p[2] ?? 0) : 0)
    }
}

/// Where the compile flags of a file came from.
public enum FlagSource: String, Codable, Sendable {
    case compileDatabase = "compile_commands.json"
    case kbuild = "kbuild conventions"
    case plain = "plain -I"
}

public struct FileJob: Sendable {
    public var path: String          // absolute
    public var arguments: [String]
    public var workingDirectory: String?
    public var source: FlagSource
}

/// The analyzed tree: its root, kind, version, and how each file is compiled.
public struct Tree: Sendable {
    public var root: String
    public var isKernel: Bool
    public var version: KernelVersion?
    public var arch: String
    public var compileDB: [String: (args: [String], dir: String)]
    public var config: [String: String]
    public var extraFlags: [String]
    /// Where the build's generated files are: the root itself, or the output folder of an
    /// `O=` build (include/generated, arch/*/include/generated, include/config/auto.conf).
    public var objtree: String = ""
    /// What a kernel tree is configured for (triple and machine flags); nil for a plain tree.
    public var target: Target?
    /// The names the frontend gives a meaning (RuleSet.frontendNames): e.g. where a name the
    /// rules know as a call is a function-like macro (arm64's pmd_present), the frontend records
    /// its invocation as a call of that name, as for a function (x86's).
    public var frontendNames = FrontendNames()

    /// Finds the tree that contains `path`: the nearest ancestor with a kernel top Makefile
    /// and include/linux/, else `path` itself (or its folder) as a plain C tree.
    public static func discover(path: String, compileDBDir: String? = nil, extraFlags: [String] = [],
                                objtree: String? = nil) throws -> Tree {
        let fm = FileManager.default
        let abs = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: abs, isDirectory: &isDir) else { throw TreeError(path, "no such file or directory") }
        var dir = isDir.boolValue ? abs : (abs as NSString).deletingLastPathComponent
        var kernelRoot: String?
        while true {
            if isKernelRoot(dir) { kernelRoot = dir; break }
            let up = (dir as NSString).deletingLastPathComponent
            if up == dir || up.isEmpty { break }
            dir = up
        }
        var tree: Tree
        if let r = kernelRoot {
            let o = objtree.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? r
            if objtree != nil, !fm.fileExists(atPath: o + "/include/generated/autoconf.h") {
                throw TreeError(o, "not a prepared kernel object tree (no include/generated/autoconf.h)")
            }
            let target = Target.detect(root: r, objtree: o)
            tree = Tree(root: r, isKernel: true, version: readVersion(r), arch: target.srcarch, compileDB: [:],
                        config: [:], extraFlags: extraFlags)
            tree.objtree = o
            tree.target = target
            if !fm.fileExists(atPath: o + "/include/generated/autoconf.h") {
                throw TreeError(r, "kernel tree is not prepared (no include/generated/autoconf.h): run `make allmodconfig prepare` "
                                + "(or any config, then `make prepare`) in it, or give its O= build folder with --objtree")
            }
            tree.config = readConfig(o + "/include/config/auto.conf")
        } else {
            let r = isDir.boolValue ? abs : (abs as NSString).deletingLastPathComponent
            tree = Tree(root: r, isKernel: false, version: nil, arch: "x86", compileDB: [:], config: [:], extraFlags: extraFlags)
            tree.objtree = r
        }
        let dbDir = compileDBDir ?? tree.root
        let dbPath = dbDir + "/compile_commands.json"
        if fm.fileExists(atPath: dbPath) {
            tree.compileDB = try CompileDatabase.load(dbPath)
        } else if compileDBDir != nil {
            throw TreeError(dbPath, "no compile_commands.json there")
        }
        return tree
    }

    static func isKernelRoot(_ dir: String) -> Bool {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: dir + "/include/linux", isDirectory: &isDir), isDir.boolValue,
              let mk = try? String(contentsOfFile: dir + "/Makefile", encoding: .utf8) else { return false }
        return mk.contains("\nVERSION =") || mk.hasPrefix("VERSION =") || mk.contains("\nPATCHLEVEL =")
    }

    static func readVersion(_ root: String) -> KernelVersion? {
        guard let mk = try? String(contentsOfFile: root + "/Makefile", encoding: .utf8) else { return nil }
        var v: [String: Int] = [:]
        for line in mk.split(separator: "\n").prefix(40) {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, ["VERSION", "PATCHLEVEL", "SUBLEVEL"].contains(parts[0]) { v[parts[0]] = Int(parts[1]) ?? 0 }
        }
        guard let a = v["VERSION"], let b = v["PATCHLEVEL"] else { return nil }
        return KernelVersion(a, b, v["SUBLEVEL"] ?? 0)
    }

    static func readConfig(_ path: String) -> [String: String] {
        guard let s = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var out: [String: String] = [:]
        for line in s.split(separator: "\n") where line.hasPrefix("CONFIG_") {
            let p = line.split(separator: "=", maxSplits: 1)
            if p.count == 2 { out[String(p[0])] = String(p[1]) }
        }
        return out
    }

    public func relative(_ abs: String) -> String {
        abs.hasPrefix(root + "/") ? String(abs.dropFirst(root.count + 1)) : abs
    }

    /// The architecture of a file under `arch/<a>/` when it is not the tree's, else nil.
    public func otherArch(_ file: String) -> String? {
        guard isKernel else { return nil }
        let rel = relative(file)
        guard rel.hasPrefix("arch/") else { return nil }
        let a = String(rel.split(separator: "/")[1])
        return a == arch ? nil : a
    }

    /// Why this file is not analyzed (another arch, not built in this config), or nil.
    public func skipReason(for file: String) -> String? { skip(for: file)?.reason }

    /// The same, with the .c file that compiles this one by including it where that is why.
    public func skip(for file: String) -> KbuildFlags.Skip? {
        if compileDB[file] != nil { return nil }
        if !compileDB.isEmpty, otherArch(file) != nil { return KbuildFlags.Skip("architecture not in the compile database") }
        return isKernel ? KbuildFlags.skip(for: file, tree: self) : nil
    }

    /// The compile job for one file.
    public func job(for file: String) -> FileJob {
        if let e = compileDB[file] {
            // A cross build's gcc command names no target (gcc is built per target; kbuild's
            // CHECK= mode and bear on a cross build): libclang would parse it for the host.
            // Its machine flags libclang rejects for that target are left out, as from kbuild's.
            var args = e.args
            if let t = target, let triple = t.triple, !args.contains(where: { $0.hasPrefix("--target") || $0 == "-target" }) {
                args = ["--target=" + triple] + args.filter { !t.rejectedFlags.contains($0) }
            }
            return FileJob(path: file, arguments: args + extraFlags, workingDirectory: e.dir, source: .compileDatabase)
        }
        if isKernel {
            return FileJob(path: file, arguments: KbuildFlags.flags(for: file, tree: self) + extraFlags, workingDirectory: root,
                           source: .kbuild)
        }
        var args = ["-std=gnu11", "-I", (file as NSString).deletingLastPathComponent, "-I", root]
        // A plain tree: its own include/ and the nearest ancestor's include/ (fixture trees).
        var d = root
        for _ in 0..<8 {
            if FileManager.default.fileExists(atPath: d + "/include") { args += ["-I", d + "/include"] }
            let up = (d as NSString).deletingLastPathComponent
            if up == d { break }
            d = up
        }
        return FileJob(path: file, arguments: args + extraFlags, workingDirectory: nil, source: .plain)
    }
}

/// Enumerates the C files under the given paths (files are taken as they are).
public enum SourceFiles {
    public static func collect(_ paths: [String]) throws -> [String] {
        try collectAll(paths).sources
    }

    /// A readdir walk (FileManager's enumerator costs seconds on a kernel tree): regular .c and
    /// .h files; hidden entries and symbolic links are skipped (no loops), and so are the
    /// userspace folders of a kernel root (tools/, Documentation/, scripts/).
    static func walk(_ dir: String, sources: inout Set<String>, headers: inout Set<String>) {
        guard let d = opendir(dir) else { return }
        defer { closedir(d) }
        let kernelRoot = Tree.isKernelRoot(dir)
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name.hasPrefix(".") { continue }
            let path = dir + "/" + name
            var type = Int32(e.pointee.d_type)
            if type == Int32(DT_UNKNOWN) {
                var st = stat()
                guard fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                let fmt = st.st_mode & S_IFMT
                type = fmt == S_IFDIR ? Int32(DT_DIR) : fmt == S_IFREG ? Int32(DT_REG) : Int32(DT_LNK)
            }
            if type == Int32(DT_DIR) {
                if kernelRoot && ["tools", "Documentation", "scripts"].contains(name) { continue }
                walk(path, sources: &sources, headers: &headers)
            } else if type == Int32(DT_REG) {
                if name.hasSuffix(".c") { sources.insert(path) } else if name.hasSuffix(".h") { headers.insert(path) }
            }
        }
    }

    /// C files and headers under the paths (headers feed the prefilter's macro scan).
    public static func collectAll(_ paths: [String]) throws -> (sources: [String], headers: [String]) {
        let fm = FileManager.default
        var out: Set<String> = []
        var headers: Set<String> = []
        for p in paths {
            let abs = URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: abs, isDirectory: &isDir) else { throw TreeError(p, "no such file or directory") }
            if !isDir.boolValue {
                // A FIFO or device named .c would block the reader.
                let type = (try? fm.attributesOfItem(atPath: abs))?[.type] as? FileAttributeType
                guard type == .typeRegular else { throw TreeError(p, "not a regular file") }
                guard abs.hasSuffix(".c") || abs.hasSuffix(".h") else { throw TreeError(p, notCSource(abs)) }
                out.insert(abs); continue
            }
            walk(abs, sources: &out, headers: &headers)
        }
        return (out.sorted(), headers.sorted())
    }

    /// Why a file given by name is refused: it is not C (a patch gets the workflow that reviews one).
    static func notCSource(_ path: String) -> String {
        let head = (FileHandle(forReadingAtPath: path)?.readData(ofLength: 4096)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let patch = [".patch", ".diff", ".mbox", ".eml"].contains { path.hasSuffix($0) }
            || head.hasPrefix("From ") || head.hasPrefix("diff --git ") || head.contains("\n--- a/") || head.contains("\ndiff --git ")
        if patch {
            return "a patch, not a C source file: apply it in a scratch worktree (`git worktree add`, then `git am`) "
                + "and run `mmlint check --diff-from HEAD~1` there"
        }
        return "not a C source file (.c or .h)"
    }
}
