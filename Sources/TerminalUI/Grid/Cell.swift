/// One terminal cell: a character (one grapheme) and its role. A wide character fills its own cell and
/// marks the next one as its continuation.
public struct Cell: Hashable, Sendable {
    /// The grapheme shown, or "" for the right half of a wide character.
    public var text: String
    public var role: StyleRole

    public init(_ text: String = " ", role: StyleRole = .normal) {
        self.text = text
        self.role = role
    }

    public static let blank = Cell()
    public var isContinuation: Bool { text.isEmpty }
}
