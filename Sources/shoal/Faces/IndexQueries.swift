import Model
import PeerEngine

/// What `shoal search`, `list` and `browse` ask: of the index directly (an ``IndexSession``), or of a peer
/// running on the state folder, which asks its index (``PeerQueries``).
protocol IndexQueries: Sendable {
    func search(_ query: SearchQuery) async throws -> (hits: [SearchHit], complete: Bool)
    /// Every distinct file, up to `limit`.
    func list(limit: Int) async throws -> [SearchHit]
    /// One peer's files; nil when it is not connected.
    func browse(_ peer: PeerID) async throws -> [SharedFileEntry]?
    /// Who has a file, with what the index knows of their reachability (empty when nobody has it).
    func sources(of key: FileKey) async throws -> [FileSource]
}

extension IndexSession: IndexQueries {
    func list(limit: Int) async throws -> [SearchHit] {
        try await allPages(limit: limit) { try await listAll($0) } ?? []
    }

    func browse(_ peer: PeerID) async throws -> [SharedFileEntry]? {
        try await allPages { try await browse(peer, $0) }
    }

    func sources(of key: FileKey) async throws -> [FileSource] { try await lookup(key).sources }
}

/// The queries asked of a running peer through its ``EngineLink``.
struct PeerQueries: IndexQueries {
    let link: any EngineLink

    func search(_ query: SearchQuery) async throws -> (hits: [SearchHit], complete: Bool) {
        let answer = await link.ask(.search(query))
        guard case .hits(let hits, let complete, _) = answer else { throw answer.failure }
        return (hits, complete)
    }

    func list(limit: Int) async throws -> [SearchHit] {
        var hits: [SearchHit] = []
        var cursor: Int? = 0
        while let next = cursor, hits.count < limit {
            let answer = await link.ask(.listAll(cursor: next, limit: min(1000, limit - hits.count)))
            guard case .hits(let page, _, let following) = answer else { throw answer.failure }
            hits += page
            cursor = following
        }
        return hits
    }

    func browse(_ peer: PeerID) async throws -> [SharedFileEntry]? {
        let answer = await link.ask(.browse(peer))
        guard case .entries(let entries) = answer else { throw answer.failure }
        return entries
    }

    func sources(of key: FileKey) async throws -> [FileSource] {
        let answer = await link.ask(.lookup(key))
        guard case .sources(let sources, _) = answer else { throw answer.failure }
        return sources
    }
}
