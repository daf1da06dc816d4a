import Foundation
import Frontend
@testable import KernelTree
@testable import MMLint
import XCTest

/// The target a kernel tree is configured for comes from the tree and its build (issue 15), not
/// from the machine: small generated trees per architecture, no cross compiler needed.
final class ArchTests: ScratchTestCase {

    /// scripts/Makefile.clang as 6.12 ships it (the lines that matter).
    let makefileClang = """
    # Individual arch/{arch}/Makefiles should use -EL/-EB to set explicit endianness.
    CLANG_TARGET_FLAGS_arm\t\t:= arm-linux-gnueabi
    CLANG_TARGET_FLAGS_arm64\t:= aarch64-linux-gnu
    CLANG_TARGET_FLAGS_loongarch\t:= loongarch64-linux-gnusf
    CLANG_TARGET_FLAGS_powerpc\t:= powerpc64le-linux-gnu
    CLANG_TARGET_FLAGS_riscv\t:= riscv64-linux-gnu
    CLANG_TARGET_FLAGS_s390\t\t:= s390x-linux-gnu
    CLANG_TARGET_FLAGS_x86\t\t:= x86_64-linux-gnu
    CLANG_TARGET_FLAGS_um\t\t:= $(CLANG_TARGET_FLAGS_$(SUBARCH))
    CLANG_TARGET_FLAGS\t\t:= $(CLANG_TARGET_FLAGS_$(SRCARCH))

    """

    func testTripleFromTheTreesMakefileClang() {
        let expect = ["arm64": "aarch64-linux-gnu", "powerpc": "powerpc64le-linux-gnu", "s390": "s390x-linux-gnu",
                      "riscv": "riscv64-linux-gnu", "arm": "arm-linux-gnueabi", "loongarch": "loongarch64-linux-gnusf",
                      "x86": "x86_64-linux-gnu"]
        for (arch, triple) in expect { XCTAssertEqual(Target.triple(makefileClang: makefileClang, srcarch: arch), triple, arch) }
        XCTAssertNil(Target.triple(makefileClang: makefileClang, srcarch: "um"), "a make expression is not a triple")
        XCTAssertNil(Target.triple(makefileClang: makefileClang, srcarch: "sparc"))
    }

    func testSourceArchitectureFromTheBuild() throws {
        let o = tmp.path
        try write("arch/arm64/include/generated/asm/cpucaps.h", "")
        XCTAssertEqual(Target.sourceArchitecture(objtree: o), "arm64", "the only generated arch")
        // A source tree prepared for two architectures in turn: the .config header decides.
        try write("arch/powerpc/include/generated/asm/syscall_table_64.h", "")
        try write(".config", "#\n# Automatically generated file; DO NOT EDIT.\n# Linux/powerpc 6.12.0 Kernel Configuration\n#\n")
        XCTAssertEqual(Target.sourceArchitecture(objtree: o), "powerpc")
        try write("arch/x86/include/generated/asm/cpufeaturemasks.h", "")
        try write(".config", "#\n# Automatically generated file; DO NOT EDIT.\n# Linux/x86_64 6.12.0 Kernel Configuration\n#\n")
        XCTAssertEqual(Target.sourceArchitecture(objtree: o), "x86", "ARCH=x86_64 is SRCARCH x86")
    }

    /// kbuild's saved command for asm-offsets.s (an arm64 gcc build, shortened).
    let arm64Command = """
    savedcmd_arch/arm64/kernel/asm-offsets.s := aarch64-linux-gnu-gcc -Wp,-MMD,arch/arm64/kernel/.asm-offsets.s.d -nostdinc \
    -I./arch/arm64/include -I./include -include ./include/linux/kconfig.h -D__KERNEL__ -mlittle-endian \
    -DKASAN_SHADOW_SCALE_SHIFT= -fmacro-prefix-map=./= -Werror -std=gnu11 -fshort-wchar -funsigned-char -fno-common \
    -mgeneral-regs-only -DCONFIG_CC_HAS_K_CONSTRAINT=1 -Wno-psabi -mabi=lp64 -fno-asynchronous-unwind-tables \
    -mbranch-protection=none -Wa,-march=armv8.5-a -DARM64_ASM_ARCH='"armv8.5-a"' -DKASAN_SHADOW_SCALE_SHIFT= -O2 \
    -fconserve-stack -DKBUILD_MODFILE='"./asm-offsets"' -DKBUILD_BASENAME='"asm_offsets"' \
    -DKBUILD_MODNAME='"asm_offsets"' -D__KBUILD_MODNAME=kmod_asm_offsets -fverbose-asm -S -o \
    arch/arm64/kernel/asm-offsets.s arch/arm64/kernel/asm-offsets.c

    source_arch/arm64/kernel/asm-offsets.s := arch/arm64/kernel/asm-offsets.c

    """

