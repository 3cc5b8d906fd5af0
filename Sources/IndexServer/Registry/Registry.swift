import Model
import Wire

/// The index's whole state: sessions, the items they registered, the word index and the classic listing.
///
/// A pure value: no sockets, no locks, no clock. The server keeps one behind a readers-writer lock and
/// calls it from every connection. All costs are per record touched, never a scan of the whole index
/// (except paging, which walks slots from a cursor, and a search's bitmaps of its keywords' slots, made
/// only when that is cheaper than reading the candidates one by one). Changing an item re-indexes the
/// words of its names (at most 32 distinct names, 16 words each).
///
/// Memory, about 285 bytes a record at a million records with real names (BENCHMARKS.md): an item is 80
/// bytes with its first holder inline; a name longer than 15 bytes is one allocation of its own (one for all
/// the holders of an item that name it alike); each word of a name costs 8 bytes in that word's posting
/// (slot and rank key) and 4 in the slot's word list; a slot costs 12 more (its word list's place and its
/// rank key); `slotByHash` 11 to 21 bytes an item (8 a bucket, between three eighths and three quarters
/// full); a session's sorted slots about 8 bytes a record.
public struct Registry: Sendable {
    public let limits: RegistryLimits
    var sessions: [PeerID: PeerSession] = [:]
    /// What LOOKUP FILE lists of each greeted session, made at its HELLO (see ``SourceLine``), numbered.
    var sourceLines = SourceLineTable()
    /// Items by slot; nil slots are free and reused. In chunks, so that adding one never copies the others
    /// under the write lock.
    var items = ChunkedArray<IndexItem?>()
    var freeSlots: [Int32] = []
    /// Content slots by hash (the hashes themselves are read from `items`).
    var slotByHash = ContentSlotTable()
    var slotByRFC: [Int: Int32] = [:]
    /// The size tally of each content item with two or more holders, by slot.
    var tallies: [Int32: SizeTally] = [:]
    /// Sessions the reachability probe found behind NAT, kept until their records are gone (a leaving
    /// session's records are removed after it is detached, a part at a time).
    var unreachablePeers: Set<PeerID> = []
    /// Records of detached sessions not removed yet (a leaving peer's go a part at a time): they are still
    /// searchable until then, so ``recordCount`` counts them.
    private(set) var departingRecords = 0
    var words = WordIndex()
    /// The classic RFC index by sequence number (a newer record has a larger one).
    var classicListings: [UInt64: ClassicListing] = [:]
    /// Sequence numbers in the order they were made, including removed ones until the next compaction,
    /// so classic answers can list newest first without sorting.
    var listingOrder: [UInt64] = []
    var listingsByNumber: [Int: Set<UInt64>] = [:]
    private var nextListing: UInt64 = 1
    var nextPeer: UInt64 = 1
    /// The changes made here since the cluster last took them (``takeJournal()``); nil on a node of its own,
    /// which keeps none.
    var journal: [RegistryChange]?
    /// Which registry a ``SearchStamp`` was made in: a node that rejoins its cluster starts an empty
    /// registry with the next epoch (``IndexServer/joinCluster(firstPeerID:)``), whose word ids and
    /// counts start again from zero, so answers kept from the old one can never pass for its own.
    var searchEpoch: UInt64 = 0
    /// Live items (not free slots).
    public var itemCount: Int { items.count - freeSlots.count }
    /// Records over all sessions, and those of departed ones still being removed (walks the sessions: for
    /// statistics, not hot paths).
    public var recordCount: Int { sessions.values.reduce(departingRecords) { $0 + $1.recordCount } }

    public init(limits: RegistryLimits = RegistryLimits()) {
        self.limits = limits
    }

    public var sessionCount: Int { sessions.count }

    // MARK: Sessions

