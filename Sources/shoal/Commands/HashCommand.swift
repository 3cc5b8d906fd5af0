import ArgumentParser
import Foundation
import Model
import PeerEngine
import Wire

/// `shoal hash FILE...`: each file's id, the root of its chunk hashes, as the index and other peers know it
/// (PROTOCOL.md §6.3). Printed like sha256sum, so people can check a file by hand.
struct HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Print each file's Shoal id, the key that search shows and get takes, like sha256sum prints a hash.",
        discussion: """
            A file's id is the SHA-256 over the SHA-256 digests of its 1 MiB chunks (the README shows how to get \
            the same id with coreutils alone). One line per file: the id, two spaces, the path. A file that cannot \
            be read is named on stderr and the others are still hashed; the exit code is then 1.
            """
    )

    @Argument(help: ArgumentHelp("Files to hash.", valueName: "file")) var files: [String]
    @Flag(help: "One JSON object per line: path, id, size, chunks.") var json = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file to hash") }
    }

    func run() throws {
        var failed = false
        for path in files {
            do {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                    throw FileHasher.Failure.unreadable("\(path) (a folder)")
                }
                let digest = try FileHasher.digest(ofFileAt: path)
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                if json {
                    OutputFormat(json: true).line(["path": path, "id": digest.hash.hex, "size": size,
                                                   "chunks": digest.chunks.digests.count])
                } else {
                    print("\(digest.hash.hex)  \(TerminalText.safe(path))")
                }
            } catch {
                printError("shoal: \(TerminalText.safe("\(error)"))")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
