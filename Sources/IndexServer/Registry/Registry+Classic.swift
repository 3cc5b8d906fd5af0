import Model
import Wire

extension Registry {
    /// `ADD RFC` (P2P-CI/1.0): records that this connection has RFC `number`. A repeated ADD of the same
    /// number on the same connection replaces its record. Returns the record line to echo.
    mutating func addClassic(_ peer: PeerID, _ record: ClassicRecord) throws(RegistryError) -> ClassicRecordLine {
        guard let session = sessions[peer] else { throw .helloRequired }
        let replaced = session.classicSlots[record.number]
        guard replaced != nil || session.recordCount < limits.maximumFilesPerPeer else {
            throw .tooManyFiles(limit: limits.maximumFilesPerPeer, wouldHave: session.recordCount + 1)
        }
        let replacedTitle = replaced.flatMap { heldClassicRecord(of: peer, in: $0)?.holder.title }
        let bytes = session.nameBytes + record.title.utf8.count - (replacedTitle?.utf8.count ?? 0)
        guard bytes <= limits.maximumNameBytesPerPeer else {
            throw .tooManyNameBytes(limit: limits.maximumNameBytesPerPeer, wouldHave: bytes)
        }
        sessions[peer]!.nameBytes = bytes
        journal?.append(.classicAdded(peer, record))
        if let replaced {
            removeHolder(peer, fromSlot: replaced)
            sessions[peer]!.slots.remove(replaced)
            sessions[peer]!.classicSlots[record.number] = nil
        }
        let listing = addListing(ClassicListing(number: record.number, peer: peer, dialect: .classic,
                                                title: record.title, host: record.host, port: record.port))
        let holder = ClassicHolder(peer: peer, title: record.title, declaredHost: record.host, port: record.port,
                                   listing: listing)
        let slot: Int32
        if let existing = slotByRFC[record.number], let titleIsNew = changeRFC(inSlot: existing, { item in
            defer { item.holders.append(holder) }
            return !item.holders.contains { $0.title == record.title }
        }) {
            refreshIndex(slot: existing, namesChanged: titleIsNew)
            slot = existing
        } else {
            slot = allocateSlot(.rfc(RFCItem(number: record.number, holders: HolderList(holder))))
            slotByRFC[record.number] = slot
            refreshIndex(slot: slot)
        }
        sessions[peer]!.slots.insert(slot)
        sessions[peer]!.classicSlots[record.number] = slot
        return ClassicRecordLine(number: record.number, title: record.title, host: record.host, port: record.port)
    }

    /// `LOOKUP RFC n` (P2P-CI/1.0): every record of that number, newest first, capped.
    func lookupClassic(_ number: Int) -> [ClassicRecordLine] {
        capped((listingsByNumber[number] ?? []).sorted(by: >))
    }

    /// `LIST ALL` (P2P-CI/1.0): every record, newest first, capped.
    func listClassic() -> [ClassicRecordLine] {
        capped(listingOrder.reversed())
    }

    /// The record lines of `sequences` in order, up to `maximumClassicRecords` lines and
    /// `maximumClassicAnswerBytes` bytes (line ends counted).
    private func capped<S: Sequence<UInt64>>(_ sequences: S) -> [ClassicRecordLine] {
        var lines: [ClassicRecordLine] = []
        var bytes = 0
        for sequence in sequences {
            guard lines.count < limits.maximumClassicRecords else { break }
            guard let listing = classicListings[sequence] else { continue }
            let line = Self.recordLine(listing)
            bytes += line.wireLine.utf8.count + 2
            guard bytes <= limits.maximumClassicAnswerBytes else { break }
            lines.append(line)
        }
        return lines
    }

    private static func recordLine(_ listing: ClassicListing) -> ClassicRecordLine {
        ClassicRecordLine(number: listing.number, title: listing.title, host: listing.host, port: listing.port)
    }
}
