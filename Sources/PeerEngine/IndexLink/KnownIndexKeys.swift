import NIOConcurrencyHelpers

/// The keys indexes showed this peer, by address (`host:port`): trust on first use (PROTOCOL.md §9.1).
/// The first key an index shows is remembered; a later connection that shows another is refused.
public protocol KnownIndexKeys: Sendable {
    /// The keyprint remembered for `address`, if any.
    func keyprint(of address: String) async throws -> String?
    /// Remembers `keyprint` for `address`, unless one is remembered already.
    func remember(_ keyprint: String, of address: String) async throws
    /// Forgets the key of `address` (an operator gave the index a new key, and the user accepts it).
    func forget(_ address: String) async throws
}

/// Keys remembered for the life of the process only (one-off query commands, tests).
public final class TransientIndexKeys: KnownIndexKeys {
    private let keys = NIOLockedValueBox<[String: String]>([:])

    public init() {}

    public func keyprint(of address: String) async throws -> String? { keys.withLockedValue { $0[address] } }

    public func remember(_ keyprint: String, of address: String) async throws {
        keys.withLockedValue { if $0[address] == nil { $0[address] = keyprint } }
    }

    public func forget(_ address: String) async throws { _ = keys.withLockedValue { $0.removeValue(forKey: address) } }
}
