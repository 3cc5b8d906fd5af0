import Testing
@testable import Trust

@Suite("Keyprints and base32")
struct KeyprintTests {
    @Test("base32 matches RFC 4648's test vectors (lowercase, no padding) and decodes back")
    func rfcVectors() {
        let vectors = ["": "", "f": "my", "fo": "mzxq", "foo": "mzxw6", "foob": "mzxw6yq", "fooba": "mzxw6ytb", "foobar": "mzxw6ytboi"]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
            #expect(Base32.decode(encoded.uppercased()) == Array(plain.utf8), "either case")
        }
    }

    @Test("base32 refuses characters outside the alphabet and leftover bits that are not zero")
    func badBase32() {
        #expect(Base32.decode("mzxw1") == nil)
        #expect(Base32.decode("mz=") == nil)
        #expect(Base32.decode("mz") == nil, "the last character carries bits that no byte uses")
    }

    @Test("a keyprint is sha256/ and 52 characters; it parses back, and anything else is refused")
    func keyprintText() throws {
        let identity = try TLSIdentity.ephemeral(name: "test")
        let text = identity.keyprint.description
        #expect(text.hasPrefix("sha256/") && text.count == 59)
        #expect(Keyprint(text) == identity.keyprint)
        #expect(Keyprint(text.uppercased()) == identity.keyprint)
        #expect(Keyprint("sha1/" + text.dropFirst(7)) == nil)
        #expect(Keyprint(String(text.dropLast())) == nil)
        #expect(Keyprint("sha256/") == nil)
    }

    @Test("two identities have two keyprints")
    func distinct() throws {
        #expect(try TLSIdentity.ephemeral(name: "a").keyprint != TLSIdentity.ephemeral(name: "a").keyprint)
    }
}

@Suite("TLS failures in one line")
struct TLSFailureTests {
    @Test("an unknown BoringSSL error is cut to its reason codes, without the error stack's source paths")
    func reasonCodes() {
        let stack = "handshakeFailed(sslError([Error: 268435703 error:100000f7:SSL routines:OPENSSL_internal:BAD_ECC_CERT at "
            + "/src/ssl/tls13_both.cc:231, Error: 1 error:1:SSL routines:OPENSSL_internal:DECODE_ERROR at /src/x.cc:9]))"
        #expect(TLSFailure.reasons(in: stack) == "BAD_ECC_CERT, DECODE_ERROR")
        #expect(TLSFailure.reasons(in: "nothing of the kind") == nil)
        #expect(TLSFailure.notTLS.description.split(separator: "\n").count == 1)
    }

    @Test("a certificate BoringSSL cannot parse is called unreadable, each reason named once")
    func unreadableCertificate() {
        let stack = "handshakeFailed(sslError([Error: 184549516 error:0b00008c:X.509 certificate routines:OPENSSL_internal:INVALID_VERSION at "
            + "/src/crypto/x509/x_x509.cc:115, Error: 268435593 error:10000089:SSL routines:OPENSSL_internal:DECODE_ERROR at "
            + "/src/ssl/ssl_x509.cc:148, Error: 268435593 error:10000089:SSL routines:OPENSSL_internal:DECODE_ERROR at /src/ssl/tls13_both.cc:341]))"
        let failure = TLSFailure.from(Unparsed(text: stack))
        #expect(failure == .unreadableCertificate("INVALID_VERSION, DECODE_ERROR"))
        #expect(failure.description == "its certificate cannot be read (INVALID_VERSION, DECODE_ERROR): it is not well-formed X.509")
    }

    /// An error whose description is a given text, as NIOSSL's are.
    struct Unparsed: Error, CustomStringConvertible { let text: String; var description: String { text } }
}
