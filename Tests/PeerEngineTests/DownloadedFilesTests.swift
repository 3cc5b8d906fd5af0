import Foundation
import Model
import PeerEngine
import Testing
import TestSupport

/// What the engine says it has downloaded: kept after the rows are cleared and across restarts, forgotten
/// once the file is gone from the downloads folder.
@Suite("Downloaded files", .serialized)
struct DownloadedFilesTests {
    @Test("a downloaded file is reported after its row is cleared and after a restart; once deleted, it is not")
    func remembered() async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(100_000, seed: 71)
            let key = FileKey.content(FileHasher.digest(of: data).hash)
            let seeder = try await TestPeer.connected(indexPort: index.port, name: "seed", files: ["song.flac": data])
            try await index.logs.waitFor("the seeder's file") { $0.contains("registered 1 file") }
            let folder = TestPeer.temporaryFolder("downloaded")
            var leecher = try await TestPeer(indexPort: index.port, name: "leech", folder: folder)
            try await leecher.waitUntilConnected()
            let (done, _) = try await leecher.fetch(data, name: "song.flac")
            #expect(done.state == .completed)
            // Each download is told as one key, never the whole list again (which would grow with every file).
            try await leecher.events.waitFor("the file reported as downloaded") { $0 == .fileDownloaded(key) }
            #expect(!leecher.events.all.contains { if case .downloadedFiles(let keys) = $0 { !keys.isEmpty } else { false } })
            await leecher.engine.perform(.clearFinished)
            await leecher.stop()

            leecher = try await TestPeer(indexPort: index.port, name: "leech", folder: folder)
            try await leecher.events.waitFor("still reported after a restart") { $0 == .downloadedFiles([key]) }
            await leecher.stop()

            try FileManager.default.removeItem(atPath: leecher.downloads + "/song.flac")
            leecher = try await TestPeer(indexPort: index.port, name: "leech", folder: folder)
            try await leecher.events.waitFor("forgotten once deleted") { $0 == .downloadedFiles([]) }
            await leecher.discard()
            await seeder.discard()
        }
    }
}
