import Logging
import Model
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Trust
import Wire

/// The peer's one connection to the index, kept alive: it says HELLO, registers the share in batches,
/// pings before the idle timeout, and when the index goes away reconnects with backoff and registers
/// everything again. Queries fail fast while it is not connected.
public actor IndexClient {
    public struct Settings: Sendable {
        public var host: String
        public var port: Int
        /// This peer's upload port and nickname, for HELLO.
        public var uploadPort: Int
        public var nickname: String?
        /// The key the index must show over TLS (from a `shoal://…?kp=` address); nil: trust on first use.
        public var keyprint: String?
        /// The token of a private index (§9.2): said in HELLO over TLS, never over plaintext.
        public var token: String?
        public var initialBackoff: Duration
        public var maximumBackoff: Duration
        /// More nodes of the same index cluster, tried in turn after this one (README: "Running a cluster").
        public var otherNodes: [IndexAddress] = []

        public init(host: String, port: Int, uploadPort: Int, nickname: String?, keyprint: String? = nil,
                    initialBackoff: Duration = .milliseconds(500), maximumBackoff: Duration = .seconds(15)) {
            self.keyprint = keyprint
            self.host = host
            self.port = port
            self.uploadPort = uploadPort
            self.nickname = nickname
            self.initialBackoff = initialBackoff
            self.maximumBackoff = maximumBackoff
        }

        public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

        /// Every node, the first one first.
        public var nodes: [IndexAddress] { [IndexAddress(host: host, port: port, keyprint: keyprint)] + otherNodes }
    }

    public let settings: Settings
    private let group: any EventLoopGroup
    private let logger: Logger
    private let onState: @Sendable (IndexConnectionState) -> Void
    /// Where the index's requests to connect back to a downloader go (§5.11).
    private let onRelay: @Sendable (RelayPush) -> Void
    private let clock: any EngineClock
    /// TLS and the keys to expect (§9.1); nil: plaintext only.
    public nonisolated let trust: PeerTrust?
    private var connection: ProtocolConnection?
    /// The node connected to, or tried next (one of ``Settings/nodes``).
    private nonisolated let current: NIOLockedValueBox<IndexAddress>
    private var desired: [ContentHash: FileAnnouncement] = [:]
    private var registered: [ContentHash: FileAnnouncement] = [:]
    private var maximumBatch = 5000
    /// Whether the index takes paths as names (its HELLO answer said `Folders: yes`).
    private var takesFolders = false
    private var idleTimeout = 120
    private var stopped = false
    public private(set) var peerID: PeerID?
    /// TLS for another connection to the same index (a hole-punching meeting), expecting the key it showed
    /// on this one; nil when this one is plaintext.
    var dialing: TLSDialing? { connection?.peerKeyprint.flatMap { trust?.dialing($0) } }
    /// What the index speaks; `.shoal` also while not connected.
    public private(set) var dialect: IndexDialect = .shoal
    /// RFC number → title registered on a classic index over the present connection.
    private var classicRegistered: [Int: String] = [:]
    /// Set when the connection was closed on purpose to join a classic index again: no backoff, no "lost".
    private var rejoining = false
    /// An index that does not answer within this is taken for gone: the connection is closed and remade.
    static let requestTimeout: TimeAmount = .seconds(30)

    public init(settings: Settings, logger: Logger, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                clock: any EngineClock = SystemClock(), trust: PeerTrust? = nil,
                onRelay: @escaping @Sendable (RelayPush) -> Void = { _ in },
                onState: @escaping @Sendable (IndexConnectionState) -> Void) {
        self.clock = clock
        self.trust = trust
        self.onRelay = onRelay
        self.settings = settings
        self.current = NIOLockedValueBox(settings.nodes[0])
        self.group = group
        self.logger = logger
        self.onState = onState
    }

    /// Disconnects for good (the index removes this peer's records); ``run()`` then returns.
    public func stop() async {
        stopped = true
        await connection?.close()
    }

    /// Sets what should be registered; sent now when connected, else on the next connection.
    public func setShare(_ files: [FileAnnouncement]) async {
        desired = Dictionary(files.map { ($0.hash, $0) }, uniquingKeysWith: { first, _ in first })
        guard let connection else { return }
        if case .classic(let classic) = dialect {
            try? await synchronizeClassic(connection, classic)
        } else {
            try? await synchronize(connection)
        }
    }

    public var isConnected: Bool { connection != nil }

    /// The index node the peer is connected to, or will try next.
    public nonisolated var node: IndexAddress { current.withLockedValue { $0 } }

    /// Sends a query and returns the answer (any status); throws when not connected or disconnected.
    public func send(_ request: Request) async throws -> ParsedResponse {
        guard let connection else { throw IndexLinkError.unavailable(node.description) }
        return try await connection.send(request, timeout: Self.requestTimeout)
    }

    // MARK: The connection loop

    /// Connects, and reconnects with backoff, until ``stop()`` or cancellation: the caller's task owns the
    /// link (the engine runs it as a child of its own run).
    public func run() async {
        var backoff = settings.initialBackoff
        let nodes = settings.nodes
        var failuresInARow = 0
        while !stopped, !Task.isCancelled {
            let node = self.node, address = node.description
            if !rejoining { onState(.connecting(address: address)) }
            rejoining = false
            var reason = "connection closed"
            var current: ProtocolConnection?
            do {
                let opened = try await IndexDialectProbe.open(
                    host: node.host, port: node.port, address: address,
                    saying: .hello(Hello(port: settings.uploadPort, nickname: settings.nickname, agent: "shoal/0.1", relay: true,
                                         token: settings.token)),
                    uploadPort: settings.uploadPort, trust: trust, keyprint: node.keyprint, group: group)
                current = opened.connection
                switch opened.dialect {
                case .shoal:
                    // A refusal first: one that closes the connection (a private index, 403) must be read
                    // before anything else touches the connection.
                    let (answer, id) = try Self.welcome(in: opened.answer)
                    // Before greeted(), which tells the engine the index can be asked: from then on
                    // `connection` must be set, with no suspension in between.
                    try await opened.connection.receivePushes(onRelay)
                    greeted(answer, as: id, over: opened.connection)
                    connection = opened.connection
                    registered = [:]
                    failuresInARow = 0
                    try await synchronize(opened.connection)
                    backoff = settings.initialBackoff
                    await keepAlive(opened.connection)
                case .classic(let classic):
                    logger.notice("\(IndexConnectionState.classicNotice(address: address))")
                    connection = opened.connection
                    dialect = opened.dialect
                    classicRegistered = [:]
                    failuresInARow = 0
                    try await synchronizeClassic(opened.connection, classic)
                    backoff = settings.initialBackoff
                    // A classic index has no keep-alive: the connection stays until either side closes it.
                    try? await opened.connection.closeFuture.get()
                }
            } catch {
                reason = "\(error)"
            }
            await current?.close()
            connection = nil
            dialect = .shoal
            peerID = nil
            if stopped || Task.isCancelled { break }
            if rejoining { continue }
            // The next node of a cluster is tried at once; a wait comes only after every node has failed.
            failuresInARow += 1
            let next = nodes[(nodes.firstIndex(of: node).map { $0 + 1 } ?? 0) % nodes.count]
            self.current.withLockedValue { $0 = next }
            guard failuresInARow % nodes.count == 0 else {
                logger.info("index \(address) unavailable (\(reason)); trying \(next) of the same cluster")
                onState(.disconnected(address: address, reason: reason, retryIn: 0))
                continue
            }
            logger.info("index \(address) unavailable (\(reason)); retrying \(next) in \(backoff)")
            onState(.disconnected(address: address, reason: reason, retryIn: backoff.secondsValue))
            try? await clock.sleep(for: backoff)
            backoff = min(backoff * 2, settings.maximumBackoff)
        }
    }

    /// The answer to HELLO when it welcomes this peer, with its id; else the refusal, thrown.
    private static func welcome(in answer: ParsedResponse?) throws -> (ParsedResponse, PeerID) {
        guard let answer, answer.status == .ok, let id = answer.headers["Peer-Id"].flatMap({ PeerID($0) }) else {
            throw IndexLinkError.refused(answer?.status.code ?? 0, answer?.headers["Reason"] ?? answer?.status.phrase ?? "no answer")
        }
        return (answer, id)
    }

    /// Takes in the index's welcome: this peer's id, the index's limits, what it found of this peer.
    private func greeted(_ answer: ParsedResponse, as id: PeerID, over connection: ProtocolConnection) {
        peerID = id
        maximumBatch = answer.headers["Max-Batch"].flatMap { Int($0) }.map { max(1, $0) } ?? 5000
        takesFolders = answer.headers["Folders"] == "yes"
        idleTimeout = answer.headers["Idle-Timeout"].flatMap { Int($0) }.map { max(3, $0) } ?? 120
        let reachable = answer.headers["Reachable"].flatMap { ["yes": true, "no": false][$0] }
        let plaintext = connection.peerKeyprint == nil
        if plaintext { logger.warning("\(IndexConnectionState.plaintextNotice(address: node.description))") }
        onState(.connected(address: node.description, peer: id, observedAddress: answer.headers["Address"] ?? "?",
                           reachable: reachable, plaintext: plaintext))
        logger.debug("connected to index \(node.description) as \(id)")
    }

    /// Pings at a third of the idle timeout until the connection closes.
    private func keepAlive(_ connection: ProtocolConnection) async {
        let interval = Duration.seconds(idleTimeout) / 3, clock = self.clock
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await connection.closeFuture.get() }
            group.addTask {
                while !Task.isCancelled {
                    try? await clock.sleep(for: interval)
                    guard !Task.isCancelled, (try? await connection.send(.ping(), timeout: Self.requestTimeout, closeOnCancel: true)) != nil else { return }
                }
            }
            await group.next()
            group.cancelAll()
            // The other child waits on the close future, which no cancellation ends: close to end it.
            await connection.close()
        }
    }

    /// After a 429 (flood control), waits as long as the index said (1 to 60 s) and returns true: the
    /// caller sends the same batch again.
    private func waitedAsTold(_ answer: ParsedResponse) async throws -> Bool {
        guard answer.status == .tooManyRequests else { return false }
        let seconds = answer.retryAfter(within: 1...60) ?? 1
        logger.notice("the index asks this peer to slow down; registering again in \(seconds) s")
        try await clock.sleep(for: .seconds(seconds))
        return true
    }

    /// Sends ADD FILES / REMOVE FILES batches until the index holds exactly the desired share.
    private func synchronize(_ connection: ProtocolConnection) async throws {
        while true {
            let removals = registered.keys.filter { desired[$0] == nil }
            let additions = desired.values.filter { registered[$0.hash] != $0 }
            if !removals.isEmpty {
                let batch = Array(removals.prefix(maximumBatch))
                let answer = try await connection.send(.removeFiles(batch), timeout: Self.requestTimeout, closeOnCancel: true)
                if try await waitedAsTold(answer) { continue }
                guard answer.status == .ok else { throw IndexLinkError.refused(answer.status.code, answer.headers["Reason"] ?? "") }
                for hash in batch { registered[hash] = nil }
            } else if !additions.isEmpty {
                let batch = Array(additions.prefix(maximumBatch))
                // An index without folders (§3) is told the files' own names.
                let sent = takesFolders ? batch : batch.map { FileAnnouncement(hash: $0.hash, size: $0.size, name: SharePath.fileName($0.name)) }
                let answer = try await connection.send(.addFiles(sent), timeout: Self.requestTimeout, closeOnCancel: true)
                if try await waitedAsTold(answer) { continue }
                if answer.status != .ok {
                    // Refused (over the index's files limit, say): keep the connection and the rest of the share,
                    // and do not ask again for these until the share changes.
                    logger.warning("the index refused \(batch.count) files: \(answer.headers["Reason"] ?? answer.status.description)")
                }
                for file in batch { registered[file.hash] = file }
            } else {
                return
            }
        }
    }
}

