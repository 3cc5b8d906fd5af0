/// A limit or framing rule broken in a way that leaves the rest of the stream unframeable.
/// The receiver answers once with `status` and closes the connection.
public enum FramingError: Error, Hashable, Sendable {
    case lineTooLong(limit: Int)
    case tooManyHeaders(limit: Int)
    case bodyTooLarge(length: Int, limit: Int)
    case invalidContentLength(String)

    public var status: StatusCode {
        switch self {
        case .lineTooLong, .tooManyHeaders, .bodyTooLarge: return .tooLarge
        case .invalidContentLength: return .badRequest
        }
    }

    /// One line naming what was wrong.
    public var reason: String {
        switch self {
        case .lineTooLong(let limit): return "line longer than \(limit) bytes"
        case .tooManyHeaders(let limit): return "more than \(limit) header lines"
        case .bodyTooLarge(let length, let limit): return "body of \(length) bytes exceeds the limit of \(limit) bytes"
        case .invalidContentLength(let value): return "Content-Length '\(value.prefix(40))' is not a byte count"
        }
    }
}
