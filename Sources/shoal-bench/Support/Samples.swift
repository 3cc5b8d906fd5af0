import Foundation

/// Repeated measurements of one thing; the benchmark reports their median (and the spread, in the notes).
struct Samples {
    private(set) var values: [Double] = []

    init(_ values: [Double] = []) { self.values = values }

    mutating func add(_ value: Double) { values.append(value) }

    var median: Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    var minimum: Double { values.min() ?? .nan }
    var maximum: Double { values.max() ?? .nan }

    /// The q-quantile (0...1) by nearest rank.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.down)))]
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// How figures are written in the table.
enum Figure {
    static func time(_ seconds: Double) -> String {
        if seconds.isNaN { return "—" }
        if seconds >= 1 { return String(format: "%.2f s", seconds) }
        if seconds >= 0.001 { return String(format: "%.2f ms", seconds * 1e3) }
        return String(format: "%.1f µs", seconds * 1e6)
    }

    static func rate(_ bytesPerSecond: Double) -> String {
        bytesPerSecond.isNaN ? "—" : String(format: "%.0f MB/s", bytesPerSecond / 1e6)
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.0f MB", Double(bytes) / 1e6) }
    static func kilobytes(_ bytes: Double) -> String { String(format: "%.1f KB", bytes / 1e3) }

    static func count(_ value: Double) -> String {
        if value.isNaN { return "—" }
        let whole = Int(value.rounded())
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = ","
        return formatter.string(from: NSNumber(value: whole)) ?? "\(whole)"
    }

    static func ratio(_ value: Double) -> String { value.isNaN ? "—" : String(format: "%.2f×", value) }

    static func percent(_ value: Double) -> String { String(format: "%.2f %%", value) }
}
