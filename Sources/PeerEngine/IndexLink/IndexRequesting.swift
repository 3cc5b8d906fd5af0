import Model
import Wire

/// Something that can send a request to the index and return its answer: the long-lived
/// ``IndexClient`` of a running peer, or a one-shot ``IndexSession`` for scripts.
public protocol IndexRequesting: Sendable {
    func send(_ request: Request) async throws -> ParsedResponse
    /// What the index speaks, as found on connecting: the queries below ask a classic index in its dialect.
    var dialect: IndexDialect { get async }
}

/// Which protocol an index speaks.
public enum IndexDialect: Sendable {
    /// A Shoal index: P2P-CI/2.1 (and 1.0 for classic peers).
    case shoal
    /// An index that speaks only classic P2P-CI/1.0.
    case classic(ClassicIndex)
}

/// A page of a listing and where the next starts.
public struct Listing<Entry: Sendable>: Sendable {
    public var entries: [Entry]
    public var total: Int
    public var nextCursor: Int?
}

extension IndexClient: IndexRequesting {}

extension IndexRequesting {
    /// SEARCH: ranked hits and whether the index examined every candidate.
    public func search(_ query: SearchQuery) async throws -> (hits: [SearchHit], complete: Bool) {
        if case .classic(let classic) = await dialect { return try await classic.search(query, via: self) }
        let answer = try await expectOK(.search(query))
        return (Self.hits(answer), answer.headers["Complete"] != "no")
    }

    /// LOOKUP FILE: the sources of a file (empty when nobody has it) and its agreed size.
    public func lookup(_ key: FileKey) async throws -> (size: UInt64?, sources: [FileSource]) {
        let answer = try await lookup(key, size: nil)
        return (answer.size, answer.sources)
    }

    /// LOOKUP FILE for the holders of one announced `size` (nil: the agreed one), with the other sizes
    /// holders announced, most holders first.
    public func lookup(_ key: FileKey, size: UInt64?) async throws -> (size: UInt64?, sources: [FileSource], otherSizes: [UInt64]) {
        if case .classic(let classic) = await dialect { return try await classic.lookup(key, via: self) }
        let answer = try await send(.lookupFile(key, size: size))
        if answer.status == .notFound { return (nil, [], []) }
        guard answer.status == .ok else { throw IndexLinkError.refused(answer.status.code, answer.headers["Reason"] ?? "") }
        let others = (answer.headers["Other-Sizes"] ?? "").split(separator: ",").compactMap { UInt64($0) }
        func peers(_ header: String) -> Set<PeerID> {
            Set((answer.headers[header] ?? "").split(separator: ",").compactMap { PeerID($0) })
        }
        let reachable = peers("Reachable"), unreachable = peers("Unreachable")
        let keyprints = Self.keyprints(answer.headers["Keyprints"])
        let sources = answer.lines.compactMap(FileSource.init(wireLine:)).map { source in
            var source = source
            source.reachable = reachable.contains(source.peer) ? true : unreachable.contains(source.peer) ? false : nil
            source.keyprint = keyprints[source.peer]
            return source
        }
        return (answer.headers["Size"].flatMap { UInt64($0) }, sources, others)
    }

    /// `Keyprints: p3=sha256/…,p7=sha256/…` (§5.4) by peer.
    static func keyprints(_ header: String?) -> [PeerID: String] {
        var found: [PeerID: String] = [:]
        for entry in (header ?? "").split(separator: ",") {
            let parts = entry.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let peer = PeerID(parts[0]) { found[peer] = String(parts[1]) }
        }
        return found
    }

    /// CONNECT PEER (§5.11): asks the index to have `peer`, which it could not reach, connect back to this
    /// peer's upload port and present `token`. True when both are behind NAT and are to punch instead
    /// (§5.12). Throws the index's one-line reason when it will not.
    public func connectPeer(_ peer: PeerID, token: RelayToken) async throws -> Bool {
        let answer = try await send(.connectPeer(peer, token: token))
        guard answer.status == .ok else { throw IndexLinkError.refused(answer.status.code, answer.headers["Reason"] ?? answer.status.phrase) }
        return answer.headers["Punch"] == "yes"
    }

    /// LIST ALL, one page.
    public func listAll(_ page: Page) async throws -> Listing<SearchHit> {
        if case .classic(let classic) = await dialect { return try await classic.listAll(page, via: self) }
        let answer = try await expectOK(.listAll(page))
        return Listing(entries: Self.hits(answer),
                       total: answer.headers["Total"].flatMap { Int($0) } ?? 0,
                       nextCursor: answer.headers["Next-Cursor"].flatMap { Int($0) })
    }

    /// BROWSE PEER, one page; nil when the peer is not connected.
    public func browse(_ peer: PeerID, _ page: Page) async throws -> Listing<SharedFileEntry>? {
        if case .classic(let classic) = await dialect { return try await classic.browse(peer, page, via: self) }
        let answer = try await send(.browse(peer, page))
        if answer.status == .notFound { return nil }
        guard answer.status == .ok else { throw IndexLinkError.refused(answer.status.code, answer.headers["Reason"] ?? "") }
        return Listing(entries: answer.lines.compactMap(SharedFileEntry.init(wireLine:)),
                       total: answer.headers["Total"].flatMap { Int($0) } ?? 0,
                       nextCursor: answer.headers["Next-Cursor"].flatMap { Int($0) })
    }

    /// The hits of a SEARCH or LIST ALL answer, with how many of each one's sources can be reached
    /// (`Reachable-Sources`, when the index says).
    private static func hits(_ answer: ParsedResponse) -> [SearchHit] {
        var hits = answer.lines.compactMap(SearchHit.init(wireLine:))
        let reachable = (answer.headers["Reachable-Sources"] ?? "").split(separator: ",").map { Int($0) }
        if reachable.count == hits.count {
            for index in hits.indices {
                hits[index].reachableSources = reachable[index].flatMap { $0 < hits[index].sources ? max(0, $0) : nil }
            }
        }
        return hits
    }

    private func expectOK(_ request: Request) async throws -> ParsedResponse {
        let answer = try await send(request)
        guard answer.status == .ok else { throw IndexLinkError.refused(answer.status.code, answer.headers["Reason"] ?? answer.status.phrase) }
        return answer
    }
}

extension IndexRequesting {
    /// Fetches pages from cursor 0 until the last one or until `limit` entries; nil when the first page
    /// says there is nothing to list (BROWSE of an unknown peer).
    public func allPages<Entry: Sendable>(limit: Int = .max,
                                          _ page: (Page) async throws -> Listing<Entry>?) async throws -> [Entry]? {
        var entries: [Entry] = []
        var cursor: Int? = 0
        while let next = cursor, entries.count < limit {
            guard let listing = try await page(Page(cursor: next, limit: min(1000, limit - entries.count))) else {
                return entries.isEmpty ? nil : entries
            }
            entries += listing.entries
            cursor = listing.nextCursor
        }
        return entries
    }
}
