import Logging
import Model
import NIOConcurrencyHelpers
import NIOCore
import Wire

/// What every connection of one server shares: the registry behind its lock, the open channels, settings.
final class IndexContext: Sendable {
    let configuration: IndexServerConfiguration
    let logger: Logger
    let parser: RequestParser
    let processor: IndexRequestProcessor
    let registry: NIOLockedValueBox<Registry>
    private let channels = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])

    init(configuration: IndexServerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        parser = RequestParser(wire: configuration.wire, limits: configuration.requests)
        processor = IndexRequestProcessor(idleTimeoutSeconds: Int(configuration.timeouts.idle.nanoseconds / 1_000_000_000),
                                          wire: configuration.wire)
        registry = NIOLockedValueBox(Registry(limits: configuration.registry))
    }

    /// Admits a connection unless the server is full; returns false when it must be refused.
    func admit(_ channel: any Channel) -> Bool {
        channels.withLockedValue { open in
            guard open.count < configuration.maximumConnections else { return false }
            open[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    func release(_ channel: any Channel) {
        _ = channels.withLockedValue { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Closes every open connection (graceful shutdown).
    func closeAll() {
        for channel in channels.withLockedValue({ Array($0.values) }) { channel.close(promise: nil) }
    }

    var openConnections: Int { channels.withLockedValue { $0.count } }
}
