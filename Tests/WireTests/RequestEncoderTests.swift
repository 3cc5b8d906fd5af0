import Model
import NIOCore
import Testing
@testable import Wire

@Suite("Request encoder")
struct RequestEncoderTests {
    static let hash = ContentHash(hex: String(repeating: "ab", count: 32))!

    static let requests: [Request] = [
        .addRFC(ClassicRecord(number: 2616, host: "a.example", port: 6001, title: "HTTP -- 1.1")),
        .lookupRFC(number: 7), .listAllRFCs(), .lookupRFC(number: 7, from: ClassicSender(host: "10.0.0.2", port: 6001)),
        .listAllRFCs(from: ClassicSender(host: "peer-a.example", port: 6001)), .getRFC(number: 7, host: "b", os: "Linux 6"),
        .hello(Hello(port: 6000, nickname: "ann", agent: "shoal/0.1")),
        .addFiles([FileAnnouncement(hash: hash, size: 10, name: "a b – 日本.txt")]),
        .removeFiles([hash]), .lookupFile(.content(hash)), .lookupFile(.content(hash), size: 7), .lookupFile(.rfc(9)),
        .search(SearchQuery(keywords: ["ubuntu", "iso"], minimumSize: 1, maximumSize: 9, extensions: ["iso", "img"], limit: 50)),
        .listAll(Page(cursor: 3, limit: 20)), .browse(PeerID(4), Page(cursor: 0, limit: 10)), .ping(), .ping(token: "st_abc"), .hello(Hello(port: 9, key: HelloKey(key: "MFkw", proof: "MEUC"))),
        .getFile(hash, range: .whole), .getFile(hash, range: .bytes(ByteRange(first: 5, last: 9))),
        .getFile(hash, range: .bytes(ByteRange(first: 5, last: nil))), .getChunks(hash), .search(categoriesQuery),
    ]

    /// Two whole categories and two extensions: nineteen extensions, over the 16 `Type` entries the index takes.
    static let categoriesQuery = SearchQuery(keywords: ["live"], extensions: FileCategory.video.extensions
        .union(FileCategory.audio.extensions).union(["iso", "img"]))

    @Test("every request the encoder writes parses back to itself", arguments: requests)
    func roundTrip(request: Request) throws {
        var framer = FrameParser(role: .request)
        var buffer = ByteBuffer(string: RequestEncoder.encode(request))
        guard case .frame(let frame)? = framer.next(from: &buffer) else {
            Issue.record("did not frame")
            return
        }
        #expect(try RequestParser().parse(frame).get() == request)
        #expect(buffer.readableBytes == 0)
    }

    @Test("a search for whole categories is written by their names, within the index's Type limit (it parses back: above)")
    func searchCategoriesStayCompact() {
        #expect(RequestEncoder.encode(.search(Self.categoriesQuery)).contains("Type: audio,video,.img,.iso\r\n"))
    }

    @Test("a classic ADD is written exactly as the classic template")
    func classicBytes() {
        #expect(RequestEncoder.encode(.addRFC(ClassicRecord(number: 1, host: "h", port: 2, title: "T t")))
                == "ADD RFC 1 P2P-CI/1.0\r\nHost: h\r\nPort: 2\r\nTitle: T t\r\n\r\n")
    }
}
