import Model
import NIOCore
import NIOEmbedded
import Testing
@testable import PeerEngine
import Wire

/// What a peer makes of a classic index's records: items, sources, shares and search, without sockets.
@Suite("Classic index records")
struct ClassicRecordSetTests {
    static let records = ClassicRecordSet(records: [
        ClassicRecordLine(number: 2616, title: "Hypertext Transfer Protocol -- HTTP/1.1", host: "10.0.0.2", port: 6001),
        ClassicRecordLine(number: 2616, title: "HTTP 1.1", host: "10.0.0.3", port: 6001),
        ClassicRecordLine(number: 2616, title: "Hypertext Transfer Protocol -- HTTP/1.1", host: "10.0.0.2", port: 6001),
        ClassicRecordLine(number: 7230, title: "HTTP/1.1 Message Syntax and Routing", host: "10.0.0.3", port: 6001),
        ClassicRecordLine(number: 793, title: "Transmission Control Protocol", host: "10.0.0.2", port: 6001),
    ])

    @Test("one item per RFC number; a peer listed twice counts once; the name is the title most peers give")
    func items() {
        let items = Self.records.items
        #expect(items.map(\.key) == [.rfc(2616), .rfc(7230), .rfc(793)])
        #expect(items.map(\.sources) == [2, 1, 1])
        #expect(items[0].name == "Hypertext Transfer Protocol -- HTTP/1.1")
        #expect(items.allSatisfy { $0.size == nil })
    }

    @Test("sources are the distinct peers, classic, with the same id for the same host and port in every process")
    func sources() {
        let sources = Self.records.sources(of: 2616)
        #expect(sources.map(\.host) == ["10.0.0.2", "10.0.0.3"])
        #expect(sources.allSatisfy { $0.dialect == .classic && $0.port == 6001 })
        #expect(sources[0].peer == ClassicRecordSet.peerID(host: "10.0.0.2", port: 6001))
        #expect(sources[0].peer != sources[1].peer)
        #expect(ClassicRecordSet.peerID(host: "10.0.0.2", port: 6002) != sources[0].peer)
        #expect(sources[0].peer.description.count <= 12, "ids stay short enough to type")
    }

    @Test("a peer's share is its distinct RFCs; an unknown peer has none")
    func share() {
        let share = Self.records.share(of: ClassicRecordSet.peerID(host: "10.0.0.2", port: 6001))
        #expect(share?.map(\.key) == [.rfc(2616), .rfc(793)])
        #expect(Self.records.share(of: PeerID(1)) == nil)
    }

    @Test("search matches word prefixes of every holder's title and ranks as the index does")
    func search() {
        let http = Self.records.search(SearchQuery(keywords: ["http"]))
        // 2616 and 7230 both have the whole word; 2616 has two sources.
        #expect(http.map(\.key) == [.rfc(2616), .rfc(7230)])
        #expect(Self.records.search(SearchQuery(keywords: ["transm"])).map(\.key) == [.rfc(793)])
        #expect(Self.records.search(SearchQuery(keywords: ["ransmission"])).isEmpty, "keywords begin words")
        #expect(Self.records.search(SearchQuery(keywords: ["http", "routing"])).map(\.key) == [.rfc(7230)])
        #expect(Self.records.search(SearchQuery(keywords: ["http"], limit: 1)).count == 1)
        #expect(Self.records.search(SearchQuery(keywords: ["http"], extensions: ["rfc", "txt"])).count == 2)
        #expect(Self.records.search(SearchQuery(keywords: ["http"], extensions: ["mp3"])).isEmpty)
        #expect(Self.records.search(SearchQuery(keywords: ["http"], minimumSize: 1)).isEmpty, "their size is unknown")
    }

