import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO

/// The statements running on one connection, failed with ``ClusterError/connectionClosed`` when it closes
/// under them.
///
/// postgres-nio 1.33 drops a statement written to a connection whose channel has already closed (after the
/// server ended it, or the node closed it): its answer never comes and its caller would wait for ever, holding
/// up the node's rejoin or its shutdown. So each statement runs in a task of its own while its caller waits
/// here. Once the connection has closed, statements still waiting ``closedGrace`` later (time for one to fail
/// by itself, with the server's own reason) get the error, and new ones get it at once. A statement abandoned
/// that way leaves its task suspended for good, holding this closed connection (a few kilobytes): at most one
/// per statement sent in the moment of the close. LeakSanitizer reports those (Tests/Sanitizers/lsan.supp).
/// A statement that postgres-nio itself fails because the connection is closing fails with the same error.
/// A caller whose task is cancelled stops waiting at once, too.
final class InFlightQueries: Sendable {
    private struct State {
        var closed = false
        var nextID = 0
        var waiting: [Int: CheckedContinuation<PostgresRowSequence, any Error>] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// postgres-nio's errors for a statement on a connection that is closing or has closed: the same
    /// ``ClusterError/connectionClosed`` as when this notices the close first (which of the two does is a
    /// race, and the node's log should not name a close two ways).
    private static let closedCodes: [PSQLError.Code] = [
        .clientClosedConnection, .serverClosedConnection, .uncleanShutdown, .connectionError,
    ]

    /// How long a statement may take to fail by itself once its connection has closed.
    static let closedGrace: TimeAmount = .milliseconds(500)

    init(watching connection: PostgresConnection) {
        let eventLoop = connection.eventLoop
        connection.closeFuture.whenComplete { [state] _ in
            state.withLockedValue { $0.closed = true }
            eventLoop.scheduleTask(in: Self.closedGrace) {
                let abandoned = state.withLockedValue { state in
                    defer { state.waiting = [:] }
                    return Array(state.waiting.values)
                }
                for continuation in abandoned { continuation.resume(throwing: ClusterError.connectionClosed) }
            }
        }
    }

    /// Runs `query` on `connection`; its rows are read by the caller (a close while they are read fails the
    /// read, which postgres-nio does by itself).
    func run(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws -> PostgresRowSequence {
        guard !state.withLockedValue({ $0.closed }) else { throw ClusterError.connectionClosed }
        // A channel that has begun to close is not written to (the closed flag is set only once it has closed).
        let work = Task {
            guard !connection.isClosed else { throw ClusterError.connectionClosed }
            do {
                return try await connection.query(query, logger: logger)
            } catch let error as PSQLError where Self.closedCodes.contains(error.code) {
                throw ClusterError.connectionClosed
            }
        }
        let id = state.withLockedValue { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let waiting = state.withLockedValue { state -> Bool in
                    guard !state.closed, !Task.isCancelled else { return false }
                    state.waiting[id] = continuation
                    return true
                }
                guard waiting else {
                    work.cancel()
                    continuation.resume(throwing: Task.isCancelled ? CancellationError() : ClusterError.connectionClosed)
                    return
                }
                Task { [state] in
                    let result = await work.result
                    state.withLockedValue { $0.waiting.removeValue(forKey: id) }?.resume(with: result)
                }
            }
        } onCancel: {
            // The caller stops waiting at once (a statement stuck on a partitioned network would not end).
            work.cancel()
            state.withLockedValue { $0.waiting.removeValue(forKey: id) }?.resume(throwing: CancellationError())
        }
    }
}
