import Foundation
import IndexCluster
import Model
import PeerEngine
import TestSupport
import Testing

/// Real Shoal peers (engines) on a cluster of two index nodes.
@Suite("Peers on a cluster: downloads across nodes, and a peer whose node dies moves to another")
struct ClusterFailoverTests {
    @Test("a peer on one node downloads from a peer on the other; when the seeder's node dies it moves to the other node, registers again, and is downloaded from there")
    func failover() async throws {
        let database = try await PostgresServer.shared().makeDatabase()
        let a = try await ClusterTestNode(database: database, name: "a")
        let b = try await ClusterTestNode(database: database, name: "b")
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let seeder = try await TestPeer.connected(indexPort: a.port, name: "seeder", files: ["debian.iso": bytes]) {
            $0.otherIndexNodes = [IndexAddress(host: "127.0.0.1", port: b.port)]
        }
        let leecher = try await TestPeer.connected(indexPort: b.port, name: "leecher")
        try await b.waitUntil("the seeder's file to reach node b") { $0.statistics.records == 1 }
        let first = try await leecher.fetch(bytes, name: "first.iso")
        #expect(first.arrived == Data(bytes), "downloaded from a peer on the other node")

        let skip = seeder.events.all.count
        try await a.crash()
        let moved = try await seeder.events.waitFor("the seeder to connect to node b", after: skip) { event in
            if case .index(.connected(let address, _, _, _, _)) = event { return address == "127.0.0.1:\(b.port)" }
            return false
        }
        guard case .index(.connected(_, let id, _, _, _)) = moved else { return }
        #expect(ReplicaFeed.peers(of: try #require(b.node.nodeID)).contains(id.number), "a new id from node b's range")
        try await b.waitUntil("the seeder's file on b again, once node a's peers are reaped") { server in
            server.statistics.records == 1 && server.statistics.sessions == 2
        }
        let second = try await leecher.fetch(bytes, name: "second.iso")
        #expect(second.arrived == Data(bytes))
        await seeder.stop()
        await leecher.stop()
        try await b.leave()
    }
}
