import Model

/// In `shoal demo`, the hint bar walks a newcomer through it: search, download, watch the transfer.
/// The step follows from what the user has done so far, so it never gets out of step with the screen.
enum DemoGuide {
    static func hints(for state: AppState) -> [(key: String, label: String)] {
        let downloads = state.transfers.filter { $0.direction == .download }
        if downloads.contains(where: { !$0.state.isFinished }) {
            let keys: [(key: String, label: String)] = state.focus == .transfers ? [("p", "pause"), ("x", "cancel")] : [("3", "go to Transfers")]
            return [("Demo 3/3", "watch it arrive below; Src counts the bots sending")] + keys
        }
        if downloads.contains(where: { $0.state == .completed }) {
            return [("Done!", "the verified file is in downloads/"), ("/", "search again"),
                    ("q", "quit (stops the bots, removes their files)")]
        }
        if !state.results.isEmpty {
            return [("Demo 2/3", "pick a file with ↑↓, then"), ("Enter", "download it"), ("s", "who has it"), ("/", "search again")]
        }
        return [("Demo 1/3", "press / to search: try rfc, café, 東京 or iso (Enter alone lists all)"), ("q", "quit")]
    }
}
