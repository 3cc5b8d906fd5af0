import Foundation

/// Reads a process's memory and CPU use from /proc (Linux).
enum ProcStatus {
    /// A `kB` field of /proc/PID/status in bytes (`VmRSS`, `VmHWM`); `pid` 0 means this process.
    static func bytes(_ field: String, pid: pid_t = 0) -> Int {
        let path = pid == 0 ? "/proc/self/status" : "/proc/\(pid)/status"
        guard let text = TextFile.read(path),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
        return kilobytes * 1024
    }

    /// utime + stime of a process in clock ticks.
    static func cpuTicks(pid: pid_t) -> Int {
        guard let text = TextFile.read("/proc/\(pid)/stat"),
              let close = text.lastIndex(of: ")") else { return 0 }
        // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return 0 }
        return user + system
    }

    static var ticksPerSecond: Int { sysconf(Int32(_SC_CLK_TCK)) }

    /// Whether the process exists and has not ended (a zombie counts as ended).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let text = TextFile.read("/proc/\(pid)/stat"),
              let close = text.lastIndex(of: ")") else { return false }
        return !text[text.index(after: close)...].hasPrefix(" Z")
    }
}
