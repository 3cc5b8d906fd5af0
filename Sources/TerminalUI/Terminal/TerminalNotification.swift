/// Something the terminal is asked to tell the user outside the frame.
public enum TerminalNotification: Hashable, Sendable {
    /// The terminal's bell.
    case bell
    /// The bell and a desktop notification, which terminals that support OSC 777 or OSC 9 show.
    case desktop(title: String, body: String)
}
