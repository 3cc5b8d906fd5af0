import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Waiting for a child program to end, on the calling thread.
public enum ChildExit {
    /// Blocks until `process` has ended; returns what `Process.terminationStatus` says (the exit code, or the
    /// signal that ended it).
    ///
    /// Not `Process.waitUntilExit()`: it spins a run loop whose clean-up races with Foundation's notice that
    /// the child ended, and ThreadSanitizer crashed there (`_CFRunLoopFinished`). `waitid` with `WNOWAIT`
    /// waits without reaping, so Foundation still reaps the child and keeps its own state right.
    public static func status(of process: Process) -> Int32 {
        var info = siginfo_t()
        while waitid(P_PID, id_t(process.processIdentifier), &info, WEXITED | WNOWAIT) != 0 {
            guard errno == EINTR else {
                // Foundation reaped it first (ECHILD): its own status is then set, or about to be.
                process.waitUntilExit()
                return process.terminationStatus
            }
        }
        return info._sifields._sigchld.si_status
    }
}
