import Wire

/// The bytes of a file a GET FILE asks for, and how the answer says so.
struct UploadPart: Sendable {
    var first: UInt64 = 0
    var last: UInt64
    var status = StatusCode.ok
    var headers = HeaderFields()

    /// Nil when the range cannot be satisfied (416).
    init?(_ range: RequestedRange, of size: UInt64) {
        last = size == 0 ? 0 : size - 1
        switch range {
        case .whole:
            break
        case .bytes(let requested) where requested.first < size:
            first = requested.first
            last = min(requested.last ?? size - 1, size - 1)
            status = .partialContent
            headers.append("Content-Range", "bytes \(first)-\(last)/\(size)")
        case .bytes, .unsatisfiable:
            return nil
        }
    }
}
