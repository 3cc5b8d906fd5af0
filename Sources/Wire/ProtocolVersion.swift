/// The two dialects spoken on the same framing.
public enum ProtocolVersion: String, Hashable, Sendable, CaseIterable {
    /// The classic course protocol: RFC numbers, whole-file GET.
    case classic = "P2P-CI/1.0"
    /// Shoal's own: content hashes, search, ranged and verified transfers.
    case shoal = "P2P-CI/2.1"

    /// What a version token says about the message that carries it.
    public enum Recognition: Equatable, Sendable {
        case supported(ProtocolVersion)
        /// Shaped like `P2P-CI/<digits>.<digits>` but not one we speak: answered with 505.
        case unsupported
        /// Not a version token at all: answered with 400.
        case notAVersion
    }

    /// The version `token` names exactly, or nil.
    init?<S: StringProtocol>(token: S) {
        self.init(token: token.utf8)
    }

    /// The version the UTF-8 bytes of `token` name exactly, or nil: compared byte for byte (a version
    /// token is ASCII, and no other text is canonically equivalent to it).
    init?<Bytes: Sequence<UInt8>>(token: Bytes) {
        guard let version = Self.allCases.first(where: { token.elementsEqual($0.rawValue.utf8) }) else { return nil }
        self = version
    }

    /// Classifies a version token exactly as the decoder does (the protocol name is case-sensitive).
    public static func recognize<S: StringProtocol>(_ token: S) -> Recognition {
        if let version = ProtocolVersion(rawValue: String(token)) { return .supported(version) }
        guard token.hasPrefix("P2P-CI/") else { return .notAVersion }
        let parts = token.dropFirst(7).split(separator: ".", omittingEmptySubsequences: false)
        let numeric = parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        return numeric ? .unsupported : .notAVersion
    }
}
