import Foundation

/// Finds the commit a Shoal executable was built from, by reading files only (git need not be installed).
///
/// - An installed executable (`PREFIX/bin/shoal`): `PREFIX/share/shoal/commit`, written by `shoal install`.
/// - A build in a checkout (`CHECKOUT/.build/release/shoal`, or any scratch folder within the checkout): the
///   checkout's `.git/HEAD`, resolved through `.git/refs` or `.git/packed-refs`.
///
/// Nil when neither is found: the version says "commit unknown" rather than guess.
public enum BuildCommit {
    /// How many folders above the executable's a checkout's `.git` may be (`.build/x86_64-unknown-linux-gnu/release`).
    static let searchDepth = 5

    public static func find(executable: String) -> String? {
        let folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = folder.deletingLastPathComponent().appendingPathComponent("share/shoal/commit")
        if let text = try? String(contentsOf: installed, encoding: .utf8), let commit = hash(in: text) { return commit }
        var candidate = folder
        for _ in 0..<searchDepth {
            candidate = candidate.deletingLastPathComponent()
            let git = candidate.appendingPathComponent(".git")
            if let commit = resolve(gitFolder: git.path) { return commit }
            if candidate.path == "/" { break }
        }
        return nil
    }

    /// The commit `HEAD` names in a `.git` folder, or nil.
    public static func resolve(gitFolder: String) -> String? {
        guard let head = try? String(contentsOfFile: gitFolder + "/HEAD", encoding: .utf8) else { return nil }
        let line = head.trimmingCharacters(in: .whitespacesAndNewlines)
        guard line.hasPrefix("ref: ") else { return hash(in: line) }
        let reference = String(line.dropFirst(5))
        guard !reference.contains(".."), reference.hasPrefix("refs/") else { return nil }
        if let loose = try? String(contentsOfFile: gitFolder + "/" + reference, encoding: .utf8) { return hash(in: loose) }
        let packed = (try? String(contentsOfFile: gitFolder + "/packed-refs", encoding: .utf8)) ?? ""
        return packedReference(reference, in: packed)
    }

    /// The hash `packed-refs` text gives `reference`.
    static func packedReference(_ reference: String, in packed: String) -> String? {
        for line in packed.split(separator: "\n") where line.hasSuffix(" " + reference) {
            return hash(in: String(line.prefix { $0 != " " }))
        }
        return nil
    }

    /// A 40- or 64-digit lowercase hex object name at the start of `text`, or nil.
    static func hash(in text: String) -> String? {
        let word = text.trimmingCharacters(in: .whitespacesAndNewlines).prefix { !$0.isWhitespace }
        guard [40, 64].contains(word.count), word.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        return String(word)
    }
}
