import Crypto
import Model
import Wire

/// A classic index's records (what its LIST ALL or LOOKUP RFC answered), seen as Shoal sees an index:
/// `rfc:N` items with sources, peers with ids, and search by title. Pure.
///
/// A classic record names its peer only by host and port, so a peer's id is made from them
/// (``peerID(host:port:)``): the same for every process that asks, so that `shoal search`, `shoal browse pN`
/// and `shoal get --from pN` agree. Repeated records of one peer (some classic indexes keep one per ADD)
/// count once.
public struct ClassicRecordSet: Sendable {
    public let records: [ClassicRecordLine]

    public init(records: [ClassicRecordLine]) { self.records = records }

    /// Reads an answer's record lines; lines that are not records are skipped. Lines without the leading
    /// `RFC` (`2616 title host port`, as some classic indexes write them) are read too.
    public init(_ answer: ParsedResponse) {
        records = answer.lines.compactMap { ClassicRecordLine(wireLine: $0) ?? ClassicRecordLine(wireLine: "RFC " + $0) }
    }

    /// The id a classic peer is shown under: 36 bits of SHA-256 over `host port`, so at most 11 digits.
    public static func peerID(host: String, port: Int) -> PeerID {
        let digest = SHA256.hash(data: Array("\(host) \(port)".utf8))
        let number = digest.prefix(5).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } >> 4
        return PeerID(number)
    }

    /// One `rfc:N` item per number, in order of first appearance: its sources are the distinct peers that
    /// have it, its name the title most of them give (the first seen among equals).
    public var items: [SearchHit] {
        var order: [Int] = []
        var peers: [Int: Set<Endpoint>] = [:]
        var titles: [Int: [String: Int]] = [:]
        var firstTitle: [Int: [String]] = [:]
        for record in records {
            if peers[record.number] == nil { order.append(record.number) }
            let isNew = peers[record.number, default: []].insert(Endpoint(host: record.host, port: record.port)).inserted
            guard isNew else { continue }
            if titles[record.number, default: [:]][record.title] == nil { firstTitle[record.number, default: []].append(record.title) }
            titles[record.number, default: [:]][record.title, default: 0] += 1
        }
        return order.map { number in
            let counts = titles[number] ?? [:]
            let name = (firstTitle[number] ?? []).max { counts[$0, default: 0] < counts[$1, default: 0] } ?? ""
            return SearchHit(key: .rfc(number), size: nil, sources: peers[number]?.count ?? 0, name: name)
        }
    }

    /// The distinct peers holding `number`, as `LOOKUP FILE rfc:N` would list them.
    public func sources(of number: Int) -> [FileSource] {
        var seen = Set<Endpoint>()
        return records.filter { $0.number == number && seen.insert(Endpoint(host: $0.host, port: $0.port)).inserted }.map {
            FileSource(peer: Self.peerID(host: $0.host, port: $0.port), dialect: .classic, host: $0.host, port: $0.port,
                       nickname: nil, name: $0.title)
        }
    }

    /// What one peer shares, as BROWSE lists it; nil when no record names that peer.
    public func share(of peer: PeerID) -> [SharedFileEntry]? {
        var seen = Set<Int>()
        let entries = records.filter { Self.peerID(host: $0.host, port: $0.port) == peer && seen.insert($0.number).inserted }
            .map { SharedFileEntry(key: .rfc($0.number), size: nil, name: $0.title) }
        return entries.isEmpty ? nil : entries
    }

    /// A search over the titles, by the rules of PROTOCOL.md §5.5 (every keyword begins a word of some
    /// holder's title; `Type` keeps `rfc` items only when it lists `rfc`; size filters drop them, their size
    /// being unknown), ranked as the index ranks. The query must be valid (see ``ClassicIndex``).
    public func search(_ query: SearchQuery) -> [SearchHit] {
        if query.minimumSize != nil || query.maximumSize != nil { return [] }
        if !query.extensions.isEmpty, !query.extensions.contains("rfc") { return [] }
        var words: [Int: Set<String>] = [:]
        for record in records { words[record.number, default: []].formUnion(NameTokenizer.words(record.title)) }
        var ranked: [(SearchRank, SearchHit)] = []
        for item in items {
            guard case .rfc(let number) = item.key, let titleWords = words[number] else { continue }
            var exact = 0
            let matches = query.keywords.allSatisfy { keyword in
                if titleWords.contains(keyword) { exact += 1; return true }
                return titleWords.contains { $0.hasPrefix(keyword) }
            }
            guard matches else { continue }
            let rank = SearchRank(exactWords: exact, sources: item.sources, nameLength: item.name.count, name: item.name,
                                  order: Int32(truncatingIfNeeded: number))
            ranked.append((rank, item))
        }
        return ranked.sorted { $0.0 > $1.0 }.prefix(query.limit).map(\.1)
    }

    private struct Endpoint: Hashable {
        let host: String
        let port: Int
    }
}
