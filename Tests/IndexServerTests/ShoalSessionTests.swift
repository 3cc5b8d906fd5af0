import Model
import Testing
import TestSupport
import Wire

/// A P2P-CI/2.1 session against the real server.
@Suite("P2P-CI/2.1 session")
struct ShoalSessionTests {
    @Test("HELLO assigns an id and reports the observed address; 10,000 files register in 2 round trips")
    func registerAndQuery() async throws {
        try await TestIndex.with { index in
            let peer = try await index.connect()
            try await peer.send(Fixtures.helloRequest(port: 6100, name: "ann"))
            let hello = try await peer.response()
            #expect(hello.status == .ok)
            let id = try #require(hello.headers["Peer-Id"])
            #expect(hello.headers["Address"] == "127.0.0.1")
            #expect(hello.headers["Max-Batch"] == "5000")

            let files = (0..<10_000).map { Fixtures.file("track \($0) – Ünïcode.flac", size: UInt64($0)) }
            for batch in [files[..<5000], files[5000...]] {
                try await peer.send(Fixtures.addFilesRequest(Array(batch)))
                let answer = try await peer.response()
                #expect(answer.status == .ok && answer.headers["Added"] == "5000")
            }
            try await index.logs.waitFor("the registration log line") { $0.contains("registered 5000 files (10000 in all)") }

            let searcher = try await index.connect()
            try await searcher.send("SEARCH P2P-CI/2.1\r\nQuery: TRACK 4242 unicode\r\n\r\n")
            let search = try await searcher.response()
            #expect(search.headers["Results"] == "1")
            let hit = try #require(search.lines.first.flatMap(SearchHit.init(wireLine:)))
            #expect(hit == SearchHit(key: .content(files[4242].hash), size: 4242, sources: 1, name: files[4242].name))

            try await searcher.send("LOOKUP FILE \(files[7].hash.hex) P2P-CI/2.1\r\n\r\n")
            let lookup = try await searcher.response()
            #expect(lookup.headers["Size"] == "7")
            #expect(lookup.lines.compactMap(FileSource.init(wireLine:)) == [
                FileSource(peer: PeerID(id)!, dialect: .shoal, host: "127.0.0.1", port: 6100, nickname: "ann",
                           name: files[7].name),
            ])

            try await searcher.send("LIST ALL P2P-CI/2.1\r\nLimit: 1000\r\n\r\n")
            let list = try await searcher.response()
            #expect(list.headers["Total"] == "10000" && list.lines.count == 1000 && list.headers["Next-Cursor"] != nil)

            try await searcher.send("BROWSE PEER \(id) P2P-CI/2.1\r\nLimit: 3\r\n\r\n")
            let browse = try await searcher.response()
            #expect(browse.headers["Name"] == "ann" && browse.headers["Port"] == "6100" && browse.lines.count == 3)

