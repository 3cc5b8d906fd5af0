import Model
import Testing
import TestSupport
import Wire
@_spi(Testing) import IndexServer

/// Searches never hold up anything else: however long they take, every other request is answered.
@Suite("Search floods")
struct SearchFloodTests {
    @Test("while broad searches from two flooding connections are held on the index's worker threads, other peers register, look up, list and leave; then every search is answered")
    func heldSearchesHoldUpNothing() async throws {
        // Every search goes to the workers, where the gate holds it (none is answered at once on a loop).
        try await TestIndex.with({ $0.floodControl = .off; $0.searchAtOnceQuiet = nil }) { index in
            let owner = try await index.connect()
            let files = (0..<1000).map { Fixtures.file("common word \($0).flac") }
            try await owner.send(Fixtures.helloRequest(port: 6300) + Fixtures.addFilesRequest(files))
            _ = try await owner.response()
            #expect(try await owner.response().headers["Added"] == "1000")

            let gate = ThreadGate()
            // Opened on every way out: a worker still waiting would keep the server from stopping.
            defer { gate.open() }
            index.server.beforeEachSearch { gate.wait() }
            let flooders = [try await index.connect(), try await index.connect()]
            let searches = String(repeating: "SEARCH P2P-CI/2.1\r\nQuery: comm\r\nLimit: 5\r\n\r\n", count: 20)
            for flooder in flooders { try await flooder.send(searches) }
            // Both workers are now inside a search, and the rest of the flood is queued behind them.
            try await within(.seconds(30), "two searches to reach the gate") {
                var arrivals = gate.arrivals.makeAsyncIterator()
                for _ in 0..<2 { _ = await arrivals.next() }
            }

            let good = try await HostileClientTests.GoodPeer.join(index)
            try await good.checkLookup()
            let other = try await index.connect()
            try await other.send(Fixtures.helloRequest(port: 6301) + Fixtures.addFilesRequest([Fixtures.file("fresh.iso")]))
            let id = try #require(try await other.response().headers["Peer-Id"])
            #expect(try await other.response().headers["Added"] == "1")
            try await other.send("LOOKUP FILE \(files[7].hash.hex) P2P-CI/2.1\r\n\r\nLIST ALL P2P-CI/2.1\r\nLimit: 3\r\n\r\n")
            #expect(try await other.response().headers["Sources"] == "1")
            #expect(try await other.response().headers["Total"] == "1002", "1,000 files, fresh.iso and the good peer's RFC")
            await other.close()
            try await index.waitUntilLeft(id)
            try await good.checkLookup()

            gate.open()
            for flooder in flooders {
                for _ in 0..<20 {
                    let answer = try await flooder.response()
                    #expect(answer.headers["Results"] == "5" && answer.headers["Complete"] == "yes")
                }
            }
        }
    }
}
