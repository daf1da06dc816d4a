import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C and SIGTERM: the signals are blocked in every thread and taken by one thread with
/// sigwait(), so the cleanup — kill the parse workers, reap them, remove the temporary folders
/// (precompiled headers) — runs as ordinary code, not inside a signal handler. Reports are
/// written only at the end, through a temporary file and a rename, so nothing is left
/// half-written. Call `install()` first thing, before any thread starts (threads inherit the
/// blocked mask); parse workers unblock the signals again (`unblock()`).
public enum Interrupts {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    nonisolated(unsafe) static var folders: Set<String> = []
    static let lock = NSLock()

    static func set() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for s in signals { sigaddset(&set, s) }
        return set
    }

    public static func install() {
        var mask = set()
        pthread_sigmask(SIG_BLOCK, &mask, nil)
        let t = Thread {
            var waitFor = set()
            var sig: Int32 = 0
            while sigwait(&waitFor, &sig) != 0 {}
            cleanUp()
            _exit(128 + sig)
        }
        t.name = "mmlint-signals"
        t.start()
    }

    /// For a parse worker: the default behaviour of the signals (its parent kills it anyway).
    public static func unblock() {
        var mask = set()
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
    }

    /// Kills and reaps the workers, removes the registered temporary folders.
    public static func cleanUp() {
        WorkerPool.killAll(reap: true)
        lock.lock()
        let all = folders
        folders.removeAll()
        lock.unlock()
        for f in all { try? FileManager.default.removeItem(atPath: f) }
    }

    /// A temporary folder to remove if the run is interrupted.
    public static func register(_ folder: String) { lock.lock(); folders.insert(folder); lock.unlock() }
    public static func unregister(_ folder: String) { lock.lock(); folders.remove(folder); lock.unlock() }
}
