import TerminalUI

/// Everything a key does in the panes and lists. `[keys]` in config.toml binds actions by their names
/// (`download = "D"`); the `?` overlay and the hint bar show the keys in force.
///
/// Not bindable, so there is always a way out: Ctrl-C quits, Esc closes an overlay or leaves an input,
/// and `y`/`n` answer a question.
public enum KeyAction: String, CaseIterable, Hashable, Sendable {
    case help, quit
    case stopPeer = "stop-peer"
    case nextPane = "next-pane", previousPane = "previous-pane"
    case sharedPane = "shared-pane", searchPane = "search-pane", transfersPane = "transfers-pane"
    case search
    case olderSearch = "older-search", newerSearch = "newer-search"
    case filter, sort
    case sortReverse = "sort-reverse"
    case theme
    case up, down
    case openFolder = "open-folder", closeFolder = "close-folder"
    case downloadFolder = "download-folder"
    case pageUp = "page-up", pageDown = "page-down"
    case top, bottom
    case download, sources, browse
    case details
    case pause, cancel
    case priorityUp = "priority-up", priorityDown = "priority-down"
    case moveUp = "move-up", moveDown = "move-down"
    case clearFinished = "clear-finished"
    case rescan

    /// Where an action applies. Two actions may share a key only where their scopes do not meet.
    public enum Scope: Hashable, Sendable {
        /// The panes (not inside an overlay).
        case panes
        /// Any list: the panes and the lists in overlays (a file's sources, a peer's files).
        case lists
        /// One pane; `sources`, `browse` also inside the overlays they open.
        case pane(Pane)

        /// Whether an action of this scope and one of `other` could both take the same key press.
        func meets(_ other: Scope) -> Bool {
            switch (self, other) {
            case (.pane(let a), .pane(let b)): return a == b
            default: return true
            }
        }
    }

    public var scope: Scope {
        switch self {
        case .help, .quit, .stopPeer, .nextPane, .previousPane, .sharedPane, .searchPane, .transfersPane, .search, .theme,
             .olderSearch, .newerSearch:
            return .panes
        case .filter, .sort, .sortReverse, .up, .down, .pageUp, .pageDown, .top, .bottom, .openFolder, .closeFolder, .downloadFolder:
            return .lists
        case .download, .sources, .browse: return .pane(.search)
        case .details, .pause, .cancel, .clearFinished, .priorityUp, .priorityDown, .moveUp, .moveDown: return .pane(.transfers)
        case .rescan: return .pane(.shared)
        }
    }

    /// The keys it has unless config.toml says otherwise.
    public var standardKeys: [Key] {
        switch self {
        case .help: return [.character("?")]
        case .quit: return [.character("q")]
        case .stopPeer: return [.character("Q")]
        case .nextPane: return [.tab]
        case .previousPane: return [.backTab]
        case .sharedPane: return [.character("1")]
        case .searchPane: return [.character("2")]
        case .transfersPane: return [.character("3")]
        case .search: return [.character("/")]
        case .olderSearch: return [.character("[")]
        case .newerSearch: return [.character("]")]
        case .filter: return [.character("f")]
        case .sort: return [.character("o")]
        case .sortReverse: return [.character("O")]
        case .theme: return [.character("t")]
        case .up: return [.up, .character("k")]
        case .down: return [.down, .character("j")]
        case .openFolder: return [.right, .character("l")]
        case .closeFolder: return [.left, .character("h")]
        case .downloadFolder: return [.character("d")]
        case .pageUp: return [.pageUp]
        case .pageDown: return [.pageDown]
        case .top: return [.home, .character("g")]
        case .bottom: return [.end, .character("G")]
        case .download: return [.enter]
        case .sources: return [.character("s")]
        case .browse: return [.character("b")]
        case .details: return [.enter, .character("i")]
        case .pause: return [.character("p")]
        case .priorityUp: return [.character("+")]
        case .priorityDown: return [.character("-")]
        case .moveUp: return [.character("K")]
        case .moveDown: return [.character("J")]
        case .cancel: return [.character("x")]
        case .clearFinished: return [.character("c")]
        case .rescan: return [.character("r")]
        }
    }

    /// What it does, for the `?` overlay.
    public var summary: String {
        switch self {
        case .help: return "this list of keys"
        case .quit: return "quit (attached to a peer: leave it running)"
        case .stopPeer: return "attached to a peer: stop it too (asks first)"
        case .nextPane: return "next pane"
        case .previousPane: return "previous pane"
        case .sharedPane: return "go to Shared"
        case .searchPane: return "go to Search"
        case .transfersPane: return "go to Transfers"
        case .search: return "search (Enter on an empty search lists every file)"
        case .olderSearch: return "the search before, with its results"
        case .newerSearch: return "the search after, with its results"
        case .filter: return "filter the list as you type (Esc clears)"
        case .sort: return "sort by the next column"
        case .sortReverse: return "reverse the sort"
        case .theme: return "next theme"
        case .up: return "up"
        case .down: return "down"
        case .openFolder: return "open a folder (a peer's files; a folder download in Transfers)"
        case .closeFolder: return "close a folder, or go to the one it is in"
        case .downloadFolder: return "a peer's files: download the folder (or file), keeping its folders under downloads/"
        case .pageUp: return "page up"
        case .pageDown: return "page down"
        case .top: return "first row"
        case .bottom: return "last row"
        case .download: return "Search: download from every peer (in a list: from that one)"
        case .sources: return "Search: who has it"
        case .browse: return "Search: browse a peer's files"
        case .details: return "Transfers: details (sources, chunk map, where it lands)"
        case .pause: return "Transfers: pause or resume"
        case .priorityUp: return "Transfers: raise the download's priority (low, normal, high)"
        case .priorityDown: return "Transfers: lower the download's priority"
        case .moveUp: return "Transfers: move the download sooner in the queue"
        case .moveDown: return "Transfers: move the download later in the queue"
        case .cancel: return "Transfers: cancel (asks first)"
        case .clearFinished: return "Transfers: clear finished rows"
        case .rescan: return "Shared: rescan the shared folder now"
        }
    }
}
