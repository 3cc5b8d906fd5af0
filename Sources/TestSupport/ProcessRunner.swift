import Dispatch
import Foundation
import NIOConcurrencyHelpers

/// Runs a program to its end and collects what it wrote, waiting on threads of its own.
///
/// Reading a pipe to its end and waiting for a process block the thread that does it. On Swift
/// concurrency's pool (two threads on a two-core machine) that would stall every server, peer and client
/// the test process runs for as long as the program takes: under a sanitizer, long enough for their
/// timeouts to fire.
public enum ProcessRunner {
    /// What a finished program left.
    public struct Finished: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Starts `process` with its standard output and error captured and returns once it has exited.
    public static func run(_ process: Process) async throws -> Finished {
        let (out, err) = try ChildLaunch.start(process) { process in
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            return (out, err)
        }
        return await withCheckedContinuation { (finished: CheckedContinuation<Finished, Never>) in
            let errors = NIOLockedValueBox(Data())
            let errorsRead = DispatchSemaphore(value: 0)
            // Each pipe has a reader of its own, so a program that fills one while the other is read never blocks.
            Thread {
                let data = err.fileHandleForReading.readDataToEndOfFile()
                errors.withLockedValue { $0 = data }
                errorsRead.signal()
            }.start()
            Thread {
                let output = out.fileHandleForReading.readDataToEndOfFile()
                errorsRead.wait()
                finished.resume(returning: Finished(status: ChildExit.status(of: process),
                                                    stdout: String(decoding: output, as: UTF8.self),
                                                    stderr: String(decoding: errors.withLockedValue { $0 }, as: UTF8.self)))
            }.start()
        }
    }
}
