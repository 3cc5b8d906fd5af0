import ArgumentParser
import Model
import PeerSettings
import PeerEngine

/// Where a peer keeps its files and what it is called: options of every command that runs a peer.
struct FolderOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Folder to share (default: uploads).", valueName: "dir"), completion: .directory)
    var uploads: String?

    @Option(help: ArgumentHelp("Folder that receives verified downloads (default: downloads).", valueName: "dir"), completion: .directory)
    var downloads: String?

    @Option(help: ArgumentHelp("Folder for this peer's state: hash cache, download queue, UI log (default: .shoal). "
                               + "Give each peer on one machine its own.", valueName: "dir"), completion: .directory)
    var state: String?

    @Option(help: ArgumentHelp("Nickname shown to other peers (letters, digits, . _ -).", valueName: "nick"))
    var name: String?

    func validate() throws {
        if let name, !Nickname.isValid(name) { throw ValidationError("--name must be 1-32 letters, digits, '.', '_' or '-'") }
    }

    /// Sets each of these on `configuration`: the flag given, else the configuration file's value.
    func apply(to configuration: inout EngineConfiguration, config: UserConfig) {
        configuration.uploads = uploads ?? config.uploads ?? configuration.uploads
        configuration.downloads = downloads ?? config.downloads ?? configuration.downloads
        configuration.state = state ?? config.state ?? configuration.state
        configuration.nickname = name ?? config.nickname ?? configuration.nickname
    }
}
