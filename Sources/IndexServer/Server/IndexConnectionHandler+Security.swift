import NIOCore
import Trust
import Wire

extension IndexConnectionHandler {
    /// The TLS handshake is done (or the connection is plaintext).
    func secured(_ security: LinkSecurity, context: ChannelHandlerContext) {
        self.security = security
        handshaking = false
        processPending(context: context)
    }

    /// A HELLO's key proof (§9.1) checked against this index's key and taken off the request; the key is
    /// recorded for the session, to be published with its records once the HELLO is taken. A HELLO on a
    /// greeted session goes on unchecked (it is refused as a second HELLO). Nil when the proof is refused:
    /// 400 is written, and the connection stays open for another HELLO.
    private func provingKey(_ request: Request, context: ChannelHandlerContext) -> Request? {
        guard case .hello(var hello) = request, let claim = hello.key, let peer else { return request }
        hello.key = nil
        guard !greeted else { return .hello(hello) }
        let reason: String
        if security.isEncrypted, let index = shared.configuration.links.identity?.keyprint {
            do {
                let proven = try KeyProof(key: claim.key, signature: claim.proof).verified(for: index)
                shared.registry.withWriteLock { $0.recordProvenKey(peer, proven.description) }
                return .hello(hello)
            } catch {
                reason = error.description
            }
        } else {
            reason = "Key and Key-Proof are taken over TLS only"
        }
        logger.info("answered 400 to a HELLO: \(reason)")
        shared.metrics?.answered(IndexMetrics.otherKind, .badRequest)
        write(.failure(.badRequest, .shoal, reason: reason), context: context)
        return nil
    }

    /// `request` with any token checked (private index, §9.2) and dropped (never kept), and any key proof
    /// checked (§9.1). Nil when refused: the refusal is written, and for a token the connection closes. A
    /// private index takes only HELLO with a valid token, PING (with a valid token it admits a query session)
    /// and PUNCH from a connection not yet admitted: anything else, malformed messages included, gets 403.
    /// Checked before anything else is done with a message.
    func admitted(_ parsed: Result<Request, RequestError>, version: ProtocolVersion?,
                  context: ChannelHandlerContext) -> Result<Request, RequestError>? {
        switch parsed {
        case .success(let request):
            return admitted(request, context: context).flatMap { provingKey($0, context: context) }.map { .success($0) }
        case .failure where shared.access.requiresToken && !authorized:
            _ = refuse(.forbidden, version ?? .classic, Self.helloFirst, context: context)
            return nil
        case .failure:
            return parsed
        }
    }

    private static let helloFirst = "this index is private: say HELLO (or PING, to query) with your token first"

    private func admitted(_ request: Request, context: ChannelHandlerContext) -> Request? {
        let token = request.accessToken, plain = request.withoutAccessToken
        guard shared.access.requiresToken, !authorized else { return plain }
        switch plain {
        case .hello: break
        case .ping where token != nil: break
        case .ping, .punch: return plain
        default: return refuse(.forbidden, request.version, Self.helloFirst, context: context)
        }
        switch shared.access.judge(token, from: address, on: context.channel, now: context.eventLoop.now) {
        case .admitted(let name):
            authorized = true
            if let name { logger.info("admitted by the token of \(name)\(plain == .ping() ? ", for queries" : "")") }
            return plain
        case .refused:
            logger.warning("refused a \(request.name) from \(address): \(token == nil ? "no" : "an unknown") token")
            return refuse(.forbidden, request.version, "this index is private: a valid token is needed (ask its operator)", context: context)
        case .slowDown(let seconds):
            logger.warning("refused a \(request.name) from \(address) unchecked: too many wrong tokens")
            shared.metrics?.answered(IndexMetrics.otherKind, .tooManyRequests)
            finish(context: context, with: .failure(.tooManyRequests, request.version, reason: "too many wrong tokens; wait \(seconds) s",
                                                    retryAfter: seconds))
            return nil
        }
    }

    private func refuse(_ status: StatusCode, _ version: ProtocolVersion, _ reason: String, context: ChannelHandlerContext) -> Request? {
        shared.metrics?.answered(IndexMetrics.otherKind, status)
        finish(context: context, with: .failure(status, version, reason: reason))
        return nil
    }
}
