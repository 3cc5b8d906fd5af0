/// How the UI tells the user that a download finished or failed (config.toml's `notify`).
public enum NotifyStyle: String, CaseIterable, Hashable, Sendable {
    /// The terminal's bell.
    case bell
    /// The bell and a desktop notification through the terminal (OSC 777 or OSC 9).
    case desktop
    /// Nothing.
    case off
}
