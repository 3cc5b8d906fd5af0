@testable import IndexServer
import Model
import NIOCore
import NIOPosix
import Synchronization
import Testing
import TestSupport
import Wire

/// The index connects back to each peer's upload port after HELLO (PROTOCOL.md §5.1), and tells the peer and
/// everyone who looks it up whether that worked.
@Suite("Reachability probe")
struct ReachabilityTests {
    @Test("HELLO says whether the upload port answered; LOOKUP names the unreachable sources, SEARCH counts the reachable ones, BROWSE says it of the peer")
    func probeAndReport() async throws {
        let live = try await ProbeTarget(answering: true), silent = try await ProbeTarget(answering: false)
        // Held for the whole test: a port freed instead could be taken by another test's upload server.
        let closed = try ReservedPort(), closedPort = closed.port
        // A silent upload port is the one case that needs the probe to time out: that index's probe is short.
        let silentAnswer = try await TestIndex.with({ $0.reachabilityProbe = ReachabilityProbe(timeout: .milliseconds(300)) }) { index in
            let peer = try await index.connect()
            try await peer.send(Fixtures.helloRequest(port: silent.port))
            return try await peer.response()
        }
        #expect(silentAnswer.headers["Reachable"] == "no", "an upload port that accepts and never answers")
        try await TestIndex.with { index in
            let file = Fixtures.file("shared by three.mkv")
            var ids: [String] = []
            for (port, expected) in [(live.port, "yes"), (closedPort, "no"), (closedPort, "no")] {
                let peer = try await index.connect()
                try await peer.send(Fixtures.helloRequest(port: port))
                let hello = try await peer.response()
                #expect(hello.headers["Reachable"] == expected, "upload port \(port)")
                ids.append(try #require(hello.headers["Peer-Id"]))
                try await peer.send(Fixtures.addFilesRequest([file]))
                #expect(try await peer.response().status == .ok)
            }
            #expect(live.probes == 1, "one probe per HELLO, a PING the upload server answered")
            let asker = try await index.connect()
            try await asker.send("LOOKUP FILE \(file.hash.hex) P2P-CI/2.1\r\n\r\n")
            let lookup = try await asker.response()
            #expect(lookup.headers["Sources"] == "3")
            #expect(lookup.headers["Reachable"] == ids[0])
            #expect(lookup.headers["Unreachable"] == "\(ids[1]),\(ids[2])")
            try await asker.send("SEARCH P2P-CI/2.1\r\nQuery: shared three\r\n\r\n")
            let search = try await asker.response()
            #expect(search.lines.count == 1 && search.headers["Reachable-Sources"] == "1", "3 sources, 2 of them behind NAT")
            for (id, expected) in [(ids[0], "yes"), (ids[1], "no")] {
                try await asker.send("BROWSE PEER \(id) P2P-CI/2.1\r\n\r\n")
                #expect(try await asker.response().headers["Reachable"] == expected)
            }
        }
        await live.close()
        await silent.close()
        withExtendedLifetime(closed) {}
    }

    @Test("an index run without the probe answers HELLO at once and says nothing of reachability")
    func probeOff() async throws {
        let silent = try await ProbeTarget(answering: false)
        try await TestIndex.with({ $0.reachabilityProbe = nil }) { index in
            let peer = try await index.connect()
            try await peer.send(Fixtures.helloRequest(port: silent.port))
            let hello = try await peer.response()
            #expect(hello.status == .ok && hello.headers["Reachable"] == nil)
            #expect(silent.probes == 0)
        }
        await silent.close()
    }
}

/// A TCP port on loopback that either answers a PING like an upload server, or accepts and never says anything.
final class ProbeTarget: Sendable {
    let port: Int
    private let channel: any Channel
    private let counter: Counter

    /// PINGs it has received.
    var probes: Int { counter.value.load(ordering: .relaxed) }

    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    init(answering: Bool) async throws {
        let counter = Counter()
        self.counter = counter
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Answerer(answering: answering, counter: counter))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    /// A port nothing listens on (it was bound a moment ago and closed).
    func close() async { try? await channel.close() }

    private final class Answerer: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let answering: Bool
        let counter: Counter

        init(answering: Bool, counter: Counter) {
            self.answering = answering
            self.counter = counter
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard String(buffer: Self.unwrapInboundIn(data)).hasPrefix("PING P2P-CI/2.1\r\n") else { return }
            counter.value.add(1, ordering: .relaxed)
            guard answering else { return }
            context.writeAndFlush(NIOAny(context.channel.allocator.buffer(string: "P2P-CI/2.1 200 OK\r\n\r\n")), promise: nil)
        }
    }
}

/// The registry's count of a file's sources that can be reached, as holders behind NAT come and go.
@Suite("Reachable sources in search results")
struct ReachableSourcesTests {
    @Test("a hit counts the holders not behind NAT, through joins and leaves; nil once none are behind NAT")
    func tally() throws {
        var registry = Registry()
        let file = Fixtures.file("popular thing.iso")
        var peers: [PeerID] = []
        for reachable in [true, false, false, true] {
            let peer = registry.openSession(address: "198.51.100.\(peers.count + 1)")
            registry.markReachable(peer, reachable)
            try registry.hello(peer, Hello(port: 6000))
            _ = try registry.addFiles(peer, [file])
            peers.append(peer)
        }
        func hit() -> SearchHit? { registry.search(SearchQuery(keywords: ["popular"])).hits.first }
        #expect(hit()?.sources == 4 && hit()?.reachableSources == 2)
        registry.closeSession(peers[1])
        #expect(hit()?.sources == 3 && hit()?.reachableSources == 2)
        registry.closeSession(peers[0])
        registry.closeSession(peers[3])
        #expect(hit()?.sources == 1 && hit()?.reachableSources == 0, "a lone holder behind NAT")
        registry.closeSession(peers[2])
        #expect(hit() == nil && registry.unreachablePeers.isEmpty, "nothing kept of peers that left")
    }
}
