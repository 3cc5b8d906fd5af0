import NIOCore

/// A rate limit as a token bucket: `rate` bytes per second, bursts up to `burst` bytes. Pure: the caller
/// passes the time. Reservations may take the bucket below zero; the answer says how long to wait first.
public struct TokenBucket: Sendable {
    public let rate: Double
    public let burst: Double
    private var tokens: Double
    private var updated: NIODeadline

    public init(bytesPerSecond: Int, now: NIODeadline) {
        rate = Double(bytesPerSecond)
        burst = max(Double(bytesPerSecond) / 4, 64 * 1024)
        tokens = burst
        updated = now
    }

    /// Takes `bytes` tokens and returns how long to wait before sending them (zero when they were there).
    public mutating func reserve(_ bytes: Int, now: NIODeadline) -> TimeAmount {
        let elapsed = Double((now - updated).nanoseconds) / 1e9
        if elapsed > 0 {
            tokens = min(burst, tokens + elapsed * rate)
            updated = now
        }
        tokens -= Double(bytes)
        return tokens >= 0 ? .zero : .nanoseconds(Int64(-tokens / rate * 1e9))
    }
}
