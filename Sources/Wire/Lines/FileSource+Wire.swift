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

    /// Writes ``wireLine`` into `buffer` without making it as a string first (the index writes the start
    /// of each source's line once, at its HELLO: ``SourceLine`` in IndexServer).
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
}
