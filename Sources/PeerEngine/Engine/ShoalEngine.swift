import Foundation
import Logging
import Model
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Wire

/// The peer: shares a folder, serves it, keeps the index informed, and downloads verified files.
///
/// Faces (the terminal UI, the headless CLI, clients of the control socket) reach it as an ``EngineLink``:
/// ``EngineCommand``s, ``EngineQuery``s, and events from ``subscribe()``. Nothing here touches a terminal.
public final class ShoalEngine: Sendable {
    public let configuration: EngineConfiguration
    public let catalog = ShareCatalog()
    public let uploadStatistics = UploadStatistics()
    /// Yields once for each ``EngineCommand/stopPeer`` a face sends: whoever runs the engine stops it.
    public let stopRequests: AsyncStream<Void>

    private let hub = EngineEventHub()
    private let stopContinuation: AsyncStream<Void>.Continuation
    private let logger: Logger
    private let group: any EventLoopGroup
    /// Chunk writes and verification.
    private let pool: NIOThreadPool
    /// Share hashing, on its own thread so that it never holds up downloads.
    private let hashPool: NIOThreadPool
    /// Downloads' whole-file hashes, computed in file order while chunks arrive (one thread: in order).
    private let digestPool: NIOThreadPool
    /// Rescans run one at a time; a newer scan's result is never replaced by an older one's.
    private let scanning = NIOLockedValueBox(0)
    /// Set when stopping: hashing ends at the next chunk.
    private let stopping = NIOLockedValueBox(false)
    private let store: StateStore
    private let uploads: UploadServer
    private let uploadLimits: UploadLimits
    private let shared = NIOLockedValueBox(Shared())

    private struct Shared {
        var index: IndexClient?
        var downloads: DownloadManager?
        var uploadPort: Int?
        var background: [Task<Void, Never>] = []
        var shareStatus = ShareStatus()
    }

    public init(configuration: EngineConfiguration, logger: Logger,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.configuration = configuration
        self.logger = logger
        self.group = group
        (stopRequests, stopContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        hashPool = NIOThreadPool(numberOfThreads: 1)
        hashPool.start()
        digestPool = NIOThreadPool(numberOfThreads: 1)
        digestPool.start()
        store = try StateStore(directory: configuration.state)
        uploadLimits = UploadLimits(slots: configuration.uploadSlots, bytesPerSecond: configuration.maximumUploadRate)
        uploads = UploadServer(catalog: catalog, limits: uploadLimits, statistics: uploadStatistics,
                               guards: configuration.uploadGuards, logger: logger, group: group)
    }

    // MARK: Lifecycle

    /// Starts the upload server and the index connection, resumes saved downloads, and scans the share.
    /// With `scanFirst` (tests, scripts that need the share at once) it returns after the first scan;
    /// otherwise the scan runs in the background and its files are registered when it ends.
    public func start(scanFirst: Bool = true) async throws {
        try FileManager.default.createDirectory(atPath: configuration.downloads, withIntermediateDirectories: true)
        let port = try await uploads.start(host: configuration.uploadHost, port: configuration.uploadPort)
        let emit = self.emit
        let index = IndexClient(settings: .init(host: configuration.indexHost, port: configuration.indexPort, uploadPort: port,
                                                nickname: configuration.nickname, initialBackoff: configuration.reconnectDelay),
                                logger: logger, group: group) { emit(.index($0)) }
        let rate = configuration.maximumDownloadRate.map { NIOLockedValueBox(TokenBucket(bytesPerSecond: $0, now: .now())) }
        let env = DownloadEnvironment(index: index, store: store, downloads: configuration.downloads, pool: pool,
                                      digestPool: digestPool, group: group, logger: logger, rate: rate,
                                      chunkTimeout: TimeAmount(configuration.chunkTimeout))
        let downloads = DownloadManager(env: env, maximumActive: configuration.maximumActiveDownloads, emit: emit)
        shared.withLockedValue {
            $0.index = index
            $0.downloads = downloads
            $0.uploadPort = port
        }
        if scanFirst { try await rescan() }
        await index.start()
        try await downloads.restore()
        startBackgroundWork(scanNow: !scanFirst)
    }

    /// Stops downloads (they resume at the next start), disconnects from the index, closes the upload server.
    public func stop() async {
        stopping.withLockedValue { $0 = true }
        let (index, downloads, background) = shared.withLockedValue { ($0.index, $0.downloads, $0.background) }
        for task in background { task.cancel() }
        await downloads?.stopAll()
        await index?.stop()
        await uploads.stop()
        try? await pool.shutdownGracefully()
        try? await hashPool.shutdownGracefully()
        try? await digestPool.shutdownGracefully()
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
        case .clearFinished: await downloads.clearFinished()
        case .rescan: try? await rescan()
        case .stopPeer: break  // above: it needs no downloads
        }
    }

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

    private func startBackgroundWork(scanNow: Bool) {
        let interval = configuration.rescanInterval
        let rescanner = Task { [weak self] in
            if scanNow { try? await self?.rescan() }
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                guard !Task.isCancelled, let self else { return }
                try? await self.rescan()
            }
        }
        let statistics = uploadStatistics
        let emit = self.emit
        let uploadReporter = Task {
            var previous: [Int64: UInt64] = [:]
            var meters: [Int64: TransferMeter] = [:]
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                for total in statistics.totals {
                    let sent = total.bytesSent - min(total.bytesSent, previous[total.id] ?? 0)
                    guard sent > 0 || previous[total.id] == nil || !total.active else { continue }
                    if sent == 0, previous[total.id] == total.bytesSent, !total.active { continue }
                    previous[total.id] = total.bytesSent
                    meters[total.id, default: TransferMeter()].record(sent, at: .now())
                    emit(.transfer(TransferSnapshot(id: total.id, direction: .upload, key: total.key, name: total.name,
                                                    size: total.size, bytesDone: total.bytesSent,
                                                    bytesPerSecond: total.active ? meters[total.id]?.bytesPerSecond(at: .now()) ?? 0 : 0,
                                                    activeSources: total.active ? 1 : 0,
                                                    state: total.active ? .uploading : .completed)))
                }
            }
        }
        shared.withLockedValue { $0.background += [rescanner, uploadReporter] }
    }

    private var emit: @Sendable (EngineEvent) -> Void {
        let hub = self.hub
        return { hub.emit($0) }
    }

    /// Events from now on, after the present state (see ``EngineLink/subscribe()``).
    public func subscribe() -> AsyncStream<EngineEvent> { hub.subscribe() }

    /// Faces subscribed now.
    public var subscriberCount: Int { hub.subscriberCount }
}
