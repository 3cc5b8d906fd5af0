import Foundation
import IndexServer
import Logging
import Model
import NIOPosix
@testable import PeerEngine
import Testing
import TestSupport
@_spi(Testing) import Trust

/// TLS on every P2P-CI/2.1 link (PROTOCOL.md §9.1), with plaintext off as shoal runs by default.
@Suite("TLS and keyprints")
struct TLSTests {
    /// A peer as users run it: TLS only.
    static func strict(_ configuration: inout EngineConfiguration) { configuration.allowsPlaintext = false }

    /// The reason of the next `disconnected` state `peer` reports.
    static func refusal(of peer: TestPeer) async throws -> String {
        let event = try await peer.events.waitFor("the index to be refused") {
            if case .index(.disconnected) = $0 { return true }
            return false
        }
        guard case .index(.disconnected(_, let reason, _)) = event else { return "" }
        return reason
    }

    @Test("peers join over TLS, the index publishes their keyprints, and a download goes over TLS pinned to the source's")
    func encryptedEndToEnd() async throws {
        try await TestIndex.with({ $0.links.allowsPlaintext = false }) { index in
            let bytes = TestPeer.bytes(300_000, seed: 71)
            let sharer = try await TestPeer.connected(indexPort: index.port, name: "sharer", files: ["plan.bin": bytes],
                                                      configure: Self.strict)
            let leecher = try await TestPeer.connected(indexPort: index.port, name: "leecher", configure: Self.strict)
            let found = try await leecher.engine.index.lookup(.content(FileHasher.digest(of: bytes).hash))
            #expect(found.sources.map(\.keyprint) == [sharer.engine.trust.identity.keyprint.description],
                    "the index publishes the key the sharer proved in its HELLO")
            let (done, arrived) = try await leecher.fetch(bytes, name: "plan.bin")
            #expect(done.state == .completed && arrived == Data(bytes))
            #expect(!leecher.events.all.contains { event in
                if case .index(.connected(_, _, _, _, let plaintext)) = event { return plaintext }
                return false
            }, "never plaintext to the index")
            #expect(try await sharer.engine.trust.keys.keyprint(of: "127.0.0.1:\(index.port)") == TestIdentities.index.keyprint.description,
                    "the index's key is remembered on first use")
            await sharer.discard()
            await leecher.discard()
        }
    }

    @Test("an address whose kp is not the index's key is refused in one line naming both keys")
    func wrongKeyprint() async throws {
        try await TestIndex.with { index in
            let expected = TestIdentities.stranger.keyprint.description
            let peer = try await TestPeer(indexPort: index.port, name: "careful") {
                $0.indexKeyprint = expected
                $0.allowsPlaintext = false
            }
            let reason = try await Self.refusal(of: peer)
            #expect(reason.contains(expected) && reason.contains(TestIdentities.index.keyprint.description), "\(reason)")
            #expect(!reason.contains("\n"))
            await peer.discard()
        }
    }

    @Test("trust on first use: an index that comes back with another key is refused, naming the remembered one")
    func changedKey() async throws {
        let logs = LogRecorder()
        // Restarted on the same port: one no outgoing connection can take meanwhile.
        var configuration = IndexServerConfiguration(host: "127.0.0.1", port: try RestartablePort.pick())
        configuration.links = LinkPolicy(identity: TestIdentities.index)
        let first = IndexServer(configuration: configuration, logger: logs.logger())
        let port = try #require(try await first.start().port)
        let peer = try await TestPeer.connected(indexPort: port, name: "loyal", configure: Self.strict)
        let before = peer.events.count
        try await first.stop()
        configuration.port = port
        configuration.links = LinkPolicy(identity: TestIdentities.stranger)
        let secondLogs = LogRecorder()
        let second = IndexServer(configuration: configuration, logger: secondLogs.logger())
        try await second.start()
        let reason = try await peer.events.waitFor("the new key to be refused", after: before) {
            if case .index(.disconnected(_, let reason, _)) = $0 { return reason.contains("presented key") }
            return false
        }
        guard case .index(.disconnected(_, let text, _)) = reason else { return }
        #expect(text.contains(TestIdentities.stranger.keyprint.description) && text.contains(TestIdentities.index.keyprint.description))
        #expect(second.statistics.records == 0, "nothing was registered with the impostor")
        #expect(!secondLogs.messages().contains { $0.contains("uploads at") }, "no HELLO reached it")
        await peer.discard()
        try await second.stop()
    }

    @Test("an index whose certificate has expired is refused in one line")
    func expired() async throws {
        let identity = try TLSIdentity.expired(name: "old index", ago: 86400)
        try await TestIndex.with({ $0.links = LinkPolicy(identity: identity) }) { index in
            let peer = try await TestPeer(indexPort: index.port, name: "careful", configure: Self.strict)
            let reason = try await Self.refusal(of: peer)
            #expect(reason.contains("has expired") && reason.contains(identity.keyprint.description), "\(reason)")
            await peer.discard()
        }
    }

    @Test("an index whose certificate is malformed is refused in one line")
    func malformedCertificate() async throws {
        try await SystemTool.openssl.require()
        let folder = TestPeer.temporaryFolder("malformed-certificate")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let identity = try TLSIdentity.loadOrCreate(in: folder, name: "malformed")
        try MalformedCertificate.write(from: folder + "/tls-certificate.pem", to: folder + "/malformed.pem")
        // openssl serves a certificate as it reads it, where BoringSSL refuses to load this one at all.
        // -www: it answers on its own instead of reading stdin, whose end would stop it.
        let command = "exec openssl s_server -www -tls1_3 -cert malformed.pem -key tls-key.pem -accept 127.0.0.1:0 </dev/null 1>&2"
        let server = try BackgroundProcess("/bin/sh", ["-c", command], in: folder)
        defer { server.terminate() }
        let accepting = try await server.waitForLine(containing: "ACCEPT")
        let port = try #require(accepting.split(separator: ":").last.flatMap { Int($0) }, "\(accepting)")
        let peer = try await TestPeer(indexPort: port, name: "careful") {
            $0.indexKeyprint = identity.keyprint.description
            $0.allowsPlaintext = false
        }
        let reason = try await Self.refusal(of: peer)
        #expect(reason.contains("certificate") && reason.contains("cannot be read"), "\(reason)")
        #expect(!reason.contains("\n") && reason.count < 200, "\(reason)")
        await peer.discard()
    }

    @Test("a banned peer is told so in one line, though the refusal comes before any TLS")
    func banned() async throws {
        try await TestIndex.with({ $0.access.bans = try! BanList(text: "127.0.0.0/8") }) { index in
            let peer = try await TestPeer(indexPort: index.port, name: "banned", configure: Self.strict)
            let reason = try await Self.refusal(of: peer)
            #expect(reason.contains("403") && reason.contains("banned"), "\(reason)")
            await peer.discard()
        }
    }

    @Test("a TLS-only peer and an index without TLS: refused in one line that says how to allow plaintext")
    func plaintextIndex() async throws {
        try await TestIndex.with({ $0.links = LinkPolicy() }) { index in
            let peer = try await TestPeer(indexPort: index.port, name: "careful", configure: Self.strict)
            let reason = try await Self.refusal(of: peer)
            #expect(reason.contains("without TLS") && reason.contains("allow-plaintext"), "\(reason)")
            #expect(index.logs.messages().allSatisfy { !$0.contains("greeted") && !$0.contains("HELLO") },
                    "no HELLO went out in plaintext")
            await peer.discard()
        }
    }

    @Test("with plaintext allowed and an index without TLS, the peer joins and says it is not encrypted")
    func plaintextAllowed() async throws {
        try await TestIndex.with({ $0.links = LinkPolicy() }) { index in
            let peer = try await TestPeer.connected(indexPort: index.port, name: "relaxed")
            #expect(peer.events.all.contains { event in
                if case .index(.connected(_, _, _, _, let plaintext)) = event { return plaintext }
                return false
            })
            #expect(peer.logs.messages().contains { $0.contains("offers no TLS") })
            await peer.discard()
        }
    }

    @Test("plaintext P2P-CI/2.1 on a TLS index gets 426 in one line; classic requests are served, or 505 with --no-classic")
    func plaintextClient() async throws {
        try await TestIndex.with({ $0.links.allowsPlaintext = false }) { index in
            let client = try await index.connect()
            try await client.send("LOOKUP RFC 1 P2P-CI/1.0\r\nHost: h\r\nPort: 1\r\n\r\n")
            #expect(try await client.response().status == .notFound, "a classic peer is still served")
            try await client.send("PING P2P-CI/2.1\r\n\r\n")
            let answer = try await client.response()
            #expect(answer.status == .tlsRequired && answer.headers["Reason"]?.contains("only over TLS") == true)
            #expect(try await client.readUntilClosed().isEmpty, "and the connection closes")
        }
        try await TestIndex.with({ $0.links.servesClassic = false }) { index in
            let client = try await index.connect()
            try await client.send("LOOKUP RFC 1 P2P-CI/1.0\r\nHost: h\r\nPort: 1\r\n\r\n")
            #expect(try await client.response().status == .versionNotSupported)
        }
    }

    @Test("a TLS-only peer's upload port answers a plaintext P2P-CI/2.1 GET with 426, and still serves classic GETs")
    func plaintextDownloader() async throws {
        try await TestIndex.with { index in
            let sharer = try await TestPeer.connected(indexPort: index.port, name: "sharer", files: ["rfc7.txt": Array("seven".utf8)],
                                                      configure: Self.strict)
            let port = try #require(sharer.engine.uploadPort)
            let client = try await RawClient.connect(port: port)
            try await client.send("GET FILE \(FileHasher.digest(of: Array("seven".utf8)).hash.hex) P2P-CI/2.1\r\n\r\n")
            let answer = try await client.response()
            #expect(answer.status == .tlsRequired, "\(answer.headers["Reason"] ?? "")")
            let classic = try await RawClient.connect(port: port)
            try await classic.send("GET RFC 7 P2P-CI/1.0\r\nHost: h\r\nOS: Linux\r\n\r\n")
            #expect(try await classic.response().status == .ok)
            await sharer.discard()
        }
    }
}

