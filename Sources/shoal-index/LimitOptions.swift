import ArgumentParser
import IndexServer
import NIOCore

/// The index's limits as command-line options; defaults are PROTOCOL.md §8's.
struct LimitOptions: ParsableArguments {
    @Option(help: "Most files (records) one peer may register.")
    var maxFilesPerPeer = 100_000

    @Option(help: "Most bytes of file names (and classic titles) one peer's records may hold in all.")
    var maxNameBytesPerPeer = 16 << 20

    @Option(help: "Most simultaneous connections; more are answered 503 and closed.")
    var maxConnections = 16_384

    @Option(help: "Simultaneous connections from one IP address; more are answered 429 and closed. 0 = no limit.")
    var maxConnectionsPerAddress = 64

    @Option(help: "Requests per second one connection may make, sustained; more are answered 429. 0 = no limit.")
    var maxRequestsPerSecond = 100

    @Option(help: "Requests one connection may make at once (a burst) before --max-requests-per-second applies.")
    var requestBurst = 200

    @Option(help: "Seconds a Shoal connection may go without a request (PING keeps it alive).")
    var idleTimeout = 120

    @Option(help: "Seconds a classic (P2P-CI/1.0 only) connection may go without a request; 0 = never.")
    var classicIdleTimeout = 3600

    @Option(help: "Seconds a request may take to arrive once it has begun.")
    var requestTimeout = 30

    @Option(help: "Longest request line or header line, in bytes.")
    var maxLineLength = 8192

    @Option(help: "Most header lines in one request.")
    var maxHeaders = 32

    @Option(help: "Largest request body, in bytes.")
    var maxBody = 4 << 20

    @Option(help: "Most files in one ADD FILES or REMOVE FILES batch.")
    var maxBatch = 5000

    @Option(help: "Most hits in one SEARCH answer.")
    var maxResults = 500

    @Option(help: ArgumentHelp("MiB of memory for recent SEARCH answers, given again while no file they could list has changed (answers stay exact). 0 = keep none.",
                               valueName: "MiB"))
    var searchCache = 16

    func validate() throws {
        let positives: [(String, Int)] = [
            ("--max-files-per-peer", maxFilesPerPeer), ("--max-name-bytes-per-peer", maxNameBytesPerPeer),
            ("--max-connections", maxConnections),
            ("--idle-timeout", idleTimeout), ("--request-timeout", requestTimeout),
            ("--max-line-length", maxLineLength), ("--max-headers", maxHeaders), ("--max-body", maxBody),
            ("--max-batch", maxBatch), ("--max-results", maxResults),
        ]
        for (name, value) in positives where value <= 0 {
            throw ValidationError("\(name) must be a positive number")
        }
        for (name, value) in [("--max-connections-per-address", maxConnectionsPerAddress), ("--max-requests-per-second", maxRequestsPerSecond)]
        where value < 0 {
            throw ValidationError("\(name) must be 0 (no limit) or more")
        }
        guard requestBurst >= 1 else { throw ValidationError("--request-burst must be at least 1") }
        guard (0...4096).contains(searchCache) else { throw ValidationError("--search-cache must be from 0 to 4096 (MiB)") }
        guard classicIdleTimeout >= 0 else { throw ValidationError("--classic-idle-timeout must be 0 or more") }
        guard maxLineLength >= 256 else { throw ValidationError("--max-line-length must be at least 256") }
    }

    func apply(to configuration: inout IndexServerConfiguration) {
        configuration.registry.maximumFilesPerPeer = maxFilesPerPeer
        configuration.registry.maximumNameBytesPerPeer = maxNameBytesPerPeer
        configuration.maximumConnections = maxConnections
        configuration.floodControl = FloodControl(requestsPerSecond: maxRequestsPerSecond, requestBurst: requestBurst,
                                                  connectionsPerAddress: maxConnectionsPerAddress)
        configuration.timeouts.idle = .seconds(Int64(idleTimeout))
        configuration.timeouts.classicIdle = classicIdleTimeout == 0 ? nil : .seconds(Int64(classicIdleTimeout))
        configuration.timeouts.request = .seconds(Int64(requestTimeout))
        configuration.wire.maximumLineLength = maxLineLength
        configuration.wire.maximumHeaderCount = maxHeaders
        configuration.wire.maximumBodyLength = maxBody
        configuration.wire.maximumBatchEntries = maxBatch
        configuration.requests.maximumSearchResults = maxResults
        configuration.searchAnswerBytes = searchCache << 20
        configuration.requests.defaultSearchResults = min(configuration.requests.defaultSearchResults, maxResults)
    }
}
