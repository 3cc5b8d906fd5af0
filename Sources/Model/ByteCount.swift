import Foundation

/// Human sizes and rates: `1.5 MiB`, `820 B`, and parsing of rates like `500K`, `2M`, `1.5G` (powers of 1024).
public enum ByteCount {
    /// `0 B`, `999 B`, `1.0 KiB`, `12.3 MiB`, `1.50 GiB`.
    public static func format(_ bytes: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        return String(format: value < 10 ? "%.2f %@" : value < 100 ? "%.1f %@" : "%.0f %@", value, units[unit])
    }

    /// Parses `1048576`, `512K`, `2M`, `1.5G` (case-insensitive, optional `B`, `iB`, `/s`); nil when malformed.
    public static func parse(_ text: String) -> Int? {
        var body = text.lowercased().trimmingCharacters(in: .whitespaces)
        if body.hasSuffix("/s") { body.removeLast(2) }
        if body.hasSuffix("ib") { body.removeLast(2) } else if body.hasSuffix("b") { body.removeLast() }
        var multiplier = 1.0
        if let last = body.last, let power = ["k": 1, "m": 2, "g": 3][String(last)] {
            multiplier = pow(1024, Double(power))
            body.removeLast()
        }
        guard !body.isEmpty, let number = Double(body), number >= 0, number * multiplier < 1e15 else { return nil }
        return Int(number * multiplier)
    }

    /// `m:ss` or `h:mm:ss`; `--:--` when unknown.
    public static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0, seconds < 360_000 else { return "--:--" }
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }
}
