/// One step of a replay witness: which CPU did what, where.
public struct TraceStep: Codable, Hashable, Sendable {
    public var cpu: Int
    public var file: String
    public var line: Int
    public var event: String
    public init(cpu: Int, file: String, line: Int, event: String) {
        self.cpu = cpu; self.file = file; self.line = line; self.event = event
    }
}

/// What replay concluded about one finding (see the MMModel module).
/// What replay concluded about a finding: a witness interleaving, a protection that refutes
/// it, or neither.
public enum Verdict: String, Codable, Hashable, Sendable, CaseIterable {
    case confirmed, refuted, inconclusive
}

public struct ReplayResult: Codable, Hashable, Sendable {
    public var verdict: Verdict
    public var reason: String
    /// The violation class of a confirmed witness (e.g. `fault-races-unmap`).
    public var violation: String?
    /// Everything the verdict rests on that mmlint could not prove from the tree.
    public var assumptions: [String]
    /// The kernel semantics the model ran with (version, exit_mmap era, probes).
    public var semantics: String
    /// What runs on each CPU (CPU 0 first).
    public var cpus: [String]
    public var trace: [TraceStep]
    /// Interleavings (states) explored.
    public var explored: Int
    public init(verdict: Verdict, reason: String, violation: String? = nil, assumptions: [String] = [],
                semantics: String, cpus: [String] = [], trace: [TraceStep] = [], explored: Int = 0) {
        self.verdict = verdict; self.reason = reason; self.violation = violation; self.assumptions = assumptions
        self.semantics = semantics; self.cpus = cpus; self.trace = trace; self.explored = explored
    }
}
