import Model
import NIOConcurrencyHelpers
import TestSupport

/// An engine for scripted UI sessions: the test emits events and decides each query's answer; commands
/// and queries are recorded.
final class FakeEngine: EngineLink {
    let commands = Recorder<EngineCommand>()
    let queries = Recorder<EngineQuery>()
    private let subscribers = NIOLockedValueBox<[AsyncStream<EngineEvent>.Continuation]>([])
    private let answer: @Sendable (EngineQuery) async -> QueryAnswer

    init(answer: @escaping @Sendable (EngineQuery) async -> QueryAnswer = { _ in .hits([], complete: true, nextCursor: nil) }) {
        self.answer = answer
    }

    func emit(_ event: EngineEvent) {
        for subscriber in subscribers.withLockedValue({ $0 }) { subscriber.yield(event) }
    }

    /// Ends the event streams, as an engine that stops (or a lost link) does.
    func finish() {
        for subscriber in subscribers.withLockedValue({ $0 }) { subscriber.finish() }
    }

    func subscribe() -> AsyncStream<EngineEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: EngineEvent.self)
        subscribers.withLockedValue { $0.append(continuation) }
        return stream
    }

    func perform(_ command: EngineCommand) async { commands.append(command) }

    func ask(_ query: EngineQuery) async -> QueryAnswer {
        queries.append(query)
        return await answer(query)
    }
}
