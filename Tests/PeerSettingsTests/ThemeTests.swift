import Foundation
import Testing
import TerminalUI
@testable import PeerSettings

@Suite("Themes")
struct ThemeTests {
    static var themeFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Themes").path
    }

    @Test("the shipped themes load, and every one of them is offered", arguments: ["default", "light", "monochrome", "256"])
    func shipped(name: String) throws {
        let theme = try ThemeFile.load(name: name, from: [Self.themeFolder])
        #expect(theme.name == name && !theme.styles.isEmpty)
        #expect(ThemeFile.available(in: [Self.themeFolder]).contains(name))
    }

    @Test("away from the source folder the default theme still loads, and looks exactly like Themes/default.toml")
    func builtInDefault() throws {
        let nowhere = NSTemporaryDirectory() + "no-themes-here"
        let builtIn = try ThemeFile.load(name: "default", from: [nowhere])
        let shipped = try ThemeFile.load(name: "default", from: [Self.themeFolder])
        #expect(builtIn == shipped)
        #expect(ThemeFile.available(in: [nowhere]) == ["default", "monochrome"])
    }

    @Test("a broken theme file names the file and the line")
    func broken() {
        let syntax = "[selection]\nfg = \"cyan\"\nbg = \n"
        let syntaxError = #expect(throws: TOMLFileProblem.self) { try ThemeFile.parse(syntax, name: "x", file: "x.toml") }
        #expect(syntaxError?.file == "x.toml" && syntaxError?.line == 3, "\(String(describing: syntaxError))")

        let colour = "# a comment\n[border]\nfg = \"blue\"\n\n[selection]\nbold = true\nfg = \"purpel\"\n"
        let colourError = #expect(throws: TOMLFileProblem.self) { try ThemeFile.parse(colour, name: "x", file: "mine.toml") }
        #expect(colourError?.description.hasPrefix("mine.toml:7: [selection] fg = 'purpel' is not a colour") == true)

        let roleError = #expect(throws: TOMLFileProblem.self) { try ThemeFile.parse("[selektion]\nbold = true\n", name: "x", file: "y.toml") }
        #expect(roleError?.line == 1 && roleError?.problem.hasPrefix("unknown role [selektion]") == true)
    }

    @Test("256-colour indexes fall back to the nearest of eight; NO_COLOR keeps only attributes")
    func fallbacks() {
        #expect(ThemeColor.indexed(196).resolved(colors: 256) == 196)
        #expect(ThemeColor.indexed(196).resolved(colors: 8) == 1, "bright red becomes red")
        #expect(ThemeColor.indexed(46).resolved(colors: 8) == 2, "green")
        #expect(ThemeColor.indexed(231).resolved(colors: 8) == 7, "white")
        #expect(ThemeColor.indexed(12).resolved(colors: 8) == 4, "bright blue becomes blue")
        #expect(ThemeColor(name: "bright-cyan") == .indexed(14) && ThemeColor(name: "default") == .terminalDefault)
        let plain = Theme(name: "t", styles: [.selection: RoleStyle(foreground: .basic(0), background: .basic(6), bold: true)]).withoutColor
        #expect(plain.style(.selection) == RoleStyle(bold: true))
    }
}
