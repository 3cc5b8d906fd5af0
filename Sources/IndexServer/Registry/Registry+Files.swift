import Model
import Wire

extension Registry {
    /// What `ADD FILES` or `REMOVE FILES` changed for the session.
    public struct BatchOutcome: Hashable, Sendable {
        /// Records added or removed by this batch (a re-announced file counts as updated, not added).
        public var changed: Int
        /// Records the session holds now.
        public var total: Int
    }

    /// `ADD FILES`: registers (or updates) a batch of files for a Shoal session, all or nothing.
    mutating func addFiles(_ peer: PeerID, _ batch: [FileAnnouncement]) throws(RegistryError) -> BatchOutcome {
        let files = try admitFiles(peer, batch)
        let added = applyFiles(peer, PreparedFile.batch(files, limits: limits)[...])
        return BatchOutcome(changed: added, total: sessions[peer]?.recordCount ?? 0)
    }

    /// The first half of `ADD FILES`: checks the batch against the session and its limits, and returns the
    /// announcements to apply, in order (a hash repeated in one batch: its last line wins). Changes nothing.
    func admitFiles(_ peer: PeerID, _ batch: [FileAnnouncement]) throws(RegistryError) -> [FileAnnouncement] {
        guard let session = sessions[peer], session.hello != nil else { throw .helloRequired }
        var latest: [ContentHash: FileAnnouncement] = [:]
        latest.reserveCapacity(batch.count)
        for announcement in batch { latest[announcement.hash] = announcement }
        var newCount = 0, bytes = session.nameBytes
        for (hash, announcement) in latest {
            bytes += announcement.name.utf8.count
            if let slot = contentSlot(hash), session.slots.contains(slot) {
                bytes -= heldName(of: session.id, in: slot)?.utf8.count ?? 0
            } else {
                newCount += 1
            }
        }
        let wouldHave = session.recordCount + newCount
        guard wouldHave <= limits.maximumFilesPerPeer else {
            throw .tooManyFiles(limit: limits.maximumFilesPerPeer, wouldHave: wouldHave)
        }
        guard bytes <= limits.maximumNameBytesPerPeer else {
            throw .tooManyNameBytes(limit: limits.maximumNameBytesPerPeer, wouldHave: bytes)
        }
        // No hash repeated (as nearly always): every line is its hash's last.
        guard latest.count < batch.count else { return batch }
        return batch.filter { announcement in
            guard latest[announcement.hash] == announcement else { return false }
            latest[announcement.hash] = nil
            return true
        }
    }

    /// The second half of `ADD FILES`: registers admitted announcements (all of a batch at once, or a part
    /// at a time so that a big batch never holds the registry long). Returns how many were new; does
    /// nothing once the session has closed.
    mutating func applyFiles(_ peer: PeerID, _ files: ArraySlice<PreparedFile>) -> Int {
        guard let session = sessions[peer], let hello = session.hello else { return 0 }
        journal?.append(.filesAdded(peer, files.map(\.announcement)))
        let line = sourceLines.number(of: peer)
        var added = 0
        for file in files {
            let announcement = file.announcement
            sessions[peer]!.nameBytes += announcement.name.utf8.count
            let existing = contentSlot(announcement.hash)
            if let slot = existing, sessions[peer]!.slots.contains(slot) {
                sessions[peer]!.nameBytes -= heldName(of: peer, in: slot)?.utf8.count ?? 0
                updateHolder(peer, slot: slot, address: session.address, port: hello.port, announcement)
            } else {
                let slot = insertHolder(peer, line: line, address: session.address, port: hello.port, file, into: existing)
                sessions[peer]!.slots.insert(slot)
                added += 1
            }
        }
        return added
    }

