import Model

/// A peer's files as a folder tree (names are paths inside its share): folders first, then files, each
/// level in the table's order; a closed folder hides what is in it. While a filter narrows the files,
/// every folder holding a match is open.
public struct BrowseTree: Hashable, Sendable {
    public enum Row: Hashable, Sendable {
        /// A folder: its path in the share, how deep it is (0 at the top), the files under it (at any depth).
        case folder(path: String, depth: Int, files: Int, open: Bool)
        /// A file: its index in the peer's entries.
        case file(entry: Int, depth: Int)
    }

    /// Folders opened by the user, by path.
    public var open: Set<String> = []
    public private(set) var rows: [Row] = []

    public init() {}

    private final class Node {
        var folders: [String: Node] = [:]
        var files: [Int] = []
        var count = 0
    }

    /// Lays out the rows for `order` (the entries shown, in the table's order); `openAll` opens every folder.
    mutating func rebuild(entries: [SharedFileEntry], order: [Int], openAll: Bool) {
        let root = Node()
        for index in order {
            // A classic title is no path ("TCP/IP Illustrated"): classic items stay at the top.
            let components = entries[index].key.isContent ? SharePath.components(entries[index].name) : [Substring(entries[index].name)]
            var node = root
            node.count += 1
            for component in components.dropLast() {
                let next = node.folders[String(component)] ?? Node()
                node.folders[String(component)] = next
                node = next
                node.count += 1
            }
            node.files.append(index)
        }
        var laid: [Row] = []
        func lay(_ node: Node, path: String, depth: Int) {
            for name in node.folders.keys.sorted(by: { TableState.fold($0) < TableState.fold($1) }) {
                let child = node.folders[name]!, childPath = path.isEmpty ? name : path + "/" + name
                let isOpen = openAll || open.contains(childPath)
                laid.append(.folder(path: childPath, depth: depth, files: child.count, open: isOpen))
                if isOpen { lay(child, path: childPath, depth: depth + 1) }
            }
            laid += node.files.map { .file(entry: $0, depth: depth) }
        }
        lay(root, path: "", depth: 0)
        rows = laid
    }

    /// The entries under folder `path` (at any depth), each with its name from that folder down
    /// (`jazz/live/a.flac` for a file `music/jazz/live/a.flac` when `path` is `music/jazz`).
    static func files(under path: String, in entries: [SharedFileEntry]) -> [(entry: Int, name: String)] {
        let parent = SharePath.folder(path).map { $0 + "/" } ?? ""
        return entries.indices.compactMap { index in
            let name = entries[index].name
            guard entries[index].key.isContent, name.hasPrefix(path + "/") else { return nil }
            return (index, String(name.dropFirst(parent.count)))
        }
    }
}
