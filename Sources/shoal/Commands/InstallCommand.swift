import ArgumentParser
import Foundation

/// `shoal install`: puts this build of `shoal` and `shoal-index` on the PATH, with themes, shell
/// completions and man pages.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install this build (shoal, shoal-index, themes, completions, man pages) under a prefix.",
        discussion: """
            Run it from a release build in the checkout: swift build -c release && .build/release/shoal install. \
            Files go to PREFIX/bin, PREFIX/share/shoal/themes, PREFIX/share/man/man1 and the bash, zsh and fish \
            completion folders under PREFIX/share; PREFIX/share/shoal/installed-files lists them for \
            'shoal uninstall'. Man pages are installed when 'swift package generate-manual' has made them.
            """
    )

    @Option(help: ArgumentHelp("Where to install (default: ~/.local; /usr/local needs root).", valueName: "dir"),
            completion: .directory)
    var prefix: String = InstallLayout.defaultPrefix

    func run() throws {
        let installer = Installer.running(prefix: prefix)
        let layout = installer.layout
        do {
            let files = try installer.install()
            print("installed \(files.count) files under \(layout.prefix) (\(ShoalCommand.release.summary))")
            let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            if !path.contains(layout.bin) {
                print("\(layout.bin) is not on your PATH: add  export PATH=\"\(layout.bin):$PATH\"  to your shell's profile")
            }
        } catch {
            CLIFailure(message: "install failed: \(error)", code: 1).exit()
        }
    }
}
