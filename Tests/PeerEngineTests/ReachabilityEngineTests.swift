import Foundation
import Model
import PeerEngine
import Testing
import TestSupport
import Wire

/// What a peer learns of reachability from the index: of itself, and of the sources of a file.
@Suite("Reachability, as peers see it")
struct ReachabilityEngineTests {
    @Test("a peer's upload server answers the index's probe; a downloader sees which sources the index could reach, and downloads from the one that is")
    func reachability() async throws {
        try await TestIndex.with { index in
            let bytes = Array("the same file at two sources".utf8)
            let sharer = try await TestPeer(indexPort: index.port, name: "sharer", files: ["both.txt": bytes])
            let connected = try await sharer.events.waitFor("connection to the index") {
                if case .index(.connected) = $0 { return true }
                return false
            }
            guard case .index(.connected(_, let sharerID, _, let reachable, _)) = connected else { return }
            #expect(reachable == true, "the index reached the peer's upload server")

            // A second holder behind "NAT": its upload port refuses connections.
            let hidden = try await index.connect()
            let hash = FileHasher.digest(of: bytes).hash
            try await hidden.send(Fixtures.helloRequest(port: 1)
                                  + Fixtures.addFilesRequest([FileAnnouncement(hash: hash, size: UInt64(bytes.count), name: "both-copy.txt")]))
            let hello = try await hidden.response()
            #expect(hello.headers["Reachable"] == "no")
            let hiddenID = try #require(hello.headers["Peer-Id"].flatMap { PeerID($0) })
            #expect(try await hidden.response().status == .ok)
            try await index.logs.waitFor("the sharer's registration") { $0.contains("peer \(sharerID) registered 1 file") }

            let downloader = try await TestPeer.connected(indexPort: index.port, name: "downloader")
            let found = await downloader.engine.ask(.search(SearchQuery(keywords: ["both"])))
            guard case .hits(let hits, _, _) = found else { Issue.record("no hits: \(found)"); return }
            #expect(hits.map(\.sources) == [2] && hits.first?.reachableSources == 1 && hits.first?.sourcesLabel == "2 (1 NAT)")
            let answer = await downloader.engine.ask(.lookup(.content(hash)))
            guard case .sources(let sources, _) = answer else { Issue.record("no sources: \(answer)"); return }
            #expect(Dictionary(uniqueKeysWithValues: sources.map { ($0.peer, $0.reachable) }) == [sharerID: true, hiddenID: false])
            let (done, arrived) = try await downloader.fetch(bytes, name: "both.txt")
            #expect(done.state == .completed && arrived == Data(bytes), "the reachable source served it")
            await downloader.discard()
            await sharer.discard()
        }
    }
}
