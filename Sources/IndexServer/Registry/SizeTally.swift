import Model

/// How many holders of one content item announce each size, and the size they agree on: the size most
/// holders announce, ties going to the longest-standing holder (PROTOCOL.md §5.4).
///
/// Kept up to date as holders come and go, so that reading an item's agreed size and source count costs
/// nothing however many peers hold it (a popular file can have thousands). Only items with two or more
/// holders have one; a lone holder's size is agreed by definition.
struct SizeTally: Sendable {
    /// How many holders announce each size.
    private(set) var counts: [UInt64: Int] = [:]
    /// The agreed size and how many holders announce it.
    private(set) var agreed: (size: UInt64, holders: Int) = (0, 0)
    /// How many holders announcing each size the index found behind NAT (only sizes with some).
    private var unreachable: [UInt64: Int] = [:]

    /// The tally of `holders` (oldest first); `isUnreachable` tells the holders the index found behind NAT.
    init(_ holders: HolderList<ContentHolder>, isUnreachable: (PeerID) -> Bool) {
        for holder in holders {
            counts[holder.size, default: 0] += 1
            if isUnreachable(holder.peer) { unreachable[holder.size, default: 0] += 1 }
        }
        settle(holders)
    }

    /// How many holders of the agreed size the index did not find behind NAT.
    var reachableAgreeing: Int { agreed.holders - unreachable[agreed.size, default: 0] }

    /// A holder announcing `size` joined; `holders` is the list with it.
    mutating func add(_ size: UInt64, unreachable isUnreachable: Bool, holders: HolderList<ContentHolder>) {
        if isUnreachable { unreachable[size, default: 0] += 1 }
        counts[size, default: 0] += 1
        if size == agreed.size {
            agreed.holders += 1
        } else if counts[size]! >= agreed.holders {
            settle(holders)
        }
    }

    /// A holder announcing `size` left; `holders` is the list without it.
    mutating func remove(_ size: UInt64, unreachable isUnreachable: Bool, holders: HolderList<ContentHolder>) {
        if isUnreachable {
            unreachable[size, default: 1] -= 1
            if unreachable[size] == 0 { unreachable[size] = nil }
        }
        counts[size, default: 1] -= 1
        if counts[size] == 0 { counts[size] = nil }
        if size == agreed.size { settle(holders) }
    }

    /// Works out the agreed size from the counts; walks the holders only when sizes tie.
    private mutating func settle(_ holders: HolderList<ContentHolder>) {
        let best = counts.values.max() ?? 0
        let tied = counts.filter { $0.value == best }
        if tied.count == 1, let only = tied.first {
            agreed = (only.key, best)
        } else {
            agreed = (holders.first { tied[$0.size] != nil }?.size ?? 0, best)
        }
    }
}
