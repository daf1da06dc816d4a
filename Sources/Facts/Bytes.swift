#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte searches for hot loops: the prefilter over ~31,000 C files and the checker over node
/// texts, where Foundation's searches (`Data.range(of:)`, `String.contains(_:)`, a CFString
/// search with UTF-16 conversion) cost seconds of a cold kernel run and ~0.1 s of the checker.
public enum Bytes {
    /// Whether `needle` occurs in `hay`: memchr to each candidate first byte, then memcmp
    /// (memmem is not exported by the Glibc module). An empty needle occurs everywhere.
    public static func contains(_ hay: UnsafeRawBufferPointer, _ needle: UnsafeRawBufferPointer) -> Bool {
        guard let pb = needle.baseAddress, !needle.isEmpty else { return true }
        guard let hb = hay.baseAddress, hay.count >= needle.count else { return false }
        let first = Int32(needle[0]), end = hb + (hay.count - needle.count + 1)
        var at = hb
        while at < end, let hit = memchr(at, first, end - at) {
            if memcmp(hit, pb, needle.count) == 0 { return true }
            at = UnsafeRawPointer(hit) + 1
        }
        return false
    }
}

extension String {
    /// Whether the UTF-8 bytes of `needle` occur in this string (same answer as `contains(_:)`
    /// for the ASCII needles it is used with).
    public func containsBytes(_ needle: String) -> Bool {
        var hay = self, pat = needle
        return hay.withUTF8 { h in pat.withUTF8 { p in Bytes.contains(UnsafeRawBufferPointer(h), UnsafeRawBufferPointer(p)) } }
    }
}

extension Character {
    /// A character of a C identifier: `_`, an ASCII letter or digit.
    public var isCIdentifierCharacter: Bool { self == "_" || (isASCII && (isLetter || isNumber)) }
}

extension StringProtocol {
    /// A C identifier: `_` or an ASCII letter, then `_`, letters and digits.
    public var isCIdentifier: Bool {
        guard let f = first, !f.isNumber else { return false }
        return allSatisfy(\.isCIdentifierCharacter)
    }
}

extension UInt8 {
    /// A byte that may stand in a C identifier: a letter, a digit or `_` (ASCII).
    public var isIdentifierByte: Bool {
        (self >= 97 && self <= 122) || (self >= 65 && self <= 90) || (self >= 48 && self <= 57) || self == 95
    }
}
