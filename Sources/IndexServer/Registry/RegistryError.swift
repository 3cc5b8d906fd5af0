/// Why the registry refused a change. The request processor turns these into statuses.
enum RegistryError: Error, Hashable, Sendable {
    /// The session must say HELLO first (2.0 file operations).
    case helloRequired
    /// HELLO was already said on this connection.
    case alreadyGreeted
    /// The change would take the session over its files-per-peer limit.
    case tooManyFiles(limit: Int, wouldHave: Int)
    /// The change would take the bytes of the session's names over the per-peer limit.
    case tooManyNameBytes(limit: Int, wouldHave: Int)
}
