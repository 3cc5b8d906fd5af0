/// What a terminal gives the UI: a key, or a new size.
public enum TerminalInput: Hashable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    case mouse(MouseEvent)
}

/// A screen the UI runtime draws on and reads keys from: ncurses in the real program (its own target), an
/// in-memory ``MemoryTerminal`` in tests. Used from one thread, the UI's.
public protocol Terminal: AnyObject {
    /// Columns and rows now.
    var size: (width: Int, height: Int) { get }
    /// Waits a short while (at most 100 ms) for input; nil when none came.
    func read() -> TerminalInput?
    /// Shows a frame.
    func draw(_ grid: CellGrid)
    /// Uses a theme from the next frame on.
    func apply(_ theme: Theme)
    /// Rings the bell or shows a desktop notification.
    func notify(_ notification: TerminalNotification)
    /// Turns reporting of clicks and the wheel on or off.
    func reportMouse(_ on: Bool)
}
