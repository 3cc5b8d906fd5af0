import NIOCore

/// Smoothed transfer speed: each arrival gives a sample (its bytes over the time since the previous
/// one), averaged with a weight that grows with that time (about a two-second memory). Silence for more
/// than five seconds reads as zero. Pure: the caller passes the time.
public struct TransferMeter: Sendable {
    private var rate: Double = 0
    private var last: NIODeadline?

    public init() {}

    /// The transfer starts (or resumes) now: the first arrival is measured from here.
    public mutating func start(at now: NIODeadline) {
        last = now
    }

    public mutating func record(_ bytes: UInt64, at now: NIODeadline) {
        defer { last = now }
        guard let last else { return }
        let seconds = max(0.02, Double((now - last).nanoseconds) / 1e9)
        let sample = Double(bytes) / seconds
        rate = rate == 0 ? sample : rate + (sample - rate) * min(1, seconds / 2)
    }

    /// Bytes per second now.
    public func bytesPerSecond(at now: NIODeadline) -> Double {
        guard let last, now - last < .seconds(5) else { return 0 }
        return rate
    }
}
