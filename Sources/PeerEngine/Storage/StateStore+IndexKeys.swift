import Foundation
import GRDB

extension StateStore: KnownIndexKeys {
    public func keyprint(of address: String) async throws -> String? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT keyprint FROM indexKey WHERE address = ?", arguments: [address])
        }
    }

    public func remember(_ keyprint: String, of address: String) async throws {
        try await database.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO indexKey (address, keyprint, firstSeen) VALUES (?, ?, ?)",
                           arguments: [address, keyprint, Date().timeIntervalSince1970])
        }
    }

    public func forget(_ address: String) async throws {
        try await database.write { db in try db.execute(sql: "DELETE FROM indexKey WHERE address = ?", arguments: [address]) }
    }
}
