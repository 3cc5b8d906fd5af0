import NIOCore

/// A response in either dialect. ``ResponseEncoder`` writes it in its version's shape.
public struct Response: Hashable, Sendable {
    public var version: ProtocolVersion
    public var status: StatusCode
    public var headers: HeaderFields
    public var body: Body

    public enum Body: Hashable, Sendable {
        case none
        /// Text lines, each written with CRLF (classic record lines, 2.0 result lines).
        case lines([String])
        /// Raw bytes (a classic GET's file).
        case bytes(ByteBuffer)
        /// A body of this many bytes that the caller writes itself after the head (a `FileRegion`).
        case external(length: Int)
    }

    public init(_ version: ProtocolVersion, _ status: StatusCode, headers: HeaderFields = [:], body: Body = .none) {
        self.version = version
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// An error answer: classic ones are just the status line and an empty line; 2.0 ones add `Reason`.
    public static func error(_ error: RequestError) -> Response {
        failure(error.status, error.version, reason: error.reason)
    }

    /// A header-safe copy of a reason: control characters become `?`, at most 200 characters.
    static func sanitized(_ reason: String) -> String {
        String(String.UnicodeScalarView(reason.unicodeScalars.prefix(200).map { TextRules.isControl($0) ? "?" : $0 }))
    }

    /// A refusal; in 2.0 with `Reason` and, when the peer should ask again later (503 busy, 429 flood
    /// control), `Retry-After` in whole seconds. Classic answers carry neither.
    public static func failure(_ status: StatusCode, _ version: ProtocolVersion, reason: String,
                               retryAfter seconds: Int? = nil) -> Response {
        var headers = HeaderFields()
        if version == .shoal {
            headers.append("Reason", sanitized(reason))
            if let seconds { headers.append("Retry-After", String(seconds)) }
        }
        return Response(version, status, headers: headers)
    }
}

extension Response.Body {
    /// P2P-CI/2.1 body lines written into bytes at once, for an answer that is kept and sent again (it is
    /// not encoded again): on the wire the same as `.lines`, and as `.lines([])`, nothing for no lines.
    public static func packedLines(_ lines: [String]) -> Response.Body {
        packed(lines, capacity: lines.reduce(0) { $0 + $1.utf8.count + 2 }) { $1.writeString($0) }
    }

    /// `lines` packed as ``packedLines(_:)`` packs strings: each written by `write`, then CRLF, into one
    /// buffer of `capacity` bytes to start with; `.none` for no lines.
    static func packed<Line>(_ lines: [Line], capacity: Int, _ write: (Line, inout ByteBuffer) -> Void) -> Response.Body {
        guard !lines.isEmpty else { return .none }
        var bytes = ByteBufferAllocator().buffer(capacity: capacity)
        for line in lines {
            write(line, &bytes)
            bytes.writeStaticString("\r\n")
        }
        return .bytes(bytes)
    }
}
