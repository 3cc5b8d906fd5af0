import Model
import Wire

/// One connection to the index and everything it registered. Records belong to the session: only its own
/// connection changes them, and they all go when it closes.
struct PeerSession: Sendable {
    let id: PeerID
    /// The peer's IP address as the index sees it on the connection (never what the peer claims).
    let address: String
    /// Set by `HELLO`; nil for a session that only speaks P2P-CI/1.0.
    var hello: Hello?
    /// Slots of every item this session holds a record in (files and classic RFC records).
    var slots = SlotSet()
    /// Classic records by RFC number (one per number per session; a repeated ADD replaces it).
    var classicSlots: [Int: Int32] = [:]
    /// Bytes of the names and titles of its records (see ``RegistryLimits/maximumNameBytesPerPeer``).
    var nameBytes = 0
    /// Whether the index reached its upload port (PROTOCOL.md §5.1); nil when not probed (classic sessions,
    /// or an index run without the probe).
    var reachable: Bool?
    /// The keyprint of the key its HELLO proved (§9.1), published to downloaders; nil over plaintext, or
    /// when it proved none.
    var keyprint: String?

    init(id: PeerID, address: String) {
        self.id = id
        self.address = address
    }

    /// How many records count against the files-per-peer limit.
    var recordCount: Int { slots.count }
}
