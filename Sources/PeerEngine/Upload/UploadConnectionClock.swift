import NIOCore

/// When an upload connection has overstayed, as a pure function of what it did and when (PROTOCOL.md §6.5).
///
/// - Request: a message begun and not complete within ``UploadGuards/requestTimeout``: 408, close.
/// - Idle: no request under way and nothing being sent for ``UploadGuards/idleTimeout``: close.
/// - Stalled: a file being sent has made no progress for ``UploadGuards/sendTimeout``: close, and the slot
///   goes back.
struct UploadConnectionClock: Sendable {
    enum Expiry: Equatable, Sendable { case request, idle, stalled }

    let guards: UploadGuards
    private(set) var lastActivity: NIODeadline
    private(set) var messageStarted: NIODeadline?
    private(set) var sendProgress: NIODeadline?

    init(guards: UploadGuards, now: NIODeadline) {
        self.guards = guards
        self.lastActivity = now
    }

    /// Bytes of an unfinished request are buffered (or not).
    mutating func partialMessage(_ pending: Bool, at now: NIODeadline) {
        if !pending { messageStarted = nil } else if messageStarted == nil { messageStarted = now }
    }

    /// A request was answered, or a send finished.
    mutating func activity(at now: NIODeadline) {
        lastActivity = now
    }

    /// A send began (or wrote another slice): the stall clock restarts.
    mutating func sent(at now: NIODeadline) {
        sendProgress = now
        lastActivity = now
    }

    /// The send is over: back to the idle clock.
    mutating func sendEnded(at now: NIODeadline) {
        sendProgress = nil
        lastActivity = now
    }

    /// The earliest moment something may expire.
    var nextDeadline: NIODeadline {
        var deadlines = [messageStarted.map { $0 + guards.requestTimeout }].compactMap { $0 }
        if let sendProgress { deadlines.append(sendProgress + guards.sendTimeout) } else { deadlines.append(lastActivity + guards.idleTimeout) }
        return deadlines.min()!
    }

    /// What has expired at `now`, if anything.
    func expired(at now: NIODeadline) -> Expiry? {
        if let started = messageStarted, now >= started + guards.requestTimeout { return .request }
        if let sendProgress { return now >= sendProgress + guards.sendTimeout ? .stalled : nil }
        return now >= lastActivity + guards.idleTimeout ? .idle : nil
    }
}
