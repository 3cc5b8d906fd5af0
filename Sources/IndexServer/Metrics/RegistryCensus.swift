/// What a scrape reads from the registry: peers by dialect, records and items.
///
/// One pass over the sessions (``Registry/recordCount`` walks them too), made while the caller holds the
/// registry's lock: copy the numbers out and let go, as ``IndexContext/scrapeMetrics(allocator:)`` does.
struct RegistryCensus: Hashable, Sendable {
    /// Sessions that said HELLO: Shoal (P2P-CI/2.1) peers.
    var shoalPeers = 0
    /// Sessions that did not: P2P-CI/1.0 peers (and connections that have not said HELLO yet).
    var classicPeers = 0
    /// Records over all sessions (files and classic RFC records), and those of departed sessions still
    /// being removed.
    var records = 0
    /// Distinct items (files by content, RFCs by number).
    var items = 0

    init(_ registry: Registry) {
        records = registry.departingRecords
        for session in registry.sessions.values {
            if session.hello == nil { classicPeers += 1 } else { shoalPeers += 1 }
            records += session.recordCount
        }
        items = registry.itemCount
    }
}
