import IndexServer
import NIOCore
import Testing
import TestSupport
import Wire

/// Hostile and broken clients against a running index. For each: the documented answer or a close; the
/// memory the index holds for unanswered bytes stays within its bound; and a well-behaved peer, asking
/// meanwhile, gets its answers and keeps its records.
@Suite("Hostile clients")
struct HostileClientTests {
    /// At most this many cases (each with its own index) run at once, so a slow machine is not starved.
    static let gate = ConcurrencyGate(limit: 8)

    /// The server's request timeout: short (1 s) for the cases whose expected answer is that timeout's 408,
    /// and far longer than any wait otherwise, so a slow machine (or a sanitizer build) sending a 4 MiB case
    /// is never cut off. The client always waits ``TestDeadline/event``.
    static func configure(for hostile: HostileCase) -> @Sendable (inout IndexServerConfiguration) -> Void {
        let request: TimeAmount = hostile.needsServerTimeout ? .seconds(1) : .seconds(600)
        return { configuration in
            configuration.timeouts.request = request
            configuration.timeouts.idle = .seconds(600)
        }
    }

    /// A well-behaved classic peer with one record, and the LOOKUP that must keep working.
    struct GoodPeer {
        let client: RawClient
        static let record = "ADD RFC 2616 P2P-CI/1.0\r\nHost: good\r\nPort: 6001\r\nTitle: HTTP\r\n\r\n"

        static func join(_ index: TestIndex) async throws -> GoodPeer {
            let client = try await index.connect()
            try await client.send(record)
            #expect(try await client.response().status == .ok)
            return GoodPeer(client: client)
        }

        /// Its LOOKUP is answered, with its own record.
        func checkLookup() async throws {
            try await client.send("LOOKUP RFC 2616 P2P-CI/1.0\r\n\r\n")
            let answer = try await client.response()
            #expect(answer.status == .ok && answer.lines == ["RFC 2616 HTTP good 6001"])
        }
    }

    @Test("each hostile input gets its documented answer or a close; memory stays bounded; a good peer is unaffected",
          arguments: HostileCases.all)
    func hostile(_ hostile: HostileCase) async throws {
        try await Self.gate.run { try await Self.check(hostile) }
    }

    @Test("the same inputs inside TLS get the same answers", arguments: HostileCases.all.filter(\.meansTheSameInsideTLS))
    func hostileOverTLS(_ hostile: HostileCase) async throws {
        try await Self.gate.run { try await Self.check(hostile, tls: true) }
    }

    static func check(_ hostile: HostileCase, tls: Bool = false) async throws {
        try await TestIndex.with(configure(for: hostile)) { index in
            let good = try await GoodPeer.join(index)
            let client = try await index.connect(tls: tls)
            try await client.send(bytes: hostile.bytes)
            try await good.checkLookup()
            switch hostile.outcome {
            case .answers(let statuses):
                for (position, status) in statuses.enumerated() {
                    let answer = try await client.response()
                    #expect(answer.status.code == status, "answer \(position + 1): \(answer.headers["Reason"] ?? "")")
                }
                try await client.send("PING P2P-CI/2.1\r\n\r\n")
                #expect(try await client.response().status == .ok, "the connection is still usable, with no stray answer")
            case .closes(let statusLine):
                let text = try await client.readUntilClosed()
                #expect(text.hasPrefix(statusLine), "got: \(text.prefix(120))")
            case .closesUnanswered:
                let text = try await client.readUntilClosed()
                #expect(!text.contains("P2P-CI"), "got: \(text.prefix(120))")
            }
            try await good.checkLookup()
            #expect(index.server.bufferedBytes.peak <= hostile.bufferBound, "held \(index.server.bufferedBytes.peak) bytes")
            await client.close()
            await good.client.close()
        }
    }

    @Test("the catalogue has at least 50 cases")
    func catalogueSize() {
        #expect(HostileCases.all.count >= 50)
    }
}
