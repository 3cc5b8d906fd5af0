/// Why a framed message is not a valid request: the status to answer with, in which version, and one line
/// saying what was wrong (sent as the `Reason` header in 2.0; classic answers carry no headers).
public struct RequestError: Error, Hashable, Sendable {
    public var status: StatusCode
    public var version: ProtocolVersion
    public var reason: String

    public init(_ status: StatusCode, _ version: ProtocolVersion, _ reason: String) {
        self.status = status
        self.version = version
        self.reason = reason
    }

    static func bad(_ version: ProtocolVersion, _ reason: String) -> RequestError {
        RequestError(.badRequest, version, reason)
    }
}
