import Foundation
import GRDB
import Model
import PeerEngine
import Testing
import TestSupport
import Wire

/// A state folder written by a Shoal before P2P-CI/2.1 (files named by their whole-file SHA-256), opened by
/// this one: nothing is hashed again, and no download with data is lost.
@Suite("State database: ids become chunk-list roots")
struct IdentityMigrationTests {
    static func digest(_ text: String) -> ContentHash { ChunkList.digest(of: Array(text.utf8)) }

    /// The database as the previous release left it (migrations v1 and v2).
    static func writeOldDatabase(at folder: String, chunks: [ContentHash], oldHash: ContentHash) throws {
        let database = try DatabaseQueue(path: folder + "/shoal.sqlite")
        let blob = Data(chunks.flatMap(\.bytes))
        let root = Data(ChunkList(digests: chunks).root.bytes)
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1'), ('v2');
                CREATE TABLE hashCache (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtimeNanoseconds INTEGER NOT NULL,
                                        hash BLOB NOT NULL, chunks BLOB NOT NULL);
                CREATE TABLE download (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, name TEXT NOT NULL, size INTEGER,
                                       root BLOB, chunks BLOB, bitmap BLOB NOT NULL, state TEXT NOT NULL, fromPeer TEXT,
                                       finalPath TEXT, lastError TEXT, createdAt DOUBLE NOT NULL);
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                """)
            try db.execute(sql: "INSERT INTO hashCache VALUES ('/share/a.bin', 1500000, 7, ?, ?)", arguments: [Data(oldHash.bytes), blob])
            let rows: [(String, String, Data?, Data?, String)] = [
                (oldHash.hex, "half.bin", root, blob, "downloading"),
                (Self.digest("never started").hex, "queued.bin", nil, nil, "queued"),
                ("rfc:7", "rfc7.txt", nil, nil, "queued"),
                (Self.digest("almost").hex, "almost.bin", root, blob, "verifying"),
            ]
            for (key, name, root, chunks, state) in rows {
                try db.execute(sql: """
                    INSERT INTO download (key, name, size, root, chunks, bitmap, state, createdAt) VALUES (?, ?, 1500000, ?, ?, ?, ?, 0)
                    """, arguments: [key, name, root, chunks, Data([0b01]), state])
            }
        }
    }

    @Test("the hash cache and downloads move to the new ids; a download with no chunk list yet fails with a clear reason")
    func migrates() async throws {
        let folder = TestPeer.temporaryFolder("migration")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let chunks = [Self.digest("first MiB"), Self.digest("the rest")]
        let id = ChunkList(digests: chunks).root
        try Self.writeOldDatabase(at: folder, chunks: chunks, oldHash: Self.digest("whole file"))

        let store = try StateStore(directory: folder)
        defer { store.release() }
        let cached = try #require(try store.cachedDigests()["/share/a.bin"])
        #expect(cached.digest.hash == id && cached.digest.chunks.digests == chunks && cached.size == 1_500_000)

        let downloads = try await store.downloads()
        #expect(downloads.map(\.name) == ["half.bin", "queued.bin", "rfc7.txt", "almost.bin"])
        #expect(downloads[0].key == .content(id) && downloads[0].state == .downloading && downloads[0].bitmap[0],
                "the verified chunk is kept under the new id")
        #expect(downloads[1].state == .failed && downloads[1].lastError?.contains("search for the file again") == true)
        #expect(downloads[2].key == .rfc(7) && downloads[2].state == .queued)
        #expect(downloads[3].key == .content(id) && downloads[3].state == .downloading,
                "one that was checking its whole-file hash goes on downloading")
    }
}