    /// `REMOVE FILES`: unregisters files of a Shoal session; unknown hashes are ignored.
    mutating func removeFiles(_ peer: PeerID, _ hashes: [ContentHash]) throws(RegistryError) -> BatchOutcome {
        guard sessions[peer]?.hello != nil else { throw .helloRequired }
        journal?.append(.filesRemoved(peer, hashes))
        var removed = 0
        for hash in Set(hashes) {
            guard let slot = contentSlot(hash), sessions[peer]!.slots.contains(slot) else { continue }
            sessions[peer]!.nameBytes -= heldName(of: peer, in: slot)?.utf8.count ?? 0
            removeHolder(peer, fromSlot: slot)
            sessions[peer]!.slots.remove(slot)
            removed += 1
        }
        return BatchOutcome(changed: removed, total: sessions[peer]!.recordCount)
    }

    /// A file announced again by the same peer: new size and name, same seniority.
    private mutating func updateHolder(_ peer: PeerID, slot: Int32, address: String, port: Int,
                                       _ file: FileAnnouncement) {
        guard let (index, old) = heldRecord(of: peer, in: slot) else { return }
        var newListing = old.listing
        if old.name != file.name {
            if let listing = old.listing { removeListing(listing) }
            newListing = listing(for: file, peer: peer, address: address, port: port)
        }
        let holders = changeContent(inSlot: slot) { content in
            content.holders[index].size = file.size
            content.holders[index].name = content.keptName(file.name) ?? file.name
            content.holders[index].listing = newListing
            return content.holders.count
        }
        if old.size != file.size, holders ?? 0 > 1, case .content(let content)? = items[Int(slot)] {
            tallies[slot] = SizeTally(content.holders, isUnreachable: unreachablePeers.contains)
        }
        refreshIndex(slot: slot, namesChanged: old.name != file.name)
    }

    private mutating func listing(for file: FileAnnouncement, peer: PeerID, address: String, port: Int) -> UInt64? {
        // Classic peers know file names, not folders: an RFC file in a folder is listed by its own name.
        let name = SharePath.fileName(file.name)
        guard let number = RFCFileName.number(fromFileName: name) else { return nil }
        return addListing(ClassicListing(number: number, peer: peer, dialect: .shoal, title: name,
                                         host: address, port: port))
    }

    /// Adds `peer` as a holder of the content item in slot `existing` (the item of the file's hash), or of
    /// a new item when there is none.
    private mutating func insertHolder(_ peer: PeerID, line: UInt32, address: String, port: Int,
                                       _ prepared: PreparedFile, into existing: Int32?) -> Int32 {
        let file = prepared.announcement
        let holder = ContentHolder(peer: peer, size: file.size, name: file.name, line: line,
                                   listing: listing(for: file, peer: peer, address: address, port: port))
        if let slot = existing, let nameIsNew = changeContent(inSlot: slot, { item in
            var holder = holder
            let kept = item.keptName(file.name)
            if let kept { holder.name = kept }
            item.holders.append(holder)
            return kept == nil
        }) {
            guard case .content(let item)? = items[Int(slot)] else { return slot }
            if item.holders.count == 2 {
                tallies[slot] = SizeTally(item.holders, isUnreachable: unreachablePeers.contains)
            } else {
                tallies[slot]?.add(file.size, unreachable: unreachablePeers.contains(peer), holders: item.holders)
            }
            // A new name of the newest holder adds its words after the item's own: the same words tokenizing
            // every name again gives, while the item has no more holders (so names) than it is searched under.
            let addedName = nameIsNew && item.holders.count <= IndexItem.maximumNames ? prepared.terms : nil
            refreshIndex(slot: slot, namesChanged: nameIsNew, addedTerms: addedName)
            return slot
        }
        let slot = allocateSlot(.content(ContentItem(hash: file.hash, holders: HolderList(holder))))
        refreshIndex(slot: slot, terms: prepared.terms)
        slotByHash.insert(slot, for: file.hash)
        return slot
    }

    /// The name `peer` gave the content item in `slot`.
    func heldName(of peer: PeerID, in slot: Int32) -> String? { heldRecord(of: peer, in: slot)?.holder.name }

}
