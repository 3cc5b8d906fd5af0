/// The rule for a peer's nickname, wherever one is given (`--name`, the config file, HELLO's `Name`).
public enum Nickname {
    /// The longest nickname, in characters.
    public static let maximumLength = 32

    /// 1–32 letters, digits, `.`, `_` or `-`, and not `-` alone (which means "none" in protocol lines).
    public static func isValid<S: StringProtocol>(_ nick: S) -> Bool {
        !nick.isEmpty && nick.count <= maximumLength && nick != "-"
            && nick.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" }
    }
}
