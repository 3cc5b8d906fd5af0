import Foundation

/// A PostgreSQL server of the benchmark's own on 127.0.0.1 (Debian's `postgresql` package, installed with
/// apt-get when allowed): a new data folder with user `shoal` trusted, fsync off, removed at the end.
final class BenchPostgres {
    let port: Int
    private let server: ChildProcess
    private let bin: String
    private let folder: String
    private let logs: String

    init(install: Bool, logs: String) throws {
        self.logs = logs
        bin = try Self.binaries(install: install, logs: logs)
        var template = Array("\(ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp")/shoal-bench-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ChildProcess.Failure(description: "cannot make a folder for PostgreSQL") }
        folder = String(cString: made)
        // PostgreSQL refuses to run as root: as root, it runs as the package's `postgres` user.
        let asUser = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"] : []
        if getuid() == 0 { _ = try ChildProcess.run("/bin/chown", ["postgres:postgres", folder], logs: logs) }
        let initdb = try Self.run(asUser, bin + "/initdb", ["-D", folder + "/data", "-A", "trust", "-U", "shoal", "--no-sync"], logs: logs)
        guard initdb.succeeded else { throw ChildProcess.Failure(description: "initdb failed: \(initdb.stderr.suffix(300))") }
        port = try Tools.freePort()
        let postgres = [bin + "/postgres", "-D", folder + "/data", "-p", "\(port)", "-k", folder, "-c", "listen_addresses=127.0.0.1",
                        "-c", "fsync=off", "-c", "max_connections=100"]
        let command = asUser + postgres
        server = try ChildProcess(command[0], Array(command.dropFirst()), logs: logs, name: "postgres")
        try server.waitUntil("PostgreSQL to accept connections", timeout: .seconds(60)) {
            server.stderrSoFar.contains("ready to accept connections")
        }
    }

    /// Makes an empty database; returns its URL for `shoal-index --database`.
    func makeDatabase(_ name: String) throws -> String {
        let made = try ChildProcess.run(bin + "/createdb", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "shoal", name], logs: logs)
        guard made.succeeded else { throw ChildProcess.Failure(description: "createdb failed: \(made.stderr.suffix(300))") }
        return "postgres://shoal@127.0.0.1:\(port)/\(name)?sslmode=disable"
    }

    /// Stops the server (fast shutdown) and removes its folder.
    func stop() {
        kill(server.pid, SIGINT)
        server.wait()
        try? FileManager.default.removeItem(atPath: folder)
    }

    private static func run(_ asUser: [String], _ program: String, _ arguments: [String], logs: String) throws -> ChildProcess.Outcome {
        let command = asUser + [program] + arguments
        return try ChildProcess.run(command[0], Array(command.dropFirst()), logs: logs)
    }

    /// The folder of Debian's PostgreSQL programs (the newest installed version).
    private static func binaries(install: Bool, logs: String) throws -> String {
        func installed() -> String? {
            let root = "/usr/lib/postgresql"
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            return versions.compactMap(Int.init).sorted().reversed().map { "\(root)/\($0)/bin" }
                .first { FileManager.default.isExecutableFile(atPath: "\($0)/postgres") }
        }
        if let found = installed() { return found }
        _ = Tools.ensure(["pg_ctlcluster"], install: install, logs: logs)
        guard let found = installed() else {
            throw ChildProcess.Failure(description: "PostgreSQL is not installed (Debian: apt-get install postgresql), or give --database")
        }
        return found
    }
}
