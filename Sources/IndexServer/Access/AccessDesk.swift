import Foundation
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

    let requiresToken: Bool
    /// Wrong tokens one source may try: `failureBurst` at once, then `failuresPerMinute`.
    private let failuresPerMinute: Double, failureBurst: Double
    private struct State {
        var tokens: AccessTokens
        var bans: BanList
        /// Connections admitted by a token, with the token's digest: when that digest is no longer in the
        /// file (revoked, even if the name got a new token) they are closed.
        var holders: [ObjectIdentifier: (digest: String, channel: any Channel)] = [:]
        var failures: [String: TokenBucket] = [:]
    }
    private let state: NIOLockedValueBox<State>

    init(_ rules: IndexServerConfiguration.AccessRules) {
        requiresToken = rules.requiresToken
        failuresPerMinute = rules.wrongTokensPerMinute
        failureBurst = rules.wrongTokenBurst
        state = NIOLockedValueBox(State(tokens: rules.tokens, bans: rules.bans))
    }

    func isBanned(_ address: String) -> Bool { state.withLockedValue { $0.bans.bans(address) } }

    /// Judges the token of a HELLO on `channel` from `address`.
    func judge(_ token: String?, from address: String, on channel: any Channel, now: NIODeadline) -> Verdict {
        guard requiresToken else { return .admitted(name: nil) }
        let source = Self.source(of: address)
        return state.withLockedValue { state in
            if var probe = state.failures[source] {
                let wait = probe.take(now: now)
                guard wait == .zero else { return .slowDown(seconds: max(1, Int((Double(wait.nanoseconds) / 1e9).rounded(.up)))) }
            }
            guard let token, let name = state.tokens.holder(of: token) else {
                // Only failures are kept. Bounded: past 10,000 sources the oldest half is dropped.
                if state.failures[source] == nil, state.failures.count >= 10_000 {
                    for key in state.failures.keys.prefix(5_000) { state.failures[key] = nil }
                }
                var bucket = state.failures[source] ?? TokenBucket(rate: failuresPerMinute / 60, burst: failureBurst, now: now)
                _ = bucket.take(now: now)
                state.failures[source] = bucket
                return .refused
            }
            state.holders[ObjectIdentifier(channel)] = (AccessTokens.digest(of: token), channel)
            return .admitted(name: name)
        }
    }

    /// Whom wrong tokens are counted against: the address, or for IPv6 its /64 (one host usually has a
    /// whole /64 to pick addresses from).
    static func source(of address: String) -> String {
        guard let bytes = BanList.bytes(of: address), bytes.count == 16 else { return address }
        return bytes.prefix(8).map { String(format: "%02x", $0) }.joined() + "::/64"
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
            let digests = Set(tokens.entries.map(\.digest))
            return state.holders.values.filter { !digests.contains($0.digest) }.map(\.channel)
        }
    }
}
