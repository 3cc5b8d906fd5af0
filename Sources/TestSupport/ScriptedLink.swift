import Model
import PeerEngine

/// An ``EngineLink`` for control-socket tests: events are emitted at will, commands recorded, and queries
/// answered by a closure, so that the socket is tested without an index or a network.
public final class ScriptedLink: EngineLink {
    public let commands = Recorder<EngineCommand>()
    /// How many subscribers there are, after each change: a test waits here for faces to come and go.
    public let subscriberCounts = Recorder<Int>()
    private let hub: EngineEventHub
    private let answer: @Sendable (EngineQuery) async -> QueryAnswer

    public init(answer: @escaping @Sendable (EngineQuery) async -> QueryAnswer = { _ in .hits([], complete: true, nextCursor: nil) }) {
        self.answer = answer
        let counts = subscriberCounts
        hub = EngineEventHub { counts.append($0) }
    }

    /// Waits until there are exactly `count` subscribers.
    public func waitForSubscribers(_ count: Int, _ what: String) async throws {
        if subscriberCount == count { return }
        try await subscriberCounts.waitFor(what) { [hub] _ in hub.subscriberCount == count }
    }

    public func emit(_ event: EngineEvent) { hub.emit(event) }
    /// Ends every subscriber's stream, as a stopping engine does.
    public func finish() { hub.finish() }
    public var subscriberCount: Int { hub.subscriberCount }

    public func subscribe() -> AsyncStream<EngineEvent> { hub.subscribe() }
    public func perform(_ command: EngineCommand) async { commands.append(command) }
    public func ask(_ query: EngineQuery) async -> QueryAnswer { await answer(query) }
}
