import CoreMetrics
import NIOConcurrencyHelpers
import NIOCore
import Prometheus
import Wire

/// What one index server measures, for its Prometheus endpoint (``MetricsEndpoint``).
///
/// The instruments are swift-metrics ones, made by a `PrometheusMetricsFactory` over this server's own
/// `PrometheusCollectorRegistry`. Nothing is bootstrapped into the process-wide `MetricsSystem`: two servers
/// in one process (tests, `shoal demo`) count apart, and a library does not choose the process's backend.
///
/// Two kinds of values:
/// - **Counted as it happens** (counters and histograms): requests by kind and status, refusals by reason,
///   bytes in and out, search latency and candidates examined, event-loop lag, the registry's write-lock
///   holds. The connection handler and the registry's lock call the recording methods; each is a few
///   atomic adds (and, for requests, one short lock to find the counter).
/// - **Read at scrape time** (gauges): peers by dialect, records, items and open connections are set from
///   the registry by ``update(_:connections:)`` just before each scrape is emitted. Keeping them up to date
///   by events instead would need hooks wherever a session opens, says HELLO, adds, removes or closes, and
///   every such hook could drift; reading them costs one pass over the sessions under the registry lock per
///   scrape (microseconds per thousand sessions, every 15 s or so), and nothing on the request path.
///
/// The metric names and labels are listed in README.md ("Metrics").
public final class IndexMetrics: Sendable {
    /// Why the index refused something, as the `reason` label of `shoal_index_refused_total` says it.
    public enum Refusal: String, CaseIterable, Sendable {
        /// 429: a P2P-CI/2.1 request over the connection's flood limit (`--max-requests-per-second`).
        case requestRate = "request_rate"
        /// 413: a message or a batch over a limit, or a peer over `--max-files-per-peer`.
        case tooLarge = "too_large"
        /// 503: a connection over `--max-connections`.
        case serverFull = "server_full"
        /// 429: a connection over `--max-connections-per-address`.
        case addressFull = "address_full"
    }

    /// The metric names, in one place (README.md documents each).
    enum Name {
        static let requests = "shoal_index_requests_total"
        static let refused = "shoal_index_refused_total"
        static let receivedBytes = "shoal_index_received_bytes_total"
        static let sentBytes = "shoal_index_sent_bytes_total"
        static let searchDuration = "shoal_index_search_duration_seconds"
        static let searchExamined = "shoal_index_search_examined_candidates"
        static let searchReused = "shoal_index_search_answers_reused_total"
        static let searchAtOnce = "shoal_index_search_answered_at_once_total"
        static let eventLoopLag = "shoal_index_event_loop_lag_seconds"
        static let writeHold = "shoal_index_registry_write_hold_seconds"
        static let peers = "shoal_index_peers"
        static let records = "shoal_index_records"
        static let items = "shoal_index_items"
        static let connections = "shoal_index_connections"
    }

    /// The `kind` label of an answer that belongs to no parsed request: a message that could not be parsed
    /// (400, 413, 505) or one refused before parsing (429).
    static let otherKind = "other"

    /// What a scrape emits.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    /// `shoal_index_requests_total` by kind and status, made on first use: only pairs that happened are
    /// emitted, and both labels come from fixed sets (request names, status codes), never from peer input.
    private let requests = NIOLockedValueBox<[RequestKey: CoreMetrics.Counter]>([:])
    private let refusals: [Refusal: CoreMetrics.Counter]
    private let receivedBytes: CoreMetrics.Counter
    private let sentBytes: CoreMetrics.Counter
    private let searchDuration: CoreMetrics.Timer
    private let searchExamined: CoreMetrics.Recorder
    private let searchReused: CoreMetrics.Counter
    private let searchAtOnce: CoreMetrics.Counter
    private let eventLoopLag: CoreMetrics.Timer
    private let writeHold: CoreMetrics.Timer
    private let shoalPeers: CoreMetrics.Gauge
    private let classicPeers: CoreMetrics.Gauge
    private let records: CoreMetrics.Gauge
    private let items: CoreMetrics.Gauge
    private let connections: CoreMetrics.Gauge

