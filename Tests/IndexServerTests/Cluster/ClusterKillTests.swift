import Foundation
import IndexServer
import Model
import NIOCore
import TestSupport
import Testing
import Wire

/// A real `shoal-index --database` process killed with SIGKILL while its peers are registering.
@Suite("A cluster node killed with kill -9 under load")
struct ClusterKillTests {
    /// Words real file names share, so that searches hit many records.
    static let words = ["debian", "ubuntu", "live", "amd64", "netinst", "notes", "holiday", "photos", "2024", "mix"]

    /// `count` files with realistic names, unique to `owner`.
    static func files(_ owner: String, _ count: Int, from first: Int = 0) -> [FileAnnouncement] {
        (first..<(first + count)).map { index in
            let name = "\(words[index % words.count]) \(words[(index / 3) % words.count]) \(owner) \(index).iso"
            return Fixtures.file(name, size: UInt64(1000 + index))
        }
    }

    @Test("a node killed with kill -9 while 8 peers register on it: every one of its records goes from the other node within 15 s, and the other node's own peers keep theirs")
    func killedUnderLoad() async throws {
        let executable = try #require(BuiltProducts.path(of: "shoal-index"), "build the shoal-index product first (swift build)")
        let database = try await PostgresServer.shared().makeDatabase()
        let folder = TestPeer.temporaryFolder("killed-node")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let a = try BackgroundProcess(executable, ["--database", database, "--port", "0", "--node-name", "a", "--lease-seconds", "\(6 * TestDeadline.scale)",
                                                   "--allow-plaintext", "--state", folder + "/state", "--log-level", "info"], in: folder)
        defer { a.send(SIGKILL) }
        let listening = try await a.waitForLine(containing: "listening on")
        let aPort = try #require(listening.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }, "\(listening)")
        try await a.waitForLine(containing: "joined the cluster as node")
        let b = try await ClusterTestNode(database: database, name: "b")

        // b's own peers: 4 × 250 records that must survive a's death.
        var kept: [RawClient] = []
        for index in 0..<4 {
            let client = try await RawClient.connect(port: b.port)
            try await client.send(Fixtures.helloRequest(port: 7000 + index, name: "b\(index)"))
            #expect(try await client.response().status == .ok)
            try await client.send(Fixtures.addFilesRequest(Self.files("bravo\(index)", 250)))
            #expect(try await client.response().status == .ok)
            kept.append(client)
        }
        // a's peers register batch after batch until a is killed under them, paced by b: a batch goes once b
        // holds all but the last 1,000 of the records sent before it, so the load is what replication keeps up
        // with (in a debug build, beside the rest of the suite), and a dies with records still on the way.
        let registered = Recorder<Int>()
        let killed = Recorder<Bool>()
        let loaders = (0..<8).map { index in
            Task {
                let client = try await RawClient.connect(port: aPort)
                try await client.send(Fixtures.helloRequest(port: 8000 + index, name: "a\(index)"))
                _ = try await client.response()
                for batch in 0..<1000 {
                    let sent = registered.all.reduce(0, +)
                    try await b.waitUntil("b to hold all but the last 1,000 records a's peers sent") {
                        !killed.all.isEmpty || $0.statistics.records >= 1000 + sent - 1000
                    }
                    try await client.send(Fixtures.addFilesRequest(Self.files("alpha\(index)", 50, from: batch * 50)))
                    guard try await client.response().status == .ok else { return }
                    registered.append(50)
                }
            }
        }
        try await b.waitUntil("a's peers' records to reach b while they register") { $0.statistics.records > 1000 + 2000 }
        killed.append(true)
        a.send(SIGKILL)
        _ = try await a.waitForExit()
        try await b.waitUntil("every record of a's peers to go from b", timeout: TestDeadline.scaled(.seconds(15))) { $0.statistics.records == 1000 }
        for loader in loaders { _ = await loader.result }
        #expect(registered.all.reduce(0, +) > 2000, "a was under load when it died")
        #expect(b.logs.messages().contains { $0.contains("lease ran out") })
        #expect(try await b.search(["alpha0"]).isEmpty)
        #expect(try await b.search(["bravo3"]).count == 50, "b's own peers keep their records (a search answers 50 at most)")
        for client in kept { await client.close() }
        try await b.leave()
    }
}
