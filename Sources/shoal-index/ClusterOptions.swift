import ArgumentParser
import Foundation
import IndexCluster
import IndexServer
import Logging

/// `--database` and the options of a cluster node (README: "Running a cluster").
struct ClusterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Join the cluster whose records are in this PostgreSQL database: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require] (or PGPASSWORD). Without it the index runs alone, in memory.",
                               valueName: "url"))
    var database: String?

    @Option(help: "This node's name in the cluster's node list (default: host name and port).")
    var nodeName: String?

    @Option(help: "Seconds a node's lease lasts: a node silent this long is removed with its peers; a node cut off from the database stops serving 1/5 of it earlier. From 3 to 300.")
    var leaseSeconds = 10

    func validate() throws {
        if let database {
            do { _ = try DatabaseURL(database) } catch { throw ValidationError("--database: \(error)") }
        }
        guard (3...300).contains(leaseSeconds) else { throw ValidationError("--lease-seconds must be from 3 to 300") }
    }

    /// The cluster node that makes `server` part of its cluster; nil when no database is given.
    func node(serving server: IndexServer, port: Int, logger: Logger) throws -> ClusterNode? {
        guard let database else { return nil }
        let url = try DatabaseURL(database)
        var settings = ClusterSettings(nodeName: nodeName ?? "\(ProcessInfo.processInfo.hostName):\(port)")
        settings.lease = .seconds(leaseSeconds)
        settings.heartbeat = .milliseconds(leaseSeconds * 200)
        settings.margin = .milliseconds(leaseSeconds * 200)
        settings.reapInterval = .milliseconds(leaseSeconds * 200)
        logger.notice("joining the cluster in \(url) as '\(settings.nodeName)'")
        return ClusterNode(database: url, server: server, settings: settings, logger: logger)
    }
}
