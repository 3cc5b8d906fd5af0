import Model

/// One distinct thing in the index: a file by content hash, or a classic RFC item by number.
enum IndexItem: Sendable {
    case content(ContentItem)
    case rfc(RFCItem)

    var key: FileKey {
        switch self {
        case .content(let item): return .content(item.hash)
        case .rfc(let item): return .rfc(item.number)
        }
    }

    /// Word ids this item is indexed under.
    var wordIDs: [Int32] {
        switch self {
        case .content(let item): return item.wordIDs
        case .rfc(let item): return item.wordIDs
        }
    }

    var displayName: String {
        switch self {
        case .content(let item): return item.holders.first?.name ?? ""
        case .rfc(let item): return item.holders.first?.title ?? ""
        }
    }
}

/// A file known by its content hash, and every peer that registered it.
struct ContentItem: Sendable {
    let hash: ContentHash
    /// Oldest first; the first holder's name is the one search results show.
    var holders: [ContentHolder]
    var wordIDs: [Int32] = []

    /// The size most holders announce (ties go to the longest-standing holder), and how many announce it.
    /// Peers that announce a different size for the same hash are wrong, and are not offered as sources.
    var agreement: (size: UInt64, holders: Int) {
        guard holders.count > 1 else { return (holders.first?.size ?? 0, holders.count) }
        var counts: [UInt64: Int] = [:]
        for holder in holders { counts[holder.size, default: 0] += 1 }
        let best = counts.values.max() ?? 0
        return (holders.first { counts[$0.size] == best }?.size ?? 0, best)
    }

    var size: UInt64 { agreement.size }
}

/// One peer's record of a content file.
struct ContentHolder: Sendable {
    let peer: PeerID
    var size: UInt64
    var root: ContentHash
    var name: String
    /// Its entry in the classic listing, when the name is RFC-like (`rfc123.txt`).
    var listing: UInt64?
}

/// A classic RFC item (registered with `ADD RFC`), and the classic peers that have it.
struct RFCItem: Sendable {
    let number: Int
    var holders: [ClassicHolder]
    var wordIDs: [Int32] = []
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
