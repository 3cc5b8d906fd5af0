import ArgumentParser
import Demo
import Foundation
import Model
import NIOConcurrencyHelpers
import PeerEngine
import Synchronization

/// `shoal demo`: Shoal working within a minute, with nothing to set up and nothing left behind.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Try Shoal: an index and three bot peers with sample files, and the UI as your own peer.",
        discussion: """
            Everything runs in this one process, on 127.0.0.1 only: an index on a free port, and three bots \
            (ada, basho, cleo) sharing generated samples, from a few KB to 300 MB (accented and CJK names, \
            files held by two or three bots, one classic RFC text), their uploads rate-limited so transfers \
            can be watched. You are a fourth peer sharing ./uploads and downloading into ./downloads; the \
            hint bar walks you through searching and downloading.

            Quitting (q, Ctrl-C or SIGTERM) stops the bots and the index and deletes their temporary folder \
            ($TMPDIR/shoal-demo-PID-XXXXXX). Your downloads stay, and an unfinished one resumes in the next demo \
            (the samples are the same every time). Your peer's state is <state>/demo.
            """
    )

    @OptionGroup var common: ConfigOptions
    @OptionGroup var folders: FolderOptions
    @Option(help: "Theme name, a file NAME.toml in a theme folder (default: the config file's, else default).",
            completion: .custom { _, _, _ in UILaunch.themeNames })
    var theme: String?
    @Option(help: ArgumentHelp("Upload rate limit of each bot, e.g. 2M or 500K bytes per second; 0: unlimited.", valueName: "rate"))
    var botRate = "2M"

    func validate() throws {
        guard ByteCount.parse(botRate) != nil else { throw ValidationError("--bot-rate must be a rate such as 500K or 2M, not '\(botRate)'") }
    }

    func run() throws {
        let config = common.loadConfig()
        var configuration = EngineConfiguration(uploadHost: "127.0.0.1")
        folders.apply(to: &configuration, config: config)
        configuration.state = (configuration.state as NSString).appendingPathComponent("demo")
        configuration.maximumUploadRate = PeerOptions.limit(nil, config.uploadRate)
        configuration.maximumDownloadRate = PeerOptions.limit(nil, config.downloadRate)
        let botRate = PeerOptions.limit(botRate, nil)
        let network = NIOLockedValueBox<DemoNetwork?>(nil)
        UILaunch(themeName: theme ?? config.theme ?? "default", config: config).run(
            configuration: configuration, logLevel: common.logLevel ?? "info", demoGuide: true,
            prepare: { configuration, logger in
                let started = try await DemoNetwork.start(botUploadRate: botRate, logger: logger,
                                                          progress: { print("shoal demo: \($0)") },
                                                          shouldStop: { terminationRequested.load(ordering: .relaxed) })
                network.withLockedValue { $0 = started }
                var prepared = configuration
                prepared.indexHost = started.index.host
                prepared.indexPort = started.index.port
                prepared.indexKeyprint = started.index.keyprint
                return prepared
            },
            finish: {
                guard let started = network.withLockedValue({ $0 }) else { return }
                await started.stop()
                print("shoal demo: stopped the bots and the index; removed \(started.folder)")
            })
    }
}
