import IndexServer
import Model
import NIOCore

/// A node's journal, cut into change-log rows: one row per peer, holding that peer's changes in order. Pure.
public enum LogBatch {
    /// One row to write.
    public struct Row: Sendable, Equatable {
        public var peer: PeerID
        /// Whether the row holds the peer's `closed` (compaction deletes a closed peer's rows).
        public var closes: Bool
        public var changes: [RegistryChange]
    }

    /// `changes` (a journal, oldest first) as rows, in the order each peer first appears.
    public static func rows(_ changes: some Sequence<RegistryChange>) -> [Row] {
        var rows: [Row] = []
        var rowOfPeer: [PeerID: Int] = [:]
        for change in changes {
            let peer = change.peer
            if let index = rowOfPeer[peer] {
                rows[index].changes.append(change)
            } else {
                rowOfPeer[peer] = rows.count
                rows.append(Row(peer: peer, closes: false, changes: [change]))
            }
            if case .closed = change { rows[rowOfPeer[peer]!].closes = true }
        }
        return rows
    }
}
