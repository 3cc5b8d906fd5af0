import Model
import Testing
import TestSupport
import Wire
@testable import IndexServer

/// The server gives a SEARCH's kept answer again while nothing it could list has changed, and a new answer
/// the moment something has: a file added, or its holder gone.
@Suite("SEARCH answers reused")
struct SearchReuseTests {
    @Test("a repeated SEARCH is answered from the kept answer; a file added or a holder leaving is in the next one")
    func reusedUntilChanged() async throws {
        try await TestIndex.with({ MetricsEndpointTests.metricsOn(&$0) }) { index in
            let port = try #require(index.server.metricsPort)
            func reused() async throws -> (reused: Double?, examined: Double?) {
                let samples = try await HTTPExchange.get("/metrics", port: port).samples
                return (samples["shoal_index_search_answers_reused_total"], samples["shoal_index_search_examined_candidates_sum"])
            }
            let a = try await index.connect(), b = try await index.connect(), searcher = try await index.connect()
            try await a.send(Fixtures.helloRequest(port: 7001) + Fixtures.addFilesRequest([Fixtures.file("alpha song.mp3")]))
            let idA = try #require(try await a.response().headers["Peer-Id"])
            _ = try await a.response()
            try await b.send(Fixtures.helloRequest(port: 7002))
            _ = try await b.response()
            func search() async throws -> [String] {
                try await searcher.send("SEARCH P2P-CI/2.1\r\nQuery: song\r\n\r\n")
                let answer = try await searcher.response()
                #expect(answer.status == .ok && answer.headers["Complete"] == "yes")
                return answer.lines.compactMap(SearchHit.init(wireLine:)).map(\.name)
            }

            #expect(try await search() == ["alpha song.mp3"])
            #expect(try await search() == ["alpha song.mp3"])
            #expect(try await reused() == (1, 1), "the second search examined nothing")

            try await b.send(Fixtures.addFilesRequest([Fixtures.file("beta song.mp3")]))
            #expect(try await b.response().headers["Added"] == "1")
            #expect(try await search() == ["beta song.mp3", "alpha song.mp3"], "one source each: the shorter name first")
            await a.close()
            try await index.waitUntilLeft(idA)
            #expect(try await search() == ["beta song.mp3"])
            #expect(try await search() == ["beta song.mp3"])
            #expect(try await reused() == (2, 1 + 2 + 1))
        }
    }

    @Test("--search-cache 0 keeps no answer: every SEARCH is made anew")
    func off() async throws {
        try await TestIndex.with({ MetricsEndpointTests.metricsOn(&$0); $0.searchAnswerBytes = 0 }) { index in
            let port = try #require(index.server.metricsPort)
            let peer = try await index.connect()
            try await peer.send(Fixtures.helloRequest(port: 7001) + Fixtures.addFilesRequest([Fixtures.file("alpha song.mp3")]))
            _ = try await peer.response()
            _ = try await peer.response()
            for _ in 0..<3 {
                try await peer.send("SEARCH P2P-CI/2.1\r\nQuery: song\r\n\r\n")
                #expect(try await peer.response().headers["Results"] == "1")
            }
            let samples = try await HTTPExchange.get("/metrics", port: port).samples
            #expect(samples["shoal_index_search_answers_reused_total"] == 0)
            #expect(samples["shoal_index_search_examined_candidates_sum"] == 3)
        }
    }
}
