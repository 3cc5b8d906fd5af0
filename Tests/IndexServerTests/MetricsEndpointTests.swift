import Foundation
import Logging
import Model
import NIOCore
import NIOPosix
import Testing
import TestSupport
import Wire
@testable import IndexServer

/// `shoal-index --metrics`: a real index with its Prometheus endpoint on loopback, scraped over a socket.
@Suite("Metrics endpoint")
struct MetricsEndpointTests {
    /// Turns the endpoint on, on a free port.
    static func metricsOn(_ configuration: inout IndexServerConfiguration) {
        configuration.metricsAddress = MetricsAddress(host: "127.0.0.1", port: 0)
    }

    @Test("a scrape shows requests by kind and status, a refusal, peers by dialect, records, bytes and a search")
    func scrapeAfterASession() async throws {
        try await TestIndex.with({ Self.metricsOn(&$0); $0.registry.maximumFilesPerPeer = 2 }) { index in
            let port = try #require(index.server.metricsPort)
            var sent = 0
            func send(_ client: RawClient, _ text: String) async throws {
                sent += text.utf8.count
                try await client.send(text)
            }
            let shoal = try await index.connect()
            try await send(shoal, Fixtures.helloRequest(port: 6100, name: "ann"))
            #expect(try await shoal.response().status == .ok)
            let files = [Fixtures.file("alpha song.mp3"), Fixtures.file("beta song.mp3")]
            try await send(shoal, Fixtures.addFilesRequest(files))
            #expect(try await shoal.response().status == .ok)
            try await send(shoal, Fixtures.addFilesRequest([Fixtures.file("gamma.mp3")]))
            #expect(try await shoal.response().status.code == 413, "a third file is over --max-files-per-peer 2")
            try await send(shoal, "SEARCH P2P-CI/2.1\r\nQuery: song\r\n\r\n")
            #expect(try await shoal.response().headers["Results"] == "2")
            try await send(shoal, "LOOKUP FILE \(files[0].hash.hex) P2P-CI/2.1\r\n\r\n")
            #expect(try await shoal.response().status == .ok)

            let classic = try await index.connect()
            try await send(classic, "ADD RFC 2616 P2P-CI/1.0\r\nHost: peer-a.example\r\nPort: 6001\r\nTitle: HTTP/1.1\r\n\r\n")
            #expect(try await classic.response().status == .ok)

            let scrape = try await HTTPExchange.get("/metrics", port: port)
            #expect(scrape.status == 200)
            #expect(scrape.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
            let samples = scrape.samples
            for (kind, status) in [("HELLO", 200), ("ADD FILES", 200), ("ADD FILES", 413), ("SEARCH", 200),
                                   ("LOOKUP FILE", 200), ("ADD RFC", 200)] {
                #expect(samples[#"shoal_index_requests_total{kind="\#(kind)",status="\#(status)"}"#] == 1, "\(kind) \(status)")
            }
            #expect(samples[#"shoal_index_refused_total{reason="too_large"}"#] == 1)
            #expect(samples[#"shoal_index_refused_total{reason="request_rate"}"#] == 0)
            #expect(samples[#"shoal_index_peers{dialect="shoal"}"#] == 1)
            #expect(samples[#"shoal_index_peers{dialect="classic"}"#] == 1)
            #expect(samples["shoal_index_records"] == 3)
            #expect(samples["shoal_index_items"] == 3)
            #expect(samples["shoal_index_connections"] == 2)
            #expect(samples["shoal_index_search_duration_seconds_count"] == 1)
            #expect(samples[#"shoal_index_search_duration_seconds_bucket{le="+Inf"}"#] == 1)
            #expect(samples["shoal_index_search_examined_candidates_sum"] == 2, "two items have the word 'song'")
            #expect(samples["shoal_index_received_bytes_total"] == Double(sent), "every byte the peers sent was read")
            #expect((samples["shoal_index_sent_bytes_total"] ?? 0) > 0)
            #expect(samples["shoal_index_event_loop_lag_seconds_count"] != nil)
            // HELLO, the first ADD FILES and ADD RFC changed the registry under its write lock, at least.
            let writes = try #require(samples["shoal_index_registry_write_hold_seconds_count"])
            #expect(writes >= 3)
            #expect(samples[#"shoal_index_registry_write_hold_seconds_bucket{le="+Inf"}"#] == writes)

            // Gauges are read at each scrape: a peer that leaves is gone from the next one.
            await classic.close()
            try await index.waitUntilLeft("p2")
            let later = try await HTTPExchange.get("/metrics", port: port).samples
            #expect(later[#"shoal_index_peers{dialect="classic"}"#] == 0)
            #expect(later["shoal_index_records"] == 2)
        }
    }

