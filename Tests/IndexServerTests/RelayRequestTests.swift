import IndexServer
import Model
import Testing
import TestSupport
import Wire

/// `CONNECT PEER` (PROTOCOL.md §5.11) at the index: what it passes on, to whom, how often, and what it
/// answers when it will not.
@Suite("Relayed connect requests")
struct RelayRequestTests {
    @Test("the index writes CONNECT on the target's connection with the asker's address, port and token; past the cap the asker gets 429")
    func pushAndCap() async throws {
        // Without the probe, reachability is unknown: the index passes requests on to peers that take them.
        // One a minute past the burst of 10: none comes back while the test runs (unless it takes minutes).
        try await TestIndex.with({
            $0.reachabilityProbe = nil
            $0.relays.perMinute = 1
        }) { index in
            let target = try await index.connect(), asker = try await index.connect()
            try await target.send("HELLO P2P-CI/2.1\r\nPort: 6100\r\nRelay: yes\r\n\r\n")
            let targetID = try #require(try await target.response().headers["Peer-Id"])
            try await asker.send(Fixtures.helloRequest(port: 6200))
            let askerID = try #require(try await asker.response().headers["Peer-Id"])
            let token = RelayToken()
            try await asker.send("CONNECT PEER \(targetID) P2P-CI/2.1\r\nToken: \(token)\r\n\r\n")
            #expect(try await asker.response().status == .ok)
            let push = try await target.bytes(atLeast: 1)
            #expect(push.hasPrefix("CONNECT P2P-CI/2.1\r\n"))
            for header in ["Token: \(token)", "Peer-Id: \(askerID)", "Host: 127.0.0.1", "Port: 6200"] {
                #expect(push.contains(header + "\r\n"), "\(header) in \(push)")
            }
            var answers: [ParsedResponse] = []
            for _ in 0..<12 {
                try await asker.send("CONNECT PEER \(targetID) P2P-CI/2.1\r\nToken: \(RelayToken())\r\n\r\n")
                answers.append(try await asker.response())
            }
            let refused = answers.filter { $0.status == .tooManyRequests }
            #expect(answers.prefix(9).allSatisfy { $0.status == .ok }, "a burst of 10 in all")
            #expect(refused.count == 3 && refused.allSatisfy { $0.headers["Retry-After"] != nil })
            #expect(refused.first?.headers["Reason"]?.contains("over 1 relayed connect requests a minute") == true)
            try await asker.send("PING P2P-CI/2.1\r\n\r\n")
            #expect(try await asker.response().status == .ok, "the connection stays open")
        }
    }

    @Test("the index refuses with one line: an unknown peer, a reachable one, one that cannot connect back, a bad token, no HELLO")
    func refusals() async throws {
        let live = try await ProbeTarget(answering: true)
        try await TestIndex.with { index in
            let reachable = try await index.connect(), old = try await index.connect(), asker = try await index.connect()
            try await reachable.send("HELLO P2P-CI/2.1\r\nPort: \(live.port)\r\nRelay: yes\r\n\r\n")
            let reachableID = try #require(try await reachable.response().headers["Peer-Id"])
            try await old.send(Fixtures.helloRequest(port: 1))
            let oldID = try #require(try await old.response().headers["Peer-Id"])
            let token = RelayToken().text
            try await asker.send("CONNECT PEER p1 P2P-CI/2.1\r\nToken: \(token)\r\n\r\n")
            #expect(try await asker.response().headers["Reason"] == "say HELLO before CONNECT PEER")
            try await asker.send("HELLO P2P-CI/2.1\r\nPort: \(live.port)\r\n\r\n")
            #expect(try await asker.response().headers["Reachable"] == "yes")
            let cases: [(String, String, StatusCode, String)] = [
                ("p999", token, .notFound, "no Shoal peer p999 is connected"),
                (reachableID, token, .conflict, "\(reachableID) can be reached: connect to 127.0.0.1 port \(live.port) directly"),
                (oldID, token, .conflict, "\(oldID) is behind NAT and its Shoal cannot connect back; ask \(oldID) to forward a port"),
                (oldID, "XYZ", .badRequest, "Token must be 32 lowercase hex digits"),
            ]
            for (target, token, status, reason) in cases {
                try await asker.send("CONNECT PEER \(target) P2P-CI/2.1\r\nToken: \(token)\r\n\r\n")
                let answer = try await asker.response()
                #expect(answer.status == status && answer.headers["Reason"] == reason, "\(target): \(answer.status) \(answer.headers["Reason"] ?? "")")
            }
        }
        await live.close()
    }
}
