import Foundation

/// What a configured kernel tree is compiled for, read from the tree and its build, never from
/// the machine mmlint runs on: the source architecture (the `arch/*/include/generated` the
/// build made, the `.config` header naming it when there are several), the clang triple from the
/// tree's own `scripts/Makefile.clang` (`CLANG_TARGET_FLAGS_<srcarch>`), and the arch's machine
/// flags and defines from the exact command kbuild ran for asm-offsets.c
/// (`arch/$SRCARCH/kernel/.asm-offsets.s.cmd`, written by `make prepare`). The machine flags
/// (`-m32`, `-mbig-endian`, `-mabi=…`, `-march=…`) adjust the triple the way they do for a
/// clang build of the kernel. libclang parses for the host otherwise: arm64 inline asm that
/// names registers (`x0`) does not parse with an x86-64 target.
public struct Target: Sendable, Equatable {
    /// The kernel's SRCARCH: x86, arm64, powerpc, s390, riscv, …
    public var srcarch: String
    /// `--target=` for libclang, nil when the tree names none (an older tree, a plain C tree).
    public var triple: String?
    /// Parse-relevant flags of the configuration (machine flags and defines), before the
    /// removal of those libclang rejects (`KbuildFlags`, `MMLint.check`).
    public var machineFlags: [String]
    /// Where `machineFlags` came from (a path inside the object tree), or nil.
    public var flagsSource: String?
    /// Machine flags libclang rejects for this target (gcc's `-mabi=lp64` on arm64): left out of
    /// `machineFlags` and of a file's exact compile command too.
    public var rejectedFlags: [String] = []

    public init(srcarch: String, triple: String?, machineFlags: [String], flagsSource: String?) {
        self.srcarch = srcarch; self.triple = triple; self.machineFlags = machineFlags; self.flagsSource = flagsSource
    }

    /// The arguments for libclang: `--target=` first, then the machine flags.
    public var arguments: [String] { (triple.map { ["--target=" + $0] } ?? []) + machineFlags }

    /// The target of a kernel tree whose build output is in `objtree`.
    public static func detect(root: String, objtree: String) -> Target {
        let arch = sourceArchitecture(objtree: objtree)
        let clang = (try? String(contentsOfFile: root + "/scripts/Makefile.clang", encoding: .utf8))
            .flatMap { triple(makefileClang: $0, srcarch: arch) }
        let cmd = objtree + "/arch/\(arch)/kernel/.asm-offsets.s.cmd"
        if let text = try? String(contentsOfFile: cmd, encoding: .utf8) {
            return Target(srcarch: arch, triple: clang, machineFlags: machineFlags(asmOffsetsCommand: text), flagsSource: cmd)
        }
        return Target(srcarch: arch, triple: clang, machineFlags: [], flagsSource: nil)
    }

    /// The architecture the build is configured for: the only `arch/*/include/generated` in the
    /// object tree, or, when a source tree holds several (prepared for one arch, then another),
    /// the one the `.config` header names (`# Linux/arm64 6.12.0 Kernel Configuration`).
    public static func sourceArchitecture(objtree: String) -> String {
        let fm = FileManager.default
        let generated = ((try? fm.contentsOfDirectory(atPath: objtree + "/arch")) ?? []).sorted()
            .filter { fm.fileExists(atPath: "\(objtree)/arch/\($0)/include/generated") }
        if generated.count == 1 { return generated[0] }
        if let named = configuredArch(objtree: objtree) {
            if let exact = generated.first(where: { $0 == named }) { return exact }
            // ARCH=x86_64 or i386 is SRCARCH x86, sparc64 is sparc, …
            if let prefix = generated.first(where: { named.hasPrefix($0) }) { return prefix }
            if generated.isEmpty { return named }
        }
        return generated.first ?? "x86"
    }

