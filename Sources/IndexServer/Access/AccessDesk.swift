import NIOConcurrencyHelpers
import NIOCore
import Wire

/// Who may use the index (§9.2): the ban list, checked at accept, and for a private index the tokens,
/// checked at HELLO. Both can be replaced while the index runs (SIGHUP, `shoal-index token revoke`): whoever
/// they no longer admit is disconnected at once.
final class AccessDesk: Sendable {
    /// How a HELLO's token is judged.
    enum Verdict: Equatable {
        /// A token of `name` (or none needed: `name` nil).
        case admitted(name: String?)
        case refused
        /// Too many wrong tokens from this address lately: not even checked.
        case slowDown(seconds: Int)
    }

    /// Wrong tokens one address may try: `burst` at once, then one every `60 / perMinute` seconds.
    static let failuresPerMinute = 5.0, failureBurst = 5.0

    let requiresToken: Bool
    private struct State {
        var tokens: AccessTokens
        var bans: BanList
        /// Connections admitted by a token, with its name: revoking the name closes them.
        var holders: [ObjectIdentifier: (name: String, channel: any Channel)] = [:]
        var failures: [String: TokenBucket] = [:]
    }
    private let state: NIOLockedValueBox<State>

    init(requiresToken: Bool, tokens: AccessTokens, bans: BanList) {
        self.requiresToken = requiresToken
        state = NIOLockedValueBox(State(tokens: tokens, bans: bans))
    }

    func isBanned(_ address: String) -> Bool { state.withLockedValue { $0.bans.bans(address) } }

    /// Judges the token of a HELLO on `channel` from `address`.
    func judge(_ token: String?, from address: String, on channel: any Channel, now: NIODeadline) -> Verdict {
        guard requiresToken else { return .admitted(name: nil) }
        return state.withLockedValue { state in
            var bucket = state.failures[address]
                ?? TokenBucket(rate: Self.failuresPerMinute / 60, burst: Self.failureBurst, now: now)
            defer { state.failures[address] = bucket }
            var probe = bucket
            let wait = probe.take(now: now)
            guard wait == .zero else { return .slowDown(seconds: max(1, Int((Double(wait.nanoseconds) / 1e9).rounded(.up)))) }
            guard let token, let name = state.tokens.holder(of: token) else {
                _ = bucket.take(now: now)
                if state.failures.count > 10_000 { state.failures.removeAll() }  // bounded: a flood of addresses starts it over
                return .refused
            }
            state.holders[ObjectIdentifier(channel)] = (name, channel)
            return .admitted(name: name)
        }
    }

    /// The connection closed.
    func forget(_ channel: any Channel) {
        _ = state.withLockedValue { $0.holders.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Puts new tokens and bans in force; returns the connections admitted by a token that is gone.
    func replace(tokens: AccessTokens, bans: BanList) -> [any Channel] {
        state.withLockedValue { state in
            state.tokens = tokens
            state.bans = bans
            let names = Set(tokens.entries.map(\.name))
            return state.holders.values.filter { !names.contains($0.name) }.map(\.channel)
        }
    }
}
