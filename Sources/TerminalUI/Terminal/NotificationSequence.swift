/// The escape sequence that asks a terminal for a desktop notification: OSC 777 (`notify;title;body`) for
/// terminals known to read it (rxvt, foot, VTE-based ones such as GNOME Terminal), OSC 9 (the body alone)
/// for the rest (iTerm2, WezTerm, Windows Terminal, kitty, Ghostty); terminals that know neither ignore
/// it. Inside tmux the sequence is wrapped for passthrough (tmux's `allow-passthrough on` lets it out).
/// Title and body are cut to 200 characters and cleaned of control characters and `;`.
public enum NotificationSequence {
    public static func make(title: String, body: String, environment: [String: String]) -> String {
        let term = environment["TERM"] ?? ""
        let osc777 = term.hasPrefix("rxvt") || term.hasPrefix("foot") || environment["VTE_VERSION"] != nil
        let sequence = osc777 ? "\u{1b}]777;notify;\(clean(title));\(clean(body))\u{7}" : "\u{1b}]9;\(clean(title)): \(clean(body))\u{7}"
        guard environment["TMUX"] != nil else { return sequence }
        return "\u{1b}Ptmux;" + sequence.replacingOccurrences(of: "\u{1b}", with: "\u{1b}\u{1b}") + "\u{1b}\\"
    }

    private static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(200).map { scalar in
            scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format || scalar == ";" ? " " : scalar
        }))
    }
}
