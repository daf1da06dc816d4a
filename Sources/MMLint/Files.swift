import Facts
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// File helpers shared by the caches, the kbuild mode and the CLI's reports.
public enum Files {
    /// Size and mtime (nanoseconds) of a file now, following links; nil when it is not there.
    /// The hash is left 0: callers hash only when size or mtime changed. (fstatat: Swift reads
    /// `stat(path, &st)` as the struct's initializer.)
    public static func stamp(_ path: String) -> FileStamp? {
        var st = Glibc.stat()
        guard fstatat(AT_FDCWD, path, &st, 0) == 0 else { return nil }
        return FileStamp(path: path, size: Int64(st.st_size),
                         mtime: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec), hash: 0)
    }

    public struct WriteError: Error, CustomStringConvertible { public var description: String }

    /// Writes through a temporary file in the same folder and a rename, so that a reader (or an
    /// interrupted run) never sees half a file; the temporary file never outlives a failure.
    public static func writeAtomically(_ data: Data, to path: String, permissions: mode_t? = nil) throws {
        let tmp = path + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        do { try data.write(to: URL(fileURLWithPath: tmp)) } catch {
            unlink(tmp)
            throw WriteError(description: error.localizedDescription)
        }
        if let p = permissions { chmod(tmp, p) }
        guard rename(tmp, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(tmp)
            throw WriteError(description: why)
        }
    }

    /// The first executable `name` in $PATH.
    public static func onPath(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let p = dir + "/" + name
            if access(p, X_OK) == 0 { return p }
        }
        return nil
    }

    // MARK: report outputs (-o, --sarif-output, --json-output)

    /// Where a report goes. A regular file (or a path that does not exist yet) is replaced
    /// atomically, at the end of any symlinks; anything else — a device such as /dev/null, a
    /// FIFO, a socket — is written through and never replaced; `-`, /dev/stdout, /dev/stderr,
    /// /dev/fd/N and /proc/self/fd/N (bash's process substitution) are the open descriptor.
    public enum OutputTarget: Equatable, Sendable {
        case descriptor(Int32)
        case special(String)
        case regular(String, permissions: mode_t?)
    }

    static func descriptor(of path: String) -> Int32? {
        switch path {
        case "-", "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }

    /// The file a path names once every symlink is followed (a dangling link names its target).
    static func followLinks(_ path: String) -> String {
        var p = path
        for _ in 0..<40 {
            var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(p, &buf, buf.count - 1)
            guard n > 0 else { break }
            let target = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            p = target.hasPrefix("/") ? target : (p as NSString).deletingLastPathComponent + "/" + target
        }
        return p
    }

    /// Classifies an output path and checks, before any analysis, that it can be written.
    public static func outputTarget(_ path: String) throws -> OutputTarget {
        if let fd = descriptor(of: path) {
            guard fcntl(fd, F_GETFD) != -1 else { throw WriteError(description: "\(path): cannot write: descriptor \(fd) is not open") }
            return .descriptor(fd)
        }
        var st = Glibc.stat()
        if fstatat(AT_FDCWD, path, &st, 0) == 0 {
            let type = st.st_mode & S_IFMT
            if type == S_IFDIR { throw WriteError(description: "\(path): cannot write: it is a folder") }
            if type != S_IFREG {
                guard access(path, W_OK) == 0 else {
                    throw WriteError(description: "\(path): cannot write: \(String(cString: strerror(errno)))")
                }
                return .special(path)
            }
        }
        let real = followLinks(path)
        let exists = fstatat(AT_FDCWD, real, &st, 0) == 0
        let dir = (real as NSString).deletingLastPathComponent.isEmpty ? "." : (real as NSString).deletingLastPathComponent
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw WriteError(description: "\(path): cannot write: no such folder \(dir)")
        }
        guard access(dir, W_OK) == 0 else { throw WriteError(description: "\(path): cannot write: folder \(dir) is not writable") }
        return .regular(real, permissions: exists ? st.st_mode & 0o7777 : nil)
    }

    /// Writes a report to `path` (see `OutputTarget`).
    public static func writeOutput(_ data: Data, to path: String) throws {
        switch try outputTarget(path) {
        case .descriptor(let fd):
            fflush(nil)
            try writeAll(data, fd: fd, path: path)
        case .special(let p):
            let fd = open(p, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw WriteError(description: "\(path): cannot write: \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            try writeAll(data, fd: fd, path: path)
        case .regular(let p, let mode):
            do { try writeAtomically(data, to: p, permissions: mode) } catch {
                throw WriteError(description: "\(path): cannot write: \(error)")
            }
        }
    }

    static func writeAll(_ data: Data, fd: Int32, path: String) throws {
        try data.withUnsafeBytes { (buf: UnsafeRawBufferPointer) in
            var off = 0
            while off < buf.count {
                let n = write(fd, buf.baseAddress! + off, buf.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw WriteError(description: "\(path): cannot write: \(String(cString: strerror(errno)))")
                }
                off += n
            }
        }
    }
}
