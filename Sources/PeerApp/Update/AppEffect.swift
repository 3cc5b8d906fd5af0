import Model

/// What the app asks its runtime to do: engine commands and index queries, whose answers come back as
/// ``AppMessage``s. The update function only returns these; it performs nothing.
public enum AppEffect: Hashable, Sendable {
    case engine(EngineCommand)
    case search(SearchQuery)
    /// LIST ALL from `cursor`; `append` adds to the results shown.
    case listAll(cursor: Int, append: Bool)
    /// LOOKUP for `s` (show the sources) or `b` (browse the only source, or choose one first).
    case lookup(SearchHit, thenBrowse: Bool)
    case browse(PeerID)
    case nextTheme
    case quit
}
