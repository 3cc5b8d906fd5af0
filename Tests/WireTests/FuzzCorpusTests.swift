import Foundation
import FuzzTargets
import Testing

/// The fuzzers' seed corpus and every input they ever broke Shoal with, replayed through the same
/// checks on each test run (Fuzz/README.md), so a fixed finding stays fixed.
@Suite("Fuzz corpus")
struct FuzzCorpusTests {
    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    static func inputs(_ target: FuzzTargets.Target) -> [URL] {
        ["corpus", "regressions"].flatMap { kind in
            let folder = fuzzFolder.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
            return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted().map { folder.appendingPathComponent($0) }
        }
    }

    @Test("every corpus and regression input passes its target's checks", arguments: FuzzTargets.Target.allCases)
    func replay(target: FuzzTargets.Target) throws {
        let inputs = Self.inputs(target)
        #expect(inputs.count >= 5, "the seed corpus of \(target.rawValue) is in Fuzz/corpus/\(target.rawValue)")
        for input in inputs {
            FuzzTargets.run(target, Array(try Data(contentsOf: input)))
        }
    }

    @Test("the GET RFC found by the fuzzer (no Host header) writes out and parses back unchanged")
    func getRFCWithoutHost() throws {
        FuzzTargets.requests(Array("GET RFC 1 P2P-CI/1.0\r\nOS: Linux\r\n\r\n".utf8))
    }
}
