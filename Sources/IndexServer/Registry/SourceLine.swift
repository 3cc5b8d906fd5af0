import Model
import NIOCore
import Wire

/// What a LOOKUP FILE answer says of one source, made once (at a session's HELLO) instead of for every
/// answer: its body line up to the file's name (`PEER DIALECT HOST PORT NICK `, PROTOCOL.md §5.4) and
/// what the answer's headers say of it. An answer lists up to 200 sources: listing them (a copy of each
/// holder's session, with its strings) and writing them field by field was a quarter of what a LOOKUP cost
/// the index; made once per session, the lines take about a fifth off that in a profile (BENCHMARKS.md).
/// Each record finds its session's line by number in ``SourceLineTable``.
final class SourceLine: Sendable {
    let peer: PeerID
    /// The peer's id as answers write it (`p12`).
    let peerText: String
    let dialect: PeerDialect
    let host: String
    let port: Int
    let nickname: String?
    /// Whether the index reached its upload port (nil: not probed).
    let reachable: Bool?
    /// The keyprint of the key it proved (nil: none).
    let keyprint: String?
    /// The body line's bytes before the file's name, as ``FileSource/writeWireLine(into:)`` writes them.
    let start: [UInt8]

    init(peer: PeerID, dialect: PeerDialect, host: String, port: Int, nickname: String?, reachable: Bool? = nil,
         keyprint: String? = nil) {
        self.peer = peer
        peerText = peer.description
        self.dialect = dialect
        self.host = host
        self.port = port
        self.nickname = nickname
        self.reachable = reachable
        self.keyprint = keyprint
        var start = ByteBuffer()
        FileSource(peer: peer, dialect: dialect, host: host, port: port, nickname: nickname, name: "").writeWireLine(into: &start)
        self.start = Array(start.readableBytesView)
    }

    /// The line of a greeted Shoal session.
    convenience init(_ session: PeerSession, _ hello: Hello) {
        self.init(peer: session.id, dialect: .shoal, host: session.address, port: hello.port, nickname: hello.nickname,
                  reachable: session.reachable, keyprint: session.keyprint)
    }

    /// The source this line lists under `name`.
    func source(named name: String) -> FileSource {
        FileSource(peer: peer, dialect: dialect, host: host, port: port, nickname: nickname, name: name,
                   reachable: reachable, keyprint: keyprint)
    }

    /// How many bytes the whole body line for `name` takes, with its CRLF.
    func length(named name: String) -> Int {
        start.count + name.utf8.count + 2
    }

    /// Copies the whole body line for `name`, with its CRLF, to the start of `out`, which has room for
    /// ``length(named:)`` bytes; returns that length.
    func copy(named name: String, to out: UnsafeMutableRawBufferPointer) -> Int {
        start.withUnsafeBytes { out.copyMemory(from: $0) }
        let named = UnsafeMutableRawBufferPointer(rebasing: out[start.count...])
        let nameLength = name.utf8.count
        if name.utf8.withContiguousStorageIfAvailable({ named.copyMemory(from: UnsafeRawBufferPointer($0)) }) == nil {
            named.copyBytes(from: name.utf8)
        }
        named[nameLength] = UInt8(ascii: "\r")
        named[nameLength + 1] = UInt8(ascii: "\n")
        return start.count + nameLength + 2
    }
}
