import NIOCore
import NIOTestUtils
import Testing
@testable import Wire

@Suite("Frame decoder")
struct FrameDecoderTests {
    static func frame(_ start: String, _ headers: [(String, String)] = [], body: String = "") -> FrameEvent {
        .frame(WireFrame(startLine: start, headers: HeaderFields(headers.map { .init(name: $0.0, value: $0.1) }),
                         body: ByteBuffer(string: body)))
    }

    @Test("requests decode the same byte by byte, all at once, and pipelined")
    func verifierRequests() throws {
        let classic = "ADD RFC 2616 P2P-CI/1.0\r\nHost: a.example\r\nPort: 6001\r\nTitle: HTTP/1.1 spec\r\n\r\n"
        let shoal = "ADD FILES P2P-CI/2.1\r\nContent-Length: 5\r\n\r\nab\r\nc"
        let lfOnly = "LIST ALL P2P-CI/1.0\nHost:b\nPort:  7 \n\n"
        let expectedClassic = Self.frame("ADD RFC 2616 P2P-CI/1.0", [("Host", "a.example"), ("Port", "6001"), ("Title", "HTTP/1.1 spec")])
        let expectedShoal = Self.frame("ADD FILES P2P-CI/2.1", [("Content-Length", "5")], body: "ab\r\nc")
        let expectedLF = Self.frame("LIST ALL P2P-CI/1.0", [("Host", "b"), ("Port", "7")])
        try ByteToMessageDecoderVerifier.verifyDecoder(
            stringInputOutputPairs: [
                (classic, [expectedClassic]),
                (shoal, [expectedShoal]),
                (lfOnly, [expectedLF]),
                (classic + shoal + "\r\n" + lfOnly, [expectedClassic, expectedShoal, expectedLF]),
            ],
            decoderFactory: { FrameDecoder(role: .request) }
        )
    }

    @Test("classic responses carry record lines up to the empty line; errors carry none")
    func verifierResponses() throws {
        let ok = "P2P-CI/1.0 200 OK\r\n\r\nRFC 1 A title h 1\r\nRFC 2 B h2 2\r\n\r\n"
        let notFound = "P2P-CI/1.0 404 Not Found\r\n\r\n"
        let shoal = "P2P-CI/2.1 200 OK\r\nResults: 1\r\nContent-Length: 4\r\n\r\nx y\n"
        try ByteToMessageDecoderVerifier.verifyDecoder(
            stringInputOutputPairs: [
                (ok + notFound + shoal, [
                    Self.frame("P2P-CI/1.0 200 OK", body: "RFC 1 A title h 1\r\nRFC 2 B h2 2\r\n"),
                    Self.frame("P2P-CI/1.0 404 Not Found"),
                    Self.frame("P2P-CI/2.1 200 OK", [("Results", "1"), ("Content-Length", "4")], body: "x y\n"),
                ]),
            ],
            decoderFactory: { FrameDecoder(role: .response) }
        )
    }

    @Test("a classic index that writes its records right under the status line is read the same")
    func classicRecordsWithoutEmptyLine() throws {
        // As the assignment's ADD example and many student indexes write it; a title may hold a colon.
        let compact = "P2P-CI/1.0 200 OK\r\nRFC 2616 HTTP: the spec h 6001\r\nRFC 7 Seven h 2\r\n\r\n"
        try ByteToMessageDecoderVerifier.verifyDecoder(
            stringInputOutputPairs: [
                (compact + "P2P-CI/1.0 404 Not Found\r\n\r\n", [
                    Self.frame("P2P-CI/1.0 200 OK", body: "RFC 2616 HTTP: the spec h 6001\r\nRFC 7 Seven h 2\r\n"),
                    Self.frame("P2P-CI/1.0 404 Not Found"),
                ]),
            ],
            decoderFactory: { FrameDecoder(role: .response) }
        )
    }

    private func events(_ input: String, role: FrameParser.Role = .request,
                        limits: WireLimits = .index) -> [FrameEvent] {
        var parser = FrameParser(role: role, limits: limits)
        var buffer = ByteBuffer(string: input)
        var events: [FrameEvent] = []
        while let event = parser.next(from: &buffer) { events.append(event) }
        return events
    }

    @Test("a line over the limit is refused before it is buffered, and nothing after it is read")
    func oversizedLine() {
        let limits = WireLimits(maximumLineLength: 100)
        let long = "LOOKUP RFC 1 P2P-CI/1.0\r\nTitle: " + String(repeating: "x", count: 200) + "\r\n\r\nPING P2P-CI/2.1\r\n\r\n"
        #expect(events(long, limits: limits) == [.malformed(.lineTooLong(limit: 100), version: .classic)])
        // No line end at all: refused as soon as more than the limit has arrived.
        var parser = FrameParser(role: .request, limits: limits)
        var buffer = ByteBuffer(string: String(repeating: "A", count: 102))
        #expect(parser.next(from: &buffer) == .malformed(.lineTooLong(limit: 100), version: .classic))
        #expect(parser.hasFailed)
        var more = ByteBuffer(string: "PING P2P-CI/2.1\r\n\r\n")
        #expect(parser.next(from: &more) == nil)
    }

