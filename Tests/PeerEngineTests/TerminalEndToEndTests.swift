import Demo
import Foundation
import Model
import Testing
import TestSupport
import Wire

/// The real UI in a real terminal (tmux): an index and a seeding peer run in this process; keys search
/// and download; the screen and the downloaded file are checked; q leaves the terminal as it was.
@Suite("Terminal UI end to end", .serialized)
struct TerminalEndToEndTests {
    /// `shoal` in a tmux terminal, in `folder` (also its config folder), joined to the index on `indexPort`;
    /// it prints `EXIT=` and its exit code when it ends. `environment`: more `NAME=value ` settings.
    static func shoal(in folder: String, indexPort: Int, environment: String = "") async throws -> TmuxSession {
        let shoal = CommandLineTests.executable.path
        return try await TmuxSession(command: "sh -c 'cd \(folder) && \(environment)XDG_CONFIG_HOME=\(folder) \(shoal) --index 127.0.0.1:\(indexPort) --listen 127.0.0.1 --theme monochrome; echo EXIT=$?; sleep 30'")
    }

    @Test("search and download with keys only, then quit cleanly")
    func searchDownloadQuit() async throws {
        try await SystemTool.tmux.require()
        try await TestIndex.with { index in
            let data = TestPeer.bytes(2_500_000, seed: 41)
            let seeder = try await TestPeer.connected(indexPort: index.port, name: "seed", files: ["Ünïcode 映画 film.mkv": data])
            try await index.logs.waitFor("the seeder's file") { $0.contains("registered 1 file") }
            let folder = TestPeer.temporaryFolder("tui")
            try FileManager.default.createDirectory(atPath: folder + "/Themes", withIntermediateDirectories: true)
            let session = try await Self.shoal(in: folder, indexPort: index.port)
            defer { session.kill() }

            try await session.waitForScreen(containing: "Transfers")
            try await session.waitForScreen(containing: ":\(index.port) as p")  // connected to the index
            try session.send("/", "film", "Enter")
            let results = try await session.waitForScreen(containing: "映画 film.mkv")
            #expect(results.contains("2.38 MiB"))
            try session.send("Enter")
            try await session.waitForScreen(containing: "completed")
            #expect(FileManager.default.contents(atPath: folder + "/downloads/Ünïcode 映画 film.mkv") == Data(data))
            try session.send("q")
            try await session.waitForScreen(containing: "EXIT=0")
            #expect(!session.alternateScreenOn, "the terminal is back on its normal screen")
            await seeder.discard()
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    @Test("config.toml binds download to D; f filters, o sorts, D downloads the filtered row; ? shows D; a folder from b's tree with d; i shows details")
    func remappedKeyAndFilter() async throws {
        try await SystemTool.tmux.require()
        try await TestIndex.with { index in
            let wanted = TestPeer.bytes(300_000, seed: 43), other = TestPeer.bytes(900_000, seed: 44)
            let intro = TestPeer.bytes(200_000, seed: 45), outro = TestPeer.bytes(250_000, seed: 46)
            let seeder = try await TestPeer.connected(indexPort: index.port, name: "seed",
                                                      files: ["live concert 2024.flac": other, "live Café session.flac": wanted,
                                                              "album/01 live intro.flac": intro, "album/cd2/02 live outro.flac": outro])
            try await index.logs.waitFor("the seeder's files") { $0.contains("registered 4 files") }
            let folder = TestPeer.temporaryFolder("tui-keys")
            try FileManager.default.createDirectory(atPath: folder + "/shoal", withIntermediateDirectories: true)
            try "notify = \"bell\"\n[keys]\ndownload = \"D\"\n".write(toFile: folder + "/shoal/config.toml", atomically: true, encoding: .utf8)
            let session = try await Self.shoal(in: folder, indexPort: index.port)
            defer { session.kill() }

            try await session.waitForScreen(containing: ":\(index.port) as p")
            try session.send("/", "live", "Enter")
            try await session.waitForScreen(containing: "live concert 2024.flac")
            try session.send("o", "o")
            try await session.waitForScreen(containing: "Size ▼")
            try session.send("f", "CAFE")
            let filtered = try await session.waitForScreen(containing: "(1 of 4)")
            #expect(!filtered.contains("live concert 2024.flac"))
            try session.send("Enter", "Enter")  // keeps the filter; Enter no longer downloads
            try session.send("?")
            let help = try await session.waitForScreen(containing: "this list of keys")
            #expect(help.contains("D          Search: download"))
            try session.send("Escape")
            try await session.waitForScreen(containing: "clear filter")
            try session.send("D")
            try await session.waitForScreen(containing: "completed")
            #expect(FileManager.default.contents(atPath: folder + "/downloads/live Café session.flac") == Data(wanted))
            #expect(!FileManager.default.fileExists(atPath: folder + "/downloads/live concert 2024.flac"))
            // The sort is remembered in the state folder.
            let remembered = try String(contentsOfFile: folder + "/.shoal/ui.json", encoding: .utf8)
            #expect(remembered.contains("\"column\" : \"Size\""))

            // A folder, from the peer's tree: the filter now finds the album's intro; b shows the tree, d takes the folder.
            try session.send("Escape")
            try await session.waitForScreen(containing: "(4)")
            try session.send("f", "intro", "Enter")
            try await session.waitForScreen(containing: "(1 of 4)")
            try session.send("b")
            try await session.waitForScreen(containing: "▸ album/")
            try session.send("d")
            try await session.waitForScreen(containing: "downloading album/ (2 files)")
            try await session.waitForLine("the folder download completed") { $0.contains("album/ (2 files)") && $0.contains("completed") }
            #expect(FileManager.default.contents(atPath: folder + "/downloads/album/01 live intro.flac") == Data(intro))
            #expect(FileManager.default.contents(atPath: folder + "/downloads/album/cd2/02 live outro.flac") == Data(outro))

            // Details of the first download: its source, the chunk map, where it is.
            try session.send("3", "g")
            try await session.waitForLine("the first download selected") { $0.contains("live Café session.flac") }
            try session.send("i")
            let details = try await session.waitForScreen(containing: "Sources this run (1)")
            #expect(details.contains("Saved as downloads/live Café session.flac"))  // where shoal runs: ./downloads
            #expect(details.contains("1 of 1 verified") && details.contains("█"))
            try session.send("Escape")
            try session.send("q")
            try await session.waitForScreen(containing: "EXIT=0")
            await seeder.discard()
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    @Test("the mouse in a real terminal: a click selects a result, a double click downloads it")
    func mouse() async throws {
        try await SystemTool.tmux.require()
        try await TestIndex.with { index in
            let data = TestPeer.bytes(120_000, seed: 47)
            let seeder = try await TestPeer.connected(indexPort: index.port, name: "seed",
                                                      files: ["mouse one.txt": [1, 2, 3], "mouse two.bin": data])
            try await index.logs.waitFor("the seeder's files") { $0.contains("registered 2 files") }
            let folder = TestPeer.temporaryFolder("tui-mouse")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let session = try await Self.shoal(in: folder, indexPort: index.port, environment: "TERM=xterm-256color ")
            defer { session.kill() }
            try await session.waitForScreen(containing: ":\(index.port) as p")
            try session.send("/", "mouse", "Enter")
            let screen = try await session.waitForScreen(containing: "mouse two.bin")
            let lines = screen.components(separatedBy: "\n")
            let row = try #require(lines.firstIndex { $0.contains("mouse two.bin") })
            let column = try #require(lines[row].range(of: "mouse two.bin")).lowerBound.utf16Offset(in: lines[row])
            try session.click(x: column, y: row, times: 2)
            try await session.waitForScreen(containing: "downloading mouse two.bin")
            try await session.waitForScreen(containing: "completed")
            #expect(FileManager.default.contents(atPath: folder + "/downloads/mouse two.bin") == Data(data))
            #expect(!FileManager.default.fileExists(atPath: folder + "/downloads/mouse one.txt"))
            try session.send("q")
            try await session.waitForScreen(containing: "EXIT=0")
            await seeder.discard()
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    @Test("shoal demo: search and download with keys only; quitting leaves no process and no temporary files")
    func demo() async throws {
        try await SystemTool.tmux.require()
        let shoal = CommandLineTests.executable.path
        let folder = TestPeer.temporaryFolder("demo")
        let temporary = folder + "/tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = try await TmuxSession(command: "sh -c 'cd \(folder) && TMPDIR=\(temporary) XDG_CONFIG_HOME=\(folder) \(shoal) demo; echo EXIT=$?; sleep 30'",
                                      width: 120, height: 40)
        defer { session.kill() }

        try await session.waitForScreen(containing: "Demo 1/3", timeout: TestDeadline.workDuration)
        try await session.waitForScreen(containing: " as p")  // connected to the demo's index
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).contains { $0.hasPrefix("shoal-demo-") })
        try session.send("/", "rfc", "Enter")
        _ = try await session.waitForScreen(containing: "rfc7734.txt")
        // The guide's line is drawn with the results' frame, but a capture can come between the two.
        let results = try await session.waitForScreen(containing: "Demo 2/3")
        #expect(results.contains("rfc7734.txt"))
        try session.send("Enter")
        try await session.waitForScreen(containing: "Done!")
        let sample = try #require(DemoSamples.all.first { $0.name == "rfc7734.txt" })
        #expect(FileManager.default.contents(atPath: folder + "/downloads/rfc7734.txt") == DemoSamples.bytes(of: sample))

        try session.send("q")
        let after = try await session.waitForScreen(containing: "EXIT=0")
        #expect(after.contains("stopped the bots and the index"))
        #expect(!session.alternateScreenOn, "the terminal is back on its normal screen")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty, "the demo's temporary folder is gone")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/downloads").filter { !$0.hasPrefix(".") } == ["rfc7734.txt"],
                "nothing but the verified file is visible in downloads/")
    }
}


/// The UI attached to a peer that `shoal serve` runs: the window leaves it running, or stops it.
@Suite("Terminal UI attached to a running peer", .serialized)
struct AttachedTerminalTests {
    @Test("the UI on a serving peer's folder attaches to it; q detaches and the peer goes on; Q then y stops it")
    func attachDetachStop() async throws {
        try await SystemTool.tmux.require()
        let shoal = CommandLineTests.executable.path
        try await TestIndex.with { index in
            let folder = TestPeer.temporaryFolder("attach")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let serve = try BackgroundProcess(shoal, ["serve", "--index", "127.0.0.1:\(index.port)", "--listen", "127.0.0.1",
                                                      "--name", "daemon"], in: folder, environment: ["XDG_CONFIG_HOME": folder])
            defer { serve.terminate() }
            try await serve.waitForLine(containing: "connected to index")
            let command = "sh -c 'cd \(folder) && XDG_CONFIG_HOME=\(folder) \(shoal) --theme monochrome; echo EXIT=$?; sleep 30'"

            let first = try await TmuxSession(command: command, width: 120, height: 30)
            defer { first.kill() }
            _ = try await first.waitForScreen(containing: "attached to the peer on .shoal")
            // The keys show on the bottom line once any notice there (the index's state, a rescan) has gone.
            let screen = try await first.waitForScreen(containing: "q detach")
            #expect(screen.contains("(daemon)") && screen.contains("attached to the peer on .shoal"))
            try first.send("q")
            try await first.waitForScreen(containing: "EXIT=0")
            try await serve.waitForLine(containing: "a face detached: shoal ui")
            #expect(serve.isRunning, "detaching leaves the peer running")

            let second = try await TmuxSession(command: command, width: 120, height: 30)
            defer { second.kill() }
            try await second.waitForScreen(containing: "attached to the peer on .shoal")
            try second.send("Q")
            try await second.waitForScreen(containing: "Stop the peer too?")
            try second.send("y")
            try await second.waitForScreen(containing: "EXIT=0")
            #expect(try await serve.waitForExit() == 0, "the peer stopped cleanly")
            #expect(!FileManager.default.fileExists(atPath: folder + "/.shoal/control.sock"), "its socket is gone")
        }
    }
}
