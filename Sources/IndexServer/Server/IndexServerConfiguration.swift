import NIOCore
import Trust
import Wire

/// Everything `shoal-index` can be told. Defaults are those of PROTOCOL.md §8.
public struct IndexServerConfiguration: Hashable, Sendable {
    public var host: String
    /// 0 picks a free port (tests); the well-known port is 7734.
    public var port: Int
    public var wire: WireLimits
    public var requests: RequestLimits
    public var registry: RegistryLimits
    public var timeouts: SessionTimeouts
    /// Most simultaneous connections; more are answered 503 and closed.
    public var maximumConnections: Int
    /// Requests per second per connection and connections per address.
    public var floodControl: FloodControl
    /// Where the Prometheus endpoint listens (`--metrics`); nil, the default: no endpoint.
    public var metricsAddress: MetricsAddress?
    /// What one client of the metrics endpoint may cost.
    public var metricsLimits = MetricsEndpointLimits()
    /// How the index checks that a peer's upload port is reachable after HELLO; nil: never checked, and
    /// answers say nothing of reachability (`--no-reachability-probe`).
    public var reachabilityProbe: ReachabilityProbe? = .standard
    /// Connect requests one peer may have relayed (§5.11): `burst` at once, then `perMinute` a minute.
    public var relays = RelayAllowance()
    /// Who may use the index over what (§9.1): the TLS identity, and what plaintext is allowed.
    public var links = LinkPolicy()
    /// Who may use it (§9.2): banned addresses, and for a private index the tokens.
    public var access = AccessRules()
    /// Memory for recent SEARCH answers, reused while nothing they depend on has changed
    /// (`--search-cache`, in MiB; 0: none kept).
    public var searchAnswerBytes = 16 << 20
    /// A SEARCH is answered at once on the event loop that read it, not on a worker thread, when no other
    /// connection of that loop has made a request for this long (``SoleRequester``) and the search is cheap
    /// (``SearchBudget/atOnce``); nil: always on a worker (tests that hold searches there).
    public var searchAtOnceQuiet: TimeAmount? = .milliseconds(10)

    /// `--private` with its tokens, and `--ban-file`'s entries.
    public struct AccessRules: Hashable, Sendable {
        /// Only peers whose HELLO carries one of `tokens` may use the index.
        public var requiresToken = false
        public var tokens = AccessTokens()
        public var bans = BanList()
        /// Wrong tokens one address (an IPv6 /64) may try: `wrongTokenBurst` at once, then this many a minute.
        public var wrongTokensPerMinute = 5.0
        public var wrongTokenBurst = 5.0
        public init() {}
    }

    /// How many `CONNECT PEER` requests one peer may make.
    public struct RelayAllowance: Hashable, Sendable {
        public var perMinute = 30
        public var burst = 10
        public init() {}
    }

    public static let wellKnownPort = 7734

    public init(host: String = "127.0.0.1", port: Int = IndexServerConfiguration.wellKnownPort,
                wire: WireLimits = .index, requests: RequestLimits = .standard,
                registry: RegistryLimits = RegistryLimits(), timeouts: SessionTimeouts = SessionTimeouts(),
                maximumConnections: Int = 16_384, floodControl: FloodControl = FloodControl(),
                metricsAddress: MetricsAddress? = nil) {
        self.host = host
        self.port = port
        self.wire = wire
        self.requests = requests
        self.registry = registry
        self.timeouts = timeouts
        self.maximumConnections = maximumConnections
        self.floodControl = floodControl
        self.metricsAddress = metricsAddress
    }
}
