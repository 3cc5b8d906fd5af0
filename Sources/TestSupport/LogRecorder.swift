import Logging
import NIOCore

/// Collects log messages of a component under test, so tests can assert on them and wait for one.
public final class LogRecorder: Sendable {
    public struct Line: Sendable {
        public let level: Logger.Level
        public let message: String
    }

    private let lines = Recorder<Line>()

    public init() {}

    /// A logger whose messages (all levels) land here.
    public func logger(label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in RecordingHandler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every message so far at `level` or above.
    public func messages(atLeast level: Logger.Level = .trace) -> [String] {
        lines.all.filter { $0.level >= level }.map(\.message)
    }

    /// Waits until a message (already logged or to come) satisfies `predicate`; returns it.
    @discardableResult
    public func waitFor(timeout: TimeAmount = TestDeadline.event, _ description: String,
                        _ predicate: @escaping @Sendable (String) -> Bool) async throws -> String {
        try await lines.waitFor(timeout: timeout, description) { predicate($0.message) }.message
    }

    /// Waits until `count` messages (already logged or to come) satisfy `predicate`.
    public func waitFor(count: Int, timeout: TimeAmount = TestDeadline.event, _ description: String,
                        _ predicate: @escaping @Sendable (String) -> Bool) async throws {
        try await lines.waitFor(count: count, timeout: timeout, description) { predicate($0.message) }
    }

    fileprivate func record(_ level: Logger.Level, _ message: String) {
        lines.append(Line(level: level, message: message))
    }
}

private struct RecordingHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        recorder.record(event.level, "\(event.message)")
    }
}
