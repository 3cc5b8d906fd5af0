import Foundation
import Logging
import Model
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Trust
import ServiceLifecycle
import Wire

/// The peer: shares a folder, serves it, keeps the index informed, and downloads verified files.
///
/// Faces (the terminal UI, the headless CLI, clients of the control socket) reach it as an ``EngineLink``:
/// ``EngineCommand``s, ``EngineQuery``s, and events from ``subscribe()``. Nothing here touches a terminal.
public final class ShoalEngine: Service, Sendable {
    public let configuration: EngineConfiguration
    public let catalog = ShareCatalog()
    public let uploadStatistics = UploadStatistics()
    /// Yields once for each ``EngineCommand/stopPeer`` a face sends: whoever runs the engine stops it.
    public let stopRequests: AsyncStream<Void>

    let hub = EngineEventHub()
    private let stopContinuation: AsyncStream<Void>.Continuation
    private let logger: Logger
    private let group: any EventLoopGroup
    /// Chunk writes and verification.
    private let pool: NIOThreadPool
    /// Share hashing, on its own thread so that it never holds up downloads.
    private let hashPool: NIOThreadPool
    /// Rescans run one at a time; a newer scan's result is never replaced by an older one's.
    private let scanning = NIOLockedValueBox(0)
    /// Set when stopping: hashing ends at the next chunk.
    private let stopping = NIOLockedValueBox(false)
    private let store: StateStore
    private let uploads: UploadServer
    /// This peer's TLS identity (kept in the state folder), the index keys it remembers, and whether
    /// plaintext is allowed (§9.1).
    public let trust: PeerTrust
    private let uploadLimits: UploadLimits
    private let shared = NIOLockedValueBox(Shared())
    let clock: any EngineClock

    private struct Shared {
        var index: IndexClient?
        var downloads: DownloadManager?
        var uploadPort: Int?
        /// The task ``start(scanFirst:)`` runs the engine on, and the signal that ends it.
        var runner: Task<Void, any Error>?
        var shutdown: AsyncStream<Void>.Continuation?
        var shareStatus = ShareStatus()
    }

