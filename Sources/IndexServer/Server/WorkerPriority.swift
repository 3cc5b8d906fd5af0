#if canImport(Glibc)
import Glibc
#endif

/// Searches on the index's worker threads run below the event loops: on Linux a thread has a nice value
/// of its own, and a worker's is raised to ``nice`` (the event loops' stay 0) while it searches. When both
/// compete for the cores, the event loops, which answer LOOKUP, HELLO and ADD, come first and are not kept
/// waiting behind a search for a scheduler time slice.
///
/// Big changes run at the normal priority, on the writer thread (``IndexContext/writer``), which is never
/// lowered: they hold the registry's write lock, and a low-priority holder would keep every reader waiting
/// while it is preempted.
enum WorkerPriority {
    static let nice: Int32 = 10

    /// Lowers the calling thread's priority to ``nice`` (once per job: one cheap system call, and no
    /// need to know which of the pool's threads runs it).
    static func lowerCurrentThread() {
        #if canImport(Glibc)
        // On Linux the nice value belongs to the thread, and `who` 0 names the calling thread (setpriority(2)).
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
        #endif
    }
}
