import Model
import NIOCore
import NIOPosix
import Trust
import Wire

/// Finds out, on connecting, whether an index speaks P2P-CI/2.1 or only classic P2P-CI/1.0.
///
/// The first request is a 2.0 one (HELLO, or PING for a query session). A Shoal index answers it in 2.0.
/// A classic index answers in 1.0 (505 or 400), or, being a course program, closes the connection or
/// answers something that is not P2P-CI at all: then a classic question (`LOOKUP RFC 1`, which changes
/// nothing) is asked on a fresh connection, and an answer in 1.0 makes the index classic.
enum IndexDialectProbe {
    /// How long the first 2.0 request may go unanswered before the classic question is tried.
    static let firstAnswerTimeout: TimeAmount = .seconds(30)

    /// A connection to an index, the dialect it speaks, and (in 2.0) its answer to the opening request.
    struct Opened {
        let connection: ProtocolConnection
        let dialect: IndexDialect
        let answer: ParsedResponse?
    }

    /// Connects, says `opening` (HELLO or PING), and returns the connection ready for the dialect found.
    /// - Parameters:
    ///   - address: `host:port` for messages.
    ///   - uploadPort: the `Port` to give a classic index (nil for a query session).
    /// - Throws: ``IndexLinkError/unavailable(_:)`` when nothing answers; a 2.0 refusal of `opening` is
    ///   returned, not thrown, for the caller to read.
    ///   - trust: with it, TLS is tried first (§9.1), the index's key checked against `keyprint`, else against
    ///     the key remembered for `address`, else remembered. Without a key to expect, an index that does
    ///     not speak TLS is asked in plaintext: a classic index is used as such; a Shoal one only when
    ///     plaintext is allowed. Nil: plaintext only.
    static func open(host: String, port: Int, address: String, saying opening: Request, uploadPort: Int?,
                     trust: PeerTrust? = nil, keyprint: String? = nil, group: any EventLoopGroup) async throws -> Opened {
        var tlsFailure: TLSFailure?
        if let trust {
            var expected = keyprint
            if expected == nil { expected = try await trust.keys.keyprint(of: address) }
            do {
                return try await secured(host: host, port: port, address: address, saying: opening, trust: trust,
                                         expecting: expected, group: group)
            } catch let failure as TLSFailure {
                // Plaintext is tried only when the index does not speak TLS at all, and never where a key is
                // expected (it spoke TLS before, or its address says it does): else anyone in between could
                // make a peer fall back by breaking the handshake.
                guard failure == .notTLS || failure == .timedOut else { throw IndexLinkError.insecure(address, failure.description) }
                if expected != nil { throw IndexLinkError.insecure(address, "\(failure); its key is known, so plaintext is not tried") }
                tlsFailure = failure
            }
        }
        let plaintext = trust?.allowsPlaintext ?? true
        // Without leave to talk plaintext, the probe is a PING (nothing about this peer is sent in clear).
        // A private index's token never goes in plaintext (§9.2).
        let opened = try await openPlaintext(host: host, port: port, address: address,
                                             saying: plaintext ? opening.withoutAccessToken : .ping(),
                                             uploadPort: uploadPort, group: group)
        if case .shoal = opened.dialect, opened.answer?.status == .tlsRequired, let tlsFailure {
            // It does speak TLS (a slow handshake, or one broken on the way): say what went wrong with TLS.
            await opened.connection.close()
            throw IndexLinkError.insecure(address, tlsFailure.description)
        }
        if case .shoal = opened.dialect, !plaintext {
            await opened.connection.close()
            throw IndexLinkError.insecure(address, "it offers P2P-CI/2.1 without TLS, and plaintext is not allowed "
                                          + "(allow-plaintext = true in the config file, or --allow-plaintext, to use it anyway)")
        }
        return opened
    }

