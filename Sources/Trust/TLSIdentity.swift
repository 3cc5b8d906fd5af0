import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// This side's TLS key and self-signed certificate, with the two TLS contexts made from them (made once:
/// a context is costly to make, and shared by every connection).
///
/// An index or a peer makes its identity on first start and keeps it in its state folder, the key readable
/// by its owner only. Nothing signs the certificate: the other side checks the key by its ``Keyprint``.
public struct TLSIdentity: Hashable, Sendable {
    /// The key file's name in the state folder (PEM, PKCS#8, mode 0600).
    public static let keyFile = "tls-key.pem"
    /// The certificate file's name in the state folder (PEM).
    public static let certificateFile = "tls-certificate.pem"

    public let keyprint: Keyprint
    /// For accepted connections: presents the certificate, and asks for none (a peer proves its key to the
    /// index in its HELLO instead, with a ``KeyProof``).
    public let serverContext: NIOSSLContext
    /// For connections this side opens: the other side's certificate is checked by keyprint in
    /// ``TLSDialing``, never by a certificate authority or a host name.
    public let clientContext: NIOSSLContext
    /// Signs ``KeyProof``s.
    let signingKey: P256.Signing.PrivateKey

    public static func == (lhs: TLSIdentity, rhs: TLSIdentity) -> Bool { lhs.keyprint == rhs.keyprint }
    public func hash(into hasher: inout Hasher) { hasher.combine(keyprint) }

    /// A new identity, kept nowhere (tests, and `shoal demo`).
    public static func ephemeral(name: String) throws -> TLSIdentity {
        let key = P256.Signing.PrivateKey()
        return try TLSIdentity(key: key, certificate: try selfSigned(key, name: name))
    }

    /// A new identity whose certificate ended `ago` seconds ago (tests of expired certificates).
    @_spi(Testing) public static func expired(name: String, ago: TimeInterval) throws -> TLSIdentity {
        let key = P256.Signing.PrivateKey()
        return try TLSIdentity(key: key, certificate: try selfSigned(key, name: name, until: Date().addingTimeInterval(-ago)))
    }

    /// The identity kept in `directory`, made (and the folder too, owner-only) when there is none yet.
    /// - Throws: ``TLSIdentityError`` naming the file that could not be read or written.
    public static func loadOrCreate(in directory: String, name: String) throws -> TLSIdentity {
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        let keyURL = folder.appendingPathComponent(keyFile), certificateURL = folder.appendingPathComponent(certificateFile)
        let files = FileManager.default
        if files.fileExists(atPath: keyURL.path) {
            do {
                let key = try P256.Signing.PrivateKey(pemRepresentation: String(contentsOf: keyURL, encoding: .utf8))
                let certificate = try Certificate(pemEncoded: String(contentsOf: certificateURL, encoding: .utf8))
                guard certificate.publicKey == Certificate.PublicKey(key.publicKey) else {
                    throw TLSIdentityError(path: certificateURL.path, problem: "it does not carry the key in \(keyFile)")
                }
                return try TLSIdentity(key: key, certificate: certificate)
            } catch let error as TLSIdentityError {
                throw error
            } catch {
                throw TLSIdentityError(path: keyURL.path, problem: "cannot read this identity (\(error)); move both files away to make a new one")
            }
        }
        do {
            try files.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let key = P256.Signing.PrivateKey()
            let certificate = try selfSigned(key, name: name)
            try PrivateFile.create(keyURL.path, containing: key.pemRepresentation)
            try PrivateFile.create(certificateURL.path, containing: try certificate.serializeAsPEM().pemString, permissions: 0o644)
            return try TLSIdentity(key: key, certificate: certificate)
        } catch let error as PrivateFile.Failure {
            throw TLSIdentityError(path: error.path, problem: error.reason)
        } catch {
            throw TLSIdentityError(path: keyURL.path, problem: "cannot make a TLS identity here (\(error))")
        }
    }

    private init(key: P256.Signing.PrivateKey, certificate: Certificate) throws {
        keyprint = try Keyprint(certificate)
        signingKey = key
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        let chain: [NIOSSLCertificateSource] = [.certificate(try NIOSSLCertificate(bytes: serializer.serializedBytes, format: .der))]
        let privateKey = NIOSSLPrivateKeySource.privateKey(try NIOSSLPrivateKey(bytes: Array(key.derRepresentation), format: .der))

        var server = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: privateKey)
        server.minimumTLSVersion = .tlsv13
        server.certificateVerification = .none
        serverContext = try NIOSSLContext(configuration: server)

        var client = TLSConfiguration.makeClientConfiguration()
        client.minimumTLSVersion = .tlsv13
        // Not .none: with .none the verification callback, which checks the keyprint, would never run.
        client.certificateVerification = .noHostnameVerification
        client.trustRoots = .certificates([])
        clientContext = try NIOSSLContext(configuration: client)
    }

    /// A certificate for `key`, signed by itself, valid from an hour ago for 20 years.
    private static func selfSigned(_ key: P256.Signing.PrivateKey, name: String,
                                   until end: Date = Date().addingTimeInterval(20 * 365 * 86400)) throws -> Certificate {
        let signer = Certificate.PrivateKey(key)
        let subject = try DistinguishedName { CommonName(name) }
        let start = min(Date().addingTimeInterval(-3600), end.addingTimeInterval(-86400))
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            // TLS 1.3 refuses an EC certificate whose key usage lacks digitalSignature.
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.serverAuth, .clientAuth])
        }
        return try Certificate(version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: signer.publicKey,
                               notValidBefore: start, notValidAfter: end,
                               issuer: subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
                               extensions: extensions, issuerPrivateKey: signer)
    }
}

/// Why an identity could not be read or made: the file and the problem, in one line.
public struct TLSIdentityError: Error, CustomStringConvertible {
    public let path: String
    public let problem: String
    public var description: String { "\(path): \(problem)" }
}
