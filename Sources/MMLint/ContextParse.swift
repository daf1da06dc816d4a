import Facts
import Foundation
import Frontend
import KernelTree

/// The parses of a check's later stages (the ops and family context rounds, replay's context): with the
/// PCHs of the check's parse, and without building again the header functions an earlier
/// parse of the run built.
final class ContextParse: @unchecked Sendable {
    let pch: Bool
    let precompiled: PrecompiledSet
    private(set) var built: Set<String>

    init(pch: Bool, precompiled: PrecompiledSet, built: Set<String>) {
        self.pch = pch; self.precompiled = precompiled; self.built = built
    }

    func parse(_ files: [String], tree: Tree, opt: CheckOptions) -> [FileFacts] {
        let facts = MMLint.parseAll(files, tree: tree, jobs: opt.jobs, workers: opt.workerExecutable, timeout: opt.fileTimeout,
                                    cache: opt.cacheDir.map { FactsCache(cacheDir: $0, tree: tree) },
                                    pch: pch, precompiled: precompiled, built: built)
        for f in facts { built.formUnion(f.headerFunctionKeys) }
        return facts
    }
}
