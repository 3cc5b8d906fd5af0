import ArgumentParser
import Foundation
import Model
import NIOCore
import Wire

/// shoal-index loaded with peers × files over real connections, LOOKUP and SEARCH at several connection
/// counts, against redis-benchmark GET in the same run.
struct IndexBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "shoal-index with 10,000 peers x 100 files: LOOKUP and SEARCH req/s, latency and CPU at 1, 64 and 512 connections against redis GET; the broadest searches; LOOKUP while others flood broad searches and while a 100,000-file peer leaves.",
        discussion: """
            The load generator (NIO, in this process) holds one connection per peer; each sends HELLO and ADD FILES, \
            and stays open, as real peers do. Rounds then run closed loops (one request in flight per connection) on the \
            first N connections. redis-server and redis-benchmark (Debian's packages) run the same connection counts \
            without pipelining. At one connection, PING rounds too: a request the index answers with a status line \
            alone, so what the round trip itself costs it. Then one connection sends --pipeline requests together, \
            beside redis-benchmark -P. \
            The index runs with its per-address and request-rate limits off (they exist to stop one address from doing \
            exactly this), and with its metrics endpoint on, as an operator would run it: the \
            registry's write-lock holds while registering and while the big peer leaves are read from \
            `shoal_index_registry_write_hold_seconds` (the longest to its histogram bucket, and their total). \
            Registering's CPU is read from /proc for the index and for this process: on the same cores, their sum \
            over the core count is the least time registering can take here.

            Names are realistic by default (see `shoal-bench registry --help`): searches are one or two 4-letter \
            prefixes of words picked as often as names use them, so broad prefixes are searched most. The broadest \
            prefixes (by how many records have a word they begin) are also searched alone. Then one connection \
            measures LOOKUP while 64 others send the broadest searches back to back (from a client thread of its \
            own, as another machine's peer would; then again from the flooders' thread), and while a peer holding \
            100,000 files disconnects (beside the same round with nothing leaving: how slow the slowest LOOKUP is \
            on the machine anyway).
            """
    )

    @OptionGroup var options: BenchOptions
    @Option(help: "Peers to register (each one connection).") var peers = 10_000
    @Option(help: "Files per peer.") var files = 100
    @Option(help: ArgumentHelp("Connection counts to measure, comma-separated.", valueName: "list")) var connections = "1,64,512"
    @Option(help: "Seconds per measured round.") var duration = 5.0
    @Option(help: "Event-loop threads of the load generator (redis-benchmark uses one).") var clientThreads = 1
    @Option(help: "Names: realistic (Zipf word frequencies, shared prefixes) or random (every prefix rare).")
    var names: SyntheticCatalog.Names = .realistic
    @Option(help: "Files of the big peer that leaves during a LOOKUP round (0: no such round).") var bigPeer = 100_000
    @Option(help: "Requests sent together in the pipelined rounds, on one connection (0: no such rounds).") var pipeline = 16
    @Flag(inversion: .prefixedNo, help: "Run the index with its metrics endpoint (and report its write-lock holds).")
    var metrics = true
    @Option(help: ArgumentHelp("The index's --search-cache (MiB of kept SEARCH answers; 0: none). Default: the index's own.",
                               valueName: "MiB"))
    var searchCache: Int?

    /// Searches made for each round: more than any round sends, so no connection repeats the list (repeats
    /// are only those of the query mix itself, as a kept answer would meet them in service).
    static let searchesPerRound = 131_072

    var connectionCounts: [Int] { connections.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func validate() throws {
        guard peers >= 1, files >= 1, duration > 0, clientThreads >= 1, pipeline >= 0 else {
            throw ValidationError("--peers, --files, --duration and --client-threads must be positive, --pipeline 0 or more")
        }
        guard !connectionCounts.isEmpty, connectionCounts.allSatisfy({ (1...peers).contains($0) }) else {
            throw ValidationError("--connections must list counts from 1 to --peers, such as 1,64,512")
        }
    }

    func run() async throws {
        Console.say(try await measure().render())
    }

    func measure() async throws -> ResultTable {
        let work = try WorkFolder(options.workFolder)
        defer { work.remove() }
        let shoal = try ShoalProcesses(work: work)
        let fileLimit = Tools.raiseFileLimit()
        guard fileLimit >= peers + 1024 else {
            throw ChildProcess.Failure(description: "the open-file limit is \(fileLimit); \(peers) connections need \(peers + 1024) (ulimit -Hn)")
        }
        let redisMissing = !Tools.ensure(["redis-server", "redis-benchmark"], install: !options.noInstall, logs: shoal.logs).isEmpty
        // Plaintext, as redis is: this measures the index, not TLS (`shoal-bench tls-sessions` does).
        let (index, port) = try shoal.index(["--no-tls", "--max-connections-per-address", "0", "--max-requests-per-second", "0",
                                             "--max-connections", "\(peers + 1024)", "--idle-timeout", "86400",
                                             "--max-files-per-peer", "\(max(files, bigPeer))"]
                                            + (metrics ? ["--metrics", "127.0.0.1:0"] : [])
                                            + (searchCache.map { ["--search-cache", "\($0)"] } ?? []))
        defer { index.stop() }
        let metricsPort = metrics ? try ShoalProcesses.metricsPort(of: index) : nil
        let idleMemory = index.memory("VmRSS")

        var catalog = SyntheticCatalog(seed: 42, names: names)
        var sampledHashes: [ContentHash] = []
        var prefixRecords: [String: Int] = [:]
        let step = max(1, peers * files / 8192)
        var registrations: [[ByteBuffer]] = []
        for peer in 0..<peers {
            let announced = (0..<files).map { _ in catalog.nextFile() }
            for (number, file) in announced.enumerated() where (peer * files + number) % step == 0 { sampledHashes.append(file.hash) }
            for file in announced {
                for prefix in Set(NameTokenizer.words(file.name).filter { $0.count >= 4 }.map { String($0.prefix(4)) }) {
                    prefixRecords[prefix, default: 0] += 1
                }
            }
            registrations.append([Self.encode(.hello(Hello(port: 6000 + peer % 1000, nickname: "bench\(peer)"))),
                                  Self.encode(.addFiles(announced))])
        }
        Console.say("index: registering \(peers) peers × \(files) files …")
        let generator = LoadGenerator(port: port, threads: clientThreads)
        let unregistered = try await Self.scrape(metricsPort)
        let ticksBefore = (index: index.cpuTicks, client: ProcStatus.cpuTicks(pid: getpid()))
        let (channels, registration) = try await generator.register(registrations)
        let registeringCPU = RegistrationCPU(index: index.cpuTicks - ticksBefore.index,
                                             client: ProcStatus.cpuTicks(pid: getpid()) - ticksBefore.client)
        let registeringHolds = WriteHolds(from: unregistered, to: try await Self.scrape(metricsPort))
        registrations = []
        let loadedMemory = index.memory("VmRSS")
        let records = peers * files

        let lookups = (0..<4096).map { _ in Self.encode(.lookupFile(.content(sampledHashes[catalog.nextIndex(below: sampledHashes.count)]))) }
        var asked = Set<[String]>(), repeated = 0, sentSearches = 0
        /// A fresh list of searches for a round.
        func searches() -> (keywords: [[String]], requests: [ByteBuffer]) {
            let keywords = (0..<Self.searchesPerRound).map { _ in catalog.nextKeywords() }
            return (keywords, keywords.map { Self.encode(.search(SearchQuery(keywords: $0))) })
        }
        /// Counts the searches a round sent that asked what an earlier one (of any round) had asked.
        func countRepeats(_ round: LoadGenerator.Round, of keywords: [[String]]) {
            for range in round.sent {
                for index in range {
                    if !asked.insert(keywords[index % keywords.count]).inserted { repeated += 1 }
                    sentSearches += 1
                }
            }
        }
        let broadest = prefixRecords.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5)
        let broadSearches = broadest.map { Self.encode(.search(SearchQuery(keywords: [$0.key]))) }
        let redis = redisMissing ? nil : try RedisBaseline(logs: shoal.logs)
        defer { redis?.stop() }

        var table = ResultTable()
        table.add(.init(measure: "register \(Figure.count(Double(peers))) peers × \(files) files",
                        shoal: "\(Figure.time(registration.seconds)) (\(Figure.count(Double(records) / registration.seconds)) records/s)",
                        baseline: metrics ? "registry write lock: \(registeringHolds.description)" : ""))
        table.note(registeringCPU.description(writeLockHeld: metrics ? registeringHolds.totalSeconds : nil))
        let perRecord = Double(loadedMemory - idleMemory) / Double(records)
        table.add(.init(measure: "index RSS with \(Figure.count(Double(records))) records",
                        shoal: "\(Figure.megabytes(loadedMemory)) (\(String(format: "%.0f", perRecord)) bytes/record)",
                        target: "≤ 400 MB", met: loadedMemory <= 400_000_000))
        for count in connectionCounts {
            let slice = channels.prefix(count)
            var lookupRate = Samples(), lookupP50 = Samples(), lookupP99 = Samples()
            var searchRate = Samples(), searchP50 = Samples(), searchP99 = Samples()
            var redisRate = Samples(), redisP50 = Samples(), redisP99 = Samples()
            var lookupCPU = Samples(), searchCPU = Samples(), redisCPU = Samples(), clientCPU = Samples()
            var redisRequests = 20_000
            for run in 1...options.runs {
                let ticks = (server: index.cpuTicks, client: ProcStatus.cpuTicks(pid: getpid()))
                let lookup = try await generator.round(slice, requests: lookups, duration: .seconds(duration))
                lookupCPU.add(Self.cpuPerRequest(ticks: index.cpuTicks - ticks.server, requests: lookup.requests))
                clientCPU.add(Self.cpuPerRequest(ticks: ProcStatus.cpuTicks(pid: getpid()) - ticks.client, requests: lookup.requests))
                lookupRate.add(lookup.requestsPerSecond); lookupP50.add(lookup.percentile(0.5)); lookupP99.add(lookup.percentile(0.99))
                let list = searches()
                let (search, cpu) = try await Self.withCPU(of: index) {
                    try await generator.round(slice, requests: list.requests, duration: .seconds(duration))
                }
                countRepeats(search, of: list.keywords)
                searchCPU.add(cpu)
                searchRate.add(search.requestsPerSecond); searchP50.add(search.percentile(0.5)); searchP99.add(search.percentile(0.99))
                if let redis {
                    if run == 1 { redisRequests = max(20_000, Int(try redis.get(connections: count, requests: 20_000).requestsPerSecond * duration)) }
                    let result = try redis.get(connections: count, requests: redisRequests)
                    redisCPU.add(result.cpuPerRequest)
                    redisRate.add(result.requestsPerSecond); redisP50.add(result.p50); redisP99.add(result.p99)
                }
                Console.say("index: \(count) connections, run \(run)/\(options.runs): LOOKUP \(Figure.count(lookup.requestsPerSecond))/s, SEARCH \(Figure.count(search.requestsPerSecond))/s, redis GET \(Figure.count(redisRate.values.last ?? .nan))/s")
            }
            func latency(_ p50: Samples, _ p99: Samples) -> String { "p50 \(Figure.time(p50.median)), p99 \(Figure.time(p99.median))" }
            let redisText = redis == nil ? "redis not installed"
                : "redis GET \(Figure.count(redisRate.median))/s, \(latency(redisP50, redisP99)), \(Figure.time(redisCPU.median)) CPU"
            table.note("\(count) connection\(count == 1 ? "" : "s"): server CPU per request: LOOKUP \(Figure.time(lookupCPU.median)), SEARCH \(Figure.time(searchCPU.median)), redis GET \(Figure.time(redisCPU.median)); the load generator's own CPU per LOOKUP \(Figure.time(clientCPU.median))")
            let lookupRatio = lookupRate.median / redisRate.median
            table.add(.init(measure: "LOOKUP, \(count) connection\(count == 1 ? "" : "s")",
                            shoal: "\(Figure.count(lookupRate.median))/s, \(latency(lookupP50, lookupP99)), \(Figure.time(lookupCPU.median)) CPU",
                            baseline: redisText, ratio: Figure.ratio(lookupRatio),
                            target: count == 64 ? "≥ 0.5× redis" : "", met: count == 64 && redis != nil ? lookupRatio >= 0.5 : nil))
            table.add(.init(measure: "SEARCH, \(count) connection\(count == 1 ? "" : "s")",
                            shoal: "\(Figure.count(searchRate.median))/s, \(latency(searchP50, searchP99)), \(Figure.time(searchCPU.median)) CPU",
                            baseline: redisText, ratio: Figure.ratio(searchRate.median / redisRate.median),
                            target: count == 1 ? "p99 ≤ 2 ms" : "", met: count == 1 ? searchP99.median <= 0.002 : nil))
            if count == 1 { try await measurePing(generator: generator, connection: slice, index: index, into: &table) }
        }
        table.note("searches: \(Figure.count(Double(sentSearches))) sent in the SEARCH rounds, \(String(format: "%.0f", 100 * Double(repeated) / Double(max(sentSearches, 1)))) % of them asking what an earlier one had asked (the most kept answers can serve); the index's --search-cache: \(searchCache.map { "\($0) MiB" } ?? "its default (16 MiB)")")
        if pipeline > 0 {
            try await measurePipelined(generator: generator, connection: channels.prefix(1), index: index, lookups: lookups,
                                       searches: searches().requests, redis: redis, into: &table)
        }
        try await measureUnderLoad(generator: generator, port: port, channels: channels, index: index, lookups: lookups,
                                   broadSearches: broadSearches, broadest: Array(broadest), metricsPort: metricsPort, into: &table)
        table.note("index: \(Figure.megabytes(idleMemory)) RSS idle, \(Figure.megabytes(loadedMemory)) with \(peers) connections and \(records) records, peak \(Figure.megabytes(index.memory("VmHWM"))); searches are one or two 4-letter word prefixes, default limit (100 hits), \(names.rawValue) names")
        await generator.shutdown(closing: channels)
        return table
    }

    /// PING on one connection, one at a time: what a request costs the index when it does nothing but answer
    /// (read, parse, write a status line), so what the loopback round trip and the event loop cost by
    /// themselves on this machine; a LOOKUP or a SEARCH costs that and its own work.
    private func measurePing(generator: LoadGenerator, connection: ArraySlice<any Channel>, index: ChildProcess,
                             into table: inout ResultTable) async throws {
        var rate = Samples(), cpu = Samples()
        for _ in 1...options.runs {
            let (round, cost) = try await Self.withCPU(of: index) {
                try await generator.round(connection, requests: [Self.encode(.ping())], duration: .seconds(duration))
            }
            cpu.add(cost)
            rate.add(round.requestsPerSecond)
        }
        table.add(.init(measure: "PING, 1 connection (the round trip alone)",
                        shoal: "\(Figure.count(rate.median))/s, \(Figure.time(cpu.median)) CPU"))
    }

    /// The broadest searches alone; LOOKUP while other connections send them; LOOKUP while a big peer leaves.
    private func measureUnderLoad(generator: LoadGenerator, port: Int, channels: [any Channel], index: ChildProcess,
                                  lookups: [ByteBuffer], broadSearches: [ByteBuffer], broadest: [(key: String, value: Int)],
                                  metricsPort: Int?, into table: inout ResultTable) async throws {
        let (broad, broadCPU) = try await Self.withCPU(of: index) {
            try await generator.round(channels.prefix(1), requests: broadSearches, duration: .seconds(duration))
        }
        table.add(.init(measure: "broadest SEARCH alone, 1 connection",
                        shoal: "\(Figure.count(broad.requestsPerSecond))/s, p50 \(Figure.time(broad.percentile(0.5))), p99 \(Figure.time(broad.percentile(0.99))), \(Figure.time(broadCPU)) CPU",
                        target: "≤ 1 ms CPU", met: broadCPU <= 0.001))
        table.note("broadest prefixes: " + broadest.map { "\($0.key) (\(Figure.count(Double($0.value))) records)" }.joined(separator: ", "))

        // The LOOKUPs come from a peer on a client thread of its own, as another machine's peer's would: on
        // the flooders' event loop their answers would also wait here, behind the flood's answers, which this
        // process reads and parses (a tenth of a megabyte every few milliseconds). That round follows, for
        // comparison with earlier runs.
        let flooders = channels.dropFirst().prefix(64)
        /// LOOKUPs on `connection` (driven by `lookupGenerator`) while the flooders send the broadest searches.
        func lookupsDuringFlood(from lookupGenerator: LoadGenerator, on connection: any Channel) async throws
            -> (lookup: LoadGenerator.Round, flood: LoadGenerator.Round) {
            async let flood = generator.round(flooders, requests: broadSearches, duration: .seconds(duration))
            let lookup = try await lookupGenerator.round([connection][...], requests: lookups, duration: .seconds(duration))
            return (lookup, try await flood)
        }
        let observer = LoadGenerator(port: port, threads: 1)
        let watcher = try await observer.peer("observer", port: 6998)
        let ticks = index.cpuTicks
        let (lookup, flooded) = try await lookupsDuringFlood(from: observer, on: watcher)
        let floodCPU = Self.cpuPerRequest(ticks: index.cpuTicks - ticks, requests: lookup.requests + flooded.requests)
        await observer.shutdown(closing: [watcher])
        let (shared, _) = try await lookupsDuringFlood(from: generator, on: channels[0])
        table.add(.init(measure: "LOOKUP, 1 connection, while \(flooders.count) send the broadest searches",
                        shoal: "\(Figure.count(lookup.requestsPerSecond))/s, p50 \(Figure.time(lookup.percentile(0.5))), p99 \(Figure.time(lookup.percentile(0.99)))",
                        baseline: "searches \(Figure.count(flooded.requestsPerSecond))/s, \(Figure.time(floodCPU)) CPU per request",
                        target: "p99 ≤ 5 ms", met: lookup.percentile(0.99) <= 0.005))
        table.note("LOOKUP during the flood: from a peer on a client thread of its own (the row above); from a connection on the flooders' own client thread, p50 \(Figure.time(shared.percentile(0.5))), p99 \(Figure.time(shared.percentile(0.99)))")

        guard bigPeer > 0 else { return }
        var catalog = SyntheticCatalog(seed: 7, names: names)
        let batches = stride(from: 0, to: bigPeer, by: 5000).map { start in
            Self.encode(.addFiles((start..<min(start + 5000, bigPeer)).map { _ in catalog.nextFile() }))
        }
        let (big, _) = try await generator.register([[Self.encode(.hello(Hello(port: 6999, nickname: "big")))] + batches])
        // The same round with nothing leaving: how slow the slowest LOOKUP is on this machine anyway.
        let quiet = try await generator.round(channels.prefix(1), requests: lookups, duration: .seconds(duration))
        let beforeLeaving = try await Self.scrape(metricsPort)
        let leaving = Task {
            try await Task.sleep(for: .seconds(duration / 4))
            for channel in big { try? await channel.close() }
        }
        let during = try await generator.round(channels.prefix(1), requests: lookups, duration: .seconds(duration))
        try await leaving.value
        let leavingHolds = WriteHolds(from: beforeLeaving, to: try await Self.scrape(metricsPort))
        table.add(.init(measure: "LOOKUP, 1 connection, while a peer with \(Figure.count(Double(bigPeer))) files leaves",
                        shoal: "p50 \(Figure.time(during.percentile(0.5))), p99 \(Figure.time(during.percentile(0.99))), slowest \(Figure.time(during.percentile(1)))",
                        baseline: "nothing leaving: p50 \(Figure.time(quiet.percentile(0.5))), p99 \(Figure.time(quiet.percentile(0.99))), slowest \(Figure.time(quiet.percentile(1)))",
                        target: "slowest ≤ 5 ms", met: during.percentile(1) <= 0.005))
        if metricsPort != nil {
            table.note("while the peer left, the registry's write lock (what a LOOKUP waits for): \(leavingHolds.description) (`\(WriteHolds.metric)`)")
        }
    }

    /// The index's metrics now (none when it runs without them).
    static func scrape(_ port: Int?) async throws -> [String: Double] {
        guard let port else { return [:] }
        return try await MetricsScrape.samples(port: port)
    }

    /// `round`'s result, and the seconds of `index`'s CPU per request over it.
    static func withCPU(of index: ChildProcess,
                        _ round: () async throws -> LoadGenerator.Round) async throws -> (LoadGenerator.Round, Double) {
        let ticks = index.cpuTicks
        let result = try await round()
        return (result, cpuPerRequest(ticks: index.cpuTicks - ticks, requests: result.requests))
    }

    /// Seconds of CPU per request, from clock ticks used over a round.
    static func cpuPerRequest(ticks: Int, requests: Int) -> Double {
        Double(ticks) / Double(ProcStatus.ticksPerSecond) / Double(max(requests, 1))
    }

    static func encode(_ request: Request) -> ByteBuffer { ByteBuffer(string: RequestEncoder.encode(request)) }
}
