import Logging
import Synchronization
import Model
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Wire

/// What every connection of one server shares: the registry behind its lock, the open channels, settings.
final class IndexContext: Sendable {
    let configuration: IndexServerConfiguration
    let logger: Logger
    let parser: RequestParser
    let processor: IndexRequestProcessor
    /// The registry: read by many requests at once, changed by one at a time.
    let registry: ReadWriteLocked<Registry>
    /// Threads for searches, which would hold up an event loop. Event loops then answer everything else
    /// (LOOKUP above all) at once.
    let workers = NIOThreadPool(numberOfThreads: max(2, System.coreCount))
    /// The thread for big registry changes, made a part at a time: batches over ``RegistryChunks/records``
    /// entries, leaving peers, and other nodes' changes. One thread: changes wait for each other at the lock
    /// anyway, and here they never wait behind searches.
    let writer = NIOThreadPool(numberOfThreads: 1)
    /// The thread for small changes an event loop hands off rather than wait for the write lock while a big
    /// change holds it: a session opened, or a HELLO taken, then. They wait for the lock only, never behind
    /// the big changes queued for the writer (a HELLO waited 150 ms there while 10,000 peers registered).
    let handoff = NIOThreadPool(numberOfThreads: 1)
    /// Run on the worker before each search (tests hold searches with it); nil in service.
    let beforeSearch = NIOLockedValueBox<(@Sendable () -> Void)?>(nil)
    /// For each event loop, which of its connections alone has made requests lately (its searches are
    /// answered at once); empty when searches always go to the workers. One per loop, touched only there, so
    /// that no request waits for a lock the other loops take for every request.
    private let soleRequesters: [ObjectIdentifier: NIOLoopBoundBox<SoleRequester>]
    /// Recent SEARCH answers (``SearchAnswers``); nil when none are kept.
    let searchAnswers: SearchAnswers<IndexRequestProcessor.Outcome>?
    /// What the Prometheus endpoint serves; nil when it is off (Metrics/IndexMetrics.swift).
    let metrics: IndexMetrics?
    /// Bytes received and not yet answered, over every connection, and the most there ever were: what
    /// hostile clients can make the index hold (the limits of PROTOCOL.md §8 bound it).
    let bufferedBytes = Atomic<Int>(0)
    let peakBufferedBytes = Atomic<Int>(0)
    /// Sessions' connections and allowances, for relayed connect requests (§5.11).
    let relays: RelayDesk
    /// Relay notices for the other nodes of a cluster (none without one).
    let relayOutlet: RelayOutlet
    /// Meetings of peers behind NAT that punch a connection (§5.12).
    let punches: PunchDesk
    /// Bans and tokens in force (§9.2).
    let access: AccessDesk
    /// Why new connections are refused with 503 for now (a cluster node cut off from its database); nil
    /// while the server takes them.
    let notServing = NIOLockedValueBox<String?>(nil)
    private let channels = NIOLockedValueBox(OpenConnections())

    /// The admitted connections, and how many come from each address.
    private struct OpenConnections {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var perAddress: [String: Int] = [:]
    }

    init(configuration: IndexServerConfiguration, logger: Logger, group: any EventLoopGroup) {
        self.configuration = configuration
        self.logger = logger
        parser = RequestParser(wire: configuration.wire, limits: configuration.requests)
        processor = IndexRequestProcessor(idleTimeoutSeconds: Int(configuration.timeouts.idle.nanoseconds / 1_000_000_000),
                                          wire: configuration.wire)
        let metrics = configuration.metricsAddress == nil ? nil : IndexMetrics()
        self.metrics = metrics
        var writeHeld: (@Sendable (TimeAmount) -> Void)?
        if let metrics { writeHeld = { metrics.registryWriteHeld($0) } }
        registry = ReadWriteLocked(Registry(limits: configuration.registry), writeHeld: writeHeld)
        if let quiet = configuration.searchAtOnceQuiet {
            soleRequesters = Dictionary(uniqueKeysWithValues: group.makeIterator().map { loop in
                (ObjectIdentifier(loop), NIOLoopBoundBox.makeBoxSendingValue(SoleRequester(quiet: quiet), eventLoop: loop))
            })
        } else {
            soleRequesters = [:]
        }
        searchAnswers = configuration.searchAnswerBytes > 0 ? SearchAnswers(byteLimit: configuration.searchAnswerBytes) : nil
        relays = RelayDesk(allowance: configuration.relays)
        relayOutlet = RelayOutlet()
        punches = PunchDesk(outlet: relayOutlet)
        access = AccessDesk(configuration.access)
    }

    /// What tells whether a connection of `loop` has had it to itself lately; nil when searches always go
    /// to the workers.
    func soleRequester(on loop: any EventLoop) -> NIOLoopBoundBox<SoleRequester>? {
        soleRequesters[ObjectIdentifier(loop)]
    }

    /// Whether a new connection may stay.
    enum Admission: Equatable {
        case admitted
        /// The server is at `maximumConnections`.
        case serverFull
        /// Its address already has `connectionsPerAddress` connections open.
        case addressFull
    }

    /// Admits a connection from `address` unless the server or that address is full.
    func admit(_ channel: any Channel, address: String) -> Admission {
        channels.withLockedValue { open in
            guard open.channels.count < configuration.maximumConnections else { return .serverFull }
            let perAddress = configuration.floodControl.connectionsPerAddress
            guard perAddress == 0 || open.perAddress[address, default: 0] < perAddress else { return .addressFull }
            open.channels[ObjectIdentifier(channel)] = channel
            open.perAddress[address, default: 0] += 1
            return .admitted
        }
    }

    /// Forgets an admitted connection.
    func release(_ channel: any Channel, address: String) {
        access.forget(channel)
        channels.withLockedValue { open in
            guard open.channels.removeValue(forKey: ObjectIdentifier(channel)) != nil else { return }
            open.perAddress[address, default: 1] -= 1
            if open.perAddress[address] == 0 { open.perAddress[address] = nil }
        }
    }

    /// Records a change in a connection's unanswered bytes.
    func buffered(_ delta: Int) {
        guard delta != 0 else { return }
        let now = bufferedBytes.add(delta, ordering: .relaxed).newValue
        if delta > 0 { peakBufferedBytes.max(now, ordering: .relaxed) }
    }

    /// Every open connection.
    var openChannels: [any Channel] { channels.withLockedValue { Array($0.channels.values) } }

    /// Closes every open connection (graceful shutdown).
    func closeAll() {
        for channel in channels.withLockedValue({ Array($0.channels.values) }) { channel.close(promise: nil) }
    }

    /// Starts the worker, writer and hand-off threads.
    func startThreads() {
        workers.start()
        writer.start()
        handoff.start()
    }

    /// Stops the worker, writer and hand-off threads once their work in hand is done.
    func stopThreads() async {
        try? await workers.shutdownGracefully()
        try? await writer.shutdownGracefully()
        try? await handoff.shutdownGracefully()
    }

    var openConnections: Int { channels.withLockedValue { $0.channels.count } }
}
