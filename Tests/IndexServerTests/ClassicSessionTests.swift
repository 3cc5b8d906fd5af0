import Testing
import TestSupport

/// An unmodified classic P2P-CI/1.0 peer, byte for byte, against the real server.
@Suite("Classic P2P-CI/1.0 session")
struct ClassicSessionTests {
    static let add = "ADD RFC 2616 P2P-CI/1.0\r\nHost: peer-a.example\r\nPort: 6001\r\nTitle: Hypertext Transfer Protocol -- HTTP/1.1\r\n\r\n"
    static let record = "RFC 2616 Hypertext Transfer Protocol -- HTTP/1.1 peer-a.example 6001\r\n"

    @Test("ADD echoes the record; LOOKUP hits and misses; LIST ALL; 505 — exactly the classic bytes")
    func classicBytes() async throws {
        try await TestIndex.with { index in
            let a = try await index.connect()
            try await a.send(Self.add)
            let echoed = "P2P-CI/1.0 200 OK\r\n\r\n" + Self.record + "\r\n"
            #expect(try await a.bytes(atLeast: echoed.utf8.count) == echoed)

            let b = try await index.connect()
            let script = "LOOKUP RFC 2616 P2P-CI/1.0\r\nHost: peer-b.example\r\nPort: 6002\r\nTitle: Hypertext Transfer Protocol -- HTTP/1.1\r\n\r\n"
                + "LOOKUP RFC 1 P2P-CI/1.0\r\nHost: peer-b.example\r\nPort: 6002\r\nTitle: nothing\r\n\r\n"
                + "LIST ALL P2P-CI/1.0\r\nHost: peer-b.example\r\nPort: 6002\r\n\r\n"
                + "LIST ALL P2P-CI/3.0\r\nHost: peer-b.example\r\nPort: 6002\r\n\r\n"
            try await b.send(script)
            let expected = "P2P-CI/1.0 200 OK\r\n\r\n" + Self.record + "\r\n"
                + "P2P-CI/1.0 404 Not Found\r\n\r\n"
                + "P2P-CI/1.0 200 OK\r\n\r\n" + Self.record + "\r\n"
                + "P2P-CI/1.0 505 P2P-CI Version Not Supported\r\n\r\n"
            #expect(try await b.bytes(atLeast: expected.utf8.count) == expected)
            try await index.logs.waitFor("the ADD log line") { $0.hasPrefix("Added RFC 2616 from peer-a.example") }
        }
    }

    @Test("when a classic peer leaves, its records are gone; LIST ALL on an empty index is 404")
    func leaving() async throws {
        try await TestIndex.with { index in
            let a = try await index.connect()
            try await a.send(Self.add)
            _ = try await a.response()
            await a.close()
            try await index.waitUntilLeft("p1")
            let b = try await index.connect()
            try await b.send("LOOKUP RFC 2616 P2P-CI/1.0\r\n\r\nLIST ALL P2P-CI/1.0\r\n\r\n")
            let expected = "P2P-CI/1.0 404 Not Found\r\n\r\nP2P-CI/1.0 404 Not Found\r\n\r\n"
            #expect(try await b.bytes(atLeast: expected.utf8.count) == expected)
        }
    }

    @Test("an impostor claiming another peer's Host and Port cannot remove or overwrite its records")
    func impostor() async throws {
        try await TestIndex.with { index in
            let a = try await index.connect()
            try await a.send(Self.add)
            _ = try await a.response()
            let impostor = try await index.connect()
            try await impostor.send(Self.add.replacingOccurrences(of: "Hypertext Transfer Protocol -- HTTP/1.1", with: "Fake"))
            _ = try await impostor.response()
            try await impostor.send("REMOVE FILES P2P-CI/2.1\r\nContent-Length: 0\r\n\r\n")
            #expect(try await impostor.response().status.code == 400)
            await impostor.close()
            try await index.waitUntilLeft("p2")
            try await a.send("LOOKUP RFC 2616 P2P-CI/1.0\r\n\r\n")
            #expect(try await a.response().lines == [Self.record.trimmingCharacters(in: .newlines)])
        }
    }

    @Test("LF-only requests, lower-case methods and garbage get answers, and the session goes on")
    func lenientAndBad() async throws {
        try await TestIndex.with { index in
            let c = try await index.connect()
            try await c.send("LIST ALL P2P-CI/1.0\nHost: x\n\n")
            #expect(try await c.response().status.code == 404)
            try await c.send("list all P2P-CI/1.0\r\n\r\n")
            #expect(try await c.response().status.code == 400)
            try await c.send("\u{1}\u{2}garbage\r\n\r\n")
            #expect(try await c.response().status.code == 400)
            try await c.send("DEL RFC 1 P2P-CI/1.0\r\n\r\n")
            #expect(try await c.response().status.code == 400)
            try await c.send(Self.add)
            #expect(try await c.response().status.code == 200)
        }
    }
}
