import Foundation
import Model
import PeerEngine
import Testing
import TestSupport
import Wire

/// Real index, real peers, real files, all on 127.0.0.1 in one process.
@Suite("Transfers between peers", .serialized)
struct TransferTests {
    static let mib = 1 << 20

    /// File contents (compared as Data, so a mismatch prints sizes, not megabytes of bytes).
    private func contents(_ path: String) -> Data? {
        FileManager.default.contents(atPath: path)
    }

    private func partialFiles(_ peer: TestPeer) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: peer.downloads + "/.partial")) ?? []
    }

    @Test("share, search, download: the bytes arrive verified, nothing partial is left visible")
    func shareSearchDownload() async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(2 * Self.mib + 4321, seed: 1)
            let seeder = try await TestPeer(indexPort: index.port, name: "seed", files: ["music/Café del Mar.flac": data])
            let leecher = try await TestPeer(indexPort: index.port, name: "leech")
            try await seeder.waitUntilConnected()
            try await leecher.waitUntilConnected()
            try await index.logs.waitFor("the seeder's registration") { $0.contains("registered 1 file") }

            let (hits, _) = try await leecher.engine.index.search(SearchQuery(keywords: ["cafe", "mar"]))
            let hit = try #require(hits.first)
            // The index shows the file's path in the share; a single download keeps its own name.
            #expect(hit.name == "music/Café del Mar.flac" && hit.size == UInt64(data.count) && hit.sources == 1)
            let id = try await leecher.engine.download(hit.key, name: SharePath.fileName(hit.name), size: hit.size, from: nil)
            let done = try await leecher.waitForTransfer(id)
            #expect(done.state == .completed, "\(done.lastError ?? "")")
            #expect(contents(leecher.downloads + "/Café del Mar.flac") == Data(data))
            #expect(partialFiles(leecher).isEmpty)
            await seeder.discard()
            await leecher.discard()
        }
    }

    @Test("three sources at once share the work, including a short last chunk")
    func threeSources() async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(5 * Self.mib + 123, seed: 2)
            var seeders: [TestPeer] = []
            for n in 0..<3 {
                seeders.append(try await TestPeer(indexPort: index.port, name: "seed\(n)", files: ["big.bin": data]) {
                    $0.maximumUploadRate = 3 * Self.mib
                })
            }
            let leecher = try await TestPeer(indexPort: index.port, name: "leech")
            for peer in seeders + [leecher] { try await peer.waitUntilConnected() }
            let hash = FileHasher.digest(of: data).hash
            try await index.logs.waitFor("three registrations") { _ in index.server.statistics.items == 1 && index.server.statistics.records == 3 }
            let (size, sources) = try await leecher.engine.index.lookup(.content(hash))
            #expect(size == UInt64(data.count) && sources.count == 3)

            let (done, arrived) = try await leecher.fetch(data, name: "big.bin", size: size)
            #expect(done.state == .completed, "\(done.lastError ?? "")")
            #expect(arrived == Data(data))
            let served = seeders.map { $0.engine.uploadStatistics.servedRanges }
            #expect(served.allSatisfy { !$0.isEmpty }, "every source sent chunks: \(served.map(\.count))")
            // Near the end an idle source may fetch a copy of a chunk another is still fetching (the endgame):
            // two copies, plus copies of sources that had not yet delivered a chunk, so never more than one
            // per source.
            let copies = Dictionary(grouping: served.flatMap { $0 }, by: \.first).mapValues(\.count)
            #expect(copies.count == 6 && copies.values.allSatisfy { $0 <= seeders.count },
                    "each of the 6 chunks was fetched, at most once per source: \(copies)")
            #expect(served.flatMap { $0 }.contains { $0.first == UInt64(5 * Self.mib) && $0.last == UInt64(data.count - 1) })
            for peer in seeders + [leecher] { await peer.discard() }
        }
    }

    @Test("a source sending flipped bytes is dropped and the file still arrives intact")
    func lyingSource() async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(4 * Self.mib, seed: 3)
            let liar = try await TestPeer(indexPort: index.port, name: "liar", files: ["f.bin": data])
            // After hashing, the liar's copy changes on disk with the same size and modification time, so it
            // still serves it: every chunk it sends is wrong.
            var flipped = data
            for chunk in 0..<4 { flipped[chunk * Self.mib + 10] ^= 0xFF }
            let path = liar.uploads + "/f.bin"
            var info = stat()
            stat(path, &info)
            try Data(flipped).write(to: URL(fileURLWithPath: path))
            var times = [info.st_atim, info.st_mtim]
            #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
            let clock = VirtualClock()
            let leecher = try await TestPeer(indexPort: index.port, name: "leech", clock: clock)
            for peer in [liar, leecher] { try await peer.waitUntilConnected() }
            try await index.logs.waitFor("the liar's registration") { _ in index.server.statistics.records == 1 }

            // The liar is the only source at first, so its chunk is checked (an honest source that came first
            // could deliver every chunk before the liar's answer arrives, and the liar would go unnoticed).
            let id = try await leecher.engine.download(.content(FileHasher.digest(of: data).hash), name: "f.bin",
                                                       size: nil, from: nil)
            try await leecher.logs.waitFor("the liar dropped") { $0.contains("sent a bad chunk") }
            let honest = try await TestPeer.connected(indexPort: index.port, name: "honest", files: ["f.bin": data])
            try await index.logs.waitFor("the honest registration") { _ in index.server.statistics.records == 2 }
            // The round's back-off passes in virtual time; the next round finds the honest source.
            try await clock.sleeps.waitFor(count: 1, "the back-off before the next round") { $0 == .seconds(1) }
            clock.advance(by: .seconds(1))

            let done = try await leecher.waitForTransfer(id)
            #expect(done.state == .completed, "\(done.lastError ?? "")")
            #expect(FileManager.default.contents(atPath: leecher.downloads + "/f.bin") == Data(data))
            #expect(liar.engine.uploadStatistics.servedRanges.count == 1, "the liar was asked once, then dropped")
            for peer in [honest, liar, leecher] { await peer.discard() }
        }
    }

    @Test("stopped mid-download, a restarted peer resumes: no verified chunk is fetched twice")
    func resume() async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(8 * Self.mib, seed: 4)
            let hash = FileHasher.digest(of: data).hash
            // The first source serves 4 chunks and then goes silent, so the download is stopped part-way
            // however fast the machine (a rate-limited seeder finished all 8 first once, under ASan). The 4th
            // chunk's check is awaited after the 5th answer, which never comes: stopped, it is dropped.
            let partial = try await FaultySource(file: data, name: "movie.mkv", fault: .stallAfter(files: 4), indexPort: index.port)
            let folder = TestPeer.temporaryFolder("resume")
            let first = try await TestPeer.connected(indexPort: index.port, name: "leech", folder: folder)
            let id = try await first.engine.download(.content(hash), name: "movie.mkv", size: nil, from: nil)
            // Shown although the source has gone silent: a snapshot held back by the publish interval follows.
            try await first.waitFor(transfer: id, "3 chunks verified") { s in s.bytesDone >= UInt64(3 * Self.mib) }
            await first.stop()
            await partial.stop()
            let store = try StateStore(directory: folder + "/state")
            let saved = try #require(try await store.downloads().first)
            store.release()
            let verifiedAtStop = (0..<8).filter { saved.bitmap[$0] }
            #expect(verifiedAtStop == [0, 1, 2])
            #expect(!FileManager.default.fileExists(atPath: folder + "/downloads/movie.mkv"), "nothing partial is visible")

            let seeder = try await TestPeer.connected(indexPort: index.port, name: "seed", files: ["movie.mkv": data])
            let second = try await TestPeer(indexPort: index.port, name: "leech", folder: folder)
            let done = try await second.waitForTransfer(id)
            #expect(done.state == .completed, "\(done.lastError ?? "")")
            #expect(contents(folder + "/downloads/movie.mkv") == Data(data))
            let served = seeder.engine.uploadStatistics.servedRanges
            for chunk in verifiedAtStop {
                #expect(!served.contains { $0.first == UInt64(chunk * Self.mib) }, "chunk \(chunk) not fetched again")
            }
            #expect(served.count == 5, "the other 5 chunks, each once: \(served)")
            await second.discard()
            await seeder.discard()
        }
    }

    @Test("a classic peer's RFC is fetched with a classic GET whose Host is the peer's, as its record gives it")
    func classicPeerFile() async throws {
        try await TestIndex.with { index in
            let text = "Network Working Group\r\nRequest for Comments: 7\r\n\r\nHello from 1969.\r\n"
            let stub = try await ClassicPeerStub(documents: [7: text], requiredHost: "127.0.0.1")
            let classic = try await index.connect()
            try await classic.send(RequestEncoder.encode(.addRFC(ClassicRecord(number: 7, host: "127.0.0.1", port: stub.port,
                                                                                  title: "Host Software"))))
            #expect(try await classic.response().status == .ok)
            let leecher = try await TestPeer.connected(indexPort: index.port, name: "leech")
            let hits = try await leecher.engine.index.search(SearchQuery(keywords: ["host", "software"])).hits
            #expect(hits.map(\.key) == [.rfc(7)])
            let id = try await leecher.engine.download(.rfc(7), name: "rfc7.txt", size: nil, from: nil)
            let done = try await leecher.waitForTransfer(id)
            #expect(done.state == .completed, "\(done.lastError ?? "")")
            #expect(contents(leecher.downloads + "/rfc7.txt") == Data(text.utf8))
            await leecher.discard()
            await stub.stop()
        }
    }

    @Test("classic sources that hang, listed before the one that answers, cost about a second each, not the 120 s timeout")
    func classicStallersFirst() async throws {
        try await TestIndex.with { index in
            let text = "Request for Comments: 8\r\n"
            let good = try await ClassicPeerStub(documents: [8: text])
            var stubs = [good]
            var registrations: [RawClient] = []
            // LOOKUP RFC lists the newest first: the hanging peers register after the good one.
            for stalls in [false, true, true, true] {
                let stub = stalls ? try await ClassicPeerStub(documents: [:], stalls: true) : good
                if stalls { stubs.append(stub) }
                let client = try await index.connect()
                try await client.send(RequestEncoder.encode(.addRFC(ClassicRecord(number: 8, host: "127.0.0.1", port: stub.port, title: "Eight"))))
                #expect(try await client.response().status == .ok)
                registrations.append(client)
            }
            let leecher = try await TestPeer.connected(indexPort: index.port, name: "leech")
            let id = try await leecher.engine.download(.rfc(8), name: "rfc8.txt", size: nil, from: nil)
            let done = try await leecher.waitForTransfer(id)
            #expect(done.state == .completed, "\(done.lastError ?? "")")
            #expect(contents(leecher.downloads + "/rfc8.txt") == Data(text.utf8))
            await leecher.discard()
            for client in registrations { await client.close() }
            for stub in stubs { await stub.stop() }
        }
    }
}
