import Model
import Testing

/// What strangers' text may do to a terminal: nothing.
@Suite("Terminal-safe text")
struct TerminalTextTests {
    @Test("escape sequences, CR, C1 controls and bidi overrides are replaced; ordinary text, accents and CJK are kept",
          arguments: [
            ("\u{1B}]0;owned\u{07}song.mp3", "\u{FFFD}]0;owned\u{FFFD}song.mp3"),
            ("a\u{1B}[2Jb", "a\u{FFFD}[2Jb"),
            ("fake\rreal.txt", "fake\u{FFFD}real.txt"),
            ("csi\u{9B}31m", "csi\u{FFFD}31m"),
            ("invoice\u{202E}fdp.exe", "invoice\u{FFFD}fdp.exe"),
            ("iso\u{2066}late\u{2069}", "iso\u{FFFD}late\u{FFFD}"),
            ("Café 映画 \u{301}x 🎵.flac", "Café 映画 \u{301}x 🎵.flac"),
          ])
    func safe(_ input: String, _ expected: String) {
        #expect(TerminalText.safe(input) == expected)
    }

    @Test("JSON keeps the exact name but writes C1, DEL and bidi controls as \\u escapes")
    func json() {
        let json = "{\"name\":\"a\u{9B}b\u{202E}c\u{7F}\"}"
        #expect(TerminalText.escapingJSON(json) == "{\"name\":\"a\\u009bb\\u202ec\\u007f\"}")
        #expect(TerminalText.escapingJSON("{\"name\":\"Café\"}") == "{\"name\":\"Café\"}")
    }
}
