import Foundation
import IndexServer
import Model
import PeerEngine
import Testing
import TestSupport

/// What someone on the path sees of a search and a download: a packet capture on loopback (PROTOCOL.md §9.1).
@Suite("TLS under a packet capture", .serialized)
struct TLSCaptureTests {
    /// What a capture of one search and one download holds of them.
    struct Seen {
        var captured = 0
        var name = false
        var words = false
        /// Some 64-byte run of the file's contents.
        var contents = false
    }

    @Test("a capture of a search and a download over TLS holds neither the file's name nor any 64-byte run of its contents")
    func nothingInClear() async throws {
        let seen = try await Self.capture(tls: true)
        #expect(seen.captured > 96 * 1024, "the capture holds the transfer (\(seen.captured) bytes)")
        #expect(!seen.name && !seen.words && !seen.contents, "\(seen)")
    }

    @Test("the same capture without TLS finds the name, the words and the contents (the check can fail)")
    func controlInClear() async throws {
        let seen = try await Self.capture(tls: false)
        #expect(seen.name && seen.words && seen.contents, "\(seen)")
    }

    /// Runs an index, a sharer and a leecher that searches and downloads, capturing their traffic.
    static func capture(tls: Bool) async throws -> Seen {
        try await SystemTool.tcpdump.require()
        guard getuid() == 0 else { throw NeedsRoot() }
        let folder = TestPeer.temporaryFolder("capture")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/link.pcap"
        let name = "quarterly-merger-plan-\(UInt32.random(in: 100_000...999_999)).bin"
        let bytes = TestPeer.bytes(96 * 1024, seed: 74)
        let policy = tls ? LinkPolicy(identity: TestIdentities.index) : LinkPolicy()
        return try await TestIndex.with({ $0.links = policy }) { index in
            let peer: (inout EngineConfiguration) -> Void = { $0.allowsPlaintext = !tls }
            let sharer = try await TestPeer.connected(indexPort: index.port, name: "sharer", files: [name: bytes], configure: peer)
            let uploadPort = try #require(sharer.engine.uploadPort)
            // Writes the capture, and prints each packet's bytes as text on stderr, where the test reads them
            // (--print -A, -l: line by line); -Z root: writes into this root-owned folder.
            let command = "exec tcpdump -i lo -U -l -n -Z root -w \(file) --print -A 'tcp port \(index.port) or tcp port \(uploadPort)' 1>&2"
            let tcpdump = try BackgroundProcess("/bin/sh", ["-c", command], in: folder)
            try await tcpdump.waitForLine(containing: "listening on")
            let leecher = try await TestPeer.connected(indexPort: index.port, name: "leecher", configure: peer)
            let hits = try await leecher.engine.index.search(SearchQuery(keywords: ["quarterly", "merger"]))
            #expect(hits.hits.map(\.name) == [name], "the search itself works")
            let (done, arrived) = try await leecher.fetch(bytes, name: name)
            #expect(done.state == .completed && arrived == Data(bytes))
            // tcpdump writes packets in order: once a last marker sent now is in the file, so is all before it.
            let marker = "PING capture-end-\(UInt32.random(in: 100_000...999_999)) P2P-CI/2.1\r\n\r\n"
            let client = try await index.connect()
            try await client.send(marker)
            try await tcpdump.waitForLine(containing: String(marker.prefix(20)))
            await client.close()
            tcpdump.send(SIGKILL)
            _ = try await tcpdump.waitForExit()
            await sharer.discard()
            await leecher.discard()
            let recorded = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            // Any 64-byte run of the contents holds one of its 32-byte blocks that start at a multiple of 32.
            let blocks = Set(stride(from: 0, to: bytes.count - 31, by: 32).map { bytes[$0..<$0 + 32] })
            return Seen(captured: recorded.count, name: contains(Array(name.utf8), in: recorded),
                        words: contains(Array("quarterly".utf8), in: recorded),
                        contents: (0..<max(0, recorded.count - 31)).contains { blocks.contains(recorded[$0..<$0 + 32]) })
        }
    }

    struct NeedsRoot: Error, CustomStringConvertible {
        var description: String { "capturing loopback traffic with tcpdump needs root; run the tests as root (CI does)" }
    }

    static func contains(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}
