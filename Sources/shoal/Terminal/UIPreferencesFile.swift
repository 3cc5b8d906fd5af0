import Foundation
import PeerApp

/// `ui.json` in the state folder: how the UI's tables are sorted, remembered between runs. A missing or
/// unreadable file means the standard order; saving replaces it atomically, and a failure to save is
/// only logged (the sort still holds for this run).
struct UIPreferencesFile {
    let path: String

    init(folder: String) {
        path = (folder as NSString).appendingPathComponent("ui.json")
    }

    func load() -> UIPreferences {
        guard let data = FileManager.default.contents(atPath: path),
              let preferences = try? JSONDecoder().decode(UIPreferences.self, from: data) else { return UIPreferences() }
        return preferences
    }

    func save(_ preferences: UIPreferences) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(preferences).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            FileHandle.standardError.write(Data("could not remember the sort in \(path): \(error.localizedDescription)\n".utf8))
        }
    }
}
