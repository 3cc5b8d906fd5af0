/// The engine's time: how long since a fixed start, and waiting. Back-offs, retry delays, patience limits,
/// rescans and progress reports all read it, so tests run them in virtual time (TestSupport's VirtualClock)
/// instead of waiting for real seconds. Socket timeouts stay on the event loops' clocks.
public protocol EngineClock: Sendable {
    /// Time since the clock's start; never goes back.
    var now: Duration { get }
    /// Waits `duration`; throws `CancellationError` when the task is cancelled first.
    func sleep(for duration: Duration) async throws
}

/// Real time: `ContinuousClock`.
public struct SystemClock: EngineClock {
    private let origin = ContinuousClock.now

    public init() {}

    public var now: Duration { origin.duration(to: .now) }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
