import NIOConcurrencyHelpers
import NIOCore
import Wire

/// Upload slots (how many files are sent at once, over all connections) and the shared upload rate limit.
public final class UploadLimits: Sendable {
    public let slots: Int
    private let inUse = NIOLockedValueBox(0)
    private let bucket: NIOLockedValueBox<TokenBucket>?

    /// `bytesPerSecond` nil or 0: unlimited.
    public init(slots: Int, bytesPerSecond: Int?) {
        self.slots = slots
        if let rate = bytesPerSecond, rate > 0 {
            bucket = NIOLockedValueBox(TokenBucket(bytesPerSecond: rate, now: .now()))
        } else {
            bucket = nil
        }
    }

    public var isRateLimited: Bool { bucket != nil }

    func acquireSlot() -> Bool {
        inUse.withLockedValue { count in
            guard count < slots else { return false }
            count += 1
            return true
        }
    }

    func releaseSlot() { inUse.withLockedValue { $0 -= 1 } }

    public var slotsInUse: Int { inUse.withLockedValue { $0 } }

    /// How long to wait before sending `bytes` more.
    func delay(before bytes: Int) -> TimeAmount {
        bucket?.withLockedValue { $0.reserve(bytes, now: .now()) } ?? .zero
    }
}
