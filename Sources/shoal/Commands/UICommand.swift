import ArgumentParser

/// `shoal` (or `shoal ui`): the full-screen terminal UI over a running peer.
struct UICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "The full-screen terminal UI (what bare 'shoal' runs). Press ? inside for the keys.",
        discussion: """
            Themes are TOML files in ./Themes or ~/.config/shoal/themes (default, light, monochrome, 256); \
            t switches at once. NO_COLOR turns colour off. While the UI runs, logs go to <state>/shoal.log. \
            Where a peer already runs on the state folder ('shoal serve', another window), the UI attaches to it: \
            q detaches and leaves it running, Q stops it too. Otherwise this window runs the peer.
            """
    )

    @OptionGroup var index: IndexOptions
    @OptionGroup var peer: PeerOptions
    @Option(help: "Theme name, a file NAME.toml in a theme folder (default: the config file's, else default).",
            completion: .custom { _, _, _ in UILaunch.themeNames })
    var theme: String?

    func run() throws {
        let settings = index.settings()
        UILaunch(themeName: theme ?? settings.config.theme ?? "default", config: settings.config)
            .run(configuration: peer.configuration(settings), logLevel: index.common.logLevel ?? "info")
    }
}
