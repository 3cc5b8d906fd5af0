import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO

/// A PostgreSQL server of the tests' own, on 127.0.0.1 and a free port, in a temporary folder, with user
/// `shoal` trusted (no password): what the cluster tests run their index nodes against.
///
/// ``shared`` is one server for the whole test run: `.ci/run` starts it and names it in
/// `SHOAL_TEST_POSTGRES` (HOST:PORT); without that, the first test that needs it starts one here (Debian's
/// `postgresql` package is installed first if missing, when the tests run as root). Tests that stop or
/// restart a server start one of their own with ``start()``. Each test makes its own database
/// (``makeDatabase()``), so tests never see each other's records. A test that cannot get a server fails
/// with a line saying why: it never passes without one.
public final class PostgresServer: Sendable {
    public let host: String
    public let port: Int
    /// The process, for a server started here (nil for the one `.ci/run` started).
    private let process: NIOLockedValueBox<BackgroundProcess?>
    private let folder: String?

    private init(host: String, port: Int, process: BackgroundProcess?, folder: String?) {
        self.host = host
        self.port = port
        self.process = NIOLockedValueBox(process)
        self.folder = folder
    }

    /// The server every cluster test shares.
    public static func shared() async throws -> PostgresServer {
        try await sharedServer.value
    }

    private static let sharedServer = Task<PostgresServer, any Error> {
        if let named = ProcessInfo.processInfo.environment["SHOAL_TEST_POSTGRES"] {
            let parts = named.split(separator: ":")
            guard parts.count == 2, let port = Int(parts[1]) else {
                throw Missing(description: "SHOAL_TEST_POSTGRES must be HOST:PORT, not '\(named)'")
            }
            return PostgresServer(host: String(parts[0]), port: port, process: nil, folder: nil)
        }
        let server = try await start()
        atexit { PostgresServer.stopOwnServers() }
        return server
    }

    private static let ownServers = NIOLockedValueBox<[PostgresServer]>([])

    private static func stopOwnServers() {
        for server in ownServers.withLockedValue({ $0 }) { server.process.withLockedValue { $0?.send(SIGTERM) } }
    }

    /// A new server in a folder of its own (initdb, then postgres in the foreground as the `postgres` user
    /// when the tests run as root).
    public static func start() async throws -> PostgresServer {
        let bin = try await binaries()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shoal-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if getuid() == 0 {
            try await SystemTool.setpriv.require()
            _ = try await run("/bin/chown", ["postgres:postgres", folder])
        }
        let initdb = try await run("\(bin)/initdb", ["-D", "\(folder)/data", "-A", "trust", "-U", "shoal", "--no-sync"])
        guard initdb.status == 0 else { throw Missing(description: "initdb failed: \(initdb.stderr.suffix(300))") }
        // Restarted on the same port by some tests: below the ephemeral range, where no outgoing
        // connection can take it while the server is down.
        let port = try RestartablePort.pick()
        let server = PostgresServer(host: "127.0.0.1", port: port, process: nil, folder: folder)
        ownServers.withLockedValue { $0.append(server) }
        try await server.startProcess(bin: bin)
        return server
    }

    /// Stops the server (fast shutdown: open connections are closed) and waits until it has exited.
    public func stop() async throws {
        guard let process = process.withLockedValue({ $0 }) else {
            throw Missing(description: "the shared PostgreSQL server was started by .ci/run and is not stopped by tests")
        }
        process.send(SIGINT)
        _ = try await process.waitForExit()
    }

    /// Stops the server for good and deletes its folder.
    public func shutdown() async throws {
        guard let process = process.withLockedValue({ $0 }) else { return }
        process.send(SIGTERM)
        _ = try await process.waitForExit()
    }

    /// Starts the server again after ``stop()``, on the same port and data.
    public func restart() async throws {
        try await startProcess(bin: try await Self.binaries())
    }

    /// Makes a new empty database and returns its URL for `shoal-index --database`.
    public func makeDatabase() async throws -> String {
        let name = "shoal_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        let logger = Logger(label: "test-postgres")
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: "shoal", password: nil,
                                                             database: "postgres", tls: .disable)
        // postgres-nio's 10 s would not follow the tests' deadlines, which grow under the sanitizers.
        configuration.options.connectTimeout = TestDeadline.event
        let connection = try await Self.explaining("connecting to the test's PostgreSQL at \(host):\(port)") {
            try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        }
        do {
            try await Self.explaining("CREATE DATABASE \(name)") {
                _ = try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
        return "postgres://shoal@\(host):\(port)/\(name)?sslmode=disable"
    }

    /// Runs postgres under a shell that stops it when this test process ends, however it ends (a crash
    /// too), and then deletes its folder; SIGINT stops it and keeps the data (``stop()``), SIGTERM also deletes
    /// the folder (the end of the run).
    private func startProcess(bin: String) async throws {
        guard let folder else { return }
        let postgres = ["\(bin)/postgres", "-D", "\(folder)/data", "-p", String(port), "-k", folder,
                        "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"]
        let asUser = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"] : []
        let guardian = """
            "$@" & child=$!
            trap 'kill -INT $child; wait $child; exit 0' INT
            trap 'kill -INT $child; wait $child; rm -rf "$FOLDER"; exit 0' TERM
            while kill -0 "$PARENT" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done
            kill -INT $child 2>/dev/null; wait $child
            kill -0 "$PARENT" 2>/dev/null || rm -rf "$FOLDER"
            """
        let process = try BackgroundProcess("/bin/sh", ["-c", guardian, "postgres"] + asUser + postgres, in: folder,
                                            environment: ["PARENT": String(getpid()), "FOLDER": folder])
        self.process.withLockedValue { $0 = process }
        try await process.waitForLine(containing: "ready to accept connections")
    }

    /// The folder with initdb and postgres, installing Debian's package if it can.
    private static func binaries() async throws -> String {
        if let found = installedBinaries() { return found }
        try await SystemTool(command: "pg_ctlcluster", package: "postgresql").require()
        guard let found = installedBinaries() else {
            throw Missing(description: "PostgreSQL is installed but no /usr/lib/postgresql/*/bin/postgres was found")
        }
        return found
    }

    private static func installedBinaries() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.compactMap(Int.init).sorted().reversed().map { "\(root)/\($0)/bin" }
            .first { FileManager.default.isExecutableFile(atPath: "\($0)/postgres") }
    }

    private static func run(_ program: String, _ arguments: [String]) async throws -> ProcessRunner.Finished {
        let process = Process()
        if getuid() == 0, program.hasSuffix("/initdb") {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", program] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        }
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        process.standardInput = FileHandle.nullDevice
        return try await ProcessRunner.run(process)
    }

    /// Runs `body`; an error it throws comes back as ``Missing``, naming `step` and the error in full:
    /// postgres-nio's errors describe themselves only as "Generic description" (the server's message is in
    /// `String(reflecting:)`), which is all a failed test would otherwise show.
    public static func explaining<T>(_ step: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw Missing(description: "\(step): \(String(reflecting: error))")
        }
    }

    /// Why a test could not get a server, or a step with it failed.
    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }
}
