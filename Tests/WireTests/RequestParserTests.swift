import Model
import NIOCore
import Testing
@testable import Wire

@Suite("Request parser")
struct RequestParserTests {
    let parser = RequestParser()

    private func parse(_ text: String) -> Result<Request, RequestError> {
        var framer = FrameParser(role: .request)
        var buffer = ByteBuffer(string: text)
        guard case .frame(let frame)? = framer.next(from: &buffer) else {
            return .failure(RequestError(.internalError, .classic, "did not frame"))
        }
        return parser.parse(frame)
    }

    private func status(_ text: String) -> (Int, ProtocolVersion)? {
        if case .failure(let error) = parse(text) { return (error.status.code, error.version) }
        return nil
    }

    @Test("classic ADD, LOOKUP, LIST and GET parse with their headers (any header case, any spacing)")
    func classic() throws {
        #expect(try parse("ADD RFC 2616 P2P-CI/1.0\r\nhost:a.example\r\nPORT:   6001\r\nTitle: HTTP -- 1.1\r\n\r\n").get()
                == .addRFC(ClassicRecord(number: 2616, host: "a.example", port: 6001, title: "HTTP -- 1.1")))
        #expect(try parse("LOOKUP RFC 7 P2P-CI/1.0\r\n\r\n").get() == .lookupRFC(number: 7))
        #expect(try parse("LIST ALL P2P-CI/1.0\r\nHost: a\r\nPort: 1\r\n\r\n").get() == .listAllRFCs(from: ClassicSender(host: "a", port: 1)))
        // Host and Port are optional and ignored; invalid ones are dropped, not refused.
        #expect(try parse("LIST ALL P2P-CI/1.0\r\nHost: a\r\nPort: 0\r\n\r\n").get() == .listAllRFCs())
        #expect(try parse("GET RFC 7 P2P-CI/1.0\r\nHost: b\r\nOS: Linux 6\r\n\r\n").get()
                == .getRFC(number: 7, host: "b", os: "Linux 6"))
    }

    @Test("classic ADD without Host, Port or Title, or with a bad port, is 400",
          arguments: [
              "ADD RFC 1 P2P-CI/1.0\r\nPort: 1\r\nTitle: t\r\n\r\n",
              "ADD RFC 1 P2P-CI/1.0\r\nHost: h\r\nTitle: t\r\n\r\n",
              "ADD RFC 1 P2P-CI/1.0\r\nHost: h\r\nPort: 1\r\n\r\n",
              "ADD RFC 1 P2P-CI/1.0\r\nHost: h\r\nPort: 70000\r\nTitle: t\r\n\r\n",
              "ADD RFC 1 P2P-CI/1.0\r\nHost: h h\r\nPort: 1\r\nTitle: t\r\n\r\n",
              "ADD RFC x P2P-CI/1.0\r\nHost: h\r\nPort: 1\r\nTitle: t\r\n\r\n",
              "ADD RFC 1234567890 P2P-CI/1.0\r\nHost: h\r\nPort: 1\r\nTitle: t\r\n\r\n",
          ])
    func classicBad(text: String) {
        #expect(status(text)! == (400, .classic))
    }

    @Test("versions: unknown P2P-CI versions are 505, anything else in that place is 400")
    func versions() {
        #expect(status("LIST ALL P2P-CI/3.0\r\n\r\n")! == (505, .classic))
        #expect(status("LIST ALL P2P-CI/1.1\r\n\r\n")! == (505, .classic))
        #expect(status("LIST ALL HTTP/1.1\r\n\r\n")! == (400, .classic))
        #expect(status("LIST ALL p2p-ci/1.0\r\n\r\n")! == (400, .classic))
        #expect(status("LIST\r\n\r\n")! == (400, .classic))
    }

    @Test("methods are upper case; unknown methods and wrong-dialect forms are 400")
    func methods() {
        #expect(status("add RFC 1 P2P-CI/1.0\r\nHost: h\r\nPort: 1\r\nTitle: t\r\n\r\n")! == (400, .classic))
        #expect(status("DELETE RFC 1 P2P-CI/1.0\r\n\r\n")! == (400, .classic))
        #expect(status("ADD FILES P2P-CI/1.0\r\n\r\n")! == (400, .classic))
        #expect(status("HELLO P2P-CI/1.0\r\n\r\n")! == (400, .classic))
        #expect(status("ADD RFC 1 P2P-CI/2.1\r\n\r\n")! == (400, .shoal))
        #expect(status("FETCH P2P-CI/2.1\r\n\r\n")! == (400, .shoal))
    }

    @Test("HELLO needs a port; a nickname must be a plain word")
    func hello() throws {
        #expect(try parse("HELLO P2P-CI/2.1\r\nPort: 6000\r\nName: ana.b_c-1\r\nAgent: shoal/0.1\r\n\r\n").get()
                == .hello(Hello(port: 6000, nickname: "ana.b_c-1", agent: "shoal/0.1")))
        #expect(status("HELLO P2P-CI/2.1\r\n\r\n")! == (400, .shoal))
        #expect(status("HELLO P2P-CI/2.1\r\nPort: 1\r\nName: two words\r\n\r\n")! == (400, .shoal))
        #expect(status("HELLO P2P-CI/2.1\r\nPort: 1\r\nName: -\r\n\r\n")! == (400, .shoal))
    }

    @Test("HELLO's Key and Key-Proof come together, as base64")
    func helloKey() throws {
        #expect(try parse("HELLO P2P-CI/2.1\r\nPort: 1\r\nKey: MFkw+/8=\r\nKey-Proof: MEUC\r\n\r\n").get()
                == .hello(Hello(port: 1, key: HelloKey(key: "MFkw+/8=", proof: "MEUC"))))
        #expect(status("HELLO P2P-CI/2.1\r\nPort: 1\r\nKey: MFkw\r\n\r\n")! == (400, .shoal))
        #expect(status("HELLO P2P-CI/2.1\r\nPort: 1\r\nKey-Proof: MEUC\r\n\r\n")! == (400, .shoal))
        #expect(status("HELLO P2P-CI/2.1\r\nPort: 1\r\nKey: not base64!\r\nKey-Proof: MEUC\r\n\r\n")! == (400, .shoal))
        let long = String(repeating: "A", count: 257)
        #expect(status("HELLO P2P-CI/2.1\r\nPort: 1\r\nKey: \(long)\r\nKey-Proof: MEUC\r\n\r\n")! == (400, .shoal))
    }

    private func body(_ lines: [String]) -> String {
        let body = lines.map { $0 + "\r\n" }.joined()
        return "ADD FILES P2P-CI/2.1\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
    }

    @Test("ADD FILES parses every line, names may contain spaces and any script")
    func addFiles() throws {
        let a = FileAnnouncement(hash: ContentHash(hex: String(repeating: "a", count: 64))!, size: 12,
                                 name: "My Song – 日本.mp3")
        let b = FileAnnouncement(hash: ContentHash(hex: String(repeating: "c", count: 64))!, size: 0,
                                 name: "empty")
        #expect(try parse(body([a.wireLine, b.wireLine])).get() == .addFiles([a, b]))
    }

    @Test("ADD FILES names the first bad line and refuses the whole batch")
    func addFilesBadLine() {
        let good = String(repeating: "a", count: 64) + " 1 ok.txt"
        let cases = [
            good.replacingOccurrences(of: " 1 ", with: " -1 "),
            good.replacingOccurrences(of: "ok.txt", with: "../etc/passwd"),
            good.replacingOccurrences(of: "ok.txt", with: ".."),
            String(good.dropFirst()),
            good.replacingOccurrences(of: "ok.txt", with: ""),
        ]
        for bad in cases {
            guard case .failure(let error) = parse(body([good, bad])) else {
                Issue.record("accepted \(bad)")
                continue
            }
            #expect(error.status == .badRequest)
            #expect(error.reason.hasPrefix("body line 2:"), "\(error.reason)")
        }
    }

    @Test("a batch over the limit is 413")
    func batchLimit() {
        let parser = RequestParser(wire: WireLimits(maximumBatchEntries: 2))
        let line = String(repeating: "a", count: 64)
        let body = [line, line, line].map { $0 + "\n" }.joined()
        var framer = FrameParser(role: .request)
        var buffer = ByteBuffer(string: "REMOVE FILES P2P-CI/2.1\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        guard case .frame(let frame)? = framer.next(from: &buffer), case .failure(let error) = parser.parse(frame) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(error.status == .tooLarge)
    }

    @Test("SEARCH reads keywords, size and type filters, and clamps the limit")
    func search() throws {
        let request = try parse("SEARCH P2P-CI/2.1\r\nQuery: Ubuntu 24 ISO\r\nMin-Size: 10\r\nMax-Size: 20\r\nType: audio, .ISO\r\nLimit: 99999\r\n\r\n").get()
        guard case .search(let query) = request else {
            Issue.record("not a search")
            return
        }
        #expect(query.keywords == ["ubuntu", "24", "iso"])
        #expect(query.minimumSize == 10 && query.maximumSize == 20)
        #expect(query.extensions.contains("iso") && query.extensions.contains("mp3"))
        #expect(query.limit == RequestLimits.standard.maximumSearchResults)
        #expect(status("SEARCH P2P-CI/2.1\r\n\r\n")! == (400, .shoal))
        #expect(status("SEARCH P2P-CI/2.1\r\nQuery: ---\r\n\r\n")! == (400, .shoal))
        #expect(status("SEARCH P2P-CI/2.1\r\nQuery: a b\r\n\r\n")! == (400, .shoal))
        #expect(status("SEARCH P2P-CI/2.1\r\nQuery: ok\r\nType: no/pe\r\n\r\n")! == (400, .shoal))
        #expect(status("SEARCH P2P-CI/2.1\r\nQuery: ok\r\nMin-Size: big\r\n\r\n")! == (400, .shoal))
    }

    @Test("lookups, pages, browse and peer-to-peer GETs")
    func others() throws {
        let hex = String(repeating: "e", count: 64)
        #expect(try parse("LOOKUP FILE \(hex) P2P-CI/2.1\r\n\r\n").get() == .lookupFile(.content(ContentHash(hex: hex)!)))
        #expect(try parse("LOOKUP FILE rfc:9 P2P-CI/2.1\r\n\r\n").get() == .lookupFile(.rfc(9)))
        #expect(try parse("LOOKUP FILE \(hex) P2P-CI/2.1\r\nSize: 42\r\n\r\n").get() == .lookupFile(.content(ContentHash(hex: hex)!), size: 42))
        #expect(status("LOOKUP FILE \(hex) P2P-CI/2.1\r\nSize: lots\r\n\r\n")?.0 == 400)
        #expect(status("LOOKUP FILE rfc:9 P2P-CI/2.1\r\nSize: 42\r\n\r\n")?.0 == 400)
        #expect(try parse("LIST ALL P2P-CI/2.1\r\nCursor: 40\r\nLimit: 5\r\n\r\n").get() == .listAll(Page(cursor: 40, limit: 5)))
        #expect(try parse("BROWSE PEER p3 P2P-CI/2.1\r\n\r\n").get() == .browse(PeerID(3), Page(limit: 500)))
        #expect(try parse("PING P2P-CI/2.1\r\n\r\n").get() == .ping())
        #expect(try parse("PING P2P-CI/2.1\r\nToken: st_1f\r\n\r\n").get() == .ping(token: "st_1f"))
        #expect(try parse("GET FILE \(hex) P2P-CI/2.1\r\nRange: bytes=5-9\r\n\r\n").get()
                == .getFile(ContentHash(hex: hex)!, range: .bytes(ByteRange(first: 5, last: 9))))
        #expect(try parse("GET FILE \(hex) P2P-CI/2.1\r\nRange: bytes=5-\r\n\r\n").get()
                == .getFile(ContentHash(hex: hex)!, range: .bytes(ByteRange(first: 5, last: nil))))
        #expect(try parse("GET FILE \(hex) P2P-CI/2.1\r\nRange: bytes=9-5\r\n\r\n").get() == .getFile(ContentHash(hex: hex)!, range: .unsatisfiable))
        #expect(try parse("GET CHUNKS \(hex) P2P-CI/2.1\r\n\r\n").get() == .getChunks(ContentHash(hex: hex)!))
        #expect(status("LOOKUP FILE xyz P2P-CI/2.1\r\n\r\n")! == (400, .shoal))
        #expect(status("BROWSE PEER 3 P2P-CI/2.1\r\n\r\n")! == (400, .shoal))
        #expect(status("LIST ALL P2P-CI/2.1\r\nLimit: 0\r\n\r\n")! == (400, .shoal))
    }
}
