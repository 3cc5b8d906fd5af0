import Foundation
import NIOConcurrencyHelpers

/// Starting child programs, one at a time in the test process.
///
/// Foundation gives each child a socket pair that is not closed on exec, and learns that the child ended when
/// the pair's far end closes. In the child it closes the other descriptors open when it lists them, but a
/// pair or pipe another thread makes after that listing is inherited. A child that lives for a whole test
/// (`shoal serve`, `shoal-index`) then holds another child's pair, and Foundation does not note that child's
/// end until the test is over: in CI, under AddressSanitizer, a tmux command's `waitUntilExit` waited for
/// ever. Every child the tests run is started here, with its pipes made under the same lock, so no two
/// launches overlap.
///
/// Sockets SwiftNIO opens meanwhile on other threads can still be inherited: NIO does not mark them
/// close-on-exec, and they cannot be made under this lock. A server that ends a connection on purpose and
/// whose client waits for that end (the control socket's refusals) shuts the sending side before closing:
/// that ends the connection whoever else holds a copy of the descriptor.
public enum ChildLaunch {
    private static let lock = NIOLock()

    /// Runs `prepare` (which gives `process` its pipes) and starts `process`, while no other child starts.
    @discardableResult
    public static func start<Made>(_ process: Process, prepare: (Process) -> Made) throws -> Made {
        try lock.withLock {
            let made = prepare(process)
            try process.run()
            return made
        }
    }

    /// Starts `process`, while no other child starts.
    public static func start(_ process: Process) throws {
        try start(process) { _ in () }
    }
}
