import Foundation
import Model
import PeerEngine
import Testing
import TestSupport

/// What the transfer details view is told: each source's part, the chunk map, where the file lands; an
/// upload's peer.
@Suite("Transfer details", .serialized)
struct TransferDetailsTests {
    static let mib = 1 << 20

    @Test("a download's details name each source with the chunks and bytes it gave and why it failed; the map is all verified at the end")
    func download() async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(6 * Self.mib + 500, seed: 51)
            let honest = try await TestPeer(indexPort: index.port, name: "honest", files: ["film.mkv": data]) {
                $0.maximumUploadRate = 4 * Self.mib
            }
            try await honest.waitUntilConnected()
            let faulty = try await FaultySource(file: data, name: "film.mkv", fault: .closeMidChunk, indexPort: index.port)
            let leecher = try await TestPeer(indexPort: index.port, name: "leech") { $0.chunkTimeout = .seconds(3) }
            try await leecher.waitUntilConnected()
            let hash = FileHasher.digest(of: data).hash
            let id = try await leecher.engine.download(.content(hash), name: "film.mkv", size: nil, from: nil)
            // While it runs: a chunk map of every chunk.
            try await leecher.waitFor(transfer: id, "some chunks verified") { $0.bytesDone > 0 }
            guard case .details(let running?) = await leecher.engine.ask(.transferDetails(id)) else {
                Issue.record("no details while running")
                return
            }
            #expect(running.chunks?.count == 7)
            #expect(running.destination == leecher.downloads + "/film.mkv")
            let done = try await leecher.waitForTransfer(id)
            #expect(done.state == .completed, "\(done.lastError ?? "")")
            guard case .details(let details?) = await leecher.engine.ask(.transferDetails(id)) else {
                Issue.record("no details after the end")
                return
            }
            #expect(details.chunks == ChunkMap(runs: [.init(.verified, 7)]))
            #expect(details.verification.contains("7 of 7 verified"))
            #expect(details.sources.reduce(0) { $0 + $1.chunks } == 7)
            #expect(details.sources.reduce(0) { $0 + $1.bytes } == UInt64(data.count))
            #expect(details.sources.count == 2, "\(details.sources)")
            let failed = details.sources.first { $0.chunks == 0 }
            #expect(failed?.lastError != nil, "the faulty source says why: \(details.sources)")
            #expect(details.sources.allSatisfy { $0.activity == .idle || $0.activity == .banned })
            // The seeder's upload row has the leecher as its peer.
            let uploads = honest.engine.uploadStatistics.totals
            let upload = try #require(uploads.first)
            guard case .details(let served?) = await honest.engine.ask(.transferDetails(upload.id)) else {
                Issue.record("no upload details")
                return
            }
            #expect(served.transfer.direction == .upload && served.sources.count == 1)
            #expect(served.sources.first?.bytes == upload.bytesSent)
            #expect(await leecher.engine.ask(.transferDetails(999)) == .details(nil))
            await faulty.stop()
            for peer in [honest, leecher] { await peer.discard() }
        }
    }
}
