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

    /// What LOOKUP FILE answers: the size the sources announce, the sources listed, the other sizes
    /// announced, and how many sources there are in all (more than listed past the cap).
    struct Lookup {
        /// One source listed: its line, and the name it gave the file.
        struct Listed {
            let line: SourceLine
            let name: String
        }

        var size: UInt64?
        var listed: [Listed]
        var otherSizes: [UInt64]
        var total: Int

        /// The sources listed, as values.
        var sources: [FileSource] { listed.map { $0.line.source(named: $0.name) } }
    }

    /// What a LOOKUP FILE answer says besides its sources (``listSources(of:size:for:into:)``).
    struct LookupSummary {
        /// The size the sources listed announce (nil for `rfc:N`).
        var size: UInt64?
        /// Other sizes announced, most holders first (at most ``maximumOtherSizes``).
        var otherSizes: [UInt64]
        /// How many sources there are in all (more than listed past the cap).
        var total: Int
    }

    /// `LOOKUP FILE` (2.0), its sources collected (see ``listSources(of:size:for:into:)``).
    func sources(of key: FileKey, size wanted: UInt64? = nil, for requester: PeerID? = nil) -> Lookup {
        var listed: [Lookup.Listed] = []
        let summary = listSources(of: key, size: wanted, for: requester, into: &listed)
        return Lookup(size: summary.size, listed: listed, otherSizes: summary.otherSizes, total: summary.total)
    }

    /// `LOOKUP FILE` (2.0): the sources of a file, added to `listing`. For content, only holders announcing
    /// the agreed size (or `size`, when asked for), and the other sizes announced, most holders first: a
    /// downloader whose agreed size proves false asks for the others, so an impostor registered first hides
    /// nobody. For `rfc:N`, classic holders and Shoal files named like RFC N (both serve a classic GET).
    ///
    /// At most ``RegistryLimits/maximumLookupSources`` are listed, oldest first; when there are more, the
    /// list starts at a holder that depends on `requester` and wraps around, so that downloaders of a
    /// popular file are sent to different holders. For the agreed size, the cost is about that of the
    /// sources listed, whatever the number of holders; asking for a size few holders announce walks them all.
    /// A content source's line and name are lent to `listing` where they lie, without counted references.
    func listSources<Listing: SourceListing>(of key: FileKey, size wanted: UInt64?, for requester: PeerID?,
                                             into listing: inout Listing) -> LookupSummary {
        let limit = limits.maximumLookupSources
        switch key {
        case .content(let hash):
            guard let slot = contentSlot(hash), case .content(let item) = items[Int(slot)] else {
                return LookupSummary(size: nil, otherSizes: [], total: 0)
            }
            let agreed = agreement(item, slot: slot)
            let size = wanted ?? agreed.size
            let counts = tallies[slot]?.counts ?? [item.holders.oldest.size: 1]
            let total = counts[size] ?? 0
            let holders = item.holders
            var index = total > limit ? Self.window(for: requester, among: holders.count) : 0
            // The holders to list are picked first and their lines fetched together, then listed: each line
            // is a cache miss or two at a random place (see ``SourceLineTable/prefetch(_:)``).
            var picked: [(position: Int, line: UInt32)] = []
            picked.reserveCapacity(Swift.min(limit, total))
            for _ in 0..<holders.count where picked.count < limit {
                let holder = holders.sizeAndLine(at: index)
                if holder.size == size, sourceLines.prefetch(holder.line) { picked.append((index, holder.line)) }
                index = index + 1 == holders.count ? 0 : index + 1
            }
            for pick in picked { sourceLines.prefetchStart(pick.line) }
            listing.reserve(picked.count)
            for pick in picked {
                holders.withHolder(at: pick.position) { holder in
                    _ = sourceLines.withLine(pick.line) { listing.add($0, name: holder.name) }
                }
            }
            let others = counts.filter { $0.key != size }
                .sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(Self.maximumOtherSizes).map(\.key)
            return LookupSummary(size: size, otherSizes: others, total: Swift.max(total, listing.count))
        case .rfc(let number):
            let sequences = (listingsByNumber[number] ?? []).sorted(by: >)
            for sequence in sequences where listing.count < limit {
                guard let classic = classicListings[sequence], let session = sessions[classic.peer] else { continue }
                let line = SourceLine(peer: classic.peer, dialect: classic.dialect, host: session.address,
                                      port: classic.port, nickname: session.hello?.nickname)
                listing.add(line, name: classic.title)
            }
            return LookupSummary(size: nil, otherSizes: [], total: sequences.count)
        }
    }

    /// Where a capped list of `count` holders starts for `requester`: spread over the holders by a mix of
    /// the requester's id, the same for the same requester.
    private static func window(for requester: PeerID?, among count: Int) -> Int {
        var mixed = SplitMix64(seed: requester?.number ?? 0)
        return Int(mixed.next() % UInt64(count))
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
                return SharedFileEntry(key: .content(item.hash), size: holder.size, name: holder.name)
            case .rfc(let item)?:
                guard let holder = item.holders.first(where: { $0.peer == peer }) else { return nil }
                return SharedFileEntry(key: .rfc(item.number), size: nil, name: holder.title)
            case nil:
                return nil
            }
        }
        let next = more ? page.last.map { Int($0) + 1 } : nil
        return PageResult(entries: entries, nextCursor: next, total: session.recordCount)
    }

    /// Who a peer is, for BROWSE's headers.
    func describe(_ peer: PeerID) -> (address: String, hello: Hello?, reachable: Bool?, keyprint: String?)? {
        sessions[peer].map { ($0.address, $0.hello, $0.reachable, $0.keyprint) }
    }

    func hit(for item: IndexItem, slot: Int32) -> SearchHit {
        switch item {
        case .content(let content):
            // The tally looked up once for both (a search makes a hit for each of up to 100 it answers, most
            // of them popular files, which have tallies).
            let tally = content.holders.count > 1 ? tallies[slot] : nil
            let agreement = tally?.agreed ?? agreement(content, slot: slot)
            let reachable = tally?.reachableAgreeing ?? reachableSourceCount(item, slot: slot)
            return SearchHit(key: .content(content.hash), size: agreement.size, sources: agreement.holders,
                             name: item.displayName, reachableSources: reachable < agreement.holders ? reachable : nil)
        case .rfc(let rfc):
            return SearchHit(key: .rfc(rfc.number), size: nil, sources: sourceCount(item, slot: slot), name: item.displayName)
        }
    }

    /// The size most holders of the content item in `slot` announce, and how many do (see ``SizeTally``).
    func agreement(_ content: ContentItem, slot: Int32) -> (size: UInt64, holders: Int) {
        guard content.holders.count > 1 else { return (content.holders.oldest.size, 1) }
        return tallies[slot]?.agreed ?? content.agreement
    }

    /// How many of a content item's sources (the holders of the agreed size) the index did not find behind
    /// NAT: all of them when it does not probe.
    func reachableSourceCount(_ item: IndexItem, slot: Int32) -> Int {
        guard case .content(let content) = item else { return sourceCount(item, slot: slot) }
        guard content.holders.count > 1, let tally = tallies[slot] else {
            return !unreachablePeers.isEmpty && unreachablePeers.contains(content.holders.oldest.peer) ? 0 : 1
        }
        return tally.reachableAgreeing
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
