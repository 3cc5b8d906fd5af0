import IndexServer
import NIOCore
import Testing
import TestSupport

/// When the index ends a connection (an error, a timeout), the peer may still be sending. The index then
/// stops sending and drops what arrives for a moment, so the peer's writes do not fail with a reset and the
/// last answer is never destroyed by one.
@Suite("Lingering close")
struct LingeringCloseTests {
    @Test("a peer still sending a body after its 408: its writes go through and it reads the whole answer")
    func writesAfterTheLastAnswer() async throws {
        // The linger time is far longer than sending 4 MiB can take on a slow machine; the client closes.
        try await TestIndex.with({
            $0.timeouts.request = .seconds(1)
            $0.timeouts.linger = .seconds(600)
        }) { index in
            let client = try await index.connect()
            try await client.send("ADD FILES P2P-CI/2.1\r\nContent-Length: 4194304\r\n\r\nabc")
            let answer = try await client.bytes(atLeast: 20)  // the 408, after the index's request timeout
            #expect(answer.hasPrefix("P2P-CI/2.1 408"), "got \(answer)")
            // The rest of the body, 4 MiB, arrives late: a closed socket would answer it with a reset.
            let chunk = [UInt8](repeating: UInt8(ascii: "z"), count: 64 << 10)
            for _ in 0..<64 { try await client.send(bytes: chunk) }
            let text = try await client.readUntilClosed()
            #expect(text.hasPrefix("P2P-CI/2.1 408 Request Timeout\r\n") && text.hasSuffix("\r\n\r\n"), "got \(text)")
            await client.close()
            try await index.logs.waitFor("the connection to be let go") { $0.contains(" left; ") }
        }
    }

    @Test("a peer that never closes is let go after the linger timeout")
    func lingerIsBounded() async throws {
        try await TestIndex.with({
            $0.timeouts.request = .seconds(1)
            $0.timeouts.linger = .milliseconds(200)
        }) { index in
            let client = try await index.connect()
            try await client.send("LOOKUP RFC")
            #expect(try await client.readUntilClosed().hasPrefix("P2P-CI/1.0 408"))
            // The client has not closed its side; the index closes the connection anyway.
            try await index.logs.waitFor("the lingering connection to be closed") { $0.contains(" left; ") }
            #expect(index.server.openConnections == 0)
            await client.close()
        }
    }
}
