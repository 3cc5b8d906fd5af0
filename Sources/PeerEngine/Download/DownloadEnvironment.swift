import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Model
import Trust
import Wire

/// What every download shares: where to put files, whom to ask, where blocking work runs.
struct DownloadEnvironment: Sendable {
    let index: IndexClient
    /// This peer's upload server, where sources behind NAT connect back (§5.11).
    let uploads: UploadServer
    let store: StateStore
    let downloads: String
    let pool: NIOThreadPool
    let group: any EventLoopGroup
    let logger: Logger
    /// The shared download rate limit, when one is set.
    let rate: NIOLockedValueBox<TokenBucket>?
    /// How long one chunk may take from one source.
    let chunkTimeout: TimeAmount
    /// Time for waits between tries (not for socket timeouts, which run on the event loops).
    let clock: any EngineClock

    /// How long a source behind NAT has, once the index has passed on the request, to connect back.
    static let connectBackTimeout: TimeAmount = .seconds(10)

    /// A connection to `source`, for requests: made directly; or, for a source the index could not reach,
    /// opened by the source itself after the index asks it to connect back (§5.11). Throws the index's
    /// refusal (``IndexLinkError/refused(_:_:)``, with the reason), ``PendingGives/ConnectBackTimeout``, or,
    /// when both peers are behind NAT, ``HolePunch/Failed``.
    func connect(to source: FileSource, maximumBody: Int, dataLink: Bool) async throws -> ProtocolConnection {
        let tls = try tls(for: source)
        guard source.reachable == false else {
            return try await ProtocolConnection.connect(host: source.host, port: source.port, group: group,
                                                        maximumBody: maximumBody, dataLink: dataLink, tls: tls)
        }
        let token = RelayToken()
        let arrival = uploads.expectGive(token, timeout: Self.connectBackTimeout)
        let punch: Bool
        do {
            punch = try await index.connectPeer(source.peer, token: token)
        } catch {
            uploads.cancelGive(token)
            throw error
        }
        guard punch else {
            return try await ProtocolConnection.adopt(try await arrival.get(), maximumBody: maximumBody, dataLink: dataLink, tls: tls)
        }
        // Both behind NAT: meet the source at the index, then punch a connection through both routers (§5.12).
        uploads.cancelGive(token)
        let node = index.node
        let (local, host, port) = try await HolePunch.meet(token, indexHost: node.host, indexPort: node.port,
                                                           tls: await index.dialing, group: group)
        let group = self.group
        return try await HolePunch.open {
            try await ProtocolConnection.connect(host: host, port: port, group: group, maximumBody: maximumBody, dataLink: dataLink,
                                                 from: local, timeout: .seconds(3), tls: tls)
        }
    }

    /// TLS to `source`, checked against the keyprint the index published for it (§9.1); nil for plaintext:
    /// a classic source, or one that joined the index without TLS when plaintext is allowed.
    /// - Throws: ``SourceKeyMissing`` when the source has no keyprint and plaintext is not allowed.
    func tls(for source: FileSource) throws -> TLSDialing? {
        guard source.dialect == .shoal, let trust = index.trust else { return nil }
        guard let keyprint = source.keyprint.flatMap({ Keyprint($0) }) else {
            if trust.allowsPlaintext { return nil }
            throw SourceKeyMissing(peer: source.peer)
        }
        return trust.dialing(keyprint)
    }

    /// Waits as long as the rate limit asks before receiving `bytes` more.
    func pace(_ bytes: Int) async {
        guard let rate else { return }
        let delay = rate.withLockedValue { $0.reserve(bytes, now: .now()) }
        if delay > .zero { try? await clock.sleep(for: .nanoseconds(delay.nanoseconds)) }
    }

    /// Runs blocking file work on the I/O pool.
    func io<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(work)
    }
}
