import Foundation

/// The package's built executables (`shoal`, `shoal-index`, `shoal-bench`), for tests that run them as
/// processes: beside the test bundle, or in `.build/debug` of this checkout.
public enum BuiltProducts {
    /// The path of executable `name`, or nil (with the reason recorded by the caller) when it is not built.
    public static func path(of name: String) -> String? {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let inBuild = root.appendingPathComponent(".build/debug/\(name)").path
        return FileManager.default.isExecutableFile(atPath: inBuild) ? inBuild : nil
    }
}
