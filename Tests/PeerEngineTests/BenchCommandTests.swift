import Foundation
import Testing
import TestSupport

/// `shoal-bench`, the command behind BENCHMARKS.md, on tiny inputs: it must run and print its table. Its
/// figures are not judged here (speed is measured by running it, never by tests).
@Suite("shoal-bench command")
struct BenchCommandTests {
    static var executable: String {
        CommandLineTests.executable.deletingLastPathComponent().appendingPathComponent("shoal-bench").path
    }

    @Test("the sharing benchmark hashes the folder twice (the second start hashes nothing) and prints its rows beside sha256sum")
    func sharing() async throws {
        let folder = TestPeer.temporaryFolder("bench")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try await CommandLineTests.run(["sharing", "--runs", "1", "--small-files", "20", "--big-files", "1", "--big-size", "3M",
                                                  "--no-install", "--work-folder", folder + "/work"],
                                                 in: folder, executable: Self.executable)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("| hash 20 files of 1–64 KiB + 1 × 3M"), "\(run.stdout)")
        #expect(run.stdout.contains("sha256sum"))
        #expect(run.stdout.contains("| second start, nothing changed"))
    }

    @Test("the cluster benchmark runs two nodes on the tests' PostgreSQL and prints its rows beside one node alone")
    func cluster() async throws {
        let postgres = try await PostgresServer.shared()
        let folder = TestPeer.temporaryFolder("bench-cluster")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try await CommandLineTests.run(["cluster", "--runs", "1", "--peers", "20", "--files", "10", "--probes", "5",
                                                  "--rate", "100", "--duration", "0.5", "--no-install",
                                                  "--database", "postgres://shoal@\(postgres.host):\(postgres.port)/postgres?sslmode=disable",
                                                  "--work-folder", folder + "/work"],
                                                 in: folder, executable: Self.executable)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("| register 20 peers × 10 files on node a until node b has them"), "\(run.stdout)")
        #expect(run.stdout.contains("one node alone"))
        #expect(run.stdout.contains("| replication lag a → b, 5 probes"))
        #expect(run.stdout.contains("| SEARCH on replica b"))
    }

    @Test("options are checked before anything runs: a bad size is one line naming the option")
    func badOption() async throws {
        let folder = TestPeer.temporaryFolder("bench-bad")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try await CommandLineTests.run(["transfer", "--size", "lots"], in: folder, executable: Self.executable)
        #expect(run.status == 64)
        #expect(run.stderr.contains("--size must be a size such as 256M or 1G, not 'lots'"), "\(run.stderr)")
    }
}
