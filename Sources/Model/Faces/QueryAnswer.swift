/// The engine's answer to one ``EngineQuery``.
public enum QueryAnswer: Hashable, Sendable, Codable {
    /// Search hits or a page of the listing; `complete` is false when the index examined only part of
    /// the candidates, `nextCursor` is where the next listing page starts.
    case hits([SearchHit], complete: Bool, nextCursor: Int?)
    case sources([FileSource], size: UInt64?)
    /// A peer's files; nil when that peer is not connected.
    case entries([SharedFileEntry]?)
    /// The download is queued under this transfer id.
    case queued(Int64)
    /// A transfer's details; nil when there is no such transfer (cleared, or never).
    case details(TransferDetails?)
    /// The question could not be answered: why, as a kind and one line.
    case failed(QueryFailure)

    /// Why this answer is not the one a face expected: its failure, or (from an engine that answered a
    /// question with the wrong kind of answer, which a correct one never does) a failure saying so.
    public var failure: QueryFailure {
        if case .failed(let failure) = self { return failure }
        return QueryFailure(.failed, "unexpected answer")
    }
}

/// Why a query got no answer.
public struct QueryFailure: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// The index is not reachable now (retrying may work).
        case indexUnreachable
        /// The index answered with a refusal (a bad query, a classic index asked for a hash).
        case refused
        /// The engine is not running or is stopping.
        case engineStopped
        /// Anything else.
        case failed
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
