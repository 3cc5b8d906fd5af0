import Foundation
import GRDB
import Model
import Wire

/// The state database's step to P2P-CI/2.1, where a file's id is the root of its chunk list instead of its
/// whole-file SHA-256 (PROTOCOL.md §6.3). Nothing is hashed again: every id is computed from chunk lists
/// the database already holds.
enum IdentityMigration {
    /// What a download queued under an old id, whose chunk list was never fetched, says afterwards.
    static let orphanedDownload = "queued under the file's P2P-CI/2.0 hash, which no peer announces any more: search for the file again"

    static func migrate(_ db: Database) throws {
        // The hash cache kept the whole-file hash beside the chunk list: the id now comes from the list.
        // (The table is rebuilt rather than altered: DROP COLUMN needs SQLite 3.35, which some systems lack.)
        try db.execute(sql: """
            CREATE TABLE hashCacheNew (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtimeNanoseconds INTEGER NOT NULL,
                                       chunks BLOB NOT NULL);
            INSERT INTO hashCacheNew SELECT path, size, mtimeNanoseconds, chunks FROM hashCache;
            DROP TABLE hashCache;
            ALTER TABLE hashCacheNew RENAME TO hashCache;
            """)
        // A download whose chunk list is known keeps its partial data under its new id; one queued before
        // its chunk list was fetched cannot be matched to a file any more.
        let rows = try Row.fetchAll(db, sql: "SELECT id, key, chunks, state FROM download")
        for row in rows {
            let id: Int64 = row["id"]
            guard case .content? = FileKey(row["key"] as String) else { continue }
            if let blob = row["chunks"] as Data?, let chunks = FileDigest.chunks(fromBlob: [UInt8](blob)) {
                try db.execute(sql: "UPDATE download SET key = ? WHERE id = ?", arguments: [chunks.root.hex, id])
            } else if TransferState(rawValue: row["state"]).map({ !$0.isFinished }) ?? true {
                try db.execute(sql: "UPDATE download SET state = ?, lastError = ? WHERE id = ?",
                               arguments: [TransferState.failed.rawValue, orphanedDownload, id])
            }
        }
        // The download's `root` column stays, unused and empty in new rows (it may be NULL).
        // The state "verifying" (the whole-file pass) is gone: such a download resumes as downloading.
        try db.execute(sql: "UPDATE download SET state = ? WHERE state = 'verifying'", arguments: [TransferState.downloading.rawValue])
    }
}
