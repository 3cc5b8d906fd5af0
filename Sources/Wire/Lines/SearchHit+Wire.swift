import Model
import NIOCore

extension SearchHit: WireLineConvertible {
    /// A `SEARCH` or `LIST ALL` body line: `KEY SP SIZE SP SOURCES SP NAME`; SIZE is `-` when unknown.
    public init?<S: StringProtocol>(wireLine line: S) where S.SubSequence == Substring {
        let parts = WireFields.split(line, maxSplits: 3)
        guard parts.count == 4, let key = FileKey(parts[0]), let sources = TextRules.decimal(parts[2], maxDigits: 9),
              let size = WireField.optionalSize(parts[1]), !parts[3].isEmpty
        else { return nil }
        self.init(key: key, size: size, sources: Int(sources), name: String(parts[3]))
    }

    public var wireLine: String {
        var buffer = ByteBuffer()
        writeWireLine(into: &buffer)
        return String(buffer: buffer)
    }

    /// Writes ``wireLine`` into `buffer` without making it as a string first: a SEARCH answer has up to 100
    /// lines, and making each a string, then copying it, cost about a tenth as much as the search itself.
    public func writeWireLine(into buffer: inout ByteBuffer) {
        switch key {
        case .content(let hash):
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 64) { out in
                hash.writeHex(to: out)
                return 64
            }
        case .rfc:
            buffer.writeString(key.description)
        }
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(WireField.size(size))
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(String(sources))
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(name)
    }
}

extension Response.Body {
    /// Search hits as packed body lines, as the string form packs lines, each hit written straight into the
    /// bytes (``SearchHit/writeWireLine(into:)``).
    public static func packedLines(_ hits: [SearchHit]) -> Response.Body {
        // A line is the key (64 hex digits), size, sources, name and three spaces and CRLF.
        packed(hits, capacity: hits.reduce(0) { $0 + $1.name.utf8.count + 100 }) { $0.writeWireLine(into: &$1) }
    }
}
