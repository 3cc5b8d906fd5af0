/// Asks candidates in turn, Happy-Eyeballs style: the first at once, another every ``stagger`` while none
/// has succeeded (at most ``maximumAtOnce`` at once), and the first success wins; the others are cancelled.
/// A candidate that fails starts the next one at once. Candidates that never answer then cost a fraction
/// of a second each instead of their whole timeout, in whatever order the index listed them.
struct StaggeredRace<Candidate: Sendable, Result: Sendable>: Sendable {
    var stagger: Duration = .milliseconds(500)
    var maximumAtOnce = 8
    /// Times the stagger.
    var clock: any EngineClock = SystemClock()
    /// One candidate's answer; nil when it failed (it is then out of the race).
    let attempt: @Sendable (Candidate) async -> Result?

    /// What one task of the race reports.
    private enum Event: Sendable {
        case answered(Result?)
        case tick
    }

    /// The first candidate's success, or nil when every candidate failed.
    func first(of candidates: [Candidate]) async -> Result? {
        guard !candidates.isEmpty else { return nil }
        return await withTaskGroup(of: Event.self) { tasks in
            var next = 0, running = 0, ticking = false
            while true {
                // Another candidate when none is running, or on a tick while fewer than the most are.
                if next < candidates.count, running == 0 || (!ticking && running < maximumAtOnce) {
                    let candidate = candidates[next]
                    next += 1
                    running += 1
                    tasks.addTask { .answered(await attempt(candidate)) }
                    if next < candidates.count, !ticking {
                        ticking = true
                        let stagger = self.stagger, clock = self.clock
                        tasks.addTask {
                            try? await clock.sleep(for: stagger)
                            return .tick
                        }
                    }
                }
                guard let event = await tasks.next() else { return nil }
                switch event {
                case .answered(let result?):
                    tasks.cancelAll()
                    return result
                case .answered(nil):
                    running -= 1
                    if running == 0, next >= candidates.count {
                        tasks.cancelAll()
                        return nil
                    }
                case .tick:
                    ticking = false
                }
            }
        }
    }
}
