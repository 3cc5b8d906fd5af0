/// A SHA-256 digest: a chunk's, or a file's id (the digest over its chunks' digests, PROTOCOL.md §6.3),
/// which is how P2P-CI/2.1 names a file.
///
/// Stored as four 64-bit words (32 bytes, no heap allocation) so that a million of them stay small.
/// Its text form is 64 lower-case hexadecimal digits.
public struct ContentHash: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    /// Builds a hash from its four words, most significant first (as ``w0`` to ``w3`` hold them).
    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        (self.w0, self.w1, self.w2, self.w3) = (w0, w1, w2, w3)
    }

    /// Builds a hash from exactly 32 digest bytes; returns nil for any other length.
    @inlinable  // specialized where it is called (wire parsing): generic code left to the runtime is slow
    public init?<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count == 32 else { return nil }
        var words: [UInt64] = [0, 0, 0, 0]
        for (index, byte) in bytes.enumerated() {
            words[index / 8] = words[index / 8] << 8 | UInt64(byte)
        }
        (w0, w1, w2, w3) = (words[0], words[1], words[2], words[3])
    }

    /// Parses 64 hexadecimal digits (either case); returns nil for anything else.
    @inlinable  // specialized where it is called: every LOOKUP and GET parses one
    public init?<S: StringProtocol>(hex: S) {
        let utf8 = hex.utf8
        guard utf8.count == 64 else { return nil }
        // Straight into the four words: every LOOKUP and GET parses one, so no array on the way.
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for (index, char) in utf8.enumerated() {
            guard let nibble = Self.nibble(char) else { return nil }
            switch index / 16 {
            case 0: words.0 = words.0 << 4 | UInt64(nibble)
            case 1: words.1 = words.1 << 4 | UInt64(nibble)
            case 2: words.2 = words.2 << 4 | UInt64(nibble)
            default: words.3 = words.3 << 4 | UInt64(nibble)
            }
        }
        (w0, w1, w2, w3) = words
    }

    /// The 32 digest bytes, most significant first.
    public var bytes: [UInt8] {
        [w0, w1, w2, w3].flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> (56 - 8 * $0)) } }
    }

    /// 64 lower-case hexadecimal digits.
    public var hex: String {
        String(unsafeUninitializedCapacity: 64) { out in
            writeHex(to: UnsafeMutableRawBufferPointer(out))
            return 64
        }
    }

    /// Writes ``hex`` as ASCII into the first 64 bytes of `out` (which has at least 64): for writers that put
    /// it straight into a buffer, such as a SEARCH answer's lines.
    public func writeHex(to out: UnsafeMutableRawBufferPointer) {
        precondition(out.count >= 64, "64 bytes needed for a hash's hex digits")
        for (number, word) in [w0, w1, w2, w3].enumerated() {
            for digit in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: word >> (60 - 4 * digit)) & 0x0F
                out[number * 16 + digit] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
        }
    }

    public var description: String { hex }

    /// The first 12 hex digits, for logs and narrow columns.
    public var short: String { String(hex.prefix(12)) }

    public static func < (lhs: ContentHash, rhs: ContentHash) -> Bool {
        (lhs.w0, lhs.w1, lhs.w2, lhs.w3) < (rhs.w0, rhs.w1, rhs.w2, rhs.w3)
    }

    @usableFromInline
    static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return char - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
