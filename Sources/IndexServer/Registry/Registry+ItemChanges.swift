import Model

extension Registry {
    /// Runs `change` on the content item in `slot` (nil when the slot holds none).
    ///
    /// The item is taken out of `items` while `change` runs, so its holder list has one owner: adding or
    /// removing a holder then changes the list in place. Changed while still in `items`, the list is shared
    /// and copied whole, holder by holder, for every holder a popular file gains (thousands).
    mutating func changeContent<Result>(inSlot slot: Int32, _ change: (inout ContentItem) -> Result) -> Result? {
        guard case .content(var item)? = items[Int(slot)] else { return nil }
        items[Int(slot)] = nil
        defer { items[Int(slot)] = .content(item) }
        return change(&item)
    }

    /// Runs `change` on the classic RFC item in `slot` (nil when the slot holds none), taken out of `items`
    /// meanwhile as ``changeContent(inSlot:_:)`` does.
    mutating func changeRFC<Result>(inSlot slot: Int32, _ change: (inout RFCItem) -> Result) -> Result? {
        guard case .rfc(var item)? = items[Int(slot)] else { return nil }
        items[Int(slot)] = nil
        defer { items[Int(slot)] = .rfc(item) }
        return change(&item)
    }

    /// `peer`'s record of the content item in `slot`, and where it is in the item's holder list.
    func heldRecord(of peer: PeerID, in slot: Int32) -> (index: Int, holder: ContentHolder)? {
        guard case .content(let item)? = items[Int(slot)],
              let index = item.holders.firstIndex(where: { $0.peer == peer }) else { return nil }
        return (index, item.holders[index])
    }

    /// `peer`'s record of the classic RFC item in `slot`, and where it is in the item's holder list.
    func heldClassicRecord(of peer: PeerID, in slot: Int32) -> (index: Int, holder: ClassicHolder)? {
        guard case .rfc(let item)? = items[Int(slot)],
              let index = item.holders.firstIndex(where: { $0.peer == peer }) else { return nil }
        return (index, item.holders[index])
    }
}
