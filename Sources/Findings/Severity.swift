/// A finding's or a rule's severity, with its one ranking (note < warning < error); JSON and
/// SARIF carry its raw value.
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

}
