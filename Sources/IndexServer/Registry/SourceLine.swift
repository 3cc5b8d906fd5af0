import Model
import NIOCore
import Wire

/// What a LOOKUP FILE answer says of one source, made once (at a session's HELLO) instead of for every
/// answer: its body line up to the file's name (`PEER DIALECT HOST PORT NICK `, PROTOCOL.md §5.4) and
/// what the answer's headers say of it. An answer lists up to 200 sources: listing them (a copy of each
/// holder's session, with its strings) and writing them field by field was a quarter of what a LOOKUP cost
/// the index; made once per session, the lines take about a fifth off that in a profile (BENCHMARKS.md).
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
    /// The body line's bytes before the file's name, written by ``FileSource/writeWireLine(into:)``.
    let start: ByteBuffer

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
        self.start = start
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

    /// Writes the whole body line for `name`, with its CRLF.
    func write(named name: String, into buffer: inout ByteBuffer) {
        buffer.writeImmutableBuffer(start)
        buffer.writeString(name)
        buffer.writeStaticString("\r\n")
    }
}
