import IndexServer
import NIOCore
import Testing
import TestSupport
import Wire

/// Floods and crowds: one peer's excess is refused with a clear answer, and nobody else notices.
@Suite("Floods and crowds")
struct FloodTests {
    @Test("a flood of searches from one peer: the burst is answered, the excess gets 429 with Retry-After, others are unaffected")
    func searchFlood() async throws {
        // One a second past the burst of 100: the flood outruns the refill at any machine speed (at 50 a
        // second, a sanitizer build once answered the 1,000 searches slower than that, and refused none).
        try await TestIndex.with({ $0.floodControl = FloodControl(requestsPerSecond: 1, requestBurst: 100) }) { index in
            let good = try await HostileClientTests.GoodPeer.join(index)
            let flooder = try await index.connect()
            let flood = 1000
            try await flooder.send(String(repeating: "SEARCH P2P-CI/2.1\r\nQuery: http\r\n\r\n", count: flood))
            try await good.checkLookup()
            var answered = 0, refused = 0
            for _ in 0..<flood {
                let answer = try await flooder.response()
                if answer.status == .ok { answered += 1 } else {
                    #expect(answer.status == .tooManyRequests)
                    #expect(answer.headers["Retry-After"] == "1")
                    #expect(answer.headers["Reason"]?.hasPrefix("over 1 requests per second") == true)
                    refused += 1
                }
            }
            #expect(answered >= 100 && refused > 0 && answered + refused == flood)
            try await good.checkLookup()
            // That the flooder is answered again once it waits as told is shown on a virtual clock
            // (ConnectionTimeoutTests.floodControlRecovers).
        }
    }

    @Test("a classic peer registering 1,000 RFCs in one burst is slowed to the flood limit, not refused: every ADD is answered 200 and kept")
    func classicBurstIsPaced() async throws {
        try await TestIndex.with({ $0.floodControl = FloodControl(requestsPerSecond: 2000, requestBurst: 100) }) { index in
            let good = try await HostileClientTests.GoodPeer.join(index)
            let classic = try await index.connect()
            let count = 1000
            try await classic.send((1...count).map { "ADD RFC \($0) P2P-CI/1.0\r\nHost: busy\r\nPort: 6002\r\nTitle: T\($0)\r\n\r\n" }.joined())
            var statuses: [Int] = []
            for _ in 0..<count { statuses.append(try await classic.response().status.code) }
            #expect(statuses.allSatisfy { $0 == 200 }, "no classic ADD is refused: \(Set(statuses))")
            try await classic.send("LIST ALL P2P-CI/1.0\r\n\r\n")
            let list = try await classic.response()
            #expect(list.lines.count { $0.hasSuffix(" busy 6002") } == count, "every record is in the index")
            try await good.checkLookup()
            // That the excess waited (rather than the machine being slow enough never to exceed the rate) is
            // shown on a virtual clock: ConnectionTimeoutTests.classicFloodIsPaced.
        }
    }

    @Test("one address gets at most its connections; the next is answered 429 and closed; a freed place can be taken again")
    func connectionsPerAddress() async throws {
        try await TestIndex.with({ $0.floodControl.connectionsPerAddress = 3 }) { index in
            var open: [RawClient] = []
            var ids: [String] = []
            for _ in 0..<3 {
                let client = try await index.connect()
                try await client.send("HELLO P2P-CI/2.1\r\nPort: 1\r\n\r\n")
                ids.append(try #require(try await client.response().headers["Peer-Id"]))
                open.append(client)
            }
            let extra = try await index.connect()
            let refusal = try await extra.readUntilClosed()
            #expect(refusal.hasPrefix("P2P-CI/1.0 429 Too Many Requests\r\n"), "got \(refusal)")
            await open.removeFirst().close()
            try await index.waitUntilLeft(ids[0])
            let again = try await index.connect()
            try await again.send("PING P2P-CI/2.1\r\n\r\n")
            #expect(try await again.response().status == .ok)
            #expect(index.logs.messages().contains { $0.contains("3 connections from that address already open") })
        }
    }

    @Test("2,000 idle connections do not slow a good peer, and they are all closed at the idle timeout")
    func thousandsIdle() async throws {
        try await TestIndex.with({
            $0.floodControl.connectionsPerAddress = 0
            $0.timeouts.idle = .seconds(2)
        }) { index in
            var idle: [RawClient] = []
            for _ in 0..<2000 { idle.append(try await index.connect()) }
            let good = try await HostileClientTests.GoodPeer.join(index)
            try await good.checkLookup()
            for client in idle {
                #expect(try await client.readUntilClosed().hasPrefix("P2P-CI/1.0 408"))
            }
            // The clients saw their closes; the server's own bookkeeping of the last ones may trail by a moment.
            try await index.logs.waitFor(count: 2000, "every idle connection to be let go") {
                $0.hasPrefix("peer p") && $0.contains(" left; ")
            }
            #expect(index.server.openConnections == 1, "only the good peer is left")
            for client in idle { await client.close() }
        }
    }

    @Test("slowloris over a real socket: a body sent a byte at a time is cut off with 408 at the request timeout; a good peer is answered between every byte")
    func slowloris() async throws {
        try await TestIndex.with({
            $0.timeouts.request = .seconds(1)
            $0.floodControl = .off  // the good peer asks thousands of times a second here
        }) { index in
            let good = try await HostileClientTests.GoodPeer.join(index)
            let slow = try await index.connect()
            // The head arrives whole (so the version is known); then the body trickles, paced by the good
            // peer: one byte, then one LOOKUP answered, and so on. 4 MB sent that way would take far longer
            // than the request timeout.
            try await slow.send("ADD FILES P2P-CI/2.1\r\nContent-Length: 4000000\r\n\r\n")
            let body = 4_000_000
            var sent = 0
            while sent < body, !slow.isClosed {
                do { try await slow.send(bytes: [UInt8(ascii: "z")]) } catch { break }
                sent += 1
                try await good.checkLookup()
            }
            let text = try await slow.readUntilClosed()
            #expect(text.hasPrefix("P2P-CI/2.1 408 Request Timeout"), "got \(text)")
            #expect(sent < body, "the index closed the connection long before the request was complete")
            try await good.checkLookup()
        }
    }

    @Test("a peer that vanishes without a FIN (reset) loses its records at once; others go on")
    func vanishWithoutFIN() async throws {
        try await TestIndex.with { index in
            let good = try await HostileClientTests.GoodPeer.join(index)
            let gone = try await index.connect()
            try await gone.send("ADD RFC 7 P2P-CI/1.0\r\nHost: gone\r\nPort: 1\r\nTitle: T\r\n\r\n")
            #expect(try await gone.response().status == .ok)
            await gone.reset()
            try await index.logs.waitFor("the reset peer to leave") { $0.contains("left; 1 record removed") }
            try await good.client.send("LOOKUP RFC 7 P2P-CI/1.0\r\n\r\n")
            #expect(try await good.client.response().status == .notFound)
            try await good.checkLookup()
        }
    }
}
