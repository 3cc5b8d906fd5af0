import Foundation
import Model
import PeerEngine
import Testing
import TestSupport
import Wire

@Suite("Sharing and queue control", .serialized)
struct SharingTests {
    @Test("a rescan registers new files and unregisters removed ones; a restart hashes nothing unchanged")
    func rescanAndCache() async throws {
        try await TestIndex.with { index in
            let folder = TestPeer.temporaryFolder("share")
            let peer = try await TestPeer.connected(indexPort: index.port, name: "sharer", files: ["a.txt": Array("one".utf8)], folder: folder)
            try await index.logs.waitFor("the first file") { $0.contains("registered 1 file (1 in all)") }
            try Data("two".utf8).write(to: URL(fileURLWithPath: peer.uploads + "/b.txt"))
            await peer.engine.perform(.rescan)
            try await index.logs.waitFor("the added file") { $0.contains("registered 1 file (2 in all)") }
            try FileManager.default.removeItem(atPath: peer.uploads + "/a.txt")
            await peer.engine.perform(.rescan)
            try await index.logs.waitFor("the removed file") { $0.contains("removed 1 file (1 in all)") }
            await peer.stop()

            let again = try await TestPeer(indexPort: index.port, name: "sharer", folder: folder)
            let first = try await again.events.waitFor("the scan status") {
                if case .share = $0 { return true }
                return false
            }
            #expect(first == .share(ShareStatus(files: 1, bytes: 3, hashed: 1, pending: 0)), "b.txt came from the hash cache")
            await again.discard()
        }
    }

    @Test("--from one peer: only that peer is asked")
    func fromOnePeer() async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(3 << 20, seed: 31)
            let one = try await TestPeer(indexPort: index.port, name: "one", files: ["f.bin": data])
            let two = try await TestPeer(indexPort: index.port, name: "two", files: ["f.bin": data])
            let leecher = try await TestPeer(indexPort: index.port, name: "leech")
            let chosen = try await two.waitUntilConnected()
            try await one.waitUntilConnected()
            try await index.logs.waitFor("both registrations") { _ in index.server.statistics.records == 2 }
            let id = try await leecher.engine.download(.content(FileHasher.digest(of: data).hash), name: "f.bin", size: nil, from: chosen)
            #expect(try await leecher.waitForTransfer(id).state == .completed)
            #expect(one.engine.uploadStatistics.servedRanges.isEmpty && two.engine.uploadStatistics.servedRanges.count == 3)
            for peer in [one, two, leecher] { await peer.discard() }
        }
    }

    @Test("a download never replaces a different file of the same name: it arrives as 'name (1).ext'")
    func noOverwrite() async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(5000, seed: 32)
            let seeder = try await TestPeer(indexPort: index.port, name: "seed", files: ["notes.txt": data])
            let leecher = try await TestPeer(indexPort: index.port, name: "leech")
            try FileManager.default.createDirectory(atPath: leecher.downloads, withIntermediateDirectories: true)
            try Data("mine, not theirs".utf8).write(to: URL(fileURLWithPath: leecher.downloads + "/notes.txt"))
            try await seeder.waitUntilConnected()
            let id = try await leecher.engine.download(.content(FileHasher.digest(of: data).hash), name: "notes.txt", size: nil, from: nil)
            let done = try await leecher.waitForTransfer(id)
            #expect(done.path == leecher.downloads + "/notes (1).txt")
            #expect(FileManager.default.contents(atPath: leecher.downloads + "/notes.txt") == Data("mine, not theirs".utf8))
            #expect(FileManager.default.contents(atPath: leecher.downloads + "/notes (1).txt") == Data(data))
            await seeder.discard()
            await leecher.discard()
        }
    }

    @Test("pause stops a download, resume finishes it, cancel removes its partial data")
    func pauseResumeCancel() async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(6 << 20, seed: 33)
            let other = TestPeer.bytes(6 << 20, seed: 34)
            let seeder = try await TestPeer(indexPort: index.port, name: "seed", files: ["p.bin": data, "c.bin": other]) {
                $0.maximumUploadRate = 4 << 20
            }
            let leecher = try await TestPeer(indexPort: index.port, name: "leech")
            try await seeder.waitUntilConnected()
            try await index.logs.waitFor("the files") { $0.contains("registered 2 files") }
            let paused = try await leecher.engine.download(.content(FileHasher.digest(of: data).hash), name: "p.bin", size: nil, from: nil)
            try await leecher.waitFor(transfer: paused, "a first chunk") { s in s.bytesDone > 0 }
            await leecher.engine.perform(.pause(paused))
            try await leecher.waitFor(transfer: paused, "the pause") { s in s.state == .paused }
            let cancelled = try await leecher.engine.download(.content(FileHasher.digest(of: other).hash), name: "c.bin", size: nil, from: nil)
            try await leecher.waitFor(transfer: cancelled, "the second download to start") { s in s.bytesDone > 0 }
            await leecher.engine.perform(.cancel(cancelled))
            try await leecher.waitFor(transfer: cancelled, "the cancellation") { s in s.state == .cancelled }
            let partials = (try? FileManager.default.contentsOfDirectory(atPath: leecher.downloads + "/.partial")) ?? []
            #expect(partials.count == 1, "only the paused download keeps partial data: \(partials)")
            await leecher.engine.perform(.resume(paused))
            #expect(try await leecher.waitForTransfer(paused).state == .completed)
            #expect(FileManager.default.contents(atPath: leecher.downloads + "/p.bin") == Data(data))
            #expect(!FileManager.default.fileExists(atPath: leecher.downloads + "/c.bin"))
            await seeder.discard()
            await leecher.discard()
        }
    }

    @Test("a share scan that fails (the folder cannot be read) keeps the last good share instead of withdrawing it")
    func unreadableShareKeepsLastGood() async throws {
        try await TestIndex.with { index in
            let peer = try await TestPeer(indexPort: index.port, name: "seed", files: ["keep.txt": Array("kept".utf8)])
            #expect(peer.engine.catalog.all.map(\.name) == ["keep.txt"])
            // The folder becomes a symlink loop: reading it fails (ELOOP), which is not "the folder is gone".
            let uploads = peer.uploads
            try FileManager.default.moveItem(atPath: uploads, toPath: uploads + "-real")
            try FileManager.default.createSymbolicLink(atPath: uploads, withDestinationPath: uploads + "-loop")
            try FileManager.default.createSymbolicLink(atPath: uploads + "-loop", withDestinationPath: uploads)
            try await peer.engine.rescan()
            #expect(peer.engine.catalog.all.map(\.name) == ["keep.txt"], "the share is kept")
            #expect(peer.logs.messages().contains { $0.contains("keeping the last good share of 1 files") })
            // A folder that really is gone is another matter: nothing is shared.
            try FileManager.default.removeItem(atPath: uploads)
            try FileManager.default.removeItem(atPath: uploads + "-loop")
            try await peer.engine.rescan()
            #expect(peer.engine.catalog.all.isEmpty)
            await peer.discard()
        }
    }
}
