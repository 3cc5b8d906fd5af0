/// How many terminal columns text takes, as terminals (and `wcwidth`) count them: most characters 1,
/// East Asian wide and fullwidth characters and emoji 2, combining marks and zero-width characters 0.
///
/// Pure Swift, so widgets can be laid out and tested without a terminal.
public enum DisplayWidth {
    /// The width of one extended grapheme cluster (a `Character`).
    public static func of(_ character: Character) -> Int {
        // Most cells of a frame are ASCII: their width needs no Unicode property lookups.
        if let ascii = character.asciiValue { return ascii < 0x20 || ascii == 0x7F ? 0 : 1 }
        var width = 0
        for scalar in character.unicodeScalars {
            if scalar.properties.isEmojiPresentation || (scalar.value == 0xFE0F && width == 1) { return 2 }
            width = max(width, of(scalar))
        }
        return width
    }

    /// The width of a string: the sum over its characters.
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// The width of one scalar: 0, 1 or 2.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B || (0x1160...0x11FF).contains(v) { return 0 }
        return isWide(v) ? 2 : 1
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges, as Unicode 15 assigns them (the common blocks).
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3, 0x25FD...0x25FE,
             0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE,
             0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705,
             0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0, 0x27BF,
             0x2B1B...0x2B1C, 0x2B50, 0x2B55, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F,
             0x1F680...0x1F6FF, 0x1F900...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` cut to at most `width` columns; when something is cut, the last column is `…`.
    /// A wide character never straddles the cut.
    public static func clip(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        // One pass that stops at the first column past `width`: a 10,000-character name costs what fits, not
        // its whole length, on every frame it is drawn in.
        var used = 0
        var fitsBeforeEllipsis = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            used += of(text[index])
            if used > width { return String(text[..<fitsBeforeEllipsis]) + "…" }
            index = text.index(after: index)
            if used <= width - 1 { fitsBeforeEllipsis = index }
        }
        return text
    }

    /// `text` clipped and then padded with spaces to exactly `width` columns (left-aligned, or right-aligned).
    public static func fit(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let clipped = clip(text, to: width)
        let padding = String(repeating: " ", count: max(0, width - of(clipped)))
        return alignRight ? padding + clipped : clipped + padding
    }
}
