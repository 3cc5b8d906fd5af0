import Logging
import PostgresNIO

/// The cluster's tables, versioned: each node brings the database up to the newest version it knows when it
/// starts, one node at a time (under an advisory lock), and refuses to run against a newer one.
///
/// - `shoal_nodes`: one row per live node: its lease (`lease_until`, on the database's clock) and how far it
///   has applied the log (`applied`, a transaction id: every change written by an older transaction is in
///   its replica).
/// - `shoal_changes`: the change log. Each row is one peer's changes from one batch (``ChangeCodec``), or a
///   `gone` row saying that a node and all its peers are gone, and (from v2) when it was `written`. Rows are
///   read in the order of the id of the transaction that wrote them (`tx`), and only once every older
///   transaction has ended (``ClusterDatabase/readLog(after:before:limit:)``), so a row that commits late is
///   never skipped.
enum ClusterSchema {
    /// Picked by nobody else: the key of the advisory lock migrations hold.
    static let migrationLock: Int64 = 0x5348_4F41_4C37_7734

    /// Each version's statements, in order; version N is `migrations[N - 1]`. Never edit a released one: add one.
    static let migrations: [[String]] = [
        [
            "CREATE SEQUENCE shoal_node_ids",
            """
            CREATE TABLE shoal_nodes (
                id bigint PRIMARY KEY,
                name text NOT NULL,
                joined timestamptz NOT NULL DEFAULT now(),
                lease_until timestamptz NOT NULL,
                applied xid8 NOT NULL
            )
            """,
            """
            CREATE TABLE shoal_changes (
                position bigserial PRIMARY KEY,
                tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
                node bigint NOT NULL,
                peer bigint,
                closes boolean NOT NULL DEFAULT false,
                gone boolean NOT NULL DEFAULT false,
                body bytea NOT NULL
            )
            """,
            "CREATE INDEX shoal_changes_order ON shoal_changes (tx, position)",
            "CREATE INDEX shoal_changes_peer ON shoal_changes (peer)",
            "CREATE INDEX shoal_changes_node ON shoal_changes (node)",
        ],
        // v2: when each row was written (the database's clock), for the replication lag metric.
        [
            "ALTER TABLE shoal_changes ADD COLUMN written timestamptz NOT NULL DEFAULT clock_timestamp()",
        ],
    ]

    static var newest: Int { migrations.count }

    /// Brings the database to ``newest``; returns the version it was at.
    @discardableResult
    static func migrate(_ database: ClusterDatabase, logger: Logger) async throws -> Int {
        try await database.transaction {
            try await database.query("SELECT pg_advisory_xact_lock(\(migrationLock))")
            try await database.query("CREATE TABLE IF NOT EXISTS shoal_schema (version integer NOT NULL)")
            var found = 0
            for try await version in try await database.query("SELECT coalesce(max(version), 0) FROM shoal_schema")
                .decode(Int.self) {
                found = version
            }
            guard found <= newest else { throw ClusterError.newerSchema(found: found, known: newest) }
            for version in (found + 1)..<(newest + 1) {
                for statement in migrations[version - 1] {
                    try await database.query(PostgresQuery(unsafeSQL: statement))
                }
                try await database.query("INSERT INTO shoal_schema (version) VALUES (\(version))")
                logger.notice("cluster database schema brought to version \(version)")
            }
            return found
        }
    }
}
