import IndexCluster
import IndexServer
import Model
import NIOCore
import TestSupport
import Testing
import Wire

@Suite("Change-log rows: every change survives the trip through PostgreSQL's bytes, and a bad row is refused")
struct ChangeCodecTests {
    static let everyKind: [RegistryChange] = [
        .opened(PeerID(7_000_000_001), address: "2001:db8::7"),
        .greeted(PeerID(7_000_000_001), Hello(port: 6881, nickname: "mañana 🐟", agent: "shoal/0.9", relay: true),
                 reachable: false, keyprint: "sha256/abc"),
        .greeted(PeerID(2), Hello(port: 1), reachable: nil, keyprint: nil),
        .filesAdded(PeerID(7_000_000_001), [Fixtures.file("Debian 12 netinst.iso", size: 658_505_728),
                                           Fixtures.file("", size: 0), Fixtures.file("日本語の本.epub", size: .max)]),
        .filesRemoved(PeerID(7_000_000_001), [Fixtures.hash("a"), Fixtures.hash("b")]),
        .classicAdded(PeerID(3), ClassicRecord(number: 2616, host: "host-a", port: 5678, title: "HTTP/1.1")),
        .closed(PeerID(7_000_000_001)),
    ]

    @Test("each kind of change decodes to what was encoded, in order")
    func roundTrip() throws {
        let bytes = ChangeCodec.encode(Self.everyKind)
        #expect(try ChangeCodec.decode(bytes) == Self.everyKind)
    }

    @Test("a row cut short anywhere is refused as truncated, never half read")
    func truncated() throws {
        let bytes = ChangeCodec.encode(Self.everyKind)
        for length in 0..<bytes.readableBytes {
            let cut = bytes.getSlice(at: bytes.readerIndex, length: length)!
            do {
                let changes = try ChangeCodec.decode(cut)
                // A cut between two changes is a shorter valid row: only whole changes come out.
                #expect(Self.everyKind.starts(with: changes), "cut at \(length)")
            } catch {
                #expect(error == .truncated, "cut at \(length)")
            }
        }
    }

    @Test("a row from a newer build, or of an unknown kind, is refused by name")
    func foreign() {
        var newer = ByteBuffer()
        newer.writeInteger(UInt8(9))
        #expect(throws: ChangeCodecError.unknownFormat(9)) { try ChangeCodec.decode(newer) }
        var unknown = ByteBuffer()
        unknown.writeInteger(ChangeCodec.format)
        unknown.writeInteger(UInt8(200))
        unknown.writeInteger(UInt64(1))
        #expect(throws: ChangeCodecError.unknownChange(200)) { try ChangeCodec.decode(unknown) }
    }

    @Test("a count larger than the row cannot make the decoder reserve memory for it")
    func hugeCount() {
        var row = ByteBuffer()
        row.writeInteger(ChangeCodec.format)
        row.writeInteger(UInt8(3))  // files added
        row.writeInteger(UInt64(1))
        row.writeInteger(UInt32.max)
        #expect(throws: ChangeCodecError.truncated) { try ChangeCodec.decode(row) }
    }
}
