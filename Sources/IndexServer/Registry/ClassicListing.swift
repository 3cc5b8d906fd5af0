import Model

/// A line of the classic RFC index: what `LOOKUP RFC` and `LIST ALL` in P2P-CI/1.0 show.
/// Classic ADDs make one; so does a Shoal peer's file with an RFC-like name.
struct ClassicListing: Sendable {
    let number: Int
    let peer: PeerID
    let dialect: PeerDialect
    var title: String
    /// The host shown to classic peers: the declared Host for classic records, the observed address otherwise.
    var host: String
    var port: Int
}
