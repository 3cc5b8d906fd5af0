import PeerApp
import TerminalUI
import TOMLKit

/// Reads config.toml's `[keys]` table: `action = "key"` or `action = ["key", …]` (an empty list unbinds
/// it), over the standard keys. An unknown action, a key that cannot be spelled, a reserved key or a key
/// two actions would share is an error naming the file, the line and the action.
enum KeyBindings {
    static func read(_ source: TOMLSource) throws(TOMLFileProblem) -> KeyMap {
        guard let table = source.root["keys"]?.table else { throw source.problem("keys must be a table: [keys]", table: nil, key: "keys") }
        var changes: [(action: KeyAction, keys: [Key])] = []
        for name in table.keys {
            guard let action = KeyAction(rawValue: name) else {
                throw source.problem("[keys] unknown action '\(name)' (\(KeyAction.allCases.map(\.rawValue).joined(separator: ", ")))",
                                     table: "keys", key: name)
            }
            let spellings: [String]
            if let one = table[name]?.string {
                spellings = [one]
            } else if let list = table[name]?.array, case let texts = list.compactMap(\.string), texts.count == list.count {
                spellings = texts
            } else {
                throw source.problem("[keys] \(name) must be a key in quotes, or a list of them", table: "keys", key: name)
            }
            var keys: [Key] = []
            for spelling in spellings {
                guard let key = KeySpelling.key(spelling) else {
                    throw source.problem("[keys] \(name): '\(spelling)' is not a key (a character, Space, Enter, Tab, Shift-Tab, Backspace, Delete, Up, Down, Left, Right, PgUp, PgDn, Home, End, or Ctrl- and a letter other than H, I, J and M)",
                                         table: "keys", key: name)
                }
                keys.append(key)
            }
            changes.append((action, keys))
        }
        do {
            return try KeyMap.standard.rebinding(changes)
        } catch {
            throw source.problem("[keys] \(error.description)", table: "keys", key: error.action.rawValue)
        }
    }
}
