import Foundation
import Model
import PeerApp
import TerminalUI
import Testing
@testable import PeerSettings

@Suite("Configuration file")
struct UserConfigTests {
    @Test("every setting is read: index, nickname, theme, folders (with ~), limits, upload server")
    func everySetting() throws {
        let text = """
            # mine
            index = "hub.example.org:7000"
            nickname = "alice"
            theme = "light"

            [folders]
            uploads = "~/shared"
            downloads = "/srv/in"
            state = "state"

            [limits]
            upload-rate = "500K"
            download-rate = 0
            upload-slots = 6
            max-downloads = 2
            rescan-interval = 120

            [upload-server]
            address = "127.0.0.1"
            port = 7000
            """
        let config = try UserConfig.parse(text, file: "config.toml")
        #expect(config.index == IndexAddress(host: "hub.example.org", port: 7000))
        #expect(config.nickname == "alice" && config.theme == "light")
        #expect(config.uploads == NSHomeDirectory() + "/shared" && config.downloads == "/srv/in" && config.state == "state")
        #expect(config.uploadRate == 500 * 1024 && config.downloadRate == 0)
        #expect(config.uploadSlots == 6 && config.maxDownloads == 2 && config.rescanInterval == 120)
        #expect(config.listenAddress == "127.0.0.1" && config.listenPort == 7000)
        #expect(try UserConfig.parse("", file: "empty.toml") == UserConfig())
    }

    @Test("mistakes name the file and the line, with what is wrong", arguments: [
        ("index = \"hub:99999\"\n", 1, "not an index address"),
        ("\n\nnickname = \"al ice\"\n", 3, "nickname must be"),
        ("theme = 3\n", 1, "theme must be a string"),
        ("nick = \"x\"\n", 1, "unknown setting 'nick'"),
        ("[folders]\nuploads = \"up\"\ndownload = \"x\"\n", 3, "[folders] unknown setting 'download'"),
        ("[limits]\nupload-rate = \"fast\"\n", 2, "upload-rate must be a rate"),
        ("[limits]\n\nupload-slots = 0\n", 3, "upload-slots must be a whole number from 1"),
        ("[upload-server]\nport = 70000\n", 2, "port must be a whole number from 0 to 65535"),
        ("folders = \"x\"\n", 1, "folders must be a table"),
        ("index = \"a:1\"\nindex = \"b:2\"\n", 2, "cannot redefine"),
        ("[limits\n", 1, "expected ']'"),
        ("index = \"a:1\"\n\n[limit]\nupload-rate = \"1M\"\n", 3, "unknown setting 'limit'"),
        ("\n[ Folders ]\nuploads = \"x\"\n", 2, "unknown setting 'Folders'"),
        ("\nlimits.upload-rate = \"fast\"\n", 2, "upload-rate must be a rate"),
        ("[upload-server]\naddress = \"\"\n", 2, "address must be an IP address"),
        ("notify = \"loud\"\n", 1, "notify must be \"bell\", \"desktop\" or \"off\""),
        ("mouse = \"yes\"\n", 1, "mouse must be true or false"),
        ("[keys]\ndownload = \"D\"\ndownlaod = \"E\"\n", 3, "[keys] unknown action 'downlaod'"),
        ("[keys]\n\nsearch = \"Ctrl-\"\n", 3, "[keys] search: 'Ctrl-' is not a key"),
        ("[keys]\nfilter = 6\n", 2, "[keys] filter must be a key in quotes"),
        ("[keys]\nrescan = \"x\"\ndownload = \"s\"\n", 3, "[keys] download: s is already the key of sources"),
        ("[keys]\nhelp = \"Esc\"\n", 2, "[keys] help: Esc is kept for leaving"),
    ])
    func mistakes(text: String, line: Int, problem: String) {
        let error = #expect(throws: TOMLFileProblem.self) { try UserConfig.parse(text, file: "/home/u/.config/shoal/config.toml") }
        #expect(error?.line == line, "\(String(describing: error))")
        #expect(error?.problem.contains(problem) == true, "\(String(describing: error))")
        #expect(error?.description.hasPrefix("/home/u/.config/shoal/config.toml:\(line): ") == true)
    }

    @Test("[keys] rebinds actions (one key or a list, [] unbinds); notify and mouse are read")
    func interface() throws {
        let config = try UserConfig.parse("notify = \"desktop\"\nmouse = false\n[keys]\ndownload = \"D\"\nup = [\"Up\", \"Ctrl-P\"]\ntheme = []\n",
                                          file: "c.toml")
        #expect(config.notify == .desktop && config.mouse == false)
        let keys = try #require(config.keys)
        #expect(keys.keys(for: .download) == [.character("D")])
        #expect(keys.keys(for: .up) == [.up, .control("p")])
        #expect(keys.keys(for: .theme).isEmpty && keys.action(for: .character("t"), in: .search) == nil)
        #expect(keys.keys(for: .sources) == [.character("s")])
    }

    @Test("the file is looked for in XDG_CONFIG_HOME, else ~/.config; a missing default file is no error, a missing named one is")
    func location() throws {
        #expect(UserConfig.defaultPath(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/shoal/config.toml")
        #expect(UserConfig.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/shoal/config.toml")
        let missing = NSTemporaryDirectory() + "shoal-no-such-config.toml"
        #expect(try UserConfig.load(path: missing, required: false) == UserConfig())
        #expect(throws: TOMLFileProblem.self) { try UserConfig.load(path: missing, required: true) }
    }
}
