import NIOConcurrencyHelpers
import NIOCore

/// Measures how busy the event loops are: every `interval`, each loop of the group gets a task scheduled
/// for a moment, and reports how late it ran. A loop that spends long in one callback (parsing a huge
/// batch, a write waiting for the registry's lock) delays every connection it serves by as much; this is
/// that delay.
///
/// One task per loop at a time, rescheduled from the task itself; ``stop()`` cancels them.
final class EventLoopLagProbe: Sendable {
    private let loops: [any EventLoop]
    private let interval: TimeAmount
    private let record: @Sendable (TimeAmount) -> Void
    private let state = NIOLockedValueBox(State())

    private struct State {
        var running = false
        /// The next task of each loop, by the loop's index in `loops`.
        var scheduled: [Int: Scheduled<Void>] = [:]
    }

    /// `record` gets each measurement (never negative), on the loop measured.
    init(group: any EventLoopGroup, interval: TimeAmount, record: @escaping @Sendable (TimeAmount) -> Void) {
        self.loops = Array(group.makeIterator())
        self.interval = interval
        self.record = record
    }

    func start() {
        let wasRunning = state.withLockedValue { state in
            defer { state.running = true }
            return state.running
        }
        guard !wasRunning else { return }
        for index in loops.indices { schedule(index) }
    }

    func stop() {
        let pending = state.withLockedValue { state in
            state.running = false
            defer { state.scheduled = [:] }
            return Array(state.scheduled.values)
        }
        for task in pending { task.cancel() }
    }

    private func schedule(_ index: Int) {
        let loop = loops[index]
        let due = loop.now + interval
        let task = loop.scheduleTask(deadline: due) { [self] in
            record(max(.zero, loop.now - due))
            schedule(index)
        }
        let keep = state.withLockedValue { state in
            guard state.running else { return false }
            state.scheduled[index] = task
            return true
        }
        if !keep { task.cancel() }
    }
}
