import Foundation
import Model
import NIOCore
import NIOEmbedded
import NIOPosix
@testable import PeerEngine
import Testing
import TestSupport
import Wire

/// Downloading from a source behind NAT (§5.11): the index asks it to connect back to the downloader, and
/// the transfer runs over that connection. "Behind NAT" here is a peer whose upload server listens on
/// 127.0.0.2 while it talks to the index from 127.0.0.1, at a port reserved on 127.0.0.1: the index's
/// probe, and a direct connection, are refused.
/// Two peers both behind NAT punch through real routers: NATLabTests.
@Suite("Connecting back through the index")
struct RelayTests {
    static let bytes = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }

    /// A peer "behind NAT" sharing ``bytes``, once the index has its file (see ``ReservedPort``; keep `port`
    /// while the peer runs).
    static func hiddenSource(_ index: TestIndex, port: ReservedPort) async throws -> (TestPeer, PeerID) {
        let hidden = try await TestPeer(indexPort: index.port, name: "hidden", files: ["big.bin": bytes]) {
            $0.uploadHost = "127.0.0.2"
            $0.uploadPort = port.port
        }
        let id = try await hidden.waitUntilConnected()
        try await index.logs.waitFor("the hidden peer's files") { $0.contains("peer \(id) registered 1 file") }
        return (hidden, id)
    }

    @Test("a source behind NAT connects back when the index asks; the download runs over that connection, every chunk verified")
    func connectBack() async throws {
        try await TestIndex.with { index in
            let reserved = try ReservedPort()
            let (hidden, hiddenID) = try await Self.hiddenSource(index, port: reserved)
            let getter = try await TestPeer(indexPort: index.port, name: "getter")
            let getterID = try await getter.waitUntilConnected()
            let (done, arrived) = try await getter.fetch(Self.bytes, name: "big.bin")
            #expect(done.state == .completed && arrived == Data(Self.bytes), "\(done.lastError ?? "")")
            try await index.logs.waitFor("the relayed request") { $0.contains("asked \(hiddenID) to connect back to \(getterID)") }
            try await hidden.logs.waitFor("the connection back") { $0.contains("connected back to \(getterID)") }
            await getter.discard()
            await hidden.discard()
            withExtendedLifetime(reserved) {}
        }
    }

    @Test("a connection that gives an unknown token is closed unanswered; one that does not begin with GIVE is served as usual")
    func forgedToken() async throws {
        try await TestIndex.with { index in
            let peer = try await TestPeer.connected(indexPort: index.port, name: "peer", files: ["small.txt": Array("small\n".utf8)])
            let port = try #require(peer.engine.uploadPort)
            let forger = try await RawClient.connect(port: port)
            try await forger.send("GIVE P2P-CI/2.1\r\nToken: \(RelayToken().text)\r\n\r\nGET CHUNKS \(String(repeating: "a", count: 64)) P2P-CI/2.1\r\n\r\n")
            #expect(try await forger.readUntilClosed() == "", "closed, nothing answered")
            let honest = try await RawClient.connect(port: port)
            try await honest.send("GIVE")  // the first bytes of a GIVE, then something else: not a GIVE after all
            try await honest.send("N P2P-CI/2.1\r\n\r\n")
            #expect(try await honest.response().status == .badRequest, "an unknown method, answered by the upload server")
            await peer.discard()
        }
    }
}

/// The downloader's side of a token (§5.11): taken once, by the download that made it, until it expires.
@Suite("Tokens for connections back")
struct PendingGivesTests {
    @Test("a token is claimed once; a second claim (a reused token) finds nothing; an expired token fails its download and is gone")
    func onceThenGone() async throws {
        let gives = PendingGives(), loop = MultiThreadedEventLoopGroup.singleton.next()
        let token = RelayToken()
        let waiting = gives.expect(token, on: loop, timeout: .seconds(60))
        let claim = try #require(gives.claim(token))
        #expect(gives.claim(token) == nil, "a reused token is refused")
        // The testing channel for async code: an EmbeddedChannel may only be used on the thread that made it,
        // and this test goes on wherever its awaits resume.
        let channel = NIOAsyncTestingChannel()
        claim.succeed(channel)
        #expect(try await waiting.get() === channel)
        _ = try await channel.finish()  // a testing channel keeps its pipeline (a cycle) until it is closed
        let late = RelayToken()
        let expired = gives.expect(late, on: loop, timeout: .milliseconds(1))
        do {
            _ = try await expired.get()
            Issue.record("the token did not expire")
        } catch {
            #expect(error is PendingGives.ConnectBackTimeout)
        }
        #expect(gives.claim(late) == nil, "an expired token is refused")
    }
}
