import Foundation
import Synchronization

/// Set by SIGTERM, SIGHUP or SIGINT: the UI loop ends at its next turn, through the same clean exit as `q`.
/// A lock-free atomic store is async-signal-safe.
let terminationRequested = Atomic<Bool>(false)

/// The terminal settings before curses started, in memory of their own: `tcgetattr` fills it once, before
/// any handler that reads it is installed, and it is only read afterwards (by a crash handler, which may
/// run on any thread). The pointer itself never changes. (Passing `&` of a global `termios` here was
/// reported by AddressSanitizer as a write past that global.)
nonisolated(unsafe) private let savedTerminal: UnsafeMutablePointer<termios> = {
    let storage = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    storage.initialize(to: termios())
    return storage
}()

/// Makes every way out leave the terminal as it was: signals end the loop cleanly, and a crash restores
/// the terminal (normal screen, cursor, cooked mode) before Swift prints its backtrace.
enum TerminalGuard {
    static func install() {
        tcgetattr(0, savedTerminal)
        for signalNumber in [SIGTERM, SIGHUP, SIGINT] {
            signal(signalNumber) { _ in terminationRequested.store(true, ordering: .relaxed) }
        }
        for fatal in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT] {
            signal(fatal) { number in
                // Async-signal-safe calls only: restore, then let the default action (and Swift's backtrace) run.
                tcsetattr(0, TCSANOW, savedTerminal)
                let reset: StaticString = "\u{1B}[?1049l\u{1B}[?25h\u{1B}[0m\r\n"
                _ = write(1, reset.utf8Start, reset.utf8CodeUnitCount)
                signal(number, SIG_DFL)
                raise(number)
            }
        }
    }

    /// Sends stderr to `path` while curses owns the screen (log lines would corrupt it); returns a restorer.
    static func redirectStandardError(to path: String) -> () -> Void {
        let saved = dup(2)
        let log = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard saved >= 0, log >= 0 else { return {} }
        dup2(log, 2)
        close(log)
        return {
            dup2(saved, 2)
            close(saved)
        }
    }
}
