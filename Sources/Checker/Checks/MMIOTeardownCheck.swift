import Facts
import Findings
import Foundation
import Index

/// `kind: mmio-teardown` — Device MMIO mapped into user space by a driver (or a framework) whose
/// device teardown never revokes the mapping: after remove()/unbind the BAR can be released,
/// reassigned or powered down while a process still loads and stores through its PTEs.
///
/// Match keys:
/// - `inserts` (plain names): calls that map MMIO into a user vma (io_remap_pfn_range,
///   vm_iomap_memory);
/// - `pfn_inserts` (plain names, optional): calls that map any page frame number
///   (remap_pfn_range) — MMIO where the mapping path gives the vma a device-memory protection;
/// - `device_protections` (plain names, optional): those protections (pgprot_noncached,
///   pgprot_writecombine, pgprot_device): the evidence that a pfn insert maps device memory;
/// - `mmap_callbacks`: the members whose functions run as the file's ->mmap;
/// - `teardown_callbacks`: the members whose functions tear the device down (a bus driver's
///   remove, a USB disconnect);
/// - `zaps` (plain names): calls that remove a file's user mappings (the revoke).
///
/// Reported once per ->mmap function (a framework's mmap once, not per driver): an MMIO insert
/// in it (or a callee within two calls), when a teardown callback reaches (within two calls) a
/// function of the ->mmap's source file or is in it, and no zap is made by the teardown (within
/// three calls) nor by any function of the ->mmap's file outside the mapping path.
struct MMIOTeardownCheck: FamilyCheck {
    static let kind = "mmio-teardown"
    static let matchKeys: [String: Bool] = ["inserts": true, "pfn_inserts": false, "device_protections": false,
                                            "mmap_callbacks": true, "teardown_callbacks": true, "zaps": true]
    static let phase = CheckPhase.besideSummaries
    static let group: String? = nil
    static func findings(_ rule: Rule, _ engine: Engine, _ ctx: FamilyContext) -> [Finding] { engine.mmioTeardownFindings(rule, ctx) }
}

extension Engine {
    func mmioTeardownFindings(_ rule: Rule, _ ctx: FamilyContext) -> [Finding] {
        let mmioInserts = Set(rule.match["inserts"] ?? []), zaps = Set(rule.match["zaps"] ?? [])
        let pfnInserts = Set(rule.match["pfn_inserts"] ?? []), protections = Set(rule.match["device_protections"] ?? [])
        let inserts = mmioInserts.union(pfnInserts)
        func protects(_ f: FunctionFacts) -> Bool {
            f.nodes.contains { if case .event(.call(let c)) = $0.kind { return protections.contains(c.name) }; return false }
        }
        let mmaps = ctx.callbacks(rule.match["mmap_callbacks"]!)
        let mapping = ctx.reached(from: mmaps, depth: 2)
        let teardowns = ctx.callbacks(rule.match["teardown_callbacks"]!)
        guard !mmaps.isEmpty else { return [] }
        let tearing = ctx.reached(from: teardowns, depth: 3)
        // Files a teardown reaches (its own and its callees' within two calls): the callback, the
        // function of that file it reaches, and how many callbacks reach the file.
        // The entry is the function of that file the fewest calls away (uio_unregister_device(),
        // not the helper it calls).
        var teardownOf: [String: (root: String, entry: String, count: Int)] = [:]
        let near = tearing.keys.filter { tearing[$0]!.chain.count <= 2 }.sorted { (tearing[$0]!.chain.count, $0) < (tearing[$1]!.chain.count, $1) }
        for key in near {
            guard let fn = index.functions[key] else { continue }
            if let t = teardownOf[fn.loc.file] {
                if t.root != tearing[key]!.root { teardownOf[fn.loc.file]!.count += 1 }
            } else {
                teardownOf[fn.loc.file] = (tearing[key]!.root, key, 1)
            }
        }
        // Teardowns that revoke: a zap within three calls of the callback.
        var revokingRoots: Set<String> = []
        for key in tearing.keys {
            guard let fn = index.functions[key] else { continue }
            if fn.nodes.contains(where: { if case .event(.call(let c)) = $0.kind { return zaps.contains(c.name) }; return false }) {
                revokingRoots.insert(tearing[key]!.root)
            }
        }
        let revokes = revokesByFile(zaps, mappingPaths: mapping)
        var out: [Finding] = [], done: Set<String> = []
        for key in mapping.keys.sorted() {
            guard let fn = index.functions[key], let (root, chain) = mapping[key], !done.contains(root),
                  let mmapFn = index.functions[root], !isContractFunction(fn), !inserts.contains(fn.name),
                  !chain.contains(where: { inserts.contains($0.name) }), revokes[mmapFn.loc.file] == nil else { continue }
            // A pfn insert maps device memory where the function, or the ->mmap that reaches
            // it, gives the vma a device protection (uio: pgprot_noncached, then remap_pfn_range).
            let deviceProtected = protects(fn) || protects(mmapFn)
            func mapsMMIO(_ n: CFGNode) -> CallSite? {
                guard case .event(.call(let c)) = n.kind,
                      mmioInserts.contains(c.name) || (deviceProtected && pfnInserts.contains(c.name)) else { return nil }
                return c
            }
            guard let tdOf = teardownOf[mmapFn.loc.file] else {
                // No teardown reaches the ->mmap's file among the parsed files: a framework's
                // drivers call its exported functions from their remove() (uio drivers →
                // uio_unregister_device()): ask for the folder's files that name them.
                if fn.nodes.contains(where: { mapsMMIO($0) != nil }) {
                    wantFamilyContext(rule, mmapFn.loc.file, exported(in: mmapFn.loc.file))
                }
                continue
            }
            guard !revokingRoots.contains(tdOf.root), let td = index.functions[tdOf.root],
                  let entry = index.functions[tdOf.entry] else { continue }
            for (i, n) in fn.nodes.enumerated() {
                guard let c = mapsMMIO(n) else { continue }
                done.insert(root)
                let call = "\(c.name)(\(c.argText.joined(separator: ", ")))"
                let reach = entry.key == td.key ? "" : " through \(entry.name)()"
                let others = tdOf.count > 1 ? " (one of \(tdOf.count) teardown callbacks that reach this file)" : ""
                var finding = familyFinding(rule, fn: fn, at: c.loc,
                    message: "\(call) maps device MMIO into user space from ->mmap \(mmapFn.name)(), and the device's teardown "
                        + "\(td.name)()\(reach) (\(td.loc.file):\(td.loc.line))\(others) removes no user mapping: "
                        + "after remove or unbind, a process that "
                        + "still has the file mapped loads and stores through these PTEs to a BAR that may be released, reassigned or "
                        + "powered down. Revoke on teardown (unmap_mapping_range() of the file's address_space, after the state change "
                        + "that makes ->mmap and the fault path refuse) or keep the device until the last mapping is closed",
                    origin: "mapped", identity: "mmio \(root)",
                    related: [Related(file: td.loc.file, line: td.loc.line, message: "the device teardown: \(td.name)()")])
                if let path = fn.shortestPath(from: 0, limit: 4000, goal: { $0 == i }) { finding.path = pathEvents(fn, path) }
                out.append(finding)
                break
            }
        }
        return out
    }

    /// The functions of a file other files can call (its drivers call a framework's).
    func exported(in file: String) -> [String] {
        index.sortedKeys.compactMap { index.functions[$0] }.filter { $0.loc.file == file && !$0.isStatic }.map(\.name)
    }
}
