import Foundation
import GRDB
import Model
import Wire

/// A download as the state database keeps it, so it survives crashes and restarts.
public struct DownloadRecord: Hashable, Sendable {
    public var id: Int64 = 0
    public var key: FileKey
    public var name: String
    public var size: UInt64?
    /// The verified chunk list, once fetched.
    public var chunks: ChunkList?
    public var bitmap: ChunkBitmap
    public var state: TransferState
    /// The one peer to download from, when the user named one.
    public var fromPeer: PeerID?
    public var finalPath: String?
    public var lastError: String?
    public var createdAt: Date
    /// Sources dropped for sending bad data (``FileSource/address``): never asked again for this file, even
    /// after a restart.
    public var bannedSources: [String] = []
    public var priority: TransferPriority = .normal
    /// Its place in the queue (smaller first among equal priorities); 0 until stored, then its id.
    public var queueOrder: Int64 = 0

    public init(key: FileKey, name: String, size: UInt64?, fromPeer: PeerID?, createdAt: Date = Date()) {
        self.key = key
        self.name = name
        self.size = size
        self.fromPeer = fromPeer
        self.bitmap = ChunkBitmap(count: 0)
        self.state = .queued
        self.createdAt = createdAt
    }

    /// Bytes of the chunks marked verified (0 until the chunk list and size are known).
    public var verifiedBytes: UInt64 {
        guard let size, let chunks else { return 0 }
        return (0..<chunks.digests.count).filter { bitmap[$0] }
            .reduce(0) { $0 + UInt64(ChunkList.chunkLength(index: $1, fileSize: size)) }
    }

    var arguments: StatementArguments {
        [key.description, name, size.map { Int64($0) }, chunks.map { Data(FileDigest(chunks: $0).chunkBlob) }, Data(bitmap.bytes),
         state.rawValue, fromPeer?.description, finalPath, lastError, createdAt.timeIntervalSince1970,
         bannedSources.joined(separator: "\n"), priority.rawValue, queueOrder == 0 ? nil : queueOrder]
    }

    init?(row: Row) {
        guard let key = FileKey(row["key"] as String), let state = TransferState(rawValue: row["state"]) else { return nil }
        self.id = row["id"]
        self.key = key
        self.name = row["name"]
        self.size = (row["size"] as Int64?).map { UInt64($0) }
        self.chunks = (row["chunks"] as Data?).flatMap { FileDigest.chunks(fromBlob: [UInt8]($0)) }
        let bitmapBytes = [UInt8](row["bitmap"] as Data)
        self.bitmap = ChunkBitmap(bytes: bitmapBytes, count: chunks?.digests.count ?? 0) ?? ChunkBitmap(count: chunks?.digests.count ?? 0)
        self.state = state
        self.fromPeer = (row["fromPeer"] as String?).flatMap { PeerID($0) }
        self.finalPath = row["finalPath"]
        self.lastError = row["lastError"]
        self.createdAt = Date(timeIntervalSince1970: row["createdAt"])
        self.bannedSources = (row["bannedSources"] as String?).map { $0.split(separator: "\n").map(String.init) } ?? []
        self.priority = TransferPriority(rawValue: row["priority"] ?? 0) ?? .normal
        self.queueOrder = row["queueOrder"] ?? self.id
    }
}
