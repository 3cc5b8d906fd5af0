import Foundation
import NIOConcurrencyHelpers

/// A program from the system that some tests need (tmux, unshare, python3, tcpdump, openssl).
///
/// `swift test` alone must pass on a fresh machine, where such a program may be missing. Where it is, and
/// the tests run as root on a Debian-like system (CI and the project's machines do), the program's package is
/// installed with apt-get, once per test run. Anywhere else the test fails with one line saying what to
/// install: it never passes without having run.
public struct SystemTool: Sendable {
    /// The command, as looked up on PATH.
    public let command: String
    /// The Debian package that provides it.
    public let package: String

    public static let tmux = SystemTool(command: "tmux", package: "tmux")
    public static let unshare = SystemTool(command: "unshare", package: "util-linux")
    public static let python3 = SystemTool(command: "python3", package: "python3")
    public static let setpriv = SystemTool(command: "setpriv", package: "util-linux")
    public static let tcpdump = SystemTool(command: "tcpdump", package: "tcpdump")
    public static let openssl = SystemTool(command: "openssl", package: "openssl")

    public init(command: String, package: String) {
        self.command = command
        self.package = package
    }

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    /// True when the command is on PATH.
    public var isInstalled: Bool { Self.shell("command -v \(command) >/dev/null 2>&1").status == 0 }

    /// Makes sure the command is there, installing its package if it can; throws ``Missing`` naming the
    /// package otherwise.
    public func require() async throws {
        if isInstalled { return }
        // Each package is tried once per run; tests that need it meanwhile wait for that one attempt.
        let attempt = Self.installs.withLockedValue { tried in
            if let earlier = tried[package] { return earlier }
            let started = Task { await install() }
            tried[package] = started
            return started
        }
        let outcome = await attempt.value
        if isInstalled { return }
        throw Missing(description: "\(command) is needed by this test and is not installed: \(outcome) "
                      + "(install the Debian package '\(package)', e.g. apt-get install -y \(package))")
    }

    /// Installs of this run, by package, each with its outcome.
    private static let installs = NIOLockedValueBox([String: Task<String, Never>]())

    private func install() async -> String {
        guard getuid() == 0 else { return "not running as root, so it was not installed automatically" }
        guard Self.shell("command -v apt-get >/dev/null 2>&1").status == 0 else { return "no apt-get on this machine" }
        // Waits for the package lock (another install, unattended upgrades) rather than failing at once.
        let install = "apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \(package)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "export DEBIAN_FRONTEND=noninteractive; (\(install) || (apt-get update -qq && \(install))) 2>&1"]
        process.standardInput = FileHandle.nullDevice
        // apt-get takes seconds to minutes: waited for off Swift concurrency's threads (ProcessRunner).
        guard let result = try? await ProcessRunner.run(process) else { return "apt-get could not be started" }
        let tail = result.stdout.split(separator: "\n").suffix(3).joined(separator: " / ")
        return result.status == 0 ? "apt-get install \(package) ran" : "apt-get install \(package) failed: \(tail)"
    }

    private static func shell(_ script: String) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.standardInput = FileHandle.nullDevice
        let pipe: Pipe
        do {
            pipe = try ChildLaunch.start(process) { process in
                let pipe = Pipe()
                process.standardOutput = pipe
                process.standardError = pipe
                return pipe
            }
        } catch { return (127, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        return (ChildExit.status(of: process), String(decoding: data, as: UTF8.self))
    }
}
