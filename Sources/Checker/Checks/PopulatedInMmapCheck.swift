import Facts
import Findings
import Foundation
import Index

/// `kind: populated-in-mmap` — A driver that revokes its user mappings (it zaps them somewhere)
/// but fills them inside `->mmap`: the vma joins the file's i_mmap only after `->mmap` returns,
/// so a revoke that runs in that window does not find the vma and the PTEs outlive it.
///
/// Match keys:
/// - `inserts` (plain names): calls that put PTEs in the vma being mapped (remap_pfn_range,
///   io_remap_pfn_range, vm_insert_page(s), vm_map_pages, dma_mmap_*, …);
/// - `zaps` (plain names): calls that remove a file's user mappings (the revoke);
/// - `mmap_callbacks`: the members whose functions run as the file's ->mmap.
///
/// Reported once per ->mmap function: an insert in it (or in a function it calls, within two
/// calls, not inside an insert's own implementation), when a function of the ->mmap's source
/// file calls a zap.
struct PopulatedInMmapCheck: FamilyCheck {
    static let kind = "populated-in-mmap"
    static let matchKeys: [String: Bool] = ["inserts": true, "zaps": true, "mmap_callbacks": true]
    static let phase = CheckPhase.besideSummaries
    static let group: String? = nil
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.populatedInMmapFindings(rule, ctx) }
}

extension Engine {
    func populatedInMmapFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let inserts = Set(rule.match["inserts"] ?? []), zaps = Set(rule.match["zaps"] ?? [])
        let mmaps = ctx.callbacks(rule.match["mmap_callbacks"]!)
        let reached = ctx.reached(from: mmaps, depth: 2)
        let revokes = revokesByFile(zaps, mappingPaths: reached)
        guard !revokes.isEmpty else { return [] }
        var out: [Finding] = [], done: Set<String> = []
        for key in reached.keys.sorted() {
            // The driver's own call: not inside an insert's implementation (io_remap_pfn_range's
            // inline body, dma_mmap_coherent's callees).
            guard let fn = index.functions[key], let (root, chain) = reached[key], !done.contains(root),
                  let mmapFn = index.functions[root], !isContractFunction(fn), !inserts.contains(fn.name),
                  !chain.contains(where: { inserts.contains($0.name) }),
                  let (zap, revoker) = revokes[mmapFn.loc.file] else { continue }
            for (i, n) in fn.nodes.enumerated() {
                guard case .event(.call(let c)) = n.kind, inserts.contains(c.name) else { continue }
                done.insert(root)
                let call = "\(c.spelled)"
                let via = chain.isEmpty ? "" : " (through \(chain.map { $0.name + "()" }.joined(separator: " → ")))"
                var finding = familyFinding(rule, fn: fn, at: c.loc,
                    message: "\(call) fills the user mapping inside ->mmap \(mmapFn.name)()\(via), and this driver revokes its mappings "
                        + "(\(zap.name)() in \(revoker)(), \(zap.loc.file):\(zap.loc.line)): the vma joins the file's i_mmap only after "
                        + "->mmap returns, so a revoke in that window does not see it and these PTEs outlive the revoke. Insert at "
                        + "fault time (vm_ops->fault), where the revoke's state test and lock apply",
                    origin: "mapped", identity: "populate \(root)",
                    related: [Related(file: zap.loc.file, line: zap.loc.line,
                                      message: "the revoke: \(zap.spelled)")])
                if let path = fn.shortestPath(from: 0, limit: 4000, goal: { $0 == i }) { finding.path = pathEvents(fn, path) }
                out.append(finding)
                break
            }
        }
        return out
    }

    /// The revokes of user mappings, by the source file of the function that makes them (the
    /// driver): its first zap call. A zap on a mapping path itself (the ->mmap and what it calls)
    /// undoes the mapping being made (an error path), no revoke.
    /// `isZap`: whether a call of one of `zaps` in a function zaps there (all, unless given).
    func revokesByFile(_ zaps: Set<String>, mappingPaths: [String: (root: String, chain: [CallSite])],
                       isZap: (CallSite, FunctionFacts) -> Bool = { _, _ in true },
                       revoking: (FunctionFacts) -> Bool = { _ in true }) -> [String: (CallSite, String)] {
        var revokes: [String: (CallSite, String)] = [:]
        for key in index.calling(Array(zaps)).sorted() where mappingPaths[key] == nil {
            guard let fn = index.functions[key], !isContractFunction(fn), revoking(fn) else { continue }
            for n in fn.nodes {
                if case .event(.call(let c)) = n.kind, zaps.contains(c.name), isZap(c, fn), revokes[fn.loc.file] == nil {
                    revokes[fn.loc.file] = (c, fn.name)
                }
            }
        }
        return revokes
    }
}
