import NIOCore

/// How long tests wait for something that should happen.
///
/// A deadline is reached only when something is broken, so it is long: long enough for a sanitizer build
/// (several times slower) on a two-core machine that is also running every other test of the suite. A test
/// that needs a *server's* timeout to fire gives the server a short timeout and waits here for the result,
/// never the other way round.
public enum TestDeadline {
    /// For one answer, log line or event: 60 s.
    public static let event: TimeAmount = .seconds(60)
    /// For a whole transfer, or work that spans many events: 120 s.
    public static let work: TimeAmount = .seconds(120)

    /// ``event`` as a `Duration`.
    public static var eventDuration: Duration { .nanoseconds(event.nanoseconds) }
    /// ``work`` as a `Duration`.
    public static var workDuration: Duration { .nanoseconds(work.nanoseconds) }
}
