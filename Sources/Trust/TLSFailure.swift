import NIOCore
import NIOSSL

/// Why a TLS connection could not be made, in words a user can act on. The caller names the other side
/// ("the index at host:port: …").
public enum TLSFailure: Error, Equatable, CustomStringConvertible {
    /// The other side's key is not the one pinned (or remembered).
    case keyMismatch(expected: Keyprint, presented: Keyprint)
    /// Its certificate (for this key) is past its end date.
    case expired(Keyprint)
    /// It answered something that is not TLS, or closed the connection at the first message: it speaks
    /// plaintext (a classic program, or one with TLS turned off).
    case notTLS
    /// It answered with a P2P-CI line in plaintext before any handshake: a refusal (banned, full), the line.
    case answeredInPlaintext(String)
    /// Its certificate is not well-formed X.509 (BoringSSL's reason given), so its key cannot be known.
    case unreadableCertificate(String)
    /// It turned our certificate down, or could not agree on TLS 1.3.
    case refused(String)
    /// The handshake did not end in time.
    case timedOut
    /// Anything else, as NIOSSL put it.
    case other(String)

    public var description: String {
        switch self {
        case .keyMismatch(let expected, let presented):
            "it presented key \(presented), but \(expected) was expected: someone may be in between, or it has a new key"
        case .expired(let key): "its certificate for key \(key) has expired"
        case .unreadableCertificate(let why): "its certificate cannot be read (\(why)): it is not well-formed X.509"
        case .answeredInPlaintext(let line): "it refused the connection: \(line)"
        case .notTLS: "it does not speak TLS (it answered in plaintext or closed the connection)"
        case .refused(let why): "it refused the TLS handshake (\(why))"
        case .timedOut: "the TLS handshake did not finish in time"
        case .other(let what): "TLS failed: \(what)"
        }
    }

    /// The failure behind a NIOSSL error seen during the handshake.
    public static func from(_ error: any Error) -> TLSFailure {
        if let failure = error as? TLSFailure { return failure }
        if case NIOSSLError.handshakeFailed(.sslError(let stack)) = error, stack == [.eofDuringHandshake] { return .notTLS }
        if error is IOError || error as? ChannelError == .eof { return .notTLS }
        let text = String(describing: error)
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("HTTP_REQUEST") || text.contains("RECORD_TOO_LARGE") { return .notTLS }
        if text.contains("UNSUPPORTED_PROTOCOL") || text.contains("PROTOCOL_VERSION") { return .refused("it does not speak TLS 1.3") }
        if text.contains("ALERT_CERTIFICATE") || text.contains("ALERT_BAD_CERTIFICATE") { return .refused("it did not accept this side's certificate") }
        if text.contains("CERTIFICATE_VERIFY_FAILED") { return .refused("its certificate could not be checked") }
        if text.contains("X.509 certificate routines") || text.contains("asn1 encoding routines") || text.contains("CANNOT_PARSE_LEAF_CERT") {
            return .unreadableCertificate(reasons(in: text) ?? "malformed")
        }
        return .other(reasons(in: text) ?? text)
    }

    /// BoringSSL's reason codes in an error's text (`…:OPENSSL_internal:BAD_ECC_CERT at …` gives
    /// `BAD_ECC_CERT`), each once, comma-separated: one short line instead of an error stack with source paths.
    static func reasons(in text: String) -> String? {
        var codes: [String] = []
        for part in text.components(separatedBy: "OPENSSL_internal:").dropFirst() {
            let code = String(part.prefix { $0.isUppercase || $0.isNumber || $0 == "_" })
            if !code.isEmpty, !codes.contains(code) { codes.append(code) }
        }
        return codes.isEmpty ? nil : codes.joined(separator: ", ")
    }
}
