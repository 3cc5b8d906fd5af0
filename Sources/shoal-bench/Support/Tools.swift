import Foundation
import NIOCore
import NIOPosix

/// The programs a benchmark runs: Shoal's own (built beside this one) and the baselines from Debian's packages.
enum Tools {
    /// `shoal` or `shoal-index` from the same build folder as `shoal-bench`.
    static func shoal(_ product: String) throws -> String {
        let folder = (Bundle.main.executablePath.map { ($0 as NSString).deletingLastPathComponent }) ?? ".build/release"
        let path = folder + "/" + product
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ChildProcess.Failure(description: "\(path) is missing: build everything first (swift build -c release)")
        }
        return path
    }

    /// Debian packages that provide each baseline program.
    static let packages = ["nginx": "nginx", "redis-server": "redis-server", "redis-benchmark": "redis-tools",
                           "curl": "curl", "sha256sum": "coreutils", "tmux": "tmux", "time": "time",
                           "pg_ctlcluster": "postgresql"]

    /// Makes sure `programs` are installed, with apt-get when allowed; returns the ones still missing.
    static func ensure(_ programs: [String], install: Bool, logs: String) -> [String] {
        let missing = programs.filter { (try? ChildProcess.lookUp($0)) == nil }
        guard !missing.isEmpty else { return [] }
        if install {
            let names = Set(missing.compactMap { packages[$0] }).sorted()
            Console.say("installing \(names.joined(separator: " ")) with apt-get …")
            let sudo = getuid() == 0 ? [] : ["sudo", "-n"]
            let env = ["DEBIAN_FRONTEND": "noninteractive"]
            let apt = sudo + ["apt-get"]
            let update = try? ChildProcess.run(apt[0], Array(apt.dropFirst()) + ["update", "-q"], logs: logs, environment: env)
            let result = try? ChildProcess.run(apt[0], Array(apt.dropFirst()) + ["install", "-y", "-q", "--no-install-recommends"] + names,
                                               logs: logs, environment: env)
            if result?.succeeded != true {
                Console.say("apt-get could not install them (\(update?.stderr.suffix(200) ?? "")\(result?.stderr.suffix(300) ?? "no apt-get"))")
            }
        }
        return programs.filter { (try? ChildProcess.lookUp($0)) == nil }
    }

    /// A free TCP port on 127.0.0.1 for a baseline server that cannot pick its own (bound with NIO and released;
    /// the server binds it right after).
    static func freePort() throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).wait()
        defer { try? channel.close().wait() }
        return channel.localAddress?.port ?? 0
    }

    /// Raises this process's open-file limit to its hard limit (children inherit it).
    static func raiseFileLimit() -> Int {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        return Int(limit.rlim_cur)
    }
}
