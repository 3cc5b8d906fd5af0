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
        if let existing = slotByRFC[record.number], case .rfc(var item) = items[Int(existing)] {
            let titleIsNew = !item.holders.contains { $0.title == record.title }
            item.holders.append(holder)
            items[Int(existing)] = .rfc(item)
            if titleIsNew { indexWords(of: record.title, slot: existing) }
            slot = existing
        } else {
            slot = allocateSlot(.rfc(RFCItem(number: record.number, holders: HolderList(holder))))
            indexWords(of: record.title, slot: slot)
            slotByRFC[record.number] = slot
        }
        sessions[peer]!.slots.insert(slot)
        sessions[peer]!.classicSlots[record.number] = slot
        return ClassicRecordLine(number: record.number, title: record.title, host: record.host, port: record.port)
    }

    /// `LOOKUP RFC n` (P2P-CI/1.0): every record of that number, newest first, capped.
    func lookupClassic(_ number: Int) -> [ClassicRecordLine] {
        let sequences = (listingsByNumber[number] ?? []).sorted(by: >).prefix(limits.maximumClassicRecords)
        return sequences.compactMap { classicListings[$0].map(Self.recordLine) }
    }

    /// `LIST ALL` (P2P-CI/1.0): every record, newest first, capped at the newest `maximumClassicRecords`.
    func listClassic() -> [ClassicRecordLine] {
        var lines: [ClassicRecordLine] = []
        for sequence in listingOrder.reversed() {
            guard lines.count < limits.maximumClassicRecords else { break }
            if let listing = classicListings[sequence] { lines.append(Self.recordLine(listing)) }
        }
        return lines
    }

    private static func recordLine(_ listing: ClassicListing) -> ClassicRecordLine {
        ClassicRecordLine(number: listing.number, title: listing.title, host: listing.host, port: listing.port)
    }
}