    /// - Parameter clock: the time back-offs, retries, rescans and reports follow (virtual in tests).
    public init(configuration: EngineConfiguration, logger: Logger,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, clock: any EngineClock = SystemClock()) throws {
        self.clock = clock
        self.configuration = configuration
        self.logger = logger
        self.group = group
        (stopRequests, stopContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        hashPool = NIOThreadPool(numberOfThreads: 1)
        hashPool.start()
        store = try StateStore(directory: configuration.state)
        trust = PeerTrust(identity: try TLSIdentity.loadOrCreate(in: configuration.state, name: "shoal peer"), keys: store,
                          allowsPlaintext: configuration.allowsPlaintext)
        uploadLimits = UploadLimits(slots: configuration.uploadSlots, bytesPerSecond: configuration.maximumUploadRate)
        uploads = UploadServer(catalog: catalog, limits: uploadLimits, statistics: uploadStatistics,
                               guards: configuration.uploadGuards, logger: logger, pool: pool, trust: trust, group: group)
    }

    // MARK: Lifecycle

    /// The engine as a swift-service-lifecycle `Service` (what `shoal serve` runs): runs the peer until a
    /// graceful shutdown or cancellation, then stops it in order. See ``run(scanFirst:started:)``.
    public func run() async throws {
        try await run(scanFirst: false, started: nil)
    }

    /// Starts the engine on a task this engine owns and returns once it runs (for the UI, `shoal get` and
    /// tests; ``stop()`` ends it). With `scanFirst` (tests, scripts that need the share at once) it returns
    /// after the first scan; otherwise the scan runs in the background and its files are registered when it
    /// ends.
    public func start(scanFirst: Bool = true) async throws {
        try await withCheckedThrowingContinuation { (ready: CheckedContinuation<Void, any Error>) in
            let runner = Task { try await self.run(scanFirst: scanFirst) { ready.resume(with: $0) } }
            shared.withLockedValue { $0.runner = runner }
        }
    }

    /// Stops what ``start(scanFirst:)`` started, in order, and returns when it has stopped.
    public func stop() async {
        let (runner, shutdown) = shared.withLockedValue { ($0.runner, $0.shutdown) }
        shutdown?.finish()
        _ = await runner?.result
    }

    /// Runs the peer: starts the upload server, the index link and the download queue, resumes saved
    /// downloads, scans the share, and keeps rescanning and reporting uploads, every one of them a child
    /// task of this call. On a graceful shutdown, a cancellation or ``stop()``: downloads are checkpointed
    /// (they resume at the next start), the index link closes (the index drops this peer's records), the
    /// upload server closes, then the thread pools and the state folder are released and faces' event
    /// streams end.
    /// - Parameter started: told once the engine runs, or why it could not start.
    private func run(scanFirst: Bool, started: (@Sendable (Result<Void, any Error>) -> Void)?) async throws {
        let (shutdownSignal, shutdown) = AsyncStream.makeStream(of: Void.self)
        shared.withLockedValue { $0.shutdown = shutdown }
        let parts: Parts
        do {
            parts = try await startParts(scanFirst: scanFirst)
        } catch {
            started?(.failure(error))
            await release()
            throw error
        }
        started?(.success(()))
        logger.info("serving \(configuration.uploads) on port \(uploadPort ?? 0)\(scanFirst ? "" : "; hashing in the background")")
        await withDiscardingTaskGroup { tasks in
            tasks.addTask { await parts.index.run() }
            tasks.addTask { await self.keepRescanning(scanNow: !scanFirst) }
            tasks.addTask { await self.reportUploads() }
            await withGracefulShutdownHandler {
                await withTaskCancellationHandler {
                    for await _ in shutdownSignal {}
                } onCancel: {
                    shutdown.finish()
                }
            } onGracefulShutdown: {
                shutdown.finish()
            }
            stopping.withLockedValue { $0 = true }
            await parts.downloads.stopAll()
            await parts.index.stop()
            await uploads.stop()
            tasks.cancelAll()
        }
        await release()
    }

    /// What ``startParts(scanFirst:)`` made.
    private struct Parts {
        let index: IndexClient
        let downloads: DownloadManager
    }

    private func startParts(scanFirst: Bool) async throws -> Parts {
        try FileManager.default.createDirectory(atPath: configuration.downloads, withIntermediateDirectories: true)
        let port = try await uploads.start(host: configuration.uploadHost, port: configuration.uploadPort)
        let emit = self.emit, uploads = self.uploads
        let shared = self.shared
        var settings = IndexClient.Settings(host: configuration.indexHost, port: configuration.indexPort, uploadPort: port,
                                            nickname: configuration.nickname, keyprint: configuration.indexKeyprint,
                                            initialBackoff: configuration.reconnectDelay)
        settings.token = configuration.indexToken
        settings.otherNodes = configuration.otherIndexNodes
        let index = IndexClient(settings: settings,
                                logger: logger, group: group, clock: clock, trust: trust, onRelay: { push in
            guard push.punch else { return uploads.connectBack(push) }
            // The meeting is at the node that sent the push: the one the peer is connected to.
            guard let node = shared.withLockedValue({ $0.index })?.node else { return }
            uploads.punch(push, indexHost: node.host, indexPort: node.port) { await shared.withLockedValue { $0.index }?.dialing }
        }) { emit(.index($0)) }
        let rate = configuration.maximumDownloadRate.map { NIOLockedValueBox(TokenBucket(bytesPerSecond: $0, now: .now())) }
        let env = DownloadEnvironment(index: index, uploads: uploads, store: store, downloads: configuration.downloads, pool: pool,
                                      group: group, logger: logger, rate: rate,
                                      chunkTimeout: TimeAmount(configuration.chunkTimeout), clock: clock)
        let downloads = DownloadManager(env: env, maximumActive: configuration.maximumActiveDownloads, emit: emit)
        shared.withLockedValue {
            $0.index = index
            $0.downloads = downloads
            $0.uploadPort = port
        }
        if scanFirst { try await rescan() }
        try await downloads.restore()
        return Parts(index: index, downloads: downloads)
    }

    /// The last step of stopping: the thread pools, the state folder, the faces' event streams.
    private func release() async {
        stopping.withLockedValue { $0 = true }
        // The index client's relay handler reaches the index client through `shared` (for the punch's TLS):
        // let go of both, or they keep each other, and the engine's parts, alive.
        shared.withLockedValue {
            $0.index = nil
            $0.downloads = nil
        }
        try? await pool.shutdownGracefully()
        try? await hashPool.shutdownGracefully()
        store.release()
        hub.finish()
        stopContinuation.finish()
    }

    /// The upload server's port, once started.
    public var uploadPort: Int? { shared.withLockedValue { $0.uploadPort } }
    /// Upload slots held now, and upload connections open now.
    public var uploadSlotsInUse: Int { uploadLimits.slotsInUse }
    public var uploadConnections: Int { uploads.openConnections }
    public var shareStatus: ShareStatus { shared.withLockedValue { $0.shareStatus } }

    // MARK: Commands

    public func perform(_ command: EngineCommand) async {
        if command == .stopPeer {
            stopContinuation.yield()
            return
        }
        guard let downloads = shared.withLockedValue({ $0.downloads }) else { return }
        switch command {
        case .download(let key, let name, let size, let peer):
            do { _ = try await downloads.enqueue(key: key, name: name, size: size, from: peer) } catch {
                emit(.problem("cannot queue \(name): \(error)"))
            }
        case .pause(let id): await downloads.pause(id)
        case .resume(let id): await downloads.resume(id)
        case .cancel(let id): await downloads.cancel(id)
        case .setPriority(let id, let priority): await downloads.setPriority(id, priority)
        case .moveInQueue(let id, let by): await downloads.move(id, by: by)
        case .clearFinished: await downloads.clearFinished()
        case .rescan: try? await rescan()
        case .stopPeer: break  // above: it needs no downloads
        }
    }

    /// The download manager, once the engine has started.
    var downloadManager: DownloadManager? { shared.withLockedValue { $0.downloads } }

    /// Queues a download and returns its id (the CLI follows it by id).
    public func download(_ key: FileKey, name: String, size: UInt64?, from peer: PeerID?) async throws -> Int64 {
        guard let downloads = shared.withLockedValue({ $0.downloads }) else { throw IndexLinkError.unavailable("engine not started") }
        return try await downloads.enqueue(key: key, name: name, size: size, from: peer)
    }

    /// The index client, for queries (search, lookup, list, browse).
    public var index: IndexClient {
        get throws {
            guard let index = shared.withLockedValue({ $0.index }) else { throw IndexLinkError.unavailable("engine not started") }
            return index
        }
    }

    // MARK: Sharing

    /// Scans the shared folder now (hashing on the I/O pool) and tells the index what changed.
    public func rescan() async throws {
        let scanner = ShareScanner(root: configuration.uploads, store: store, logger: logger)
        let emit = self.emit
        let shared = self.shared
        let generation = scanning.withLockedValue { $0 += 1; return $0 }
        let stopping = self.stopping
        let scanned = try await hashPool.runIfActive {
            Result { () throws(ShareScanner.Unreadable) in
                try scanner.scan(progress: { status in
                    shared.withLockedValue { $0.shareStatus = status }
                    emit(.share(status))
                }, shouldStop: { stopping.withLockedValue { $0 } })
            }
        }
        if stopping.withLockedValue({ $0 }) { return }
        guard case .success(let files) = scanned else {
            if case .failure(let unreadable) = scanned {
                logger.warning("share scan failed (\(unreadable)); keeping the last good share of \(catalog.all.count) files")
            }
            return
        }
        // The hashing thread runs scans in order; only the newest one's result is applied.
        guard scanning.withLockedValue({ $0 == generation }) else { return }
        catalog.replace(with: files)
        emit(.sharedFiles(files.map(\.entry)))
        await shared.withLockedValue({ $0.index })?.setShare(files.map(\.announcement))
    }

    /// Hands an event to every face.
    func publish(_ event: EngineEvent) { hub.emit(event) }

    private var emit: @Sendable (EngineEvent) -> Void {
        let hub = self.hub
        return { hub.emit($0) }
    }

    /// Events from now on, after the present state (see ``EngineLink/subscribe()``).
    public func subscribe() -> AsyncStream<EngineEvent> { hub.subscribe() }

    /// Faces subscribed now.
    public var subscriberCount: Int { hub.subscriberCount }
}
