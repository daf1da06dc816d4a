import Facts

extension Finding {
    /// FNV-1a over the finding's identity, twice (two seeds): 128 bits of hex. Line and column
    /// numbers stay out, so the fingerprint survives edits above the finding.
    public var stableFingerprint: String {
        var parts = [rule, file, function, origin]
        if let s = subject {
            parts.append(s.target.description)
            parts.append(s.holder?.description ?? "")
            parts.append(s.cause.rawValue)
        }
        parts.append(replay?.violation ?? "")
        if !identity.isEmpty { parts.append(identity) }
        return Finding.fingerprint(of: parts.joined(separator: "\u{1f}"))
    }

    /// 128 bits of hex: FNV-1a of the text with two seeds.
    static func fingerprint(of text: String) -> String {
        let a = FNV1a.hash(text.utf8), b = FNV1a.hash(text.utf8, seed: 0x84222325cbf29ce4)
        return String(a, radix: 16).leftPadded(16) + String(b, radix: 16).leftPadded(16)
    }

    /// Sets every finding's fingerprint. Findings whose identities coincide (two leaks of one
    /// local on two exits of one function) are told apart by their order in the file: the first
    /// keeps the plain fingerprint, the k-th (k > 1) gets one of the fingerprint and "#k", so a
    /// baseline or a suppression names exactly one of them and line shifts do not matter.
    public static func assignFingerprints(_ findings: inout [Finding]) {
        var groups: [String: [Int]] = [:]
        for i in findings.indices {
            let fp = findings[i].stableFingerprint
            findings[i].fingerprint = fp
            groups[fp, default: []].append(i)
        }
        for (fp, members) in groups where members.count > 1 {
            let ordered = members.sorted {
                (findings[$0].line, findings[$0].column, findings[$0].message)
                    < (findings[$1].line, findings[$1].column, findings[$1].message)
            }
            for (k, i) in ordered.enumerated() where k > 0 { findings[i].fingerprint = fingerprint(of: fp + "#\(k + 1)") }
        }
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