    func testMachineFlagsFromKbuildsSavedCommand() {
        let flags = Target.machineFlags(asmOffsetsCommand: arm64Command.replacingOccurrences(of: "\\\n", with: ""))
        XCTAssertEqual(flags, ["-mlittle-endian", "-DKASAN_SHADOW_SCALE_SHIFT=", "-mgeneral-regs-only",
                               "-DCONFIG_CC_HAS_K_CONSTRAINT=1", "-mabi=lp64", "-mbranch-protection=none",
                               "-DARM64_ASM_ARCH=\"armv8.5-a\""])
    }

    /// A prepared arm64 tree in miniature: its inline asm names registers, which an x86-64 parse
    /// rejects ("unknown register name 'x0' in asm") and the detected target accepts.
    func arm64Tree(withBuildFacts: Bool) throws -> String {
        try write("Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n")
        for h in ["compiler-version.h", "kconfig.h", "compiler_types.h"] { try write("include/linux/\(h)", "") }
        try write("include/generated/autoconf.h", "#define CONFIG_ARM64 1\n#define CONFIG_MMU 1\n")
        try write("include/config/auto.conf", "CONFIG_ARM64=y\nCONFIG_MMU=y\n")
        try write(".config", "#\n# Automatically generated file; DO NOT EDIT.\n# Linux/arm64 6.12.0 Kernel Configuration\n#\nCONFIG_ARM64=y\n")
        try write("arch/arm64/include/generated/asm/cpucaps.h", "")
        if withBuildFacts {
            try write("scripts/Makefile.clang", makefileClang)
            try write("arch/arm64/kernel/.asm-offsets.s.cmd", arm64Command.replacingOccurrences(of: "\\\n", with: ""))
        }
        try write("arch/arm64/kvm/borrow.c", """
        struct mm_struct;
        void kthread_use_mm(struct mm_struct *mm);
        void kthread_unuse_mm(struct mm_struct *mm);

        static inline unsigned long arm64_read_x0(void)
        {
        \tregister unsigned long x0 asm("x0");

        \tasm volatile("mov %0, x0" : "=r"(x0) : : "x1");
        \treturn x0;
        }

        unsigned long kvm_arm_borrow(struct mm_struct *mm)
        {
        \tunsigned long v;

        \tkthread_use_mm(mm);
        \tv = arm64_read_x0();
        \tkthread_unuse_mm(mm);
        \treturn v;
        }

        """)
        return tmp.path
    }

    func testArm64InlineAsmParsesWithTheDetectedTarget() throws {
        let root = try arm64Tree(withBuildFacts: true)
        let tree = try Tree.discover(path: root)
        XCTAssertEqual(tree.arch, "arm64")
        XCTAssertEqual(tree.target?.triple, "aarch64-linux-gnu")
        XCTAssertTrue(tree.job(for: root + "/arch/arm64/kvm/borrow.c").arguments.contains("--target=aarch64-linux-gnu"))
        var o = CheckOptions(paths: [root], rulesDir: rulesDir, jobs: 1)
        o.prefilter = false; o.pch = false
        let r = try MMLint.check(o)
        XCTAssertEqual(r.stats.filesParsed, 1, "\(r.stats.failed)")
        XCTAssertEqual(r.stats.skipped.count, 0, "an arm64 file of an arm64 tree is not 'another architecture'")
    }

    /// kbuild's CHECK= mode on a gcc cross build: the file's exact gcc command names no target;
    /// the configured architecture's is added (else the arm64 asm fails as an x86-64 parse).
    func testExactCommandsOfACrossBuildGetTheTarget() throws {
        let root = try arm64Tree(withBuildFacts: true)
        let file = root + "/arch/arm64/kvm/borrow.c"
        let gcc = ["-nostdinc", "-mlittle-endian", "-mgeneral-regs-only", "-mabi=lp64", "-D__KERNEL__", "-O2", "-c", "-o",
                   "arch/arm64/kvm/borrow.o", file]
        var tree = try Tree.discover(path: root)
        tree.compileDB[file] = (KbuildCheck.filter(gcc, source: file), root)
        XCTAssertEqual(tree.job(for: file).arguments.first, "--target=aarch64-linux-gnu")
        var o = CheckOptions(paths: [root], rulesDir: rulesDir, jobs: 1)
        o.prefilter = false; o.pch = false
        o.fileFlags[file] = (KbuildCheck.filter(gcc, source: file), root)
        let r = try MMLint.check(o)
        XCTAssertEqual(r.stats.filesParsed, 1, "\(r.stats.failed)")
        // A command that names its target keeps it.
        tree.compileDB[file] = (["--target=aarch64-unknown-linux-gnu", "-O2"], root)
        XCTAssertEqual(tree.job(for: file).arguments.filter { $0.hasPrefix("--target") }, ["--target=aarch64-unknown-linux-gnu"])
    }

