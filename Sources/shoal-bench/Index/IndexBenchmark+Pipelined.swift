import NIOCore

extension IndexBenchmark {
    /// LOOKUP and SEARCH on one connection with `--pipeline` requests sent together, beside `redis-benchmark
    /// -P` with as many: what a request costs the index once many share a round trip (on a machine where
    /// the round trip itself costs most of an unpipelined LOOKUP, see BENCHMARKS.md).
    func measurePipelined(generator: LoadGenerator, connection: ArraySlice<any Channel>, index: ChildProcess,
                          lookups: [ByteBuffer], searches: [ByteBuffer], redis: RedisBaseline?,
                          into table: inout ResultTable) async throws {
        var lookupCPU = Samples(), searchCPU = Samples(), redisCPU = Samples()
        var lookupRate = Samples(), searchRate = Samples(), redisRate = Samples()
        for _ in 1...options.runs {
            let (lookup, lookupCost) = try await Self.withCPU(of: index) {
                try await generator.round(connection, requests: lookups, duration: .seconds(duration), depth: pipeline)
            }
            lookupCPU.add(lookupCost)
            lookupRate.add(lookup.requestsPerSecond)
            let (search, searchCost) = try await Self.withCPU(of: index) {
                try await generator.round(connection, requests: searches, duration: .seconds(duration), depth: pipeline)
            }
            searchCPU.add(searchCost)
            searchRate.add(search.requestsPerSecond)
            if let redis {
                let result = try redis.get(connections: 1, requests: max(100_000, Int(lookup.requestsPerSecond * duration)),
                                           pipeline: pipeline)
                redisCPU.add(result.cpuPerRequest)
                redisRate.add(result.requestsPerSecond)
            }
        }
        let redisText = redis == nil ? "redis not installed"
            : "redis GET -P \(pipeline): \(Figure.count(redisRate.median))/s, \(Figure.time(redisCPU.median)) CPU"
        for (kind, rate, cpu) in [("LOOKUP", lookupRate, lookupCPU), ("SEARCH", searchRate, searchCPU)] {
            table.add(.init(measure: "\(kind), 1 connection, \(pipeline) sent together",
                            shoal: "\(Figure.count(rate.median))/s, \(Figure.time(cpu.median)) CPU",
                            baseline: redisText, ratio: Figure.ratio(rate.median / redisRate.median)))
        }
        table.note("\(pipeline) sent together: a batch of requests in one write, the next batch once all are answered (as `redis-benchmark -P` does); the index answers a connection's searches after the first on its worker threads, one at a time")
    }
}