/// Downloads check the source's key against the one the index published (§9.1).
@Suite("TLS between peers")
struct PeerTLSTests {
    @Test("a source whose upload port shows another key than it proved to the index is refused, naming both keys")
    func impostorSource() async throws {
        try await TestIndex.with { index in
            let bytes = TestPeer.bytes(10_000, seed: 72)
            let digest = FileHasher.digest(of: bytes)
            // The source proves key A to the index; its upload port shows key B.
            let shown = try TLSIdentity.ephemeral(name: "proven to the index"), served = TestIdentities.stranger
            let pool = NIOThreadPool(numberOfThreads: 1)
            pool.start()
            let uploads = UploadServer(catalog: ShareCatalog(), limits: UploadLimits(slots: 1, bytesPerSecond: nil),
                                       statistics: UploadStatistics(), logger: Logger(label: "impostor"), pool: pool,
                                       trust: PeerTrust(identity: served, keys: TransientIndexKeys()))
            let port = try await uploads.start(host: "127.0.0.1", port: 0)
            let link = IndexClient(settings: .init(host: "127.0.0.1", port: index.port, uploadPort: port, nickname: "impostor"),
                                   logger: Logger(label: "impostor"), trust: PeerTrust(identity: shown, keys: TransientIndexKeys()),
                                   onState: { _ in })
            await link.setShare([FileAnnouncement(hash: digest.hash, size: UInt64(bytes.count), name: "bait.bin")])
            let running = Task { await link.run() }
            try await index.logs.waitFor("the bait registered") { $0.contains("registered 1 file") }
            let leecher = try await TestPeer.connected(indexPort: index.port, name: "leecher", configure: TLSTests.strict)
            let (done, arrived) = try await leecher.fetch(bytes, name: "bait.bin")
            #expect(done.state == .failed && arrived == nil)
            let said = leecher.logs.messages().joined(separator: "\n") + (done.lastError ?? "")
            #expect(said.contains(served.keyprint.description) && said.contains(shown.keyprint.description), "\(done.lastError ?? "")")
            await link.stop()
            running.cancel()
            await uploads.stop()
            try await pool.shutdownGracefully()
            await leecher.discard()
        }
    }

    @Test("a source that joined without TLS is not used by a TLS-only downloader, which says why; one that allows plaintext uses it")
    func keylessSource() async throws {
        try await TestIndex.with { index in
            let bytes = TestPeer.bytes(20_000, seed: 73)
            let source = try await FaultySource(file: bytes, name: "open.bin", fault: .none, indexPort: index.port)
            let strict = try await TestPeer.connected(indexPort: index.port, name: "strict", configure: TLSTests.strict)
            let (refused, nothing) = try await strict.fetch(bytes, name: "open.bin")
            #expect(refused.state == .failed && nothing == nil && source.fileRequests == 0)
            let said = (refused.lastError ?? "") + strict.logs.messages().joined(separator: "\n")
            #expect(said.contains("joined the index without TLS") && said.contains("allow-plaintext"), "\(refused.lastError ?? "")")
            let relaxed = try await TestPeer.connected(indexPort: index.port, name: "relaxed")
            let (done, arrived) = try await relaxed.fetch(bytes, name: "open.bin")
            #expect(done.state == .completed && arrived == Data(bytes))
            await source.stop()
            await strict.discard()
            await relaxed.discard()
        }
    }
}
