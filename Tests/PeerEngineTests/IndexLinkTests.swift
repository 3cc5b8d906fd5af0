import Foundation
import IndexServer
import Logging
import Model
import PeerEngine
import Testing
import TestSupport

@Suite("Index link", .serialized)
struct IndexLinkTests {
    @Test("when the index restarts, the peer reconnects by itself and registers its share again")
    func indexRestart() async throws {
        let logs = LogRecorder()
        // Restarted on the same port: one no outgoing connection can take meanwhile.
        var configuration = IndexServerConfiguration(host: "127.0.0.1", port: try RestartablePort.pick())
        let first = IndexServer(configuration: configuration, logger: logs.logger())
        let port = try #require(try await first.start().port)
        let peer = try await TestPeer.connected(indexPort: port, name: "seed", files: ["song.ogg": Array("la la".utf8)])
        let before = peer.events.count
        try await first.stop()
        try await peer.events.waitFor("the disconnection", after: before) {
            if case .index(.disconnected) = $0 { return true }
            return false
        }
        configuration.port = port
        let secondLogs = LogRecorder()
        let second = IndexServer(configuration: configuration, logger: secondLogs.logger())
        try await second.start()
        try await peer.waitUntilConnected(after: before)
        try await secondLogs.waitFor("the share registered again") { $0.contains("registered 1 file") && $0.contains("(1 in all)") }
        #expect(second.statistics.records == 1)
        await peer.discard()
        try await second.stop()
    }

    @Test("told 429 by flood control while registering, the peer waits as told and registers its share after all")
    func floodControlledRegistration() async throws {
        try await TestIndex.with({ $0.floodControl = FloodControl(requestsPerSecond: 1, requestBurst: 1) }) { index in
            let peer = try await TestPeer.connected(indexPort: index.port, name: "seed", files: ["song.ogg": Array("la la".utf8)])
            try await index.logs.waitFor("the share registered after the wait") { $0.contains("registered 1 file") }
            #expect(index.server.statistics.records == 1)
            await peer.discard()
        }
    }

    @Test("stopping a peer returns at once, whatever its index connection is doing (connecting, greeting, idle)")
    func promptStop() async throws {
        try await TestIndex.with { index in
            for round in 0..<4 {
                let peer = try await TestPeer(indexPort: index.port, name: "quick\(round)", files: ["a.txt": [1, 2, 3]])
                if round == 3 { try await peer.waitUntilConnected() }
                try await within(TestDeadline.eventDuration, "the engine to stop") { await peer.discard() }
            }
        }
    }

    @Test("with no index, queries fail at once with a clear error")
    func unreachable() async throws {
        let peer = try await TestPeer(indexPort: 1, name: "alone")
        await #expect(throws: IndexLinkError.self) { try await peer.engine.index.search(SearchQuery(keywords: ["x1"])) }
        await peer.discard()
    }
}
