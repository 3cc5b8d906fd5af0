import Foundation
import GRDB
import Model
import NIOConcurrencyHelpers

/// The peer's persistent state in one SQLite database (`<state>/shoal.sqlite`): the hash cache and the
/// download queue with each download's verified-chunk bitmap. Crash-safe: every change is a transaction.
public final class StateStore: Sendable {
    let database: DatabaseQueue
    /// A random name of this state folder, so peers with different state folders but one downloads
    /// folder never share a partial file name.
    public let instance: String
    /// The open `<state>/lock` file, locked until ``release()`` (-1 for in-memory stores and once released).
    private let lockDescriptor: NIOLockedValueBox<Int32>

    public enum Failure: Error, CustomStringConvertible {
        case inUse(String)
        /// The lock file could not be opened or locked for another reason than another holder (the system's words).
        case unusable(String, reason: String)
        public var description: String {
            switch self {
            case .inUse(let folder): return "another shoal is using the state folder \(folder); give this one its own --state"
            case .unusable(let path, let reason): return "cannot lock \(path): \(reason)"
            }
        }
    }

    /// Opens (creating if needed) the state in `directory`, and locks it against other processes.
    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let lockPath = (directory as NSString).appendingPathComponent("lock")
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure.unusable(lockPath, reason: String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK { throw Failure.inUse(directory) }
            throw Failure.unusable(lockPath, reason: String(cString: strerror(code)))
        }
        lockDescriptor = NIOLockedValueBox(descriptor)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        // WAL with synchronous=NORMAL: a committed chunk mark survives a crash of the process (kill -9);
        // only a power cut can lose the last few, and restarted downloads re-verify marked chunks anyway.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        database = try DatabaseQueue(path: (directory as NSString).appendingPathComponent("shoal.sqlite"),
                                     configuration: configuration)
        try Self.migrator.migrate(database)
        instance = try Self.instanceName(database)
    }

    /// A throwaway in-memory store (tests).
    public init() throws {
        database = try DatabaseQueue()
        try Self.migrator.migrate(database)
        instance = try Self.instanceName(database)
        lockDescriptor = NIOLockedValueBox(-1)
    }

    /// Closes the database and unlocks the state folder for another process (the engine's last step).
    public func release() {
        try? database.close()
        lockDescriptor.withLockedValue { descriptor in
            guard descriptor >= 0 else { return }
            // Unlocked before it is closed: a child process started from another thread (forked but not yet
            // exec'd) holds a copy of this descriptor for a moment, and the lock would outlive the close.
            flock(descriptor, LOCK_UN)
            close(descriptor)
            descriptor = -1
        }
    }

    deinit {
        release()
    }

    private static func instanceName(_ database: DatabaseQueue) throws -> String {
        try database.write { db in
            if let name = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'instance'") { return name }
            let name = String(UUID().uuidString.prefix(8)).lowercased()
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('instance', ?)", arguments: [name])
            return name
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "hashCache") { t in
                t.primaryKey("path", .text)
                t.column("size", .integer).notNull()
                t.column("mtimeNanoseconds", .integer).notNull()
                t.column("hash", .blob).notNull()
                t.column("chunks", .blob).notNull()
            }
            try db.create(table: "download") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("key", .text).notNull()
                t.column("name", .text).notNull()
                t.column("size", .integer)
                t.column("root", .blob)
                t.column("chunks", .blob)
                t.column("bitmap", .blob).notNull()
                t.column("state", .text).notNull()
                t.column("fromPeer", .text)
                t.column("finalPath", .text)
                t.column("lastError", .text)
                t.column("createdAt", .double).notNull()
            }
        }
        migrator.registerMigration("v2") { db in
            try db.create(table: "meta") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
        }
        migrator.registerMigration("v3: a file's id is its chunk-list root", migrate: IdentityMigration.migrate)
        migrator.registerMigration("v4: sources banned for bad data") { db in
            try db.alter(table: "download") { t in t.add(column: "bannedSources", .text) }
        }
        migrator.registerMigration("v5: the keys indexes showed (trust on first use)") { db in
            try db.create(table: "indexKey") { t in
                t.primaryKey("address", .text)
                t.column("keyprint", .text).notNull()
                t.column("firstSeen", .double).notNull()
            }
        }
        migrator.registerMigration("v6: download priorities and queue order") { db in
            try db.alter(table: "download") { t in
                t.add(column: "priority", .integer).notNull().defaults(to: 0)
                t.add(column: "queueOrder", .integer)
            }
        }
        migrator.registerMigration("v7: files downloaded, remembered after their rows are cleared") { db in
            try db.create(table: "downloadedFile") { t in
                t.primaryKey("key", .text)
                t.column("path", .text).notNull()
            }
        }
        return migrator
    }

    // MARK: Hash cache

    /// Every cached digest by path, with the size and modification time it was computed for (one read,
    /// however many files are shared).
    public func cachedDigests() throws -> [String: CachedDigest] {
        try database.read { db in
            var result: [String: CachedDigest] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM hashCache")
            while let row = try rows.next() {
                guard let chunks = FileDigest.chunks(fromBlob: [UInt8](row["chunks"] as Data)) else { continue }
                result[row["path"]] = CachedDigest(size: UInt64(row["size"] as Int64), mtimeNanoseconds: row["mtimeNanoseconds"],
                                                   digest: FileDigest(chunks: chunks))
            }
            return result
        }
    }

    /// Stores digests, all in one transaction.
    public func storeDigests(_ entries: [(path: String, CachedDigest)]) throws {
        guard !entries.isEmpty else { return }
        try database.write { db in
            for (path, entry) in entries {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO hashCache (path, size, mtimeNanoseconds, chunks) VALUES (?, ?, ?, ?)
                    """, arguments: [path, Int64(entry.size), entry.mtimeNanoseconds, Data(entry.digest.chunkBlob)])
            }
        }
    }

    /// Drops cache entries of files that are gone.
    public func pruneDigests(keeping paths: Set<String>) throws {
        try database.write { db in
            let stored = try String.fetchAll(db, sql: "SELECT path FROM hashCache")
            for path in stored where !paths.contains(path) {
                try db.execute(sql: "DELETE FROM hashCache WHERE path = ?", arguments: [path])
            }
        }
    }

    // MARK: Downloads

    // The download queue is written from actors while transfers run: these calls are async, and the work
    // runs on the database's own serial queue (GRDB's writer), never on the caller's thread, so no
    // cooperative thread or event loop waits on SQLite. Each write is queued when it is called, so writes
    // land in the order they were made, and it is done even when the calling task is cancelled meanwhile:
    // a pause or a stop never loses a ban, a size or a completion.

    public func insertDownload(_ record: DownloadRecord) async throws -> Int64 {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO download (key, name, size, chunks, bitmap, state, fromPeer, finalPath, lastError, createdAt,
                                      bannedSources, priority, queueOrder)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: record.arguments)
            return db.lastInsertedRowID
        }
    }

    public func updateDownload(_ record: DownloadRecord) async throws {
        var arguments = record.arguments
        arguments += [record.id]
        try await write { [arguments] db in
            try db.execute(sql: """
                UPDATE download SET key = ?, name = ?, size = ?, chunks = ?, bitmap = ?, state = ?,
                fromPeer = ?, finalPath = ?, lastError = ?, createdAt = ?, bannedSources = ?, priority = ?, queueOrder = ?
                WHERE id = ?
                """, arguments: arguments)
        }
    }

    /// Records which chunks of a download are verified and written (one small transaction).
    public func saveBitmap(_ bitmap: ChunkBitmap, of id: Int64) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE download SET bitmap = ? WHERE id = ?", arguments: [Data(bitmap.bytes), id])
        }
    }

    /// Queues `updates` on the writer at once (so in call order) and waits for them, cancelled or not.
    private func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<T, any Error>) in
            database.asyncWrite(updates) { _, result in done.resume(with: result) }
        }
    }

    public func downloads() async throws -> [DownloadRecord] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM download ORDER BY id").compactMap(DownloadRecord.init(row:))
        }
    }

    /// Remembers that the file `key` was downloaded to `path` (for marking search results).
    public func rememberDownloaded(_ key: FileKey, path: String) async throws {
        try await write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO downloadedFile (key, path) VALUES (?, ?)", arguments: [key.description, path])
        }
    }

    /// Every file remembered as downloaded, with where it was saved.
    public func downloadedFiles() async throws -> [(key: FileKey, path: String)] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT key, path FROM downloadedFile").compactMap { row in
                FileKey(row["key"] as String).map { ($0, row["path"] as String) }
            }
        }
    }

    public func forgetDownloaded(_ keys: [FileKey]) async throws {
        try await write { db in
            for key in keys { try db.execute(sql: "DELETE FROM downloadedFile WHERE key = ?", arguments: [key.description]) }
        }
    }

    public func deleteDownload(_ id: Int64) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM download WHERE id = ?", arguments: [id]) }
    }
}
