import Model
import NIOCore
import NIOPosix
import Testing
import TestSupport
import Wire
@testable import IndexServer

/// A SEARCH from the only connection making requests is answered at once on its event loop; anything more
/// costly, or asked while others are making requests, is answered on a worker; the answer is the same.
@Suite("SEARCH answered at once")
struct SearchAtOnceTests {
    private static func atOnce(_ index: TestIndex) async throws -> Double? {
        let port = try #require(index.server.metricsPort)
        return try await HTTPExchange.get("/metrics", port: port).samples["shoal_index_search_answered_at_once_total"]
    }

    @Test("alone, a cheap SEARCH is answered at once; one that needs more than that budget is answered whole on a worker")
    func alone() async throws {
        try await TestIndex.with({ MetricsEndpointTests.metricsOn(&$0) }) { index in
            let peer = try await index.connect()
            let files = (0..<1000).map { Fixtures.file("common word \($0).flac") }
            try await peer.send(Fixtures.helloRequest(port: 7001) + Fixtures.addFilesRequest(files))
            _ = try await peer.response()
            #expect(try await peer.response().headers["Added"] == "1000")

            try await peer.send("SEARCH P2P-CI/2.1\r\nQuery: comm\r\nLimit: 5\r\n\r\n")
            let cheap = try await peer.response()
            #expect(cheap.headers["Results"] == "5" && cheap.headers["Complete"] == "yes")
            #expect(try await Self.atOnce(index) == 1)

            // Every one of the 1,000 candidates is read and dropped by the type filter: more than the budget.
            try await peer.send("SEARCH P2P-CI/2.1\r\nQuery: comm\r\nType: mkv\r\n\r\n")
            let costly = try await peer.response()
            #expect(costly.headers["Results"] == "0" && costly.headers["Complete"] == "yes", "answered whole on a worker")
            #expect(try await Self.atOnce(index) == 1)
        }
    }

    @Test("while another connection of its event loop makes requests, or when it is off, a SEARCH is answered on a worker, the same")
    func notAlone() async throws {
        // One event loop: both connections are on it.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            for quiet in [TimeAmount.hours(1), nil] {
                try await TestIndex.with({ MetricsEndpointTests.metricsOn(&$0); $0.searchAtOnceQuiet = quiet }, group: group) { index in
                    let owner = try await index.connect(), searcher = try await index.connect()
                    try await owner.send(Fixtures.helloRequest(port: 7001) + Fixtures.addFilesRequest([Fixtures.file("alpha song.mp3")]))
                    _ = try await owner.response()
                    _ = try await owner.response()
                    try await searcher.send("SEARCH P2P-CI/2.1\r\nQuery: song\r\n\r\n")
                    let answer = try await searcher.response()
                    #expect(answer.headers["Results"] == "1" && answer.headers["Complete"] == "yes")
                    #expect(try await Self.atOnce(index) == 0, "quiet \(String(describing: quiet))")
                }
            }
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
    }
}