    /// `ARCH` as the `.config` header gives it.
    static func configuredArch(objtree: String) -> String? {
        guard let h = FileHandle(forReadingAtPath: objtree + "/.config") else { return nil }
        defer { try? h.close() }
        let head = String(decoding: h.readData(ofLength: 512), as: UTF8.self)
        for line in head.split(separator: "\n").prefix(6) {
            guard let r = line.range(of: "# Linux/") else { continue }
            let word = line[r.upperBound...].split(separator: " ").first.map(String.init)
            if let w = word, !w.isEmpty { return w }
        }
        return nil
    }

    /// `CLANG_TARGET_FLAGS_<srcarch> := triple` in scripts/Makefile.clang.
    public static func triple(makefileClang text: String, srcarch: String) -> String? {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == "CLANG_TARGET_FLAGS_" + srcarch,
                  parts[1].hasPrefix("=") else { continue }
            let value = parts[1].dropFirst().trimmingCharacters(in: .whitespaces)
            return value.isEmpty || value.contains("$") ? nil : value
        }
        return nil
    }

    /// From kbuild's saved command for asm-offsets.s: the machine flags (`-m…`, `-EB`/`-EL`) and the
    /// configuration's defines (`-D…`, `-U…`), without the per-file KBUILD_* names, flags that
    /// write files, or the gcc-only flags `CompileDatabase.sanitize` knows.
    /// An absolute include folder strictly inside an architecture's include folder that is not its
    /// uapi or generated one (`…/arch/mips/include/asm/mach-generic`), else nil.
    static func platformIncludeDir(_ dir: String) -> String? {
        guard dir.hasPrefix("/"), let r = dir.range(of: "/arch/") else { return nil }
        let parts = dir[r.upperBound...].split(separator: "/")
        guard parts.count >= 3, parts[1] == "include", parts[2] != "uapi", parts[2] != "generated" else { return nil }
        return dir
    }

    /// Stands in the machine flags for the build compiler's header folder; the analysis
    /// replaces it with the parser's (Frontend.resourceIncludeDirectory).
    public static let compilerHeaders = "-isystem<compiler headers>"

    public static func machineFlags(asmOffsetsCommand text: String) -> [String] {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("savedcmd_") || $0.hasPrefix("cmd_") }),
              let eq = line.range(of: ":= ") else { return [] }
        let argv = CompileDatabase.shellSplit(String(line[eq.upperBound...]))
        var out: [String] = []
        let args = CompileDatabase.sanitize(Array(argv.dropFirst()), file: "asm-offsets.c")
        for (i, a) in args.enumerated() {
            // `-mllvm OPTION` passes an option to LLVM's passes (KASAN's -asan-* on powerpc 6.1
            // allmodconfig with LLVM=1): code generation only, and two arguments, not a machine flag.
            if a == "-mllvm" || (i > 0 && args[i - 1] == "-mllvm") { continue }
            let machine = a.hasPrefix("-m") || a == "-EB" || a == "-EL"
            let define = (a.hasPrefix("-D") || a.hasPrefix("-U")) && !a.contains("KBUILD_") && a != "-D__KERNEL__"
            if (machine || define) && !out.contains(a) { out.append(a) }
            // An architecture's platform include folders (mips: -I…/arch/mips/include/asm/mach-generic
            // for spaces.h), beyond the standard arch/X/include, its uapi and generated ones.
            if a.hasPrefix("-I"), let dir = Target.platformIncludeDir(String(a.dropFirst(2))), !out.contains("-I" + dir) {
                out.append("-I" + dir)
            }
            // The compiler's own headers (loongarch: `-isystem $(CC -print-file-name=include)` for
            // larchintrin.h): kept as a marker, the parser's own folder given in its place.
            if (a == "-isystem" && i + 1 < args.count) || (a.hasPrefix("-isystem") && a.count > 8), !out.contains(compilerHeaders) {
                out.append(compilerHeaders)
            }
        }
        return out
    }
}
