import ArgumentParser
import Foundation
import IndexServer
import Model
import Wire

/// Loads the pure registry with peers × files and measures registration, memory, search and lookup.
struct RegistryBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Registry alone (no sockets): register peers x files, then time SEARCH and LOOKUP."
    )

    @Option(help: "Peers to register.") var peers = 10_000
    @Option(help: "Files per peer.") var files = 100
    @Option(help: "Searches and lookups to time.") var queries = 2000
    @Option(help: "Peers that leave (all their records go) and are replaced by new peers with as many files.")
    var churn = 200
    @Option(help: "Seed for the generated names.") var seed: UInt64 = 42
    @Option(help: "Letters of each search keyword (a prefix of a vocabulary word; 2 is the broadest).")
    var prefixLength = 4
    @Option(help: ArgumentHelp("List each search that took longer than this many microseconds.", valueName: "µs"))
    var listSlowerThan: Int64?
    @Option(help: "Times the searches this many times over, each search's fastest time counted (less noise from the machine than one round, for comparing two builds).")
    var searchRounds = 1
    @Option(help: "Names: realistic (Zipf word frequencies, shared prefixes) or random (every prefix rare).")
    var names: SyntheticCatalog.Names = .realistic

    func run() throws {
        var catalog = SyntheticCatalog(seed: seed, names: names)
        // The benchmark's own list of hashes (for the lookups) is filled in before the first reading, so the
        // memory measured is what the registry adds (plus whatever malloc keeps of the freed batches).
        var hashes = [ContentHash](repeating: ContentHash(bytes: [UInt8](repeating: 0, count: 32))!,
                                   count: peers * files)
        var peerIDs = [PeerID](repeating: PeerID(0), count: peers)
        func announcements() -> [FileAnnouncement] { (0..<files).map { _ in catalog.nextFile() } }
        let rssBefore = Self.residentBytes()
        var registry = Registry(limits: RegistryLimits(maximumFilesPerPeer: max(files, 1)))
        let started = ContinuousClock.now
        // Each peer's registration alone: the index holds its write lock for pieces of a batch, so the
        // slowest ones (a table or array growing, all at once) are what other peers wait for.
        var registerTimes: [Duration] = []
        registerTimes.reserveCapacity(peers)
        for p in 0..<peers {
            peerIDs[p] = registry.openSession(address: "10.\(p >> 16).\((p >> 8) & 255).\(p & 255)")
            let batch = announcements()
            for (f, file) in batch.enumerated() { hashes[p * files + f] = file.hash }
            let t0 = ContinuousClock.now
            try registry.registerForBenchmark(peerIDs[p], port: 6000, batch)
            registerTimes.append(ContinuousClock.now - t0)
        }
        let registration = ContinuousClock.now - started
        let rssAfter = Self.residentBytes()
        let rss = rssAfter - rssBefore
        let records = registry.recordCount

        var searchTimes: [Duration] = [], lookupTimes: [Duration] = [], hitCounts = 0, incomplete = 0, examinedTotal = 0
        var prefixCounts: [String: Int] = [:]
        var searched: [[String]] = []
        for _ in 0..<queries {
            let keywords = catalog.nextKeywords(prefixLength: prefixLength)
            searched.append(keywords)
            let t0 = ContinuousClock.now
            let result = registry.search(SearchQuery(keywords: keywords))
            searchTimes.append(ContinuousClock.now - t0)
            hitCounts += result.hits.count
            if !result.complete { incomplete += 1 }
            examinedTotal += result.examined
            if let listSlowerThan, searchTimes[searchTimes.count - 1] > .microseconds(listSlowerThan) {
                print("slow search \(keywords): \(Self.format(searchTimes[searchTimes.count - 1])), \(result.examined) candidates examined of \(keywords.map { registry.candidateCountForBenchmark($0) }), \(result.hits.count) hits")
            }
            for keyword in keywords { prefixCounts[keyword, default: 0] += 1 }
            let hash = hashes[catalog.nextIndex(below: hashes.count)]
            let t1 = ContinuousClock.now
            _ = registry.sourcesForBenchmark(hash)
            lookupTimes.append(ContinuousClock.now - t1)
        }

        var fastestTimes = searchTimes
        for _ in 1..<max(searchRounds, 1) {
            for (index, keywords) in searched.enumerated() {
                let t0 = ContinuousClock.now
                _ = registry.search(SearchQuery(keywords: keywords))
                fastestTimes[index] = min(fastestTimes[index], ContinuousClock.now - t0)
            }
        }

        // The broadest prefixes among those searched: each alone, many times.
        var broadTimes: [(String, Duration, Int)] = []
        for (prefix, _) in prefixCounts.keys.map({ ($0, registry.candidateCountForBenchmark($0)) }).sorted(by: { $0.1 > $1.1 }).prefix(5) {
            var times: [Duration] = []
            for _ in 0..<25 {
                let t0 = ContinuousClock.now
                _ = registry.search(SearchQuery(keywords: [prefix]))
                times.append(ContinuousClock.now - t0)
            }
            broadTimes.append((prefix, Self.percentile(times, 0.5), registry.matchCountForBenchmark(prefix)))
        }

        // Churn: a peer leaves (its records go, its slots are freed) and a new one registers as many files,
        // which take the freed slots (inserted in the middle of postings, not appended).
        var leaveTimes: [Duration] = [], joinTimes: [Duration] = []
        for n in 0..<(peers > 0 ? churn : 0) {
            let index = catalog.nextIndex(below: peers)
            let t0 = ContinuousClock.now
            registry.closeSession(peerIDs[index])
            leaveTimes.append(ContinuousClock.now - t0)
            peerIDs[index] = registry.openSession(address: "10.255.\((n >> 8) & 255).\(n & 255)")
            let batch = announcements()
            let t1 = ContinuousClock.now
            try registry.registerForBenchmark(peerIDs[index], port: 6000, batch)
            joinTimes.append(ContinuousClock.now - t1)
        }

        // Kept answers (the index's --search-cache, 16 MiB) while peers come and go: a peer with as many files
        // leaves and a new one joins every `every` searches (none: the registry does not change).
        var reuse: [(every: Int?, reused: Double, time: Duration)] = []
        for every in [nil, 1000, 100, 10] as [Int?] where peers > 0 {
            var kept = KeptSearchAnswers(byteLimit: 16 << 20)
            let t0 = ContinuousClock.now
            for n in 0..<queries {
                if let every, n % every == 0 {
                    let index = catalog.nextIndex(below: peers)
                    registry.closeSession(peerIDs[index])
                    peerIDs[index] = registry.openSession(address: "10.254.\((n >> 8) & 255).\(n & 255)")
                    try registry.registerForBenchmark(peerIDs[index], port: 6000, announcements())
                }
                _ = kept.search(SearchQuery(keywords: catalog.nextKeywords(prefixLength: prefixLength)), in: registry)
            }
            reuse.append((every, Double(kept.reused) / Double(max(queries, 1)), (ContinuousClock.now - t0) / max(queries, 1)))
        }

        print("records            \(records) (\(peers) peers x \(files) files)")
        print("registration       \(Self.format(registration)) (\(Int(Double(records) / registration.seconds)) records/s)")
        let slowRegistrations = registerTimes.filter { $0 > .milliseconds(5) }.count
        print("register p50 / p99  \(Self.format(Self.percentile(registerTimes, 0.5))) / \(Self.format(Self.percentile(registerTimes, 0.99))), slowest \(Self.format(registerTimes.max() ?? .zero)), \(slowRegistrations) over 5 ms  (one peer's HELLO and \(files) files)")
        print("registry memory    \(rss / 1_048_576) MiB (\(rss / max(records, 1)) bytes/record; resident memory added while registering)")
        print("process resident   \(rssAfter / 1_048_576) MiB (\(rssAfter / max(records, 1)) bytes/record; everything, including the benchmark's \(hashes.count * MemoryLayout<ContentHash>.stride / 1_048_576) MiB list of hashes)")
        let searchMean = searchTimes.reduce(Duration.zero, +) / max(queries, 1)
        print("search  p50 / p99  \(Self.format(Self.percentile(searchTimes, 0.5))) / \(Self.format(Self.percentile(searchTimes, 0.99))), mean \(Self.format(searchMean))  (mean \(hitCounts / max(queries, 1)) hits; 1-2 keyword prefixes of \(prefixLength) letters, \(names.rawValue) names; \(incomplete) incomplete)")
        if searchRounds > 1 {
            let fastestMean = fastestTimes.reduce(Duration.zero, +) / max(queries, 1)
            print("search  fastest of \(searchRounds)  p50 / p99  \(Self.format(Self.percentile(fastestTimes, 0.5))) / \(Self.format(Self.percentile(fastestTimes, 0.99))), mean \(Self.format(fastestMean))  (the same searches, each one's fastest round)")
            let byKeywords = Dictionary(grouping: searched.indices, by: { searched[$0].count }).sorted { $0.key < $1.key }
            print("search  fastest of \(searchRounds)  by keywords: " + byKeywords.map { count, indices in
                let mean = indices.reduce(Duration.zero) { $0 + fastestTimes[$1] } / indices.count
                return "\(count) keyword\(count == 1 ? "" : "s") mean \(Self.format(mean)) (\(indices.count) searches)"
            }.joined(separator: ", "))
        }
        for (prefix, time, count) in broadTimes {
            print("search  \"\(prefix)\" alone  \(Self.format(time)) median of 25  (\(count) items match)")
        }
        print("lookup  p50 / p99  \(Self.format(Self.percentile(lookupTimes, 0.5))) / \(Self.format(Self.percentile(lookupTimes, 0.99)))")
        print("leave   p50 / p99  \(Self.format(Self.percentile(leaveTimes, 0.5))) / \(Self.format(Self.percentile(leaveTimes, 0.99)))  (a peer with \(files) records closes; \(leaveTimes.count) times)")
        for (every, reused, time) in reuse {
            let churn = every.map { "a peer of \(files) files leaves and one joins every \($0) searches (their time included)" } ?? "no changes"
            print("kept answers       \(String(format: "%.0f", 100 * reused)) % of \(queries) searches reused, \(Self.format(time)) a search  (\(churn))")
        }
        print("join    p50 / p99  \(Self.format(Self.percentile(joinTimes, 0.5))) / \(Self.format(Self.percentile(joinTimes, 0.99)))  (a new peer registers \(files) files into freed slots)")
    }

    static func percentile(_ values: [Duration], _ q: Double) -> Duration {
        guard !values.isEmpty else { return .zero }
        return .nanoseconds(Int64(Samples.quantile(values.map(\.seconds).sorted(), q) * 1e9))
    }

    static func format(_ d: Duration) -> String { Figure.time(d.seconds) }

    static func residentBytes() -> Int { ProcStatus.bytes("VmRSS") }
}
