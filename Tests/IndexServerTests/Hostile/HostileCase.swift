import Testing

/// One thing a hostile or broken client sends, and what the index must do about it.
struct HostileCase: Sendable, CustomTestStringConvertible {
    enum Outcome: Sendable {
        /// These answers, in order (status codes), and the connection stays usable.
        case answers([Int])
        /// This answer (its status line's start), then the index closes the connection.
        case closes(String)
        /// The index closes the connection at its request timeout, with no plaintext answer (a TLS
        /// handshake left unfinished: a P2P-CI line would mean nothing inside it).
        case closesUnanswered
    }

    let name: String
    let bytes: [UInt8]
    let outcome: Outcome
    /// The most memory the index may hold for unanswered bytes meanwhile.
    let bufferBound: Int

    init(_ name: String, _ text: String, _ outcome: Outcome, bufferBound: Int = 256 << 10) {
        self.init(name, bytes: Array(text.utf8), outcome, bufferBound: bufferBound)
    }

    init(_ name: String, bytes: [UInt8], _ outcome: Outcome, bufferBound: Int = 256 << 10) {
        self.name = name
        self.bytes = bytes
        self.outcome = outcome
        self.bufferBound = bufferBound
    }

    /// True when the expected answer is the index's own 408: only then does the server under test get a
    /// short request timeout; every other case gets one no slow machine reaches.
    var needsServerTimeout: Bool {
        switch outcome {
        case .closes(let statusLine): return statusLine.hasSuffix(" 408")
        case .closesUnanswered: return true
        case .answers: return false
        }
    }

    /// False for an input about TLS itself (a cut-short handshake): inside TLS it is just other bytes.
    var meansTheSameInsideTLS: Bool {
        if case .closesUnanswered = outcome { return false }
        return true
    }

    var testDescription: String { name }
}
