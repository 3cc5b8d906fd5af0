import Model
import Wire

extension Registry {
    /// A page of a listing and where the next one starts (nil when this was the last).
    public struct PageResult<Entry: Sendable>: Sendable {
        public var entries: [Entry]
        public var nextCursor: Int?
        public var total: Int
    }

    /// The most other sizes a LOOKUP FILE answer names (`Other-Sizes`).
    static let maximumOtherSizes = 8

    /// `LOOKUP FILE` (2.0): every source of a file. For content, only holders announcing the agreed size
    /// (or `size`, when asked for), and the other sizes announced, most holders first: a downloader whose
    /// agreed size proves false asks for the others, so an impostor registered first hides nobody.
    /// For `rfc:N`, classic holders and Shoal files named like RFC N (both serve a classic GET).
    func sources(of key: FileKey, size wanted: UInt64? = nil) -> (size: UInt64?, sources: [FileSource], otherSizes: [UInt64]) {
        switch key {
        case .content(let hash):
            guard let slot = contentSlot(hash), case .content(let item) = items[Int(slot)] else { return (nil, [], []) }
            let size = wanted ?? agreement(item, slot: slot).size
            let sources = item.holders.filter { $0.size == size }.compactMap { holder -> FileSource? in
                guard let session = sessions[holder.peer], let hello = session.hello else { return nil }
                return FileSource(peer: holder.peer, dialect: .shoal, host: session.address, port: hello.port,
                                  nickname: hello.nickname, root: holder.root, name: holder.name)
            }
            var counts: [UInt64: Int] = [:]
            for holder in item.holders where holder.size != size { counts[holder.size, default: 0] += 1 }
            let others = counts.keys.sorted { (counts[$0]!, $1) > (counts[$1]!, $0) }.prefix(Self.maximumOtherSizes)
            return (size, sources, Array(others))
        case .rfc(let number):
            let sequences = (listingsByNumber[number] ?? []).sorted(by: >)
            let sources = sequences.compactMap { sequence -> FileSource? in
                guard let listing = classicListings[sequence], let session = sessions[listing.peer] else { return nil }
                return FileSource(peer: listing.peer, dialect: listing.dialect, host: session.address,
                                  port: listing.port, nickname: session.hello?.nickname, root: listing.root,
                                  name: listing.title)
            }
            return (nil, sources, [])
        }
    }

    /// `LIST ALL` (2.0): every distinct item, in slot order, `limit` at a time from `cursor`.
    func listAll(cursor: Int, limit: Int) -> PageResult<SearchHit> {
        var hits: [SearchHit] = []
        var slot = max(0, cursor)
        while slot < items.count, hits.count < limit {
            if let item = items[slot] { hits.append(hit(for: item, slot: Int32(slot))) }
            slot += 1
        }
        let more = items[min(slot, items.count)...].contains { $0 != nil }
        return PageResult(entries: hits, nextCursor: more ? slot : nil, total: itemCount)
    }

    /// `BROWSE PEER` (2.0): one session's records in slot order, `limit` at a time from `cursor`.
    /// Nil when no such peer is connected.
    func browse(_ peer: PeerID, cursor: Int, limit: Int) -> PageResult<SharedFileEntry>? {
        guard let session = sessions[peer] else { return nil }
        var from = session.slots.slots(from: Int32(clamping: cursor))
        var page: [Int32] = []
        while page.count < limit, let slot = from.next() { page.append(slot) }
        let more = from.next() != nil
        let entries = page.compactMap { slot -> SharedFileEntry? in
            switch items[Int(slot)] {
            case .content(let item)?:
                guard let holder = item.holders.first(where: { $0.peer == peer }) else { return nil }
                return SharedFileEntry(key: .content(item.hash), size: holder.size, root: holder.root, name: holder.name)
            case .rfc(let item)?:
                guard let holder = item.holders.first(where: { $0.peer == peer }) else { return nil }
                return SharedFileEntry(key: .rfc(item.number), size: nil, root: nil, name: holder.title)
            case nil:
                return nil
            }
        }
        let next = more ? page.last.map { Int($0) + 1 } : nil
        return PageResult(entries: entries, nextCursor: next, total: session.recordCount)
    }

    /// Who a peer is, for BROWSE's headers.
    func describe(_ peer: PeerID) -> (address: String, hello: Hello?)? {
        sessions[peer].map { ($0.address, $0.hello) }
    }

    func hit(for item: IndexItem, slot: Int32) -> SearchHit {
        switch item {
        case .content(let content):
            let agreement = agreement(content, slot: slot)
            return SearchHit(key: .content(content.hash), size: agreement.size, sources: agreement.holders,
                             name: item.displayName)
        case .rfc(let rfc):
            return SearchHit(key: .rfc(rfc.number), size: nil, sources: sourceCount(item, slot: slot),
                             name: item.displayName)
        }
    }

    /// The size most holders of the content item in `slot` announce, and how many do (see ``SizeTally``).
    func agreement(_ content: ContentItem, slot: Int32) -> (size: UInt64, holders: Int) {
        guard content.holders.count > 1 else { return (content.holders.oldest.size, 1) }
        return tallies[slot]?.agreed ?? content.agreement
    }

    /// How many sources LOOKUP FILE would list for the item: holders agreeing on the size for content;
    /// every classic record and RFC-named Shoal file of that number for RFC items.
    func sourceCount(_ item: IndexItem, slot: Int32) -> Int {
        switch item {
        case .content(let content):
            return agreement(content, slot: slot).holders
        case .rfc(let rfc):
            return listingsByNumber[rfc.number]?.count ?? rfc.holders.count
        }
    }
}
