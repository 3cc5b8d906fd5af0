import NIOCore
import Wire

/// A LOOKUP FILE answer's body and its per-source headers, written a source at a time while the registry
/// is read (``Registry/listSources(of:size:for:into:)``): each source's line straight into the body's bytes
/// (its start made at the session's HELLO, then the name, then CRLF), and its id into `Reachable`,
/// `Unreachable` and `Keyprints` (PROTOCOL.md §5.4).
///
/// Nothing a source refers to is counted: the line and the name are lent for the call. Collecting them
/// first (a counted reference to each line and name, 200 for a popular file, the same objects on every event
/// loop) was 4.6 % of the index's CPU under LOOKUPs at 64 connections (BENCHMARKS.md).
struct LookupAnswerWriter: SourceListing {
    /// A body line's bytes, about: a line's start (`p12 shoal 10.0.0.1 6001 nick `) and a typical name.
    static let typicalLineLength = 112

    private(set) var body = ByteBuffer()
    private(set) var count = 0
    /// The ids of sources the index reached, of those it did not, and `id=keyprint` of those that proved
    /// a key, comma-separated.
    private(set) var reachable = "", unreachable = "", keyprints = ""

    mutating func reserve(_ count: Int) {
        body.reserveCapacity(count * Self.typicalLineLength)
    }

    mutating func add(_ line: SourceLine, name: borrowing String) {
        let length = line.length(named: name)
        body.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { line.copy(named: name, to: $0) }
        count += 1
        if line.reachable == true { Self.append(line.peerText, to: &reachable) }
        if line.reachable == false { Self.append(line.peerText, to: &unreachable) }
        if let keyprint = line.keyprint {
            Self.append(line.peerText, to: &keyprints)
            keyprints.append("=")
            keyprints.append(keyprint)
        }
    }

    /// The headers these sources give (each left out when it would be empty).
    func addHeaders(to headers: inout HeaderFields) {
        if !reachable.isEmpty { headers.append("Reachable", reachable) }
        if !unreachable.isEmpty { headers.append("Unreachable", unreachable) }
        if !keyprints.isEmpty { headers.append("Keyprints", keyprints) }
    }

    private static func append(_ item: String, to list: inout String) {
        if !list.isEmpty { list.append(",") }
        list.append(item)
    }
}
