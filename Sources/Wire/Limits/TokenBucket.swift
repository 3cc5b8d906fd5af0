import NIOCore

/// A rate limit as a token bucket: `rate` tokens per second, bursts up to `burst`. Pure: the caller
/// passes the time. Used for bytes (upload and download rates) and for requests (the index's flood control).
public struct TokenBucket: Sendable {
    public let rate: Double
    public let burst: Double
    private var tokens: Double
    private var updated: NIODeadline

    public init(rate: Double, burst: Double, now: NIODeadline) {
        self.rate = rate
        self.burst = burst
        tokens = burst
        updated = now
    }

    /// A byte-rate limit whose bursts are a quarter second's worth, at least 64 KiB.
    public init(bytesPerSecond: Int, now: NIODeadline) {
        self.init(rate: Double(bytesPerSecond), burst: max(Double(bytesPerSecond) / 4, 64 * 1024), now: now)
    }

    /// Takes `amount` tokens and returns how long to wait before using them (zero when they were there).
    /// The bucket may go below zero: later callers wait for the debt too.
    public mutating func reserve(_ amount: Int, now: NIODeadline) -> TimeAmount {
        refill(now: now)
        tokens -= Double(amount)
        return tokens >= 0 ? .zero : .nanoseconds(Int64(-tokens / rate * 1e9))
    }

    /// Takes `amount` tokens if they are there and returns zero; otherwise takes nothing and returns how
    /// long until they will be.
    public mutating func take(_ amount: Int = 1, now: NIODeadline) -> TimeAmount {
        refill(now: now)
        guard tokens < Double(amount) else {
            tokens -= Double(amount)
            return .zero
        }
        return .nanoseconds(Int64((Double(amount) - tokens) / rate * 1e9))
    }

    private mutating func refill(now: NIODeadline) {
        let elapsed = Double((now - updated).nanoseconds) / 1e9
        if elapsed > 0 {
            tokens = min(burst, tokens + elapsed * rate)
            updated = now
        }
    }
}
