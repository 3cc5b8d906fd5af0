import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import IndexCluster
import IndexServer
import Logging
import NIOCore
import Release
import ServiceLifecycle
import Trust
import Wire

/// `shoal-index`: the central index that classic P2P-CI/1.0 peers and Shoal peers register with.
@main
struct ShoalIndexCommand: AsyncParsableCommand {
    /// This build: printed by --version and at the start of the log.
    static let release = ShoalRelease.current(program: "shoal-index")

    static let configuration = CommandConfiguration(
        commandName: "shoal-index",
        abstract: "Run a Shoal index server (speaks P2P-CI/1.0 and P2P-CI/2.1).",
        discussion: """
            Peers keep one connection open, register the files they share, look up, search and list. \
            When a connection closes, everything it registered is removed. Logs go to stderr. \
            SIGINT or SIGTERM stops accepting, closes every connection and exits 0.

            --metrics HOST:PORT serves Prometheus metrics (GET /metrics, text format 0.0.4) on a second \
            address: requests by kind and status, refusals by reason, peers, records, bytes, search latency, \
            event-loop lag. Off by default; README.md ("Metrics") lists the metrics and a scrape config.

            TLS: the index makes its key in --state on first start and logs its address with the key's \
            keyprint (shoal://HOST:PORT/?kp=sha256/...), to hand out to peers. --private admits only peers \
            with a token (shoal-index token add NAME); --ban-file refuses addresses and ranges. SIGHUP reads \
            the tokens and the ban file again. PROTOCOL.md, section 9, says how.

            Exit codes: 0 after a clean shutdown; 1 when an address cannot be bound or an access file \
            cannot be read; 64 for bad options. Every limit below is described in PROTOCOL.md, section 8.
            """,
        version: release.summary,
        subcommands: [TokenCommand.self]
    )

    @Option(help: "Address to listen on (use 0.0.0.0 or :: to serve other machines).")
    var host = "127.0.0.1"

    @Option(help: "TCP port to listen on; 0 picks a free one.")
    var port = IndexServerConfiguration.wellKnownPort

    @Option(help: ArgumentHelp("Serve Prometheus metrics at http://HOST:PORT/metrics (e.g. 127.0.0.1:9734; [::1]:9734 for IPv6). Off unless given.",
                               valueName: "host:port"))
    var metrics: String?

    @Option(help: "Seconds to wait, after a peer's HELLO, for its upload port to answer a connection from the index (PROTOCOL.md 5.1: peers behind NAT are told they are, and marked in answers). 0 = never check.")
    var reachabilityTimeout = 3.0

    @Option(help: "Requests to connect back (CONNECT PEER, PROTOCOL.md 5.11) one peer may have relayed a minute, after a burst of 10.")
    var maxRelaysPerMinute = 30

    @OptionGroup var folder: StateFolder
    var state: String { folder.state }

    @Flag(help: "Also answer P2P-CI/2.1 on plaintext connections (PROTOCOL.md 9.1). Off: those get 426 and only TLS is served.")
    var allowPlaintext = false

    @Flag(help: "Refuse classic P2P-CI/1.0 requests (505): only Shoal peers, over TLS, may use the index.")
    var noClassic = false

    @Flag(help: "A private index: only peers whose HELLO carries a token made with 'shoal-index token add' may use it (PROTOCOL.md 9.2).")
    var `private` = false

    @Option(help: ArgumentHelp("Refuse connections from the addresses and CIDR ranges in this file (one a line: ADDRESS[/PREFIX] [UNTIL]; read again on SIGHUP).",
                               valueName: "file"))
    var banFile: String?

    @Flag(help: "No TLS at all: no key is made and everything is plaintext (for measurements; Shoal peers then join only with --allow-plaintext).")
    var noTLS = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @OptionGroup(title: "Cluster")
    var cluster: ClusterOptions

    @OptionGroup(title: "Limits")
    var limits: LimitOptions

    mutating func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if noTLS, allowPlaintext { throw ValidationError("--no-tls already means plaintext only: drop --allow-plaintext") }
        if `private`, noTLS || allowPlaintext {
            throw ValidationError("--private needs TLS: tokens must never cross the network in plaintext (drop --no-tls and --allow-plaintext)")
        }
        guard maxRelaysPerMinute >= 1 else { throw ValidationError("--max-relays-per-minute must be at least 1") }
        guard (0...30).contains(reachabilityTimeout) else { throw ValidationError("--reachability-timeout must be from 0 to 30 seconds") }
        if let metrics, MetricsAddress(parsing: metrics) == nil {
            throw ValidationError("--metrics must be HOST:PORT with a port from 0 to 65535 (IPv6 in brackets: [::1]:9734)")
        }
        try limits.validate()
        try cluster.validate()
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "shoal-index")
        logger.info("\(Self.release.summary) starting")
        var configuration = IndexServerConfiguration(host: host, port: port)
        limits.apply(to: &configuration)
        configuration.metricsAddress = metrics.flatMap(MetricsAddress.init(parsing:))
        configuration.reachabilityProbe = reachabilityTimeout == 0 ? nil
            : ReachabilityProbe(timeout: .milliseconds(Int64(reachabilityTimeout * 1000)))
        configuration.relays.perMinute = maxRelaysPerMinute
        do {
            let identity = noTLS ? nil : try TLSIdentity.loadOrCreate(in: state, name: "shoal-index")
            configuration.links = LinkPolicy(identity: identity, allowsPlaintext: allowPlaintext, servesClassic: !noClassic)
        } catch {
            logger.critical("cannot use the TLS identity: \(error)")
            throw ExitCode(1)
        }
        let files = AccessFiles(state: state, banFile: banFile)
        do {
            configuration.access.requiresToken = `private`
            configuration.access.tokens = try files.tokens()
            configuration.access.bans = try files.bans()
        } catch {
            logger.critical("\(error)")
            throw ExitCode(1)
        }
        if `private`, configuration.access.tokens.entries.isEmpty {
            logger.warning("this index is private and has no tokens yet: nobody can join until 'shoal-index token add NAME --state \(state)'")
        }
        let server = IndexServer(configuration: configuration, logger: logger)
        let reloader = AccessReloader(files: files, server: server, logger: logger, tokens: configuration.access.tokens,
                                      bans: configuration.access.bans)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: server), .init(service: reloader)]
        if let node = try cluster.node(serving: server, port: port, logger: logger) { services.append(.init(service: node)) }
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        do {
            try await group.run()
        } catch let error as MetricsBindError {
            let reason = (error.underlying as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(error.underlying)"
            logger.critical("cannot serve metrics on \(error.address): \(reason)")
            throw ExitCode(1)
        } catch let error as IOError {
            logger.critical("cannot listen on \(host):\(port): \(String(cString: strerror(error.errnoCode)))")
            throw ExitCode(1)
        }
    }
}
