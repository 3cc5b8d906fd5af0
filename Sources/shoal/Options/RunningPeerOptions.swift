import ArgumentParser

/// `--state`, for query commands: a peer running on that state folder is asked instead of the index.
struct RunningPeerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("State folder of a running peer ('shoal serve' or the UI) to ask through (default: the config "
                               + "file's, else .shoal). Without one running there, or with --index, the index is asked directly.",
                               valueName: "dir"), completion: .directory)
    var state: String?
}
