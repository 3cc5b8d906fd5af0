import Model
import NIOCore
import Wire

/// How Shoal uses an index that speaks only P2P-CI/1.0 (a classic course index): `rfc:N` lookups go out as
/// `LOOKUP RFC N`; search, list and browse read `LIST ALL` and answer from its records
/// (``ClassicRecordSet``). Files by content hash are unknown to such an index.
public struct ClassicIndex: Sendable {
    /// The index, as `host:port`, for messages.
    public let address: String
    /// The `Host` and `Port` headers every classic request carries (several classic indexes answer 400
    /// without them): this side's address on the connection, and its upload port.
    public let sender: ClassicSender

    public init(address: String, sender: ClassicSender) {
        self.address = address
        self.sender = sender
    }

    /// Every record the index holds (none when it answers LIST ALL with 404, as most do when empty).
    public func records(via index: some IndexRequesting) async throws -> ClassicRecordSet {
        try Self.records(in: try await index.send(.listAllRFCs(from: sender)))
    }

    public func search(_ query: SearchQuery, via index: some IndexRequesting) async throws -> (hits: [SearchHit], complete: Bool) {
        let checked = try Self.checked(query)
        return (try await records(via: index).search(checked), true)
    }

    public func lookup(_ key: FileKey, via index: some IndexRequesting) async throws -> (size: UInt64?, sources: [FileSource], otherSizes: [UInt64]) {
        guard case .rfc(let number) = key else { throw IndexLinkError.classicIndex(address) }
        return (nil, try Self.records(in: try await index.send(.lookupRFC(number: number, from: sender))).sources(of: number), [])
    }

    public func listAll(_ page: Page, via index: some IndexRequesting) async throws -> Listing<SearchHit> {
        Self.page(of: try await records(via: index).items, page)
    }

    public func browse(_ peer: PeerID, _ page: Page, via index: some IndexRequesting) async throws -> Listing<SharedFileEntry>? {
        try await records(via: index).share(of: peer).map { Self.page(of: $0, page) }
    }

    /// What a classic index is told of a share: RFC number → title for each RFC-named file (`rfc123.txt`,
    /// PROTOCOL.md §5.8), the title being the file name; of two files with one number, the name sorting first.
    public static func titles(of files: [FileAnnouncement]) -> [Int: String] {
        var titles: [Int: String] = [:]
        for file in files {
            let name = SharePath.fileName(file.name)  // classic peers know file names, not folders
            guard let number = RFCFileName.number(fromFileName: name) else { continue }
            if let present = titles[number], present <= name { continue }
            titles[number] = name
        }
        return titles
    }

    /// The records of a LOOKUP or LIST answer: 404 is none; any other error is a refusal.
    static func records(in answer: ParsedResponse) throws -> ClassicRecordSet {
        if answer.status == .notFound { return ClassicRecordSet(records: []) }
        guard answer.status == .ok else { throw IndexLinkError.refused(answer.status.code, answer.status.phrase) }
        return ClassicRecordSet(answer)
    }

    /// One page of a list made whole on this side.
    static func page<Entry>(of entries: [Entry], _ page: Page) -> Listing<Entry> {
        let start = min(max(0, page.cursor), entries.count)
        let end = min(entries.count, start + max(1, page.limit))
        return Listing(entries: Array(entries[start..<end]), total: entries.count, nextCursor: end < entries.count ? end : nil)
    }

    /// The query as a Shoal index would take it, or the 400 it would answer: checked by the very parser
    /// the index uses (at least one keyword of two characters, at most eight, valid types; the limit clamped).
    static func checked(_ query: SearchQuery) throws -> SearchQuery {
        var framer = FrameParser(role: .request)
        var bytes = ByteBuffer(string: RequestEncoder.encode(.search(query)))
        guard case .frame(let frame)? = framer.next(from: &bytes) else {
            throw IndexLinkError.refused(StatusCode.badRequest.code, "the search is too long")
        }
        switch RequestParser().parse(frame) {
        case .success(.search(let checked)): return checked
        case .failure(let error): throw IndexLinkError.refused(error.status.code, error.reason)
        case .success: throw IndexLinkError.refused(StatusCode.badRequest.code, "not a search")
        }
    }
}
