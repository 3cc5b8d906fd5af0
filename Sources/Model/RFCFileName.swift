/// How Shoal recognises a classic RFC document among ordinary files: `rfc123.txt`, `rfc_123.txt`, `RFC123`.
///
/// Such files are offered to classic P2P-CI/1.0 peers as RFC 123, and served to them with a classic GET.
public enum RFCFileName {
    /// Most digits of an RFC number in a file name.
    private static let maximumDigits = 9
    /// UTF-8 lengths of the names that can match: `rfc1` up to `rfc_123456789.txt`.
    private static let nameLengths = "rfc1".utf8.count...("rfc_".utf8.count + maximumDigits + ".txt".utf8.count)

    /// The RFC number a file name stands for, or nil: `rfc` (any case), an optional `_` or `-`,
    /// 1–9 digits, and optionally `.txt`.
    public static func number(fromFileName name: String) -> Int? {
        // Every name that matches is ASCII (no other character lowercases to one of these), of a length in
        // `nameLengths`, and starts with `r` or `R`: most names are ruled out here, without a lowercased copy.
        let utf8 = name.utf8
        guard nameLengths.contains(utf8.count), let first = utf8.first, first | 0x20 == UInt8(ascii: "r") else { return nil }
        var rest = Substring(name.lowercased())
        if rest.hasSuffix(".txt") { rest = rest.dropLast(4) }
        guard rest.hasPrefix("rfc") else { return nil }
        rest = rest.dropFirst(3)
        if rest.first == "_" || rest.first == "-" { rest = rest.dropFirst() }
        guard !rest.isEmpty, rest.count <= maximumDigits, rest.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(rest)
    }
}
