import CPrefetch
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
    // What a LOOKUP reads of each source comes first, together in about 50 bytes (two cache lines at most;
    // a class keeps its stored properties in the order declared): see ``SourceLineTable/prefetch(_:)``.
    /// The body line's bytes before the file's name, as ``FileSource/writeWireLine(into:)`` writes them.
    let start: [UInt8]
    /// The address of `start`'s first byte, for prefetching only (never read through): asking `start` for it
    /// reads its count, which lies in the cache line to be prefetched.
    let startAddress: UInt
    /// The peer's id as answers write it (`p12`).
    let peerText: String
    /// The keyprint of the key it proved (nil: none).
    let keyprint: String?
    /// Whether the index reached its upload port (nil: not probed).
    let reachable: Bool?
    let peer: PeerID
    let dialect: PeerDialect
    let host: String
    let port: Int
    let nickname: String?

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
        startAddress = self.start.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
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

    /// Starts bringing in the bytes of `start` (see ``SourceLineTable/prefetch(_:)``): a hint that reads
    /// nothing but `startAddress`, and does nothing when `start` is empty (no address).
    @inline(__always)
    func prefetchStart() {
        guard let bytes = UnsafeRawPointer(bitPattern: startAddress) else { return }
        shoal_prefetch(bytes - 16)  // the array's count, which `length(named:)` reads
        shoal_prefetch(bytes + 48)
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
