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

/// The line a crash prints on the terminal (address and length of memory that is never freed), or 0.
/// A lock-free atomic load is async-signal-safe.
struct CrashNote: AtomicRepresentable {
    var address: Int
    var count: Int

    typealias AtomicRepresentation = WordPair.AtomicRepresentation

    static func encodeAtomicRepresentation(_ value: CrashNote) -> AtomicRepresentation {
        WordPair.encodeAtomicRepresentation(WordPair(first: UInt(bitPattern: value.address), second: UInt(value.count)))
    }

    static func decodeAtomicRepresentation(_ storage: consuming AtomicRepresentation) -> CrashNote {
        let pair = WordPair.decodeAtomicRepresentation(storage)
        return CrashNote(address: Int(bitPattern: pair.first), count: Int(pair.second))
    }
}

let crashNote = Atomic<CrashNote>(CrashNote(address: 0, count: 0))

/// Makes every way out leave the terminal as it was: signals end the loop cleanly, and a crash restores
/// the terminal (normal screen, cursor, cooked mode) before Swift prints its backtrace.
enum TerminalGuard {
    /// `logPath`: where stderr goes while the UI runs; a crash names it on the terminal.
    static func install(logPath: String) {
        tcgetattr(0, savedTerminal)
        // Made once, before the handlers, and never freed: the handler may only read memory and write(2).
        let text = Array("shoal crashed; the backtrace and the log are in \(logPath)\r\n".utf8)
        let note = UnsafeMutableRawPointer.allocate(byteCount: text.count, alignment: 1)
        note.copyMemory(from: text, byteCount: text.count)
        crashNote.store(CrashNote(address: Int(bitPattern: note), count: text.count), ordering: .releasing)
        for signalNumber in [SIGTERM, SIGHUP, SIGINT] {
            signal(signalNumber) { _ in terminationRequested.store(true, ordering: .relaxed) }
        }
        for fatal in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT] {
            signal(fatal) { number in
                // Async-signal-safe calls only: restore, then let the default action (and Swift's backtrace) run.
                tcsetattr(0, TCSANOW, savedTerminal)
                let reset: StaticString = "\u{1B}[?1049l\u{1B}[?25h\u{1B}[0m\r\n"
                _ = write(1, reset.utf8Start, reset.utf8CodeUnitCount)
                let note = crashNote.load(ordering: .acquiring)
                if note.address != 0, let text = UnsafeRawPointer(bitPattern: note.address) { _ = write(1, text, note.count) }
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
