import Foundation
import Synchronization

/// A terminal in memory, for scripted UI sessions in tests: the test types keys and resizes from its own
/// task; the UI runtime reads them on its thread and draws frames, which the test reads back as text.
///
/// `@unchecked Sendable` because NSCondition is not marked Sendable; it is safe: all state is in the Mutex,
/// and the condition is only used under its own lock (draw broadcasts, screen(containing:) waits).
public final class MemoryTerminal: Terminal, @unchecked Sendable {
    private struct State {
        var width: Int
        var height: Int
        var input: [TerminalInput] = []
        var frames: [String] = []
        var themes: [Theme] = []
    }

    private let state: Mutex<State>
    /// Signalled for each input, so that ``read()`` wakes at once.
    private let arrived = DispatchSemaphore(value: 0)
    /// Signalled for each frame, for ``screen(containing:within:)``.
    private let drawnFrame = NSCondition()

    public init(width: Int = 80, height: Int = 24) {
        state = Mutex(State(width: width, height: height))
    }

    // MARK: The test's side

    /// Types keys, in order.
    public func type(_ keys: Key...) {
        for key in keys { send(.key(key)) }
    }

    /// Types each character of `text` as a key.
    public func type(text: String) {
        for character in text { send(.key(.character(character))) }
    }

    public func resize(width: Int, height: Int) {
        state.withLock {
            $0.width = width
            $0.height = height
        }
        send(.resize(width: width, height: height))
    }

    private func send(_ input: TerminalInput) {
        state.withLock { $0.input.append(input) }
        arrived.signal()
    }

    /// Every frame drawn, as text, oldest first.
    public var frames: [String] { state.withLock { $0.frames } }
    /// The themes applied, oldest first.
    public var themes: [Theme] { state.withLock { $0.themes } }
    /// Waits until the screen (the last frame) contains `text`, for `seconds` at most; returns that screen,
    /// or nil at the deadline. Blocks the calling thread.
    public func screen(containing text: String, within seconds: Double) -> String? {
        screen(within: seconds) { $0.contains(text) }
    }

    /// Waits until the screen (the last frame) satisfies `condition`, for `seconds` at most; returns that
    /// screen, or nil at the deadline. Blocks the calling thread.
    public func screen(within seconds: Double, where condition: (String) -> Bool) -> String? {
        let deadline = Date(timeIntervalSinceNow: seconds)
        drawnFrame.lock()
        defer { drawnFrame.unlock() }
        while true {
            if let last = frames.last, condition(last) { return last }
            guard drawnFrame.wait(until: deadline) else { return frames.last.flatMap { condition($0) ? $0 : nil } }
        }
    }

    // MARK: The runtime's side

    public var size: (width: Int, height: Int) { state.withLock { ($0.width, $0.height) } }

    public func read() -> TerminalInput? {
        if let next = take() { return next }
        _ = arrived.wait(timeout: .now() + .milliseconds(100))
        return take()
    }

    private func take() -> TerminalInput? {
        state.withLock { $0.input.isEmpty ? nil : $0.input.removeFirst() }
    }

    public func draw(_ grid: CellGrid) {
        let text = grid.lines.joined(separator: "\n")
        drawnFrame.lock()
        state.withLock { $0.frames.append(text) }
        drawnFrame.broadcast()
        drawnFrame.unlock()
    }

    public func apply(_ theme: Theme) {
        state.withLock { $0.themes.append(theme) }
    }
}
