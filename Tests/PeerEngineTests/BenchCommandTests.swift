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

    @Test("options are checked before anything runs: a bad size is one line naming the option")
    func badOption() async throws {
        let folder = TestPeer.temporaryFolder("bench-bad")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try await CommandLineTests.run(["transfer", "--size", "lots"], in: folder, executable: Self.executable)
        #expect(run.status == 64)
        #expect(run.stderr.contains("--size must be a size such as 256M or 1G, not 'lots'"), "\(run.stderr)")
    }
}
