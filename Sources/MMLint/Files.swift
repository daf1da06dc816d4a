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
}
