import Model
import Testing
import TestSupport
import Wire
@_spi(Testing) import IndexServer

/// An event loop never waits for the registry's write lock to open or greet a session: while a big change
/// holds the lock, those go to the hand-off thread, and the connection's requests wait for them.
@Suite("A busy registry")
struct BusyRegistryTests {
    @Test("connections opened while a big change holds the registry are answered once it is done; one closed meanwhile leaves no session behind")
    func openWhileHeld() async throws {
        try await TestIndex.with { index in
            let gate = ThreadGate()
            // Opened on every way out: a lock still held would keep the server from stopping.
            defer { gate.open() }
            var arrivals = gate.arrivals.makeAsyncIterator()
            index.server.holdRegistry(while: gate.wait)
            _ = await arrivals.next()

            let peer = try await index.connect()
            try await peer.send(Fixtures.helloRequest(port: 6400, name: "ann") + "PING P2P-CI/2.1\r\n\r\n")
            let quitter = try await index.connect()
            try await index.logs.waitFor(count: 2, "both sessions to be handed off") {
                $0.hasPrefix("the registry is busy")
            }
            await quitter.reset()  // no FIN to answer after the open: the connection is gone at once
            try await index.logs.waitFor("the closed connection to be seen") { $0.hasPrefix("closed before its session was open") }

            gate.open()
            let hello = try await peer.response()
            #expect(hello.status == .ok && hello.headers["Peer-Id"] != nil)
            #expect(try await peer.response().status == .ok, "the PING sent behind the HELLO")
            try await index.logs.waitFor("the closed connection's session to go") { $0.hasPrefix("peer ") && $0.hasSuffix("left; 0 records removed") }
            #expect(index.server.statistics.sessions == 1)
        }
    }

    @Test("a HELLO whose probe ends while a big change holds the registry is answered once it is done")
    func helloWhileHeld() async throws {
        try await TestIndex.with { index in
            let peer = try await index.connect()
            try await peer.send("PING P2P-CI/2.1\r\n\r\n")
            #expect(try await peer.response().status == .ok, "the session is open")

            let gate = ThreadGate()
            defer { gate.open() }
            var arrivals = gate.arrivals.makeAsyncIterator()
            index.server.holdRegistry(while: gate.wait)
            _ = await arrivals.next()
            try await peer.send(Fixtures.helloRequest(port: 6401, name: "bo"))
            try await index.logs.waitFor("the HELLO to be handed off") {
                $0.hasPrefix("the registry is busy") && $0.hasSuffix("HELLO is taken on the hand-off thread")
            }
            gate.open()
            let hello = try await peer.response()
            #expect(hello.status == .ok && hello.headers["Reachable"] == "no", "probed: nothing listens on port 6401")
            #expect(index.server.statistics.sessions == 1)
        }
    }
}