    @Test("an over-long header after a 2.0 request line is answered in 2.0")
    func oversizedHeaderKeepsVersion() {
        let input = "PING P2P-CI/2.1\r\nX: " + String(repeating: "y", count: 200)
        #expect(events(input, limits: WireLimits(maximumLineLength: 100))
                == [.malformed(.lineTooLong(limit: 100), version: .shoal)])
    }

    @Test("equal Content-Length values written differently agree; 19-digit lengths are too large, not malformed")
    func contentLengthValues() {
        #expect(events("ADD FILES P2P-CI/2.1\r\nContent-Length: 2\r\ncontent-length: 02\r\n\r\nab").count == 1)
        #expect(events("ADD FILES P2P-CI/2.1\r\nContent-Length: 9999999999999999999\r\n\r\n")
                == [.malformed(.bodyTooLarge(length: Int.max, limit: 4 << 20), version: .shoal)])
    }

    @Test("a line of exactly the limit is accepted")
    func lineAtLimit() {
        let limits = WireLimits(maximumLineLength: 30)
        let start = "LIST ALL P2P-CI/1.0" + String(repeating: " ", count: 11)
        #expect(start.utf8.count == 30)
        #expect(events(start + "\r\n\r\n", limits: limits).count == 1)
    }

    @Test("endless headers stop at the header limit, answered in the sender's version")
    func tooManyHeaders() {
        let input = "PING P2P-CI/2.1\r\n" + (0..<40).map { "X-\($0): y\r\n" }.joined()
        #expect(events(input, limits: WireLimits(maximumHeaderCount: 32))
                == [.malformed(.tooManyHeaders(limit: 32), version: .shoal)])
    }

    @Test("a huge or malformed Content-Length is refused without reading the body")
    func contentLength() {
        #expect(events("ADD FILES P2P-CI/2.1\r\nContent-Length: 999999999999\r\n\r\n")
                == [.malformed(.bodyTooLarge(length: 999_999_999_999, limit: 4 << 20), version: .shoal)])
        #expect(events("ADD FILES P2P-CI/2.1\r\nContent-Length: -1\r\n\r\n")
                == [.malformed(.invalidContentLength("-1"), version: .shoal)])
        #expect(events("ADD FILES P2P-CI/2.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n")
                == [.malformed(.invalidContentLength("3,4"), version: .shoal)])
    }

    @Test("binary garbage with line feeds frames into a message the parser rejects; without, hits the line limit")
    func garbage() {
        let garbage: [UInt8] = [0xFF, 0xFE, 0x00, 0x41, 0x0A, 0x80, 0x3A, 0x0A, 0x0A]
        var parser = FrameParser(role: .request)
        var buffer = ByteBuffer(bytes: garbage)
        guard case .frame(let frame)? = parser.next(from: &buffer) else {
            Issue.record("expected a frame")
            return
        }
        #expect(frame.hadInvalidEncoding)
        var noNewline = FrameParser(role: .request, limits: WireLimits(maximumLineLength: 256))
        var bytes = ByteBuffer(bytes: (0..<300).map { UInt8(truncatingIfNeeded: $0 * 7) }.filter { $0 != 0x0A })
        #expect(noNewline.next(from: &bytes) == .malformed(.lineTooLong(limit: 256), version: .classic))
    }

    @Test("a half-arrived message is reported as in progress")
    func midMessage() {
        var parser = FrameParser(role: .request)
        var buffer = ByteBuffer(string: "LIST ALL P2P-CI/1.0\r\nHost: a\r\n")
        #expect(parser.next(from: &buffer) == nil)
        #expect(parser.isMidMessage)
        buffer.writeString("\r\n")
        #expect(parser.next(from: &buffer) != nil)
        #expect(!parser.isMidMessage)
    }

    @Test("a response body arriving in parts is taken from the caller's buffer as it comes; a request body waits there")
    func bodyInParts() {
        let head = "P2P-CI/2.1 206 Partial Content\r\nContent-Length: 10\r\n\r\n"
        var response = FrameParser(role: .response)
        var buffer = ByteBuffer(string: head + "0123")
        #expect(response.next(from: &buffer) == nil)
        #expect(buffer.readableBytes == 0 && response.isMidMessage)
        buffer.writeString("456")
        #expect(response.next(from: &buffer) == nil)
        buffer.writeString("789P2P-CI/2.1 404 Not Found\r\n\r\n")
        #expect(response.next(from: &buffer) == Self.frame("P2P-CI/2.1 206 Partial Content", [("Content-Length", "10")],
                                                            body: "0123456789"))
        #expect(response.next(from: &buffer) == Self.frame("P2P-CI/2.1 404 Not Found"))

        var request = FrameParser(role: .request)
        var pending = ByteBuffer(string: "ADD FILES P2P-CI/2.1\r\nContent-Length: 10\r\n\r\n0123")
        #expect(request.next(from: &pending) == nil)
        #expect(pending.readableBytes == 4, "the partial body stays where the server counts it")
    }
}
