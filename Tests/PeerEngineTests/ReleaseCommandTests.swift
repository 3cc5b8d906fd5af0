import Foundation
import Release
import Testing
import TestSupport

/// What a new user tries first: --version, `shoal version --json`, and installing onto the PATH and off again.
@Suite("versions and installing", .serialized)
struct ReleaseCommandTests {
    /// The checkout these tests were built from, and the commit its HEAD names.
    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static var indexExecutable: String { CommandLineTests.executable.deletingLastPathComponent().appendingPathComponent("shoal-index").path }

    @Test("--version on both executables names the release, the protocols and the commit of the checkout")
    func versionFlags() async throws {
        guard CommandLineTests.executableIsBuilt() else { return }
        let folder = TestPeer.temporaryFolder("version")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let head = try #require(BuildCommit.resolve(gitFolder: Self.checkout + "/.git"), "the tests run in a git checkout")
        let shoal = try await CommandLineTests.run(["--version"], in: folder)
        #expect(shoal.status == 0)
        #expect(shoal.stdout == "shoal \(ShoalRelease.version) (P2P-CI/1.0, P2P-CI/2.1; commit \(head.prefix(12)))\n")
        let index = try await CommandLineTests.run(["--version"], in: folder, executable: Self.indexExecutable)
        #expect(index.status == 0)
        #expect(index.stdout == "shoal-index \(ShoalRelease.version) (P2P-CI/1.0, P2P-CI/2.1; commit \(head.prefix(12)))\n")
    }

    @Test("shoal version --json gives scripts the version, the protocols, the full commit and the platform")
    func versionJSON() async throws {
        guard CommandLineTests.executableIsBuilt() else { return }
        let folder = TestPeer.temporaryFolder("version-json")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try await CommandLineTests.run(["version", "--json"], in: folder)
        #expect(run.status == 0)
        let release = try JSONDecoder().decode(ShoalRelease.self, from: Data(run.stdout.utf8))
        #expect(release.program == "shoal" && release.version == ShoalRelease.version)
        #expect(release.protocols == ["P2P-CI/1.0", "P2P-CI/2.1"])
        #expect(release.commit == BuildCommit.resolve(gitFolder: Self.checkout + "/.git"))
        #expect(release.platform.hasPrefix("Linux "))
    }

    @Test("install puts both programs, themes, completions and the commit under a prefix; uninstall removes exactly those")
    func installAndUninstall() async throws {
        guard CommandLineTests.executableIsBuilt() else { return }
        let folder = TestPeer.temporaryFolder("install")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let prefix = folder + "/prefix"
        try FileManager.default.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: prefix + "/bin/other-tool"))  // not ours: must survive

        let install = try await CommandLineTests.run(["install", "--prefix", prefix], in: folder)
        #expect(install.status == 0, "\(install.stderr)")
        #expect(install.stdout.contains("installed "), "\(install.stdout)")
        #expect(install.stdout.contains("is not on your PATH"), "a prefix off the PATH is pointed out")
        for program in ["shoal", "shoal-index"] {
            #expect(FileManager.default.isExecutableFile(atPath: "\(prefix)/bin/\(program)"))
            #expect(try String(contentsOfFile: "\(prefix)/share/bash-completion/completions/\(program)", encoding: .utf8).contains("--version"))
            #expect(FileManager.default.fileExists(atPath: "\(prefix)/share/zsh/site-functions/_\(program)"))
            #expect(FileManager.default.fileExists(atPath: "\(prefix)/share/fish/vendor_completions.d/\(program).fish"))
        }
        let bash = try String(contentsOfFile: "\(prefix)/share/bash-completion/completions/shoal", encoding: .utf8)
        #expect(bash.contains("install") && bash.contains("search") && bash.contains("--theme"), "subcommands and options complete")
        let themes = try FileManager.default.contentsOfDirectory(atPath: prefix + "/share/shoal/themes").sorted()
        let shipped = try FileManager.default.contentsOfDirectory(atPath: Self.checkout + "/Themes").filter { $0.hasSuffix(".toml") }.sorted()
        #expect(themes == shipped)

        // The installed copy runs from anywhere, knows its commit, and finds its themes beside it.
        let elsewhere = folder + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let version = try await CommandLineTests.run(["--version"], in: elsewhere, executable: prefix + "/bin/shoal")
        let head = try #require(BuildCommit.resolve(gitFolder: Self.checkout + "/.git"))
        #expect(version.stdout.contains("commit \(head.prefix(12))"), "\(version.stdout)")
        let missing = try await CommandLineTests.run(["ui", "--theme", "no-such-theme"], in: elsewhere, executable: prefix + "/bin/shoal")
        #expect(missing.status == 64)
        #expect(missing.stderr.contains(prefix + "/share/shoal/themes"), "the installed themes are searched: \(missing.stderr)")

        let uninstall = try await CommandLineTests.run(["uninstall", "--prefix", prefix], in: elsewhere, executable: prefix + "/bin/shoal")
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: prefix + "/bin") == ["other-tool"])
        #expect(!FileManager.default.fileExists(atPath: prefix + "/share"), "the folders install made are gone once empty")
        #expect(!FileManager.default.fileExists(atPath: prefix + "/share/bash-completion/completions/shoal"))
        let again = try await CommandLineTests.run(["uninstall", "--prefix", prefix], in: elsewhere)
        #expect(again.status == 1 && again.stderr.contains("nothing to uninstall"), "\(again.stderr)")
    }

    @Test("the commit is read from a checkout's HEAD: a branch, a packed branch, a detached head; junk is unknown")
    func commitLookup() async throws {
        let folder = TestPeer.temporaryFolder("git")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let git = folder + "/.git"
        let a = String(repeating: "a1", count: 20), b = String(repeating: "b2", count: 20)
        try FileManager.default.createDirectory(atPath: git + "/refs/heads", withIntermediateDirectories: true)
        try "ref: refs/heads/main\n".write(toFile: git + "/HEAD", atomically: true, encoding: .utf8)
        try "\(a)\n".write(toFile: git + "/refs/heads/main", atomically: true, encoding: .utf8)
        #expect(BuildCommit.resolve(gitFolder: git) == a)
        try FileManager.default.removeItem(atPath: git + "/refs/heads/main")
        try "# pack-refs with: peeled fully-peeled sorted\n\(b) refs/heads/main\n".write(toFile: git + "/packed-refs", atomically: true, encoding: .utf8)
        #expect(BuildCommit.resolve(gitFolder: git) == b)
        try "\(a)\n".write(toFile: git + "/HEAD", atomically: true, encoding: .utf8)
        #expect(BuildCommit.resolve(gitFolder: git) == a)
        try "ref: refs/heads/../../../etc/passwd\n".write(toFile: git + "/HEAD", atomically: true, encoding: .utf8)
        #expect(BuildCommit.resolve(gitFolder: git) == nil)
        try "not a hash\n".write(toFile: git + "/HEAD", atomically: true, encoding: .utf8)
        #expect(BuildCommit.resolve(gitFolder: git) == nil)
    }
}
