/// A finding's severity, with its one ranking (note < warning < error). `Finding.severity`
/// holds its raw value.
public enum Severity: String, Codable, CaseIterable, Comparable, Sendable {
    case note, warning, error

    public var rank: Int {
        switch self {
        case .note: return 1
        case .warning: return 2
        case .error: return 3
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    /// The rank of a finding's severity string (an unknown one ranks below note).
    public static func rank(of raw: String) -> Int { Severity(rawValue: raw)?.rank ?? 0 }
}
