import Foundation
import ArgumentParser
import Model
import PeerApp
import PeerSettings
import PeerEngine
import Trust

/// `--index` (with `--config` and `--log-level`), shared by every subcommand that talks to an index.
struct IndexOptions: ParsableArguments {
    @OptionGroup var common: ConfigOptions

    @Option(help: ArgumentHelp("The index to use: HOST:PORT (IPv6 as [::1]:7734), or shoal://HOST:PORT/?kp=sha256/... as the index prints it, to check its key; several nodes of one index cluster separated by commas, used in turn when one goes away (default: the config file's, else 127.0.0.1:7734).",
                               valueName: "address"))
    var index: String?

    @Option(help: ArgumentHelp("The token a private index admits you by, as its operator gave it (default: the config file's token, for the config file's index). Sent over TLS only, and by a one-off query only to an index whose key is known (shoal://…/?kp=…).",
                               valueName: "token"))
    var token: String?

    @Flag(help: "Talk P2P-CI/2.1 without TLS to an index or a source that offers none (with a warning; default: the config file's allow-plaintext, else off).")
    var allowPlaintext = false

    func validate() throws {
        if let index, case .failure(let error) = IndexAddress.parseLocations(index) { throw ValidationError("--index: \(error)") }
    }

    /// The configuration file and the index address: the flag, else the file's, else 127.0.0.1:7734. The
    /// file's token goes only to the file's index: `--index` naming another one takes `--token` alone.
    func settings() -> Settings {
        let config = common.loadConfig()
        let flag = index.flatMap { try? IndexAddress.parseLocations($0).get() }
        let configured = [config.index].compactMap { $0 } + config.otherIndexNodes
        let nodes = flag ?? (configured.isEmpty ? [IndexAddress(host: "127.0.0.1", port: IndexAddress.defaultPort)] : configured)
        let sameAsFile = flag.map { given in
            given.map(\.description) == configured.map(\.description)
        } ?? true
        return Settings(config: config, index: nodes[0], otherNodes: Array(nodes.dropFirst()),
                        allowsPlaintext: allowPlaintext || config.allowPlaintext == true,
                        token: token ?? (sameAsFile ? config.token : nil))
    }

    /// Flags and the configuration file, resolved.
    struct Settings {
        let config: UserConfig
        let index: IndexAddress
        /// More nodes of the same index cluster, tried in turn after `index`.
        let otherNodes: [IndexAddress]
        var nodes: [IndexAddress] { [index] + otherNodes }
        let allowsPlaintext: Bool
        let token: String?
    }
}

extension IndexOptions {
    /// What every query command does around its work: logging on stderr, the queries asked of a peer
    /// running on `state` (unless `--index` names an index to ask directly) or of the index, and errors
    /// turned into one line and the documented exit code.
    func withQueries(state: String?, client: String, _ body: (any IndexQueries) async throws -> Void) async {
        let settings = settings()
        _ = LogSetup.bootstrap(common.logLevel ?? "warning")
        let folder = state ?? settings.config.state ?? ".shoal"
        if index == nil, let peer = await RunningPeer.attach(state: folder, client: client) {
            do {
                try await body(PeerQueries(link: peer))
                await peer.close()
            } catch {
                await peer.close()
                CLIFailure.from(error).exit()
            }
            return
        }
        do {
            // The keys remembered in the state folder, when there is one no peer holds (a running peer keeps
            // it locked); else a key not given (kp) is checked for this session only. The certificate is made
            // for the run: the index does not need one from a query.
            let store = FileManager.default.fileExists(atPath: folder + "/shoal.sqlite") ? try? StateStore(directory: folder) : nil
            defer { store?.release() }
            let trust = PeerTrust(identity: try TLSIdentity.ephemeral(name: "shoal query"), keys: store ?? TransientIndexKeys(),
                                  allowsPlaintext: settings.allowsPlaintext)
            let session = try await Self.firstAnswering(settings.nodes) { index in
                // A token goes only to an index whose key is known: without one, each run would trust whatever
                // key it is shown first, and hand the token to anyone in between.
                if settings.token != nil, index.keyprint == nil, try await store?.keyprint(of: index.description) == nil {
                    throw CLIFailure.failed("a token is sent only to an index whose key is known: use the address it prints, "
                                            + "shoal://\(index.description)/?kp=sha256/…")
                }
                return try await IndexSession.connect(host: index.host, port: index.port, trust: trust, keyprint: index.keyprint,
                                                      token: settings.token)
            }
            if case .classic = session.dialect { printError("shoal: \(IndexConnectionState.classicNotice(address: session.address))") }
            do {
                try await body(session)
                await session.close()
            } catch {
                await session.close()
                throw error
            }
        } catch {
            CLIFailure.from(error).exit()
        }
    }

    /// The session of the first of an index cluster's nodes that answers (one node: that node); when none
    /// does, the first node's failure.
    static func firstAnswering(_ nodes: [IndexAddress], _ connect: (IndexAddress) async throws -> IndexSession) async throws -> IndexSession {
        var first: (any Error)?
        for node in nodes {
            do {
                return try await connect(node)
            } catch {
                first = first ?? error
            }
        }
        throw first ?? CLIFailure.failed("no index to ask")
    }
}
