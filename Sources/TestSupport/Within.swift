/// Runs `body`, failing with ``TestTimeout`` if it has not finished within `timeout`: how tests prove
/// that something does not hang.
public func within<T: Sendable>(_ timeout: Duration, _ what: String,
                                _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        guard let first = try await group.next(), let value = first else {
            group.cancelAll()
            throw TestTimeout(what)
        }
        group.cancelAll()
        return value
    }
}
