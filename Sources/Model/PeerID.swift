/// The identity the index assigns to one connection (one peer session), written `p` followed by a number.
///
/// Ids are never reused while the index runs. They name a peer in search results and in BROWSE;
/// they are not credentials: records belong to the connection, not to whoever knows the id.
public struct PeerID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let number: UInt64

    public init(_ number: UInt64) { self.number = number }

    /// Parses `p17`; returns nil for anything else.
    @inlinable  // specialized where it is called (request parsing)
    public init?<S: StringProtocol>(_ text: S) {
        guard text.first == "p", text.count >= 2, text.count <= 20,
              text.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }),
              let number = UInt64(text.dropFirst())
        else { return nil }
        self.number = number
    }

    public var description: String { "p\(number)" }

    public static func < (lhs: PeerID, rhs: PeerID) -> Bool { lhs.number < rhs.number }
}
