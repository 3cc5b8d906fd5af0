import NIOCore

/// Whether one connection has had its event loop to itself lately: no other connection of that loop has
/// made a request for at least `quiet`. A SEARCH from such a connection is answered at once on the loop
/// (``WorkerRequests``): nobody there has asked anything lately for it to hold up (a request that comes
/// meanwhile waits for one cheap search at most), and it is spared the two hand-offs between
/// threads that a worker costs, which on a two-core machine cost about as much CPU as a typical search.
///
/// A pure value told of every request in turn; the server keeps one for each event loop, touched only there.
struct SoleRequester: Sendable {
    /// How long no other connection may have made a request.
    let quiet: TimeAmount
    /// The connection that made the last request, and when.
    private var last: (connection: ObjectIdentifier, at: NIODeadline)?
    /// When any other connection than `last`'s last made one.
    private var othersLast = NIODeadline.distantPast

    init(quiet: TimeAmount) {
        self.quiet = quiet
    }

    /// Notes a request from `connection` at `now`; whether no other connection made one within `quiet`
    /// before it.
    mutating func heard(from connection: ObjectIdentifier, at now: NIODeadline) -> Bool {
        // The last request before this one was the previous connection's last: another connection's.
        if let last, last.connection != connection { othersLast = last.at }
        last = (connection, now)
        return now - othersLast >= quiet
    }
}
