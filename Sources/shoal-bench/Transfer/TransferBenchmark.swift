import ArgumentParser
import Foundation
import Model
import PeerEngine

/// Peer to peer against nginx → curl, and four rate-capped sources against one.
struct TransferBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "One file peer → peer over loopback, to disk, verified, against nginx (sendfile) → curl; 4 capped sources against 1.",
        discussion: """
            Starts shoal-index, `shoal serve` seeders and `shoal get` downloaders as separate processes (release builds \
            beside shoal-bench), and nginx and curl from Debian's packages. Each run downloads the whole file again into \
            an empty folder; Shoal and nginx alternate. Times are whole commands, as a user sees them.
            """
    )

    @OptionGroup var options: BenchOptions
    @Option(help: "Size of the file for the peer-to-peer and nginx comparison.") var size = "1G"
    @Option(help: "Size of the file for the multi-source comparison.") var cappedSize = "256M"
    @Option(help: "Upload rate cap of each source in the multi-source comparison.") var sourceRate = "16M"

    func validate() throws {
        for (flag, value) in [("--size", size), ("--capped-size", cappedSize), ("--source-rate", sourceRate)]
        where ByteCount.parse(value) == nil || ByteCount.parse(value) == 0 {
            throw ValidationError("\(flag) must be a size such as 256M or 1G, not '\(value)'")
        }
    }

    func run() throws {
        Console.say(try measure().render())
    }

    func measure() throws -> ResultTable {
        let work = try WorkFolder(options.workFolder)
        defer { work.remove() }
        let shoal = try ShoalProcesses(work: work)
        var table = ResultTable()
        let missing = Tools.ensure(["nginx", "curl", "time", "openssl"], install: !options.noInstall, logs: shoal.logs)
        try compareWithNginx(shoal: shoal, work: work, skipNginx: !missing.isEmpty, into: &table)
        try compareWithPlaintext(shoal: shoal, work: work, into: &table)
        try compareSources(shoal: shoal, work: work, into: &table)
        return table
    }

    private func compareWithNginx(shoal: ShoalProcesses, work: WorkFolder, skipNginx: Bool, into table: inout ResultTable) throws {
        let bytes = ByteCount.parse(size)!
        let uploads = try work.folder("uploads")
        Console.say("transfer: writing a \(size) random file …")
        try RandomFile.write(uploads + "/big.bin", size: bytes, seed: 1)
        let hash = try FileHasher.digest(ofFileAt: uploads + "/big.bin").hash.hex
        let (index, port) = try shoal.index()
        defer { index.stop() }
        let seeder = try shoal.seeder("seed", uploads: uploads, indexPort: port)
        defer { seeder.stop() }
        try ShoalProcesses.waitForRegistrations(index, of: [seeder])
        let nginx = skipNginx ? nil : try NginxServer(root: uploads, work: work, logs: shoal.logs)
        defer { nginx?.process.stop() }

        var shoalTimes = Samples(), nginxTimes = Samples(), getMemory = Samples(), curlMemory = Samples()
        var getCPU = Samples(), curlCPU = Samples(), opensslCPU = Samples()
        for run in 1...options.runs {
            let shoalFirst = run % 2 == 1
            for turn in shoalFirst ? [0, 1] : [1, 0] {
                if turn == 0 {
                    let (outcome, downloads) = try shoal.get(hash, indexPort: port, run: "p\(run)")
                    try Self.check(outcome, file: downloads + "/big.bin", size: bytes, what: "shoal get")
                    shoalTimes.add(outcome.wall.seconds)
                    getMemory.add(Double(outcome.peakResidentBytes))
                    getCPU.add(outcome.cpu.seconds)
                    try FileManager.default.removeItem(atPath: work.path + "/get-p\(run)")
                } else if let nginx {
                    let target = work.path + "/curl-\(run).bin"
                    let outcome = try nginx.fetch("big.bin", to: target, logs: shoal.logs)
                    try Self.check(outcome, file: target, size: bytes, what: "curl")
                    nginxTimes.add(outcome.wall.seconds)
                    curlMemory.add(Double(outcome.peakResidentBytes))
                    curlCPU.add(outcome.cpu.seconds)
                    // What a user of curl would run to check the file: its CPU is the other half of the baseline.
                    let check = try ChildProcess.run("openssl", ["dgst", "-sha256", target], logs: shoal.logs)
                    guard check.succeeded else { throw ChildProcess.Failure(description: "openssl dgst failed: \(check.stderr.suffix(200))") }
                    opensslCPU.add(check.cpu.seconds)
                    try FileManager.default.removeItem(atPath: target)
                }
            }
            Console.say("transfer: run \(run)/\(options.runs): shoal \(Figure.time(shoalTimes.values.last ?? .nan)), nginx→curl \(Figure.time(nginxTimes.values.last ?? .nan))")
        }
        let shoalRate = Double(bytes) / shoalTimes.median, nginxRate = Double(bytes) / nginxTimes.median
        let ratio = shoalRate / nginxRate
        table.add(.init(measure: "\(size) peer → peer, to disk, verified",
                        shoal: "\(Figure.rate(shoalRate)) (\(Figure.time(shoalTimes.median)))",
                        baseline: skipNginx ? "nginx not installed" : "nginx → curl \(Figure.rate(nginxRate)) (\(Figure.time(nginxTimes.median)))",
                        ratio: Figure.ratio(ratio), target: "≥ 1.2×", met: skipNginx ? nil : ratio >= 1.2))
        let perGiB = Double(1 << 30) / Double(bytes)
        let baselineCPU = (curlCPU.median + opensslCPU.median) * perGiB
        table.add(.init(measure: "downloader CPU per GiB",
                        shoal: "shoal get \(Figure.time(getCPU.median * perGiB))",
                        baseline: skipNginx ? "" : "curl \(Figure.time(curlCPU.median * perGiB)) + openssl dgst -sha256 \(Figure.time(opensslCPU.median * perGiB))",
                        ratio: skipNginx ? "" : Figure.ratio(getCPU.median * perGiB / baselineCPU),
                        target: "≤ 1.0×", met: skipNginx ? nil : getCPU.median * perGiB <= baselineCPU))
        table.add(.init(measure: "peak RSS: downloader / seeder",
                        shoal: "\(Figure.megabytes(Int(getMemory.median))) / \(Figure.megabytes(seeder.memory("VmHWM")))",
                        baseline: skipNginx ? "" : "curl \(Figure.megabytes(Int(curlMemory.median))) / nginx \(Figure.megabytes(nginx?.process.memory("VmHWM") ?? 0))",
                        target: "≤ 64 MB (downloader)", met: getMemory.median <= 64_000_000))
        table.note("peer → peer times, \(options.runs) runs: shoal \(shoalTimes.values.map(Figure.time).joined(separator: ", ")); nginx → curl \(nginxTimes.values.map(Figure.time).joined(separator: ", "))")
    }

    /// The same file peer → peer over TLS (as shoal runs) and in plaintext (an index run with --no-tls, both
    /// peers with --allow-plaintext), alternating; reuses the file of ``compareWithNginx``.
    private func compareWithPlaintext(shoal: ShoalProcesses, work: WorkFolder, into table: inout ResultTable) throws {
        let bytes = ByteCount.parse(size)!
        let uploads = work.path + "/uploads"
        let hash = try FileHasher.digest(ofFileAt: uploads + "/big.bin").hash.hex
        let plaintext = ["--allow-plaintext"]
        let (tlsIndex, tlsPort) = try shoal.index()
        defer { tlsIndex.stop() }
        let (plainIndex, plainPort) = try shoal.index(["--no-tls", "--state", work.path + "/plain-index"])
        defer { plainIndex.stop() }
        let tlsSeeder = try shoal.seeder("tls-seed", uploads: uploads, indexPort: tlsPort)
        defer { tlsSeeder.stop() }
        let plainSeeder = try shoal.seeder("plain-seed", uploads: uploads, indexPort: plainPort, uploadRate: nil, plaintext)
        defer { plainSeeder.stop() }
        try ShoalProcesses.waitForRegistrations(tlsIndex, of: [tlsSeeder])
        try ShoalProcesses.waitForRegistrations(plainIndex, of: [plainSeeder])
        var tls = Samples(), plain = Samples(), tlsCPU = Samples(), plainCPU = Samples()
        for run in 1...options.runs {
            for encrypted in run % 2 == 1 ? [true, false] : [false, true] {
                let name = "\(encrypted ? "tls" : "plain")\(run)"
                let (outcome, downloads) = try shoal.get(hash, indexPort: encrypted ? tlsPort : plainPort, run: name,
                                                         encrypted ? [] : plaintext)
                try Self.check(outcome, file: downloads + "/big.bin", size: bytes, what: "shoal get")
                if encrypted { tls.add(outcome.wall.seconds); tlsCPU.add(outcome.cpu.seconds) } else {
                    plain.add(outcome.wall.seconds); plainCPU.add(outcome.cpu.seconds)
                }
                try FileManager.default.removeItem(atPath: work.path + "/get-\(name)")
            }
            Console.say("transfer: run \(run)/\(options.runs): TLS \(Figure.time(tls.values.last!)), plaintext \(Figure.time(plain.values.last!))")
        }
        let ratio = plain.median / tls.median
        table.add(.init(measure: "\(size) peer → peer over TLS against plaintext",
                        shoal: "TLS \(Figure.rate(Double(bytes) / tls.median)) (\(Figure.time(tls.median)))",
                        baseline: "plaintext \(Figure.rate(Double(bytes) / plain.median)) (\(Figure.time(plain.median)))",
                        ratio: Figure.ratio(ratio), target: "≥ 0.85×", met: ratio >= 0.85))
        let perGiB = Double(1 << 30) / Double(bytes)
        table.add(.init(measure: "downloader CPU per GiB, TLS against plaintext",
                        shoal: "TLS \(Figure.time(tlsCPU.median * perGiB))", baseline: "plaintext \(Figure.time(plainCPU.median * perGiB))",
                        ratio: Figure.ratio(tlsCPU.median / plainCPU.median), target: "", met: nil))
        table.note("TLS / plaintext times, \(options.runs) runs: \(tls.values.map(Figure.time).joined(separator: ", ")) / \(plain.values.map(Figure.time).joined(separator: ", "))")
    }

    private func compareSources(shoal: ShoalProcesses, work: WorkFolder, into table: inout ResultTable) throws {
        let bytes = ByteCount.parse(cappedSize)!
        let rate = ByteCount.parse(sourceRate)!
        Console.say("transfer: writing two \(cappedSize) files for the multi-source comparison …")
        let many = try work.folder("capped-many"), one = try work.folder("capped-one")
        try RandomFile.write(many + "/four.bin", size: bytes, seed: 2)
        try RandomFile.write(one + "/one.bin", size: bytes, seed: 3)
        let fourHash = try FileHasher.digest(ofFileAt: many + "/four.bin").hash.hex
        let oneHash = try FileHasher.digest(ofFileAt: one + "/one.bin").hash.hex
        let (index, port) = try shoal.index()
        defer { index.stop() }
        var seeders: [ChildProcess] = []
        defer { seeders.forEach { $0.stop() } }
        for number in 1...4 {
            let folder = try work.folder("capped-\(number)")
            try FileManager.default.linkItem(atPath: many + "/four.bin", toPath: folder + "/four.bin")
            seeders.append(try shoal.seeder("cap\(number)", uploads: folder, indexPort: port, uploadRate: sourceRate))
        }
        seeders.append(try shoal.seeder("solo", uploads: one, indexPort: port, uploadRate: sourceRate))
        try ShoalProcesses.waitForRegistrations(index, of: seeders)

        var four = Samples(), single = Samples()
        for run in 1...options.runs {
            for (hash, name) in run % 2 == 1 ? [(fourHash, "four"), (oneHash, "one")] : [(oneHash, "one"), (fourHash, "four")] {
                let (outcome, downloads) = try shoal.get(hash, indexPort: port, run: "\(name)\(run)")
                try Self.check(outcome, file: downloads + "/\(name).bin", size: bytes, what: "shoal get")
                if name == "four" { four.add(outcome.wall.seconds) } else { single.add(outcome.wall.seconds) }
                try FileManager.default.removeItem(atPath: work.path + "/get-\(name)\(run)")
            }
            Console.say("transfer: run \(run)/\(options.runs): 4 sources \(Figure.time(four.values.last!)), 1 source \(Figure.time(single.values.last!))")
        }
        let ratio = single.median / four.median
        table.add(.init(measure: "4 sources × \(sourceRate)/s cap against 1 (\(cappedSize))",
                        shoal: "4: \(Figure.rate(Double(bytes) / four.median)) (\(Figure.time(four.median)))",
                        baseline: "1: \(Figure.rate(Double(bytes) / single.median)) (\(Figure.time(single.median)))",
                        ratio: Figure.ratio(ratio), target: "≥ 3.6×", met: ratio >= 3.6))
        table.note("one capped source can give at most \(Figure.rate(Double(rate))); four at most \(Figure.rate(Double(4 * rate)))")
    }

    static func check(_ outcome: ChildProcess.Outcome, file: String, size: Int, what: String) throws {
        guard outcome.succeeded else {
            throw ChildProcess.Failure(description: "\(what) failed with exit \(outcome.status): \(outcome.stderr.suffix(400))")
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        guard (attributes[.size] as? Int) == size else {
            throw ChildProcess.Failure(description: "\(what) wrote \(attributes[.size] ?? "?") bytes, not \(size)")
        }
    }
}
