import NIOCore

/// One framed message: its first line, its headers and its body, not yet interpreted.
public struct WireFrame: Hashable, Sendable {
    /// The request line (`ADD RFC 1 P2P-CI/1.0`) or status line (`P2P-CI/1.0 200 OK`), without line ending.
    public let startLine: String
    public var headers: HeaderFields
    /// Exactly Content-Length bytes, or the record lines of a classic response; empty when there is none.
    public var body: ByteBuffer
    /// True if the start line or a header was not valid UTF-8 (the request is then answered 400).
    public var hadInvalidEncoding: Bool
    /// The version the sender used, when its start line names a supported one (its last token, else its
    /// first): responses use it. Recognized once, when the frame is made: a request asks for it several times.
    public let version: ProtocolVersion?

    public init(startLine: String, headers: HeaderFields = [:], body: ByteBuffer = ByteBuffer(),
                hadInvalidEncoding: Bool = false) {
        self.startLine = startLine
        self.headers = headers
        self.body = body
        self.hadInvalidEncoding = hadInvalidEncoding
        self.version = Self.version(in: startLine)
    }

    /// The supported version named by the last token of `startLine`, else by its first (tokens are split at
    /// spaces and tabs).
    static func version(in startLine: String) -> ProtocolVersion? {
        let utf8 = startLine.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            // Outside ASCII a space can be the base of a combining mark, and then it separates nothing:
            // split by characters.
            let tokens = startLine.split(whereSeparator: { $0 == " " || $0 == "\t" })
            return [tokens.last, tokens.first].lazy.compactMap { $0.flatMap(ProtocolVersion.init(token:)) }.first
        }
        let isSeparator = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let lastEnd = utf8.lastIndex(where: { !isSeparator($0) }),
              let firstStart = utf8.firstIndex(where: { !isSeparator($0) }) else { return nil }
        let lastStart = utf8[..<lastEnd].lastIndex(where: isSeparator).map(utf8.index(after:)) ?? utf8.startIndex
        let firstEnd = utf8[firstStart...].firstIndex(where: isSeparator) ?? utf8.endIndex
        return ProtocolVersion(token: utf8[lastStart...lastEnd]) ?? ProtocolVersion(token: utf8[firstStart..<firstEnd])
    }
}
