import Model
import TerminalUI

/// Everything the screen shows, as plain values. Only ``update(_:)`` changes it.
public struct AppState: Sendable {
    public var width = 80
    public var height = 24
    public var focus: Pane = .search
    public var overlay: Overlay?
    /// True while the search input has the keys.
    public var editingSearch = false
    public var searchInput = InputLine()

    public var shared: [SharedFileEntry] = []
    public var sharedTable = TableState()
    public var shareStatus = ShareStatus()

    public var results: [SearchHit] = []
    public var resultsTable = TableState()
    /// What the results are: the query, or "all files" for a listing.
    public var resultsTitle = ""
    /// Where the next page of an index listing starts (Enter on an empty search lists everything).
    public var listingCursor: Int?
    public var searching = false
    /// The id of the newest search or listing asked for: only its answer is shown.
    public var searchID: UInt64 = 0
    /// Earlier searches with their results (`[` and `]`).
    public var history = SearchHistory()
    /// What results are marked by: files this peer has, and files it is downloading.
    public var marks = ResultMarks()

    /// Whether this window runs the peer or looks in on one that runs elsewhere.
    public enum Face: Hashable, Sendable {
        /// The peer runs in this process: quitting stops it.
        case peer
        /// Attached to the peer whose state folder is `folder`: quitting leaves it running.
        case attached(folder: String)
    }

    public var face: Face = .peer

    /// Transfers by id, in the order they appeared.
    public var transfers: [TransferSnapshot] = []
    public var transfersTable = TableState()
    /// What the Transfers table shows, in order: transfers and folder downloads; the list's rows.
    public var transferRows: [TransferRow] = []
    /// Folder downloads shown open, by folder.
    public var openGroups: Set<String> = []
    /// Each queued download's place in the queue (1: next to start), by transfer id.
    public var queuePositions: [Int64: Int] = [:]

    public var index: IndexConnectionState = .connecting(address: "")
    /// A one-line message for the status bar (errors, confirmations), with its severity.
    public var notice: (text: String, severity: Severity)?
    public var themeName = "default"
    /// This peer's nickname, shown beside its id.
    public var nickname: String?
    public var quitting = false
    /// In `shoal demo`: the hint bar walks the user through search, download and transfer.
    public var demoGuide = false

    public enum Severity: Sendable { case info, warning, error }

    /// Which keys do what (config.toml's `[keys]` over the standard keys).
    public var keys = KeyMap.standard
    /// How a finished or failed download is announced (config.toml's `notify`).
    public var notify = NotifyStyle.bell
    /// Whether clicks and the wheel are taken (config.toml's `mouse`); the runtime turns the terminal's
    /// mouse reporting on or off to match.
    public var mouse = true
    /// Where the panes and their rows were last drawn, for clicks.
    public var layout = ScreenLayout()
    /// How a peer's files are sorted when browsed (kept while the overlay is closed).
    public var browseSort = SortChoice()

    public init() {}

    /// Downloads not finished (queued, running or paused): quitting asks first when there are any.
    public var activeDownloads: Int {
        transfers.count { $0.direction == .download && !$0.state.isFinished && $0.state != .paused }
    }

    /// Total speeds for the status line.
    public var downloadSpeed: Double { transfers.filter { $0.direction == .download }.reduce(0) { $0 + $1.bytesPerSecond } }
    public var uploadSpeed: Double { transfers.filter { $0.direction == .upload }.reduce(0) { $0 + $1.bytesPerSecond } }
}
