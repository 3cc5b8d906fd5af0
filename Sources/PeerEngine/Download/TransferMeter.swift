import NIOCore

/// Smoothed transfer speed: an exponentially weighted average over about two seconds. Pure: the caller
/// passes the time.
public struct TransferMeter: Sendable {
    private var rate: Double = 0
    private var windowBytes: UInt64 = 0
    private var windowStart: NIODeadline?
    private let window: TimeAmount = .milliseconds(500)

    public init() {}

    public mutating func record(_ bytes: UInt64, at now: NIODeadline) {
        if windowStart == nil { windowStart = now }
        windowBytes += bytes
        roll(now)
    }

    /// Bytes per second now; decays to zero when nothing arrives.
    public mutating func bytesPerSecond(at now: NIODeadline) -> Double {
        roll(now)
        return rate
    }

    private mutating func roll(_ now: NIODeadline) {
        guard let start = windowStart else { return }
        let elapsed = now - start
        guard elapsed >= window else { return }
        let seconds = Double(elapsed.nanoseconds) / 1e9
        let sample = Double(windowBytes) / seconds
        let weight = min(1, seconds / 2)
        rate = rate == 0 ? sample : rate + (sample - rate) * weight
        windowBytes = 0
        windowStart = now
    }
}
