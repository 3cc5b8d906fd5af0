import Foundation

/// Starts Shoal's own programs (release builds beside `shoal-bench`) the way a user would, on 127.0.0.1.
struct ShoalProcesses {
    let work: WorkFolder
    let logs: String

    init(work: WorkFolder) throws {
        self.work = work
        logs = try work.folder("logs")
    }

    /// Keeps a user's own config file out of the measurement.
    var environment: [String: String] { ["XDG_CONFIG_HOME": work.path + "/config"] }

    /// `shoal-index` on a free port; returns it once it listens. Its state folder (key, tokens, pid file) is
    /// a new one in the work folder unless `extra` names one.
    func index(_ extra: [String] = [], logLevel: String = "info") throws -> (ChildProcess, port: Int) {
        let state = extra.contains("--state") ? [] : ["--state", try work.folder("index-state-\(UUID().uuidString)")]
        let process = try ChildProcess(Tools.shoal("shoal-index"), ["--port", "0", "--log-level", logLevel] + state + extra,
                                       logs: logs, name: "shoal-index")
        var port = 0
        try process.waitUntil("the index to listen") {
            guard let line = process.stderrSoFar.split(separator: "\n").first(where: { $0.contains("listening on") }),
                  let number = line.split(separator: ":").last.flatMap({ Int($0.prefix { $0.isNumber }) }) else { return false }
            port = number
            return true
        }
        return (process, port)
    }

    /// The port in an index's "metrics on http://127.0.0.1:PORT/metrics" line (started with `--metrics 127.0.0.1:0`).
    static func metricsPort(of index: ChildProcess) throws -> Int {
        var port = 0
        try index.waitUntil("its metrics endpoint") {
            guard let line = index.stderrSoFar.split(separator: "\n").first(where: { $0.contains("metrics on http://") }),
                  let address = line.components(separatedBy: "http://").last?.split(separator: "/").first,
                  let number = address.split(separator: ":").last.flatMap({ Int($0) }) else { return false }
            port = number
            return true
        }
        return port
    }

    /// `shoal serve` sharing `uploads`; returns at once (wait on the index's log for its registration).
    /// - Parameter extra: more options (`--allow-plaintext` for an index run with `--no-tls`).
    func seeder(_ name: String, uploads: String, indexPort: Int, uploadRate: String? = nil, _ extra: [String] = []) throws -> ChildProcess {
        let state = try work.folder("state-\(name)")
        let rate = uploadRate.map { ["--max-upload-rate", $0] } ?? []
        return try ChildProcess(Tools.shoal("shoal"), ["serve", "--index", "127.0.0.1:\(indexPort)", "--listen", "127.0.0.1",
                                                       "--uploads", uploads, "--downloads", work.path + "/unused-downloads",
                                                       "--state", state, "--name", name, "--log-level", "warning"] + rate + extra,
                                logs: logs, name: "shoal-serve-\(name)", environment: environment)
    }

    /// `shoal get HASH` into a fresh downloads and state folder; returns when it ends.
    func get(_ hash: String, indexPort: Int, run: String, _ extra: [String] = []) throws -> (ChildProcess.Outcome, downloads: String) {
        let downloads = try work.folder("get-\(run)/downloads")
        let outcome = try ChildProcess.run(Tools.shoal("shoal"), ["get", hash, "--index", "127.0.0.1:\(indexPort)",
                                                                 "--listen", "127.0.0.1", "--downloads", downloads,
                                                                 "--state", work.path + "/get-\(run)/state"] + extra,
                                           logs: logs, environment: environment, measuringMemory: true)
        return (outcome, downloads)
    }

    /// Waits until the index has logged a registration from each of `seeders` (its log level must be info).
    static func waitForRegistrations(_ index: ChildProcess, of seeders: [ChildProcess]) throws {
        try index.waitUntil("\(seeders.count) peers to register", timeout: .seconds(300)) {
            for seeder in seeders where !ProcStatus.isRunning(seeder.pid) {
                throw ChildProcess.Failure(description: "\(seeder.name) ended: \(seeder.stderrSoFar.suffix(400))")
            }
            return index.stderrSoFar.components(separatedBy: "registered ").count - 1 >= seeders.count
        }
    }
}
