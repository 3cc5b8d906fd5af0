import Model
import TerminalUI

/// What the app asks its runtime to do: engine commands and index queries, whose answers come back as
/// ``AppMessage``s. The update function only returns these; it performs nothing.
public enum AppEffect: Hashable, Sendable {
    case engine(EngineCommand)
    /// A search; its results come back with the same `id` (a slow answer to an older search is dropped).
    case search(SearchQuery, id: UInt64)
    /// LIST ALL from `cursor`; `append` adds to the results shown. Answered with `id`, like a search.
    case listAll(cursor: Int, append: Bool, id: UInt64)
    /// LOOKUP for `s` (show the sources) or `b` (browse the only source, or choose one first).
    case lookup(SearchHit, thenBrowse: Bool)
    case browse(PeerID)
    /// Ask for a transfer's details; answered with ``AppMessage/details(id:_:)``.
    case transferDetails(Int64)
    case nextTheme
    /// Ring the bell, or put up a desktop notification through the terminal.
    case notify(TerminalNotification)
    /// Remember how the tables are sorted (written to the state folder).
    case savePreferences(UIPreferences)
    case quit
}
