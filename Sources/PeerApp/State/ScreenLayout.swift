import TerminalUI

/// Where the last frame put each pane and the first row of its table, so a click can be turned into a
/// pane and a row. Written by ``ScreenView`` as it draws.
public struct ScreenLayout: Hashable, Sendable {
    /// Each pane's box, for the panes on screen.
    public var panes: [Pane: Rect] = [:]
    /// Each pane's table body: the rectangle its rows occupy.
    public var tableBodies: [Pane: Rect] = [:]
    /// The overlay's list body, when an overlay with a list is open.
    public var overlayBody: Rect?

    public init() {}
}
