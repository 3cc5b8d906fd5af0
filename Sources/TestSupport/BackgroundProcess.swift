import Foundation
import NIOCore

/// A program the test runs beside itself (`shoal serve`), whose stderr lines are recorded so that the test
/// waits on what it says, never on the clock.
public final class BackgroundProcess: Sendable {
    public let lines = Recorder<String>()
    private let process: Process
    private let exited = Recorder<Int32>()

    public init(_ executable: String, _ arguments: [String], in folder: String, environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        let errors = try ChildLaunch.start(process) { process in
            let errors = Pipe()
            process.standardError = errors
            return errors
        }
        // Threads of its own, not Foundation's dispatch sources (readabilityHandler, terminationHandler):
        // ThreadSanitizer has crashed in libdispatch's event loop with those.
        let lines = self.lines, exited = self.exited
        Thread {
            var rest = ""
            while true {
                let data = errors.fileHandleForReading.availableData
                if data.isEmpty { break }
                rest += String(decoding: data, as: UTF8.self)
                var parts = rest.components(separatedBy: "\n")
                rest = parts.removeLast()
                for line in parts { lines.append(line) }
            }
        }.start()
        Thread { exited.append(ChildExit.status(of: process)) }.start()
        self.process = process
    }

    /// Waits for a stderr line containing `text`; returns it.
    @discardableResult
    public func waitForLine(containing text: String, timeout: TimeAmount = TestDeadline.event) async throws -> String {
        try await lines.waitFor(timeout: timeout, "a line containing '\(text)'") { $0.contains(text) }
    }

    public var isRunning: Bool { process.isRunning }

    /// Waits for the program to end; returns its exit status.
    public func waitForExit(timeout: TimeAmount = TestDeadline.event) async throws -> Int32 {
        try await exited.waitFor(timeout: timeout, "the program to exit") { _ in true }
    }

    /// SIGTERM, if it still runs.
    public func terminate() {
        if process.isRunning { process.terminate() }
    }

    /// Sends `signal`, if it still runs (SIGKILL for a program that ignores SIGTERM: a test process that ran
    /// a ServiceGroup ignores it, and its children inherit that).
    public func send(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }
}
