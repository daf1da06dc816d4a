/// FNV-1a, 64 bits: the one content and identity hash of mmlint (cache keys and validation,
/// fingerprints). Not for security.
public enum FNV1a {
    public static let basis: UInt64 = 0xcbf29ce484222325

    @inlinable
    public static func hash<S: Sequence>(_ bytes: S, seed: UInt64 = basis) -> UInt64 where S.Element == UInt8 {
        var h = seed
        for b in bytes { h ^= UInt64(b); h = h &* 0x100000001b3 }
        return h
    }

    @inlinable
    public static func hex(_ s: String, seed: UInt64 = basis) -> String { String(hash(s.utf8, seed: seed), radix: 16) }
}
