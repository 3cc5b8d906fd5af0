import Foundation
import Model
import NIOConcurrencyHelpers
@testable import PeerApp
import TerminalUI
import TestSupport

/// The UI runtime on a thread of its own (as the real program runs it on the main thread), over an
/// in-memory terminal and a fake engine: the test types and reads the screen, as a user would.
final class UISession: Sendable {
    struct Timeout: Error, CustomStringConvertible {
        let description: String
    }

    let terminal: MemoryTerminal
    let engine: FakeEngine
    /// The themes the runtime asked for with `t`, in order.
    let themes = Recorded<String>()
    private let endings: AsyncStream<AppRuntime.Ending>

    init(engine: FakeEngine, state: AppState = AppState(), width: Int = 100, height: Int = 30) {
        let terminal = MemoryTerminal(width: width, height: height)
        self.terminal = terminal
        self.engine = engine
        let (endings, ended) = AsyncStream.makeStream(of: AppRuntime.Ending.self)
        self.endings = endings
        let themes = self.themes
        Thread {
            let runtime = AppRuntime(terminal: terminal, link: engine, state: state, nextTheme: { current in
                let next = current == "default" ? "light" : "default"
                themes.append(next)
                return (next, Theme.monochrome)
            })
            ended.yield(runtime.run())
            ended.finish()
        }.start()
    }

    /// Waits (`TestDeadline.event` at most: 60 s, longer in sanitizer builds) for the screen to contain `text`;
    /// returns the screen.
    @discardableResult
    func screen(containing text: String) async throws -> String {
        try await screen("a screen with '\(text)'") { $0.contains(text) }
    }

    /// Waits (`TestDeadline.event` at most) for a screen that satisfies `condition`; returns it.
    @discardableResult
    func screen(_ what: String, where condition: @escaping @Sendable (String) -> Bool) async throws -> String {
        let terminal = self.terminal
        // On a thread of its own: the wait blocks, and the engine's answers need the task pool.
        let screen = await withCheckedContinuation { (found: CheckedContinuation<String?, Never>) in
            Thread { found.resume(returning: terminal.screen(within: TestDeadline.eventSeconds, where: condition)) }.start()
        }
        guard let screen else { throw Timeout(description: "timed out waiting for \(what); last:\n\(terminal.frames.last ?? "")") }
        return screen
    }

    /// Waits (60 s at most) for the runtime to end; returns how it ended.
    func ending() async throws -> AppRuntime.Ending {
        let endings = self.endings
        return try await within(TestDeadline.eventDuration, "the UI to end") {
            for await ending in endings { return ending }
            throw Timeout(description: "no ending")
        }
    }
}

/// Values recorded from another thread.
final class Recorded<Value: Sendable>: Sendable {
    private let values = NIOLockedValueBox<[Value]>([])
    func append(_ value: Value) { values.withLockedValue { $0.append(value) } }
    var all: [Value] { values.withLockedValue { $0 } }
}
