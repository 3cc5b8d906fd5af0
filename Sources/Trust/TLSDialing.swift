#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOSSL

/// TLS on a connection this side opens: this side's certificate, and the key the other side must show.
/// Nothing else is checked (no certificate authority, no host name): the keyprint is the identity.
public struct TLSDialing: Sendable {
    /// How long the handshake may take before the connection is given up (long enough for a busy machine;
    /// an index that does not speak TLS usually answers or closes at once, and is asked in plaintext then).
    public static let handshakeTimeout: TimeAmount = .seconds(15)

    public let context: NIOSSLContext
    /// The key the other side must present; nil: any (trust on first use, checked by the caller with the
    /// keyprint the handshake returns).
    public let expected: Keyprint?

    public init(identity: TLSIdentity, expecting expected: Keyprint?) {
        self.context = identity.clientContext
        self.expected = expected
    }

    /// Puts TLS first on `channel` from its event loop (`channel.eventLoop.submit`) and returns the other
    /// side's keyprint once the handshake is done. For a channel that may already have received bytes in
    /// clear, use ``install(on:)`` in its initializer instead, so that nothing is read before TLS is in place.
    /// - Throws (in the future): ``TLSFailure``.
    public func secure(_ channel: any Channel) -> EventLoopFuture<Keyprint> {
        channel.eventLoop.submit { try install(on: channel) }.flatMap { $0 }
            .flatMapErrorThrowing { throw TLSFailure.from($0) }
    }

    /// Puts TLS first on `channel`; call on its event loop (a channel initializer, or a submitted task).
    /// The future is the other side's keyprint once the handshake is done, or a ``TLSFailure``.
    public func install(on channel: any Channel) throws -> EventLoopFuture<Keyprint> {
        let promise = channel.eventLoop.makePromise(of: Keyprint.self)
        let expected = self.expected
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
        try channel.pipeline.syncOperations.addHandlers([PlaintextAnswerPeek(waiter: waiter), tls, waiter], position: .first)
        return promise.futureResult
    }
}