    private struct RequestKey: Hashable {
        var kind: String
        var status: Int
    }

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        // Searches take 0.1 to 15 ms on a million records (BENCHMARKS.md): the default buckets (5 ms to 10 s)
        // would put nearly all of them in the first one.
        factory.durationHistogramBuckets[Name.searchDuration] = [
            .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
            .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
        ]
        factory.durationHistogramBuckets[Name.eventLoopLag] = [
            .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
        ]
        // Small changes hold the lock for microseconds; a big one's parts about 250 µs each (RegistryChunks).
        factory.durationHistogramBuckets[Name.writeHold] = [
            .microseconds(10), .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250),
            .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(100), .seconds(1),
        ]
        // Up to the default RegistryLimits.maximumSearchCandidates (200,000), and past it.
        factory.valueHistogramBuckets[Name.searchExamined] = [0, 1, 10, 100, 1000, 10_000, 100_000, 200_000, 1_000_000]
        self.factory = factory

        var refusals: [Refusal: CoreMetrics.Counter] = [:]
        for reason in Refusal.allCases {
            refusals[reason] = CoreMetrics.Counter(label: Name.refused, dimensions: [("reason", reason.rawValue)], factory: factory)
        }
        self.refusals = refusals
        receivedBytes = CoreMetrics.Counter(label: Name.receivedBytes, factory: factory)
        sentBytes = CoreMetrics.Counter(label: Name.sentBytes, factory: factory)
        searchDuration = CoreMetrics.Timer(label: Name.searchDuration, factory: factory)
        searchExamined = CoreMetrics.Recorder(label: Name.searchExamined, aggregate: true, factory: factory)
        searchReused = CoreMetrics.Counter(label: Name.searchReused, factory: factory)
        searchAtOnce = CoreMetrics.Counter(label: Name.searchAtOnce, factory: factory)
        eventLoopLag = CoreMetrics.Timer(label: Name.eventLoopLag, factory: factory)
        writeHold = CoreMetrics.Timer(label: Name.writeHold, factory: factory)
        shoalPeers = CoreMetrics.Gauge(label: Name.peers, dimensions: [("dialect", "shoal")], factory: factory)
        classicPeers = CoreMetrics.Gauge(label: Name.peers, dimensions: [("dialect", "classic")], factory: factory)
        records = CoreMetrics.Gauge(label: Name.records, factory: factory)
        items = CoreMetrics.Gauge(label: Name.items, factory: factory)
        connections = CoreMetrics.Gauge(label: Name.connections, factory: factory)
    }

    // MARK: Recording (the connection handler)

    /// Now, for ``answered(_:_:since:)``.
    var now: NIODeadline { .now() }

    /// A parsed request was answered: counts it, and for a SEARCH records how long it took since `started`
    /// (waiting for the registry's lock included) and how many candidates it examined.
    func answered(_ request: Request, _ outcome: IndexRequestProcessor.Outcome, since started: NIODeadline?) {
        answered(request.name, outcome.response.status)
        guard case .search = request else { return }
        if let started { searchDuration.recordNanoseconds((NIODeadline.now() - started).nanoseconds) }
        if let examined = outcome.examined { searchExamined.record(examined) }
        if outcome.reused { searchReused.increment() }
        if outcome.atOnce { searchAtOnce.increment() }
    }

    /// An answer went out to a request of `kind` (``otherKind`` when it could not be parsed). A 413 or 429
    /// answer is also a refusal.
    func answered(_ kind: String, _ status: StatusCode) {
        let key = RequestKey(kind: kind, status: status.code)
        let counter = requests.withLockedValue { counters in
            if let counter = counters[key] { return counter }
            let counter = CoreMetrics.Counter(label: Name.requests, dimensions: [("kind", kind), ("status", String(status.code))],
                                              factory: factory)
            counters[key] = counter
            return counter
        }
        counter.increment()
        switch status {
        case .tooLarge: refused(.tooLarge)
        case .tooManyRequests: refused(.requestRate)
        default: break
        }
    }

    /// Something was refused (connections refused on arrival come here directly; requests through
    /// ``answered(_:_:)``).
    func refused(_ reason: Refusal) {
        refusals[reason]?.increment()
    }

    /// Bytes read from a peer's connection.
    func received(_ count: Int) {
        receivedBytes.increment(by: count)
    }

    /// Bytes written to a peer's connection.
    func sent(_ count: Int) {
        sentBytes.increment(by: count)
    }

    /// How late an event loop ran a task scheduled for a moment (``EventLoopLagProbe``).
    func lagged(_ amount: TimeAmount) {
        eventLoopLag.recordNanoseconds(max(0, amount.nanoseconds))
    }

    /// How long a change held the registry's write lock: no search or lookup could read the registry
    /// meanwhile (``ReadWriteLocked``).
    func registryWriteHeld(_ amount: TimeAmount) {
        writeHold.recordNanoseconds(max(0, amount.nanoseconds))
    }

    // MARK: Scraping

    /// Sets the gauges read at scrape time.
    func update(_ census: RegistryCensus, connections open: Int) {
        shoalPeers.record(census.shoalPeers)
        classicPeers.record(census.classicPeers)
        records.record(census.records)
        items.record(census.items)
        connections.record(open)
    }
}
