import ArgumentParser
import Model
import PeerEngine
import Wire

/// Options of commands that run a whole peer (`serve`, `get`).
struct PeerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Folder to share.", valueName: "dir"))
    var uploads = "uploads"

    @Option(help: ArgumentHelp("Folder that receives verified downloads.", valueName: "dir"))
    var downloads = "downloads"

    @Option(help: ArgumentHelp("Folder for this peer's state (hash cache, download queue). Give each peer on one machine its own.",
                               valueName: "dir"))
    var state = ".shoal"

    @Option(help: "Upload server port; 0 picks a free one.")
    var port = 0

    @Option(help: ArgumentHelp("Address the upload server listens on.", valueName: "address"))
    var listen = "0.0.0.0"

    @Option(help: ArgumentHelp("Nickname shown to other peers (letters, digits, . _ -).", valueName: "nick"))
    var name: String?

    @Option(help: ArgumentHelp("Upload rate limit, e.g. 500K or 2M (bytes per second).", valueName: "rate"))
    var maxUploadRate: String?

    @Option(help: ArgumentHelp("Download rate limit, e.g. 500K or 2M (bytes per second).", valueName: "rate"))
    var maxDownloadRate: String?

    @Option(help: "Peers served at once (each keeps its slot while its connection is open).")
    var uploadSlots = 4

    @Option(help: "Downloads that run at once; the rest wait in the queue.")
    var maxDownloads = 3

    @Option(help: "Seconds between rescans of the shared folder.")
    var rescanInterval = 60

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        if let name, !TextRules.isValidNickname(name) { throw ValidationError("--name must be 1-32 letters, digits, '.', '_' or '-'") }
        for (flag, value) in [("--max-upload-rate", maxUploadRate), ("--max-download-rate", maxDownloadRate)] {
            if let value, ByteCount.parse(value) == nil { throw ValidationError("\(flag) must be a rate such as 500K or 2M, not '\(value)'") }
        }
        guard uploadSlots > 0 else { throw ValidationError("--upload-slots must be at least 1") }
        guard maxDownloads > 0 else { throw ValidationError("--max-downloads must be at least 1") }
        guard rescanInterval >= 5 else { throw ValidationError("--rescan-interval must be at least 5 seconds") }
    }

    func configuration(index: IndexOptions) -> EngineConfiguration {
        EngineConfiguration(uploads: uploads, downloads: downloads, state: state, indexHost: index.host, indexPort: index.port,
                            uploadHost: listen, uploadPort: port, nickname: name, uploadSlots: uploadSlots,
                            maximumUploadRate: maxUploadRate.flatMap(ByteCount.parse).flatMap { $0 > 0 ? $0 : nil },
                            maximumDownloadRate: maxDownloadRate.flatMap(ByteCount.parse).flatMap { $0 > 0 ? $0 : nil },
                            maximumActiveDownloads: maxDownloads, rescanInterval: rescanInterval)
    }
}
