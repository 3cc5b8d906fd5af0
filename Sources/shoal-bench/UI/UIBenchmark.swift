import ArgumentParser
import Foundation
import Model
import PeerApp
import TerminalUI

/// The terminal UI: CPU of an idle `shoal ui` (in tmux, with its engine, connected to an index) and the time
/// to render a full 200×60 frame with 10,000 search results.
struct UIBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "CPU of an idle shoal ui over 30 s (in tmux), and the time to render a 200x60 frame with 10,000 results.",
        discussion: """
            Rendering is Shoal's own work per frame: the update for a key (Page Down through the results) and the \
            whole screen view into a cell grid. ncurses then writes only the cells that changed; that part is not \
            included.
            """
    )

    @OptionGroup var options: BenchOptions
    @Option(help: "Seconds of idle UI to measure.") var idleSeconds = 30
    @Option(help: "Search results in the rendered state.") var results = 10_000

    func run() throws {
        Console.say(try measure().render())
    }

    func measure() throws -> ResultTable {
        var table = ResultTable()
        let frames = Self.renderTimes(results: results, frames: 500)
        table.add(.init(measure: "render a 200×60 frame, \(Figure.count(Double(results))) results",
                        shoal: "median \(Figure.time(frames.median)), max \(Figure.time(frames.maximum)) (\(frames.values.count) frames)",
                        target: "≤ 5 ms", met: frames.median <= 0.005))
        let keystrokes = Self.filterTimes(results: results)
        table.add(.init(measure: "filter \(Figure.count(Double(results))) results: a typed character, then a frame",
                        shoal: "median \(Figure.time(keystrokes.median)), max \(Figure.time(keystrokes.maximum)) (\(keystrokes.values.count) keys)"))
        let sorts = Self.sortTimes(results: results)
        table.add(.init(measure: "sort \(Figure.count(Double(results))) results (o), then a frame",
                        shoal: "median \(Figure.time(sorts.median)), max \(Figure.time(sorts.maximum)) (\(sorts.values.count) sorts)"))
        let work = try WorkFolder(options.workFolder)
        defer { work.remove() }
        let shoal = try ShoalProcesses(work: work)
        if !Tools.ensure(["tmux"], install: !options.noInstall, logs: shoal.logs).isEmpty {
            table.note("tmux is not installed: idle CPU not measured")
            return table
        }
        var idle = Samples()
        for run in 1...options.runs {
            idle.add(try idleCPU(shoal: shoal, work: work, run: run))
            Console.say("ui: run \(run)/\(options.runs): idle CPU \(Figure.percent(idle.values.last!))")
        }
        table.add(.init(measure: "idle shoal ui, \(idleSeconds) s, 120×40", shoal: "\(Figure.percent(idle.median)) of one core",
                        target: "≤ 1 %", met: idle.median <= 1))
        return table
    }

    /// Seconds per frame: a Page Down and a full render, over `frames` frames.
    static func renderTimes(results count: Int, frames: Int) -> Samples {
        var state = searchState(results: count)
        var times = Samples()
        var checksum = 0
        for frame in 0..<frames {
            let started = ContinuousClock.now
            _ = state.update(.key(frame % 40 < 20 ? .pageDown : .pageUp))
            let grid = ScreenView.render(&state)
            times.add((ContinuousClock.now - started).seconds)
            checksum &+= grid.cells.count
        }
        precondition(checksum == frames * 200 * 60)
        return times
    }

    /// Seconds per key while filtering the results (`f`, then words common in the names typed and erased
    /// letter by letter), each with the frame after it.
    static func filterTimes(results count: Int) -> Samples {
        var state = searchState(results: count)
        _ = state.update(.key(.character("f")))
        var times = Samples()
        for round in 0..<10 {
            for key in Array("live remix").map(Key.character) + Array(repeating: Key.backspace, count: 10) {
                let started = ContinuousClock.now
                _ = state.update(.key(key))
                _ = ScreenView.render(&state)
                if round > 0 { times.add((ContinuousClock.now - started).seconds) }
            }
        }
        return times
    }

    /// Seconds per `o` (the next sort column) with the frame after it.
    static func sortTimes(results count: Int) -> Samples {
        var state = searchState(results: count)
        var times = Samples()
        for _ in 0..<50 {
            let started = ContinuousClock.now
            _ = state.update(.key(.character("o")))
            _ = ScreenView.render(&state)
            times.add((ContinuousClock.now - started).seconds)
        }
        return times
    }

    /// A 200×60 UI with `count` search results of realistic names, Search focused.
    private static func searchState(results count: Int) -> AppState {
        var state = AppState()
        _ = state.update(.resize(width: 200, height: 60))
        var catalog = SyntheticCatalog(seed: 9)
        let hits = (0..<count).map { number -> SearchHit in
            let file = catalog.nextFile()
            return SearchHit(key: .content(file.hash), size: file.size, sources: 1 + number % 7, name: file.name)
        }
        _ = state.update(.searchResults(id: state.searchID, title: "bench", hits: hits, nextCursor: nil, append: false))
        state.focus = .search
        return state
    }

    /// CPU of a `shoal ui` sitting idle in a 120×40 tmux window, as a percentage of one core.
    private func idleCPU(shoal: ShoalProcesses, work: WorkFolder, run: Int) throws -> Double {
        let (index, port) = try shoal.index()
        defer { index.stop() }
        let folder = try work.folder("ui-\(run)")
        let session = "shoal-bench-\(getpid())-\(run)"
        let command = "exec env XDG_CONFIG_HOME=\(work.path)/config \(try Tools.shoal("shoal")) ui --index 127.0.0.1:\(port) "
            + "--listen 127.0.0.1 --uploads \(folder) --downloads \(folder)/downloads --state \(folder)/state"
        _ = try ChildProcess.run("tmux", ["new-session", "-d", "-s", session, "-x", "120", "-y", "40", command], logs: shoal.logs)
        defer { _ = try? ChildProcess.run("tmux", ["kill-session", "-t", session], logs: shoal.logs) }
        let pane = try ChildProcess.run("tmux", ["display-message", "-p", "-t", session, "#{pane_pid}"], logs: shoal.logs)
        guard let pid = pid_t(pane.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ChildProcess.Failure(description: "tmux did not start shoal ui: \(pane.stderr)")
        }
        try index.waitUntil("shoal ui to connect", timeout: .seconds(30)) {
            guard ProcStatus.isRunning(pid) else { throw ChildProcess.Failure(description: "shoal ui ended at once") }
            return index.stderrSoFar.contains("uploads at")
        }
        let before = ProcStatus.cpuTicks(pid: pid)
        let started = ContinuousClock.now
        Thread.sleep(forTimeInterval: Double(idleSeconds))  // the measured interval itself, not a wait for an event
        let ticks = ProcStatus.cpuTicks(pid: pid) - before
        let elapsed = (ContinuousClock.now - started).seconds
        guard ProcStatus.isRunning(pid) else { throw ChildProcess.Failure(description: "shoal ui ended during the measurement") }
        return Double(ticks) / Double(ProcStatus.ticksPerSecond) / elapsed * 100
    }
}
