import Foundation

/// A terminal in memory, for scripted UI sessions in tests: the test types keys and resizes from its own
/// task; the UI runtime reads them on its thread and draws frames, which the test reads back as text.
///
/// `@unchecked Sendable`: every stored property but the lock is read and written only while `lock` (an
/// NSCondition, which is not marked Sendable) is held; inputs and frames are signalled through it.
public final class MemoryTerminal: Terminal, @unchecked Sendable {
    private let lock = NSCondition()
    private var width: Int
    private var height: Int
    private var input: [TerminalInput] = []
    private var drawn: [String] = []
    private var applied: [Theme] = []
    private var notified: [TerminalNotification] = []
    private var mouseOn = false

    public init(width: Int = 80, height: Int = 24) {
        self.width = width
        self.height = height
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
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
        locked {
            self.width = width
            self.height = height
        }
        send(.resize(width: width, height: height))
    }

    /// Clicks or turns the wheel at a cell.
    public func mouse(_ event: MouseEvent) { send(.mouse(event)) }

    private func send(_ event: TerminalInput) {
        locked {
            input.append(event)
            lock.broadcast()
        }
    }

    /// Every frame drawn, as text, oldest first.
    public var frames: [String] { locked { drawn } }
    /// The themes applied, oldest first.
    public var themes: [Theme] { locked { applied } }
    /// The bells and notifications asked for, oldest first.
    public var notifications: [TerminalNotification] { locked { notified } }
    /// Whether the runtime has mouse reporting on.
    public var reportsMouse: Bool { locked { mouseOn } }

    /// Waits until `condition` holds of the notifications, for `seconds` at most; returns them then, or nil.
    public func notifications(within seconds: Double, where condition: ([TerminalNotification]) -> Bool) -> [TerminalNotification]? {
        let deadline = Date(timeIntervalSinceNow: seconds)
        lock.lock()
        defer { lock.unlock() }
        while !condition(notified) {
            guard lock.wait(until: deadline) else { return condition(notified) ? notified : nil }
        }
        return notified
    }

    /// Waits until the screen (the last frame) contains `text`, for `seconds` at most; returns that screen,
    /// or nil at the deadline. Blocks the calling thread.
    public func screen(containing text: String, within seconds: Double) -> String? {
        screen(within: seconds) { $0.contains(text) }
    }

    /// Waits until the screen (the last frame) satisfies `condition`, for `seconds` at most; returns that
    /// screen, or nil at the deadline. Blocks the calling thread.
    public func screen(within seconds: Double, where condition: (String) -> Bool) -> String? {
        let deadline = Date(timeIntervalSinceNow: seconds)
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let last = drawn.last, condition(last) { return last }
            guard lock.wait(until: deadline) else { return drawn.last.flatMap { condition($0) ? $0 : nil } }
        }
    }

    // MARK: The runtime's side

    public var size: (width: Int, height: Int) { locked { (width, height) } }

    /// Waits up to 100 ms for input.
    public func read() -> TerminalInput? {
        let deadline = Date(timeIntervalSinceNow: 0.1)
        lock.lock()
        defer { lock.unlock() }
        while input.isEmpty {
            guard lock.wait(until: deadline) else { return nil }
        }
        return input.removeFirst()
    }

    public func draw(_ grid: CellGrid) {
        let text = grid.lines.joined(separator: "\n")
        locked {
            drawn.append(text)
            lock.broadcast()
        }
    }

    public func apply(_ theme: Theme) {
        locked { applied.append(theme) }
    }

    public func notify(_ notification: TerminalNotification) {
        locked {
            notified.append(notification)
            lock.broadcast()
        }
    }

    public func reportMouse(_ on: Bool) {
        locked { mouseOn = on }
    }
}
