import IndexServer
import Testing
import TestSupport
import Wire
import Trust

/// A peer proves its key in HELLO; the index publishes only keys proven to it (PROTOCOL.md §9.1).
@Suite("Keys proven in HELLO")
struct HelloKeyTests {
    static func hello(_ proof: KeyProof) -> String {
        "HELLO P2P-CI/2.1\r\nPort: 6001\r\nKey: \(proof.key)\r\nKey-Proof: \(proof.signature)\r\n\r\n"
    }

    /// A HELLO proving `identity`'s key for the test index's key, as a peer sends it.
    static func hello(provingKeyOf identity: TLSIdentity = TestIdentities.stranger) throws -> String {
        hello(try KeyProof(by: identity, for: TestIdentities.index.keyprint))
    }

    /// The keyprint BROWSE PEER publishes for the peer a HELLO answer names.
    static func published(_ index: TestIndex, helloAnswer: ParsedResponse) async throws -> String? {
        let peer = try #require(helloAnswer.headers["Peer-Id"])
        let asker = try await index.connect()
        try await asker.send("BROWSE PEER \(peer) P2P-CI/2.1\r\n\r\n")
        return try await asker.response().headers["Keyprint"]
    }

    @Test("a HELLO over TLS with a proof for this index's key is accepted, and that key is published")
    func proven() async throws {
        try await TestIndex.with { index in
            let client = try await index.connect(tls: true)
            try await client.send(try Self.hello())
            let answer = try await client.response()
            #expect(answer.status == .ok)
            #expect(try await Self.published(index, helloAnswer: answer) == TestIdentities.stranger.keyprint.description)
        }
    }

    @Test("a proof made for another index, or someone else's key, is 400 in one line and nothing is published; the HELLO may be sent again")
    func refused() async throws {
        try await TestIndex.with { index in
            let client = try await index.connect(tls: true)
            let carried = try KeyProof(by: TestIdentities.stranger, for: TestIdentities.stranger.keyprint)
            let own = try KeyProof(by: TestIdentities.index, for: TestIdentities.index.keyprint)
            for forged in [carried, KeyProof(key: carried.key, signature: own.signature)] {
                try await client.send(Self.hello(forged))
                let answer = try await client.response()
                #expect(answer.status == .badRequest && answer.headers["Reason"]?.contains("Key-Proof") == true)
            }
            try await client.send("HELLO P2P-CI/2.1\r\nPort: 6001\r\n\r\n")
            let answer = try await client.response()
            #expect(answer.status == .ok, "the connection is still usable")
            #expect(try await Self.published(index, helloAnswer: answer) == nil, "no key proven, none published")
        }
    }

    @Test("a second HELLO with a valid proof of another key is refused, and the published key stays the first one")
    func keyNeverChanges() async throws {
        try await TestIndex.with { index in
            let client = try await index.connect(tls: true)
            try await client.send(try Self.hello())
            let first = try await client.response()
            let other = try TLSIdentity.ephemeral(name: "second key")
            try await client.send(try Self.hello(provingKeyOf: other))
            #expect(try await client.response().headers["Reason"]?.contains("already") == true)
            #expect(try await Self.published(index, helloAnswer: first) == TestIdentities.stranger.keyprint.description)
        }
    }

    @Test("a key proof in plaintext is 400: proofs go inside TLS only")
    func plaintext() async throws {
        try await TestIndex.with { index in
            let client = try await index.connect()
            try await client.send(try Self.hello())
            let answer = try await client.response()
            #expect(answer.status == .badRequest && answer.headers["Reason"]?.contains("TLS only") == true)
        }
    }
}
