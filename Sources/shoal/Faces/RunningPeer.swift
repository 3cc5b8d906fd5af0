import PeerControl

/// A peer already running on a state folder (`shoal serve`, or a UI), reached through its control socket.
enum RunningPeer {
    /// The link to the peer running on `state`, or nil when none runs there (no socket, or one left by a
    /// peer that was killed). A peer that refuses this client (another user's, another protocol version)
    /// ends the program with its reason: running a second peer on its folder would fail anyway.
    static func attach(state: String, client: String) async -> ControlClient? {
        do {
            return try await ControlClient.connect(path: ControlSocket.path(inState: state), client: client)
        } catch ControlClient.ConnectError.refused(let reason) {
            CLIFailure.failed("the peer running on \(state) refused this command: \(reason)").exit()
        } catch {
            return nil
        }
    }
}
