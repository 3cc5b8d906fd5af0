#if canImport(Glibc)
import Glibc
#endif
import Foundation
import IndexServer
import Trust

/// The index's access files: the tokens in its state folder, the ban list where `--ban-file` says, and the
/// pid file through which `shoal-index token` tells a running index to read them again (SIGHUP).
struct AccessFiles {
    let state: String
    let banFile: String?

    var tokensPath: String { state + "/" + AccessTokens.fileName }
    var pidPath: String { state + "/shoal-index.pid" }

    /// The tokens: none while the file does not exist; a file that cannot be read is an error (never
    /// taken for "no tokens", which would drop them all).
    func tokens() throws -> AccessTokens {
        guard FileManager.default.fileExists(atPath: tokensPath) else { return AccessTokens() }
        guard let text = try? String(contentsOfFile: tokensPath, encoding: .utf8) else { throw AccessFilesError("\(tokensPath): cannot read it") }
        do { return try AccessTokens(text: text) } catch { throw AccessFilesError("\(tokensPath): \(error)") }
    }

    /// The ban list (empty without --ban-file); a missing or bad file is an error naming it.
    func bans() throws -> BanList {
        guard let banFile else { return BanList() }
        guard let text = try? String(contentsOfFile: banFile, encoding: .utf8) else { throw AccessFilesError("\(banFile): cannot read it") }
        do { return try BanList(text: text) } catch { throw AccessFilesError("\(banFile): \(error)") }
    }

    /// Writes the tokens, owner-only, replacing the file in one step.
    func save(_ tokens: AccessTokens) throws {
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try PrivateFile.replace(tokensPath, with: tokens.text)
    }

    /// Records this process as the index running on `state`.
    func writePid() { try? "\(getpid())\n".write(toFile: pidPath, atomically: true, encoding: .utf8) }

    func removePid() { unlink(pidPath) }

    /// Tells the index running on `state`, if one is, to read the files again; its pid when one was told.
    /// A pid file left by an index that died names some other process by now, or none: the process is
    /// signalled only when it is a shoal-index.
    func signalRunningIndex() -> pid_t? {
        guard let text = try? String(contentsOfFile: pidPath, encoding: .utf8),
              let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0,
              let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
              let program = command.split(separator: 0).first,
              String(decoding: program, as: UTF8.self).hasSuffix("shoal-index") else { return nil }
        return kill(pid, SIGHUP) == 0 ? pid : nil
    }
}

/// An access file that cannot be read or written, in one line.
struct AccessFilesError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
