import Foundation

/// The part of a hit's rank that does not depend on the query (PROTOCOL.md §5.5 keys 2–4: sources, name
/// length, name), packed into 32 bits so that postings can be kept in rank order.
///
/// A greater key never ranks lower: sources (up to 254), then shorter names (up to 254 characters), then
/// the name's first two bytes (UTF-8 of its NFC form, the order Swift compares strings in). Items whose
/// keys are equal are told apart by the full ``SearchRank``. Past a cap the later fields are left out, so
/// that such items tie: every item with 255 sources or more has one key, and so has every item with as
/// many sources and a name of 255 characters or more. Ties are always settled the full way, so the packed
/// key only decides where a search may stop, never the order.
enum RankKey {
    /// The key of an item shown under `name` with `sources` sources and `nameLength` characters.
    static func make(sources: Int, name: String, nameLength: Int) -> UInt32 {
        make(sources: sources, nameLength: nameLength, namePrefix: sources < 255 && nameLength < 255 ? namePrefix(name) : 0)
    }

    /// The same key from the name's ``namePrefix(_:)`` worked out beforehand (``NameTerms``).
    static func make(sources: Int, nameLength: Int, namePrefix: UInt32) -> UInt32 {
        guard sources < 255 else { return 0xFFFF_FFFF }
        let sources = UInt32(max(sources, 0))
        guard nameLength < 255 else { return sources << 24 }
        let shortness = 255 - UInt32(max(nameLength, 0))
        return sources << 24 | shortness << 16 | (0xFFFF - namePrefix)
    }

    /// The name length a key holds, when the name was under the cap (nil past a cap: count the name).
    static func nameLength(in key: UInt32) -> Int? {
        let shortness = (key >> 16) & 0xFF
        return key == 0xFFFF_FFFF || shortness == 0 ? nil : Int(255 - shortness)
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
