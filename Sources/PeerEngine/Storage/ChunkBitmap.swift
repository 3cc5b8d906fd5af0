/// One bit per chunk: set when the chunk is verified and written. Kept beside the partial file in the state
/// database, so a restarted download fetches only what is missing.
public struct ChunkBitmap: Hashable, Sendable {
    public private(set) var bytes: [UInt8]
    public let count: Int

    public init(count: Int) {
        self.count = count
        bytes = [UInt8](repeating: 0, count: (count + 7) / 8)
    }

    public init?(bytes: [UInt8], count: Int) {
        guard bytes.count == (count + 7) / 8 else { return nil }
        self.bytes = bytes
        self.count = count
    }

    public subscript(index: Int) -> Bool {
        get { bytes[index / 8] & (1 << UInt8(index % 8)) != 0 }
        set {
            if newValue { bytes[index / 8] |= 1 << UInt8(index % 8) } else { bytes[index / 8] &= ~(1 << UInt8(index % 8)) }
        }
    }

    public var setCount: Int { (0..<count).count { self[$0] } }
    public var isComplete: Bool { setCount == count }
    public var missing: [Int] { (0..<count).filter { !self[$0] } }
}
