import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Wire

/// What every download shares: where to put files, whom to ask, where blocking work runs.
struct DownloadEnvironment: Sendable {
    let index: IndexClient
    let store: StateStore
    let downloads: String
    let pool: NIOThreadPool
    let group: any EventLoopGroup
    let logger: Logger
    /// The shared download rate limit, when one is set.
    let rate: NIOLockedValueBox<TokenBucket>?
    /// How long one chunk may take from one source.
    let chunkTimeout: TimeAmount
    /// Time for waits between tries (not for socket timeouts, which run on the event loops).
    let clock: any EngineClock

    /// Waits as long as the rate limit asks before receiving `bytes` more.
    func pace(_ bytes: Int) async {
        guard let rate else { return }
        let delay = rate.withLockedValue { $0.reserve(bytes, now: .now()) }
        if delay > .zero { try? await clock.sleep(for: .nanoseconds(delay.nanoseconds)) }
    }

    /// Runs blocking file work on the I/O pool.
    func io<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(work)
    }
}
