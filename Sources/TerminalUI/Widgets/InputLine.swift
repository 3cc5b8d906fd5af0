/// An editable line of text with a cursor: typing inserts, Backspace and Delete remove, ←/→ move,
/// Home/End jump, Ctrl-U clears to the start, Ctrl-W removes the word before the cursor. Pure state.
public struct InputLine: Hashable, Sendable {
    public private(set) var text: String
    /// The cursor, in characters from the start.
    public private(set) var cursor: Int
    /// Longest text accepted, in characters.
    public let maximumLength: Int

    public init(text: String = "", maximumLength: Int = 200) {
        self.maximumLength = maximumLength
        self.text = String(text.prefix(maximumLength))
        cursor = self.text.count
    }

    public mutating func insert(_ character: Character) {
        guard text.count < maximumLength, !character.isNewline else { return }
        text.insert(character, at: index(cursor))
        cursor += 1
    }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        text.remove(at: index(cursor - 1))
        cursor -= 1
    }

    public mutating func delete() {
        guard cursor < text.count else { return }
        text.remove(at: index(cursor))
    }

    public mutating func left() { cursor = max(0, cursor - 1) }
    public mutating func right() { cursor = min(text.count, cursor + 1) }
    public mutating func home() { cursor = 0 }
    public mutating func end() { cursor = text.count }

    /// Ctrl-U: removes everything before the cursor.
    public mutating func clearToStart() {
        text.removeSubrange(text.startIndex..<index(cursor))
        cursor = 0
    }

    /// Ctrl-W: removes the word (and the spaces after it) before the cursor.
    public mutating func deleteWordBackward() {
        var start = cursor
        let characters = Array(text)
        while start > 0, characters[start - 1] == " " { start -= 1 }
        while start > 0, characters[start - 1] != " " { start -= 1 }
        text.removeSubrange(index(start)..<index(cursor))
        cursor = start
    }

    /// Applies an editing key (a character, Backspace, Delete, ←, →, Home, End, Ctrl-U, Ctrl-W); false
    /// for any other key, which is the caller's.
    public mutating func edit(_ key: Key) -> Bool {
        switch key {
        case .character(let character): insert(character)
        case .backspace: backspace()
        case .delete: delete()
        case .left: left()
        case .right: right()
        case .home: home()
        case .end: end()
        case .control("u"): clearToStart()
        case .control("w"): deleteWordBackward()
        default: return false
        }
        return true
    }

    public mutating func clear() {
        text = ""
        cursor = 0
    }

    private func index(_ offset: Int) -> String.Index { text.index(text.startIndex, offsetBy: offset) }

    /// Draws `prompt` then the text, scrolled so the cursor stays visible; the cursor cell has the cursor role
    /// when `showCursor`.
    public func render(prompt: String, in rect: Rect, on grid: inout CellGrid, showCursor: Bool) {
        guard rect.width > 0, rect.height > 0 else { return }
        let used = grid.write(prompt, x: rect.x, y: rect.y, role: .hintKey, maxWidth: rect.width)
        let field = Rect(x: rect.x + used, y: rect.y, width: rect.width - used, height: 1)
        guard field.width > 1 else { return }
        grid.fill(field, role: .input)
        let characters = Array(text)
        // Scroll: show the end of the text up to the cursor, leaving one column for the cursor.
        var start = 0
        while DisplayWidth.of(String(characters[start..<cursor])) > field.width - 1 { start += 1 }
        var x = field.x
        for (offset, character) in characters[start...].enumerated() {
            let w = DisplayWidth.of(character)
            guard x + w <= field.maxX else { break }
            let isCursor = showCursor && start + offset == cursor
            grid.write(String(character), x: x, y: field.y, role: isCursor ? .cursor : .input, maxWidth: w, clip: field)
            x += w
        }
        if showCursor, cursor == characters.count, x < field.maxX { grid[x, field.y] = Cell(" ", role: .cursor) }
    }
}
