import Foundation
import IndexServer
import Model
import TestSupport
import Testing
import Wire

/// A cluster at the size of a busy real index: 1,000,000 records, unless `SHOAL_TEST_CLUSTER_RECORDS` says
/// otherwise (`.ci/run` sets 20,000 for the sanitizer builds, 5–15 times slower, where even 100,000 kept both
/// cores busy long enough to starve the UI tests beside it; the README's `swift test` runs the full size, in
/// about three minutes on two cores).
@Suite("A cluster holding 1,000,000 records")
struct ClusterScaleTests {
    static let peers = 10
    static let records: Int = {
        let text = ProcessInfo.processInfo.environment["SHOAL_TEST_CLUSTER_RECORDS"] ?? ""
        return Int(text).map { max(peers, $0) } ?? 1_000_000
    }()
    /// Files per ADD FILES (the index takes 5,000 at most).
    static var batch: Int { min(5_000, records / peers) }
    static var filesPerPeer: Int { records / peers / batch * batch }

    @Test("1,000,000 records (SHOAL_TEST_CLUSTER_RECORDS) registered on node a are all on node b, in a node that joins later, and searched there; gone everywhere when their peers leave")
    func millionRecords() async throws {
        let database = try await PostgresServer.shared().makeDatabase()
        let a = try await ClusterTestNode(database: database, name: "a")
        let b = try await ClusterTestNode(database: database, name: "b")
        let total = Self.peers * Self.filesPerPeer
        var clients: [RawClient] = []
        for peer in 0..<Self.peers {
            let client = try await RawClient.connect(port: a.port)
            try await client.send(Fixtures.helloRequest(port: 7000 + peer, name: "peer\(peer)"))
            try #require(try await client.response().status == .ok)
            for first in stride(from: 0, to: Self.filesPerPeer, by: Self.batch) {
                try await client.send(Fixtures.addFilesRequest(ClusterKillTests.files("owner\(peer)", Self.batch, from: first)))
                let added = try await client.response(timeout: TestDeadline.scaled(.seconds(60)))
                try #require(added.status == .ok, "ADD FILES: \(added.status.code) \(added.headers["Reason"] ?? "")")
            }
            clients.append(client)
        }
        #expect(a.server.statistics.records == total)
        try await b.waitUntil("all \(total) records to reach node b", timeout: TestDeadline.scaled(.seconds(120))) {
            $0.statistics.records == total
        }
        #expect(b.server.statistics.sessions == Self.peers)
        let c = try await ClusterTestNode(database: database, name: "c", joinTimeout: TestDeadline.scaled(.seconds(120)))
        #expect(c.server.statistics.records == total, "a node that joins later loads them all in its snapshot")
        let joins = c.logs.messages().filter { $0.hasPrefix("joined the cluster") }
        #expect(joins.count == 1, "c joined once, never cut off while it loaded: \(joins)")
        #expect(!c.logs.messages().contains { $0.contains("could not renew") })
        let last = Self.filesPerPeer - 1
        let found = try await c.search(["owner7", "\(last)"])
        #expect(found.count == 1 && found.first?.contains("owner7 \(last).iso") == true, "\(found)")

        for client in clients { await client.close() }
        for node in [b, c] {
            try await node.waitUntil("every record to go once their peers leave", timeout: TestDeadline.scaled(.seconds(120))) {
                $0.statistics.records == 0
            }
        }
        for node in [a, b, c] { try await node.leave() }
    }
}
