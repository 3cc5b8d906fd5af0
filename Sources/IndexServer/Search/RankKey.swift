import Foundation

/// The part of a hit's rank that does not depend on the query (PROTOCOL.md §5.5 keys 2–4: sources, name
/// length, name), packed into 32 bits so that postings can be kept in rank order.
///
/// A greater key never ranks lower: sources (up to 255), then shorter names (up to 255 characters), then
/// the name's first two bytes (UTF-8 of its NFC form, the order Swift compares strings in). Items whose
/// keys are equal are told apart by the full ``SearchRank``; past those caps, keys tie, and ties are
/// always settled the full way, so the packed key only decides where a search may stop, never the order.
enum RankKey {
    /// The key of an item shown under `name` with `sources` sources and `nameLength` characters.
    static func make(sources: Int, name: String, nameLength: Int) -> UInt32 {
        let sources = UInt32(min(max(sources, 0), 255))
        let shortness = 255 - UInt32(min(max(nameLength, 0), 255))
        return sources << 24 | shortness << 16 | (0xFFFF - namePrefix(name))
    }

    /// The first two bytes of the name in the order names compare in (0 where the name is shorter).
    static func namePrefix(_ name: String) -> UInt32 {
        var utf8 = name.utf8.prefix(2)
        if name.utf8.contains(where: { $0 >= 0x80 }) {
            // Swift orders strings by their NFC form; a decomposed accent changes the first bytes.
            utf8 = name.precomposedStringWithCanonicalMapping.utf8.prefix(2)
        }
        var prefix: UInt32 = 0
        for (index, byte) in utf8.enumerated() { prefix |= UInt32(byte) << (8 - 8 * UInt32(index)) }
        return prefix
    }

    /// A posting entry: ascending entries are best key first, then lowest slot first.
    @inline(__always)
    static func entry(key: UInt32, slot: Int32) -> UInt64 {
        UInt64(~key) << 32 | UInt64(UInt32(bitPattern: slot))
    }

    @inline(__always)
    static func slot(of entry: UInt64) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: entry)) }

    @inline(__always)
    static func key(of entry: UInt64) -> UInt32 { ~UInt32(truncatingIfNeeded: entry >> 32) }
}
