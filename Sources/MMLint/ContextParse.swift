import Facts
import Foundation
import Frontend
import KernelTree

/// The parses of a check's later stages (the ops and family context rounds, replay's context): with the
/// PCHs of the check's parse, and without building again the header functions an earlier
/// parse of the run built. The ops rounds and the family round ask from two threads at once.
final class ContextParse: @unchecked Sendable {
    let pch: Bool
    let precompiled: PrecompiledSet
    private var built: Set<String>
    private let lock = NSLock(), parsing = NSLock()

    init(pch: Bool, precompiled: PrecompiledSet, built: Set<String>) {
        self.pch = pch; self.precompiled = precompiled; self.built = built
    }

    /// Files parsed ahead of the stages that ask for them (prefetch), by path, and the header
    /// functions that batch built, by key hash. Kept for every stage that asks (the rounds
    /// run at once: whichever asks first, each gets the same facts).
    private var ahead: [String: FileFacts] = [:]
    private var aheadHeaders: [UInt64: FunctionFacts] = [:]

    func parse(_ files: [String], tree: Tree, opt: CheckOptions) -> [FileFacts] {
        // One parse at a time (they share the PCH set and `built`); the facts of files parsed
        // ahead are taken without waiting.
        lock.lock()
        var todo = files.filter { ahead[$0] == nil }
        lock.unlock()
        var parsed: [FileFacts] = []
        if !todo.isEmpty {
            parsing.lock(); defer { parsing.unlock() }
            lock.lock()
            todo = files.filter { ahead[$0] == nil }
            let seen = built
            lock.unlock()
            parsed = MMLint.parseAll(todo, tree: tree, jobs: opt.jobs, workers: opt.workerExecutable, timeout: opt.fileTimeout,
                                     cache: opt.cacheDir.map { FactsCache(cacheDir: $0, tree: tree) },
                                     pch: pch, precompiled: precompiled, built: seen)
        }
        lock.lock(); defer { lock.unlock() }
        for f in parsed { built.formUnion(f.headerFunctionKeys) }
        let byPath = Dictionary(zip(todo, parsed), uniquingKeysWith: { a, _ in a })
        var facts = files.map { ahead[$0] ?? byPath[$0]! }
        // The header functions another file of the prefetched batch built come with these
        // files: each stage sees every one its files name (directly, or through a header
        // function that file built), whichever file of the batch built it. (All of them: a
        // header function a stage's files do not name is not reported on, context files
        // never are, and changes no caller of theirs.)
        guard !aheadHeaders.isEmpty, let i = facts.indices.first(where: { facts[$0].parsedCleanly }) else { return facts }
        let have = Set(facts.flatMap { f in f.functions.map { FileFacts.keyHash($0.key) } })
        facts[i].functions += aheadHeaders.filter { !have.contains($0.key) }.sorted { $0.value.key < $1.value.key }.map(\.value)
        return facts
    }

    /// Parses `files` now, in one batch (the workers shared by the stages that will ask for
    /// them), for the `parse` calls to come.
    func prefetch(_ files: [String], tree: Tree, opt: CheckOptions) {
        guard !files.isEmpty else { return }
        let parsed = parse(files, tree: tree, opt: opt)
        lock.lock(); defer { lock.unlock() }
        for (f, x) in zip(files, parsed) {
            ahead[f] = x
            for fn in x.functions where fn.loc.file != x.path { aheadHeaders[FileFacts.keyHash(fn.key)] = fn }
        }
    }
}
