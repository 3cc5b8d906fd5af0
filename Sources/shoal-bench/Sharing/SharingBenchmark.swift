import ArgumentParser
import Foundation
import Logging
import Model
import PeerEngine

/// Hashing a shared folder (what a peer does at its first start) against sha256sum on the same files, and
/// a second start with nothing changed.
struct SharingBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sharing",
        abstract: "Hash a folder of many small and a few big files (first start) against sha256sum; then a second start with nothing changed.",
        discussion: """
            Shoal's side is the peer's own share scanner (in this process, with a fresh state folder): it walks the \
            folder, computes each file's 1 MiB chunk hashes and its id (their root), and stores them in its SQLite hash cache. \
            sha256sum gets every file on one command line. The files are read once before timing, so both read from \
            the page cache. A second start opens the same state folder and scans again.
            """
    )

    @OptionGroup var options: BenchOptions
    @Option(help: "Small files (1 to 64 KiB each).") var smallFiles = 2000
    @Option(help: "Big files.") var bigFiles = 3
    @Option(help: "Size of each big file.") var bigSize = "256M"

    func validate() throws {
        guard smallFiles >= 0, bigFiles >= 0, smallFiles + bigFiles > 0 else { throw ValidationError("there must be some files") }
        guard ByteCount.parse(bigSize) != nil else { throw ValidationError("--big-size must be a size such as 256M, not '\(bigSize)'") }
    }

    func run() throws {
        Console.say(try measure().render())
    }

    func measure() throws -> ResultTable {
        let work = try WorkFolder(options.workFolder)
        defer { work.remove() }
        let logs = try work.folder("logs")
        let share = try work.folder("share")
        Console.say("sharing: writing \(smallFiles) small and \(bigFiles) big files …")
        var random = SplitMix64(seed: 7)
        var paths: [String] = []
        for number in 0..<smallFiles {
            let folder = try work.folder("share/album \(number / 100)")
            paths.append(folder + "/track \(number).bin")
            try RandomFile.write(paths.last!, size: 1024 + Int(random.next() % (63 * 1024)), seed: random.next())
        }
        for number in 0..<bigFiles {
            paths.append(share + "/big \(number).iso")
            try RandomFile.write(paths.last!, size: ByteCount.parse(bigSize)!, seed: random.next())
        }
        let bytes = try paths.reduce(0) { $0 + ((try FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
        _ = try ChildProcess.run("sha256sum", paths, logs: logs)  // reads everything into the page cache

        var shoalFirst = Samples(), shoalSecond = Samples(), baseline = Samples()
        let logger = Logger(label: "shoal-bench")
        for run in 1...options.runs {
            let state = work.path + "/state-\(run)"
            let first = try Self.scan(share, state: state, logger: logger)
            guard first.files == paths.count, first.hashedNow == paths.count else {
                throw ChildProcess.Failure(description: "the first scan found \(first.files) files and hashed \(first.hashedNow), not \(paths.count)")
            }
            shoalFirst.add(first.time.seconds)
            let second = try Self.scan(share, state: state, logger: logger)
            guard second.files == paths.count, second.hashedNow == 0 else {
                throw ChildProcess.Failure(description: "the second start hashed \(second.hashedNow) files again")
            }
            shoalSecond.add(second.time.seconds)
            let sum = try ChildProcess.run("sha256sum", paths, logs: logs)
            guard sum.succeeded else { throw ChildProcess.Failure(description: "sha256sum failed: \(sum.stderr.suffix(200))") }
            baseline.add(sum.wall.seconds)
            try FileManager.default.removeItem(atPath: state)
            Console.say("sharing: run \(run)/\(options.runs): shoal \(Figure.time(first.time.seconds)), second start \(Figure.time(second.time.seconds)), sha256sum \(Figure.time(sum.wall.seconds))")
        }
        var table = ResultTable()
        let ratio = baseline.median / shoalFirst.median
        let what = "\(smallFiles) files of 1–64 KiB + \(bigFiles) × \(bigSize) (\(Figure.megabytes(bytes)))"
        table.add(.init(measure: "hash \(what)",
                        shoal: "\(Figure.rate(Double(bytes) / shoalFirst.median)) (\(Figure.time(shoalFirst.median)))",
                        baseline: "sha256sum \(Figure.rate(Double(bytes) / baseline.median)) (\(Figure.time(baseline.median)))",
                        ratio: Figure.ratio(ratio), target: "≥ 5×", met: ratio >= 5))
        table.add(.init(measure: "second start, nothing changed", shoal: Figure.time(shoalSecond.median),
                        baseline: "", ratio: Figure.ratio(baseline.median / shoalSecond.median)))
        table.note("Shoal computes each file's 1 MiB chunk hashes and their root (the file's id) and stores them; sha256sum computes the SHA-256. Each reads every byte once. Cores: \(ProcessInfo.processInfo.activeProcessorCount)")
        return table
    }

    /// Opens the state folder and scans the share, as a starting peer does.
    static func scan(_ share: String, state: String, logger: Logger) throws -> (time: Duration, files: Int, hashedNow: Int) {
        let started = ContinuousClock.now
        let store = try StateStore(directory: state)
        defer { store.release() }
        var toHash = 0
        var reported = false
        let files = try ShareScanner(root: share, store: store, logger: logger).scan(progress: { status in
            if !reported { toHash = status.pending; reported = true }
        })
        return (ContinuousClock.now - started, files.count, toHash)
    }
}