    /// The same tree without the build's facts parses for the host: the failure the target fixes.
    func testWithoutTheTargetTheSameFileFails() throws {
        #if arch(x86_64)
        let root = try arm64Tree(withBuildFacts: false)
        var o = CheckOptions(paths: [root], rulesDir: rulesDir, jobs: 1)
        o.prefilter = false; o.pch = false
        let r = try MMLint.check(o)
        XCTAssertEqual(r.stats.filesParsed, 0)
        XCTAssertTrue(r.stats.failed.first?.first.contains("x0") == true, "\(r.stats.failed)")
        #endif
    }

    /// Machine flags libclang does not know are found once and dropped; the rest stay.
    /// loongarch's kbuild adds the compiler's own headers (`-isystem $(CC -print-file-name=include)`
    /// for larchintrin.h): the target keeps that as a marker and the analysis gives libclang's
    /// own header folder in its place (0% of a loongarch tree parsed without it).
    func testCompilerHeaderFolderIsTheParsersOwn() throws {
        let cmd = "savedcmd_arch/loongarch/kernel/asm-offsets.s := clang-19 -Wp,-MMD,x.d -nostdinc "
            + "-isystem /usr/lib/llvm-19/lib/clang/19/include -mabi=lp64s -DMODULE -c -o x.s arch/loongarch/kernel/asm-offsets.c"
        let flags = Target.machineFlags(asmOffsetsCommand: cmd)
        XCTAssertTrue(flags.contains(Target.compilerHeaders), "\(flags)")
        XCTAssertFalse(flags.contains("/usr/lib/llvm-19/lib/clang/19/include"), "the build compiler's path is not kept")
        let t = MMLint.acceptedByLibclang(Target(srcarch: "loongarch", triple: nil, machineFlags: flags, flagsSource: "x"))
        let dir = try XCTUnwrap(Frontend.resourceIncludeDirectory)
        XCTAssertTrue(t.machineFlags.contains("-isystem" + dir), "\(t.machineFlags)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/stddef.h"))
        try write("h.c", "#include <stddef.h>\nsize_t n;\n")
        let f = Frontend.parse(file: tmp.path + "/h.c", arguments: ["-nostdinc"] + t.machineFlags, root: tmp.path, seen: SeenFunctions())
        XCTAssertTrue(f.parsedCleanly, "\(f.errors)")
    }

    /// mips adds its platform's include folder (`-I…/arch/mips/include/asm/mach-generic`, where
    /// spaces.h lives): kept from kbuild's command; the standard arch, uapi and generated folders
    /// come from the conventions (0% of a mips tree parsed without it).
    func testPlatformIncludeFoldersComeFromKbuildsCommand() {
        let src = "/k/src"
        let cmd = "savedcmd_arch/mips/kernel/asm-offsets.s := mips-linux-gnu-gcc -nostdinc -I\(src)/arch/mips/include "
            + "-I./arch/mips/include/generated -I\(src)/include -I\(src)/arch/mips/include/uapi "
            + "-I\(src)/arch/mips/include/asm/mach-generic -EB -mabi=32 -c -o x.s arch/mips/kernel/asm-offsets.c"
        let flags = Target.machineFlags(asmOffsetsCommand: cmd)
        XCTAssertTrue(flags.contains("-I\(src)/arch/mips/include/asm/mach-generic"), "\(flags)")
        XCTAssertFalse(flags.contains { $0.hasPrefix("-I") && !$0.hasSuffix("mach-generic") }, "\(flags)")
        XCTAssertTrue(flags.contains("-EB") && flags.contains("-mabi=32"))
    }

    /// powerpc 6.1 allmodconfig with LLVM=1 builds with KASAN: kbuild's command carries
    /// `-mllvm -asan-stack=0` pairs. Taken as a machine flag, `-mllvm` lost its value, swallowed
    /// the next argument (`-I dir`) and every PCH built with a module's flags failed: 109 of 222
    /// files parsed without one (46 s cold instead of 26 s). They are code generation options:
    /// left out whole.
    func testLLVMPassOptionsAreNotMachineFlags() {
        let cmd = "savedcmd_arch/powerpc/kernel/asm-offsets.s := clang-19 -nostdinc -m64 -mcpu=power4 "
            + "-mllvm -asan-globals=1 -mllvm -asan-stack=0 -fsanitize=kernel-address -mno-altivec "
            + "-c -o x.s arch/powerpc/kernel/asm-offsets.c"
        let flags = Target.machineFlags(asmOffsetsCommand: cmd)
        XCTAssertEqual(flags, ["-m64", "-mcpu=power4", "-mno-altivec"])
    }

    func testRejectedMachineFlagsAreDroppedOnce() {
        let t = Target(srcarch: "powerpc", triple: "powerpc64le-linux-gnu",
                       machineFlags: ["-m64", "-mno-readonly-in-sdata-but-not-a-flag", "-mlittle-endian"], flagsSource: "x")
        let ok = MMLint.acceptedByLibclang(t)
        XCTAssertEqual(ok.machineFlags, ["-m64", "-mlittle-endian"])
        XCTAssertEqual(ok.triple, "powerpc64le-linux-gnu")
        let bad = MMLint.acceptedByLibclang(Target(srcarch: "x", triple: "nonsense-arch-none", machineFlags: [], flagsSource: nil))
        XCTAssertNil(bad.triple)
    }

    /// In an O= build, `$(obj)` is the output folder (xe's `-I$(obj)` finds generated/xe_wa_oob.h
    /// there) and `$(src)` the source folder.
    func testObjIsTheOutputFolderOfAnOBuild() throws {
        let src = tmp.appendingPathComponent("src").path, out = tmp.appendingPathComponent("out").path
        try write("src/Makefile", "VERSION = 6\nPATCHLEVEL = 12\n")
        try write("src/include/linux/kconfig.h", "")
        try write("src/drivers/gpu/xe/Makefile", "subdir-ccflags-y += -I$(obj) -I$(src)\nobj-$(CONFIG_XE) += xe.o\nxe-y += xe_vm.o\n")
        try write("src/drivers/gpu/xe/xe_vm.c", "int x;\n")
        try write("out/include/generated/autoconf.h", "#define CONFIG_XE_MODULE 1\n")
        try write("out/include/config/auto.conf", "CONFIG_XE=m\n")
        try write("out/arch/arm64/include/generated/asm/cpucaps.h", "")
        let tree = try Tree.discover(path: src, objtree: out)
        let args = tree.job(for: src + "/drivers/gpu/xe/xe_vm.c").arguments
        XCTAssertTrue(args.contains("-I\(out)/drivers/gpu/xe"), "\(args)")
        XCTAssertTrue(args.contains("-I\(src)/drivers/gpu/xe"), "\(args)")
        XCTAssertEqual(tree.arch, "arm64")
        // kbuild adds -I $(obj) itself out of the source tree (selinux's generated flask.h).
        try write("src/security/se/Makefile", "obj-y += s.o\n")
        try write("src/security/se/s.c", "int s;\n")
        let se = tree.job(for: src + "/security/se/s.c").arguments
        XCTAssertTrue(zip(se, se.dropFirst()).contains { $0 == "-I" && $1 == out + "/security/se" }, "\(se)")
    }

    /// The files that make `at` a prepared arm64 kernel tree with the given auto.conf.
    func preparedArm64Tree(_ at: String, config: String) throws {
        try write("\(at)/Makefile", "VERSION = 6\nPATCHLEVEL = 12\n")
        try write("\(at)/include/linux/kconfig.h", "")
        try write("\(at)/include/generated/autoconf.h", "")
        try write("\(at)/include/config/auto.conf", config)
        try write("\(at)/arch/arm64/include/generated/asm/cpucaps.h", "")
    }

    /// A prepared arm64 tree at `at` with `config` and `files` (path under the tree: text),
    /// discovered; with its root.
    func kbuildTree(_ at: String, config: String, files: [String: String]) throws -> (Tree, String) {
        try preparedArm64Tree(at, config: config)
        for (path, text) in files.sorted(by: { $0.key < $1.key }) { try write("\(at)/" + path, text) }
        let root = tmp.appendingPathComponent(at).path
        return (try Tree.discover(path: root), root)
    }

    /// A file in a folder without a Makefile is built or not as its parent's Makefile says
    /// (`i915-y += gem/i915_gem_mman.o` under an unset `obj-$(CONFIG_DRM_I915)`).
    func testParentMakefileDecidesForItsSubfolders() throws {
        func tree(_ at: String, config: String) throws -> (Tree, String) {
            try kbuildTree(at, config: config, files: [
                "drivers/gpu/i9/Makefile": "obj-$(CONFIG_I9) += i9.o\ni9-y += i9_drv.o\ni9-y += gem/i9_gem.o\n",
                "drivers/gpu/i9/gem/i9_gem.c": "int x;\n", "drivers/gpu/i9/i9_drv.c": "int y;\n"])
        }
        let (off, a) = try tree("off", config: "CONFIG_OTHER=y\n")
        XCTAssertNotNil(off.skipReason(for: a + "/drivers/gpu/i9/gem/i9_gem.c"))
        XCTAssertNotNil(off.skipReason(for: a + "/drivers/gpu/i9/i9_drv.c"))
        let (on, b) = try tree("on", config: "CONFIG_I9=m\n")
        XCTAssertNil(on.skipReason(for: b + "/drivers/gpu/i9/gem/i9_gem.c"))
    }

    /// A folder kbuild does not enter decides for everything under it: drivers/Makefile's
    /// `obj-$(CONFIG_S390) += s390/` on another architecture leaves drivers/s390/cio/css.c out
    /// though cio/Makefile lists css.o in obj-y; a folder named in obj-y or by no list is entered.
    func testUnsetFolderListLeavesItsSubtreeOut() throws {
        func tree(_ at: String, config: String) throws -> (Tree, String) {
            var files = ["drivers/Makefile": "obj-$(CONFIG_S3) += s3/\nobj-y += base/\nobj-$(CONFIG_M) += m/\n",
                         "drivers/s3/Makefile": "obj-y += cio/\n", "drivers/s3/cio/Makefile": "obj-y += css.o\n",
                         "drivers/base/Makefile": "obj-y += core.o\n", "drivers/m/Makefile": "obj-y += mm.o\n",
                         "drivers/loose/Makefile": "obj-y += l.o\n"]
            for f in ["s3/cio/css", "base/core", "m/mm", "loose/l"] { files["drivers/\(f).c"] = "int x;\n" }
            return try kbuildTree(at, config: config, files: files)
        }
        let (off, a) = try tree("off", config: "CONFIG_M=m\n")
        XCTAssertEqual(off.skipReason(for: a + "/drivers/s3/cio/css.c"),
                       "not built in this configuration (drivers/s3/ is in an unset obj-$(CONFIG_…) list)")
        XCTAssertNil(off.skipReason(for: a + "/drivers/base/core.c"))
        XCTAssertNil(off.skipReason(for: a + "/drivers/m/mm.c"), "a folder of a module option that is set")
        XCTAssertNil(off.skipReason(for: a + "/drivers/loose/l.c"), "named by no list: entered")
        let (on, b) = try tree("on", config: "CONFIG_S3=y\n")
        XCTAssertNil(on.skipReason(for: b + "/drivers/s3/cio/css.c"))
        XCTAssertNotNil(on.skipReason(for: b + "/drivers/m/mm.c"))
    }

    /// The architecture's Makefile names its folders by path, through make's patsubst (arm:
    /// `core-y += $(patsubst %,arch/arm/mach-%/,$(machine-y))`): an unset machine's folder is
    /// left out, a set one's entered; a folder of Makefile fragments only (virt/kvm on an
    /// architecture whose Makefiles include none of them: arm since 5.7) is not built.
    func testArchMakefileFoldersAndFragmentOnlyFolders() throws {
        func tree(_ at: String, config: String) throws -> (Tree, String) {
            try kbuildTree(at, config: config, files: [
                "arch/arm64/Makefile": "machine-$(CONFIG_ARCH_R) += r\nmachine-$(CONFIG_ARCH_Q) += q\n"
                    + "core-y += $(patsubst %,arch/arm64/mach-%/,$(machine-y))\ncore- += $(patsubst %,arch/arm64/mach-%/,$(machine-))\n",
                "arch/arm64/mach-r/Makefile": "obj-y += ecard.o\n", "arch/arm64/mach-r/ecard.c": "int x;\n",
                "arch/arm64/mach-q/Makefile": "obj-y += q.o\n", "arch/arm64/mach-q/q.c": "int x;\n",
                "virt/Makefile": "obj-y += lib/\n", "virt/kv/Makefile.kv": "kv-y := $(KV)/kv_main.o\n", "virt/kv/kv_main.c": "int x;\n",
                "virt/lib/Makefile": "obj-y += irq.o\n", "virt/lib/irq.c": "int x;\n"])
        }
        let (t, r) = try tree("mach", config: "CONFIG_ARCH_Q=y\n")
        XCTAssertEqual(t.skipReason(for: r + "/arch/arm64/mach-r/ecard.c"),
                       "not built in this configuration (arch/arm64/mach-r/ is in an unset obj-$(CONFIG_…) list)")
        XCTAssertNil(t.skipReason(for: r + "/arch/arm64/mach-q/q.c"))
        XCTAssertEqual(t.skipReason(for: r + "/virt/kv/kv_main.c"), "not built in this configuration (its obj-$(CONFIG_…) is unset)")
        XCTAssertNil(t.skipReason(for: r + "/virt/lib/irq.c"))
        XCTAssertEqual(KbuildFlags.patsubst("rpc", "%", "arch/arm/mach-%/"), "arch/arm/mach-rpc/")
        XCTAssertEqual(KbuildFlags.patsubst("a.c", "%.c", "%.o"), "a.o")
        XCTAssertEqual(KbuildFlags.patsubst("a.h", "%.c", "%.o"), "a.h")
    }

    /// A Makefile's `include`s and conditionals, as make reads them: shared objects listed by a
    /// fragment an arch Makefile includes (virt/kvm/Makefile.kvm's `kvm-$(CONFIG_KVM_ASYNC_PF)
    /// += $(KVM)/async_pf.o`), a driver Makefile included only under `ifneq ($(CONFIG_…),)`
    /// (amdkfd inside amdgpu: not built, and no failed parse, where the option is unset), and
    /// the conditional forms (ifeq/ifneq/ifdef/ifndef, else, a make function read both ways).
    func testMakefileIncludesAndConditionals() throws {
        func tree(_ at: String, config: String) throws -> (Tree, String) {
            try write("\(at)/arch/arm64/kvm/Makefile", "include $(srctree)/virt/kvm/Makefile.kvm\nobj-$(CONFIG_KVM) += kvm.o\nkvm-y += arm.o\n")
            try write("\(at)/virt/kvm/Makefile.kvm", "KVM ?= ../../../virt/kvm\nkvm-y := $(KVM)/kvm_main.o\n"
                      + "kvm-$(CONFIG_KVM_ASYNC_PF) += $(KVM)/async_pf.o\n")
            for f in ["virt/kvm/kvm_main.c", "virt/kvm/async_pf.c", "virt/kvm/unlisted.c"] { try write("\(at)/" + f, "int x;\n") }
            try write("\(at)/drivers/gpu/amd/gpu/Makefile", """
                FULL_PATH=$(src)/..
                obj-$(CONFIG_GPU) += gpu.o
                gpu-y := gpu_drv.o
                ifneq ($(CONFIG_HSA),)
                KFD_PATH := ../kfd
                include $(FULL_PATH)/kfd/Makefile
                gpu-y += $(KFD_FILES)
                gpu-y += gpu_kfd_glue.o
                endif
                ifeq ($(CONFIG_GPU_DC), y)
                gpu-y += gpu_dc.o
                else ifdef CONFIG_GPU_LEGACY
                gpu-y += gpu_legacy.o
                else
                gpu-y += gpu_none.o
                endif
                ifndef CONFIG_GPU
                gpu-y += gpu_never.o
                endif
                ifeq ($(shell echo y),y)
                gpu-y += gpu_shell.o
                endif

                """)
            try write("\(at)/drivers/gpu/amd/kfd/Makefile", "KFD_FILES := $(KFD_PATH)/kfd_process.o \\\n\t$(KFD_PATH)/kfd_events.o\n")
            for f in ["gpu_drv", "gpu_kfd_glue", "gpu_dc", "gpu_legacy", "gpu_none", "gpu_never", "gpu_shell"] {
                try write("\(at)/drivers/gpu/amd/gpu/\(f).c", "int x;\n")
            }
            for f in ["kfd_process", "kfd_events"] { try write("\(at)/drivers/gpu/amd/kfd/\(f).c", "int x;\n") }
            return try kbuildTree(at, config: config, files: [:])
        }
        let (off, a) = try tree("off", config: "CONFIG_KVM=y\nCONFIG_GPU=m\nCONFIG_GPU_LEGACY=y\n")
        func built(_ t: Tree, _ root: String, _ f: String) -> Bool { t.skipReason(for: root + "/" + f) == nil }
        XCTAssertTrue(built(off, a, "virt/kvm/kvm_main.c"))
        XCTAssertFalse(built(off, a, "virt/kvm/async_pf.c"), "kvm-$(CONFIG_KVM_ASYNC_PF) with the option unset")
        XCTAssertTrue(built(off, a, "virt/kvm/unlisted.c"), "named by no Makefile: nothing can be concluded")
        XCTAssertFalse(built(off, a, "drivers/gpu/amd/kfd/kfd_process.c"), "its Makefile is included only with CONFIG_HSA")
        XCTAssertFalse(built(off, a, "drivers/gpu/amd/gpu/gpu_kfd_glue.c"))
        XCTAssertFalse(built(off, a, "drivers/gpu/amd/gpu/gpu_dc.c"))
        XCTAssertTrue(built(off, a, "drivers/gpu/amd/gpu/gpu_legacy.c"), "else ifdef")
        XCTAssertFalse(built(off, a, "drivers/gpu/amd/gpu/gpu_none.c"))
        XCTAssertFalse(built(off, a, "drivers/gpu/amd/gpu/gpu_never.c"))
        XCTAssertTrue(built(off, a, "drivers/gpu/amd/gpu/gpu_shell.c"), "a make function: both branches read")
        let (on, b) = try tree("on", config: "CONFIG_KVM=y\nCONFIG_KVM_ASYNC_PF=y\nCONFIG_GPU=m\nCONFIG_HSA=y\nCONFIG_GPU_DC=y\n")
        XCTAssertTrue(built(on, b, "virt/kvm/async_pf.c"))
        XCTAssertTrue(built(on, b, "drivers/gpu/amd/kfd/kfd_events.c"))
        XCTAssertTrue(built(on, b, "drivers/gpu/amd/gpu/gpu_kfd_glue.c"))
        XCTAssertTrue(built(on, b, "drivers/gpu/amd/gpu/gpu_dc.c"), "ifeq ($(CONFIG_GPU_DC), y)")
        XCTAssertFalse(built(on, b, "drivers/gpu/amd/gpu/gpu_legacy.c"))
        // The module's objects are compiled with -DMODULE (IS_REACHABLE of an =m option), those
        // of the included Makefile too.
        XCTAssertTrue(KbuildFlags.flags(for: b + "/drivers/gpu/amd/kfd/kfd_events.c", tree: on).contains("-DMODULE"))
    }

    /// An object in a folder without a Makefile gets the ccflags-y (and CFLAGS_<path>) of the
    /// ancestor Makefile that builds it (atomisp: `atomisp-objs += pci/hmm/hmm_bo.o` with
    /// `ccflags-y += $(INCLUDES)`); a folder with its own Makefile keeps its own.
    func testAncestorMakefileFlagsReachMakefileLessSubfolders() throws {
        try write("k/Makefile", "VERSION = 6\nPATCHLEVEL = 12\n")
        try write("k/include/linux/kconfig.h", "")
        try write("k/include/generated/autoconf.h", "")
        try write("k/include/config/auto.conf", "CONFIG_AT=m\n")
        try write("k/arch/arm64/include/generated/asm/cpucaps.h", "")
        try write("k/drivers/at/Makefile", """
            at = $(srctree)/drivers/at/
            obj-$(CONFIG_AT) += at.o
            at-objs += pci/hmm/hmm_bo.o
            INCLUDES += \\
            \t-I$(at)/pci/common/ \\
            \t-I$(at)/include/
            ccflags-y += $(INCLUDES) -DHRT_HW
            CFLAGS_pci/hmm/hmm_bo.o += -DONE_FILE

            """)
        try write("k/drivers/at/pci/hmm/hmm_bo.c", "int x;\n")
        try write("k/drivers/at/own/Makefile", "ccflags-y += -DOWN\nobj-y += o.o\n")
        try write("k/drivers/at/own/o.c", "int y;\n")
        let root = tmp.appendingPathComponent("k").path
        let tree = try Tree.discover(path: root)
        let args = tree.job(for: root + "/drivers/at/pci/hmm/hmm_bo.c").arguments
        XCTAssertTrue(args.contains { $0.hasSuffix("drivers/at//pci/common/") || $0.hasSuffix("drivers/at/pci/common/") }, "\(args)")
        XCTAssertTrue(args.contains("-DHRT_HW") && args.contains("-DONE_FILE"), "\(args)")
        let own = tree.job(for: root + "/drivers/at/own/o.c").arguments
        XCTAssertTrue(own.contains("-DOWN") && !own.contains("-DHRT_HW"), "\(own)")
    }

    /// A swap pmd (a migration entry) exists only where the configuration enables THP
    /// migration: on s390 (none) a successful pmd_trans_huge_lock() proves the entry present;
    /// where it is enabled (x86, arm64, powerpc) it does not; with no configuration (a plain C
    /// tree, the fixtures) the weaker fact stands.
    func testHugeLockProvesPresenceOnlyWithoutTHPMigration() throws {
        func findings(_ at: String, config: String) throws -> [String] {
            try pmdTree(at, arch: "s390", config: config)
            var o = CheckOptions(paths: [tmp.appendingPathComponent(at).path], rulesDir: rulesDir, jobs: 1)
            o.prefilter = false; o.pch = false; o.replay = false
            let r = try MMLint.check(o)
            XCTAssertEqual(r.stats.filesParsed, 1, "\(r.stats.failed)")
            return r.findings.map(\.rule)
        }
        XCTAssertEqual(try findings("s390", config: "CONFIG_S390=y\nCONFIG_TRANSPARENT_HUGEPAGE=y\n"), [])
        XCTAssertEqual(try findings("x86", config: "CONFIG_X86=y\nCONFIG_ARCH_ENABLE_THP_MIGRATION=y\n"), ["invalidate-non-present-pmd"])
    }
    /// A pmd finding replays with the pmd encoding of the configured architecture (issue 15
    /// item 6): arm64's present-invalid migration entry on an arm64 build, x86-64's rewritten
    /// offset bits on an x86-64 one, both where the model has neither (powerpc) or on a plain tree.
    func testPmdReplayUsesTheConfiguredArchitecture() throws {
        func replay(_ arch: String) throws -> (reason: String, semantics: String) {
            let at = "pmd-" + arch
            try pmdTree(at, arch: arch, config: "CONFIG_ARCH_ENABLE_THP_MIGRATION=y\n", autoconf: "#define CONFIG_64BIT 1\n")
            var o = CheckOptions(paths: [tmp.appendingPathComponent(at).path], rulesDir: rulesDir, jobs: 1)
            o.prefilter = false; o.pch = false
            let r = try MMLint.check(o)
            let f = try XCTUnwrap(r.findings.first { $0.rule == "invalidate-non-present-pmd" }, "\(r.findings.map(\.rule)) \(r.stats.failed)")
            return (f.replay?.reason ?? "", r.stats.semantics ?? "")
        }
        let arm = try replay("arm64")
        XCTAssertTrue(arm.reason.contains("arm64:") && !arm.reason.contains("x86-64:"), arm.reason)
        XCTAssertTrue(arm.semantics.contains("pmd encoding arm64"), arm.semantics)
        let x86 = try replay("x86")
        XCTAssertTrue(x86.reason.contains("x86-64:") && !x86.reason.contains("arm64:"), x86.reason)
        let ppc = try replay("powerpc")
        XCTAssertTrue(ppc.reason.contains("x86-64:") && ppc.reason.contains("arm64:"), ppc.reason)
        XCTAssertFalse(ppc.semantics.contains("pmd encoding"), ppc.semantics)
    }
    /// A kernel-like tree configured for `arch` whose mm/wp.c invalidates a pmd that a successful
    /// pmd_trans_huge_lock() only proves present-huge, devmap or a swap entry.
    func pmdTree(_ at: String, arch: String, config: String, autoconf: String = "") throws {
        try write("\(at)/Makefile", "VERSION = 6\nPATCHLEVEL = 12\n")
        for h in ["compiler-version.h", "kconfig.h", "compiler_types.h"] { try write("\(at)/include/linux/\(h)", "") }
        try write("\(at)/include/generated/autoconf.h", autoconf)
        try write("\(at)/include/config/auto.conf", config)
        try write("\(at)/arch/\(arch)/include/generated/asm/x.h", "")
        let stub = try String(contentsOf: fixtures.appendingPathComponent("demo/include/linux/mmlint_stub.h"), encoding: .utf8)
        try write("\(at)/include/linux/mmlint_stub.h", stub)
        try write("\(at)/mm/wp.c", """
        #include <linux/mmlint_stub.h>

        int wp_pmd_entry(pmd_t *pmd, unsigned long addr, struct vm_area_struct *vma)
        {
        \tspinlock_t *ptl;

        \tptl = pmd_trans_huge_lock(pmd, vma);
        \tif (!ptl)
        \t\treturn 0;
        \tpmdp_invalidate(vma, addr, pmd);
        \tspin_unlock(ptl);
        \treturn 0;
        }

        """)
    }
}
