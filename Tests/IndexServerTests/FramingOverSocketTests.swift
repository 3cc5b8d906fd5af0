import NIOCore
import Testing
import TestSupport
import Wire

/// Framing, limits and connection handling over real sockets.
@Suite("Framing and limits over TCP")
struct FramingOverSocketTests {
    @Test("a request sent one byte per TCP write is answered once")
    func byteByByte() async throws {
        try await TestIndex.with { index in
            let c = try await index.connect()
            try await c.sendByteByByte(ClassicSessionTests.add)
            #expect(try await c.response().lines == [ClassicSessionTests.record.trimmingCharacters(in: .newlines)])
            try await c.send("PING P2P-CI/2.1\r\n\r\n")
            #expect(try await c.response().version == .shoal, "no stray answer was produced by the fragments")
        }
    }

    @Test("200 pipelined requests in one write are answered in order")
    func pipelined() async throws {
        // 201 requests at once is past the default burst of flood control, which is not what this tests.
        try await TestIndex.with({ $0.floodControl = .off }) { index in
            let c = try await index.connect()
            let burst = (0..<200).map { "LOOKUP RFC \($0) P2P-CI/1.0\r\n\r\n" }.joined() + "PING P2P-CI/2.1\r\n\r\n"
            try await c.send(burst)
            for _ in 0..<200 { #expect(try await c.response().status.code == 404) }
            #expect(try await c.response().version == .shoal)
        }
    }

    @Test("an oversized line is answered 413 and the connection closed; other peers are unaffected")
    func oversized() async throws {
        try await TestIndex.with { index in
            let other = try await index.connect()
            try await other.send(ClassicSessionTests.add)
            _ = try await other.response()
            let c = try await index.connect()
            try await c.send("LOOKUP RFC 1 P2P-CI/1.0\r\nTitle: " + String(repeating: "x", count: 1 << 20))
            let answer = try await c.readUntilClosed()
            #expect(answer == "P2P-CI/1.0 413 Too Large\r\n\r\n")
            try await other.send("LOOKUP RFC 2616 P2P-CI/1.0\r\n\r\n")
            #expect(try await other.response().status == .ok)
        }
    }

    @Test("endless headers and a huge Content-Length close the connection with 413")
    func headerAndBodyLimits() async throws {
        try await TestIndex.with { index in
            let headers = try await index.connect()
            try await headers.send("PING P2P-CI/2.1\r\n" + String(repeating: "X: y\r\n", count: 100))
            #expect(try await headers.readUntilClosed().hasPrefix("P2P-CI/2.1 413 Too Large\r\nReason: more than 32 header lines"))
            let body = try await index.connect()
            try await body.send("ADD FILES P2P-CI/2.1\r\nContent-Length: 99999999999\r\n\r\n")
            #expect(try await body.readUntilClosed().hasPrefix("P2P-CI/2.1 413 Too Large\r\n"))
        }
    }

    @Test("past the connection limit, new connections get 503 and are closed")
    func connectionLimit() async throws {
        try await TestIndex.with({ $0.maximumConnections = 2 }) { index in
            // Each client is known to be admitted (it got an answer) before the next connects.
            var admitted: [RawClient] = []
            for _ in 0..<2 {
                let client = try await index.connect()
                try await client.send("PING P2P-CI/2.1\r\n\r\n")
                #expect(try await client.response().status == .ok)
                admitted.append(client)
            }
            let c = try await index.connect()
            #expect(try await c.readUntilClosed() == "P2P-CI/1.0 503 Service Unavailable\r\n\r\n")
            try await admitted[0].send("PING P2P-CI/2.1\r\n\r\n")
            #expect(try await admitted[0].response().status == .ok)
        }
    }

    @Test("a half-closed peer still gets its answers, then the connection ends")
    func halfClose() async throws {
        try await TestIndex.with { index in
            let c = try await index.connect()
            try await c.send("LOOKUP RFC 1 P2P-CI/1.0\r\n\r\nPING P2P-CI/2.1\r\n\r\n")
            try await c.shutdownOutput()
            #expect(try await c.readUntilClosed() == "P2P-CI/1.0 404 Not Found\r\n\r\nP2P-CI/2.1 200 OK\r\n\r\n")
        }
    }

    @Test("stopping the server closes every connection and logs who left")
    func gracefulStop() async throws {
        let logs = try await TestIndex.with { index in
            let c = try await index.connect()
            try await c.send(ClassicSessionTests.add)
            _ = try await c.response()
            try await index.server.stop()
            #expect(try await c.readUntilClosed() == "")
            try await index.waitUntilLeft("p1")
            return index.logs
        }
        let lines = logs.messages(atLeast: .info)
        #expect(lines.contains { $0.hasPrefix("peer p1 connected from 127.0.0.1:") })
        #expect(lines.contains("peer p1 left; 1 record removed"))
    }
}
