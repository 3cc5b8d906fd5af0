import Model
import NIOConcurrencyHelpers

/// Hands every engine event to every subscriber (the UI, the control socket's clients, the CLI), each new
/// subscriber getting the present state first (``EngineStateMirror``). A control client keeps one too, for the
/// faces in its process. Subscribers' streams are unbounded:
/// faces in the process read promptly, and the control server bounds each socket client on its own.
public final class EngineEventHub: Sendable {
    private struct State {
        var mirror = EngineStateMirror()
        var subscribers: [Int: AsyncStream<EngineEvent>.Continuation] = [:]
        var nextID = 0
        var finished = false
    }

    private let state = NIOLockedValueBox(State())
    private let subscribersChanged: @Sendable (Int) -> Void

    /// A hub; `subscribersChanged` is told how many subscribers there are after each one comes or goes
    /// (outside the hub's lock).
    public init(subscribersChanged: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.subscribersChanged = subscribersChanged
    }

    public func emit(_ event: EngineEvent) {
        state.withLockedValue { state in
            guard !state.finished else { return }
            state.mirror.apply(event)
            for subscriber in state.subscribers.values { subscriber.yield(event) }
        }
    }

    /// Events from now on, after the present state; the stream ends when the engine stops.
    public func subscribe() -> AsyncStream<EngineEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: EngineEvent.self, bufferingPolicy: .unbounded)
        let added: (id: Int, count: Int)? = state.withLockedValue { state in
            guard !state.finished else { return nil }
            for event in state.mirror.events { continuation.yield(event) }
            defer { state.nextID += 1 }
            state.subscribers[state.nextID] = continuation
            return (state.nextID, state.subscribers.count)
        }
        guard let (id, count) = added else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            let count = state.withLockedValue { state -> Int? in
                state.subscribers.removeValue(forKey: id) == nil ? nil : state.subscribers.count
            }
            if let count { subscribersChanged(count) }
        }
        subscribersChanged(count)
        return stream
    }

    /// The last snapshot published of transfer `id`, if it is still kept.
    public func transfer(_ id: Int64) -> TransferSnapshot? { state.withLockedValue { $0.mirror.transfer(id) } }

    public var subscriberCount: Int { state.withLockedValue { $0.subscribers.count } }

    /// Ends every subscriber's stream.
    public func finish() {
        // Finished outside the lock: finishing runs the streams' termination handlers, which take it.
        let subscribers = state.withLockedValue { state in
            state.finished = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
        if !subscribers.isEmpty { subscribersChanged(0) }
    }
}
