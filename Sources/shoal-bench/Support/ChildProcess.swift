import Foundation

/// A program the benchmark starts: spawned with `posix_spawn` (signals unblocked, none of this process's
/// descriptors), reaped with `wait4` for its exit status and CPU time. Output goes to files in the work folder.
/// Its peak memory is measured only when asked (``run(_:_:logs:environment:measuringMemory:)``).
///
/// Foundation's `Process` reaps the child itself and keeps its resource usage, hence this small wrapper.
final class ChildProcess {
    /// How a finished program ended and what it used.
    struct Outcome {
        let status: Int32
        let wall: Duration
        /// Peak resident memory, when measured (else 0).
        let peakResidentBytes: Int
        let cpu: Duration
        let stdout: String
        let stderr: String
        var succeeded: Bool { status == 0 }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let pid: pid_t
    let name: String
    private let started = ContinuousClock.now
    private let stdoutPath: String
    private let stderrPath: String
    private var reaped: Outcome?

    /// Starts `executable` (an absolute path, or a name looked up in PATH) with `arguments`.
    init(_ executable: String, _ arguments: [String], logs folder: String, name: String? = nil,
         environment: [String: String] = [:]) throws {
        let path = executable.hasPrefix("/") ? executable : try Self.lookUp(executable)
        let label = name ?? (path as NSString).lastPathComponent
        self.name = label
        let unique = "\(label)-\(UUID().uuidString.prefix(8))"
        stdoutPath = folder + "/\(unique).out"
        stderrPath = folder + "/\(unique).err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let envp = merged.map { strdup("\($0)=\($1)") } + [nil]
        defer { envp.forEach { free($0) } }
        // The spawning thread may block signals (event-loop and runtime threads do), and a child inherits that
        // mask: start it with none blocked and default handlers, so SIGTERM stops it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        Self.keepDescriptorsFromChildren()
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw Failure(description: "cannot start \(path): \(String(cString: strerror(result)))") }
        self.pid = pid
    }

    /// Marks every descriptor this process has open (beyond stdin, stdout and stderr) close-on-exec. The
    /// load generator's 10,000 sockets must not be inherited: redis-server, started after them, could not
    /// serve connections whose descriptor numbers lay past its event loop's size, and the index would never
    /// see those peers leave.
    private static func keepDescriptorsFromChildren() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for descriptor in names.compactMap({ Int32($0) }) where descriptor > 2 {
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0, flags & FD_CLOEXEC == 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// The full path of a program in PATH.
    static func lookUp(_ program: String) throws -> String {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for folder in folders + ["/usr/sbin", "/sbin"] where FileManager.default.isExecutableFile(atPath: "\(folder)/\(program)") {
            return "\(folder)/\(program)"
        }
        throw Failure(description: "\(program) is not installed")
    }

    /// Runs a program to its end.
    ///
    /// - Parameter measuringMemory: runs it under GNU time, whose `%M` is the program's own peak. The
    ///   `ru_maxrss` this process gets from `wait4` is not: a child spawned with `posix_spawn` shares this
    ///   process's memory until it execs, and Linux keeps that high-water mark (this benchmark holds
    ///   hundreds of MB by then).
    static func run(_ executable: String, _ arguments: [String], logs folder: String,
                    environment: [String: String] = [:], measuringMemory: Bool = false) throws -> Outcome {
        guard measuringMemory else { return try ChildProcess(executable, arguments, logs: folder, environment: environment).wait() }
        let path = executable.hasPrefix("/") ? executable : try lookUp(executable)
        let report = folder + "/time-\(UUID().uuidString.prefix(8))"
        let outcome = try ChildProcess(try lookUp("time"), ["-f", "%M", "-o", report, path] + arguments, logs: folder,
                                       name: (path as NSString).lastPathComponent, environment: environment).wait()
        let kilobytes = TextFile.read(report)?
            .split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
        return Outcome(status: outcome.status, wall: outcome.wall, peakResidentBytes: kilobytes * 1024, cpu: outcome.cpu,
                       stdout: outcome.stdout, stderr: outcome.stderr)
    }

    /// Waits for the program to end (blocking this thread).
    @discardableResult
    func wait() -> Outcome {
        if let reaped { return reaped }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
        let wall = ContinuousClock.now - started
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let cpu = Duration.microseconds(Int64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000
                                        + Int64(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec))
        let outcome = Outcome(status: exit, wall: wall, peakResidentBytes: 0, cpu: cpu,
                              stdout: TextFile.read(stdoutPath) ?? "",
                              stderr: TextFile.read(stderrPath) ?? "")
        reaped = outcome
        return outcome
    }

    /// Asks the program to stop (SIGTERM) and waits for it.
    @discardableResult
    func stop() -> Outcome {
        if reaped == nil { kill(pid, SIGTERM) }
        return wait()
    }

    /// What it has written to stderr so far.
    var stderrSoFar: String { TextFile.read(stderrPath) ?? "" }

    /// A field of /proc/PID/status in bytes (`VmRSS`: resident now; `VmHWM`: peak so far).
    func memory(_ field: String) -> Int { ProcStatus.bytes(field, pid: pid) }

    /// User plus system CPU time used so far (from /proc/PID/stat), in clock ticks.
    var cpuTicks: Int { ProcStatus.cpuTicks(pid: pid) }

    /// Polls `condition` every 20 ms for at most `timeout`; throws if it never holds or the program ends.
    func waitUntil(_ what: String, timeout: Duration = .seconds(60), _ condition: () throws -> Bool) throws {
        let deadline = ContinuousClock.now + timeout
        while try !condition() {
            guard ProcStatus.isRunning(pid) else {
                throw Failure(description: "\(name) ended while waiting for \(what): \(stderrSoFar.suffix(400))")
            }
            guard ContinuousClock.now < deadline else { throw Failure(description: "\(name): timed out waiting for \(what)") }
            usleep(20_000)
        }
    }
}
