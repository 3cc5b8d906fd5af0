import Model
import Testing

@Suite("Model values")
struct ModelValueTests {
    @Test("a content hash survives hex in either case and rejects anything else")
    func contentHashHex() throws {
        let hex = "00ff" + String(repeating: "ab", count: 30)
        let hash = try #require(ContentHash(hex: hex))
        #expect(hash.hex == hex)
        #expect(ContentHash(hex: hex.uppercased()) == hash)
        #expect(hash.bytes.count == 32 && hash.bytes[1] == 0xFF)
        #expect(ContentHash(hex: String(hex.dropLast())) == nil)
        #expect(ContentHash(hex: String(hex.dropLast()) + "g") == nil)
        #expect(ContentHash(bytes: hash.bytes) == hash)
    }

    @Test("peer ids and file keys parse only their own text form")
    func identifiers() {
        #expect(PeerID("p17") == PeerID(17))
        #expect(PeerID(17).description == "p17")
        for bad in ["p", "17", "p-1", "q17", "p1x", "p١"] { #expect(PeerID(bad) == nil, "\(bad)") }
        #expect(FileKey("rfc:123") == .rfc(123))
        #expect(FileKey("rfc:") == nil)
        #expect(FileKey("rfc:1234567890") == nil)
        #expect(FileKey(String(repeating: "a", count: 64))?.description == String(repeating: "a", count: 64))
    }

    @Test("index addresses: HOST:PORT, HOST alone on 7734, bracketed IPv6; anything else is refused")
    func indexAddresses() throws {
        #expect(try IndexAddress.parse("hub.example.org:7000").get() == IndexAddress(host: "hub.example.org", port: 7000))
        #expect(try IndexAddress.parse("hub").get() == IndexAddress(host: "hub", port: 7734))
        #expect(try IndexAddress.parse("[::1]:9").get() == IndexAddress(host: "::1", port: 9))
        #expect(try IndexAddress.parse("[::1]").get().description == "[::1]:7734")
        for bad in ["", ":7734", "hub:0", "hub:65536", "hub:x", "::1:7734", "[::1]x", "a b:1"] {
            #expect((try? IndexAddress.parse(bad).get()) == nil, "\(bad)")
        }
        #expect("\(IndexAddress.parse("::1:7734"))".contains("brackets"))
    }

    @Test("an index address with its keyprint, as the index prints it, parses back; a bad kp is refused saying why")
    func indexLocations() throws {
        let kp = "sha256/" + String(repeating: "a", count: 52)
        let parsed = try IndexAddress.parseLocation("shoal://hub.example.org:7000/?kp=\(kp)").get()
        #expect(parsed == IndexAddress(host: "hub.example.org", port: 7000, keyprint: kp))
        #expect(parsed.location == "shoal://hub.example.org:7000/?kp=\(kp)")
        #expect(try IndexAddress.parseLocation("SHOAL://[::1]:9?kp=\(kp.uppercased())").get() == IndexAddress(host: "::1", port: 9, keyprint: kp))
        #expect(try IndexAddress.parseLocation("shoal://hub/").get() == IndexAddress(host: "hub", port: 7734))
        #expect(try IndexAddress.parseLocation("hub:7000").get() == IndexAddress(host: "hub", port: 7000), "the plain form too")
        #expect("\(IndexAddress.parseLocation("shoal://hub:1/?kp=sha256/short"))".contains("52 base32"))
        // A mistyped last character would name no key at all: refused, never taken for "any key".
        let typo = "sha256/" + String(repeating: "a", count: 51) + "b"
        #expect((try? IndexAddress.parseLocation("shoal://hub:1/?kp=\(typo)").get()) == nil)
        #expect("\(IndexAddress.parseLocation("shoal://hub:1/path"))".contains("nothing may follow"))
        #expect((try? IndexAddress.parseLocation("shoal://:1/").get()) == nil)
    }

    @Test("RFC-like file names map to their RFC number", arguments: [
        ("rfc123.txt", 123), ("rfc_123.txt", 123), ("RFC-7", 7), ("rfc2616", 2616), ("Rfc_1.TXT", 1),
        ("rfc1", 1), ("rfc_123456789.txt", 123_456_789),
    ])
    func rfcNames(name: String, number: Int) {
        #expect(RFCFileName.number(fromFileName: name) == number)
    }

    @Test("other names are not RFCs", arguments: ["rfc.txt", "myrfc1.txt", "rfc1.pdf", "rfc12a.txt", "rfc_", "rfc1234567890", "rfc_1234567890.txt", "rfc_123456789.txt.txt"])
    func notRFCNames(name: String) {
        #expect(RFCFileName.number(fromFileName: name) == nil)
    }

    @Test("words do not depend on what surrounds an accent: a lone combining mark is dropped, and tokenizing the words again gives them back")
    func loneMarks() {
        #expect(NameTokenizer.words("ub\u{0}\u{036F}cix") == ["ub", "cix"])
        #expect(NameTokenizer.words("ub \u{036F} cix") == ["ub", "cix"])
        for text in ["Résumé (final) 2024.PDF", "東京の夜景 map", "Ça va — l'été", "a\u{0301}b \u{20DD}x", "ß Σίσυφος"] {
            let words = NameTokenizer.words(text)
            #expect(NameTokenizer.words(words.joined(separator: " ")) == words, "\(text)")
        }
    }

    @Test("names split into folded words, accents and case removed")
    func tokenizer() {
        #expect(NameTokenizer.words("Résumé (final) 2024.PDF") == ["resume", "final", "2024", "pdf"])
        #expect(NameTokenizer.words("ubuntu-24.04_desktop.iso") == ["ubuntu", "24", "04", "desktop", "iso"])
        #expect(NameTokenizer.words("日本語 ファイル.txt") == ["日本語", "ファイル", "txt"])
        #expect(NameTokenizer.words("a a A") == ["a"])
        #expect(NameTokenizer.words("--- ...") == [])
        #expect(NameTokenizer.fileExtension("a.Tar.GZ") == "gz")
        #expect(NameTokenizer.fileExtension(".bashrc") == nil)
        #expect(NameTokenizer.fileExtension("README") == nil)
    }
}
