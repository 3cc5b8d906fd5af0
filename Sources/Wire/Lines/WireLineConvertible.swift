/// A value that has a one-line text form in a response body.
public protocol WireLineConvertible: Sendable {
    var wireLine: String { get }
}

extension ClassicRecordLine: WireLineConvertible {}
