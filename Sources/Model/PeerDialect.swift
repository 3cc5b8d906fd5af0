/// Which protocol a peer's upload server speaks: what a downloader must send to fetch from it.
public enum PeerDialect: String, Hashable, Sendable, Codable {
    /// A P2P-CI/1.0 peer: only `GET RFC n P2P-CI/1.0`, whole files.
    case classic
    /// A Shoal peer: P2P-CI/2.1 ranged GET by hash and chunk lists (and classic GET for RFC-named files).
    case shoal
}
