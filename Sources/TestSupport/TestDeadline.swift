import Foundation
import NIOCore

/// How long tests wait for something that should happen.
///
/// A deadline is reached only when something is broken, so it is long. A test that needs a *server's* timeout
/// to fire gives the server a short timeout and waits here for the result, never the other way round.
///
/// Sanitizer builds run 5 to 15 times slower, and every test of the suite starts at once on a two-core machine,
/// so under ThreadSanitizer the tests' tasks can wait a minute and more for a thread before they run at all.
/// `.ci/run` sets `SHOAL_TEST_DEADLINE_SCALE` for those runs, and every deadline here (and any test's own
/// short one, through ``scaled(_:)``) is that many times longer. The README's `swift test` keeps scale 1.
public enum TestDeadline {
    /// `SHOAL_TEST_DEADLINE_SCALE` (a whole number from 1 to 20), or 1.
    public static let scale: Int = {
        guard let text = ProcessInfo.processInfo.environment["SHOAL_TEST_DEADLINE_SCALE"], let value = Int(text) else { return 1 }
        return min(max(value, 1), 20)
    }()

    /// For one answer, log line or event: 60 s × ``scale``.
    public static let event: TimeAmount = scaled(.seconds(60))
    /// For a whole transfer, or work that spans many events: 120 s × ``scale``.
    public static let work: TimeAmount = scaled(.seconds(120))

    /// `amount` × ``scale``: a test's own deadline, such as a time the product promises, which a sanitizer
    /// build can only be held to loosely.
    public static func scaled(_ amount: TimeAmount) -> TimeAmount { amount * Int64(scale) }

    /// ``event`` as a `Duration`.
    public static var eventDuration: Duration { .nanoseconds(event.nanoseconds) }
    /// ``event`` in seconds, for waits that take a plain number (the terminal's screen waits).
    public static var eventSeconds: Double { Double(event.nanoseconds) / 1e9 }
    /// ``work`` as a `Duration`.
    public static var workDuration: Duration { .nanoseconds(work.nanoseconds) }
}
