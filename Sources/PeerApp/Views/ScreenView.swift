import Model
import TerminalUI

/// Renders the whole screen for a state: status line, the panes (all three from 60×16 up, else the
/// focused one with a tab row), the hint bar, and any overlay. Pure: the same state gives the same grid.
public enum ScreenView {
    /// The smallest size that shows all three panes.
    public static let minimumForThreePanes = (width: 60, height: 16)

    public static func render(_ state: inout AppState) -> CellGrid {
        var grid = CellGrid(width: state.width, height: state.height)
        state.layout = ScreenLayout()
        guard state.width >= 10, state.height >= 3 else {
            grid.write("Shoal: enlarge the terminal", x: 0, y: 0, role: .statusWarning)
            return grid
        }
        let (top, rest) = grid.bounds.splitTop(1)
        let (body, bottom) = rest.splitBottom(1)
        StatusLine.render(state, in: top, on: &grid)
        if state.width >= minimumForThreePanes.width, state.height >= minimumForThreePanes.height {
            let rows = Layout.rows(body, [.fill(weight: 3, minimum: 6), .fill(weight: 2, minimum: 5)])
            let columns = Layout.columns(rows[0], [.fill(weight: 1, minimum: 20), .fill(weight: 2, minimum: 30)])
            PaneViews.shared(&state, in: columns[0], on: &grid)
            PaneViews.search(&state, in: columns[1], on: &grid)
            PaneViews.transfers(&state, in: rows[1], on: &grid)
        } else {
            let (tabs, pane) = body.splitTop(1)
            var x = tabs.x
            for candidate in Pane.allCases {
                let label = "\(candidate.rawValue + 1) \(candidate.title)"
                x += grid.write(candidate == state.focus ? "[\(label)]" : " \(label) ", x: x, y: tabs.y,
                                role: candidate == state.focus ? .titleFocused : .title, clip: tabs) + 1
            }
            switch state.focus {
            case .shared: PaneViews.shared(&state, in: pane, on: &grid)
            case .search: PaneViews.search(&state, in: pane, on: &grid)
            case .transfers: PaneViews.transfers(&state, in: pane, on: &grid)
            }
        }
        HintLine.render(state, in: bottom, on: &grid)
        if state.overlay != nil { OverlayView.render(&state, in: body, on: &grid) }
        return grid
    }
}