    @Test("a search the index would refuse is refused with the index's reason; the limit is clamped as the index does")
    func checkedQuery() throws {
        #expect(throws: IndexLinkError.refused(400, "Query needs at least one keyword of 2 or more characters")) {
            try ClassicIndex.checked(SearchQuery(keywords: ["a"]))
        }
        #expect(try ClassicIndex.checked(SearchQuery(keywords: ["http"], limit: 9000)).limit == 500)
    }

    @Test("a share is offered to a classic index as its RFC-named files, titled by file name, one file per number")
    func titles() {
        let hash = ContentHash(hex: String(repeating: "ab", count: 32))!
        func file(_ name: String) -> FileAnnouncement { FileAnnouncement(hash: hash, size: 1, name: name) }
        let titles = ClassicIndex.titles(of: [file("rfc_9.txt"), file("movie.mkv"), file("RFC7"), file("rfc7.txt")])
        #expect(titles == [9: "rfc_9.txt", 7: "RFC7"])
    }

    @Test("an ADD's answer is over after its one record, whether or not an empty line ends it; other answers wait for one")
    func tracker() {
        func ends(_ request: String, _ answer: String) -> [Int] {
            var tracker = ClassicAnswerTracker()
            tracker.sent(requestLine: Array(request.utf8))
            return tracker.received(Array(answer.utf8))
        }
        let record = "RFC 7 Seven 10.0.0.2 6001\r\n"
        let openAdd = "P2P-CI/1.0 200 OK\r\n\r\n" + record
        #expect(ends("ADD RFC 7 P2P-CI/1.0", openAdd) == [openAdd.utf8.count])
        #expect(ends("ADD RFC 7 P2P-CI/1.0", openAdd + "\r\n") == [openAdd.utf8.count], "the index's own end line is then skipped")
        #expect(ends("ADD RFC 7 P2P-CI/1.0", "P2P-CI/1.0 200 OK\r\n" + record).count == 1, "records under the status line")
        #expect(ends("ADD RFC 7 P2P-CI/1.0", "P2P-CI/1.0 200 OK\r\n\r\n7 Seven 10.0.0.2 6001\r\n").count == 1, "no RFC token")
        #expect(ends("ADD RFC 7 P2P-CI/1.0", "P2P-CI/1.0 400 Bad Request\r\n\r\n\r\n").isEmpty)
        #expect(ends("LOOKUP RFC 7 P2P-CI/1.0", openAdd + record).isEmpty, "record count unknown: the quiet timer ends it")

        var tracker = ClassicAnswerTracker()
        tracker.sent(requestLine: Array("LIST ALL P2P-CI/1.0".utf8))
        #expect(!tracker.mayEndNow)
        _ = tracker.received(Array("P2P-CI/1.0 200 OK\r\n\r\nRFC 1 A h".utf8))
        #expect(!tracker.mayEndNow, "in the middle of a line")
        _ = tracker.received(Array(" 1\r\n".utf8))
        #expect(tracker.mayEndNow)
        _ = tracker.received(Array("\r\n".utf8))
        #expect(!tracker.mayEndNow, "ended by the index")
    }

    @Test("an answer a classic index leaves open is ended after a quiet spell; a line cut in the middle is not")
    func quietEnd() throws {
        let channel = EmbeddedChannel()
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 7734)).wait()
        try channel.pipeline.syncOperations.addHandler(ClassicAnswerEnd(quiet: .milliseconds(500)))
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(role: .response)))
        try channel.writeInbound(ByteBuffer(string: "P2P-CI/1.0 200 OK\r\n\r\nRFC 1 A title h 1\r\n"))
        #expect(try channel.readInbound(as: FrameEvent.self) == nil)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(499))
        #expect(try channel.readInbound(as: FrameEvent.self) == nil)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        guard case .frame(let frame)? = try channel.readInbound(as: FrameEvent.self) else {
            Issue.record("the answer was not ended")
            return
        }
        #expect(ParsedResponse(frame)?.lines == ["RFC 1 A title h 1"])
        // Half a line, then quiet: nothing is added, and the rest still completes it.
        try channel.writeInbound(ByteBuffer(string: "P2P-CI/1.0 404 Not"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        #expect(try channel.readInbound(as: FrameEvent.self) == nil)
        try channel.writeInbound(ByteBuffer(string: " Found\r\n\r\n"))
        guard case .frame(let notFound)? = try channel.readInbound(as: FrameEvent.self) else {
            Issue.record("the 404 was lost")
            return
        }
        #expect(notFound.startLine == "P2P-CI/1.0 404 Not Found")
        _ = try channel.finish()
    }
}
