import ArgumentParser
import Foundation
import Model
import NIOCore
import Wire

/// Two `shoal-index --database` nodes sharing one PostgreSQL, against one node alone in the same run:
/// registration until every node has the records, replication lag under a steady load, and SEARCH on a
/// replica.
struct ClusterBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Two index nodes on one PostgreSQL against one node alone: registrations per second until the other node has them, replication lag p50/p99 under a steady load, SEARCH on a replica.",
        discussion: """
            Each run makes a new database and starts nodes a and b on it (`--database`, with `--metrics`), and one \
            node alone (no database). The same peers × files (realistic names) register on the lone node and on a; \
            the cluster's time runs until b's `shoal_index_records` (scraped every 20 ms) counts every record a holds \
            (a peer that lists a popular file twice holds it once). Then a background peer registers --rate records \
            per second on a while a probe peer adds one new file at a time on a and asks b for it (LOOKUP every \
            millisecond) until b answers: that wait is the replication lag. Last, \
            one connection sends SEARCH to b and to the lone node for --duration seconds each. PostgreSQL is \
            Debian's, started in a new folder (fsync off), unless --database names one.
            """
    )

    @OptionGroup var options: BenchOptions
    @Option(help: "Peers to register (each one connection).") var peers = 2_000
    @Option(help: "Files per peer.") var files = 100
    @Option(help: "Replication lag probes per run.") var probes = 200
    @Option(help: "Records per second registered on node a by a background peer while the lag is probed.") var rate = 1_000
    @Option(help: "Seconds of SEARCH on each node.") var duration = 5.0
    @Option(help: ArgumentHelp("A PostgreSQL server to use instead of one of the benchmark's own: postgres://USER@HOST:PORT/ (a new database is made in it per run).",
                               valueName: "url"))
    var database: String?

    func validate() throws {
        guard peers >= 1, files >= 1, probes >= 1, rate >= 10, duration > 0 else {
            throw ValidationError("--peers, --files, --probes and --duration must be positive, and --rate at least 10")
        }
    }

    func run() async throws {
        Console.say(try await measure().render())
    }

    func measure() async throws -> ResultTable {
        let work = try WorkFolder(options.workFolder)
        defer { work.remove() }
        let shoal = try ShoalProcesses(work: work)
        _ = Tools.raiseFileLimit()
        let postgres = database == nil ? try BenchPostgres(install: !options.noInstall, logs: shoal.logs) : nil
        defer { postgres?.stop() }
        var alone = Samples(), cluster = Samples(), lagP50 = Samples(), lagP99 = Samples(), lagMax = Samples()
        var searchAloneP50 = Samples(), searchAloneP99 = Samples(), searchReplicaP50 = Samples(), searchReplicaP99 = Samples()
        let records = peers * files
        for run in 1...options.runs {
            let url = try postgres?.makeDatabase("shoal_bench_\(run)") ?? Self.newDatabase(in: database ?? "", run: run, logs: shoal.logs)
            let result = try await measureOnce(shoal: shoal, database: url)
            alone.add(Double(records) / result.alone); cluster.add(Double(records) / result.cluster)
            lagP50.add(Samples.quantile(result.lags, 0.5)); lagP99.add(Samples.quantile(result.lags, 0.99)); lagMax.add(result.lags.last ?? .nan)
            searchAloneP50.add(result.searchAlone.percentile(0.5)); searchAloneP99.add(result.searchAlone.percentile(0.99))
            searchReplicaP50.add(result.searchReplica.percentile(0.5)); searchReplicaP99.add(result.searchReplica.percentile(0.99))
            Console.say("cluster: run \(run)/\(options.runs): alone \(Figure.count(alone.values.last ?? 0)) records/s, through the cluster \(Figure.count(cluster.values.last ?? 0)) records/s, lag p99 \(Figure.time(lagP99.values.last ?? .nan))")
        }
        var table = ResultTable()
        table.add(.init(measure: "register \(Figure.count(Double(peers))) peers × \(files) files on node a until node b has them",
                        shoal: "\(Figure.count(cluster.median)) records/s",
                        baseline: "one node alone: \(Figure.count(alone.median)) records/s",
                        ratio: Figure.ratio(cluster.median / alone.median)))
        table.add(.init(measure: "replication lag a → b, \(probes) probes while \(Figure.count(Double(rate))) records/s register on a",
                        shoal: "p50 \(Figure.time(lagP50.median)), p99 \(Figure.time(lagP99.median)), slowest \(Figure.time(lagMax.median))",
                        target: "p99 ≤ 2 s", met: lagP99.median <= 2))
        let ratio = searchReplicaP99.median / searchAloneP99.median
        table.add(.init(measure: "SEARCH on replica b, 1 connection, \(Figure.count(Double(records))) records",
                        shoal: "p50 \(Figure.time(searchReplicaP50.median)), p99 \(Figure.time(searchReplicaP99.median))",
                        baseline: "one node alone: p50 \(Figure.time(searchAloneP50.median)), p99 \(Figure.time(searchAloneP99.median))",
                        ratio: Figure.ratio(ratio), target: "p99 ≤ 1.25× one node", met: ratio <= 1.25))
        table.note("cluster: PostgreSQL \(postgres == nil ? "given with --database" : "of the benchmark's own (fsync off)") on this machine; a node writes a batch every 50 ms")
        return table
    }

    private struct Run {
        var alone: Double
        var cluster: Double
        /// Sorted, seconds.
        var lags: [Double]
        var searchAlone: LoadGenerator.Round
        var searchReplica: LoadGenerator.Round
    }

    private func measureOnce(shoal: ShoalProcesses, database: String) async throws -> Run {
        let common = ["--no-tls", "--max-connections-per-address", "0", "--max-requests-per-second", "0",
                      "--max-connections", "\(peers + 1024)", "--idle-timeout", "86400", "--max-files-per-peer", "1000000"]
        let (single, singlePort) = try shoal.index(common)
        defer { single.stop() }
        let (a, aPort) = try shoal.index(common + ["--database", database, "--node-name", "a", "--metrics", "127.0.0.1:0"])
        defer { a.stop() }
        let (b, bPort) = try shoal.index(common + ["--database", database, "--node-name", "b", "--metrics", "127.0.0.1:0"])
        defer { b.stop() }
        for node in [a, b] { try node.waitUntil("\(node.name) to join its cluster") { node.stderrSoFar.contains("joined the cluster") } }
        let aMetricsPort = try ShoalProcesses.metricsPort(of: a), metricsPort = try ShoalProcesses.metricsPort(of: b)

        var catalog = SyntheticCatalog(seed: 42)
        var registrations: [[ByteBuffer]] = []
        for peer in 0..<peers {
            registrations.append([IndexBenchmark.encode(.hello(Hello(port: 6000 + peer % 1000, nickname: "bench\(peer)"))),
                                  IndexBenchmark.encode(.addFiles((0..<files).map { _ in catalog.nextFile() }))])
        }
        let searches = (0..<4096).map { _ in IndexBenchmark.encode(.search(SearchQuery(keywords: catalog.nextKeywords()))) }

        let aloneGenerator = LoadGenerator(port: singlePort, threads: 1)
        let (aloneChannels, aloneTime) = try await aloneGenerator.register(registrations)

        let clusterGenerator = LoadGenerator(port: aPort, threads: 1)
        let started = ContinuousClock.now
        let (clusterChannels, _) = try await clusterGenerator.register(registrations)
        // A peer that lists a popular file twice holds it once: the records are what a holds once every
        // registration is answered, not peers × files.
        let records = try await MetricsScrape.samples(port: aMetricsPort)["shoal_index_records"] ?? Double(peers * files)
        while try await MetricsScrape.samples(port: metricsPort)["shoal_index_records"] ?? 0 < records {
            guard ProcStatus.isRunning(b.pid), ContinuousClock.now - started < .seconds(600) else {
                throw ChildProcess.Failure(description: "node b never held all \(Int(records)) records: \(b.stderrSoFar.suffix(400))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let clusterTime = (ContinuousClock.now - started).seconds

        let lags = try await probeLag(generator: clusterGenerator, replicaPort: bPort, catalog: &catalog)

        let aloneSearcher = try await aloneGenerator.peer("searcher", port: 7001)
        let searchAlone = try await aloneGenerator.round([aloneSearcher][...], requests: searches, duration: .seconds(duration))
        let replicaGenerator = LoadGenerator(port: bPort, threads: 1)
        let replicaSearcher = try await replicaGenerator.peer("searcher", port: 7001)
        let searchReplica = try await replicaGenerator.round([replicaSearcher][...], requests: searches, duration: .seconds(duration))

        await replicaGenerator.shutdown(closing: [replicaSearcher])
        await clusterGenerator.shutdown(closing: clusterChannels)
        await aloneGenerator.shutdown(closing: aloneChannels + [aloneSearcher])
        return Run(alone: aloneTime.seconds, cluster: clusterTime, lags: lags.sorted(), searchAlone: searchAlone, searchReplica: searchReplica)
    }

    /// One file at a time added on a and looked up on b until b has it, while a background peer registers
    /// --rate records per second on a; returns each wait, in seconds.
    private func probeLag(generator: LoadGenerator, replicaPort: Int, catalog: inout SyntheticCatalog) async throws -> [Double] {
        let background = try await generator.peer("background", port: 7002)
        let prober = try await generator.peer("prober", port: 7003)
        let replica = LoadGenerator(port: replicaPort, threads: 1)
        let asker = try await replica.peer("asker", port: 7004)
        let batch = max(1, rate / 10)
        let load = (0..<Int((Double(probes) / 10 + 30) * 10)).map { _ in
            IndexBenchmark.encode(.addFiles((0..<batch).map { _ in catalog.nextFile() }))
        }
        let loading = Task {
            // A batch every 100 ms: --rate records per second, until cancelled.
            for request in load {
                try await generator.exchange([request], on: background)
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        defer { loading.cancel() }
        var lags: [Double] = []
        for _ in 0..<probes {
            let file = catalog.nextUniqueFile()
            let lookup = IndexBenchmark.encode(.lookupFile(.content(file.hash)))
            let sent = ContinuousClock.now
            try await generator.exchange([IndexBenchmark.encode(.addFiles([file]))], on: prober)
            var found = false
            while !found {
                found = (try? await replica.exchange([lookup], on: asker)) != nil
                if !found { try await Task.sleep(for: .milliseconds(1)) }
                guard (ContinuousClock.now - sent) < .seconds(60) else {
                    throw ChildProcess.Failure(description: "node b did not have a file added on a after 60 s")
                }
            }
            lags.append((ContinuousClock.now - sent).seconds)
            try await Task.sleep(for: .milliseconds(100))
        }
        loading.cancel()
        await replica.shutdown(closing: [asker])
        try? await background.close()
        try? await prober.close()
        return lags
    }

    /// A new database in the server `--database` names (made through psql, connected to its `postgres` database).
    private static func newDatabase(in server: String, run: Int, logs: String) throws -> String {
        guard var url = URLComponents(string: server), url.scheme?.hasPrefix("postgres") == true else {
            throw ChildProcess.Failure(description: "--database must be a postgres:// URL, not '\(server)'")
        }
        let name = "shoal_bench_\(getpid())_\(run)"
        url.path = "/postgres"
        let made = try ChildProcess.run("psql", [url.string ?? server, "-c", "CREATE DATABASE \(name)"], logs: logs)
        guard made.succeeded else { throw ChildProcess.Failure(description: "psql could not make a database: \(made.stderr.suffix(300))") }
        url.path = "/" + name
        return url.string ?? server
    }
}
