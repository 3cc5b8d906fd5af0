/// The one-time token of a relayed connection (PROTOCOL.md §5.11): 32 lowercase hex digits (128 random
/// bits), made by the downloader that asks, passed on by the index, and presented by the source that
/// connects back. The downloader accepts it once, for the transfer that asked, until it expires.
public struct RelayToken: Hashable, Sendable, CustomStringConvertible {
    public let text: String

    /// A fresh random token.
    public init() {
        var generator = SystemRandomNumberGenerator()
        text = (0..<16).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
        }.joined()
    }

    /// A token as written on the wire; nil unless it is exactly 32 lowercase hex digits.
    public init?(_ text: some StringProtocol) {
        guard text.utf8.count == 32, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            return nil
        }
        self.text = String(text)
    }

    public var description: String { text }
}
