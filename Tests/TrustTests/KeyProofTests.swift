import Testing
import Trust

/// A peer's proof of its key to an index (PROTOCOL.md §9.1).
@Suite("Key proofs")
struct KeyProofTests {
    static let peer = try! TLSIdentity.ephemeral(name: "peer")
    static let index = try! TLSIdentity.ephemeral(name: "index")
    static let elsewhere = try! TLSIdentity.ephemeral(name: "another index")

    @Test("a proof made for an index's key shows the peer's keyprint to that index")
    func verifies() throws {
        let proof = try KeyProof(by: Self.peer, for: Self.index.keyprint)
        #expect(try proof.verified(for: Self.index.keyprint) == Self.peer.keyprint)
    }

    @Test("a proof made for another index is refused: it cannot be carried from one index to the next")
    func boundToTheIndex() throws {
        let proof = try KeyProof(by: Self.peer, for: Self.elsewhere.keyprint)
        #expect(throws: KeyProof.Failure.wrongSignature) { try proof.verified(for: Self.index.keyprint) }
    }

    @Test("someone else's public key with one's own signature is refused; so is a key that is not one")
    func forged() throws {
        let victim = try KeyProof(by: Self.peer, for: Self.index.keyprint)
        let forger = try KeyProof(by: Self.elsewhere, for: Self.index.keyprint)
        #expect(throws: KeyProof.Failure.wrongSignature) {
            try KeyProof(key: victim.key, signature: forger.signature).verified(for: Self.index.keyprint)
        }
        #expect(throws: KeyProof.Failure.unreadableKey) {
            try KeyProof(key: "bm90IGEga2V5", signature: forger.signature).verified(for: Self.index.keyprint)
        }
        #expect(KeyProof.Failure.wrongSignature.description.split(separator: "\n").count == 1)
    }
}
