// The finding model, below Checker, MMModel and Report: what a rule reports (Finding), how
// replay judged it (ReplayResult), its fingerprints and suppressions.

public struct Related: Codable, Hashable, Sendable {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) { self.file = file; self.line = line; self.message = message }
}

public struct PathEvent: Codable, Hashable, Sendable {
    public var file: String
    public var line: Int
    public var event: String

    public init(file: String, line: Int, event: String) { self.file = file; self.line = line; self.event = event }
}

public struct Finding: Codable, Hashable, Sendable {
    public var rule: String
    public var severity: Severity
    public var file: String
    public var line: Int
    public var column: Int
    public var function: String
    public var message: String
    public var origin: String
    public var related: [Related]
    public var path: [PathEvent]
    /// The replay verdict (filled by MMModel after the check; nil with --no-replay).
    public var replay: ReplayResult? = nil
    /// A fingerprint that survives line shifts: rule, file, function, origin, the operation's
    /// argument and holder, the witness's violation (see `stableFingerprint`).
    public var fingerprint: String = ""
    /// Set when a suppression (out of tree or in source) covers the finding: its justification.
    public var suppression: Suppression? = nil
    /// What replay needs to rebuild the path: not part of the report.
    public var subject: FindingSubject? = nil
    /// For family rules (no subject): what the finding is about (event and path), so two
    /// findings of one rule in one function keep distinct fingerprints. Not part of the report.
    public var identity: String = ""
    /// The configurations (kernel builds: an arch and a config) the finding holds in, when a
    /// run analyzed several (`check --objtree A --objtree B`, `--shard`, `mmlint merge`); nil
    /// in a run of one configuration.
    public var configs: [String]? = nil

    public init(rule: String, severity: Severity, file: String, line: Int, column: Int, function: String,
                message: String, origin: String, related: [Related], path: [PathEvent]) {
        self.rule = rule; self.severity = severity; self.file = file; self.line = line; self.column = column
        self.function = function; self.message = message; self.origin = origin; self.related = related; self.path = path
    }

    enum CodingKeys: String, CodingKey {
        case rule, severity, file, line, column, function, message, origin, related, path, replay, fingerprint, suppression, configs
    }

    /// The origin of a path-evidence finding: nothing on the path proves the fact it needs (the
    /// reports say so in words instead of naming an origin).
    public static let unprovenOrigin = "unproven"
    public var originIsUnproven: Bool { origin == Finding.unprovenOrigin }
}
