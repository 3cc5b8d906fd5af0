import NIOConcurrencyHelpers
import PeerEngine

/// Time that moves only when the test says so: back-offs, retries and patience limits are tested without
/// waiting for them. Each sleep is recorded (its length), so a test advances the clock once the engine is
/// waiting on it, by exactly what it waits for.
public final class VirtualClock: EngineClock {
    private struct Sleeper {
        let id: UInt64
        let deadline: Duration
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Duration = .zero
        var sleepers: [Sleeper] = []
        var nextID: UInt64 = 0
        /// Sleeps cancelled before they were registered.
        var cancelled: Set<UInt64> = []
    }

    private let state = NIOLockedValueBox(State())
    /// The length of every sleep begun, in order.
    public let sleeps = Recorder<Duration>()

    public init() {}

    public var now: Duration { state.withLockedValue { $0.now } }

    public func sleep(for duration: Duration) async throws {
        let id = state.withLockedValue { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Now { case sleep, wake, cancel }
                let now: Now = state.withLockedValue { state in
                    if state.cancelled.remove(id) != nil { return .cancel }
                    if duration <= .zero { return .wake }
                    state.sleepers.append(Sleeper(id: id, deadline: state.now + duration, continuation: continuation))
                    return .sleep
                }
                switch now {
                case .sleep: sleeps.append(duration)
                case .wake: continuation.resume()
                case .cancel: continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let sleeper: Sleeper? = state.withLockedValue { state in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelled.insert(id)
                    return nil
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time on by `duration`, waking every sleep that is then due, earliest first.
    public func advance(by duration: Duration) {
        let due: [Sleeper] = state.withLockedValue { state in
            state.now += duration
            let due = state.sleepers.filter { $0.deadline <= state.now }.sorted { $0.deadline < $1.deadline }
            state.sleepers.removeAll { $0.deadline <= state.now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Tasks sleeping on this clock now.
    public var sleeping: Int { state.withLockedValue { $0.sleepers.count } }
}
