/// A colour as themes name it: the terminal's default, one of the 8 basic colours, or a 256-colour index.
public enum ThemeColor: Hashable, Sendable {
    case terminalDefault
    case basic(Int)
    case indexed(Int)

    public static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// `default`, a basic colour name (`red`, `bright-red`… are 8–15), or 0–255.
    public init?(name: String) {
        let lower = name.lowercased()
        if lower == "default" { self = .terminalDefault; return }
        if let index = Self.names.firstIndex(of: lower) { self = .basic(index); return }
        if lower.hasPrefix("bright-"), let index = Self.names.firstIndex(of: String(lower.dropFirst(7))) {
            self = .indexed(index + 8)
            return
        }
        guard let number = Int(name), (0...255).contains(number) else { return nil }
        self = .indexed(number)
    }

    /// The colour on a terminal with `colors` colours: 256-colour indexes fall back to the nearest basic one.
    public func resolved(colors: Int) -> Int {
        switch self {
        case .terminalDefault: return -1
        case .basic(let n): return n
        case .indexed(let n):
            if n < colors { return n }
            if n < 16 { return n % 8 }
            return Self.nearestBasic(n)
        }
    }

    private static func nearestBasic(_ n: Int) -> Int {
        let (r, g, b): (Int, Int, Int)
        if n >= 232 {
            let level = (n - 232) * 10 + 8
            (r, g, b) = (level, level, level)
        } else {
            let cube = n - 16, steps = [0, 95, 135, 175, 215, 255]
            (r, g, b) = (steps[cube / 36], steps[(cube / 6) % 6], steps[cube % 6])
        }
        // Basic colour i has red in bit 0, green in bit 1, blue in bit 2.
        return (r > 127 ? 1 : 0) | (g > 127 ? 2 : 0) | (b > 127 ? 4 : 0)
    }
}

/// How one role looks.
public struct RoleStyle: Hashable, Sendable {
    public var foreground: ThemeColor = .terminalDefault
    public var background: ThemeColor = .terminalDefault
    public var bold = false
    public var reverse = false
    public var dim = false
    public var underline = false

    public init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault, bold: Bool = false,
                reverse: Bool = false, dim: Bool = false, underline: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
    }
}

/// A theme: a style for every role. Roles a theme file leaves out keep the monochrome look.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var styles: [StyleRole: RoleStyle]

    public init(name: String, styles: [StyleRole: RoleStyle]) {
        self.name = name
        self.styles = styles
    }

    public func style(_ role: StyleRole) -> RoleStyle { styles[role] ?? Self.monochrome.styles[role] ?? RoleStyle() }

    /// Attributes only, no colour: what NO_COLOR and colourless terminals get, and the base of every theme.
    public static let monochrome = Theme(name: "monochrome", styles: [
        .dim: RoleStyle(dim: true), .borderFocused: RoleStyle(bold: true), .title: RoleStyle(bold: true),
        .titleFocused: RoleStyle(bold: true, reverse: true), .header: RoleStyle(underline: true),
        .selection: RoleStyle(reverse: true), .selectionUnfocused: RoleStyle(underline: true),
        .progressFill: RoleStyle(bold: true), .progressEmpty: RoleStyle(dim: true), .statusOK: RoleStyle(bold: true),
        .statusWarning: RoleStyle(bold: true), .statusError: RoleStyle(bold: true, reverse: true),
        .hintKey: RoleStyle(bold: true, reverse: true), .cursor: RoleStyle(reverse: true),
    ])

    /// The theme without colours (NO_COLOR): every role keeps only its attributes.
    public var withoutColor: Theme {
        Theme(name: name, styles: styles.mapValues { style in
            var plain = style
            plain.foreground = .terminalDefault
            plain.background = .terminalDefault
            return plain
        })
    }
}
