import Model
import TerminalUI

/// Everything that happens to the app: keys, resizes, the engine's events, and answers to its queries.
public enum AppMessage: Sendable {
    case key(Key)
    /// A click or a turn of the wheel (when the mouse is on).
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    case engine(EngineEvent)
    /// The answer to the search or listing with this `id`.
    case searchResults(id: UInt64, title: String, hits: [SearchHit], nextCursor: Int?, append: Bool)
    case sources(hit: SearchHit, sources: [FileSource], thenBrowse: Bool)
    case browsed(peer: PeerID, entries: [SharedFileEntry])
    /// A transfer's details (nil: it is gone).
    case details(id: Int64, TransferDetails?)
    /// A query failed: one line.
    case failed(String)
    /// The runtime switched the terminal to this theme (after ``AppEffect/nextTheme``).
    case themeApplied(String)
}
