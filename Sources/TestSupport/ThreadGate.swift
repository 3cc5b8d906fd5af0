import Foundation

/// A gate threads wait at until a test opens it: holds work that runs on threads outside Swift
/// concurrency (NIO event loops, thread pools) for as long as a test needs, and tells the test as each
/// thread arrives.
public final class ThreadGate: Sendable {
    // NSCondition guards both fields; ThreadSanitizer sees it (Synchronization's Mutex it does not).
    private let condition = NSCondition()
    private nonisolated(unsafe) var isOpen = false  // guarded by `condition`
    private nonisolated(unsafe) var waiters = 0  // guarded by `condition`

    /// One element each time a thread arrives at the gate.
    public let arrivals: AsyncStream<Void>
    private let arrived: AsyncStream<Void>.Continuation

    public init() {
        (arrivals, arrived) = AsyncStream.makeStream()
    }

    /// Blocks the calling thread until the gate is open.
    public func wait() {
        arrived.yield()
        condition.lock()
        waiters += 1
        while !isOpen { condition.wait() }
        waiters -= 1
        condition.unlock()
    }

    /// Lets every waiting thread, and every later one, through.
    public func open() {
        condition.lock()
        isOpen = true
        condition.broadcast()
        condition.unlock()
    }

    /// Threads waiting now.
    public var waiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return waiters
    }
}
