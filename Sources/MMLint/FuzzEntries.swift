import Checker
import Facts
import Foundation
import Frontend
import Index
import KernelTree
import MMModel

/// What the libFuzzer targets (Fuzz/) run on each input, and what the regression test replays
/// on every input kept in Fuzz/regressions: each must return (an error is fine), never trap.
public enum FuzzEntries {
    /// A scratch folder per process holding the shipped rules, so that one file can be replaced.
    nonisolated(unsafe) static var scratch: String?

    static func rulesScratch() -> String {
        if let s = scratch { return s }
        let d = NSTemporaryDirectory() + "mmlint-fuzz-rules-\(getpid())"
        try? FileManager.default.removeItem(atPath: d)
        try? FileManager.default.copyItem(atPath: defaultRulesDirectory(), toPath: d)
        scratch = d
        return d
    }

    /// The first byte picks the file the rest replaces: a rule, the vocabulary, replay's
    /// vocabulary, or a suppressions file. Loading must give a value or an error with file:line.
    public static func ruleFiles(_ data: Data) {
        guard let kind = data.first else { return }
        let dir = rulesScratch()
        let body = data.dropFirst()
        let target: String
        switch kind % 4 {
        case 0: target = dir + "/zz-fuzz.yml"
        case 1: target = dir + "/vocabulary.yml"
        case 2: target = dir + "/model.yml"
        default: target = dir + "/fuzz-suppressions.yml"
        }
        let saved = FileManager.default.contents(atPath: target)
        _ = FileManager.default.createFile(atPath: target, contents: Data(body))
        defer {
            if let s = saved { _ = FileManager.default.createFile(atPath: target, contents: s) }
            else { try? FileManager.default.removeItem(atPath: target) }
        }
        switch kind % 4 {
        case 2: _ = try? ModelVocabulary.load(target)
        case 3: _ = try? SuppressionFile.load(target)
        default: _ = try? RuleSet.load(directory: dir)
        }
    }

    /// A C snippet after the fixtures' stub header, through the frontend, index, checker and
    /// replay.
    public static func snippet(_ data: Data) {
        let fixturesInclude = (defaultRulesDirectory() as NSString).deletingLastPathComponent + "/Fixtures/demo/include"
        let file = NSTemporaryDirectory() + "mmlint-fuzz-\(getpid())/snippet.c"
        let text = "#include <linux/mmlint_stub.h>\n" + String(decoding: data, as: UTF8.self)
        guard let rules = try? RuleSet.load(directory: defaultRulesDirectory()),
              let vocab = try? ModelVocabulary.load(defaultRulesDirectory() + "/model.yml") else { return }
        let names = rules.frontendNames
        let facts = Frontend.parse(file: file, arguments: ["-std=gnu11", "-I", fixturesInclude],
                                   root: (file as NSString).deletingLastPathComponent, seen: SeenFunctions(),
                                   unsaved: [file: text], names: names)
        let index = TreeIndex([facts])
        var findings = Engine(rules: rules, index: index, version: nil).run()
        let replayer = Replayer(rules: rules, index: index, semantics: .current(reason: "fuzzing"), vocabulary: vocab, budget: 20_000)
        for i in findings.indices where findings[i].replayable(rules) { findings[i].replay = replayer.replay(findings[i]) }
        _ = FactsCodec.encode(facts)
    }
}
