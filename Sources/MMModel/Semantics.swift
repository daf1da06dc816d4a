import Foundation

// The kernel semantics the model runs with: the facts (Rules/model.yml `facts:`), each with a
// citation, and the selection of the facts that hold for the analyzed tree — by its version
// (top Makefile, or --kernel-version) and, where the tree is at hand, by probing its sources.

/// One fact the model encodes, with where it comes from: commits, places in the kernel
/// (placed in the analyzed tree when it has them: KernelSource), and a note.
public struct KernelFact: Sendable {
    public var id: String
    public var statement: String
    public var commits: String?
    public var refs: [KernelRef]
    public var note: String?

    public init(id: String, statement: String, commits: String? = nil, refs: [KernelRef] = [], note: String? = nil) {
        self.id = id; self.statement = statement; self.commits = commits; self.refs = refs; self.note = note
    }

    /// The citation as the analyzed tree has it.
    public func citation(in source: KernelSource) -> String {
        ([commits].compactMap { $0 } + refs.map(source.cite) + [note].compactMap { $0 }).joined(separator: "; ")
    }
}

/// The facts replay cites by name; Rules/model.yml `facts:` must have each (the loader says
/// which is missing). The other facts there are the model's documented ground.
public enum CitedFact: String, CaseIterable, Sendable {
    case mmputTeardown = "__mmput", ioUringExit = "io_uring_exit", era5_17 = "era_5_17", era6_1 = "era_6_1"
    case pmdContract = "pmd_contract", releaseTwice = "release_twice", mmgetNotZero = "mmget_not_zero"
    case gupFastKeeps = "gup_fast_keeps", gupSpecial = "gup_special", pageRefFree = "page_ref_free"
    case pgmapDrain = "pgmap_drain", pgmapUndrained = "pgmap_undrained"
}

/// How exit_mmap() locks against readers of the address space.
public enum ExitMmapEra: String, Sendable, CaseIterable {
    /// Before 5.17: no mmap_lock around unmap/free.
    case unlocked = "before 5.17"
    /// 5.17-6.0: mmap_write_lock over the whole teardown.
    case writeLocked = "5.17-6.0"
    /// 6.1+: read lock for unmap_vmas, write lock for free_pgtables and VMA removal.
    case splitLocks = "6.1+"

    /// Its key in Rules/model.yml `owner_exit:`.
    public var dataKey: String {
        switch self {
        case .unlocked: return "unlocked"
        case .writeLocked: return "write_locked"
        case .splitLocks: return "split_locks"
        }
    }

    public static func forVersion(_ v: (Int, Int)) -> ExitMmapEra {
        if v < (5, 17) { return .unlocked }
        if v < (6, 1) { return .writeLocked }
        return .splitLocks
    }
}

/// Whether io_uring can submit kiocbs in the analyzed kernel.
public enum Availability: String, Sendable { case present, absent, unknown }

/// The semantics selected for one tree.
public struct Semantics: Sendable {
    public var version: (Int, Int)?
    public var versionSource: String
    public var era: ExitMmapEra
    public var eraSource: String
    public var ioUring: Availability
    public var ioUringSource: String
    /// The analyzed tree's sources, for citations and replay steps with this tree's lines.
    public var source = KernelSource(root: nil)
    /// The pmd encoding of the configured architecture, when the model has it (x86-64, arm64);
    /// nil: a plain C tree or another architecture — pmd replays show both encodings.
    public var arch: Arch?
    public var archSource = "no configured architecture"

    public init(version: (Int, Int)?, versionSource: String, era: ExitMmapEra, eraSource: String,
                ioUring: Availability, ioUringSource: String) {
        self.version = version; self.versionSource = versionSource; self.era = era; self.eraSource = eraSource
        self.ioUring = ioUring; self.ioUringSource = ioUringSource
    }

    /// The model's default when nothing is known: a current kernel, io_uring possible.
    public static func current(reason: String) -> Semantics {
        Semantics(version: nil, versionSource: reason, era: .splitLocks, eraSource: "assumed (\(reason))",
                  ioUring: .unknown, ioUringSource: "assumed possible (\(reason))")
    }

    public var summary: String {
        let v = version.map { "\($0.0).\($0.1)" } ?? "unknown version"
        var out = "\(v) (\(versionSource)); exit_mmap era \(era.rawValue) (\(eraSource)); io_uring \(ioUring.rawValue) (\(ioUringSource))"
        if let a = arch { out += "; pmd encoding \(a.rawValue) (\(archSource))" }
        return out
    }

