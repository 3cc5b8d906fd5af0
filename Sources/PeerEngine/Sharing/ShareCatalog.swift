import Model
import NIOConcurrencyHelpers

/// The files being shared now, by hash and by RFC number. The upload server serves only what is here:
/// it never turns a request into a path.
public final class ShareCatalog: Sendable {
    private struct State {
        var files: [SharedFile] = []
        var byHash: [ContentHash: SharedFile] = [:]
        var byRFC: [Int: SharedFile] = [:]
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    public func replace(with files: [SharedFile]) {
        var next = State()
        next.files = files
        for file in files {
            next.byHash[file.hash] = next.byHash[file.hash] ?? file
            if let number = RFCFileName.number(fromFileName: file.name) { next.byRFC[number] = next.byRFC[number] ?? file }
        }
        state.withLockedValue { $0 = next }
    }

    public func file(hash: ContentHash) -> SharedFile? { state.withLockedValue { $0.byHash[hash] } }
    public func file(rfc: Int) -> SharedFile? { state.withLockedValue { $0.byRFC[rfc] } }
    /// Every shared file, including several with the same content, by path.
    public var all: [SharedFile] { state.withLockedValue { $0.files } }
    public var count: Int { state.withLockedValue { $0.files.count } }
}
