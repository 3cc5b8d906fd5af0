import Foundation
import IndexCluster
import IndexServer
import Model
import NIOCore
import TestSupport
import Testing
import Wire

/// Index nodes sharing their records through a PostgreSQL server of the tests' own (PostgresServer).
@Suite("A cluster of index nodes: each sees every node's peers, and loses them when they or their node go")
struct ClusterTests {
    /// A Shoal peer on `node` that has said HELLO and registered `files`; returns the connection and its id.
    private func peer(on node: ClusterTestNode, name: String, files: [FileAnnouncement]) async throws -> (RawClient, String) {
        let client = try await RawClient.connect(port: node.port)
        try await client.send(Fixtures.helloRequest(port: 7000, name: name))
        let hello = try await client.response()
        try #require(hello.status == .ok, "HELLO on node \(node.port): \(hello.status.code)")
        try await client.send(Fixtures.addFilesRequest(files))
        let added = try await client.response()
        try #require(added.status == .ok)
        return (client, hello.headers["Peer-Id"] ?? "")
    }

    @Test("a peer on one node is searched, looked up and browsed on another, and gone there once it disconnects; the metrics show the replication")
    func crossNode() async throws {
        let database = try await PostgresServer.shared().makeDatabase()
        let a = try await ClusterTestNode(database: database, name: "a")
        let b = try await ClusterTestNode(database: database, name: "b", metrics: true)
        let iso = Fixtures.file("debian-12.5.0-amd64-netinst.iso", size: 658_505_728)
        let (client, id) = try await peer(on: a, name: "ann", files: [iso, Fixtures.file("Debian release notes.pdf")])
        try await b.waitUntil("ann's records to reach node b") { $0.statistics.records == 2 }
        #expect(try await b.search(["debian", "netinst"]).contains { $0.contains(iso.hash.hex) })

        let asker = try await RawClient.connect(port: b.port)
        try await asker.send(RequestEncoder.encode(.lookupFile(.content(iso.hash))))
        let lookup = try await asker.response()
        #expect(lookup.status == .ok && String(buffer: lookup.body).contains("127.0.0.1 7000"))
        let annID = try #require(PeerID(id))
        try await asker.send(RequestEncoder.encode(.browse(annID, Page(limit: 10))))
        let browse = try await asker.response()
        #expect(browse.status == .ok && browse.headers["Name"] == "ann" && browse.headers["Total"] == "2")
        #expect(annID.number >= ReplicaFeed.peersPerNode, "peer ids come from the node's own range: \(id)")
        let samples = try await HTTPExchange.get("/metrics", port: try #require(b.server.metricsPort)).samples
        #expect(samples["shoal_cluster_member"] == 1)
        #expect(samples["shoal_cluster_joins_total"] == 1)
        #expect((samples["shoal_cluster_log_rows_applied_total"] ?? 0) >= 1, "ann's row from a")
        #expect((samples["shoal_cluster_replication_lag_seconds_count"] ?? 0) >= 1)
        #expect(samples[#"shoal_cluster_replication_lag_seconds_bucket{le="+Inf"}"#] == samples["shoal_cluster_replication_lag_seconds_count"])
        #expect((samples["shoal_cluster_lease_renewed_timestamp_seconds"] ?? 0) > Date().timeIntervalSince1970 - 60)

        await client.close()
        try await b.waitUntil("ann's records to leave node b") { $0.statistics.records == 0 && $0.statistics.sessions <= 1 }
        try await asker.send(RequestEncoder.encode(.lookupFile(.content(iso.hash))))
        #expect(try await asker.response().status == .notFound)
        await asker.close()
        try await a.leave()
        try await b.leave()
    }

    @Test("a node that joins later loads every record in one snapshot, and ids stay unique across nodes")
    func lateJoiner() async throws {
        let database = try await PostgresServer.shared().makeDatabase()
        let a = try await ClusterTestNode(database: database, name: "a")
        let b = try await ClusterTestNode(database: database, name: "b")
        let (onA, idA) = try await peer(on: a, name: "ann", files: (0..<300).map { Fixtures.file("debian package \($0).deb") })
        let (onB, idB) = try await peer(on: b, name: "bob", files: [Fixtures.file("debian bookworm.iso")])
        #expect(idA != idB)
        // Each node's records are in the log once the other node has them (a node serves its own peers'
        // changes before it has written them).
        try await a.waitUntil("bob's record to reach node a") { $0.statistics.records == 301 }
        try await b.waitUntil("ann's records to reach node b") { $0.statistics.records == 301 }
        let c = try await ClusterTestNode(database: database, name: "c")
        #expect(c.server.statistics.records == 301, "the snapshot holds every record before c serves")
        #expect(try await c.search(["bookworm"]).count == 1)
        await onA.close()
        await onB.close()
        try await c.waitUntil("everyone to be gone on c") { $0.statistics.records == 0 }
        for node in [a, b, c] { try await node.leave() }
    }

    @Test("a node that dies without a word loses its peers everywhere once its lease runs out; a clean leave loses them at once")
    func deadNode() async throws {
        let database = try await PostgresServer.shared().makeDatabase()
        let a = try await ClusterTestNode(database: database, name: "a")
        let b = try await ClusterTestNode(database: database, name: "b")
        let c = try await ClusterTestNode(database: database, name: "c")
        _ = try await peer(on: a, name: "ann", files: [Fixtures.file("debian on a.iso")])
        _ = try await peer(on: c, name: "cat", files: [Fixtures.file("debian on c.iso")])
        try await b.waitUntil("both records on b") { $0.statistics.records == 2 }
        try await a.crash()
        try await b.waitUntil("ann's record to go from b") { $0.statistics.records == 1 }
        #expect(try await b.search(["debian"]).count == 1)
        try await c.leave()
        try await b.waitUntil("cat's record to go from b") { $0.statistics.records == 0 }
        try await b.leave()
    }

    @Test("a node cut off from the database stops serving (503, its peers closed), and serves again as a new node once it is back")
    func databaseGone() async throws {
        let postgres = try await PostgresServer.start()
        let database = try await postgres.makeDatabase()
        let a = try await ClusterTestNode(database: database, name: "a")
        let (client, _) = try await peer(on: a, name: "ann", files: [Fixtures.file("debian.iso")])
        let firstNode = try #require(a.node.nodeID)
        try await postgres.stop()
        _ = try await a.explaining { try await client.readUntilClosed() }
        let refused = try await RawClient.connect(port: a.port)
        let answer = try await refused.response()
        #expect(answer.status == .serviceUnavailable)
        #expect(a.logs.messages().contains { $0.contains("not serving") && $0.contains("cut off from its cluster's database") })
        await refused.close()
        try await postgres.restart()
        try await a.explaining { try await a.logs.waitFor(count: 2, "a to join again") { $0.hasPrefix("joined the cluster as node") } }
        #expect(a.node.nodeID != firstNode)
        _ = try await peer(on: a, name: "ann-again", files: [Fixtures.file("debian.iso")])
        try await a.leave()
        try await postgres.shutdown()
    }

    @Test("a node partitioned from the database (nothing arrives, nothing closes) stops serving within its lease and the others drop its peers; healed, it serves again as a new node")
    func partition() async throws {
        let postgres = try await PostgresServer.shared()
        let database = try await postgres.makeDatabase()
        let link = try await PartitionableLink(to: postgres.host, port: postgres.port)
        let throughLink = database.replacingOccurrences(of: ":\(postgres.port)/", with: ":\(link.port)/")
        let a = try await ClusterTestNode(database: throughLink, name: "a")
        let b = try await ClusterTestNode(database: database, name: "b")
        let (client, _) = try await peer(on: a, name: "ann", files: [Fixtures.file("debian on a.iso")])
        _ = try await peer(on: b, name: "bob", files: [Fixtures.file("debian on b.iso")])
        try await b.waitUntil("ann's record on b") { $0.statistics.records == 2 }
        link.cut()
        _ = try await a.explaining { try await client.readUntilClosed() }
        #expect(a.logs.messages().contains { $0.contains("could not renew its lease in time") })
        try await b.waitUntil("ann's record to go from b once a's lease ran out") { $0.statistics.records == 1 }
        #expect(try await b.search(["debian"]).count == 1, "b serves on, with bob")
        link.heal()
        try await a.explaining { try await a.logs.waitFor(count: 2, "a to join again") { $0.hasPrefix("joined the cluster as node") } }
        _ = try await peer(on: a, name: "ann-again", files: [Fixtures.file("debian again on a.iso")])
        try await b.waitUntil("ann-again's record on b") { $0.statistics.records == 2 }
        try await a.leave()
        try await b.leave()
        await link.close()
    }

    @Test("PostgreSQL restarted while peers register on both nodes: the nodes go on as the same members, and no change is lost or doubled")
    func restartUnderLoad() async throws {
        let postgres = try await PostgresServer.start()
        let database = try await postgres.makeDatabase()
        let a = try await ClusterTestNode(database: database, name: "a")
        let b = try await ClusterTestNode(database: database, name: "b")
        let members = (a.node.nodeID, b.node.nodeID)
        let registered = Recorder<Int>()
        let postgresState = Recorder<String>()
        let release = Recorder<Bool>()
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Two peers on each node, 80 batches of 25 files each (2,000 records a peer): the first 20 before
            // PostgreSQL stops, the next 40 while it is down, the rest once it is back. Each peer stays
            // connected until the test lets it go.
            for (port, name) in [(a.port, "ann"), (a.port, "amy"), (b.port, "bob"), (b.port, "ben")] {
                group.addTask {
                    let client = try await RawClient.connect(port: port)
                    try await client.send(Fixtures.helloRequest(port: 7000, name: name))
                    _ = try await client.response()
                    for batch in 0..<80 {
                        if batch == 20 { try await postgresState.waitFor(timeout: TestDeadline.work, "PostgreSQL to stop") { $0 == "down" } }
                        if batch == 60 { try await postgresState.waitFor(timeout: TestDeadline.work, "PostgreSQL to be back") { $0 == "up" } }
                        try await client.send(Fixtures.addFilesRequest((0..<25).map { Fixtures.file("\(name) holiday photos \(batch)-\($0).jpg") }))
                        #expect(try await client.response().status == .ok, "\(name), batch \(batch)")
                        registered.append(25)
                    }
                    try await release.waitFor(timeout: TestDeadline.work, "the test to let the peers go") { _ in true }
                    await client.close()
                }
            }
            try await registered.waitFor(count: 4 * 20, timeout: TestDeadline.work, "the peers' batches before the stop") { _ in true }
            try await postgres.stop()
            postgresState.append("down")
            try await registered.waitFor(count: 4 * 60, timeout: TestDeadline.work, "the peers' batches while PostgreSQL is down") { _ in true }
            try await postgres.restart()
            postgresState.append("up")
            try await registered.waitFor(count: 320, timeout: TestDeadline.work, "every batch to be answered") { _ in true }
            for node in [a, b] {
                try await node.waitUntil("every record of the four peers on node \(node.node.nodeID ?? 0)") { $0.statistics.records == 8000 }
            }
            #expect(a.node.nodeID == members.0 && b.node.nodeID == members.1, "both went on as the same members")
            #expect(a.logs.messages().contains { $0.contains("reconnected to the cluster database") })
            #expect(try await b.search(["ann", "holiday"]).count == 50, "ann's files, registered on a, are found on b (50 at most)")
            release.append(true)
            try await group.waitForAll()
        }
        for node in [a, b] {
            try await node.waitUntil("the peers to be gone") { $0.statistics.records == 0 }
        }
        try await a.leave()
        try await b.leave()
        try await postgres.shutdown()
    }
}
