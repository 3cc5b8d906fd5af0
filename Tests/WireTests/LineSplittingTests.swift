import Model
import Testing
@testable import Wire

/// Bodies and lines are split by bytes (fast); the answers must be those of splitting by characters.
@Suite("Line and field splitting")
struct LineSplittingTests {
    private static let pieces = ["a", " ", "\n", "\r\n", "\r", "\u{301}", "é", "e\u{301}", "日本", "\t", "x y", "\n\u{301}"]

    private static func randomText(_ rng: inout SplitMix64) -> String {
        (0..<Int(rng.next() % 12)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
    }

    @Test("body lines: at LF or CRLF, never at a CR alone, as splitting at the characters \\n and \\r\\n")
    func bodyLines() {
        var rng = SplitMix64(seed: 21)
        for _ in 0..<5000 {
            let text = Self.randomText(&rng)
            let byCharacters = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            #expect(BatchBodyParser.lines(text).map(String.init) == byCharacters.map(String.init), "\(text.debugDescription)")
        }
    }

    @Test("fields: at U+0020 itself, as splitting the Unicode scalars, also before a combining mark")
    func fields() {
        var rng = SplitMix64(seed: 22)
        for _ in 0..<5000 {
            let text = Self.randomText(&rng)
            let maxSplits = Int(rng.next() % 4)
            let byScalars = Substring(text).unicodeScalars
                .split(separator: " ", maxSplits: maxSplits, omittingEmptySubsequences: false).map { String(Substring($0)) }
            #expect(WireFields.split(text, maxSplits: maxSplits).map(String.init) == byScalars, "\(text.debugDescription)")
        }
    }
}
