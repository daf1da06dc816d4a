import Facts
import Foundation

/// Flags for a file of a prepared kernel tree that has no compile database entry, synthesized
/// from kbuild conventions: the arch and generated include dirs, the forced includes, and the
/// `ccflags-y` / `subdir-ccflags-y` / `CFLAGS_x.o` include dirs and defines of its Makefiles.
public enum KbuildFlags {
    public static func flags(for file: String, tree: Tree) -> [String] {
        let r = tree.root, a = tree.arch
        let o = tree.objtree.isEmpty ? r : tree.objtree
        let base = (file as NSString).lastPathComponent.replacingOccurrences(of: ".c", with: "")
        let modname = base.replacingOccurrences(of: "-", with: "_")
        var f = [
            "-nostdinc",
            "-I", "\(r)/arch/\(a)/include", "-I", "\(o)/arch/\(a)/include/generated",
            "-I", "\(r)/include", "-I", "\(r)/arch/\(a)/include/uapi",
            "-I", "\(o)/arch/\(a)/include/generated/uapi", "-I", "\(r)/include/uapi",
            "-I", "\(o)/include/generated/uapi",
            "-include", "\(r)/include/linux/compiler-version.h",
            "-include", "\(r)/include/linux/kconfig.h",
            "-include", "\(r)/include/linux/compiler_types.h",
            "-D__KERNEL__", "-std=gnu11", "-fno-strict-aliasing", "-O2",
            "-DKBUILD_MODNAME=\"\(modname)\"", "-DKBUILD_BASENAME=\"\(modname)\"",
            "-D__KBUILD_MODNAME=kmod_\(modname)",
            "-DKBUILD_MODFILE=\"\(tree.relative((file as NSString).deletingLastPathComponent))/\(base)\"",
        ]
        if o != r { f += ["-I", "\(o)/include"] }   // an O= build's generated headers outside include/generated
        // The configuration's target and machine flags (Target.swift); a tree prepared without
        // kbuild's saved asm-offsets command gets the x86-64 basics (fentry: asm/ftrace.h).
        if let t = tree.target, t.flagsSource != nil { f += t.arguments }
        else if a == "x86" {
            f += (tree.target?.triple.map { ["--target=" + $0] } ?? []) + ["-m64", "-mcmodel=kernel", "-DCC_USING_FENTRY"]
        }
        else { f += tree.target?.arguments ?? [] }
        let dir = (file as NSString).deletingLastPathComponent
        // kbuild compiles objects of obj-m with -DMODULE: IS_REACHABLE(CONFIG_X) of an =m
        // option is true only there (vringh.h's IOTLB API for vdpa_sim).
        if objectState(base + ".o", dir: dir, tree: tree) == .module { f.append("-DMODULE") }
        f += makefileFlags(dir: dir, object: base + ".o", tree: tree)
        // A directory whose Makefile another one `include`s (amdkfd inside amdgpu) is compiled
        // as part of the includer: its objects get the includer's flags too.
        if let inc = includer(of: dir) { f += makefileFlags(dir: inc, object: base + ".o", tree: tree) }
        f += ["-I", dir]
        // An O= build also looks in the object folder (scripts/Makefile.lib adds -I $(objtree)/$(obj)
        // when building out of the source tree): generated headers such as selinux's flask.h.
        if o != r { f += ["-I", o + "/" + tree.relative(dir)] }
        return f
    }

    static let includers = Memo<String?>()

    /// The sibling directory whose Makefile has `include …/<this dir>/Makefile`.
    static func includer(of dir: String) -> String? {
        includers.value(dir) { findIncluder(of: dir) }
    }