    /// Registers a new connection from `address` and returns the id it is known by.
    public mutating func openSession(address: String) -> PeerID {
        let id = PeerID(nextPeer)
        nextPeer += 1
        sessions[id] = PeerSession(id: id, address: address)
        journal?.append(.opened(id, address: address))
        return id
    }

    /// `HELLO`: makes the session a Shoal peer with an upload port and an optional nickname.
    mutating func hello(_ peer: PeerID, _ hello: Hello) throws(RegistryError) {
        guard let session = sessions[peer], session.hello == nil else { throw .alreadyGreeted }
        var kept = hello
        kept.token = nil
        kept.key = nil
        sessions[peer]?.hello = kept
        sourceLines.set(SourceLine(sessions[peer]!, kept))
        journal?.append(.greeted(peer, kept, reachable: session.reachable, keyprint: session.keyprint))
    }

    /// Records what the probe of the session's upload port found (before its HELLO is answered).
    mutating func markReachable(_ peer: PeerID, _ reachable: Bool) {
        guard sessions[peer] != nil else { return }
        sessions[peer]?.reachable = reachable
        if !reachable { unreachablePeers.insert(peer) }
        if let session = sessions[peer], let hello = session.hello { sourceLines.set(SourceLine(session, hello)) }
    }

    /// Records the keyprint of the key the session's HELLO proves (before that HELLO is taken). Nothing
    /// changes once the session is greeted: its published key never changes.
    mutating func recordProvenKey(_ peer: PeerID, _ keyprint: String) {
        guard sessions[peer]?.hello == nil else { return }
        sessions[peer]?.keyprint = keyprint
    }

    /// The last of a detached session's records is gone.
    mutating func forgetDeparted(_ peer: PeerID) {
        unreachablePeers.remove(peer)
        sourceLines.forget(peer)
    }

    /// Forgets a closed connection and every record it made; returns how many records went.
    @discardableResult
    public mutating func closeSession(_ peer: PeerID) -> Int {
        let slots = detachSession(peer)
        removeRecords(of: peer, in: slots[...])
        forgetDeparted(peer)
        return slots.count
    }

    /// The first half of closing a connection: the session is gone at once (its records are no longer
    /// offered as sources, and its id is unknown), and the slots of its records are returned, to be
    /// removed with ``removeRecords(of:in:)`` all at once or a part at a time.
    mutating func detachSession(_ peer: PeerID) -> [Int32] {
        guard let session = sessions.removeValue(forKey: peer) else { return [] }
        sourceLines.detach(peer)
        journal?.append(.closed(peer))
        departingRecords += session.slots.count
        return Array(session.slots)
    }

    /// Removes a detached session's records from the items in `slots`.
    mutating func removeRecords(of peer: PeerID, in slots: ArraySlice<Int32>) {
        for slot in slots { removeHolder(peer, fromSlot: slot) }
        departingRecords -= slots.count
    }

    /// The session's nickname and record count, for logs.
    func session(_ peer: PeerID) -> PeerSession? { sessions[peer] }

    // MARK: Slots

    /// The slot of the content item with `hash`.
    func contentSlot(_ hash: ContentHash) -> Int32? { slotByHash.slot(for: hash, in: items) }

    mutating func allocateSlot(_ item: IndexItem) -> Int32 {
        if let slot = freeSlots.popLast() {
            items[Int(slot)] = item
            return slot
        }
        items.append(item)
        return Int32(items.count - 1)
    }

