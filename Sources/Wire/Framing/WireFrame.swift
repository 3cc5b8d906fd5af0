import NIOCore

/// One framed message: its first line, its headers and its body, not yet interpreted.
public struct WireFrame: Hashable, Sendable {
    /// The request line (`ADD RFC 1 P2P-CI/1.0`) or status line (`P2P-CI/1.0 200 OK`), without line ending.
    public var startLine: String
    public var headers: HeaderFields
    /// Exactly Content-Length bytes, or the record lines of a classic response; empty when there is none.
    public var body: ByteBuffer
    /// True if the start line or a header was not valid UTF-8 (the request is then answered 400).
    public var hadInvalidEncoding: Bool

    public init(startLine: String, headers: HeaderFields = [:], body: ByteBuffer = ByteBuffer(),
                hadInvalidEncoding: Bool = false) {
        self.startLine = startLine
        self.headers = headers
        self.body = body
        self.hadInvalidEncoding = hadInvalidEncoding
    }

    /// The version the sender used, when its start line names a supported one: responses use it.
    public var version: ProtocolVersion? {
        let tokens = startLine.split(whereSeparator: { $0 == " " || $0 == "\t" })
        for token in [tokens.last, tokens.first].compactMap({ $0 }) {
            if case .supported(let version) = ProtocolVersion.recognize(token) { return version }
        }
        return nil
    }
}