extension IndexClient {
    /// Registers the share's RFC-named files on a classic index with ADD RFC, one at a time (classic indexes
    /// answer in order, and some drop a request that arrives before the previous one is answered). The title
    /// is the file name, as a Shoal index shows such files to classic peers.
    ///
    /// A classic index cannot forget one record: when a registered RFC leaves the share (or is renamed), the
    /// connection is closed, which removes all of this peer's records, and the share is registered again.
    fileprivate func synchronizeClassic(_ connection: ProtocolConnection, _ classic: ClassicIndex) async throws {
        let wanted = ClassicIndex.titles(of: Array(desired.values))
        if classicRegistered.contains(where: { wanted[$0.key] != $0.value }) {
            logger.info("an RFC left the share; joining the classic index \(node.description) again to withdraw it")
            rejoining = true
            await connection.close()
            return
        }
        for (number, title) in wanted.sorted(by: { $0.key < $1.key }) where classicRegistered[number] == nil {
            classicRegistered[number] = title  // before the await, so that a second synchronization skips it
            let record = ClassicRecord(number: number, host: classic.sender.host, port: classic.sender.port, title: title)
            let answer = try await connection.send(.addRFC(record), timeout: Self.requestTimeout, closeOnCancel: true)
            if answer.status != .ok { logger.warning("the classic index refused RFC \(number): \(answer.status)") }
        }
        onState(.classic(address: node.description, sharedRFCs: wanted.count, notShared: desired.count - wanted.count))
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var secondsValue: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
