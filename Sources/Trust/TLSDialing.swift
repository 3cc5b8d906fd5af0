#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOSSL

/// TLS on a connection this side opens: this side's certificate, and the key the other side must show.
/// Nothing else is checked (no certificate authority, no host name): the keyprint is the identity.
public struct TLSDialing: Sendable {
    /// How long the handshake may take before the connection is given up.
    public static let handshakeTimeout: TimeAmount = .seconds(5)

    public let context: NIOSSLContext
    /// The key the other side must present; nil: any (trust on first use, checked by the caller with the
    /// keyprint ``secure(_:)`` returns).
    public let expected: Keyprint?

    public init(identity: TLSIdentity, expecting expected: Keyprint?) {
        self.context = identity.clientContext
        self.expected = expected
    }

    /// Puts TLS first on `channel` (on its event loop, before any other bytes are written) and returns the
    /// other side's keyprint once the handshake is done.
    /// - Throws (in the future): ``TLSFailure``.
    public func secure(_ channel: any Channel) -> EventLoopFuture<Keyprint> {
        let promise = channel.eventLoop.makePromise(of: Keyprint.self)
        let expected = self.expected, context = self.context
        let added = channel.eventLoop.submit {
            let waiter = HandshakeWaiter(promise: promise)
            let tls = try NIOSSLClientHandler(context: context, serverHostname: nil, customVerificationCallback: { certificates, verdict in
                guard let leaf = certificates.first, let presented = try? Keyprint(leaf) else { return verdict.succeed(.failed) }
                waiter.presented = presented
                // The key is what counts, but a certificate past its end is not used, as any TLS client would.
                if leaf.notValidAfter < time(nil) {
                    waiter.mismatch = .expired(presented)
                    return verdict.succeed(.failed)
                }
                if let expected, expected != presented {
                    waiter.mismatch = .keyMismatch(expected: expected, presented: presented)
                    return verdict.succeed(.failed)
                }
                verdict.succeed(.certificateVerified)
            })
            try channel.pipeline.syncOperations.addHandlers([tls, waiter], position: .first)
        }
        added.whenFailure { promise.fail(TLSFailure.other("\($0)")) }
        return promise.futureResult
    }
}
