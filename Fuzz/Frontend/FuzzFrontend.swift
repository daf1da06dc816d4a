// libFuzzer target (scripts/fuzz): C snippets through frontend, index, checker and replay.
// SwiftPM links an executable's entry point as `fuzz_frontend_main`; it hands control to libFuzzer's
// driver (LLVMFuzzerRunDriver), so libFuzzer's own main is never linked.
import Foundation
import MMLint

typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: FuzzCallback) -> Int32

@_cdecl("fuzz_frontend_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var c = argc
    var v = argv
    return LLVMFuzzerRunDriver(&c, &v) { data, size in
        FuzzEntries.snippet(data.map { Data(bytes: $0, count: size) } ?? Data())
        return 0
    }
}

/// The callback libFuzzer's runtime also links against by name.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzEntries.snippet(data.map { Data(bytes: $0, count: size) } ?? Data())
    return 0
}
