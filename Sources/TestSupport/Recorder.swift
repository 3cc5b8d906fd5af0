import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Collects values as they happen (log lines, engine events) and lets a test wait for one that matches,
/// with a timeout scheduled on an event loop: waiting on the event, never sleeping.
public final class Recorder<Element: Sendable>: Sendable {
    private struct Waiter {
        let id: Int
        let predicate: @Sendable (Element) -> Bool
        /// Resumed with the matching element's position.
        let continuation: CheckedContinuation<Int, any Error>
    }

    private struct State {
        var elements: [Element] = []
        var waiters: [Waiter] = []
        var nextID = 0
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    public var all: [Element] { state.withLockedValue { $0.elements } }

    public func append(_ element: Element) {
        let (ready, position) = state.withLockedValue { state -> ([Waiter], Int) in
            state.elements.append(element)
            let ready = state.waiters.filter { $0.predicate(element) }
            let readyIDs = Set(ready.map(\.id))
            state.waiters.removeAll { readyIDs.contains($0.id) }
            return (ready, state.elements.count - 1)
        }
        for waiter in ready { waiter.continuation.resume(returning: position) }
    }

    /// Waits until an element (already recorded, or to come) satisfies `predicate`; returns it.
    @discardableResult
    public func waitFor(timeout: TimeAmount = TestDeadline.event, _ description: String,
                        _ predicate: @escaping @Sendable (Element) -> Bool) async throws -> Element {
        try await waitFor(timeout: timeout, description, after: 0, predicate)
    }

    /// Like ``waitFor(timeout:_:_:)`` but ignores the first `skip` elements recorded.
    @discardableResult
    public func waitFor(timeout: TimeAmount = TestDeadline.event, _ description: String, after skip: Int,
                        _ predicate: @escaping @Sendable (Element) -> Bool) async throws -> Element {
        let position = try await position(timeout: timeout, description, after: skip, predicate)
        return state.withLockedValue { $0.elements[position] }
    }

    /// Waits until `count` elements (already recorded, or to come) satisfy `predicate`.
    public func waitFor(count: Int, timeout: TimeAmount = TestDeadline.event, _ description: String,
                        _ predicate: @escaping @Sendable (Element) -> Bool) async throws {
        var (found, next) = state.withLockedValue { state in (state.elements.count(where: predicate), state.elements.count) }
        while found < count {
            next = try await position(timeout: timeout, "\(description) (\(found) of \(count) so far)", after: next, predicate) + 1
            found += 1
        }
    }

    /// The position of the first element after `skip` that satisfies `predicate`, waiting for it if needed.
    private func position(timeout: TimeAmount, _ description: String, after skip: Int,
                          _ predicate: @escaping @Sendable (Element) -> Bool) async throws -> Int {
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        return try await withCheckedThrowingContinuation { continuation in
            let id: Int? = state.withLockedValue { state in
                if let hit = state.elements.indices.dropFirst(skip).first(where: { predicate(state.elements[$0]) }) {
                    continuation.resume(returning: hit)
                    return nil
                }
                state.nextID += 1
                state.waiters.append(Waiter(id: state.nextID, predicate: predicate, continuation: continuation))
                return state.nextID
            }
            guard let id else { return }
            loop.scheduleTask(in: timeout) { [self] in
                let expired = state.withLockedValue { state -> Waiter? in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.waiters.remove(at: index)
                }
                expired?.continuation.resume(throwing: TestTimeout(description))
            }
        }
    }

    public var count: Int { state.withLockedValue { $0.elements.count } }
}
