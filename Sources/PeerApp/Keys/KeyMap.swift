import TerminalUI

/// Which keys do which ``KeyAction``: the standard keys, changed by config.toml's `[keys]` table.
public struct KeyMap: Hashable, Sendable {
    private var keysByAction: [KeyAction: [Key]]

    /// Every action on its standard keys.
    public static let standard = KeyMap(keysByAction: Dictionary(uniqueKeysWithValues: KeyAction.allCases.map { ($0, $0.standardKeys) }))

    /// Keys no action may take: they always get the user out (Ctrl-C quits; Esc closes and leaves).
    public static let reserved: [Key] = [.control("c"), .escape]

    /// A binding that cannot be taken.
    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        /// The action whose binding is wrong.
        public let action: KeyAction
        public let description: String
    }

    /// The keys of `action`, in the order they were given.
    public func keys(for action: KeyAction) -> [Key] { keysByAction[action] ?? [] }

    /// How `action`'s keys are shown (`↑ k`), or "(none)".
    public func label(for action: KeyAction) -> String {
        let keys = keys(for: action)
        return keys.isEmpty ? "(none)" : keys.map(KeySpelling.label).joined(separator: " ")
    }

    /// The first key of `action`, shown, for the hint bar.
    public func hint(for action: KeyAction) -> String { keys(for: action).first.map(KeySpelling.label) ?? "-" }

    /// The action `key` does in `pane`'s view (outside overlays), if any.
    public func action(for key: Key, in pane: Pane) -> KeyAction? {
        KeyAction.allCases.first { action in
            switch action.scope {
            case .panes, .lists: break
            case .pane(let scoped): guard scoped == pane else { return false }
            }
            return keys(for: action).contains(key)
        }
    }

    /// The list action `key` does inside an overlay's list (moving, filtering, sorting), if any.
    public func listAction(for key: Key) -> KeyAction? {
        KeyAction.allCases.first { $0.scope == .lists && keys(for: $0).contains(key) }
    }

    /// This map with `changes` applied, each replacing its action's keys (an empty list unbinds it).
    /// Throws the first change that takes a reserved key, or a key another action already has where both apply.
    public func rebinding(_ changes: [(action: KeyAction, keys: [Key])]) throws(Problem) -> KeyMap {
        var map = self
        for change in changes { map.keysByAction[change.action] = change.keys }
        for change in changes {
            for key in change.keys {
                if Self.reserved.contains(key) {
                    throw Problem(action: change.action, description: "\(change.action.rawValue): \(KeySpelling.label(key)) is kept for leaving (Ctrl-C quits, Esc closes)")
                }
                if let other = KeyAction.allCases.first(where: { $0 != change.action && $0.scope.meets(change.action.scope) && map.keys(for: $0).contains(key) }) {
                    throw Problem(action: change.action,
                                  description: "\(change.action.rawValue): \(KeySpelling.label(key)) is already the key of \(other.rawValue); give \(other.rawValue) another key too")
                }
            }
        }
        return map
    }
}
