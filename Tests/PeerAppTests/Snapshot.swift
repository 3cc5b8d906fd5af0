import Foundation
import Testing
import TerminalUI

/// Compares a rendered grid with a golden text file in Snapshots/. A missing file (or SHOAL_RECORD=1)
/// is written and the test fails once, so every new snapshot is looked at before it is trusted.
enum Snapshot {
    static func check(_ grid: CellGrid, _ name: String, filePath: String = #filePath,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        let folder = (filePath as NSString).deletingLastPathComponent + "/Snapshots"
        let path = folder + "/\(name).txt"
        let actual = grid.lines.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["SHOAL_RECORD"] == "1" || !FileManager.default.fileExists(atPath: path) {
            try? actual.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("recorded snapshot \(name); check it and run again", sourceLocation: sourceLocation)
            return
        }
        let expected = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        #expect(actual == expected, "snapshot \(name) differs (SHOAL_RECORD=1 rewrites it)", sourceLocation: sourceLocation)
    }
}
