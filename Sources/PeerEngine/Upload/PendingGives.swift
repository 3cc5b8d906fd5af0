import NIOConcurrencyHelpers
import NIOCore
import Wire

/// Connections this peer waits for a source behind NAT to open back to it (§5.11), by token. A token is
/// taken once, by the download that made it, until it expires; a connection with an unknown, used or
/// expired token is closed.
final class PendingGives: Sendable {
    private let waiting = NIOLockedValueBox<[RelayToken: EventLoopPromise<any Channel>]>([:])

    /// The connection a source opens with `token`, if one does within `timeout`.
    func expect(_ token: RelayToken, on loop: any EventLoop, timeout: TimeAmount) -> EventLoopFuture<any Channel> {
        let promise = loop.makePromise(of: (any Channel).self)
        waiting.withLockedValue { $0[token] = promise }
        let waiting = self.waiting
        let expiry = loop.scheduleTask(in: timeout) {
            waiting.withLockedValue { $0.removeValue(forKey: token) }?.fail(ConnectBackTimeout())
        }
        promise.futureResult.whenComplete { _ in expiry.cancel() }
        return promise.futureResult
    }

    /// Takes the waiting download's promise for `token`; nil for a token unknown, used or expired.
    func claim(_ token: RelayToken) -> EventLoopPromise<any Channel>? {
        waiting.withLockedValue { $0.removeValue(forKey: token) }
    }

    /// No source connected back in time.
    struct ConnectBackTimeout: Error, CustomStringConvertible {
        var description: String { "did not connect back through the index in time" }
    }
}
