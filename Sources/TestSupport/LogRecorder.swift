import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Collects log messages of a component under test, so tests can assert on them and wait for one.
public final class LogRecorder: Sendable {
    private struct Waiter {
        let id: Int
        let predicate: @Sendable (String) -> Bool
        let continuation: CheckedContinuation<String, any Error>
    }

    private struct State {
        var messages: [(Logger.Level, String)] = []
        var waiters: [Waiter] = []
        var nextID = 0
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    /// A logger whose messages (all levels) land here.
    public func logger(label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in RecordingHandler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every message so far at `level` or above.
    public func messages(atLeast level: Logger.Level = .trace) -> [String] {
        state.withLockedValue { $0.messages.filter { $0.0 >= level }.map(\.1) }
    }

    /// Waits until a message (already logged or to come) satisfies `predicate`; returns it.
    @discardableResult
    public func waitFor(timeout: TimeAmount = .seconds(5), _ description: String,
                        _ predicate: @escaping @Sendable (String) -> Bool) async throws -> String {
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        return try await withCheckedThrowingContinuation { continuation in
            let id: Int? = state.withLockedValue { state in
                if let hit = state.messages.map(\.1).first(where: predicate) {
                    continuation.resume(returning: hit)
                    return nil
                }
                state.nextID += 1
                state.waiters.append(Waiter(id: state.nextID, predicate: predicate, continuation: continuation))
                return state.nextID
            }
            guard let id else { return }
            loop.scheduleTask(in: timeout) { [self] in
                let expired = state.withLockedValue { state -> Waiter? in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.waiters.remove(at: index)
                }
                expired?.continuation.resume(throwing: TestTimeout(description))
            }
        }
    }

    fileprivate func record(_ level: Logger.Level, _ message: String) {
        let ready = state.withLockedValue { state -> [(Waiter)] in
            state.messages.append((level, message))
            let ready = state.waiters.filter { $0.predicate(message) }
            state.waiters.removeAll { $0.predicate(message) }
            return ready
        }
        for waiter in ready { waiter.continuation.resume(returning: message) }
    }
}

private struct RecordingHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        recorder.record(event.level, "\(event.message)")
    }
}