            let body = files.prefix(10).map { $0.hash.hex + "\r\n" }.joined()
            try await peer.send("REMOVE FILES P2P-CI/2.1\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body + "PING P2P-CI/2.1\r\n\r\n")
            #expect(try await peer.response().headers["Files"] == "9990")
            #expect(try await peer.response().status == .ok)
        }
    }

    @Test("a big batch goes in a part at a time: requests pipelined behind it see all of it; a peer leaving with thousands of files takes them all")
    func bigBatchesInParts() async throws {
        try await TestIndex.with { index in
            let peer = try await index.connect()
            let files = (0..<3000).map { Fixtures.file("part \($0) of many.ogg") }
            try await peer.send(Fixtures.helloRequest(port: 6200) + Fixtures.addFilesRequest(files)
                                + "SEARCH P2P-CI/2.1\r\nQuery: part 2999\r\n\r\nREMOVE FILES P2P-CI/2.1\r\nContent-Length: 66\r\n\r\n"
                                + files[0].hash.hex + "\r\n")
            let id = try #require(try await peer.response().headers["Peer-Id"])
            #expect(try await peer.response().headers["Added"] == "3000")
            let search = try await peer.response()
            #expect(search.lines.compactMap(SearchHit.init(wireLine:)).map(\.name) == ["part 2999 of many.ogg"])
            #expect(try await peer.response().headers["Files"] == "2999")
            let body = files[1...100].map { $0.hash.hex + "\r\n" }.joined()
            try await peer.send("REMOVE FILES P2P-CI/2.1\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body + "PING P2P-CI/2.1\r\n\r\n")
            let removed = try await peer.response()
            #expect(removed.headers["Removed"] == "100" && removed.headers["Files"] == "2899")
            #expect(try await peer.response().status == .ok, "the PING behind the removal is answered after it")
            #expect(index.server.statistics.records == 2899)
            await peer.close()
            try await index.waitUntilLeft(id)
            #expect(index.server.statistics.items == 0, "every record went once the peer's leaving was logged")
        }
    }

    @Test("two peers share a file; when one leaves, only the other is a source")
    func leaving() async throws {
        try await TestIndex.with { index in
            let file = Fixtures.file("shared.iso")
            let a = try await index.connect(), b = try await index.connect()
            var ids: [String] = []
            for (client, port) in [(a, 7001), (b, 7002)] {
                try await client.send(Fixtures.helloRequest(port: port) + Fixtures.addFilesRequest([file]))
                ids.append(try await client.response().headers["Peer-Id"] ?? "?")
                _ = try await client.response()
            }
            try await b.send("LOOKUP FILE \(file.hash.hex) P2P-CI/2.1\r\n\r\n")
            #expect(try await b.response().headers["Sources"] == "2")
            await a.close()
            try await index.waitUntilLeft(ids[0])
            try await b.send("LOOKUP FILE \(file.hash.hex) P2P-CI/2.1\r\n\r\n")
            let sources = try await b.response().lines.compactMap(FileSource.init(wireLine:))
            #expect(sources.map(\.port) == [7002])
        }
    }

    @Test("ADD FILES before HELLO, a duplicate HELLO, and GET at the index are refused with reasons")
    func stateErrors() async throws {
        try await TestIndex.with { index in
            let c = try await index.connect()
            try await c.send(Fixtures.addFilesRequest([Fixtures.file("a")]))
            let early = try await c.response()
            #expect(early.status.code == 400 && early.headers["Reason"] == "say HELLO before ADD FILES")
            try await c.send(Fixtures.helloRequest(port: 1) + Fixtures.helloRequest(port: 2))
            #expect(try await c.response().status.code == 200)
            #expect(try await c.response().status.code == 400)
            try await c.send("GET RFC 1 P2P-CI/1.0\r\nHost: x\r\nOS: y\r\n\r\n")
            #expect(try await c.response().status.code == 400)
        }
    }

    @Test("the files-per-peer limit answers 413 and leaves the connection usable")
    func filesLimit() async throws {
        try await TestIndex.with({ $0.registry.maximumFilesPerPeer = 2 }) { index in
            let c = try await index.connect()
            try await c.send(Fixtures.helloRequest(port: 1))
            _ = try await c.response()
            try await c.send(Fixtures.addFilesRequest([Fixtures.file("a"), Fixtures.file("b"), Fixtures.file("c")]))
            let refused = try await c.response()
            #expect(refused.status.code == 413)
            #expect(refused.headers["Reason"]?.contains("at most 2 files") == true)
            try await c.send("PING P2P-CI/2.1\r\n\r\n")
            #expect(try await c.response().status == .ok)
        }
    }

    @Test("a batch too big to register at once is refused whole when it would pass the files-per-peer limit, and the connection goes on")
    func bigBatchOverTheFilesLimit() async throws {
        try await TestIndex.with({ $0.registry.maximumFilesPerPeer = 100 }) { index in
            let c = try await index.connect()
            try await c.send(Fixtures.helloRequest(port: 1))
            _ = try await c.response()
            // Over the 64 entries an event loop registers itself: admitted and applied on the writer thread.
            let first = (0..<70).map { Fixtures.file("first \($0).txt") }
            try await c.send(Fixtures.addFilesRequest(first))
            let added = try await c.response()
            #expect(added.status == .ok && added.headers["Added"] == "70" && added.headers["Files"] == "70")
            try await c.send(Fixtures.addFilesRequest((0..<70).map { Fixtures.file("second \($0).txt") }))
            let refused = try await c.response()
            #expect(refused.status.code == 413)
            #expect(refused.headers["Reason"]?.contains("at most 100 files") == true)
            // Nothing of the refused batch was registered; re-announcing the first batch changes no count.
            try await c.send(Fixtures.addFilesRequest(first))
            let again = try await c.response()
            #expect(again.status == .ok && again.headers["Added"] == "0" && again.headers["Files"] == "70")
        }
    }
}
