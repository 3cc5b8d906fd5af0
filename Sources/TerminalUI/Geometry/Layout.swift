/// Splits a length among parts: fixed sizes first, the rest by weight. Pure arithmetic.
public enum Layout {
    public enum Part: Hashable, Sendable {
        /// Exactly this many cells (or what is left, if less).
        case fixed(Int)
        /// A share of what fixed parts leave, proportional to the weight; at least `minimum` when possible.
        case fill(weight: Int, minimum: Int)

        public static let fill = Part.fill(weight: 1, minimum: 0)
    }

    /// Sizes for `parts` that add up to `length` (when there is room; fixed parts are served first).
    public static func sizes(_ parts: [Part], in length: Int) -> [Int] {
        var sizes = [Int](repeating: 0, count: parts.count)
        var left = max(0, length)
        for (index, part) in parts.enumerated() {
            if case .fixed(let n) = part {
                sizes[index] = min(n, left)
                left -= sizes[index]
            }
        }
        let fills = parts.indices.compactMap { index -> (Int, Int, Int)? in
            if case .fill(let weight, let minimum) = parts[index] { return (index, max(1, weight), minimum) }
            return nil
        }
        let totalWeight = fills.reduce(0) { $0 + $1.1 }
        guard totalWeight > 0 else { return sizes }
        var given = 0
        for (position, (index, weight, minimum)) in fills.enumerated() {
            let share = position == fills.count - 1 ? left - given : left * weight / totalWeight
            sizes[index] = max(min(minimum, left - given), share)
            given += sizes[index]
        }
        return sizes
    }

    /// `rect` cut into rows of the given parts, top to bottom.
    public static func rows(_ rect: Rect, _ parts: [Part]) -> [Rect] {
        var y = rect.y
        return sizes(parts, in: rect.height).map { height in
            defer { y += height }
            return Rect(x: rect.x, y: y, width: rect.width, height: height)
        }
    }

    /// `rect` cut into columns of the given parts, left to right.
    public static func columns(_ rect: Rect, _ parts: [Part]) -> [Rect] {
        var x = rect.x
        return sizes(parts, in: rect.width).map { width in
            defer { x += width }
            return Rect(x: x, y: rect.y, width: width, height: rect.height)
        }
    }
}
