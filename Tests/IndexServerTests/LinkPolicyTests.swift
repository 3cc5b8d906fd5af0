import Testing
import TestSupport
@testable import IndexServer
import Trust
import Wire

@Suite("What the index speaks over what")
struct LinkPolicyTests {
    @Test("with TLS on: plaintext P2P-CI/2.1 is 426 unless allowed; TLS is always served; classic unless turned off (505)")
    func matrix() {
        let tls = LinkSecurity.tls
        let strict = LinkPolicy(identity: TestIdentities.index)
        #expect(strict.refusal(of: .shoal, on: .plaintext)?.status == .tlsRequired)
        #expect(strict.refusal(of: .shoal, on: tls) == nil)
        #expect(strict.refusal(of: .classic, on: .plaintext) == nil)
        #expect(strict.refusal(of: nil, on: .plaintext) == nil, "too malformed to tell: answered as malformed")
        #expect(LinkPolicy(identity: TestIdentities.index, allowsPlaintext: true).refusal(of: .shoal, on: .plaintext) == nil)
        let noClassic = LinkPolicy(identity: TestIdentities.index, servesClassic: false)
        #expect(noClassic.refusal(of: .classic, on: .plaintext)?.status == .versionNotSupported)
        #expect(LinkPolicy().refusal(of: .shoal, on: .plaintext) == nil, "without TLS everything is plaintext")
    }
}
