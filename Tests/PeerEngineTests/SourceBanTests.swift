import Foundation
import Model
import PeerEngine
import Testing
import TestSupport

/// Sources that send bad data are dropped for the file for good: the failure says which and why, and the
/// ban outlives a restart.
@Suite("Sources banned for bad data")
struct SourceBanTests {
    static let mib = 1 << 20

    @Test("a source sending bad chunks is dropped: the failed download says which and why in one line, and the ban is saved")
    func banNamedAndSaved() async throws {
        try await TestIndex.with { index in
            let real = TestPeer.bytes(3 * Self.mib + 5, seed: 41)
            let liar = try await FaultySource(file: TestPeer.bytes(real.count, seed: 42), name: "tape.wav", fault: .none,
                                              indexPort: index.port, claiming: real, servingTrueList: true)
            let clock = VirtualClock()
            let leecher = try await TestPeer.connected(indexPort: index.port, name: "leech", clock: clock)
            let id = try await leecher.engine.download(.content(FileHasher.digest(of: real).hash), name: "tape.wav", size: nil, from: nil)
            // The rounds' back-offs (1, 2, 4, 8 s) pass in virtual time: each is ended as soon as it starts.
            // (Only those: the engine's other timers, such as its half-second upload report, sleep on the
            // same clock and would otherwise drive time on without end.)
            let backOffs: Set<Duration> = [.seconds(1), .seconds(2), .seconds(4), .seconds(8)]
            let ticker = Task {
                for round in 1...4 {
                    try await clock.sleeps.waitFor(count: round, "back-off \(round)") { backOffs.contains($0) }
                    clock.advance(by: .seconds(8))
                }
            }
            defer { ticker.cancel() }
            let done = try await leecher.waitForTransfer(id)
            #expect(done.state == .failed && done.failure == .sourcesFailed)
            let reason = try #require(done.lastError)
            #expect(reason.hasPrefix("every source failed (127.0.0.1:\(liar.port) sent a bad chunk "), "\(reason)")
            #expect(reason.hasSuffix("); 4 chunks still missing") && !reason.contains("\n"), "\(reason)")
            #expect(liar.fileRequests == 1, "asked once, then never again in later rounds")
            await leecher.stop()
            let store = try StateStore(directory: leecher.folder + "/state")
            #expect(try await store.downloads().first?.bannedSources == ["127.0.0.1:\(liar.port)"])
            store.release()
            await liar.stop()
            try? FileManager.default.removeItem(atPath: leecher.folder)
        }
    }

    @Test("a source answering with a terabyte Content-Length is dropped at once, without buffering it; the file comes from the honest one")
    func hugeBody() async throws {
        try await TestIndex.with { index in
            let real = TestPeer.bytes(6 * Self.mib + 3, seed: 45)
            let huge = try await FaultySource(file: real, name: "disk.img", fault: .hugeBody, indexPort: index.port)
            // Slow, so the other source is surely asked too.
            let honest = try await TestPeer(indexPort: index.port, name: "honest", files: ["disk.img": real]) {
                $0.maximumUploadRate = 4_000_000
            }
            try await honest.waitUntilConnected()
            try await index.logs.waitFor(count: 2, "both registered") { $0.contains("registered 1 file") }
            let leecher = try await TestPeer.connected(indexPort: index.port, name: "leech")
            let (done, arrived) = try await leecher.fetch(real, name: "disk.img")
            #expect(done.state == .completed, "\(done.lastError ?? "")")
            #expect(arrived == Data(real))
            #expect(huge.fileRequests == 1)
            #expect(leecher.logs.messages().contains { $0.contains("127.0.0.1:\(huge.port) answered chunk") && $0.contains("dropped as a source") })
            await huge.stop()
            for peer in [honest, leecher] { await peer.discard() }
        }
    }

    @Test("an impostor with the file's true chunk list and a size 10 bytes short wins the index's tie, yet the file arrives whole")
    func impostorWithTrueList() async throws {
        try await TestIndex.with { index in
            let real = TestPeer.bytes(3 * Self.mib + 500, seed: 47)
            let liar = try await FaultySource(file: TestPeer.bytes(real.count - 10, seed: 48), name: "album.zip", fault: .none,
                                              indexPort: index.port, claiming: real, servingTrueList: true)
            let honest = try await TestPeer.connected(indexPort: index.port, name: "honest", files: ["album.zip": real])
            try await index.logs.waitFor(count: 2, "both registered") { $0.contains("registered 1 file") }
            let leecher = try await TestPeer.connected(indexPort: index.port, name: "leech")
            let hash = FileHasher.digest(of: real).hash
            let (agreed, _) = try await leecher.engine.index.lookup(.content(hash))
            #expect(agreed == UInt64(real.count - 10), "the impostor registered first: its size wins the tie")
            let (done, arrived) = try await leecher.fetch(real, name: "album.zip")
            #expect(done.state == .completed, "\(done.lastError ?? "")")
            #expect(arrived == Data(real))
            #expect(liar.fileRequests == 1)
            await liar.stop()
            for peer in [honest, leecher] { await peer.discard() }
        }
    }

    @Test("after a restart, a source banned for bad data is not asked again; the file comes from the honest one")
    func banOutlivesRestart() async throws {
        try await TestIndex.with { index in
            let real = TestPeer.bytes(6 * Self.mib + 9, seed: 43)
            let hash = FileHasher.digest(of: real).hash
            // Registered first, so it would be listed and asked first.
            let liar = try await FaultySource(file: TestPeer.bytes(real.count, seed: 44), name: "film.mkv", fault: .none,
                                              indexPort: index.port, claiming: real, servingTrueList: true)
            let honest = try await TestPeer.connected(indexPort: index.port, name: "honest", files: ["film.mkv": real])
            try await index.logs.waitFor(count: 2, "both registered") { $0.contains("registered 1 file") }
            // What an earlier run left: the download, queued, with the liar banned.
            let folder = TestPeer.temporaryFolder("restarted")
            let earlier = try StateStore(directory: folder + "/state")
            var record = DownloadRecord(key: .content(hash), name: "film.mkv", size: nil, fromPeer: nil)
            record.bannedSources = ["127.0.0.1:\(liar.port)"]
            let id = try await earlier.insertDownload(record)
            earlier.release()

            let leecher = try await TestPeer(indexPort: index.port, name: "leech", folder: folder)
            let done = try await leecher.waitForTransfer(id)
            #expect(done.state == .completed, "\(done.lastError ?? "")")
            #expect(FileManager.default.contents(atPath: leecher.downloads + "/film.mkv") == Data(real))
            #expect(liar.fileRequests == 0)
            await liar.stop()
            for peer in [honest, leecher] { await peer.discard() }
        }
    }
}
