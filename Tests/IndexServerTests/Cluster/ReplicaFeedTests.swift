import IndexCluster
import IndexServer
import Model
import NIOCore
import Testing

@Suite("Following the change log: own rows skipped, gone nodes dropped whatever order their rows come in")
struct ReplicaFeedTests {
    static func row(_ transaction: Int64, _ position: Int64, node: Int64, _ changes: [RegistryChange]) -> LogRow {
        LogRow(cursor: LogCursor(transaction: transaction, position: position), node: node, gone: false,
               body: ChangeCodec.encode(changes))
    }

    static func gone(_ transaction: Int64, _ position: Int64, node: Int64) -> LogRow {
        LogRow(cursor: LogCursor(transaction: transaction, position: position), node: node, gone: true, body: ByteBuffer())
    }

    static let peerOf2 = PeerID(2_000_000_001), peerOf3 = PeerID(3_000_000_001)

    @Test("other nodes' changes come out in order, this node's own are skipped, and the cursor moves past all")
    func ownSkipped() throws {
        var feed = ReplicaFeed(node: 1)
        let steps = try feed.take([
            Self.row(10, 1, node: 2, [.opened(Self.peerOf2, address: "10.0.0.2")]),
            Self.row(11, 2, node: 1, [.opened(PeerID(1_000_000_001), address: "10.0.0.1")]),
            Self.row(12, 3, node: 3, [.opened(Self.peerOf3, address: "10.0.0.3"), .closed(Self.peerOf3)]),
        ])
        #expect(steps == [.apply([.opened(Self.peerOf2, address: "10.0.0.2"), .opened(Self.peerOf3, address: "10.0.0.3"),
                                  .closed(Self.peerOf3)])])
        #expect(feed.cursor == LogCursor(transaction: 12, position: 3))
        feed.reached(horizon: 20)
        #expect(feed.cursor == LogCursor(transaction: 20, position: 0))
    }

    @Test("a gone node's peers are dropped, and its rows read after that are ignored")
    func goneThenLateRow() throws {
        var feed = ReplicaFeed(node: 1)
        let steps = try feed.take([
            Self.row(10, 1, node: 2, [.opened(Self.peerOf2, address: "a")]),
            Self.gone(11, 2, node: 2),
            Self.row(12, 3, node: 2, [.filesAdded(Self.peerOf2, [])]),
            Self.gone(13, 4, node: 2),
        ])
        #expect(steps == [.apply([.opened(Self.peerOf2, address: "a")]), .dropPeers(ReplicaFeed.peers(of: 2))])
        #expect(feed.goneNodes == [2])
        #expect(ReplicaFeed.peers(of: 2).contains(Self.peerOf2.number))
        #expect(!ReplicaFeed.peers(of: 3).contains(Self.peerOf2.number))
    }

    @Test("a row that cannot be read stops the feed with the reason, rather than skip changes")
    func unreadable() {
        var feed = ReplicaFeed(node: 1)
        var foreign = ByteBuffer()
        foreign.writeInteger(UInt8(99))
        let row = LogRow(cursor: LogCursor(transaction: 5, position: 1), node: 2, gone: false, body: foreign)
        #expect(throws: ChangeCodecError.unknownFormat(99)) { try feed.take([row]) }
    }
}
