import NIOCore

/// Writes responses exactly as PROTOCOL.md §2 says (strict when writing: CRLF everywhere).
///
/// - P2P-CI/1.0: status line, headers (only a GET has any), an empty line; then, when there are record
///   lines, the lines and one more empty line; or the raw bytes of a GET.
/// - P2P-CI/2.1: status line, headers, `Content-Length` whenever there is a body, an empty line, the body.
public enum ResponseEncoder {
    public static func encode(_ response: Response, into buffer: inout ByteBuffer) {
        buffer.writeString("\(response.version.rawValue) \(response.status.code) \(response.status.phrase)\r\n")
        let bodyLength: Int?
        switch (response.version, response.body) {
        case (_, .none), (.classic, .lines): bodyLength = nil
        case (.shoal, .lines(let lines)): bodyLength = lines.isEmpty ? nil : lines.reduce(0) { $0 + $1.utf8.count + 2 }
        case (_, .bytes(let bytes)): bodyLength = bytes.readableBytes
        case (_, .external(let length)): bodyLength = length
        }
        // Headers in the given order; a Content-Length among them is written in its place with the true length.
        var wroteLength = false
        for field in response.headers {
            if field.name.caseInsensitiveEquals("Content-Length") {
                guard let bodyLength, !wroteLength else { continue }
                buffer.writeString("Content-Length: \(bodyLength)\r\n")
                wroteLength = true
            } else {
                buffer.writeString("\(field.name): \(field.value)\r\n")
            }
        }
        if let bodyLength, !wroteLength { buffer.writeString("Content-Length: \(bodyLength)\r\n") }
        buffer.writeStaticString("\r\n")
        switch response.body {
        case .none, .external:
            break
        case .lines(let lines):
            // Room for the lines at once: a 25 KB answer would otherwise grow the buffer (and copy it) seven times.
            buffer.reserveCapacity(minimumWritableBytes: bodyLength ?? 0)
            writeLines(lines, into: &buffer)
            if response.version == .classic, !lines.isEmpty { buffer.writeStaticString("\r\n") }
        case .bytes(var bytes):
            buffer.writeBuffer(&bytes)
        }
    }

    /// Body lines, each ending in CRLF.
    static func writeLines(_ lines: [String], into buffer: inout ByteBuffer) {
        for line in lines {
            buffer.writeString(line)
            buffer.writeStaticString("\r\n")
        }
    }

    public static func encode(_ response: Response, allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 256)
        encode(response, into: &buffer)
        return buffer
    }
}
