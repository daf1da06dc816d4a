// libFuzzer target: the rule, vocabulary, model and suppressions loaders (scripts/fuzz).
import Foundation
import MMLint

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzEntries.ruleFiles(Data(bytes: data, count: size))
    return 0
}
