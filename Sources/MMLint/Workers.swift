import Facts
import Foundation
import Frontend
#if canImport(Glibc)
import Glibc
#endif

// Crash isolation. libclang cannot cancel a parse, and its crash recovery is process-wide
// signal handling that leaves a process poisoned after heap corruption, so the CLI parses in
// worker processes (`mmlint __parse-worker`): a worker that crashes or exceeds the per-file time
// limit is killed and replaced, and its file is reported as not analyzed.
//
// Protocol, over the worker's stdin/stdout: frames of an 8-byte little-endian length and a JSON
// body: a ParseRequest in, a FileFacts out.

public struct ParseRequest: Codable, Sendable {
    public var file: String
    public var arguments: [String]
    public var workingDirectory: String?
    public var root: String
    /// Search for missing quoted headers near the file (not for exact compile commands).
    public var searchHeaders: Bool
    public var unsaved: [String: String]
    /// Header functions other workers already built since this worker's last request: it
    /// skips them, as threads sharing one SeenFunctions would.
    public var alreadySeen: [String] = []
    /// A precompiled header of the headers this file's folder shares (see Precompiled.swift),
    /// and the files it was built from. Not part of the cache key: the facts do not depend on it.
    public var pch: String? = nil
    public var pchIncludes: [String] = []
    /// The names the frontend gives a meaning (Tree.frontendNames); part of the cache key.
    public var names = FrontendNames()
}

/// The header functions built so far, in arrival order (each worker is sent what it has not seen).
final class SeenLog: @unchecked Sendable {
    private var keys: [String]
    private var set: Set<String>
    private let lock = NSLock()
    init(_ initial: [String] = []) { keys = initial; set = Set(initial) }
    func add(_ f: FileFacts) {
        lock.lock(); defer { lock.unlock() }
        for k in f.headerFunctionKeys where set.insert(k).inserted { keys.append(k) }
    }
    func since(_ i: inout Int) -> [String] {
        lock.lock(); defer { lock.unlock() }
        let out = Array(keys[min(i, keys.count)...])
        i = keys.count
        return out
    }
}

enum Frame {
    static func write(_ fd: Int32, _ data: Data) -> Bool {
        var len = UInt64(data.count).littleEndian
        let header = withUnsafeBytes(of: &len) { Data($0) }
        return writeAll(fd, header) && writeAll(fd, data)
    }

    static func writeAll(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { buf -> Bool in
            var off = 0
            while off < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
                if n < 0 { if errno == EINTR { continue }; return false }
                off += n
            }
            return true
        }
    }

    enum ReadResult { case data(Data), eof, timeout }

    /// Reads one frame; waits at most until `deadline` (nil: forever).
    static func read(_ fd: Int32, deadline: Date?) -> ReadResult {
        func readExactly(_ n: Int) -> ReadResult {
            var out = Data(count: n)
            var off = 0
            while off < n {
                if let d = deadline {
                    let ms = Int32(max(0, min(Double(Int32.max), d.timeIntervalSinceNow * 1000)))
                    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    let r = poll(&p, 1, ms)
                    if r == 0 { return .timeout }
                    if r < 0 { if errno == EINTR { continue }; return .eof }
                }
                let got = out.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + off, n - off) }
                if got == 0 { return .eof }
                if got < 0 { if errno == EINTR { continue }; return .eof }
                off += got
            }
            return .data(out)
        }
        let header = readExactly(8)
        guard case .data(let h) = header else { return header }
        let len = h.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian
        guard len < 1 << 34 else { return .eof }
        return readExactly(Int(len))
    }
}

/// The worker's side: parse what comes in until stdin closes.
public enum ParseWorker {
    public static func run() -> Int32 {
        let seen = SeenFunctions()
        let headerSearch = HeaderSearch()
        let crashOn = ProcessInfo.processInfo.environment["MMLINT_DEBUG_CRASH_ON"]
        let hangOn = ProcessInfo.processInfo.environment["MMLINT_DEBUG_HANG_ON"]
        let dec = JSONDecoder()
        while true {
            guard case .data(let d) = Frame.read(0, deadline: nil), let req = try? dec.decode(ParseRequest.self, from: d) else { return 0 }
            for k in req.alreadySeen { _ = seen.claim(k) }
            let name = (req.file as NSString).lastPathComponent
            // Test hooks: prove that a crashing or hanging parse costs only its own file.
            if name == crashOn { signal(SIGSEGV, SIG_DFL); raise(SIGSEGV) }
            if name == hangOn { while true { sleep(1000) } }
            let facts = MMLint.parseOne(req, seen: seen, headerSearch: headerSearch)
            guard Frame.write(1, FactsCodec.encode(facts)) else { return 1 }
        }
    }
}

