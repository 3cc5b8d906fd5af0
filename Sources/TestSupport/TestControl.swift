import Logging
import Model
import PeerControl
import PeerEngine

/// A control server for a test peer's engine, on the socket in its state folder, as `shoal serve` runs one.
public final class TestControl: Sendable {
    public let path: String
    public let logs = LogRecorder()
    private let task: Task<Void, Never>

    /// Starts serving `link` at `path` and returns once the socket accepts connections.
    public init(link: any EngineLink, path: String, limits: ControlSocket.Limits = .forTests) async throws {
        self.path = path
        let logger = logs.logger(label: "control")
        let (ready, signal) = AsyncStream.makeStream(of: Void.self)
        let server = ControlServer(link: link, path: path, peerName: "test-peer", logger: logger, limits: limits) { signal.yield() }
        task = Task { try? await server.run() }
        try await within(TestDeadline.eventDuration, "the control socket to accept connections") {
            for await _ in ready { return }
        }
    }

    /// Serves the engine of `peer` on its state folder's socket.
    public convenience init(peer: TestPeer, limits: ControlSocket.Limits = .forTests) async throws {
        try await self.init(link: peer.engine, path: ControlSocket.path(inState: peer.folder + "/state"), limits: limits)
    }

    /// Closes the socket and every client.
    public func stop() async {
        task.cancel()
        await task.value
    }
}

extension ControlSocket.Limits {
    /// The README's limits, but with a hello deadline of ``TestDeadline/event``: a client of a test is late
    /// only when something is broken, never because the machine is busy (a test of the deadline sets its own).
    public static var forTests: Self {
        var limits = Self()
        limits.helloTimeout = TestDeadline.event
        return limits
    }
}
