/// Why a request to the index did not get an answer.
public enum IndexLinkError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Not connected now (the client is reconnecting, or was never connected).
    case unavailable(String)
    /// The connection closed before the answer came.
    case disconnected
    /// The answer was not a P2P-CI response.
    case malformedAnswer
    /// The index answered with an error status: code and reason.
    case refused(Int, String)
    /// The index (at this address) speaks only classic P2P-CI/1.0, and the request needs more: a file by its
    /// content hash.
    case classicIndex(String)
    /// The index at this address cannot be talked to securely: its key is not the one expected, or it
    /// offers no TLS where plaintext is not allowed. The address and why.
    case insecure(String, String)

    /// True when trying again later may work (no connection now), false for refusals.
    public var isTemporary: Bool {
        switch self {
        case .unavailable, .disconnected, .malformedAnswer: return true
        case .refused, .classicIndex, .insecure: return false
        }
    }

    public var description: String {
        switch self {
        case .unavailable(let address): return "the index at \(address) is unreachable"
        case .disconnected: return "the connection to the index closed"
        case .malformedAnswer: return "the index sent something that is not a P2P-CI answer"
        case .refused(let code, let reason): return "the index refused: \(code) \(reason)"
        case .insecure(let address, let why): return "the index at \(address): \(why)"
        case .classicIndex(let address):
            return "the index at \(address) is a classic P2P-CI/1.0 index: it knows RFC documents (rfc:N) only, not files by hash"
        }
    }
}
