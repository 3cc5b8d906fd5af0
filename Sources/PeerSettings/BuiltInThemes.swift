/// The themes Shoal can show without any theme file: `monochrome`, and `default` for when Shoal runs
/// away from its source folder (the commented original is Themes/default.toml; a test keeps the two equal).
enum BuiltInThemes {
    static let defaultText = """
        [border]
        fg = "blue"
        [borderFocused]
        fg = "cyan"
        bold = true
        [title]
        fg = "blue"
        bold = true
        [titleFocused]
        fg = "black"
        bg = "cyan"
        bold = true
        [header]
        fg = "yellow"
        bold = true
        [selection]
        fg = "black"
        bg = "cyan"
        [selectionUnfocused]
        fg = "default"
        bg = "blue"
        [progressFill]
        fg = "green"
        [progressEmpty]
        fg = "blue"
        dim = true
        [statusOK]
        fg = "green"
        bold = true
        [statusWarning]
        fg = "yellow"
        bold = true
        [statusError]
        fg = "white"
        bg = "red"
        bold = true
        [hintKey]
        fg = "black"
        bg = "cyan"
        [hintText]
        fg = "default"
        [dim]
        fg = "white"
        dim = true
        [input]
        fg = "default"
        underline = true
        [cursor]
        reverse = true
        """
}
