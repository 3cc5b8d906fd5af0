/// How a download waits for its sources: the back-off between LOOKUPs (0.25 s doubling to 5 s) while the
/// index is away or nobody has the file, and how long it waits for the latter (``patience``) before it
/// gives up. Pure: the caller passes the engine clock's time.
public struct LookupPatience: Hashable, Sendable {
    /// How long nobody may have the file before the download gives up.
    public static let patience: Duration = .seconds(30)
    public static let firstWait: Duration = .milliseconds(250)
    public static let longestWait: Duration = .seconds(5)

    /// What a download shows while nobody has the file.
    public static let waitingForSources = "waiting for sources"

    /// What a download shows while the index cannot be asked.
    public static func waitingForIndex(_ reason: String) -> String { "waiting for the index: \(reason)" }

    private var delay = Self.firstWait
    private var giveUpAt: Duration?

    public init() {}

    /// Nobody has the file now: how long to wait before asking again, or nil when patience is over.
    public mutating func nobodyHasIt(now: Duration) -> Duration? {
        let deadline = giveUpAt ?? now + Self.patience
        giveUpAt = deadline
        return now < deadline ? next() : nil
    }

    /// The index cannot be asked now: how long to wait before asking again (as long as it takes).
    public mutating func indexAway() -> Duration {
        next()
    }

    /// Sources were found: the next wait starts afresh.
    public mutating func reset() {
        self = Self()
    }

    private mutating func next() -> Duration {
        defer { delay = min(delay * 2, Self.longestWait) }
        return delay
    }
}
