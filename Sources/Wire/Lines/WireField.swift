/// Small field encodings shared by several line formats.
enum WireField {
    /// A size, or `-` when unknown.
    static func size(_ size: UInt64?) -> String { size.map(String.init) ?? "-" }

    /// Parses a size field: `.some(nil)` for `-`, nil when malformed.
    static func optionalSize<S: StringProtocol>(_ text: S) -> UInt64?? {
        if text == "-" { return .some(nil) }
        guard let value = TextRules.decimal(text) else { return nil }
        return .some(value)
    }
}
