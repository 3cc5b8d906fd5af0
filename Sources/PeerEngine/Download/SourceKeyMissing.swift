import Model

/// A Shoal source the index published no keyprint for (it joined without TLS), while this peer does not
/// allow plaintext transfers.
struct SourceKeyMissing: Error, CustomStringConvertible {
    /// Why such a source is not used, after its name.
    static let reason = "joined the index without TLS, so a transfer from it could be read or changed on the way; "
        + "allow-plaintext = true (or --allow-plaintext) to use such sources"
    let peer: PeerID
    var description: String { "\(peer) \(Self.reason)" }
}
