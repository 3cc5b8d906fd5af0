import Model
import TerminalUI

/// What sits over the panes and takes the keys first.
public enum Overlay: Hashable, Sendable {
    /// The `?` key list (scrolls with the movement keys; any other key closes it).
    case help(ListState)
    /// A yes/no question; `y` runs the action.
    case confirm(question: String, action: ConfirmedAction)
    /// Who has a file (`s` in Search); Enter downloads from the selected peer.
    case sources(hit: SearchHit, sources: [FileSource], list: ListState)
    /// One peer's files (`b`) as a folder tree; Enter downloads the selected file from that peer, `d` a
    /// whole folder. The table filters and sorts the files; the tree lays them out (its rows are the list's).
    case browse(peer: PeerID, entries: [SharedFileEntry], table: TableState, tree: BrowseTree)
    /// One transfer's details (Enter or `i` in Transfers), refreshed as its snapshots arrive; nil until the
    /// first answer. The list scrolls its sources.
    case details(id: Int64, details: TransferDetails?, list: ListState)
}

/// What a confirmation leads to.
public enum ConfirmedAction: Hashable, Sendable {
    case cancelTransfer(Int64)
    /// Cancel each of these (a folder download's files).
    case cancelTransfers([Int64])
    case quit
    /// Stop the peer this window is attached to, then leave.
    case stopPeer
}
