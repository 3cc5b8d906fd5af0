import ArgumentParser
import Logging
import Model
import PeerControl
import PeerEngine
import ServiceLifecycle

/// `shoal serve`: share and upload, headless, until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the peer headless: share, upload and download until SIGINT or SIGTERM.",
        discussion: """
            Saved downloads resume too. The shared folder is rescanned every --rescan-interval seconds (default 60); \
            logs go to stderr. While it runs, 'shoal' on the same state folder attaches its UI to this peer \
            (q detaches, Q stops the peer), and 'shoal get', 'search', 'list' and 'browse' go through it \
            (its control socket is STATE/control.sock, for this user only).
            """
    )

    @OptionGroup var index: IndexOptions
    @OptionGroup var peer: PeerOptions

    func run() async throws {
        let logger = LogSetup.bootstrap(index.common.logLevel ?? "info")
        do {
            let configuration = peer.configuration(index.settings())
            let engine = try ShoalEngine(configuration: configuration, logger: logger)
            let control = ControlServer(link: engine, path: ControlSocket.path(inState: configuration.state),
                                        peerName: configuration.nickname ?? configuration.state, logger: logger)
            // Shut down in reverse: the control socket closes first, then the reports, then the peer stops.
            let group = ServiceGroup(configuration: .init(services: [
                .init(service: engine, successTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: ServeReport(engine: engine, logger: logger), successTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: control, successTerminationBehavior: .gracefullyShutdownGroup),
            ], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        } catch {
            CLIFailure.from(error).exit()
        }
    }
}

/// What `shoal serve` says while the peer runs, and the end of it when a face asks the peer to stop.
struct ServeReport: Service {
    let engine: ShoalEngine
    let logger: Logger

    /// Returns on a graceful shutdown, or when a face asks the peer to stop (the group then shuts down).
    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { work in
                work.addTask { await report() }
                // A face attached to this peer may stop it (Q in the UI).
                work.addTask {
                    for await _ in engine.stopRequests {
                        logger.notice("stopping: a face attached to this peer asked it to stop")
                        return
                    }
                }
                await work.next()
                work.cancelAll()
            }
        }
    }

    /// Logs what matters of the engine's events until the engine stops or the task is cancelled.
    private func report() async {
        for await event in engine.subscribe() {
            switch event {
            case .index(.connected(let address, let peer, let observed, let reachable, _)):
                logger.info("connected to index \(address) as \(peer) (seen as \(observed))")
                if reachable == false {
                    logger.warning("\(IndexConnectionState.unreachableNotice(address: address, port: engine.uploadPort ?? 0))")
                }
            case .index(.classic(_, let rfcs, let others)):
                logger.notice("sharing \(rfcs) RFC-named files on the classic index; \(others) other files are not offered there")
            case .index(.disconnected(let address, let reason, let retry)):
                logger.warning("index \(address) lost (\(reason)); retrying in \(Int(retry.rounded(.up))) s")
            case .sharedFiles(let files):
                let bytes = files.reduce(UInt64(0)) { $0 + ($1.size ?? 0) }
                logger.info("sharing \(files.count) files (\(ByteCount.format(bytes)))")
            case .transfer(let snapshot) where snapshot.state == .completed && snapshot.direction == .download:
                logger.info("downloaded \(snapshot.name) to \(snapshot.path ?? "?")")
            case .problem(let text):
                logger.warning("\(text)")
            default:
                break
            }
        }
    }
}
