import Trust

/// TLS identities made once per test process (making one costs a key and two TLS contexts).
public enum TestIdentities {
    /// The identity of every ``TestIndex``.
    public static let index = make("test index")
    /// Another, for tests that need a key that is not the index's.
    public static let stranger = make("stranger")

    private static func make(_ name: String) -> TLSIdentity {
        do { return try TLSIdentity.ephemeral(name: name) } catch { fatalError("cannot make a TLS identity for tests: \(error)") }
    }
}
