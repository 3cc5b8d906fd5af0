import TerminalUI

/// How keys are written in config.toml and shown on screen: a character (`D`, `?`, `é`), `Space`,
/// `Enter`, `Tab`, `Shift-Tab`, `Backspace`, `Delete`, `Up`, `Down`, `Left`, `Right`, `PgUp`, `PgDn`,
/// `Home`, `End`, or `Ctrl-` and a letter (`Ctrl-D`; not H, I, J or M, which terminals send as Backspace,
/// Tab and Enter). Names are case-insensitive; single characters are not.
public enum KeySpelling {
    private static let named: [(name: String, key: Key)] = [
        ("Enter", .enter), ("Esc", .escape), ("Tab", .tab), ("Shift-Tab", .backTab), ("Backspace", .backspace),
        ("Delete", .delete), ("Up", .up), ("Down", .down), ("Left", .left), ("Right", .right),
        ("PgUp", .pageUp), ("PgDn", .pageDown), ("Home", .home), ("End", .end),
    ]

    /// The key `text` names, or nil.
    public static func key(_ text: String) -> Key? {
        if text.count == 1, let character = text.first {
            guard !character.isWhitespace, character.unicodeScalars.allSatisfy({ !$0.properties.generalCategory.isControl }) else { return nil }
            return .character(character)
        }
        if text.lowercased() == "space" { return .character(" ") }
        if let found = named.first(where: { $0.name.lowercased() == text.lowercased() }) { return found.key }
        let lower = text.lowercased()
        // Ctrl-H, I, J and M reach programs as Backspace, Tab and Enter: they cannot be told apart.
        if lower.hasPrefix("ctrl-"), text.count == 6, let letter = lower.last, letter.isASCII, letter.isLetter, !"hijm".contains(letter) {
            return .control(letter)
        }
        return nil
    }

    /// How `key` is shown: `Enter`, `↑`, `Ctrl-D`, `D`.
    public static func label(_ key: Key) -> String {
        switch key {
        case .character(" "): return "Space"
        case .character(let character): return String(character)
        case .control(let letter): return "Ctrl-\(letter.uppercased())"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        default: return named.first { $0.key == key }?.name ?? "?"
        }
    }
}

private extension Unicode.GeneralCategory {
    var isControl: Bool { self == .control || self == .format || self == .lineSeparator || self == .paragraphSeparator }
}
