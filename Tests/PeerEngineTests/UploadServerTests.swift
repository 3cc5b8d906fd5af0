import Foundation
import Model
import PeerEngine
import Testing
import TestSupport
import Wire

/// The upload side, driven with raw bytes.
@Suite("Upload server", .serialized)
struct UploadServerTests {
    @Test("only catalogued files are served: unknown hashes, unshared RFCs, symlinks out and hidden files are 404 or absent")
    func refusals() async throws {
        try await TestIndex.with { index in
            let outside = TestPeer.temporaryFolder("outside")
            defer { try? FileManager.default.removeItem(atPath: outside) }
            try Data("secret".utf8).write(to: URL(fileURLWithPath: outside + "/secret.txt"))
            let peer = try await TestPeer(indexPort: index.port, name: "seed",
                                          files: ["ok.txt": Array("fine".utf8), ".hidden": Array("no".utf8)])
            try FileManager.default.createSymbolicLink(atPath: peer.uploads + "/escape.txt", withDestinationPath: outside + "/secret.txt")
            try FileManager.default.createSymbolicLink(atPath: peer.uploads + "/inside-link.txt", withDestinationPath: peer.uploads + "/ok.txt")
            await peer.engine.perform(.rescan)
            let names = Set(peer.engine.catalog.all.map(\.relativePath))
            #expect(names == ["ok.txt", "inside-link.txt"], "hidden files and links leading out are not shared; \(names)")

            let port = try #require(peer.engine.uploadPort)
            let client = try await RawClient.connect(port: port)
            let secretHash = FileHasher.digest(of: Array("secret".utf8)).hash
            try await client.send(RequestEncoder.encode(.getFile(secretHash, range: .whole)))
            #expect(try await client.response().status == .notFound)
            for target in Self.traversals(outside: outside) {
                try await client.send("GET FILE \(target) P2P-CI/2.1\r\n\r\n")
                #expect(try await client.response().status == .notFound, "\(target)")
            }

            let okHash = FileHasher.digest(of: Array("fine".utf8)).hash
            try await client.send(RequestEncoder.encode(.getFile(okHash, range: .bytes(ByteRange(first: 1, last: 99)))))
            let partial = try await client.response()
            #expect(partial.status == .partialContent && partial.headers["Content-Range"] == "bytes 1-3/4")
            #expect(String(buffer: partial.body) == "ine")
            try await client.send(RequestEncoder.encode(.getFile(okHash, range: .bytes(ByteRange(first: 4, last: nil)))))
            let unsatisfiable = try await client.response()
            #expect(unsatisfiable.status.code == 416 && unsatisfiable.headers["Content-Range"] == "bytes */4")
            try await client.send(RequestEncoder.encode(.getChunks(okHash)))
            let chunks = try await client.response()
            #expect(chunks.lines == [ChunkList.digest(of: Array("fine".utf8)).hex] && chunks.headers["Chunks"] == "1")

            for target in ["1", "../1", "/etc/passwd"] {
                let classic = try await RawClient.connect(port: port)
                try await classic.send("GET RFC \(target) P2P-CI/1.0\r\nHost: x\r\nOS: y\r\n\r\n")
                #expect(try await classic.readUntilClosed() == "P2P-CI/1.0 404 Not Found\r\n\r\n", "\(target)")
            }
            await peer.discard()
        }
    }

    /// Every spelling of "a path out of the share" we know of.
    static func traversals(outside: String) -> [String] {
        let escaped = outside.replacingOccurrences(of: "/", with: "%2F")
        return [
            "../../etc/passwd", "..", ".", "/", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2fsecret.txt", "%2E%2E/%2E%2E/etc/passwd",
            "%252e%252e%252fetc%252fpasswd", "..%c0%af..%c0%afetc/passwd", "..%5c..%5cwindows", "..\\..\\windows\\win.ini",
            "....//....//etc/passwd", "./ok.txt", "ok.txt", "escape.txt", "uploads/../escape.txt", outside + "/secret.txt", escaped + "%2Fsecret.txt",
            "file://" + outside + "/secret.txt", "~/secret.txt", "C:\\Windows\\win.ini", "secret.txt%00.txt",
            String(repeating: "../", count: 200) + "etc/passwd", FileHasher.digest(of: Array("secret".utf8)).hash.hex + "/../ok.txt",
        ]
    }

