import Model
import NIOCore

extension FileSource: WireLineConvertible {
    /// A `LOOKUP FILE` body line: `PEER SP DIALECT SP HOST SP PORT SP NICK SP NAME`. NICK is `-` when absent.
    public init?<S: StringProtocol>(wireLine line: S) where S.SubSequence == Substring {
        let parts = WireFields.split(line, maxSplits: 5)
        guard parts.count == 6, let peer = PeerID(parts[0]), let dialect = PeerDialect(rawValue: String(parts[1])),
              !parts[2].isEmpty, let port = TextRules.port(parts[3]), !parts[4].isEmpty, !parts[5].isEmpty
        else { return nil }
        self.init(peer: peer, dialect: dialect, host: String(parts[2]), port: port,
                  nickname: parts[4] == "-" ? nil : String(parts[4]), name: String(parts[5]))
    }

    public var wireLine: String {
        var buffer = ByteBuffer()
        writeWireLine(into: &buffer)
        return String(buffer: buffer)
    }

    /// Writes ``wireLine`` into `buffer` without making it as a string first: a LOOKUP answer has up to
    /// 200 of them.
    public func writeWireLine(into buffer: inout ByteBuffer) {
        buffer.writeString(peer.description)
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(dialect.rawValue)
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(host)
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(String(port))
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(nickname ?? "-")
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(name)
    }

    /// The lines of a `LOOKUP FILE` answer's body, each ending in CRLF.
    public static func wireBody(_ sources: [FileSource]) -> ByteBuffer {
        let estimate = sources.reduce(0) { $0 + $1.host.utf8.count + $1.name.utf8.count + ($1.nickname?.utf8.count ?? 1) + 32 }
        var buffer = ByteBufferAllocator().buffer(capacity: estimate)
        for source in sources {
            source.writeWireLine(into: &buffer)
            buffer.writeStaticString("\r\n")
        }
        return buffer
    }
}