    private static func findIncluder(of dir: String) -> String? {
        let parent = (dir as NSString).deletingLastPathComponent
        let me = "/" + (dir as NSString).lastPathComponent + "/Makefile"
        var found: String? = nil
        let siblings = ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).sorted()
        for s in siblings where parent + "/" + s != dir {
            guard let text = makefileText(parent + "/" + s + "/Makefile"), text.containsBytes(me)
            else { continue }
            if text.split(separator: "\n").contains(where: { $0.hasPrefix("include ") && $0.hasSuffix(me) }) {
                found = parent + "/" + s; break
            }
        }
        return found
    }

    /// Walks from the tree root down to `dir`: subdir-ccflags of every ancestor Makefile,
    /// then ccflags-y and CFLAGS_<object> of the file's own Makefile.
    static func makefileFlags(dir: String, object: String, tree: Tree) -> [String] {
        var out: [String] = []
        let rel = tree.relative(dir)
        let comps = rel == dir ? [] : rel.split(separator: "/").map(String.init)
        // The Makefile that builds the object: the folder's own, or, for a folder without one,
        // the nearest ancestor's that names it by a relative path (atomisp's
        // `pci/hmm/hmm_bo.o`): kbuild gives it that Makefile's ccflags-y.
        var owner = comps.count - 1
        var ownerObject = object
        var probe = dir
        while owner >= 0, !FileManager.default.fileExists(atPath: probe + "/Makefile"),
              !FileManager.default.fileExists(atPath: probe + "/Kbuild") {
            ownerObject = (probe as NSString).lastPathComponent + "/" + ownerObject
            probe = (probe as NSString).deletingLastPathComponent
            owner -= 1
        }
        if owner < 0 { owner = comps.count - 1; ownerObject = object }
        var d = tree.root
        for (i, c) in comps.enumerated() {
            d += "/" + c
            let vars = evaluate(makefile: d + "/Makefile", dir: d, tree: tree)
            out += filterFlags(vars["subdir-ccflags-y"] ?? [])
            if i == owner {
                out += filterFlags(vars["ccflags-y"] ?? [])
                out += filterFlags(vars["EXTRA_CFLAGS"] ?? [])
                out += filterFlags(vars["CFLAGS_" + ownerObject] ?? [])
            }
        }
        return out
    }

    /// How the directory's Kbuild/Makefile treats an object in this configuration.
    enum ObjectState: Equatable {
        /// Not named by the Makefile at all.
        case notMentioned
        /// Named only by a plain variable (amdkfd's AMDKFD_FILES, pulled into amdgpu-y by an
        /// `include` of its Makefile from elsewhere): nothing can be concluded.
        case unknown
        case builtIn
        case module
        /// In a kbuild list (obj-*, lib-*, or a composite `foo-*`) but in no active one, or named
        /// and then overwritten out of every variable (`mmu-y := nommu.o` replaced by
        /// `mmu-$(CONFIG_MMU) := …`).
        case notBuilt
    }

    /// The object's state: in obj-y/obj-m/lib-y directly, or in a composite whose `foo.o` is.
    /// Asked once per object and configuration (flags, selection and each context round ask
    /// again: amdkfd's objects each read amdgpu's Makefile of several hundred objects).
    static func objectState(_ obj: String, dir: String, tree: Tree, depth: Int = 0) -> ObjectState {
        objectStates.value(dir + "/" + obj + "\u{1f}\(depth)" + configurationKey(tree)) {
            computeObjectState(obj, dir: dir, tree: tree, depth: depth)
        }
    }

    static let objectStates = Memo<ObjectState>()
    static let unvisitedFolders = Memo<String?>()

    /// What besides a path an answer of this file depends on: the configuration (its output
    /// folder, whose .config and generated files differ between the configurations of one run)
    /// and the architecture.
    static func configurationKey(_ tree: Tree) -> String { "\u{1f}" + tree.objtree + "\u{1f}" + tree.arch }

    private static func computeObjectState(_ obj: String, dir: String, tree: Tree, depth: Int) -> ObjectState {
        var mentioned = false, inList = false, inAnyVar = false
        for mk in ["Kbuild", "Makefile"] {
            let path = dir + "/" + mk
            guard let text = makefileText(path), text.containsBytes(obj) else { continue }
            mentioned = true
            let found = listedState(in: evaluate(makefile: path, dir: dir, tree: tree)) { $0 == obj || $0.hasSuffix("/" + obj) }
            if let st = found.state { return st }
            inList = inList || found.inList; inAnyVar = inAnyVar || found.inAnyVar
        }
        if !mentioned {
            // A file in a folder without a Makefile of its own, named by its parent's
            // (i915's `i915-y += gem/i915_gem_mman.o`): the parent decides.
            let fm = FileManager.default
            if !fm.fileExists(atPath: dir + "/Makefile") && !fm.fileExists(atPath: dir + "/Kbuild"), depth == 0,
               let st = includedFragmentState(obj, dir: dir, tree: tree) {
                return st
            }
            if !fm.fileExists(atPath: dir + "/Makefile") && !fm.fileExists(atPath: dir + "/Kbuild"), depth < 2 {
                let parent = (dir as NSString).deletingLastPathComponent
                if parent.hasPrefix(tree.root + "/") {
                    let st = objectState((dir as NSString).lastPathComponent + "/" + obj, dir: parent, tree: tree, depth: depth + 1)
                    if st != .notMentioned || depth > 0 { return st }
                }
                // A folder of Makefile fragments only (virt/kvm/Makefile.kvm): kbuild compiles its
                // files only where an architecture's Makefile includes one, and none here does
                // (arm, whose KVM support was removed in 5.7; an arch without KVM).
                if depth == 0, fragmentIncluders(of: dir, tree: tree).isEmpty,
                   ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).contains(where: { $0.hasPrefix("Makefile.") }) {
                    return .notBuilt
                }
            }
            return .notMentioned
        }
        if inList || !inAnyVar { return .notBuilt }
        // Named only by a plain variable: a Makefile that includes this one decides — and
        // when none of them read it in this configuration, nothing builds the object.
        if depth == 0, let inc = includer(of: dir) {
            let (st, read) = includedState(obj, dir: dir, by: [inc + "/Makefile"], tree: tree)
            if let st { return st }
            if !read { return .notBuilt }
        }
        return .unknown
    }

    /// How one Makefile's variables treat the object its words `names` match: in obj-m (module),
    /// obj-y or lib-y (built in), or in a composite's list (`X-y`, `X-m`, `X-objs`) whose `X.o`
    /// is one of those; `inList` when a list names it (an unset option leaves `X-` or `X-n`),
    /// `inAnyVar` when any variable does. Lists are read in name order.
    static func listedState(in vars: [String: [String]], names: (String) -> Bool)
        -> (state: ObjectState?, inList: Bool, inAnyVar: Bool) {
        func state(of matches: (String) -> Bool) -> ObjectState? {
            if (vars["obj-m"] ?? []).contains(where: matches) { return .module }
            if (vars["obj-y"] ?? []).contains(where: matches) || (vars["lib-y"] ?? []).contains(where: matches) { return .builtIn }
            return nil
        }
        if let st = state(of: names) { return (st, true, true) }
        var inList = false, inAnyVar = false
        for (name, words) in vars.sorted(by: { $0.key < $1.key }) where words.contains(where: names) {
            inAnyVar = true
            guard let dash = name.lastIndex(of: "-") else { continue }
            let suffix = name[name.index(after: dash)...]
            guard ["y", "m", "objs", "", "n"].contains(suffix) else { continue }
            inList = true
            let composite = String(name[..<dash]) + ".o"
            guard suffix != "" && suffix != "n", composite != "obj.o", composite != "lib.o" else { continue }
            if let st = state(of: { $0 == composite || $0.hasSuffix("/" + composite) }) { return (st, true, true) }
        }
        return (nil, inList, inAnyVar)
    }

    /// Why kbuild would not compile this file on its own in this configuration, if it would not:
    /// another architecture, an object whose `obj-$(CONFIG_X)` is unset, or a file that a
    /// sibling .c `#include`s (kernel/sched/build_utility.c style).
    public static func skip(for file: String, tree: Tree) -> Skip? {
        if let a = tree.otherArch(file) { return Skip("architecture \(a) (this tree is prepared for \(tree.arch))") }
        let dir = (file as NSString).deletingLastPathComponent
        let base = (file as NSString).lastPathComponent
        switch objectState(base.replacingOccurrences(of: ".c", with: ".o"), dir: dir, tree: tree) {
        case .notBuilt:
            return Skip("not built in this configuration (its obj-$(CONFIG_…) is unset)")
        case .notMentioned:
            return includingSource(of: file).map { Skip("compiled as part of \(tree.relative($0))", compiledIn: $0) }
        case .unknown, .builtIn, .module:
            return unvisitedFolder(dir, tree: tree).map {
                Skip("not built in this configuration (\(tree.relative($0))/ is in an unset obj-$(CONFIG_…) list)")
            }
        }
    }

    /// Why kbuild does not compile a file on its own, and — when another .c file compiles it
    /// by including it — that file (absolute).
    public struct Skip: Sendable {
        public var reason: String
        public var compiledIn: String?
        init(_ reason: String, compiledIn: String? = nil) { self.reason = reason; self.compiledIn = compiledIn }
    }

    /// The .c file that compiles `file` by including it: `#include "membarrier.c"` (also
    /// `# include`, kernel/sched/build_utility.c) in a sibling, or `#include "selftests/x.c"`
    /// in the parent folder (i915 selftests).
    static func includingSource(of file: String) -> String? {
        let dir = (file as NSString).deletingLastPathComponent
        let base = (file as NSString).lastPathComponent
        let parent = (dir as NSString).deletingLastPathComponent
        let here = (dir as NSString).lastPathComponent
        for (d, name) in [(dir, base), (parent, here + "/" + base)] {
            if let s = quotedIncludes(in: d)[name]?.first(where: { d + "/" + $0 != file }) { return d + "/" + s }
        }
        return nil
    }

    static let quotedIncludeTables = Memo<[String: [String]]>()

    /// The names a C file's lines `#include "…"` (blanks anywhere in the line ignored), found on
    /// its bytes: a line is looked at only when its first non-blank byte is `#` (a folder of
    /// 300 files was read and split as Strings for each folder asked about). Lines end at `\n`
    /// but not at `\r\n`, as a String's lines split at the Character "\n" did.
    static func quotedIncludeNames(_ d: Data) -> Set<String> {
        var names: Set<String> = []
        d.withUnsafeBytes { (b: UnsafeRawBufferPointer) in
            let n = b.count
            var start = 0
            while start < n {
                var end = start
                while end < n && !(b[end] == 10 && (end == start || b[end - 1] != 13)) { end += 1 }
                defer { start = end + 1 }
                var i = start
                while i < end && (b[i] == 32 || b[i] == 9) { i += 1 }
                guard i < end, b[i] == 35 else { continue }
                let line = String(decoding: UnsafeRawBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
                guard line.contains("include") else { continue }
                let l = line.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\t", with: "")
                guard l.hasPrefix("#include\""), l.hasSuffix("\""), l.count >= 11 else { continue }
                names.insert(String(l.dropFirst(9).dropLast()))
            }
        }
        return names
    }

    /// A folder's .c files by the names they `#include "…"` (spaces and tabs in the line
    /// ignored), each name's includers in name order: read once per folder, not once per file
    /// asked about (a folder of files no Makefile names read every sibling for each).
    static func quotedIncludes(in dir: String) -> [String: [String]] {
        quotedIncludeTables.value(dir) {
            var table: [String: [String]] = [:]
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return table }
            for s in entries.sorted() where s.hasSuffix(".c") {
                guard let d = FileManager.default.contents(atPath: dir + "/" + s) else { continue }
                let names = quotedIncludeNames(d)
                // (A file that is not UTF-8 names nothing, as when it was read as a String.)
                guard !names.isEmpty, String(data: d, encoding: .utf8) != nil else { continue }
                for n in names { table[n, default: []].append(s) }
            }
            return table
        }
    }

    /// The first folder on the way from the tree's root down to `dir` that kbuild does not
    /// enter in this configuration: its parent's Makefile (or Kbuild) names it `name/` in
    /// `obj-`/`subdir-` lists only under an unset option (drivers/Makefile
    /// `obj-$(CONFIG_S390) += s390/` on x86). A folder no such list names (reached by an
    /// `include`, the top-level `drivers-y`) is entered.
    static func unvisitedFolder(_ dir: String, tree: Tree) -> String? {
        unvisitedFolders.value(dir + configurationKey(tree)) { firstUnvisitedFolder(dir, tree: tree) }
    }

    private static func firstUnvisitedFolder(_ dir: String, tree: Tree) -> String? {
        var chain: [String] = []
        var d = dir
        while d.hasPrefix(tree.root + "/") { chain.append(d); d = (d as NSString).deletingLastPathComponent }
        for folder in chain.reversed() {
            let parent = (folder as NSString).deletingLastPathComponent
            let entry = (folder as NSString).lastPathComponent + "/"
            // The architecture's Makefile names its folders for the top-level build by path
            // (arm: `core-y += $(patsubst %,arch/arm/mach-%/,$(machine-y))`, the unset machines
            // in `core-`).
            if parent == tree.root + "/arch/" + tree.arch {
                let vars = evaluate(makefile: parent + "/Makefile", dir: parent, tree: tree)
                let path = tree.relative(folder) + "/"
                func listed(_ names: [String]) -> Bool { names.contains { (vars[$0] ?? []).contains(path) } }
                if listed(["core-y", "drivers-y", "libs-y"]) { continue }
                if listed(["core-", "core-n", "drivers-", "drivers-n", "libs-", "libs-n"]) { return folder }
            }
            for mk in ["Kbuild", "Makefile"] {
                let path = parent + "/" + mk
                guard let text = makefileText(path), text.containsBytes(entry) else { continue }
                let vars = evaluate(makefile: path, dir: parent, tree: tree)
                func listed(_ names: [String]) -> Bool { names.contains { (vars[$0] ?? []).contains(entry) } }
                if listed(["obj-y", "obj-m", "subdir-y", "subdir-m"]) { break }
                if listed(["obj-", "obj-n", "subdir-", "subdir-n"]) { return folder }
            }
        }
        return nil
    }

    /// Keeps include dirs, defines and forced includes; the rest (warnings, codegen) is noise.
    static func filterFlags(_ words: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < words.count {
            let w = words[i]
            if (w == "-I" || w == "-include" || w == "-D") && i + 1 < words.count {
                out += [w, words[i + 1]]; i += 2; continue
            }
            if w.hasPrefix("-I") || w.hasPrefix("-D") || w.hasPrefix("-U") { out.append(w) }
            i += 1
        }
        return out
    }

    /// By Makefile and configuration (its output folder): `$(CONFIG_X)` and `$(obj)` differ
    /// between the configurations of one run.
    private static let evaluated = Memo<[String: [String]]>()

    /// A small evaluator for the parts of a kbuild Makefile that carry compile flags:
    /// `VAR := / = / += value`, `ccflags-$(CONFIG_X)`, `$(src)`, `$(srctree)`, `$(obj)`,
    /// `$(CONFIG_X)` and simple variable references. Conditionals and functions are ignored.
    static func evaluate(makefile: String, dir: String, tree: Tree) -> [String: [String]] {
        evaluated.value(makefile + "\u{1f}" + tree.objtree) {
            var vars: [String: [String]] = [:]
            read(makefile, into: &vars, dir: dir, tree: tree, depth: 0)
            return vars
        }
    }

    /// A Makefile's lines, in order, into `vars`; an `include` (`-include`, `sinclude`) of a
    /// file in the tree reads that file there, as make does (arch/*/kvm/Makefile includes
    /// virt/kvm/Makefile.kvm, whose lists name the shared KVM objects).
    private static func read(_ makefile: String, into vars: inout [String: [String]], dir: String, tree: Tree, depth: Int) {
        guard let text = makefileText(makefile) else { return }
        var joined = ""
        // Conditionals (ifeq/ifneq/ifdef/ifndef … else … endif): each open one's branch state.
        // A condition that cannot be evaluated (a make function) leaves both branches read.
        var open: [(outer: Bool, now: Bool, taken: Bool?)] = []
        var active: Bool { open.last.map { $0.outer && $0.now } ?? true }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var l = String(line)
            if let h = l.firstIndex(of: "#") { l = String(l[..<h]) }
            if l.hasSuffix("\\") { joined += l.dropLast() + " "; continue }
            joined += l
            defer { joined = "" }
            let words = joined.split(whereSeparator: { $0 == " " || $0 == "\t" })
            switch words.first.map(String.init) {
            case "ifeq", "ifneq", "ifdef", "ifndef":
                let c = condition(joined.trimmingCharacters(in: .whitespaces), vars, dir: dir, tree: tree)
                open.append((active, c ?? true, c))
                continue
            case "else":
                guard let top = open.popLast() else { continue }
                let rest = joined.trimmingCharacters(in: .whitespaces).dropFirst(4).trimmingCharacters(in: .whitespaces)
                if top.taken == nil { open.append((top.outer, true, nil)); continue }   // unknown: read both
                if top.taken == true { open.append((top.outer, false, true)); continue }
                // `else ifeq …`: a new test; a plain `else`: the other branch.
                let c = rest.isEmpty ? true : condition(rest, vars, dir: dir, tree: tree)
                open.append((top.outer, c ?? true, c == nil ? nil : c!))
                continue
            case "endif":
                _ = open.popLast()
                continue
            default:
                break
            }
            guard active else { continue }
            if let included = includedFile(joined, vars, dir: dir, tree: tree), depth < 4 {
                vars[includedKey, default: []].append(included)
                read(included, into: &vars, dir: dir, tree: tree, depth: depth + 1)
            } else {
                assign(joined, &vars, dir: dir, tree: tree)
            }
        }
    }

    /// The variable under which `evaluate` lists the files a Makefile included.
    static let includedKey = "\u{1f}included"

    static let makefileTexts = Memo<String?>()

    /// A Makefile's text, read once per run: every object a Makefile names, every folder below
    /// it and every evaluation asked for it again (6.12: 12,441 reads of ~300 Makefiles in a
    /// warm run before).
    static func makefileText(_ path: String) -> String? {
        makefileTexts.value(path) { try? String(contentsOfFile: path, encoding: .utf8) }
    }

    /// A conditional's value: `ifeq (A,B)`, `ifneq (A,B)`, `ifeq "A" "B"`, `ifdef V`,
    /// `ifndef V`. Nil when it calls a make function (or is not one of these forms).
    static func condition(_ line: String, _ vars: [String: [String]], dir: String, tree: Tree) -> Bool? {
        let words = line.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" || $0 == "(" || $0 == "\"" || $0 == "'" })
        guard let kw = words.first.map(String.init) else { return nil }
        let rest = line.dropFirst(kw.count).trimmingCharacters(in: .whitespaces)
        if kw == "ifdef" || kw == "ifndef" {
            guard !rest.isEmpty, !rest.contains("$") else { return nil }
            let defined = rest.hasPrefix("CONFIG_") ? !(tree.config[rest] ?? "").isEmpty : !(vars[rest] ?? []).isEmpty
            return kw == "ifdef" ? defined : !defined
        }
        guard kw == "ifeq" || kw == "ifneq" else { return nil }
        // A make function ($(shell …), $(filter …), $(call …)) is not evaluated.
        var probe = rest[...]
        while let r = probe.range(of: "$(") {
            let name = probe[r.upperBound...].prefix { $0 != ")" }
            if name.contains(" ") || name.contains(",") || name.contains("$") { return nil }
            probe = probe[r.upperBound...]
        }
        var a: String, b: String
        if rest.hasPrefix("("), rest.hasSuffix(")") {
            let inner = rest.dropFirst().dropLast()
            var depth = 0
            guard let comma = inner.firstIndex(where: { c in
                if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
                return c == "," && depth == 0
            }) else { return nil }
            a = String(inner[..<comma]); b = String(inner[inner.index(after: comma)...])
        } else {
            // "A" "B" (either quote).
            var args: [String] = [], s = rest[...]
            while let q = s.first, q == "\"" || q == "'", let close = s.dropFirst().firstIndex(of: q), args.count < 2 {
                args.append(String(s[s.index(after: s.startIndex)..<close]))
                s = s[s.index(after: close)...].drop { $0 == " " || $0 == "\t" }
            }
            guard args.count == 2, s.isEmpty else { return nil }
            a = args[0]; b = args[1]
        }
        a = expand(a, vars, dir: dir, tree: tree).trimmingCharacters(in: .whitespaces)
        b = expand(b, vars, dir: dir, tree: tree).trimmingCharacters(in: .whitespaces)
        return (a == b) == (kw == "ifeq")
    }

    /// The file an `include` line names, when it is one file of the tree (relative names are
    /// relative to the top of the tree, where make runs).
    private static func includedFile(_ line: String, _ vars: [String: [String]], dir: String, tree: Tree) -> String? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count == 2, ["include", "-include", "sinclude"].contains(String(words[0])) else { return nil }
        var path = expand(String(words[1]), vars, dir: dir, tree: tree)
        if !path.hasPrefix("/") { path = tree.root + "/" + path }
        path = URL(fileURLWithPath: path).standardizedFileURL.path
        guard path.hasPrefix(tree.root + "/"), FileManager.default.fileExists(atPath: path) else { return nil }
        return path
    }

    static let fragmentIncluderLists = Memo<[String]>()

    /// The Makefiles of the architecture's folder (arch/$SRCARCH) and of the folder's parent
    /// that `include` a Makefile fragment of `dir` (virt/kvm/Makefile.kvm).
    static func fragmentIncluders(of dir: String, tree: Tree) -> [String] {
        let fm = FileManager.default
        let fragments = ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasPrefix("Makefile.") }.map { dir + "/" + $0 }
        guard !fragments.isEmpty else { return [] }
        return fragmentIncluderLists.value(dir + "\u{1f}" + tree.arch) { makefilesIncluding(fragments, of: dir, tree: tree) }
    }

    private static func makefilesIncluding(_ fragments: [String], of dir: String, tree: Tree) -> [String] {
        let fm = FileManager.default
        var makefiles: [String] = []
        func walk(_ d: String, _ depth: Int) {
            for n in ((try? fm.contentsOfDirectory(atPath: d)) ?? []).sorted() where !n.hasPrefix(".") {
                let p = d + "/" + n
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: p, isDirectory: &isDir) else { continue }
                if isDir.boolValue { if depth < 3 { walk(p, depth + 1) } } else if n == "Makefile" || n == "Kbuild" { makefiles.append(p) }
            }
        }
        walk(tree.root + "/arch/" + tree.arch, 0)
        walk((dir as NSString).deletingLastPathComponent, 2)
        let names = fragments.map { "/" + tree.relative($0) }
        let found = makefiles.filter { m in
            guard let text = makefileText(m) else { return false }
            return text.split(separator: "\n").contains { l in
                let w = l.split(whereSeparator: { $0 == " " || $0 == "\t" })
                return w.count == 2 && ["include", "-include", "sinclude"].contains(String(w[0])) && names.contains { w[1].hasSuffix($0) }
            }
        }
        return found
    }

    /// How the Makefiles that include a fragment of `dir` treat its object `obj`, named there by
    /// a path relative to the including folder (`$(KVM)/async_pf.o`, KVM = ../../../virt/kvm).
    /// Nil when no such Makefile names it.
    static func includedFragmentState(_ obj: String, dir: String, tree: Tree) -> ObjectState? {
        includedState(obj, dir: dir, by: fragmentIncluders(of: dir, tree: tree), tree: tree).state
    }

    /// How the Makefiles `includers`, which include a Makefile of `dir`, treat its object
    /// `obj`; `read` tells whether one of them read that Makefile at all in this configuration
    /// (amdgpu includes amdkfd's only `ifneq ($(CONFIG_HSA_AMD),)`).
    static func includedState(_ obj: String, dir: String, by includers: [String], tree: Tree) -> (state: ObjectState?, read: Bool) {
        let want = dir + "/" + obj, name = (obj as NSString).lastPathComponent
        var listed = false, read = false
        for m in includers {
            let mdir = (m as NSString).deletingLastPathComponent
            let vars = evaluate(makefile: m, dir: mdir, tree: tree)
            if (vars[includedKey] ?? []).contains(where: { $0.hasPrefix(dir + "/") }) { read = true }
            // (Only a word ending in the object's own name can be it: the others are not normalized.)
            let found = listedState(in: vars) {
                $0.hasSuffix(".o") && ($0 == name || $0.hasSuffix("/" + name))
                    && URL(fileURLWithPath: mdir + "/" + $0).standardizedFileURL.path == want
            }
            if let st = found.state { return (st, read) }
            listed = listed || found.inList
        }
        return (listed ? .notBuilt : nil, read)
    }

    private static func assign(_ line: String, _ vars: inout [String: [String]], dir: String, tree: Tree) {
        let ops = ["+=", ":=", "?=", "="]
        for op in ops {
            guard let r = line.range(of: op) else { continue }
            let lhsRaw = line[..<r.lowerBound].trimmingCharacters(in: .whitespaces)
            if lhsRaw.isEmpty || lhsRaw.contains(where: { $0 == " " || $0 == "\t" }) && !lhsRaw.hasPrefix("ccflags") { return }
            let lhs = expand(lhsRaw, vars, dir: dir, tree: tree)
            let value = expand(String(line[r.upperBound...]), vars, dir: dir, tree: tree)
            let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            // ccflags-$(CONFIG_X) with X unset becomes "ccflags-": not a flag list.
            if op == "+=" { vars[lhs, default: []] += words } else { vars[lhs] = words }
            return
        }
    }

    private static func expand(_ s: String, _ vars: [String: [String]], dir: String, tree: Tree) -> String {
        var out = substitute(s, vars, dir: dir, tree: tree, depth: 0)
        // "$(srctree)/$(src)" with an absolute src doubles the root. (Most values hold no path:
        // Foundation's replacing is most of a Makefile's evaluation when asked of every one.)
        if out.containsBytes(tree.root) {
            out = out.replacingOccurrences(of: tree.root + "/" + tree.root, with: tree.root)
            out = out.replacingOccurrences(of: tree.root + "/" + dir, with: dir)
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// Each `$(…)` of `s` replaced by its value, inner references first (`$(patsubst
    /// %,arch/arm/mach-%/,$(machine-y))`).
    private static func substitute(_ s: String, _ vars: [String: [String]], dir: String, tree: Tree, depth: Int) -> String {
        guard depth < 8, s.contains("$(") else { return s }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            guard s[i] == "$", s.index(after: i) < s.endIndex, s[s.index(after: i)] == "(" else {
                out.append(s[i]); i = s.index(after: i); continue
            }
            let open = s.index(i, offsetBy: 2)
            var level = 1, j = open
            while j < s.endIndex {
                if s[j] == "(" { level += 1 } else if s[j] == ")" { level -= 1; if level == 0 { break } }
                j = s.index(after: j)
            }
            guard j < s.endIndex else { out += s[i...]; break }   // unbalanced: left as written
            out += reference(String(s[open..<j]), vars, dir: dir, tree: tree, depth: depth)
            i = s.index(after: j)
        }
        return out
    }

    /// The value of one reference's text: a variable, `$(patsubst PATTERN,REPLACEMENT,TEXT)`;
    /// any other make function is not evaluated (empty).
    private static func reference(_ inner: String, _ vars: [String: [String]], dir: String, tree: Tree, depth: Int) -> String {
        if inner.hasPrefix("patsubst ") {
            var args: [String] = [], level = 0, cur = ""
            for c in inner.dropFirst("patsubst ".count) {
                if c == "(" { level += 1 } else if c == ")" { level -= 1 }
                if c == ",", level == 0 { args.append(cur); cur = ""; continue }
                cur.append(c)
            }
            args.append(cur)
            guard args.count == 3 else { return "" }
            let pattern = args[0].trimmingCharacters(in: .whitespaces), replacement = args[1]
            let words = substitute(args[2], vars, dir: dir, tree: tree, depth: depth + 1)
                .split(whereSeparator: { $0 == " " || $0 == "\t" })
            return words.map { patsubst(String($0), pattern, replacement) }.joined(separator: " ")
        }
        let name = substitute(inner, vars, dir: dir, tree: tree, depth: depth + 1)
        // An O= build generates into the output folder: $(obj) and $(objtree) are there.
        switch name {
        case "src": return dir
        case "obj": return tree.objtree.isEmpty || tree.objtree == tree.root ? dir : tree.objtree + "/" + tree.relative(dir)
        case "srctree": return tree.root
        case "objtree": return tree.objtree.isEmpty ? tree.root : tree.objtree
        default:
            if name.hasPrefix("CONFIG_") { return tree.config[name] ?? "" }
            if name.contains(" ") { return "" }   // a make function: not evaluated
            return (vars[name] ?? []).joined(separator: " ")
        }
    }

    /// make's patsubst of one word: `%` in the pattern matches any stem, which replaces the
    /// replacement's `%`; a pattern without `%` matches the whole word.
    static func patsubst(_ word: String, _ pattern: String, _ replacement: String) -> String {
        guard let pct = pattern.firstIndex(of: "%") else { return word == pattern ? replacement : word }
        let prefix = pattern[..<pct], suffix = pattern[pattern.index(after: pct)...]
        guard word.hasPrefix(prefix), word.hasSuffix(suffix), word.count >= prefix.count + suffix.count else { return word }
        let stem = word.dropFirst(prefix.count).dropLast(suffix.count)
        guard let r = replacement.firstIndex(of: "%") else { return replacement }
        return String(replacement[..<r]) + stem + replacement[replacement.index(after: r)...]
    }
}

/// Answers computed once per process by key, from any thread. The computation runs outside the
/// lock (it may ask the same table again, as objectState does for a parent folder); two
/// threads asking at once may both compute the same answer.
final class Memo<Value>: @unchecked Sendable {
    private var table: [String: Value] = [:]
    private let lock = NSLock()

    func value(_ key: String, _ compute: () -> Value) -> Value {
        lock.lock()
        if let v = table[key] { lock.unlock(); return v }
        lock.unlock()
        let v = compute()
        lock.lock(); table[key] = v; lock.unlock()
        return v
    }
}
