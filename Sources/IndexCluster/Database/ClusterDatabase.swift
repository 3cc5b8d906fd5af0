import Logging
import NIOCore
import PostgresNIO

/// The SQL a node runs, on one connection. Times (leases) are on the database's clock, never the node's.
/// Every statement goes through ``query(_:)``, which ends with an error when the connection closes under it.
struct ClusterDatabase: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    private let inFlight: InFlightQueries

    private init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
        self.inFlight = InFlightQueries(watching: connection)
    }

    /// The channel NOTIFY wakes followers on, once per batch.
    static let channel = "shoal_changes"
    /// The channel relayed connect requests between nodes go on (``RelayNotification``).
    static let relayChannel = "shoal_relay"

    /// Opens a connection. The server ends a transaction of this node left idle for `idleTimeout` (a node cut
    /// off mid-transaction never holds up the log's horizon for the others), and, with a `statementTimeout`,
    /// any statement that runs longer (the writer's: a batch must never hold a lease past its end; the
    /// reader's snapshot of a big log may take longer). The connection itself must be made within
    /// `connectTimeout`, and all of it within `idleTimeout`.
    static func connect(_ url: DatabaseURL, id: Int, idleTimeout: Duration, statementTimeout: Duration? = nil,
                        connectTimeout: TimeAmount = DatabaseURL.connectTimeout, logger: Logger) async throws -> ClusterDatabase {
        // Within `idleTimeout` or not at all: a server that accepted the connection and then went silent (a
        // partition) would otherwise hold the node in its startup for ever.
        try await withThrowingTaskGroup(of: ClusterDatabase?.self) { group in
            group.addTask {
                let connection = try await PostgresConnection.connect(configuration: try url.configuration(connectTimeout: connectTimeout),
                                                                      id: id, logger: logger)
                let database = ClusterDatabase(connection: connection, logger: logger)
                do {
                    try await database.set("idle_in_transaction_session_timeout", idleTimeout)
                    if let statementTimeout { try await database.set("statement_timeout", statementTimeout) }
                } catch {
                    await database.close()
                    throw error
                }
                return database
            }
            group.addTask {
                try await Task.sleep(for: idleTimeout)
                return nil
            }
            if let first = try await group.next(), let database = first {
                group.cancelAll()
                return database
            }
            group.cancelAll()
            // A connection that made it after all, as the wait was given up, is closed, not leaked.
            while let late = try? await group.next() {
                if let late { await late.close() }
            }
            throw ClusterError.connectTimedOut(idleTimeout)
        }
    }

    private func set(_ setting: String, _ duration: Duration) async throws {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        try await query(PostgresQuery(unsafeSQL: "SET \(setting) = \(milliseconds)"))
    }

    func close() async { try? await connection.close() }

    /// Runs one statement; the caller reads its rows.
    @discardableResult
    func query(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await inFlight.run(query, on: connection, logger: logger)
    }

    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws.
    func transaction<Result>(_ body: () async throws -> Result) async throws -> Result {
        try await query("BEGIN")
        do {
            let result = try await body()
            try await query("COMMIT")
            return result
        } catch {
            _ = try? await query("ROLLBACK")
            throw error
        }
    }

    // MARK: Membership

    /// Adds a node with a lease of `lease`; returns its id (never used before).
    func join(name: String, lease: Duration) async throws -> Int64 {
        let rows = try await query("""
            INSERT INTO shoal_nodes (id, name, lease_until, applied)
            VALUES (nextval('shoal_node_ids'), \(name), now() + make_interval(secs => \(seconds(lease))),
                    pg_snapshot_xmin(pg_current_snapshot()))
            RETURNING id
            """)
        for try await id in rows.decode(Int64.self) { return id }
        throw ClusterError.unexpected("gave the new node no id")
    }

    /// Extends the node's lease and records how far it has applied the log; false when the node is gone
    /// (another node reaped it).
    func renew(node: Int64, lease: Duration, applied: LogCursor) async throws -> Bool {
        let rows = try await query("""
            UPDATE shoal_nodes SET lease_until = now() + make_interval(secs => \(seconds(lease))),
                   applied = \(String(applied.transaction))::xid8
            WHERE id = \(node) RETURNING id
            """)
        for try await _ in rows.decode(Int64.self) { return true }
        return false
    }

    /// In one transaction: renews the lease, appends `rows` (peer, closes, body) to the log in one INSERT, and
    /// wakes the other nodes. False (and nothing written) when the node is gone.
    ///
    /// The rows go as three arrays bound to one statement, not with COPY: postgres-nio 1.33 traps when a
    /// connection is closed in the middle of a COPY, and a node closes its connections whenever its lease may
    /// have run out, whatever they are doing.
    func write(_ rows: [LogBatch.Row], node: Int64, lease: Duration, applied: LogCursor) async throws -> Bool {
        let peers = rows.map { Int64(bitPattern: $0.peer.number) }
        let closes = rows.map(\.closes)
        let bodies = rows.map { ChangeCodec.encode($0.changes) }
        return try await transaction {
            guard try await renew(node: node, lease: lease, applied: applied) else { return false }
            try await query("""
                INSERT INTO shoal_changes (node, peer, closes, body)
                SELECT \(node), * FROM unnest(\(peers)::bigint[], \(closes)::bool[], \(bodies)::bytea[])
                """)
            try await query("SELECT pg_notify(\(Self.channel), '')")
            return true
        }
    }

    /// Removes the nodes whose lease has run out and logs each as gone; returns their ids.
    ///
    /// A node whose row is locked (a renewal of a node cut off mid-transaction, until the server ends that
    /// transaction at its idle timeout) is skipped until the next round: waiting for it would hold up this
    /// node's own renewals, and a partition of one node would take down the others.
    func reapExpired() async throws -> [Int64] {
        let rows = try await query("""
            WITH expired AS (DELETE FROM shoal_nodes WHERE id IN (
                SELECT id FROM shoal_nodes WHERE lease_until < now() FOR UPDATE SKIP LOCKED) RETURNING id)
            INSERT INTO shoal_changes (node, gone, closes, body) SELECT id, true, true, '\\x'::bytea FROM expired
            RETURNING node
            """)
        var reaped: [Int64] = []
        for try await node in rows.decode(Int64.self) { reaped.append(node) }
        if !reaped.isEmpty { try await query("SELECT pg_notify(\(Self.channel), '')") }
        return reaped
    }

    /// A clean leave: the node and its peers are gone at once, everywhere.
    func leave(node: Int64) async throws {
        try await transaction {
            try await query("DELETE FROM shoal_nodes WHERE id = \(node)")
            try await query("""
                INSERT INTO shoal_changes (node, gone, closes, body) VALUES (\(node), true, true, '\\x'::bytea)
                """)
            try await query("SELECT pg_notify(\(Self.channel), '')")
        }
    }

    /// Deletes the rows every live node has applied and nobody will need again: all rows of peers that
    /// closed, and of nodes that are gone, before the oldest node's `applied`. Returns how many went.
    func compact() async throws -> Int {
        let rows = try await query("""
            WITH horizon AS (SELECT min(applied) AS tx FROM shoal_nodes),
            closed AS (SELECT DISTINCT c.peer FROM shoal_changes c, horizon
                       WHERE c.closes AND NOT c.gone AND c.tx < horizon.tx),
            departed AS (SELECT g.node FROM shoal_changes g, horizon WHERE g.gone AND g.tx < horizon.tx
                         AND NOT EXISTS (SELECT 1 FROM shoal_changes c WHERE c.node = g.node AND c.tx >= horizon.tx)),
            deleted AS (DELETE FROM shoal_changes WHERE peer IN (SELECT peer FROM closed)
                        OR node IN (SELECT node FROM departed) RETURNING 1)
            SELECT count(*)::bigint FROM deleted
            """)
        for try await count in rows.decode(Int64.self) { return Int(count) }
        return 0
    }

    /// Sends `payload` to every node listening on ``relayChannel`` (this one too), outside any transaction.
    func notifyRelay(_ payload: String) async throws {
        try await query("SELECT pg_notify(\(Self.relayChannel), \(payload))")
    }

    // MARK: Reading the log

    /// The oldest transaction still running anywhere on the server: every row of an older one is final.
    func horizon() async throws -> Int64 {
        let rows = try await query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        for try await value in rows.decode(Int64.self) { return value }
        return 0
    }

    /// Up to `limit` rows after `cursor` written by transactions older than `horizon`, in log order.
    func readLog(after cursor: LogCursor, before horizon: Int64, limit: Int) async throws -> [LogRow] {
        let rows = try await query("""
            SELECT tx::text::bigint, position, node, gone, body, \(unescaped: Self.age) FROM shoal_changes
            WHERE (tx, position) > (\(String(cursor.transaction))::xid8, \(cursor.position))
              AND tx < \(String(horizon))::xid8
            ORDER BY tx, position LIMIT \(limit)
            """)
        var read: [LogRow] = []
        try await Self.logRows(rows, part: max(1, limit)) { read += $0 }
        return read
    }

    /// The whole log as one consistent snapshot, and its horizon, from which to follow the log (rows read here
    /// that are newer than it are read again then: applying them twice in order changes nothing).
    ///
    /// Every row is read before any is applied, and the transaction ends first: applying a million records takes
    /// longer than the server lets a transaction sit idle (the lease), and a node that applied as it read would
    /// be cut off in the middle of its join, again and again. The rows' bodies are held meanwhile (about
    /// 100 bytes a record).
    func readSnapshot() async throws -> (rows: [LogRow], horizon: Int64) {
        try await query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            let horizon = try await self.horizon()
            let rows = try await query("""
                SELECT tx::text::bigint, position, node, gone, body, \(unescaped: Self.age) FROM shoal_changes ORDER BY tx, position
                """)
            var read: [LogRow] = []
            try await Self.logRows(rows, part: 1000) { read += $0 }
            try await query("COMMIT")
            return (read, horizon)
        } catch {
            _ = try? await query("ROLLBACK")
            throw error
        }
    }

    /// A row's age in seconds, as a column.
    private static let age = "extract(epoch from clock_timestamp() - written)::float8"

    /// Rows of `SELECT tx::text::bigint, position, node, gone, body, age` as log rows, handed on `part` at a time.
    private static func logRows(_ rows: PostgresRowSequence, part: Int, _ consume: ([LogRow]) async throws -> Void) async throws {
        var batch: [LogRow] = []
        for try await (tx, position, node, gone, body, age) in rows.decode((Int64, Int64, Int64, Bool, ByteBuffer, Double).self) {
            batch.append(LogRow(cursor: LogCursor(transaction: tx, position: position), node: node, gone: gone, body: body, age: age))
            if batch.count >= part {
                try await consume(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try await consume(batch) }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
