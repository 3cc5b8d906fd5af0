import NIOCore

/// Writes responses exactly as PROTOCOL.md §2 says (strict when writing: CRLF everywhere).
///
/// - P2P-CI/1.0: status line, headers (only a GET has any), an empty line; then, when there are record
///   lines, the lines and one more empty line; or the raw bytes of a GET.
/// - P2P-CI/2.0: status line, headers, `Content-Length` whenever there is a body, an empty line, the body.
public enum ResponseEncoder {
    public static func encode(_ response: Response, into buffer: inout ByteBuffer) {
        buffer.writeString("\(response.version.rawValue) \(response.status.code) \(response.status.phrase)\r\n")
        for field in response.headers where !field.name.caseInsensitiveEquals("Content-Length") {
            buffer.writeString("\(field.name): \(field.value)\r\n")
        }
        switch (response.version, response.body) {
        case (_, .none):
            buffer.writeStaticString("\r\n")
        case (.classic, .lines(let lines)):
            buffer.writeStaticString("\r\n")
            if !lines.isEmpty {
                for line in lines { buffer.writeString(line); buffer.writeStaticString("\r\n") }
                buffer.writeStaticString("\r\n")
            }
        case (.shoal, .lines(let lines)):
            let length = lines.reduce(0) { $0 + $1.utf8.count + 2 }
            buffer.writeString("Content-Length: \(length)\r\n\r\n")
            for line in lines { buffer.writeString(line); buffer.writeStaticString("\r\n") }
        case (_, .bytes(var bytes)):
            buffer.writeString("Content-Length: \(bytes.readableBytes)\r\n\r\n")
            buffer.writeBuffer(&bytes)
        }
    }

    public static func encode(_ response: Response, allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 256)
        encode(response, into: &buffer)
        return buffer
    }
}