    @Test("refusals are counted by reason: request rate, connections from one address, a full server")
    func refusalsByReason() async throws {
        try await TestIndex.with({
            Self.metricsOn(&$0)
            $0.floodControl = FloodControl(requestsPerSecond: 1, requestBurst: 1, connectionsPerAddress: 1)
        }) { index in
            let port = try #require(index.server.metricsPort)
            let peer = try await index.connect()
            try await peer.send("PING P2P-CI/2.1\r\n\r\nPING P2P-CI/2.1\r\n\r\n")
            #expect(try await peer.response().status == .ok)
            #expect(try await peer.response().status.code == 429)
            let second = try await index.connect()
            #expect(try await second.response().status.code == 429, "one connection per address")
            let samples = try await HTTPExchange.get("/metrics", port: port).samples
            #expect(samples[#"shoal_index_refused_total{reason="request_rate"}"#] == 1)
            #expect(samples[#"shoal_index_refused_total{reason="address_full"}"#] == 1)
            #expect(samples[#"shoal_index_requests_total{kind="PING",status="200"}"#] == 1)
            #expect(samples[#"shoal_index_requests_total{kind="other",status="429"}"#] == 1)
        }
        try await TestIndex.with({ Self.metricsOn(&$0); $0.maximumConnections = 1 }) { index in
            let port = try #require(index.server.metricsPort)
            let first = try await index.connect()
            try await first.send("PING P2P-CI/2.1\r\n\r\n")
            #expect(try await first.response().status == .ok)
            let second = try await index.connect()
            #expect(try await second.response().status.code == 503)
            let samples = try await HTTPExchange.get("/metrics", port: port).samples
            #expect(samples[#"shoal_index_refused_total{reason="server_full"}"#] == 1)
        }
    }

    @Test("only GET /metrics is served: POST is 405, another path 404, garbage 400; each answer closes")
    func onlyGetMetrics() async throws {
        try await TestIndex.with(Self.metricsOn) { index in
            let port = try #require(index.server.metricsPort)
            let post = try await HTTPExchange.send("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc", port: port)
            #expect(post.status == 405)
            #expect(post.headers["allow"] == "GET")
            #expect(try await HTTPExchange.get("/other", port: port).status == 404)
            #expect(try await HTTPExchange.get("/metrics/", port: port).status == 404)
            let head = try await HTTPExchange.send("HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n", port: port)
            #expect(head.status == 405 && head.body.isEmpty)
            #expect(try await HTTPExchange.send("\u{1}\u{2} garbage\r\n\r\n", port: port).status == 400)
            let query = try await HTTPExchange.get("/metrics?name[]=x", port: port)
            #expect(query.status == 200, "a query string is ignored")
            #expect(query.body.contains("# TYPE shoal_index_refused_total counter"))
            // Every exchange above read until the endpoint closed: it closes after each answer.
        }
    }

    @Test("a request head over the byte limit is answered 431 and the connection closed")
    func oversizedHead() async throws {
        try await TestIndex.with(Self.metricsOn) { index in
            let port = try #require(index.server.metricsPort)
            let limit = MetricsEndpointLimits().maximumRequestBytes
            let padding = String(repeating: "a", count: limit)
            let answer = try await HTTPExchange.send("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Padding: \(padding)\r\n\r\n", port: port)
            #expect(answer.status == 431)
            #expect(answer.headers["connection"] == "close")
            // The same head in many small writes: the limit is on bytes received, however they arrive.
            let client = try await RawClient.connect(port: port)
            try await client.send("GET /metrics HTTP/1.1\r\nHost: x\r\n")
            for _ in 0..<(limit / 1024 + 1) {
                try await client.send("X-More: " + String(repeating: "b", count: 1024) + "\r\n")
            }
            let text = try await client.readUntilClosed()
            #expect(text.hasPrefix("HTTP/1.1 431 "), "\(text.prefix(40))")
            await client.close()
        }
    }

