import NIOCore

/// A response as a client reads it: version, status, headers, and the body's lines.
public struct ParsedResponse: Hashable, Sendable {
    public var version: ProtocolVersion
    public var status: StatusCode
    public var headers: HeaderFields
    public var body: ByteBuffer

    /// Interprets a framed response; nil when the status line is not `VERSION SP CODE SP PHRASE`.
    public init?(_ frame: WireFrame) {
        let parts = frame.startLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, case .supported(let version) = ProtocolVersion.recognize(parts[0]),
              let code = TextRules.decimal(parts[1], maxDigits: 3) else { return nil }
        self.version = version
        self.status = StatusCode(code: Int(code))
        self.headers = frame.headers
        self.body = frame.body
    }

    /// The body split into lines (CRLF or LF), without empty lines.
    /// `Retry-After` in seconds, kept within `range`; nil when the answer has none (or not a number).
    public func retryAfter(within range: ClosedRange<Int>) -> Int? {
        headers["Retry-After"].flatMap { Int($0) }.map { min(max($0, range.lowerBound), range.upperBound) }
    }

    public var lines: [String] {
        String(decoding: body.readableBytesView, as: UTF8.self)
            .split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
    }
}