    /// Where exit_mmap() may live (probeExitMmap) and where io_uring may (probe).
    static let exitMmapFiles = ["mm/mmap.c", "mm/vma.c"]
    static let ioUringFiles = ["io_uring/io_uring.c", "fs/io_uring.c"]

    /// Every file the semantics of a tree depend on: the version's Makefile, the probed sources,
    /// the configuration, and every file a citation or a replay step is placed in (`cited`: the
    /// model's, ModelVocabulary.citedFiles). A cached result is valid only while they are unchanged.
    public static func inputFiles(root: String, objtree: String?, cited: [String]) -> [String] {
        let rel = ["Makefile"] + exitMmapFiles + ioUringFiles + cited
        return Array(Set(rel.map { root + "/" + $0 } + [(objtree ?? root) + "/include/generated/autoconf.h"])).sorted()
    }

    /// Selects the semantics for a tree: the version first, then the tree's own sources, which
    /// win where they can be read (the shape of exit_mmap(), an io_uring implementation,
    /// CONFIG_IO_URING in the generated autoconf.h).
    public static func probe(root: String, isKernel: Bool, version: (Int, Int)?, versionFromOption: Bool,
                             objtree: String? = nil, srcarch: String? = nil) -> Semantics {
        var s: Semantics
        if let v = version {
            s = Semantics(version: v, versionSource: versionFromOption ? "--kernel-version" : "top Makefile",
                          era: .forVersion(v), eraSource: "by version",
                          ioUring: v < (5, 1) ? .absent : .unknown,
                          ioUringSource: v < (5, 1) ? "io_uring was added in 5.1 (2b188cc1bb85)" : "by version: 5.1 or later")
        } else {
            s = .current(reason: "no kernel version found")
        }
        guard isKernel else { return s }
        s.source = KernelSource(root: root)
        if let a = srcarch {
            let autoconf64 = (try? String(contentsOfFile: (objtree ?? root) + "/include/generated/autoconf.h", encoding: .utf8))?
                .contains("#define CONFIG_64BIT 1") ?? true
            switch a {
            case "arm64": s.arch = .arm64; s.archSource = "the tree is configured for arm64"
            case "x86" where autoconf64: s.arch = .x86_64; s.archSource = "the tree is configured for x86 with CONFIG_64BIT"
            default: s.archSource = "configured for \(a): the model has the x86-64 and arm64 pmd encodings only"
            }
        }
        if let era = probeExitMmap(root: root) {
            s.era = era.0; s.eraSource = era.1
        }
        let fm = FileManager.default
        let hasSource = ioUringFiles.contains { fm.fileExists(atPath: root + "/" + $0) }
        let autoconf = (objtree ?? root) + "/include/generated/autoconf.h"
        if !hasSource {
            s.ioUring = .absent; s.ioUringSource = "the tree has no io_uring implementation (io_uring/, fs/io_uring.c)"
        } else if let text = try? String(contentsOfFile: autoconf, encoding: .utf8) {
            if text.contains("#define CONFIG_IO_URING 1") {
                s.ioUring = .present; s.ioUringSource = "CONFIG_IO_URING=y in include/generated/autoconf.h"
            } else {
                s.ioUring = .absent; s.ioUringSource = "CONFIG_IO_URING is not set in include/generated/autoconf.h"
            }
        } else {
            s.ioUring = .unknown; s.ioUringSource = "the tree has io_uring sources but no autoconf.h (unconfigured)"
        }
        return s
    }

    /// Reads exit_mmap()'s body: a read lock and a write lock → 6.1+; an unconditional write
    /// lock → 5.17-6.0; none, or one only for OOM victims → before 5.17.
    static func probeExitMmap(root: String) -> (ExitMmapEra, String)? {
        for file in exitMmapFiles {
            guard let text = try? String(contentsOfFile: root + "/" + file, encoding: .utf8),
                  let start = text.range(of: "\nvoid exit_mmap(struct mm_struct *mm)\n{") else { continue }
            let rest = text[start.upperBound...]
            let body = rest.range(of: "\n}\n").map { String(rest[..<$0.lowerBound]) } ?? String(rest.prefix(6000))
            let read = body.contains("mmap_read_lock(mm)")
            let write = body.contains("mmap_write_lock(mm)") || body.contains("down_write(&mm->mmap_sem)")
            let where_ = "probed from \(file) exit_mmap()"
            if read && write { return (.splitLocks, where_) }
            if write && !body.contains("mm_is_oom_victim") { return (.writeLocked, where_) }
            return (.unlocked, where_)
        }
        return nil
    }
}
