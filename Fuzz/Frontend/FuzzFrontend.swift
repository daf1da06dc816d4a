// libFuzzer target: C snippets through frontend, index, checker and replay (scripts/fuzz).
import Foundation
import MMLint

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontend(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzEntries.snippet(Data(bytes: data, count: size))
    return 0
}
