import Crypto
import NIOSSL
import SwiftASN1
import X509

/// What names a TLS key, as ADC's keyprints do: the SHA-256 of its DER SubjectPublicKeyInfo, written
/// `sha256/` and 52 lowercase base32 characters. An index address may carry one (`?kp=`), and the index
/// publishes each peer's, so that the other side of a connection can be checked against it.
public struct Keyprint: Hashable, Sendable, CustomStringConvertible {
    /// The prefix that names the hash.
    public static let scheme = "sha256/"
    public let digest: [UInt8]

    /// The keyprint of a DER SubjectPublicKeyInfo.
    public init(spki: [UInt8]) { digest = Array(SHA256.hash(data: spki)) }

    /// The keyprint of the key a certificate carries.
    public init(_ certificate: NIOSSLCertificate) throws {
        self.init(spki: try certificate.extractPublicKey().toSPKIBytes())
    }

    /// The keyprint of the key a certificate carries.
    public init(_ certificate: Certificate) throws {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate.publicKey)
        self.init(spki: serializer.serializedBytes)
    }

    /// Parses `sha256/` and the base32 of 32 bytes (either case); nil for anything else.
    public init?(_ text: some StringProtocol) {
        guard text.lowercased().hasPrefix(Self.scheme),
              let digest = Base32.decode(String(text.dropFirst(Self.scheme.count))), digest.count == 32 else { return nil }
        self.digest = digest
    }

    public var description: String { Self.scheme + Base32.encode(digest) }
}
