/// What a cell is, for colouring: themes map each role to colours and attributes, so widgets never name a
/// colour. The monochrome rendering (tests) ignores roles.
public enum StyleRole: String, Hashable, Sendable, CaseIterable {
    case normal
    case dim
    case border
    case borderFocused
    case title
    case titleFocused
    case header
    case selection
    case selectionUnfocused
    case progressFill
    case progressEmpty
    case statusOK
    case statusWarning
    case statusError
    case hintKey
    case hintText
    case input
    case cursor
}
