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

    /// `row` as a line of `COPY shoal_changes (node, peer, closes, body) FROM STDIN` in text format: tab
    /// between columns, the body as `\\x` and hex digits (the backslash doubled, as COPY's text format wants).
    static func writeCopyLine(_ row: Row, node: Int64, into buffer: inout ByteBuffer) {
        buffer.writeString("\(node)\t\(Int64(bitPattern: row.peer.number))\t\(row.closes ? "t" : "f")\t\\\\x")
        let body = ChangeCodec.encode(row.changes)
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        buffer.reserveCapacity(minimumWritableBytes: body.readableBytes * 2 + 1)
        body.withUnsafeReadableBytes { bytes in
            for byte in bytes {
                buffer.writeInteger(digits[Int(byte >> 4)])
                buffer.writeInteger(digits[Int(byte & 0x0F)])
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }
}
