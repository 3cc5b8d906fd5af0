import Foundation

/// A program running in a detached tmux terminal, driven like a person would: keys in, screen out.
/// tmux offers no event for "the screen now shows X", so waiting polls the screen every 50 ms, up to a
/// deadline.
public final class TmuxSession {
    public let name: String

    /// Starts `command` (a shell command line) in a `width`x`height` terminal with a UTF-8 locale.
    public init(command: String, width: Int = 100, height: Int = 30) async throws {
        try await SystemTool.tmux.require()
        try await SystemTool.python3.require()
        name = "shoal-test-\(UUID().uuidString.prefix(8))"
        // The tmux server this may start is a daemon that would inherit every descriptor open in this test
        // process at that moment (other tests' sockets, pipes), keep them forever and so hang those tests.
        // Foundation's Process cannot close them; python's subprocess does (close_fds), so tmux starts through it.
        // A tmux server already running (started by an earlier test run) gives new sessions its own
        // environment, not this process's: the sanitizers' options are passed on explicitly.
        let sanitizers = ["ASAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS", "UBSAN_OPTIONS"].compactMap { name in
            ProcessInfo.processInfo.environment[name].map { "\(name)='\($0)' " }
        }.joined()
        let result = try Self.run(["-u", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                                   "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color " + sanitizers + command], capture: false)
        guard result.status == 0 else { throw TestTimeout("tmux to start (\(result.output))") }
    }

    /// Sends keys as tmux names them (`Enter`, `Escape`, `C-c`) or literal text.
    public func send(_ keys: String...) throws {
        _ = try Self.run(["send-keys", "-t", name] + keys)
    }

    /// Sends text to the program as typed, byte for byte (an escape sequence, say).
    public func sendLiteral(_ text: String) throws {
        _ = try Self.run(["send-keys", "-t", name, "-l", text])
    }

    /// A left click at a cell (0-based column and row), as an xterm with SGR mouse reporting sends it:
    /// what `TERM=xterm-256color` programs read (ncurses' `kmous` is `\E[<` there). Twice quickly is a
    /// double click.
    public func click(x: Int, y: Int, times: Int = 1) throws {
        let one = "\u{1B}[<0;\(x + 1);\(y + 1)M\u{1B}[<0;\(x + 1);\(y + 1)m"
        try sendLiteral(String(repeating: one, count: times))
    }

    public func screen() throws -> String {
        try Self.run(["capture-pane", "-t", name, "-p"]).output
    }

    /// Waits until the screen contains `text`; returns the screen.
    @discardableResult
    public func waitForScreen(containing text: String, timeout: Duration = TestDeadline.eventDuration) async throws -> String {
        try await waitForScreen("'\(text)' on the screen", timeout: timeout) { $0.contains(text) }
    }

    /// Waits until a line of the screen satisfies `condition`; returns the screen.
    @discardableResult
    public func waitForLine(_ what: String, timeout: Duration = TestDeadline.eventDuration,
                            where condition: @escaping (Substring) -> Bool) async throws -> String {
        try await waitForScreen(what, timeout: timeout) { $0.split(separator: "\n").contains(where: condition) }
    }

    /// Waits until the screen satisfies `condition`; returns it.
    @discardableResult
    public func waitForScreen(_ what: String, timeout: Duration = TestDeadline.eventDuration,
                              where condition: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let current = try screen()
            if condition(current) { return current }
            guard ContinuousClock.now < deadline else {
                throw TestTimeout("\(what); it shows:\n\(current)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// True while the program uses the alternate screen (a full-screen program that has not restored it).
    public var alternateScreenOn: Bool {
        (try? Self.run(["display", "-p", "-t", name, "#{alternate_on}"]).output.hasPrefix("1")) ?? false
    }

    /// Ends the session and the program in it.
    public func kill() {
        _ = try? Self.run(["kill-session", "-t", name])
    }

    @discardableResult
    static func run(_ arguments: [String], capture: Bool = true) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:], close_fds=True))",
                             "tmux"] + arguments
        process.standardInput = FileHandle.nullDevice
        guard capture else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try ChildLaunch.start(process)
            return (ChildExit.status(of: process), "")
        }
        let pipe = try ChildLaunch.start(process) { process in
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            return pipe
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        return (ChildExit.status(of: process), String(decoding: data, as: UTF8.self))
    }
}
