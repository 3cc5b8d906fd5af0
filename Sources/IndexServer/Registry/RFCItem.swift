import Model

/// A classic RFC item (registered with `ADD RFC`), and the classic peers that have it.
struct RFCItem: Sendable {
    let number: Int
    /// Oldest first; the first holder's title is the one search results show.
    var holders: HolderList<ClassicHolder>
}

/// One classic peer's record of an RFC.
struct ClassicHolder: Sendable {
    let peer: PeerID
    var title: String
    /// The Host header it sent, shown back to classic peers.
    var declaredHost: String
    var port: Int
    var listing: UInt64
}
