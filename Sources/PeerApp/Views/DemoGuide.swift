import Model

/// In `shoal demo`, the hint bar walks a newcomer through it: search, download, watch the transfer.
/// The step follows from what the user has done so far, so it never gets out of step with the screen.
enum DemoGuide {
    static func hints(for state: AppState) -> [(key: String, label: String)] {
        let keys = state.keys
        let downloads = state.transfers.filter { $0.direction == .download }
        if downloads.contains(where: { !$0.state.isFinished }) {
            let next: [(key: String, label: String)] = state.focus == .transfers
                ? [(keys.hint(for: .pause), "pause"), (keys.hint(for: .cancel), "cancel")]
                : [(keys.hint(for: .transfersPane), "go to Transfers")]
            return [("Demo 3/3", "watch it arrive below; Src counts the bots sending")] + next
        }
        if downloads.contains(where: { $0.state == .completed }) {
            return [("Done!", "the verified file is in downloads/"), (keys.hint(for: .search), "search again"),
                    (keys.hint(for: .quit), "quit (stops the bots, removes their files)")]
        }
        if !state.results.isEmpty {
            return [("Demo 2/3", "pick a file with ↑↓, then"), (keys.hint(for: .download), "download it"), (keys.hint(for: .sources), "who has it"),
                    (keys.hint(for: .search), "search again")]
        }
        return [("Demo 1/3", "press \(keys.hint(for: .search)) to search: try rfc, café, 東京 or iso (Enter alone lists all)"),
                (keys.hint(for: .quit), "quit")]
    }
}
