import IndexServer
import Model
import NIOCore
import Wire

/// The bytes of a change-log row (`shoal_changes.body`): a run of ``RegistryChange`` values of one peer, in
/// order. Binary and versioned: a format byte, then each change as a tag byte and its fields (integers big
/// endian, strings as a 32-bit length and UTF-8, optional fields behind a presence byte).
///
/// Pure; ``decode(_:)`` throws ``ChangeCodecError`` on anything it did not write (a truncated or foreign
/// row), never traps.
public enum ChangeCodec {
    /// The format byte of rows this build writes.
    public static let format: UInt8 = 1

    private enum Tag: UInt8 {
        case opened = 1, greeted, filesAdded, filesRemoved, classicAdded, closed
    }

    /// The bytes of `changes`.
    public static func encode(_ changes: some Collection<RegistryChange>) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(format)
        for change in changes { write(change, into: &buffer) }
        return buffer
    }

    /// The changes in `buffer`, in order.
    public static func decode(_ buffer: ByteBuffer) throws(ChangeCodecError) -> [RegistryChange] {
        var buffer = buffer
        guard let version: UInt8 = buffer.readInteger() else { throw .truncated }
        guard version == format else { throw .unknownFormat(version) }
        var changes: [RegistryChange] = []
        while buffer.readableBytes > 0 { changes.append(try read(&buffer)) }
        return changes
    }

    private static func write(_ change: RegistryChange, into buffer: inout ByteBuffer) {
        switch change {
        case .opened(let peer, let address):
            head(.opened, peer, &buffer)
            string(address, &buffer)
        case .greeted(let peer, let hello, let reachable, let keyprint):
            head(.greeted, peer, &buffer)
            buffer.writeInteger(UInt32(clamping: hello.port))
            optional(hello.nickname, &buffer)
            optional(hello.agent, &buffer)
            buffer.writeInteger(UInt8(hello.relay ? 1 : 0))
            buffer.writeInteger(UInt8(reachable.map { $0 ? 2 : 1 } ?? 0))
            optional(keyprint, &buffer)
        case .filesAdded(let peer, let files):
            head(.filesAdded, peer, &buffer)
            buffer.writeInteger(UInt32(files.count))
            for file in files {
                hash(file.hash, &buffer)
                buffer.writeInteger(file.size)
                string(file.name, &buffer)
            }
        case .filesRemoved(let peer, let hashes):
            head(.filesRemoved, peer, &buffer)
            buffer.writeInteger(UInt32(hashes.count))
            for value in hashes { hash(value, &buffer) }
        case .classicAdded(let peer, let record):
            head(.classicAdded, peer, &buffer)
            buffer.writeInteger(UInt32(clamping: record.number))
            string(record.host, &buffer)
            buffer.writeInteger(UInt32(clamping: record.port))
            string(record.title, &buffer)
        case .closed(let peer):
            head(.closed, peer, &buffer)
        }
    }

    private static func read(_ buffer: inout ByteBuffer) throws(ChangeCodecError) -> RegistryChange {
        let raw: UInt8 = try integer(&buffer)
        guard let tag = Tag(rawValue: raw) else { throw .unknownChange(raw) }
        let peer = PeerID(try integer(&buffer))
        switch tag {
        case .opened:
            return .opened(peer, address: try string(&buffer))
        case .greeted:
            let port = Int(try integer(&buffer) as UInt32)
            let nickname = try optional(&buffer), agent = try optional(&buffer)
            let relay = try integer(&buffer) as UInt8 == 1
            let reachable: UInt8 = try integer(&buffer)
            return .greeted(peer, Hello(port: port, nickname: nickname, agent: agent, relay: relay),
                            reachable: reachable == 0 ? nil : reachable == 2, keyprint: try optional(&buffer))
        case .filesAdded:
            let count = try count(&buffer, atLeast: 32 + 8 + 4)
            var files: [FileAnnouncement] = []
            files.reserveCapacity(count)
            for _ in 0..<count {
                let value = try hash(&buffer)
                let size: UInt64 = try integer(&buffer)
                files.append(FileAnnouncement(hash: value, size: size, name: try string(&buffer)))
            }
            return .filesAdded(peer, files)
        case .filesRemoved:
            let count = try count(&buffer, atLeast: 32)
            var hashes: [ContentHash] = []
            hashes.reserveCapacity(count)
            for _ in 0..<count { hashes.append(try hash(&buffer)) }
            return .filesRemoved(peer, hashes)
        case .classicAdded:
            let number = Int(try integer(&buffer) as UInt32)
            let host = try string(&buffer)
            let port = Int(try integer(&buffer) as UInt32)
            return .classicAdded(peer, ClassicRecord(number: number, host: host, port: port, title: try string(&buffer)))
        case .closed:
            return .closed(peer)
        }
    }

    // MARK: Fields

    private static func head(_ tag: Tag, _ peer: PeerID, _ buffer: inout ByteBuffer) {
        buffer.writeInteger(tag.rawValue)
        buffer.writeInteger(peer.number)
    }

    private static func string(_ value: String, _ buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt32(value.utf8.count))
        buffer.writeString(value)
    }

    private static func optional(_ value: String?, _ buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(value == nil ? 0 : 1))
        if let value { string(value, &buffer) }
    }

    private static func hash(_ value: ContentHash, _ buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(value.w0, value.w1, value.w2, value.w3)
    }

    private static func integer<Value: FixedWidthInteger>(_ buffer: inout ByteBuffer) throws(ChangeCodecError) -> Value {
        guard let value: Value = buffer.readInteger() else { throw .truncated }
        return value
    }

    private static func string(_ buffer: inout ByteBuffer) throws(ChangeCodecError) -> String {
        let length = Int(try integer(&buffer) as UInt32)
        guard let value = buffer.readString(length: length) else { throw .truncated }
        return value
    }

    private static func optional(_ buffer: inout ByteBuffer) throws(ChangeCodecError) -> String? {
        try integer(&buffer) as UInt8 == 0 ? nil : try string(&buffer)
    }

    private static func hash(_ buffer: inout ByteBuffer) throws(ChangeCodecError) -> ContentHash {
        guard let (w0, w1, w2, w3) = buffer.readMultipleIntegers(as: (UInt64, UInt64, UInt64, UInt64).self) else {
            throw .truncated
        }
        return ContentHash(w0: w0, w1: w1, w2: w2, w3: w3)
    }

    /// A count of entries that each take at least `bytes` bytes, checked against what is left, so a corrupt
    /// count cannot make the decoder reserve gigabytes.
    private static func count(_ buffer: inout ByteBuffer, atLeast bytes: Int) throws(ChangeCodecError) -> Int {
        let count = Int(try integer(&buffer) as UInt32)
        guard count * bytes <= buffer.readableBytes else { throw .truncated }
        return count
    }
}

/// A change-log row that ``ChangeCodec`` cannot read.
public enum ChangeCodecError: Error, Equatable, CustomStringConvertible {
    case truncated
    case unknownFormat(UInt8)
    case unknownChange(UInt8)

    public var description: String {
        switch self {
        case .truncated: return "a change-log row ends in the middle of a change"
        case .unknownFormat(let format): return "a change-log row has format \(format), which this build does not read (newer node?)"
        case .unknownChange(let tag): return "a change-log row holds a change of kind \(tag), which this build does not know"
        }
    }
}
