import Model

/// One message on the control socket, either way (README, "The control socket"). Each travels as a 4-byte
/// big-endian length, then that many bytes of JSON.
///
/// A client opens with ``hello(version:client:)``; the peer answers ``welcome(version:peer:)`` and then sends
/// the present state as events, or ``goodbye(_:)`` and closes. After that the client sends commands and
/// queries; the peer sends events and answers (an answer carries its query's id), in any order.
public enum ControlMessage: Hashable, Sendable, Codable {
    /// Client → peer, first: the protocol version it speaks and what it is (`shoal ui`, `shoal get`).
    case hello(version: Int, client: String)
    /// Peer → client: accepted; the version in use and which peer this is (its nickname or folder).
    case welcome(version: Int, peer: String)
    case command(EngineCommand)
    case query(id: UInt64, EngineQuery)
    case answer(id: UInt64, QueryAnswer)
    case event(EngineEvent)
    /// Peer → client, last: why the peer closes this connection.
    case goodbye(String)
}
