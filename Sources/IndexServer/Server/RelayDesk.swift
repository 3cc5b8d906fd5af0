import Model
import NIOConcurrencyHelpers
import NIOCore
import Wire

/// Where relayed connect requests (§5.11) go through: each session's connection, to write a `CONNECT`
/// message on, and each asker's allowance of requests.
final class RelayDesk: Sendable {
    /// Relayed requests one peer may make (PROTOCOL.md §8).
    let allowance: IndexServerConfiguration.RelayAllowance

    private struct State {
        var channels: [PeerID: any Channel] = [:]
        var allowances: [PeerID: TokenBucket] = [:]
    }

    private let state = NIOLockedValueBox(State())

    init(allowance: IndexServerConfiguration.RelayAllowance) { self.allowance = allowance }

    /// A session's connection, once it is open.
    func register(_ peer: PeerID, _ channel: any Channel) {
        state.withLockedValue { $0.channels[peer] = channel }
    }

    /// A session that closed.
    func forget(_ peer: PeerID) {
        state.withLockedValue {
            $0.channels[peer] = nil
            $0.allowances[peer] = nil
        }
    }

    /// Zero when `asker` may have one more request relayed now (and it is counted); otherwise how long until
    /// it may.
    func admit(_ asker: PeerID, now: NIODeadline) -> TimeAmount {
        let (perMinute, burst) = (allowance.perMinute, allowance.burst)
        return state.withLockedValue { state in
            var allowance = state.allowances[asker] ?? TokenBucket(rate: Double(perMinute) / 60, burst: Double(burst), now: now)
            defer { state.allowances[asker] = allowance }
            return allowance.take(now: now)
        }
    }

    /// Whether `peer` is connected to this server (not a peer of another cluster node).
    func holds(_ peer: PeerID) -> Bool {
        state.withLockedValue { $0.channels[peer] != nil }
    }

    /// Writes `push` on `target`'s connection, between two of its answers (its handler writes it).
    func deliver(_ push: RelayPush, to target: PeerID) {
        guard let channel = state.withLockedValue({ $0.channels[target] }) else { return }
        channel.pipeline.fireUserInboundEventTriggered(push)
    }
}
