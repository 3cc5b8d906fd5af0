import Model
import NIOCore
import Testing
@testable import Wire

@Suite("Responses and line formats")
struct ResponseAndLineTests {
    private func text(_ response: Response) -> String {
        String(buffer: ResponseEncoder.encode(response))
    }

    @Test("classic answers have the template's exact shape")
    func classicShapes() {
        #expect(text(Response(.classic, .ok, body: .lines(["RFC 1 T h 1", "RFC 2 U h 2"])))
                == "P2P-CI/1.0 200 OK\r\n\r\nRFC 1 T h 1\r\nRFC 2 U h 2\r\n\r\n")
        #expect(text(Response(.classic, .notFound)) == "P2P-CI/1.0 404 Not Found\r\n\r\n")
        #expect(text(.failure(.badRequest, .classic, reason: "ignored in 1.0")) == "P2P-CI/1.0 400 Bad Request\r\n\r\n")
        #expect(text(Response(.classic, .versionNotSupported)) == "P2P-CI/1.0 505 P2P-CI Version Not Supported\r\n\r\n")
    }

    @Test("2.0 answers carry Content-Length for any body and a Reason on errors")
    func shoalShapes() {
        #expect(text(Response(.shoal, .ok, headers: ["Results": "1"], body: .lines(["a b"])))
                == "P2P-CI/2.1 200 OK\r\nResults: 1\r\nContent-Length: 5\r\n\r\na b\r\n")
        #expect(text(.failure(.tooLarge, .shoal, reason: "too many")) == "P2P-CI/2.1 413 Too Large\r\nReason: too many\r\n\r\n")
        #expect(text(Response(.shoal, .ok, headers: ["Results": "0"], body: .lines([])))
                == "P2P-CI/2.1 200 OK\r\nResults: 0\r\n\r\n", "no Content-Length without a body")
        // Lines packed into bytes once (an answer the index keeps) go out exactly as the lines would.
        for lines in [["a b", "Ünïcode c"], []] {
            #expect(text(Response(.shoal, .ok, headers: ["Results": "\(lines.count)"], body: .packedLines(lines)))
                    == text(Response(.shoal, .ok, headers: ["Results": "\(lines.count)"], body: .lines(lines))))
        }
    }

    @Test("a reason never carries control characters into a header")
    func reasonSanitized() {
        #expect(text(.failure(.badRequest, .shoal, reason: "unknown method FOO\rBAR\u{0}"))
                == "P2P-CI/2.1 400 Bad Request\r\nReason: unknown method FOO?BAR?\r\n\r\n")
    }

    @Test("a classic GET answer keeps its five headers in template order with the true length")
    func classicGetHeaderOrder() {
        let headers: HeaderFields = [
            "Date": "Tue, 24 Nov 2026 21:16:40 GMT", "OS": "Linux", "Last-Modified": "Tue, 24 Nov 2026 20:00:00 GMT",
            "Content-Length": "0", "Content-Type": "text/plain",
        ]
        #expect(text(Response(.classic, .ok, headers: headers, body: .bytes(ByteBuffer(string: "hello"))))
                == "P2P-CI/1.0 200 OK\r\nDate: Tue, 24 Nov 2026 21:16:40 GMT\r\nOS: Linux\r\n"
                + "Last-Modified: Tue, 24 Nov 2026 20:00:00 GMT\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello")
    }

    @Test("what the encoder writes, the response decoder reads back")
    func roundTrip() throws {
        let response = Response(.shoal, .ok, headers: ["Sources": "2"], body: .lines(["x 1", "y 2"]))
        var parser = FrameParser(role: .response)
        var buffer = ResponseEncoder.encode(response)
        guard case .frame(let frame)? = parser.next(from: &buffer) else {
            Issue.record("no frame")
            return
        }
        let parsed = try #require(ParsedResponse(frame))
        #expect(parsed.status == .ok && parsed.headers["sources"] == "2" && parsed.lines == ["x 1", "y 2"])
    }

    @Test("classic record lines parse from both ends, titles keep their spaces")
    func classicRecordLine() {
        let line = ClassicRecordLine(wireLine: "RFC 2616 Hypertext Transfer Protocol -- HTTP/1.1 peer-a.example 6001")
        #expect(line == ClassicRecordLine(number: 2616, title: "Hypertext Transfer Protocol -- HTTP/1.1",
                                          host: "peer-a.example", port: 6001))
        #expect(line?.wireLine == "RFC 2616 Hypertext Transfer Protocol -- HTTP/1.1 peer-a.example 6001")
        let spaced = "RFC 9 Two  spaces  inside h 1"
        #expect(ClassicRecordLine(wireLine: spaced)?.title == "Two  spaces  inside")
        #expect(ClassicRecordLine(wireLine: spaced)?.wireLine == spaced)
        #expect(ClassicRecordLine(wireLine: "2616 Title host 1") == nil)
        #expect(ClassicRecordLine(wireLine: "RFC 1 host notaport") == nil)
    }

    @Test("2.0 body lines round-trip, with '-' for missing fields")
    func shoalLines() {
        let hash = ContentHash(hex: String(repeating: "1", count: 64))!
        let hit = SearchHit(key: .rfc(5), size: nil, sources: 2, name: "A title with spaces")
        #expect(SearchHit(wireLine: hit.wireLine) == hit)
        #expect(hit.wireLine == "rfc:5 - 2 A title with spaces")
        let file = SearchHit(key: .content(ContentHash(hex: "0123456789abcdef" + String(repeating: "f0", count: 24))!),
                             size: 1_234_567, sources: 12, name: "Über Song.flac")
        #expect(file.wireLine == "0123456789abcdef" + String(repeating: "f0", count: 24) + " 1234567 12 Über Song.flac")
        #expect(SearchHit(wireLine: file.wireLine) == file)
        // A SEARCH answer's body, packed from the hits themselves, is their lines as the string form packs them.
        #expect(Response.Body.packedLines([hit, file]) == Response.Body.packedLines([hit.wireLine, file.wireLine]))
        let source = FileSource(peer: PeerID(4), dialect: .shoal, host: "::1", port: 7000, nickname: nil,
                                name: "x y.bin")
        #expect(FileSource(wireLine: source.wireLine) == source)
        let classic = FileSource(peer: PeerID(5), dialect: .classic, host: "10.0.0.1", port: 1, nickname: "ann",
                                 name: "RFC title")
        #expect(FileSource(wireLine: classic.wireLine) == classic)
        let accented = FileSource(peer: PeerID(6), dialect: .shoal, host: "10.0.0.2", port: 65535, nickname: "zoë", name: "Über Song.flac")
        #expect(FileSource(wireLine: accented.wireLine) == accented)
        #expect([source, classic, accented].map(\.wireLine) ==
                ["p4 shoal ::1 7000 - x y.bin", "p5 classic 10.0.0.1 1 ann RFC title", "p6 shoal 10.0.0.2 65535 zoë Über Song.flac"])
        let entry = SharedFileEntry(key: .content(hash), size: 9, name: "n")
        #expect(SharedFileEntry(wireLine: entry.wireLine) == entry)
    }

    @Test("the chunk-list root is SHA-256 over the concatenated chunk digests")
    func chunkRoot() throws {
        let a = ChunkList.digest(of: Array("a".utf8)), b = ChunkList.digest(of: Array("b".utf8))
        #expect(a.hex == "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb")
        #expect(ChunkList(digests: [a, b]).root == ChunkList.digest(of: a.bytes + b.bytes))
        #expect(ChunkList(digests: []).root.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ChunkList(wireLines: ChunkList(digests: [a, b]).wireLines) == ChunkList(digests: [a, b]))
        #expect(ChunkList(wireLines: ["nope"]) == nil)
        let mib = UInt64(ChunkList.chunkSize)
        #expect(ChunkList.chunkCount(forSize: 0) == 0)
        #expect(ChunkList.chunkCount(forSize: mib) == 1)
        #expect(ChunkList.chunkCount(forSize: 2 * mib + 1) == 3)
        #expect(ChunkList.chunkLength(index: 2, fileSize: 2 * mib + 1) == 1)
        #expect(ChunkList.chunkLength(index: 0, fileSize: 10) == 10)
    }

    @Test("a buffer is hashed from its reader index to its writer index, in place")
    func bufferDigest() {
        var buffer = ByteBuffer(string: "xxabc")
        buffer.moveReaderIndex(forwardBy: 2)
        #expect(ChunkList.digest(of: buffer) == ChunkList.digest(of: Array("abc".utf8)))
        #expect(ChunkList.digest(of: buffer.getSlice(at: 3, length: 1)!) == ChunkList.digest(of: Array("b".utf8)))
    }
}
