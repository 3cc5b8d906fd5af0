import Model
import Wire

/// The engine is the in-process ``EngineLink``: faces in the same process use it directly, and the
/// control server hands the same calls on for faces elsewhere.
extension ShoalEngine: EngineLink {
    /// The most entries a browse answer gathers (pages of the index's BROWSE PEER).
    static let browseLimit = 10_000

    public func ask(_ query: EngineQuery) async -> QueryAnswer {
        do {
            switch query {
            case .search(let search):
                let (hits, complete) = try await index.search(search)
                return .hits(hits, complete: complete, nextCursor: nil)
            case .listAll(let cursor, let limit):
                let page = try await index.listAll(Page(cursor: cursor, limit: limit))
                return .hits(page.entries, complete: true, nextCursor: page.nextCursor)
            case .lookup(let key):
                let (size, sources) = try await index.lookup(key)
                return .sources(sources, size: size)
            case .browse(let peer):
                let index = try self.index
                return .entries(try await index.allPages(limit: Self.browseLimit) { try await index.browse(peer, $0) })
            case .download(let key, let name, let size, let peer):
                return .queued(try await download(key, name: name, size: size, from: peer))
            case .transferDetails(let id):
                return .details(await transferDetails(id))
            }
        } catch {
            return .failed(QueryFailure(classifying: error))
        }
    }
}

extension QueryFailure {
    /// The kind of an engine error: the index out of reach, a refusal, or another failure.
    public init(classifying error: any Error) {
        switch error {
        case let link as IndexLinkError:
            switch link {
            case .unavailable, .disconnected, .malformedAnswer: self.init(.indexUnreachable, "\(link)")
            case .refused, .classicIndex, .insecure: self.init(.refused, "\(link)")
            }
        case let failure as QueryFailure: self = failure
        default: self.init(.failed, "\(error)")
        }
    }
}
