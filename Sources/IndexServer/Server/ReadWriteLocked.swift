#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// A value behind a readers-writer lock: any number of readers at once, or one writer. Writers go first
/// (a writer waiting keeps new readers out), so a stream of searches cannot starve registrations.
///
/// The index keeps its registry here: searches and lookups on both event loops read in parallel, and only
/// changes (ADD, REMOVE, HELLO, a connection opening or closing) wait for each other. NIO and the standard
/// library have a plain lock only; this wraps `pthread_rwlock_t`.
final class ReadWriteLocked<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is only touched while `lock` is held — shared for reads, exclusive for writes —
    // which is what makes handing this object to several threads safe.
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>
    private var value: Value
    /// Told how long each write held the lock (from taking it to letting it go), if set.
    private let writeHeld: (@Sendable (TimeAmount) -> Void)?

    /// - Parameter writeHeld: told, after each write, how long it held the lock: how long readers were kept
    ///   out (the index's metrics). Two clock reads per write when set; none when nil.
    init(_ value: Value, writeHeld: (@Sendable (TimeAmount) -> Void)? = nil) {
        self.value = value
        self.writeHeld = writeHeld
        lock = .allocate(capacity: 1)
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        #if canImport(Glibc)
        pthread_rwlockattr_setkind_np(&attributes, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        #endif
        let status = pthread_rwlock_init(lock, &attributes)
        precondition(status == 0, "pthread_rwlock_init failed: \(status)")
        pthread_rwlockattr_destroy(&attributes)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    /// Runs `body` with shared access (other readers may run at the same time).
    func withReadLock<Result>(_ body: (Value) throws -> Result) rethrows -> Result {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body(value)
    }

    /// Runs `body` with exclusive access if nobody holds the lock now; nil, without waiting, if someone does.
    func withWriteLockIfFree<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result? {
        guard pthread_rwlock_trywrlock(lock) == 0 else { return nil }
        return try whileWriting(body)
    }

    /// Runs `body` with exclusive access.
    func withWriteLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_rwlock_wrlock(lock)
        return try whileWriting(body)
    }

    /// Runs `body` on the value with the write lock held (taken by the caller), then lets it go and tells
    /// ``writeHeld`` how long it was held.
    private func whileWriting<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        guard let writeHeld else {
            defer { pthread_rwlock_unlock(lock) }
            return try body(&value)
        }
        let taken = NIODeadline.now()
        defer {
            let held = NIODeadline.now() - taken
            pthread_rwlock_unlock(lock)
            writeHeld(held)
        }
        return try body(&value)
    }
}
