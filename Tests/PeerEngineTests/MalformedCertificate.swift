import Foundation

/// A certificate of an X.509 version that does not exist (v6): openssl still reads and serves it; BoringSSL,
/// which Shoal's TLS uses, cannot parse it.
enum MalformedCertificate {
    struct NoVersionField: Error {}

    /// Reads a PEM certificate from `source` and writes its malformed copy, as PEM, to `destination`.
    static func write(from source: String, to destination: String) throws {
        let pem = try String(contentsOfFile: source, encoding: .utf8)
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        // The version field of a v3 certificate: [0] EXPLICIT INTEGER 2.
        let version = Data([0xA0, 0x03, 0x02, 0x01, 0x02])
        guard var der = Data(base64Encoded: body), let found = der.range(of: version) else { throw NoVersionField() }
        der[found.upperBound - 1] = 0x05
        let lines = der.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        try "-----BEGIN CERTIFICATE-----\n\(lines)\n-----END CERTIFICATE-----\n".write(toFile: destination, atomically: true, encoding: .utf8)
    }
}