/// Worker processes, one per job; the registry lets a signal handler kill them all.
public enum WorkerPool {
    /// PIDs of live workers, for the SIGINT/SIGTERM handler (async-signal-safe reads).
    /// A fixed buffer, not a Swift array: workers on different threads write their own slot,
    /// and a Swift array mutated from several threads is a data race even on distinct indices
    /// (ThreadSanitizer found it). The signal handler only reads it.
    static let slots = 256
    nonisolated(unsafe) static let pids: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: slots)
        p.initialize(repeating: 0, count: slots)
        return p
    }()

    /// Kills every live worker; with `reap`, waits for each so none lingers as `<defunct>`.
    public static func killAll(reap: Bool = false) {
        for i in 0..<slots where pids[i] > 0 { kill(pids[i], SIGKILL) }
        guard reap else { return }
        for i in 0..<slots where pids[i] > 0 {
            var status: Int32 = 0
            _ = waitpid(pids[i], &status, 0)
        }
    }

    final class Worker {
        let process = Process()
        let input = Pipe(), output = Pipe()
        let slot: Int
        init(_ exe: String, slot: Int) throws {
            self.slot = slot
            process.executableURL = URL(fileURLWithPath: exe)
            process.arguments = ["__parse-worker"]
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            WorkerPool.pids[slot] = process.processIdentifier
        }
        func stop(kill hard: Bool) {
            if hard { kill(process.processIdentifier, SIGKILL) }
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            WorkerPool.pids[slot] = 0
        }
        /// Why it ended, once it has.
        var ending: String {
            process.terminationReason == .uncaughtSignal
                ? "the parser crashed (signal \(process.terminationStatus))"
                : "the parser exited with status \(process.terminationStatus)"
        }
    }

    static func failed(_ req: ParseRequest, root: String, _ why: String) -> FileFacts {
        let rel = req.file.hasPrefix(root + "/") ? String(req.file.dropFirst(root.count + 1)) : req.file
        var f = FileFacts(path: rel)
        f.failure = why
        return f
    }

    public static func parse(_ reqs: [ParseRequest], executable: String, jobs: Int, timeout: Double, root: String,
                             progress: (@Sendable (Int, Int) -> Void)? = nil, preSeen: [String] = [],
                             queue: ParseQueue? = nil, each: (@Sendable (Int, FileFacts) -> Void)? = nil) -> [FileFacts] {
        let results = ResultBox<FileFacts>(count: reqs.count, progress: progress)
        let log = SeenLog(preSeen)
        let n = max(1, min(jobs, reqs.count, slots))
        DispatchQueue.concurrentPerform(iterations: n) { slot in
            var worker: Worker? = nil
            var sent = 0
            let enc = JSONEncoder()
            while let (i, taken) = ParseQueue.take(reqs, results, queue) {
                var req = taken
                if worker == nil { worker = try? Worker(executable, slot: slot); sent = 0 }
                req.alreadySeen = log.since(&sent)
                guard let w = worker, let body = try? enc.encode(req),
                      Frame.write(w.input.fileHandleForWriting.fileDescriptor, body) else {
                    worker?.stop(kill: true); worker = nil
                    results.set(i, failed(req, root: root, "could not start a parse worker"))
                    continue
                }
                switch Frame.read(w.output.fileHandleForReading.fileDescriptor, deadline: Date().addingTimeInterval(timeout)) {
                case .data(let d):
                    if let f = try? FactsCodec.decode(d) { log.add(f); results.set(i, f); each?(i, f) }
                    else {
                        results.set(i, failed(req, root: root, "the parse worker sent a malformed result"))
                        w.stop(kill: true); worker = nil
                    }
                case .timeout:
                    w.stop(kill: true); worker = nil
                    let why = "the parse took longer than \(Int(timeout)) s (--file-timeout); the worker was killed"
                    results.set(i, failed(req, root: root, why))
                case .eof:
                    w.stop(kill: true); worker = nil
                    results.set(i, failed(req, root: root, "\(w.ending); the worker was replaced"))
                }
            }
            worker?.stop(kill: false)
        }
        return results.all()
    }
}
