import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Collects values as they happen (log lines, engine events) and lets a test wait for one that matches,
/// with a timeout scheduled on an event loop: waiting on the event, never sleeping.
public final class Recorder<Element: Sendable>: Sendable {
    private struct Waiter {
        let id: Int
        let predicate: @Sendable (Element) -> Bool
        let continuation: CheckedContinuation<Element, any Error>
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
        let ready = state.withLockedValue { state -> [Waiter] in
            state.elements.append(element)
            let ready = state.waiters.filter { $0.predicate(element) }
            state.waiters.removeAll { $0.predicate(element) }
            return ready
        }
        for waiter in ready { waiter.continuation.resume(returning: element) }
    }

    /// Waits until an element (already recorded, or to come) satisfies `predicate`; returns it.
    @discardableResult
    public func waitFor(timeout: TimeAmount = .seconds(10), _ description: String,
                        _ predicate: @escaping @Sendable (Element) -> Bool) async throws -> Element {
        try await waitFor(timeout: timeout, description, after: 0, predicate)
    }

    /// Like ``waitFor(timeout:_:_:)`` but ignores the first `skip` elements recorded.
    @discardableResult
    public func waitFor(timeout: TimeAmount = .seconds(10), _ description: String, after skip: Int,
                        _ predicate: @escaping @Sendable (Element) -> Bool) async throws -> Element {
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        return try await withCheckedThrowingContinuation { continuation in
            let id: Int? = state.withLockedValue { state in
                if let hit = state.elements.dropFirst(skip).first(where: predicate) {
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
