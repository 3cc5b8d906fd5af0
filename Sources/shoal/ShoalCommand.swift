import ArgumentParser
import PeerApp
import PeerSettings
import Release

/// `shoal`: the Shoal peer. Headless subcommands for scripts and servers.
@main
struct ShoalCommand: AsyncParsableCommand {
    /// This build: printed by --version and `shoal version`, and at the top of every log.
    static let release = ShoalRelease.current(program: "shoal")

    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "shoal",
        abstract: "Share files and download them, verified, from other Shoal and classic P2P-CI peers.",
        usage: "shoal [ui] [<options>]  (the full-screen UI)\n       shoal <subcommand> ...  (headless; see below)",
        discussion: """
            A peer shares a folder (./uploads), serves it to other peers, and downloads into ./downloads. \
            A file is named by its id, the SHA-256 over its chunks' SHA-256 digests ('shoal hash FILE' prints it). \
            Every chunk of a download is checked against that id before it counts, and only a complete file \
            appears in the downloads folder; an interrupted download resumes where it stopped. New here? Run \
            'shoal demo'.

            A peer can run for days with 'shoal serve'; 'shoal' on its state folder attaches a window to it, \
            and get, search, list and browse go through it.

            Settings you would repeat (index, folders, nickname, theme, rate limits) can go in \
            \(UserConfig.defaultPath()) (TOML; see the README); flags override it, --config names another file.

            Exit codes:
              0  success (for get: the verified file is in place)
              1  the operation failed (for example every source failed)
              2  nothing found (no search results, no such file or peer)
              3  the index is unreachable
              5  disk full or the downloads folder cannot be written
             64  bad command line
            130  interrupted (Ctrl-C); get resumes when run again

            Shell completions: shoal --generate-completion-script bash|zsh|fish ('shoal install' puts them \
            in place; the README says where).
            """,
        version: release.summary,
        subcommands: [UICommand.self, DemoCommand.self, ServeCommand.self, SearchCommand.self, ListCommand.self, BrowseCommand.self, SourcesCommand.self,
                      GetCommand.self, HashCommand.self, VersionCommand.self, InstallCommand.self, UninstallCommand.self],
        defaultSubcommand: UICommand.self
    ) }
}
