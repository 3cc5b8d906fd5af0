import Foundation
import IndexServer
import Model
import PeerEngine
import Testing
import TestSupport
import Wire

@Suite("Download queue and state", .serialized)
struct QueueTests {
    @Test("asking twice for the same file continues the same download instead of starting another")
    func sameFileSameDownload() async throws {
        try await TestIndex.with { index in
            let peer = try await TestPeer(indexPort: index.port, name: "leech")
            let key = FileKey.content(Fixtures.hash("nobody has this"))
            let first = try await peer.engine.download(key, name: "x", size: nil, from: nil)
            let second = try await peer.engine.download(key, name: "x", size: nil, from: nil)
            #expect(first == second)
            await peer.discard()
        }
    }

    @Test("a second process cannot use a state folder in use, with a clear message")
    func stateLock() throws {
        let folder = TestPeer.temporaryFolder("lock")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try StateStore(directory: folder)
        let refusal = #expect(throws: StateStore.Failure.self) { try StateStore(directory: folder) }
        #expect(refusal?.description == "another shoal is using the state folder \(folder); give this one its own --state")
        first.release()
        let again = try StateStore(directory: folder)
        again.release()
    }

    @Test("a download queued while the index is down waits for it, then completes")
    func waitsForTheIndex() async throws {
        let logs = LogRecorder()
        // Restarted on the same port: one no outgoing connection can take meanwhile.
        var configuration = IndexServerConfiguration(host: "127.0.0.1", port: try RestartablePort.pick())
        let probe = IndexServer(configuration: configuration, logger: logs.logger())
        let port = try #require(try await probe.start().port)
        try await probe.stop()

        let data = TestPeer.bytes(1_200_000, seed: 21)
        let leecher = try await TestPeer(indexPort: port, name: "leech")
        let id = try await leecher.engine.download(.content(FileHasher.digest(of: data).hash), name: "late.bin", size: nil, from: nil)
        try await leecher.waitFor(transfer: id, "the download to wait for the index") { s in s.lastError?.hasPrefix("waiting for the index") == true }
        configuration.port = port
        let index = IndexServer(configuration: configuration, logger: logs.logger())
        try await index.start()
        let seeder = try await TestPeer(indexPort: port, name: "seed", files: ["late.bin": data])
        let done = try await leecher.waitForTransfer(id)
        #expect(done.state == .completed, "\(done.lastError ?? "")")
        #expect(FileManager.default.contents(atPath: leecher.downloads + "/late.bin") == Data(data))
        await seeder.discard()
        await leecher.discard()
        try await index.stop()
    }

    @Test("with one upload slot, two downloaders both finish: the second waits on 503 Retry-After")
    func busySlots() async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(2 << 20, seed: 22)
            let seeder = try await TestPeer(indexPort: index.port, name: "seed", files: ["one.bin": data]) {
                $0.uploadSlots = 1
                $0.maximumUploadRate = 8 << 20
            }
            try await seeder.waitUntilConnected()
            let a = try await TestPeer(indexPort: index.port, name: "a"), b = try await TestPeer(indexPort: index.port, name: "b")
            let key = FileKey.content(FileHasher.digest(of: data).hash)
            let ida = try await a.engine.download(key, name: "one.bin", size: nil, from: nil)
            let idb = try await b.engine.download(key, name: "one.bin", size: nil, from: nil)
            let (da, db) = (try await a.waitForTransfer(ida), try await b.waitForTransfer(idb))
            #expect(da.state == .completed && db.state == .completed, "\(da.lastError ?? "") \(db.lastError ?? "")")
            #expect(FileManager.default.contents(atPath: b.downloads + "/one.bin") == Data(data))
            for peer in [a, b, seeder] { await peer.discard() }
        }
    }
}
