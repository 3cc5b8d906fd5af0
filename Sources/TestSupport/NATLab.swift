import Foundation

/// A small network of the test's own, made of Linux network namespaces (../shared/notes/test-labs.md):
/// `wan` (198.51.100.0/24, a documentation range), where the index and public peers live, and two private
/// networks, `lan` (192.168.77.0/24) behind `router` and `lan2` (192.168.78.0/24) behind `router2`. Each
/// router masquerades with nftables and, as home routers do, silently drops connections from `wan` that
/// it has no mapping for: hosts behind it reach `wan`, and nothing in `wan` can open a connection to them.
/// With `symmetric`, the routers give every connection a random port (a symmetric NAT): no connection can
/// be punched through them.
///
/// Namespace names carry a random suffix, so runs never collide, and ``with(symmetric:_:)`` removes them on
/// every exit path. Nothing is routed to the host's own network. Needs root and the `ip` and `nft`
/// programs: a test that cannot have them fails with one line saying so.
public struct NATLab: Sendable {
    public enum Host: Sendable, CaseIterable {
        case wan, router, lan, router2, lan2
    }

    /// The index and public peers' address, in `wan`.
    public static let wanAddress = "198.51.100.2"
    /// The router's address on `wan`: what the index sees of every host in `lan`.
    public static let routerAddress = "198.51.100.1"
    /// The second router's address on `wan`, for `lan2`.
    public static let router2Address = "198.51.100.3"
    /// The address of the host behind NAT, in `lan`.
    public static let lanAddress = "192.168.77.2"

    private let suffix: String
    private let symmetric: Bool

    public static let ip = SystemTool(command: "ip", package: "iproute2")
    public static let nft = SystemTool(command: "nft", package: "nftables")

    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// Builds the lab, runs `body` in it, and removes the lab whatever happens.
    public static func with<T>(symmetric: Bool = false, _ body: (NATLab) async throws -> T) async throws -> T {
        guard getuid() == 0 else {
            throw Unavailable(description: "the NAT lab needs root (network namespaces); run the tests as root, as CI does")
        }
        try await ip.require()
        try await nft.require()
        let lab = NATLab(suffix: String(UInt32.random(in: 0...UInt32.max), radix: 16), symmetric: symmetric)
        do {
            try await lab.build()
            let result = try await body(lab)
            await lab.remove()
            return result
        } catch {
            await lab.remove()
            throw error
        }
    }

    /// The namespace's name.
    public func namespace(_ host: Host) -> String { "shoal-\(host)-\(suffix)" }

    /// The arguments that run `executable` with `arguments` inside `host` (for ``BackgroundProcess``, whose
    /// executable is then `/usr/sbin/ip` or wherever ``NATLab/ip`` is).
    public func command(in host: Host, _ executable: String, _ arguments: [String]) -> [String] {
        ["netns", "exec", namespace(host), executable] + arguments
    }

    /// Runs a program inside `host` to its end.
    public func run(in host: Host, _ executable: String, _ arguments: [String], folder: String) async throws -> ProcessRunner.Finished {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.ipPath)
        process.arguments = command(in: host, executable, arguments)
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(["XDG_CONFIG_HOME": folder]) { $1 }
        return try await ProcessRunner.run(process)
    }

    /// Where `ip` is.
    public static var ipPath: String {
        ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "ip"
    }

    private func build() async throws {
        let (wan, routers, lans) = (namespace(.wan), [namespace(.router), namespace(.router2)], [namespace(.lan), namespace(.lan2)])
        let wanAddresses = [Self.routerAddress, Self.router2Address], subnets = ["192.168.77", "192.168.78"]
        // Interface names are at most 15 bytes: a 3-letter role, a digit and the suffix (8 hex digits at most).
        var script = """
            set -e
            for n in \(wan) \(routers.joined(separator: " ")) \(lans.joined(separator: " ")); do
              ip netns add $n; ip netns exec $n ip link set lo up
            done
            ip netns exec \(wan) ip link add br0 type bridge
            ip netns exec \(wan) ip addr add \(Self.wanAddress)/24 dev br0
            ip netns exec \(wan) ip link set br0 up

            """
        for index in 0..<2 {
            let (router, lan, subnet) = (routers[index], lans[index], subnets[index])
            let (wanPort, routerWan, lanSide, routerLan) = ("wan\(index)\(suffix)", "rtw\(index)\(suffix)", "lan\(index)\(suffix)", "rtl\(index)\(suffix)")
            script += """
                ip link add \(wanPort) netns \(wan) type veth peer name \(routerWan) netns \(router)
                ip netns exec \(wan) ip link set \(wanPort) master br0
                ip netns exec \(wan) ip link set \(wanPort) up
                ip netns exec \(router) ip addr add \(wanAddresses[index])/24 dev \(routerWan)
                ip netns exec \(router) ip link set \(routerWan) up
                ip link add \(lanSide) netns \(lan) type veth peer name \(routerLan) netns \(router)
                ip netns exec \(router) ip addr add \(subnet).1/24 dev \(routerLan)
                ip netns exec \(router) ip link set \(routerLan) up
                ip netns exec \(lan) ip addr add \(subnet).2/24 dev \(lanSide)
                ip netns exec \(lan) ip link set \(lanSide) up
                ip netns exec \(lan) ip route add default via \(subnet).1
                ip netns exec \(router) sysctl -qw net.ipv4.ip_forward=1
                ip netns exec \(router) nft add table ip nat
                ip netns exec \(router) nft add chain ip nat post '{ type nat hook postrouting priority 100 ; }'
                ip netns exec \(router) nft add rule ip nat post oifname \(routerWan) masquerade\(symmetric ? " random" : "")
                ip netns exec \(router) nft add table ip filter
                ip netns exec \(router) nft add chain ip filter input '{ type filter hook input priority 0 ; policy accept ; }'
                ip netns exec \(router) nft add rule ip filter input iifname \(routerWan) ct state new drop

                """
        }
        try await shell(script)
    }

    private func remove() async {
        // Deleting a namespace removes the veth pairs in it too.
        _ = try? await shell(Host.allCases.map { "ip netns del \(namespace($0)) 2>/dev/null" }.joined(separator: "; "))
    }

    private func shell(_ script: String) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.standardInput = FileHandle.nullDevice
        let result = try await ProcessRunner.run(process)
        guard result.status == 0 else {
            throw Unavailable(description: "the NAT lab could not be built: \((result.stderr + result.stdout).split(separator: "\n").suffix(2).joined(separator: " / "))")
        }
    }
}
