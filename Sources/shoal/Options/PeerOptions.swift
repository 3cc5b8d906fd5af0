import ArgumentParser
import Model
import PeerApp
import PeerEngine

/// Options of commands that run a whole peer (`ui`, `serve`, `get`). Each one left out comes from the
/// configuration file, else from the default named in its help.
struct PeerOptions: ParsableArguments {
    @OptionGroup var folders: FolderOptions

    @Option(help: "Upload server port (default: 0, any free one).")
    var port: Int?

    @Option(help: ArgumentHelp("Address the upload server listens on (default: 0.0.0.0).", valueName: "address"))
    var listen: String?

    @Option(help: ArgumentHelp("Upload rate limit, e.g. 500K or 2M bytes per second (default: 0, unlimited).", valueName: "rate"))
    var maxUploadRate: String?

    @Option(help: ArgumentHelp("Download rate limit, e.g. 500K or 2M bytes per second (default: 0, unlimited).", valueName: "rate"))
    var maxDownloadRate: String?

    @Option(help: "Peers served at once; each keeps its slot while its connection is open (default: 4).")
    var uploadSlots: Int?

    @Option(help: "Downloads that run at once; the rest wait in the queue (default: 3).")
    var maxDownloads: Int?

    @Option(help: "Seconds between rescans of the shared folder (default: 60).")
    var rescanInterval: Int?

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be from 0 to 65535") }
        for (flag, value) in [("--max-upload-rate", maxUploadRate), ("--max-download-rate", maxDownloadRate)] {
            if let value, ByteCount.parse(value) == nil { throw ValidationError("\(flag) must be a rate such as 500K or 2M, not '\(value)'") }
        }
        if let uploadSlots, uploadSlots < 1 { throw ValidationError("--upload-slots must be at least 1") }
        if let maxDownloads, maxDownloads < 1 { throw ValidationError("--max-downloads must be at least 1") }
        if let rescanInterval, rescanInterval < 5 { throw ValidationError("--rescan-interval must be at least 5 seconds") }
    }

    /// The engine's configuration: each flag given, else the configuration file's value, else the default.
    func configuration(_ settings: IndexOptions.Settings) -> EngineConfiguration {
        let config = settings.config
        var result = EngineConfiguration(indexHost: settings.index.host, indexPort: settings.index.port)
        result.indexKeyprint = settings.index.keyprint
        result.otherIndexNodes = settings.otherNodes
        result.allowsPlaintext = settings.allowsPlaintext
        result.indexToken = settings.token
        folders.apply(to: &result, config: config)
        result.uploadHost = listen ?? config.listenAddress ?? result.uploadHost
        result.uploadPort = port ?? config.listenPort ?? result.uploadPort
        result.uploadSlots = uploadSlots ?? config.uploadSlots ?? result.uploadSlots
        result.maximumUploadRate = Self.limit(maxUploadRate, config.uploadRate)
        result.maximumDownloadRate = Self.limit(maxDownloadRate, config.downloadRate)
        result.maximumActiveDownloads = maxDownloads ?? config.maxDownloads ?? result.maximumActiveDownloads
        result.rescanInterval = rescanInterval ?? config.rescanInterval ?? result.rescanInterval
        return result
    }

    /// A rate limit from the flag, else the file; 0 or neither means none.
    static func limit(_ flag: String?, _ configured: Int?) -> Int? {
        let rate = flag.flatMap(ByteCount.parse) ?? configured ?? 0
        return rate > 0 ? rate : nil
    }
}
