import CNcurses
import Foundation
import TerminalUI

/// The only code that touches ncurses: the real program's ``Terminal``. Owned by the UI thread from start to
/// ``end()``; it holds C pointers and is deliberately not Sendable, so it cannot wander to another thread.
public final class NcursesTerminal: Terminal {
    /// The terminal cannot be used (TERM unknown, no terminal at all).
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private var previous: CellGrid?
    private var theme: Theme
    public let colors: Int

    public init(theme: Theme, useColor: Bool) throws {
        if setlocale(LC_ALL, "") == nil || !Self.localeIsUTF8 { setlocale(LC_ALL, "C.UTF-8") }
        guard let output = fdopen(1, "w"), let input = fdopen(0, "r"),
              let screen = newterm(nil, output, input) else {
            throw Failure(description: "cannot use this terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "unset")); try TERM=xterm-256color")
        }
        self.screen = screen
        window = cn_stdscr()
        raw()
        noecho()
        nonl()
        keypad(window, true)
        curs_set(0)
        set_escdelay(25)
        wtimeout(window, 100)
        if useColor, has_colors() {
            start_color()
            use_default_colors()
            colors = Int(cn_colors())
        } else {
            colors = 0
        }
        self.theme = theme
        apply(theme)
    }

    private static var localeIsUTF8: Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        return String(cString: codeset).uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
    }

    /// Uses a theme from the next frame on (one colour pair per role).
    public func apply(_ theme: Theme) {
        self.theme = theme
        if colors > 0 {
            for (index, role) in StyleRole.allCases.enumerated() {
                let style = theme.style(role)
                init_pair(Int16(index + 1), Int16(style.foreground.resolved(colors: colors)),
                          Int16(style.background.resolved(colors: colors)))
            }
        }
        previous = nil
    }

    public var size: (width: Int, height: Int) {
        var y: Int32 = 0, x: Int32 = 0
        cn_getmaxyx(window, &y, &x)
        return (Int(x), Int(y))
    }

    /// Shows a frame, writing only the cells that changed since the last one.
    public func draw(_ grid: CellGrid) {
        let full = previous.map { $0.width != grid.width || $0.height != grid.height } ?? true
        if full { werase(window) }
        let roles = StyleRole.allCases
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if cell.isContinuation { continue }
                if !full, let previous, previous[x, y] == cell { continue }
                let style = theme.style(cell.role)
                var attributes = cn_a_normal()
                if style.bold { attributes |= cn_a_bold() }
                if style.reverse { attributes |= cn_a_reverse() }
                if style.dim { attributes |= cn_a_dim() }
                if style.underline { attributes |= cn_a_underline() }
                let pair = colors > 0 ? Int16((roles.firstIndex(of: cell.role) ?? 0) + 1) : 0
                var text = cell.text.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) } + [0]
                _ = cn_put(window, Int32(y), Int32(x), &text, attributes, pair)
            }
        }
        wnoutrefresh(window)
        doupdate()
        previous = grid
    }

    /// Waits up to 100 ms for input.
    public func read() -> TerminalInput? {
        var character: wint_t = 0
        let result = wget_wch(window, &character)
        if result == KEY_CODE_YES {
            switch Int32(character) {
            case KEY_RESIZE:
                let (width, height) = size
                previous = nil
                return .resize(width: width, height: height)
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_DC: return .key(.delete)
            case KEY_BTAB: return .key(.backTab)
            case KEY_ENTER: return .key(.enter)
            case KEY_MOUSE:
                var x: Int32 = 0, y: Int32 = 0
                let kinds: [Int32: MouseEvent.Kind] = [1: .click, 2: .doubleClick, 3: .wheelUp, 4: .wheelDown]
                return kinds[cn_mouse_event(&x, &y)].map { .mouse(MouseEvent($0, x: Int(x), y: Int(y))) }
            default: return nil
            }
        }
        guard result == OK else { return nil }
        switch character {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.control(Character(Unicode.Scalar(UInt8(character) + 96))))
        default:
            guard let scalar = Unicode.Scalar(UInt32(character)) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    /// The bell, and for a desktop notification its escape sequence (``NotificationSequence``), written
    /// straight to the terminal between frames.
    public func notify(_ notification: TerminalNotification) {
        beep()
        guard case .desktop(let title, let body) = notification else { return }
        let sequence = NotificationSequence.make(title: title, body: body, environment: ProcessInfo.processInfo.environment)
        _ = sequence.utf8CString.withUnsafeBufferPointer { write(1, $0.baseAddress, $0.count - 1) }
    }

    public func reportMouse(_ on: Bool) {
        cn_report_mouse(on ? 1 : 0)
    }

    /// Gives the terminal back as it was.
    public func end() {
        endwin()
        delscreen(screen)
    }
}
