/// How a face reaches the engine: in the same process, or through the control socket of a peer that runs
/// elsewhere (`shoal serve`). Both carry the same values, so a face does not know which it has.
public protocol EngineLink: Sendable {
    /// Events from now on, beginning with the engine's present state (the index link, the share, every
    /// transfer), so a face that attaches late sees what one attached from the start sees. The stream ends
    /// when the engine stops or the link is lost.
    func subscribe() -> AsyncStream<EngineEvent>
    /// Asks the engine to do something; nothing comes back but events.
    func perform(_ command: EngineCommand) async
    /// Asks a question; the answer comes back here (``QueryAnswer/failed(_:)`` when it cannot be answered).
    func ask(_ query: EngineQuery) async -> QueryAnswer
}
