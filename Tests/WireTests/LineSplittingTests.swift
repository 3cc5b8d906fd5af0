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

    private static let pathPieces = ["a", ".", "..", "/", " ", "\t", "\\", "\u{1}", "\u{7F}", "b c", "é", " \u{301}"]

    @Test("file paths: checked by bytes when ASCII, with the verdict of checking each component's characters")
    func filePaths() {
        var rng = SplitMix64(seed: 23)
        for _ in 0..<20_000 {
            let path = (0..<Int(rng.next() % 10)).map { _ in Self.pathPieces[Int(rng.next() % UInt64(Self.pathPieces.count))] }.joined()
            let components = SharePath.components(path)
            let byCharacters = !path.isEmpty && components.count <= TextRules.maximumPathComponents
                && components.allSatisfy { TextRules.isValidFileName($0) }
            #expect(TextRules.isValidFilePath(path) == byCharacters, "\(path.debugDescription)")
        }
        let long = String(repeating: "x", count: TextRules.maximumFileNameBytes)
        #expect(TextRules.isValidFilePath(long) && !TextRules.isValidFilePath(long + "x"))
        #expect(TextRules.isValidFilePath(Array(repeating: "d", count: 16).joined(separator: "/")))
        #expect(!TextRules.isValidFilePath(Array(repeating: "d", count: 17).joined(separator: "/")))
    }

    @Test("a path's file name and folder: split at its last slash, by bytes, as by characters for valid paths")
    func fileNames() {
        #expect(SharePath.fileName("music/jazz/Take Five.flac") == "Take Five.flac")
        #expect(SharePath.fileName("Über/Éte\u{301}.flac") == "Éte\u{301}.flac")
        #expect(SharePath.fileName("plain.txt") == "plain.txt")
        #expect(SharePath.folder("music/jazz/Take Five.flac") == "music/jazz")
        var rng = SplitMix64(seed: 25)
        for _ in 0..<5000 {
            let path = (0..<Int(rng.next() % 10)).map { _ in Self.pathPieces[Int(rng.next() % UInt64(Self.pathPieces.count))] }.joined()
            guard TextRules.isValidFilePath(path) else { continue }
            #expect(SharePath.fileName(path) == String(SharePath.components(path).last!), "\(path.debugDescription)")
        }
    }

    @Test("a frame's version: its last token's, else its first's, split at spaces and tabs as characters")
    func frameVersion() {
        var rng = SplitMix64(seed: 24)
        let pieces = ["P2P-CI/1.0", "P2P-CI/2.1", "P2P-CI/2.0", "GET", " ", "\t", " \u{301}", "\u{301}", "200 OK", "x"]
        for _ in 0..<20_000 {
            let line = (0..<Int(rng.next() % 6)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let byCharacters = [tokens.last, tokens.first].compactMap { $0 }.lazy
                .compactMap { ProtocolVersion(rawValue: String($0)) }.first
            #expect(WireFrame(startLine: line).version == byCharacters, "\(line.debugDescription)")
        }
    }
}
