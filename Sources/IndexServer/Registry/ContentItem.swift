import Model

/// A file known by its content hash, and every peer that registered it.
struct ContentItem: Sendable {
    let hash: ContentHash
    /// Oldest first; the first holder's name is the one search results show.
    var holders: HolderList<ContentHolder>

    /// The size most holders announce (ties go to the longest-standing holder), and how many announce it.
    /// Peers that announce a different size for the same hash are wrong, and are not offered as sources.
    var agreement: (size: UInt64, holders: Int) {
        guard holders.count > 1 else { return (holders.oldest.size, 1) }
        var counts: [UInt64: Int] = [:]
        for holder in holders { counts[holder.size, default: 0] += 1 }
        let best = counts.values.max() ?? 0
        return (holders.first { counts[$0.size] == best }?.size ?? 0, best)
    }

    var size: UInt64 { agreement.size }

    /// `name` as a holder of this item already keeps it; nil when none names it so. Holders of a popular
    /// file mostly name it alike: taking the kept string shares its storage (a String counts its
    /// references), so the name is kept once, not once per holder.
    func keptName(_ name: String) -> String? {
        holders.first { $0.name == name }?.name
    }
}

/// One peer's record of a content file (40 bytes, inline in its item when it is the first holder).
struct ContentHolder: Sendable {
    let peer: PeerID
    var size: UInt64
    var name: String
    /// The classic listing's sequence number (0 for none; sequence numbers start at 1) in the low 40 bits,
    /// and the number of the session's line in ``SourceLineTable`` in the high 24. One word: an Optional's
    /// extra byte, or a field of its own, would pad every holder by 8 bytes.
    private var packed: UInt64

    /// Listing sequence numbers stay below 2^40 (a trillion RFC-named records over the index's life).
    static let maximumListing: UInt64 = (1 << 40) - 1

    init(peer: PeerID, size: UInt64, name: String, line: UInt32 = SourceLineTable.none, listing: UInt64? = nil) {
        self.peer = peer
        self.size = size
        self.name = name
        packed = UInt64(line & SourceLineTable.none) << 40 | ((listing ?? 0) & Self.maximumListing)
    }

    /// Its entry in the classic listing, when the name is RFC-like (`rfc123.txt`).
    var listing: UInt64? {
        get {
            let sequence = packed & Self.maximumListing
            return sequence == 0 ? nil : sequence
        }
        set { packed = packed & ~Self.maximumListing | ((newValue ?? 0) & Self.maximumListing) }
    }

    /// The number of its session's line in ``SourceLineTable``.
    var lineNumber: UInt32 { UInt32(packed >> 40) }
}

extension HolderList where Holder == ContentHolder {
    /// The size and line number of the holder at `position`, read where it lies: a copy of the holder, or
    /// lending it to a closure, counts a reference to its name (a LOOKUP picks up to 200 holders).
    @inline(__always)
    func sizeAndLine(at position: Int) -> (size: UInt64, line: UInt32) {
        if position == 0 { return (oldest.size, oldest.lineNumber) }
        return withHolder(at: position) { ($0.size, $0.lineNumber) }
    }
}
