import Foundation
import Model
import PeerEngine
import Testing
import TestSupport

/// The download queue under `max-downloads`: priorities, queue order, taking a slot, kept across runs.
@Suite("Download queue", .serialized)
struct DownloadQueueTests {
    static let mib = 1 << 20

    @Test("with one slot: a download raised to high takes the running one's slot; a moved one starts before the other; both are saved")
    func queue() async throws {
        try await TestIndex.with { index in
            let files = (0..<3).map { TestPeer.bytes(4 * Self.mib, seed: UInt64(60 + $0)) }
            let names = ["a.bin", "b.bin", "c.bin"]
            let seeder = try await TestPeer(indexPort: index.port, name: "seed", files: Dictionary(uniqueKeysWithValues: zip(names, files))) {
                $0.maximumUploadRate = Self.mib
            }
            try await seeder.waitUntilConnected()
            let leecher = try await TestPeer(indexPort: index.port, name: "leech") { $0.maximumActiveDownloads = 1 }
            try await leecher.waitUntilConnected()
            var queued: [Int64] = []
            for (name, bytes) in zip(names, files) {
                queued.append(try await leecher.engine.download(.content(FileHasher.digest(of: bytes).hash), name: name, size: nil, from: nil))
            }
            let ids = queued
            try await leecher.waitFor(transfer: ids[0], "a running") { $0.bytesDone > 0 }
            await leecher.engine.perform(.setPriority(ids[2], .high))
            try await leecher.waitFor(transfer: ids[2], "c, now high, running") { $0.bytesDone > 0 && $0.priority == .high }
            try await leecher.waitFor(transfer: ids[0], "a back in the queue, its chunks kept") { $0.state == .queued }
            // b moves before a: when c is paused, b starts, not a.
            await leecher.engine.perform(.moveInQueue(ids[1], by: -1))
            try await leecher.waitFor(transfer: ids[1], "b moved sooner") { $0.queueOrder == ids[0] }
            await leecher.engine.perform(.pause(ids[2]))
            try await leecher.waitFor(transfer: ids[1], "b running") { $0.bytesDone > 0 }
            let lastOfA = leecher.events.all.compactMap { event -> TransferSnapshot? in
                guard case .transfer(let snapshot) = event, snapshot.id == ids[0] else { return nil }
                return snapshot
            }.last
            #expect(lastOfA?.state == .queued, "a waits: b was moved before it")
            await leecher.stop()
            let store = try StateStore(directory: leecher.folder + "/state")
            let saved = Dictionary(uniqueKeysWithValues: try await store.downloads().map { ($0.id, $0) })
            #expect(saved[ids[2]]?.priority == .high)
            #expect((saved[ids[1]]?.queueOrder ?? 0) < (saved[ids[0]]?.queueOrder ?? 0))
            store.release()
            await seeder.discard()
            try? FileManager.default.removeItem(atPath: leecher.folder)
        }
    }

    @Test("the same file twice in a folder download (a cover in two albums) lands at both paths")
    func sameFileTwice() async throws {
        try await TestIndex.with { index in
            let cover = TestPeer.bytes(50_000, seed: 77)
            let seeder = try await TestPeer.connected(indexPort: index.port, name: "seed",
                                                      files: ["albums/one/cover.jpg": cover, "albums/two/cover.jpg": cover])
            try await index.logs.waitFor("the seeder's files") { $0.contains("registered") }
            let leecher = try await TestPeer.connected(indexPort: index.port, name: "leech")
            let key = FileKey.content(FileHasher.digest(of: cover).hash)
            let first = try await leecher.engine.download(key, name: "albums/one/cover.jpg", size: nil, from: nil)
            let second = try await leecher.engine.download(key, name: "albums/two/cover.jpg", size: nil, from: nil)
            #expect(first != second)
            for id in [first, second] { #expect(try await leecher.waitForTransfer(id).state == .completed) }
            for album in ["one", "two"] {
                #expect(FileManager.default.contents(atPath: leecher.downloads + "/albums/\(album)/cover.jpg") == Data(cover))
            }
            await leecher.discard()
            await seeder.discard()
        }
    }
}
