import ArgumentParser
import Foundation
import Model
import PeerEngine
import ServiceLifecycle

/// `shoal get HASH|rfc:N|NAME`: download one file, verified, then exit.
struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Download a file by hash, rfc:N or name, from every peer that has it (or one, with --from).",
        discussion: """
            Exits 0 only when the verified file is in the downloads folder; prints its path on stdout. \
            Progress goes to stderr: a live line on a terminal, a plain line every few seconds otherwise. \
            Ctrl-C stops; the same command later resumes from the verified chunks. \
            With a peer running on the state folder ('shoal serve', or the UI), the download is queued in that \
            peer and followed: Ctrl-C stops following and the peer goes on (--cancel-on-interrupt cancels it).
            """
    )

    @OptionGroup var index: IndexOptions
    @OptionGroup var peer: PeerOptions
    @Argument(help: "A content hash (64 hex digits), rfc:N, or a file name (or words of it) to search for.")
    var target: String
    @Option(help: ArgumentHelp("Download only from this peer (its id, such as p12).", valueName: "peer"))
    var from: String?
    @Flag(help: "On Ctrl-C or SIGTERM, cancel the download (deleting its partial data) instead of keeping it.")
    var cancelOnInterrupt = false

    func validate() throws {
        if let from, PeerID(from) == nil { throw ValidationError("--from takes a peer id such as p12, not '\(from)'") }
    }

    func run() async throws {
        let logger = LogSetup.bootstrap(index.common.logLevel ?? "warning")
        let outcome: Result<String, CLIFailure>
        do {
            let configuration = peer.configuration(index.settings())
            let getter: Getter
            let running = await RunningPeer.attach(state: configuration.state, client: "shoal get")
            if let running {
                getter = Getter(link: running, engine: nil, target: target, from: from.flatMap { PeerID($0) },
                                cancelOnInterrupt: cancelOnInterrupt)
            } else {
                let engine = try ShoalEngine(configuration: configuration, logger: logger)
                getter = Getter(link: engine, engine: engine, target: target, from: from.flatMap { PeerID($0) },
                                cancelOnInterrupt: cancelOnInterrupt)
            }
            let group = ServiceGroup(configuration: .init(services: [.init(service: getter, successTerminationBehavior: .gracefullyShutdownGroup)],
                                                          gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
            await running?.close()
            let stopped = cancelOnInterrupt ? "stopped, and the download is cancelled"
                : running != nil ? "stopped following; the peer on \(configuration.state) goes on downloading"
                : "stopped; run the same command again to resume"
            outcome = getter.result.withLockedValue { $0 } ?? .failure(CLIFailure(message: stopped, code: 130))
        } catch {
            outcome = .failure(CLIFailure.from(error))
        }
        switch outcome {
        case .success(let path): print(path)
        case .failure(let failure): failure.exit()
        }
    }
}
