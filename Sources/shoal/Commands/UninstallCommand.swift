import ArgumentParser

/// `shoal uninstall`: removes what `shoal install` put under a prefix, and nothing else.
struct UninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract: "Remove what 'shoal install' put under a prefix (the files its list names, nothing else).",
        discussion: "Your state folders, downloads and configuration are left alone."
    )

    @Option(help: ArgumentHelp("The prefix given to install (default: ~/.local).", valueName: "dir"), completion: .directory)
    var prefix: String = InstallLayout.defaultPrefix

    func run() throws {
        let installer = Installer.running(prefix: prefix)
        let layout = installer.layout
        do {
            let removed = try installer.uninstall()
            print("removed \(removed) files from \(layout.prefix)")
        } catch {
            CLIFailure(message: "uninstall failed: \(error)", code: 1).exit()
        }
    }
}