    /// Lists the item in `slot` under the words of its names and its current rank key, or unlists a free
    /// slot. `namesChanged: false` after a change that kept every name (a holder joined under a name the item
    /// had, or changed its size): only the rank key is brought up to date.
    ///
    /// `terms` are those of the item's only name, when it has one (a new item): given, nothing is tokenized.
    /// `addedTerms` are those of a name just added to the item (its newest holder's), when the item was
    /// indexed under all of its other names: its words the slot lacks are added after the ones it has, and
    /// nothing is tokenized either (the same words as tokenizing every name again, up to 32 names of 16
    /// words, gives).
    mutating func refreshIndex(slot: Int32, namesChanged: Bool = true, terms: NameTerms? = nil,
                               addedTerms: NameTerms? = nil) {
        guard let item = items[Int(slot)] else { return words.clear(slot: slot) }
        if let terms, terms.maximumWords == limits.maximumWordsPerName {
            let key = RankKey.make(sources: sourceCount(item, slot: slot), nameLength: terms.length, namePrefix: terms.prefix)
            return words.set(slot: slot, words: terms.words, key: key)
        }
        let name = item.displayName
        let key = RankKey.make(sources: sourceCount(item, slot: slot), name: name, nameLength: name.count)
        if let addedTerms, addedTerms.maximumWords == limits.maximumWordsPerName {
            words.set(slot: slot, adding: addedTerms.words, key: key)
        } else if namesChanged {
            words.set(slot: slot, words: item.words(maximumPerName: limits.maximumWordsPerName), key: key)
        } else {
            words.rekey(slot: slot, key: key)
        }
    }

    /// Removes `peer`'s record from the item in `slot`, re-indexing or freeing the item as needed.
    mutating func removeHolder(_ peer: PeerID, fromSlot slot: Int32) {
        switch items[Int(slot)] {
        case .content?:
            guard let (index, removed) = heldRecord(of: peer, in: slot) else { return }
            if let listing = removed.listing { removeListing(listing) }
            if case .content(let content)? = items[Int(slot)], content.holders.count == 1 {
                slotByHash.remove(slot, for: content.hash)
                return freeSlot(slot)
            }
            changeContent(inSlot: slot) { _ = $0.holders.remove(at: index) }
            guard case .content(let content)? = items[Int(slot)] else { return }
            if content.holders.count == 1 {
                tallies[slot] = nil
            } else {
                tallies[slot]?.remove(removed.size, unreachable: unreachablePeers.contains(peer), holders: content.holders)
            }
            refreshIndex(slot: slot, namesChanged: !content.holders.contains { $0.name == removed.name })
        case .rfc?:
            guard let (index, removed) = heldClassicRecord(of: peer, in: slot) else { return }
            removeListing(removed.listing)
            if case .rfc(let rfc)? = items[Int(slot)], rfc.holders.count == 1 {
                slotByRFC[rfc.number] = nil
                return freeSlot(slot)
            }
            changeRFC(inSlot: slot) { _ = $0.holders.remove(at: index) }
            guard case .rfc(let rfc)? = items[Int(slot)] else { return }
            refreshIndex(slot: slot, namesChanged: !rfc.holders.contains { $0.title == removed.title })
        case nil:
            return
        }
    }

    /// Unlists the item in `slot` from every word and frees the slot for reuse.
    private mutating func freeSlot(_ slot: Int32) {
        items[Int(slot)] = nil
        tallies[slot] = nil
        words.clear(slot: slot)
        freeSlots.append(slot)
    }

    // MARK: Classic listing

    mutating func addListing(_ listing: ClassicListing) -> UInt64 {
        let sequence = nextListing
        nextListing += 1
        classicListings[sequence] = listing
        listingOrder.append(sequence)
        listingsByNumber[listing.number, default: []].insert(sequence)
        if let slot = slotByRFC[listing.number] { refreshIndex(slot: slot, namesChanged: false) }
        return sequence
    }

    mutating func removeListing(_ sequence: UInt64) {
        guard let listing = classicListings.removeValue(forKey: sequence) else { return }
        listingsByNumber[listing.number]?.remove(sequence)
        if listingsByNumber[listing.number]?.isEmpty == true { listingsByNumber[listing.number] = nil }
        if let slot = slotByRFC[listing.number] { refreshIndex(slot: slot, namesChanged: false) }
        if listingOrder.count > 64, listingOrder.count > 2 * classicListings.count {
            listingOrder.removeAll { classicListings[$0] == nil }
        }
    }

}
