/// How Shoal recognises a classic RFC document among ordinary files: `rfc123.txt`, `rfc_123.txt`, `RFC123`.
///
/// Such files are offered to classic P2P-CI/1.0 peers as RFC 123, and served to them with a classic GET.
public enum RFCFileName {
    /// The RFC number a file name stands for, or nil: `rfc` (any case), an optional `_` or `-`,
    /// 1–9 digits, and optionally `.txt`.
    public static func number(fromFileName name: String) -> Int? {
        var rest = Substring(name.lowercased())
        if rest.hasSuffix(".txt") { rest = rest.dropLast(4) }
        guard rest.hasPrefix("rfc") else { return nil }
        rest = rest.dropFirst(3)
        if rest.first == "_" || rest.first == "-" { rest = rest.dropFirst() }
        guard !rest.isEmpty, rest.count <= 9, rest.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(rest)
    }
}
