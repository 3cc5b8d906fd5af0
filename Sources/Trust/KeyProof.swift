import Crypto
import Foundation

/// How a peer shows an index which key it holds (§9.1): its public key, and its signature over a text that
/// names the index's key. The index publishes the keyprint of a key proven this way. A proof for one index
/// is refused by every other, and it is sent only inside TLS to the index it names. (TLS client
/// certificates would prove the same, but BoringSSL keeps the parsed certificate for the whole connection:
/// about 4.6 KB of every idle peer's connection to the index.)
public struct KeyProof: Hashable, Sendable {
    /// The DER SubjectPublicKeyInfo of a P-256 key, base64.
    public let key: String
    /// The DER ECDSA-SHA256 signature over ``message(for:)``, base64.
    public let signature: String

    /// Why a proof was not taken, in one line.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unreadableKey
        case wrongSignature

        public var description: String {
            switch self {
            case .unreadableKey: "Key is not the base64 of a P-256 public key (DER SubjectPublicKeyInfo)"
            case .wrongSignature: "Key-Proof is not this key's signature for this index's key"
            }
        }
    }

    /// What is signed: the protocol, and the keyprint of the index the proof is for.
    public static func message(for index: Keyprint) -> Data { Data("P2P-CI/2.1 key proof for \(index)".utf8) }

    public init(key: String, signature: String) {
        self.key = key
        self.signature = signature
    }

    /// `identity`'s proof for the index whose key is `index`.
    public init(by identity: TLSIdentity, for index: Keyprint) throws {
        let signed = try identity.signingKey.signature(for: Self.message(for: index))
        self.init(key: identity.signingKey.publicKey.derRepresentation.base64EncodedString(),
                  signature: signed.derRepresentation.base64EncodedString())
    }

    /// The keyprint of the key proven, when the signature is that key's over the index's keyprint.
    public func verified(for index: Keyprint) throws(Failure) -> Keyprint {
        guard let der = Data(base64Encoded: key), let publicKey = try? P256.Signing.PublicKey(derRepresentation: der) else {
            throw .unreadableKey
        }
        guard let bytes = Data(base64Encoded: signature), let signed = try? P256.Signing.ECDSASignature(derRepresentation: bytes),
              publicKey.isValidSignature(signed, for: Self.message(for: index)) else {
            throw .wrongSignature
        }
        return Keyprint(spki: Array(publicKey.derRepresentation))
    }
}
