// swift-tools-version:6.0
import Foundation
import PackageDescription

// Debian's libclang 19 (libclang-19-dev): 19 reports operator kinds inside macro expansions
// (unlikely(!mmget_not_zero(mm)), VM_BUG_ON(a && b)), which LLVM 14 can only guess from tokens.
// The headers live outside the default search path, so every target that imports CClang
// (directly or through a module that re-exports it) gets the -I, test targets included.
let llvmInclude = "/usr/lib/llvm-19/include"
let clangFlags: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-I\(llvmInclude)"])]

let package = Package(
    name: "mmlint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mmlint", targets: ["mmlint"]),
        .library(name: "MMLint", targets: ["MMLint"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(name: "CClang", path: "Sources/CClang"),
        .target(name: "Facts", swiftSettings: clangFlags),
        .target(name: "KernelTree", dependencies: ["Facts"], swiftSettings: clangFlags),
        .target(name: "Frontend", dependencies: ["CClang", "Facts", "KernelTree"], swiftSettings: clangFlags),
        .target(name: "Index", dependencies: ["Facts"], swiftSettings: clangFlags),
        .target(name: "Findings", dependencies: ["Facts"], swiftSettings: clangFlags),
        .target(name: "Checker", dependencies: ["Facts", "Findings", "Index", .product(name: "Yams", package: "Yams")], swiftSettings: clangFlags),
        .target(name: "MMModel", dependencies: ["Facts", "Findings", "Index", "Checker"], swiftSettings: clangFlags),
        .target(name: "Report", dependencies: ["Facts", "Findings", "Checker"], swiftSettings: clangFlags),
        .target(name: "MMLint", dependencies: ["Facts", "KernelTree", "Frontend", "Index", "Findings", "Checker", "MMModel", "Report"], swiftSettings: clangFlags),
        .executableTarget(name: "mmlint", dependencies: ["MMLint", "KernelTree", "Findings", "Checker", "Report", .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: clangFlags),
        .testTarget(name: "MMLintTests", dependencies: ["MMLint", "Frontend", "Checker", "KernelTree", "Facts", "Index", "Findings", "MMModel"], swiftSettings: clangFlags),
    ]
)

// libFuzzer targets, only when MMLINT_FUZZ is set (scripts/fuzz): they have no main of their
// own (libFuzzer provides it), so an ordinary build must not link them.
if ProcessInfo.processInfo.environment["MMLINT_FUZZ"] != nil {
    let fuzz: [SwiftSetting] = clangFlags + [.unsafeFlags(["-sanitize=fuzzer,address", "-parse-as-library"])]
    let link: [LinkerSetting] = [.unsafeFlags(["-sanitize=fuzzer,address"])]
    package.targets += [
        .executableTarget(name: "fuzz-rules", dependencies: ["MMLint"], path: "Fuzz/Rules", swiftSettings: fuzz, linkerSettings: link),
        .executableTarget(name: "fuzz-frontend", dependencies: ["MMLint"], path: "Fuzz/Frontend", swiftSettings: fuzz, linkerSettings: link),
    ]
}