    /// Connects over TLS, checks the index's key (remembering it when none was expected), and says `opening`.
    private static func secured(host: String, port: Int, address: String, saying opening: Request, trust: PeerTrust,
                                expecting expected: String?, group: any EventLoopGroup) async throws -> Opened {
        // A key expected but unreadable (a damaged remembered one) must never mean "any key".
        let pin = expected.flatMap { Keyprint($0) }
        if let expected, pin == nil { throw IndexLinkError.insecure(address, "the key expected, \(expected), is not a keyprint") }
        let connection: ProtocolConnection
        do {
            connection = try await ProtocolConnection.connect(host: host, port: port, group: group, tls: trust.dialing(pin))
        } catch let failure as TLSFailure {
            throw failure
        } catch {
            throw IndexLinkError.unavailable(address)
        }
        do {
            if expected == nil, let shown = connection.peerKeyprint?.description {
                // Remembered unless another connection remembered a key first: then that one must be this one.
                try await trust.keys.remember(shown, of: address)
                if let first = try await trust.keys.keyprint(of: address), let firstKey = Keyprint(first), firstKey != connection.peerKeyprint {
                    throw TLSFailure.keyMismatch(expected: firstKey, presented: connection.peerKeyprint!)
                }
            }
            let answer = try await connection.send(try proving(opening, by: trust.identity, to: connection.peerKeyprint),
                                                   timeout: firstAnswerTimeout, closeOnCancel: true)
            return Opened(connection: connection, dialect: .shoal, answer: answer)
        } catch {
            await connection.close()
            throw error
        }
    }

    /// A HELLO with this peer's proof of its key for the index's key (§9.1), so that the index publishes the
    /// key for downloaders to pin; any other request as it is.
    private static func proving(_ opening: Request, by identity: TLSIdentity, to index: Keyprint?) throws -> Request {
        guard case .hello(var hello) = opening, let index else { return opening }
        let proof = try KeyProof(by: identity, for: index)
        hello.key = HelloKey(key: proof.key, proof: proof.signature)
        return .hello(hello)
    }

    /// Connects in plaintext and says `opening`: a 2.0 answer makes the index a Shoal one; else the
    /// classic question is asked.
    private static func openPlaintext(host: String, port: Int, address: String, saying opening: Request, uploadPort: Int?,
                                      group: any EventLoopGroup) async throws -> Opened {
        let connection: ProtocolConnection
        do {
            connection = try await ProtocolConnection.connect(host: host, port: port, group: group)
        } catch {
            throw IndexLinkError.unavailable(address)
        }
        var failure: any Error
        do {
            let answer = try await connection.send(opening, timeout: firstAnswerTimeout, closeOnCancel: true)
            if !isClassic(answer) { return Opened(connection: connection, dialect: .shoal, answer: answer) }
            // 503 before anything was asked: a full index, or a cluster node not serving now; not a classic one.
            if answer.status == .serviceUnavailable {
                await connection.close()
                throw IndexLinkError.refused(answer.status.code, answer.status.phrase)
            }
            failure = IndexLinkError.refused(answer.status.code, answer.status.phrase)
        } catch {
            guard mayBeClassic(error) else {
                await connection.close()
                throw error
            }
            failure = error
        }
        await connection.close()
        guard let (classic, sender) = await classicConnection(host: host, port: port, uploadPort: uploadPort, group: group) else {
            throw failure
        }
        return Opened(connection: classic, dialect: .classic(ClassicIndex(address: address, sender: sender)), answer: nil)
    }

    /// True when an answer to a 2.0 request comes from a classic index.
    static func isClassic(_ answer: ParsedResponse) -> Bool { answer.version == .classic }

    /// True when a failed first request may mean a classic index that did not understand it (as opposed to
    /// a refusal, or nothing listening).
    static func mayBeClassic(_ error: any Error) -> Bool {
        guard let link = error as? IndexLinkError else { return false }
        switch link {
        case .disconnected, .malformedAnswer: return true
        case .unavailable, .refused, .classicIndex, .insecure: return false
        }
    }

    /// Connects anew and asks the classic question; returns the connection, set up for a classic index,
    /// when the answer is classic, and nil otherwise.
    private static func classicConnection(host: String, port: Int, uploadPort: Int?,
                                  group: any EventLoopGroup) async -> (ProtocolConnection, ClassicSender)? {
        guard let connection = try? await ProtocolConnection.connect(host: host, port: port, group: group) else { return nil }
        let sender = classicSender(on: connection, uploadPort: uploadPort)
        do {
            try await connection.speakClassic()
            let answer = try await connection.send(.lookupRFC(number: 1, from: sender), timeout: firstAnswerTimeout,
                                                   closeOnCancel: true)
            if isClassic(answer) { return (connection, sender) }
        } catch {}
        await connection.close()
        return nil
    }

    /// The `Host` and `Port` a classic index should record for this side: the address this connection
    /// leaves from (the one the index reaches this machine by), and the upload port (for a query session,
    /// which uploads nothing, the connection's own port: a valid number that is never registered).
    static func classicSender(on connection: ProtocolConnection, uploadPort: Int?) -> ClassicSender {
        let local = connection.channel.localAddress
        return ClassicSender(host: local?.ipAddress ?? "127.0.0.1", port: uploadPort ?? local?.port ?? 1)
    }
}
