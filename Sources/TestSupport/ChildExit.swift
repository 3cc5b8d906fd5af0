import Dispatch
import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#endif

/// Waiting for a child program to end, on the calling thread.
///
/// Foundation's `Process.waitUntilExit()` runs the waiting thread's run loop, and Foundation wakes that run
/// loop from its own thread when the child ends. A waiting thread that ends right after may free its run
/// loop while it is being woken: ThreadSanitizer crashed there (`_CFRunLoopFinished`). Yet without
/// `waitUntilExit` a `Process` is never released (its run-loop source and it keep each other alive). So the
/// calling thread waits with `waitid` (no run loop), and once the child is gone `waitUntilExit` runs on one
/// thread that never ends, once Foundation has noted the end (so it returns at once).
public enum ChildExit {
    /// Blocks until `process` has ended; returns its `terminationStatus` (the exit code, or the signal that
    /// ended it).
    public static func status(of process: Process) -> Int32 {
        var info = siginfo_t()
        // WNOWAIT: the child is left for Foundation to reap. ECHILD: Foundation reaped it already.
        while waitid(P_PID, id_t(process.processIdentifier), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
        let noted = DispatchSemaphore(value: 0)
        Self.lastingThread.run {
            // Foundation notes the end from a thread of its own, when the child's socket pair closes. A child
            // that inherited the pair delays that until it ends too (``ChildLaunch`` prevents it; once in CI it
            // happened, and `waitUntilExit` spun for ever): the note is waited for 30 s at most, and only then
            // is `waitUntilExit` called, which returns at once. A process whose end was not noted is kept:
            // Foundation's socket still refers to it.
            let deadline = Date(timeIntervalSinceNow: 30)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
            if process.isRunning {
                Self.unnoted.withLockedValue { $0.append(process) }
                FileHandle.standardError.write(Data("ChildExit: Foundation did not note the end of \(process.executableURL?.path ?? "a child") (pid \(process.processIdentifier)) within 30 s\n".utf8))
            } else {
                process.waitUntilExit()
            }
            noted.signal()
        }
        noted.wait()
        // Foundation's status when it noted the end, else the one waitid saw (the exit code, or the signal).
        return process.isRunning ? info._sifields._sigchld.si_status : process.terminationStatus
    }

    private static let lastingThread = LastingThread()

    /// Children whose end Foundation had not noted when their status was returned.
    private static let unnoted = NIOLockedValueBox<[Process]>([])

    /// One thread that runs jobs in turn and never ends, so that its run loop is never freed.
    private final class LastingThread: Sendable {
        private let jobs = NIOLockedValueBox<[@Sendable () -> Void]>([])
        private let waiting = DispatchSemaphore(value: 0)

        init() {
            let jobs = self.jobs, waiting = self.waiting
            Thread {
                while true {
                    waiting.wait()
                    jobs.withLockedValue { $0.removeFirst() }()
                }
            }.start()
        }

        func run(_ job: @escaping @Sendable () -> Void) {
            jobs.withLockedValue { $0.append(job) }
            waiting.signal()
        }
    }
}
