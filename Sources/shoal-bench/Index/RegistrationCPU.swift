import NIOCore

/// The CPU that registering took, by process: the index's, and the load generator's own (which runs on
/// the same cores). Together they bound how fast registering can be on this machine, whatever the
/// registry costs: CPU seconds over the cores is the least wall time they fit in.
struct RegistrationCPU {
    /// Clock ticks of the index's CPU over the registration.
    let index: Int
    /// Clock ticks of the load generator's CPU over the registration.
    let client: Int

    /// "registering used 18.02 s of the index's CPU (the registry's write lock held 8.59 s of wall time) and
    /// 4.09 s of the load generator's: on 2 cores that much CPU takes at least 11.05 s", for the table's
    /// notes. `writeLockHeld` is the write lock's total hold (nil without metrics).
    func description(writeLockHeld: Double?, cores: Int = System.coreCount) -> String {
        let perSecond = Double(ProcStatus.ticksPerSecond)
        let indexSeconds = Double(index) / perSecond, clientSeconds = Double(client) / perSecond
        let held = writeLockHeld.map { " (the registry's write lock held \(Figure.time($0)) of wall time)" } ?? ""
        let floor = (indexSeconds + clientSeconds) / Double(max(cores, 1))
        return "registering used \(Figure.time(indexSeconds)) of the index's CPU\(held) and \(Figure.time(clientSeconds)) of the "
            + "load generator's: on \(cores) core\(cores == 1 ? "" : "s") that much CPU takes at least \(Figure.time(floor))"
    }
}
