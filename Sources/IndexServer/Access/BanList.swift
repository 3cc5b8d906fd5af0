#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Addresses an index refuses at accept (`--ban-file`): one entry a line, `ADDRESS[/PREFIX] [UNTIL]`, where
/// ADDRESS is IPv4 or IPv6, PREFIX a CIDR length (default: the whole address), and UNTIL an optional end,
/// `2026-12-31` (to the end of that day) or `2026-12-31T18:00:00Z` (UTC); `#` starts a comment. The file is read at start and again on
/// SIGHUP; an entry past its end no longer bans.
public struct BanList: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        /// 4 bytes (IPv4) or 16 (IPv6).
        let network: [UInt8]
        let prefix: Int
        let until: Date?
    }

    private(set) var entries: [Entry] = []

    public init() {}

    public var count: Int { entries.count }

    /// Parses the file's text; a line that is not an entry is an error naming the line and why.
    public init(text: String) throws(AccessFileProblem) {
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: \.isWhitespace)
            if fields.isEmpty { continue }
            guard fields.count <= 2 else { throw AccessFileProblem(line: number + 1, problem: "expected ADDRESS[/PREFIX] [UNTIL]") }
            let parts = fields[0].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard var address = Self.bytes(of: String(parts[0])) else {
                throw AccessFileProblem(line: number + 1, problem: "'\(parts[0])' is not an IPv4 or IPv6 address")
            }
            let bits = address.count * 8
            guard var prefix = parts.count == 2 ? Int(parts[1]) : bits, (0...bits).contains(prefix) else {
                throw AccessFileProblem(line: number + 1, problem: "the prefix must be a number from 0 to \(bits)")
            }
            // An IPv4-mapped entry (::ffff:a.b.c.d/120) bans what it says: the IPv4 addresses.
            if address.count == 16, address.prefix(12) == Self.mappedPrefix[...], prefix >= 96 {
                address = Array(address.suffix(4))
                prefix -= 96
            }
            var until: Date?
            if fields.count == 2 {
                guard let end = Self.date(String(fields[1])) else {
                    throw AccessFileProblem(line: number + 1, problem: "'\(fields[1])' is not a date (2026-12-31 or 2026-12-31T18:00:00Z)")
                }
                until = end
            }
            entries.append(Entry(network: Self.masked(address, prefix), prefix: prefix, until: until))
        }
    }

    /// Whether `address` (as the index writes it: IPv4 dotted, IPv6, or IPv4-mapped IPv6) is banned at `now`.
    public func bans(_ address: String, now: Date = Date()) -> Bool {
        guard var bytes = Self.bytes(of: address) else { return false }
        if bytes.count == 16, bytes.prefix(12) == Self.mappedPrefix[...] { bytes = Array(bytes.suffix(4)) }
        return entries.contains { entry in
            entry.network.count == bytes.count && (entry.until.map { $0 > now } ?? true)
                && Self.masked(bytes, entry.prefix) == entry.network
        }
    }

    /// The first 12 bytes of an IPv4-mapped IPv6 address.
    static let mappedPrefix: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]

    /// The address's bytes, or nil when it is neither IPv4 nor IPv6.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    static func masked(_ bytes: [UInt8], _ prefix: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let keep = max(0, min(8, prefix - index * 8))
            return keep == 8 ? byte : byte & UInt8(truncatingIfNeeded: 0xFF << (8 - keep))
        }
    }

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        // A day alone bans to its end (UTC).
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)?.addingTimeInterval(86400)
    }
}
