/// One file in a peer's share as `BROWSE PEER` lists it.
public struct SharedFileEntry: Hashable, Sendable, Codable {
    public var key: FileKey
    public var size: UInt64?
    public var name: String

    public init(key: FileKey, size: UInt64?, name: String) {
        self.key = key
        self.size = size
        self.name = name
    }
}
