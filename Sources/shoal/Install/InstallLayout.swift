import Foundation

/// Where `shoal install` puts each file under a prefix, in the places shells and `man` look by default.
struct InstallLayout {
    let prefix: String

    var bin: String { prefix + "/bin" }
    /// Themes the installed `shoal` finds beside its executable (`../share/shoal/themes`).
    var themes: String { prefix + "/share/shoal/themes" }
    var manPages: String { prefix + "/share/man/man1" }
    var bashCompletions: String { prefix + "/share/bash-completion/completions" }
    var zshCompletions: String { prefix + "/share/zsh/site-functions" }
    var fishCompletions: String { prefix + "/share/fish/vendor_completions.d" }
    /// The commit the installed build came from (read by `--version`).
    var commitFile: String { prefix + "/share/shoal/commit" }
    /// Every file installed, one path a line relative to the prefix: what `shoal uninstall` removes.
    var manifest: String { prefix + "/share/shoal/installed-files" }

    /// The completion script for `program` in `shell`, and where it goes.
    func completionPath(program: String, shell: String) -> String {
        switch shell {
        case "bash": return "\(bashCompletions)/\(program)"
        case "zsh": return "\(zshCompletions)/_\(program)"
        default: return "\(fishCompletions)/\(program).fish"
        }
    }

    /// The default prefix: `~/.local`, whose `bin` most desktop distributions put on PATH.
    static var defaultPrefix: String {
        (ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()) + "/.local"
    }

    static let shells = ["bash", "zsh", "fish"]
    static let programs = ["shoal", "shoal-index"]
}
