/// What a search hit or a lookup names: a file by its content hash, or a classic RFC item by its number.
///
/// Text form: 64 hex digits for content, `rfc:123` for an RFC item shared by classic P2P-CI/1.0 peers.
public enum FileKey: Hashable, Sendable, CustomStringConvertible {
    /// Whether it names a file by its content (not a classic RFC number).
    public var isContent: Bool {
        if case .content = self { return true }
        return false
    }

    case content(ContentHash)
    case rfc(Int)

    /// The largest RFC number accepted anywhere (nine digits).
    public static let maximumRFCNumber = 999_999_999

    @inlinable  // specialized where it is called (request parsing)
    public init?<S: StringProtocol>(_ text: S) {
        if text.hasPrefix("rfc:") {
            let digits = text.dropFirst(4)
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let number = Int(digits) else { return nil }
            self = .rfc(number)
        } else if let hash = ContentHash(hex: text) {
            self = .content(hash)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .content(let hash): return hash.hex
        case .rfc(let number): return "rfc:\(number)"
        }
    }
}
