import Foundation

/// redis-server on 127.0.0.1 (no persistence) and redis-benchmark GET against it: the request/response
/// ceiling of this machine for small requests over loopback, one request in flight per connection (or a
/// pipelined batch).
struct RedisBaseline {
    struct Result {
        let requestsPerSecond: Double
        let p50: Double
        let p99: Double
        /// Seconds of redis-server's CPU per request over the run.
        let cpuPerRequest: Double
    }

    let server: ChildProcess
    let port: Int
    private let logs: String

    init(logs: String) throws {
        self.logs = logs
        port = try Tools.freePort()
        server = try ChildProcess("redis-server", ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                                   "--daemonize", "no", "--maxclients", "10000"], logs: logs)
        try server.waitUntil("redis to start", timeout: .seconds(20)) {
            TextFile.read("/proc/\(server.pid)/net/tcp")?.contains(String(format: ":%04X ", port)) == true
        }
        // The key GET asks for exists, as a LOOKUP's hash does.
        _ = try benchmark(test: "set", connections: 1, requests: 1)
    }

    /// `redis-benchmark -t get` with `connections` clients, `pipeline` requests sent together (1: no pipelining).
    func get(connections: Int, requests: Int, pipeline: Int = 1) throws -> Result {
        try benchmark(test: "get", connections: connections, requests: requests, pipeline: pipeline)
    }

    private func benchmark(test: String, connections: Int, requests: Int, pipeline: Int = 1) throws -> Result {
        let ticks = server.cpuTicks
        let outcome = try ChildProcess.run("redis-benchmark", ["-h", "127.0.0.1", "-p", "\(port)", "-t", test, "-c", "\(connections)",
                                                               "-n", "\(requests)", "-P", "\(pipeline)", "--csv"], logs: logs)
        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        guard outcome.succeeded, let line = outcome.stdout.split(separator: "\n").last(where: { $0.hasPrefix("\"\(test.uppercased())\"") }) else {
            throw ChildProcess.Failure(description: "redis-benchmark failed: \(outcome.stderr.suffix(300))")
        }
        let fields = line.split(separator: ",").map { Double($0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) ?? .nan }
        return Result(requestsPerSecond: fields[1], p50: fields[4] / 1e3, p99: fields[6] / 1e3,
                      cpuPerRequest: IndexBenchmark.cpuPerRequest(ticks: server.cpuTicks - ticks, requests: requests))
    }

    func stop() { server.stop() }
}
