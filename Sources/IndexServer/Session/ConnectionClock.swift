import NIOCore
import Wire

/// When a connection has overstayed, as a pure function of what it did and when. PROTOCOL.md §8.
///
/// - Idle: no complete request for `idle` (Shoal and not-yet-identified connections) or for `classicIdle`
///   (connections that have spoken only P2P-CI/1.0, which has no keep-alive; nil means never).
/// - Request: a message begun (any byte of it) and not complete within `request`, so a half-sent request
///   holds nothing for long.
struct ConnectionClock: Sendable {
    enum Expiry: Equatable, Sendable { case idle, request }

    let timeouts: SessionTimeouts
    private(set) var lastRequest: NIODeadline
    private(set) var messageStarted: NIODeadline?
    private var sawClassic = false
    private var sawShoal = false

    init(timeouts: SessionTimeouts, now: NIODeadline) {
        self.timeouts = timeouts
        self.lastRequest = now
    }

    /// True once the connection has made requests, all of them P2P-CI/1.0.
    var classicOnly: Bool { sawClassic && !sawShoal }

    /// A valid request was answered. Invalid ones do not count: garbage never keeps a connection alive.
    mutating func requestCompleted(at now: NIODeadline, version: ProtocolVersion) {
        lastRequest = now
        messageStarted = nil
        if version == .classic { sawClassic = true } else { sawShoal = true }
    }

    /// Bytes of an unfinished message are buffered (or not).
    mutating func partialMessage(_ pending: Bool, at now: NIODeadline) {
        if !pending { messageStarted = nil } else if messageStarted == nil { messageStarted = now }
    }

    var idleDeadline: NIODeadline? {
        if classicOnly { return timeouts.classicIdle.map { lastRequest + $0 } }
        return lastRequest + timeouts.idle
    }

    /// The earliest moment something may expire.
    var nextDeadline: NIODeadline? {
        [idleDeadline, messageStarted.map { $0 + timeouts.request }].compactMap { $0 }.min()
    }

    /// What has expired at `now`, if anything (a stalled request is reported before idleness).
    func expired(at now: NIODeadline) -> Expiry? {
        if let started = messageStarted, now >= started + timeouts.request { return .request }
        if let idle = idleDeadline, now >= idle { return .idle }
        return nil
    }
}
