/// Text from other peers made safe to show in a terminal and to use as a file name.
///
/// Names, titles and nicknames come from strangers (through an index that may itself be hostile). Written
/// raw, an ESC, CSI (U+009B), OSC or CR in them could move the cursor, retitle the window or rewrite what
/// the user sees, and a bidirectional override (U+202E) could show `exe.txt` as `txt.exe`.
public enum TerminalText {
    /// The character shown in place of anything that must not reach a terminal.
    public static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// True for C0 and C1 control characters and DEL.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
    }

    /// True for the invisible characters that reorder text: embeddings, overrides, isolates and marks.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
            || scalar.value == 0x200E || scalar.value == 0x200F || scalar.value == 0x061C
    }

    /// `text` with every control and bidirectional control character replaced by U+FFFD: safe to print.
    public static func safe<S: StringProtocol>(_ text: S) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) || isBidiControl($0) }) else { return String(text) }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(isControl(scalar) || isBidiControl(scalar) ? replacement : scalar)
        }
        return String(out)
    }

    /// Serialized JSON with C1 controls, DEL and bidirectional controls written as `\uXXXX` escapes: the
    /// same JSON value, but nothing in it acts on a terminal. (JSON encoders escape only C0 controls.)
    public static func escapingJSON(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { $0.value >= 0x7F && (isControl($0) || isBidiControl($0)) }) else { return json }
        var out = ""
        for scalar in json.unicodeScalars {
            if scalar.value >= 0x7F, isControl(scalar) || isBidiControl(scalar) {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
