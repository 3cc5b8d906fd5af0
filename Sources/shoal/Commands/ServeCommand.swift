import ArgumentParser
import Logging
import Model
import PeerEngine
import ServiceLifecycle

/// `shoal serve`: share and upload, headless, until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Share the uploads folder and serve it to other peers until SIGINT or SIGTERM (no UI).",
        discussion: "Saved downloads resume too. The shared folder is rescanned every --rescan-interval seconds (default 60); logs go to stderr."
    )

    @OptionGroup var index: IndexOptions
    @OptionGroup var peer: PeerOptions

    func run() async throws {
        let logger = LogSetup.bootstrap(index.common.logLevel ?? "info")
        do {
            let engine = try ShoalEngine(configuration: peer.configuration(index.settings()), logger: logger)
            let group = ServiceGroup(configuration: .init(services: [.init(service: ServingPeer(engine: engine, logger: logger), successTerminationBehavior: .gracefullyShutdownGroup)],
                                                          gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        } catch {
            CLIFailure.from(error).exit()
        }
    }
}

/// The engine as a service: starts it, reports what matters, stops it on graceful shutdown.
struct ServingPeer: Service {
    let engine: ShoalEngine
    let logger: Logger

    func run() async throws {
        try await engine.start(scanFirst: false)
        logger.info("serving \(engine.configuration.uploads) on port \(engine.uploadPort ?? 0); hashing in the background")
        await withTaskCancellationOrGracefulShutdownHandler {
            for await event in engine.events {
                switch event {
                case .index(.connected(let address, let peer, let observed)):
                    logger.info("connected to index \(address) as \(peer) (seen as \(observed))")
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
        } onCancelOrGracefulShutdown: {
            Task { await engine.stop() }
        }
        await engine.stop()
    }
}
