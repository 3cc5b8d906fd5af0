import IndexCluster
import IndexServer
import Model
import TestSupport
import Testing
import Wire

/// Relayed connect requests (PROTOCOL.md §5.11, §5.12) between peers of different nodes of a cluster.
@Suite("A cluster passes relayed connect requests between peers of different nodes")
struct ClusterRelayTests {
    /// A Shoal peer on `node` that says HELLO for upload port `port`, takes relayed requests and shares one
    /// file (other nodes that have the file have its HELLO: changes replicate in order); its id.
    private func relayingPeer(on node: ClusterTestNode, port: Int) async throws -> (RawClient, String) {
        let client = try await RawClient.connect(port: node.port)
        try await client.send("HELLO P2P-CI/2.1\r\nPort: \(port)\r\nRelay: yes\r\n\r\n")
        let hello = try await client.response()
        try #require(hello.status == .ok)
        try await client.send(Fixtures.addFilesRequest([Fixtures.file("shared by \(port).txt")]))
        try #require(try await client.response().status == .ok)
        return (client, try #require(hello.headers["Peer-Id"]))
    }

    /// The `CONNECT` message `client` gets, whole.
    private func push(on client: RawClient) async throws -> String {
        var text = ""
        while !text.contains("\r\n\r\n") { text = try await client.bytes(atLeast: text.utf8.count + 1) }
        return text
    }

    @Test("a peer on node a asks for one on node b: b writes CONNECT on its connection with the asker's address, port and token")
    func connectAcrossNodes() async throws {
        let database = try await PostgresServer.shared().makeDatabase()
        let a = try await ClusterTestNode(database: database, name: "a")
        let b = try await ClusterTestNode(database: database, name: "b")
        let (target, targetID) = try await relayingPeer(on: b, port: 6100)
        try await a.waitUntil("the target's HELLO and file to reach node a") { $0.statistics.records == 1 }
        let asker = try await RawClient.connect(port: a.port)
        try await asker.send(Fixtures.helloRequest(port: 6200))
        let askerID = try #require(try await asker.response().headers["Peer-Id"])
        let token = RelayToken()
        try await asker.send("CONNECT PEER \(targetID) P2P-CI/2.1\r\nToken: \(token)\r\n\r\n")
        let answer = try await asker.response()
        #expect(answer.status == .ok && answer.headers["Punch"] == nil)
        let message = try await b.explaining { try await push(on: target) }
        #expect(message.hasPrefix("CONNECT P2P-CI/2.1\r\n"))
        for header in ["Token: \(token)", "Peer-Id: \(askerID)", "Host: 127.0.0.1", "Port: 6200"] {
            #expect(message.contains(header + "\r\n"), "\(header) in \(message)")
        }
        for client in [target, asker] { await client.close() }
        try await a.leave()
        try await b.leave()
    }

    @Test("two peers behind NAT on different nodes each PUNCH at their own node and are each told where the other came from")
    func punchAcrossNodes() async throws {
        let database = try await PostgresServer.shared().makeDatabase()
        let a = try await ClusterTestNode(database: database, name: "a", probe: true)
        let b = try await ClusterTestNode(database: database, name: "b", probe: true)
        // Upload ports nobody listens on: the probe finds both peers unreachable.
        let closed = try ReservedPort()
        let (target, targetID) = try await relayingPeer(on: b, port: closed.port)
        try await a.waitUntil("the target's HELLO and file to reach node a") { $0.statistics.records == 1 }
        let (asker, _) = try await relayingPeer(on: a, port: closed.port)
        let token = RelayToken()
        try await asker.send("CONNECT PEER \(targetID) P2P-CI/2.1\r\nToken: \(token)\r\n\r\n")
        let answer = try await asker.response()
        #expect(answer.status == .ok && answer.headers["Punch"] == "yes", "\(answer.status) \(answer.headers)")
        let message = try await b.explaining { try await push(on: target) }
        #expect(message.contains("Token: \(token)\r\n") && message.contains("Punch: yes\r\n"), "\(message)")

        // Each side meets at its own node, from a new connection, as §5.12 says.
        let askerPunch = try await RawClient.connect(port: a.port), targetPunch = try await RawClient.connect(port: b.port)
        try await askerPunch.send("PUNCH P2P-CI/2.1\r\nToken: \(token)\r\n\r\n")
        try await targetPunch.send("PUNCH P2P-CI/2.1\r\nToken: \(token)\r\n\r\n")
        let (toAsker, toTarget) = try await a.explaining { (try await askerPunch.response(), try await targetPunch.response()) }
        #expect(toAsker.status == .ok && toAsker.headers["Host"] == "127.0.0.1" && toAsker.headers["Port"] == targetPunch.localPort.map(String.init))
        #expect(toTarget.status == .ok && toTarget.headers["Host"] == "127.0.0.1" && toTarget.headers["Port"] == askerPunch.localPort.map(String.init))

        // The token is used: a third PUNCH with it finds no meeting on either node.
        var late: [RawClient] = []
        for node in [a, b] {
            let client = try await RawClient.connect(port: node.port)
            try await client.send("PUNCH P2P-CI/2.1\r\nToken: \(token)\r\n\r\n")
            #expect(try await client.response().status == .notFound, "node \(node.port)")
            late.append(client)
        }
        for client in [target, asker, askerPunch, targetPunch] + late { await client.close() }
        try await a.leave()
        try await b.leave()
    }
}
