/// Where a suppression is written.
public enum SuppressionKind: String, Codable, Hashable, Sendable {
    /// A suppressions file.
    case external
    /// A `/* mmlint: allow RULE -- reason */` comment.
    case inSource
}

/// Why a finding is not counted: the justification a maintainer wrote down.
public struct Suppression: Codable, Hashable, Sendable {
    public var kind: SuppressionKind
    public var justification: String
    /// Where the suppression is written (file:line).
    public var location: String
    public init(kind: SuppressionKind, justification: String, location: String) {
        self.kind = kind; self.justification = justification; self.location = location
    }
}