    @Test("a peer that opens many connections gets no more than the upload slots; the rest are told 503")
    func manyConnectionsFromOnePeer() async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(2 << 20, seed: 10)
            let peer = try await TestPeer(indexPort: index.port, name: "seed", files: ["a.bin": data]) {
                $0.uploadSlots = 3
                $0.maximumUploadRate = 128 * 1024
                $0.uploadGuards.connectionsPerAddress = 16  // slots are what is tested here, not connection counts
            }
            let port = try #require(peer.engine.uploadPort)
            var clients: [RawClient] = []
            var statuses: [Int] = []
            for _ in 0..<10 {
                let client = try await RawClient.connect(port: port)
                try await client.send(RequestEncoder.encode(.getFile(FileHasher.digest(of: data).hash, range: .bytes(ByteRange(first: 0, last: 99)))))
                statuses.append(try await client.response().status.code)
                clients.append(client)
            }
            #expect(statuses.count { $0 == 206 } == 3 && statuses.count { $0 == 503 } == 7, "\(statuses)")
            for client in clients { await client.close() }
            await peer.discard()
        }
    }

    @Test("a classic GET of an RFC-named file gets the five headers and the file, then the connection closes")
    func classicGet() async throws {
        try await TestIndex.with { index in
            let text = "The RFC text.\n"
            let peer = try await TestPeer(indexPort: index.port, name: "seed", files: ["docs/rfc_42.txt": Array(text.utf8)])
            let client = try await RawClient.connect(port: try #require(peer.engine.uploadPort))
            try await client.send("GET RFC 42 P2P-CI/1.0\r\nHost: seed\r\nOS: Linux\r\n\r\n")
            let answer = try await client.readUntilClosed()
            let head = answer.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
            #expect(head[0] == "P2P-CI/1.0 200 OK")
            #expect(head.dropFirst().map { $0.components(separatedBy: ":")[0] } == ["Date", "OS", "Last-Modified", "Content-Length", "Content-Type"])
            #expect(head.contains("Content-Length: \(text.utf8.count)") && head.contains("Content-Type: text/plain"))
            #expect(answer.hasSuffix("\r\n\r\n" + text))
            #expect(peer.engine.uploadStatistics.classicGets == 1)
            await peer.discard()
        }
    }

    @Test("past the upload slots, a GET is answered 503 with Retry-After")
    func slots() async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(2 << 20, seed: 9)
            let peer = try await TestPeer(indexPort: index.port, name: "seed", files: ["a.bin": data]) {
                $0.uploadSlots = 1
                $0.maximumUploadRate = 256 * 1024
            }
            let port = try #require(peer.engine.uploadPort)
            let slow = try await RawClient.connect(port: port)
            try await slow.send(RequestEncoder.encode(.getFile(FileHasher.digest(of: data).hash, range: .whole)))
            _ = try await slow.bytes(atLeast: 100)
            let second = try await RawClient.connect(port: port)
            try await second.send(RequestEncoder.encode(.getFile(FileHasher.digest(of: data).hash, range: .whole)))
            let busy = try await second.response()
            #expect(busy.status.code == 503 && busy.headers["Retry-After"] == "5")
            await slow.close()
            await peer.discard()
        }
    }
}

/// Downloaders that stop reading and files that change under an upload, over real sockets.
@Suite("Upload server against stalls and shrinking files", .serialized)
struct UploadStallTests {
    @Test("a downloader that stops reading gives its upload slot back at the send timeout")
    func stalledDownloader() async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(16 << 20, seed: 3)
            let peer = try await TestPeer(indexPort: index.port, name: "seed", files: ["big.bin": data]) {
                $0.uploadSlots = 1
                $0.uploadGuards.sendTimeout = .seconds(1)
            }
            let port = try #require(peer.engine.uploadPort)
            let staller = try await RawClient.connect(port: port, receiveBuffer: 4096)
            await staller.stopReading()
            try await staller.send(RequestEncoder.encode(.getFile(FileHasher.digest(of: data).hash, range: .whole)))
            try await peer.logs.waitFor("the stalled send to be cut off") { $0.contains("nothing could be sent for 1 s") }
            try await peer.logs.waitFor("the slot to be freed") { $0.contains("its slot is free") }
            #expect(peer.engine.uploadSlotsInUse == 0)
            let next = try await RawClient.connect(port: port)
            try await next.send(RequestEncoder.encode(.getFile(FileHasher.digest(of: data).hash, range: .bytes(ByteRange(first: 0, last: 9)))))
            #expect(try await next.response().status == .partialContent, "the freed slot serves the next downloader")
            await next.close()
            await staller.close()
            await peer.discard()
        }
    }

    @Test("a file cut short while it is uploaded ends that upload at once and frees its slot")
    func shrinkingFile() async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(4 << 20, seed: 4)
            let peer = try await TestPeer(indexPort: index.port, name: "seed", files: ["cut.bin": data]) {
                $0.maximumUploadRate = 256 * 1024
            }
            let client = try await RawClient.connect(port: try #require(peer.engine.uploadPort))
            try await client.send(RequestEncoder.encode(.getFile(FileHasher.digest(of: data).hash, range: .whole)))
            _ = try await client.bytes(atLeast: 64 * 1024)
            #expect(truncate(peer.uploads + "/cut.bin", 1 << 20) == 0)
            try await peer.logs.waitFor("the upload to stop") { $0.contains("shrank while it was being sent") }
            let received = try await client.readUntilClosed()
            #expect(received.utf8.count < data.count, "the connection ends before the promised length")
            try await peer.logs.waitFor("the slot to be freed") { $0.contains("its slot is free") }
            #expect(peer.engine.uploadSlotsInUse == 0)
            await peer.discard()
        }
    }

    @Test("a downloader that asks for a chunk and half-closes gets the whole answer, then the connection and its slot go at once")
    func halfClosed() async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(300_000, seed: 5)
            // Idle and request timeouts far longer than the test's deadline: only the half-close can end it.
            let peer = try await TestPeer(indexPort: index.port, name: "seed", files: ["half.bin": data]) {
                $0.uploadGuards.idleTimeout = .seconds(3600)
                $0.uploadGuards.requestTimeout = .seconds(3600)
            }
            let client = try await RawClient.connect(port: try #require(peer.engine.uploadPort))
            try await client.send(RequestEncoder.encode(.getFile(FileHasher.digest(of: data).hash, range: .whole)))
            try await client.shutdownOutput()
            let received = try await client.readUntilClosed(timeout: TestDeadline.scaled(.seconds(30)))
            #expect(received.hasPrefix("P2P-CI/2.1 200 OK\r\n"), "the answer, then the close")
            try await peer.logs.waitFor("the slot to be freed") { $0.contains("its slot is free") }
            await peer.discard()
        }
    }
}