    @Test("a request not complete within the endpoint's timeout is answered 408 and closed")
    func slowRequest() async throws {
        try await TestIndex.with({ Self.metricsOn(&$0); $0.metricsLimits.timeout = .milliseconds(200) }) { index in
            let client = try await RawClient.connect(port: try #require(index.server.metricsPort))
            try await client.send("GET /metrics HTTP/1.1\r\nHost: x\r\n")
            #expect(try await client.readUntilClosed().hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
            await client.close()
        }
    }

    @Test("more connections than the endpoint's limit: the one past it is answered 503 and closed")
    func connectionLimit() async throws {
        // One event loop: connections are accepted and admitted in the order they were opened.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var configuration = IndexServerConfiguration(host: "127.0.0.1", port: 0)
        Self.metricsOn(&configuration)
        configuration.metricsLimits.maximumConnections = 2
        configuration.metricsLimits.timeout = .seconds(600)  // the connections held must outlast a slow machine
        let server = IndexServer(configuration: configuration, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
                                 group: group)
        var held: [RawClient] = []
        do {
            try await server.start()
            let port = try #require(server.metricsPort)
            for _ in 0..<configuration.metricsLimits.maximumConnections {
                held.append(try await RawClient.connect(port: port))
            }
            // The one past the limit is answered at once, before it sends anything.
            let refused = try await RawClient.connect(port: port)
            #expect(try await refused.readUntilClosed().hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
            await refused.close()
            // The connections held are still served.
            try await held[0].send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await held[0].readUntilClosed().hasPrefix("HTTP/1.1 200 OK\r\n"))
        } catch {
            for client in held { await client.close() }
            try? await server.stop()
            try await group.shutdownGracefully()
            throw error
        }
        for client in held { await client.close() }
        try await server.stop()
        try await group.shutdownGracefully()
    }

    @Test("the endpoint is off by default")
    func offByDefault() async throws {
        #expect(IndexServerConfiguration().metricsAddress == nil)
        try await TestIndex.with { index in
            #expect(index.server.metricsPort == nil)
            #expect(!index.logs.messages().contains { $0.hasPrefix("metrics on") })
        }
    }

    @Test("the endpoint logs its address and stops with the server")
    func lifecycle() async throws {
        var port = 0
        try await TestIndex.with(Self.metricsOn) { index in
            port = try #require(index.server.metricsPort)
            #expect(index.logs.messages().contains("metrics on http://127.0.0.1:\(port)/metrics"))
        }
        await #expect(throws: (any Error).self, "nothing listens once the server has stopped") {
            _ = try await RawClient.connect(port: port)
        }
    }
}

/// One HTTP/1.1 exchange over a raw socket: the endpoint closes after its answer, so the answer is
/// everything read until then.
struct HTTPExchange {
    var status: Int
    /// Header names in lower case.
    var headers: [String: String]
    var body: String

    static func get(_ path: String, port: Int) async throws -> HTTPExchange {
        try await send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/plain\r\n\r\n", port: port)
    }

    static func send(_ request: String, port: Int) async throws -> HTTPExchange {
        let client = try await RawClient.connect(port: port)
        try await client.send(request)
        let text = try await client.readUntilClosed()
        await client.close()
        return try parse(text)
    }

    static func parse(_ text: String) throws -> HTTPExchange {
        let parts = text.components(separatedBy: "\r\n\r\n")
        let head = parts[0].components(separatedBy: "\r\n")
        let statusLine = head[0].split(separator: " ")
        guard statusLine.count >= 2, statusLine[0] == "HTTP/1.1", let status = Int(statusLine[1]) else {
            throw TestTimeout("an HTTP/1.1 answer (got \(text.prefix(80)))")
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = parts.dropFirst().joined(separator: "\r\n\r\n")
        #expect(headers["content-length"] == String(body.utf8.count))
        return HTTPExchange(status: status, headers: headers, body: body)
    }

    /// Each sample line of a text-format body: `name{labels}` to its value.
    var samples: [String: Double] {
        var samples: [String: Double] = [:]
        for line in body.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }
}
