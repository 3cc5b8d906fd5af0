/// Every status code of P2P-CI/1.0 and 2.0 with its reason phrase. PROTOCOL.md §7 lists when each is sent.
public struct StatusCode: Hashable, Sendable, CustomStringConvertible {
    public let code: Int
    public let phrase: String

    public init(code: Int, phrase: String) {
        self.code = code
        self.phrase = phrase
    }

    public static let ok = StatusCode(code: 200, phrase: "OK")
    public static let partialContent = StatusCode(code: 206, phrase: "Partial Content")
    public static let badRequest = StatusCode(code: 400, phrase: "Bad Request")
    public static let forbidden = StatusCode(code: 403, phrase: "Forbidden")
    public static let notFound = StatusCode(code: 404, phrase: "Not Found")
    public static let requestTimeout = StatusCode(code: 408, phrase: "Request Timeout")
    public static let conflict = StatusCode(code: 409, phrase: "Conflict")
    public static let tooLarge = StatusCode(code: 413, phrase: "Too Large")
    public static let rangeNotSatisfiable = StatusCode(code: 416, phrase: "Range Not Satisfiable")
    public static let tlsRequired = StatusCode(code: 426, phrase: "TLS Required")
    public static let tooManyRequests = StatusCode(code: 429, phrase: "Too Many Requests")
    public static let internalError = StatusCode(code: 500, phrase: "Internal Server Error")
    public static let serviceUnavailable = StatusCode(code: 503, phrase: "Service Unavailable")
    public static let versionNotSupported = StatusCode(code: 505, phrase: "P2P-CI Version Not Supported")

    public static let all: [StatusCode] = [
        .ok, .partialContent, .badRequest, .forbidden, .notFound, .requestTimeout, .conflict, .tooLarge, .rangeNotSatisfiable,
        .tlsRequired, .tooManyRequests, .internalError, .serviceUnavailable, .versionNotSupported,
    ]

    /// The known status for a code, or a status with an empty phrase.
    public init(code: Int) {
        self = Self.all.first { $0.code == code } ?? StatusCode(code: code, phrase: "")
    }

    public var isSuccess: Bool { (200..<300).contains(code) }
    public var description: String { "\(code) \(phrase)" }
}
