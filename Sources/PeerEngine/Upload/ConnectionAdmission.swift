import NIOConcurrencyHelpers

/// Counts open upload connections, in all and per address, and refuses those over ``UploadGuards``.
final class ConnectionAdmission: Sendable {
    enum Verdict: Equatable, Sendable {
        case admitted
        case serverFull
        case addressFull
    }

    private struct Counts {
        var total = 0
        var byAddress: [String: Int] = [:]
    }

    private let guards: UploadGuards
    private let counts = NIOLockedValueBox(Counts())

    init(guards: UploadGuards) {
        self.guards = guards
    }

    /// Admits a connection from `address` (then ``release(_:)`` it when it closes) or says why not.
    func admit(_ address: String) -> Verdict {
        counts.withLockedValue { counts in
            if counts.total >= guards.maximumConnections { return .serverFull }
            if guards.connectionsPerAddress > 0, counts.byAddress[address, default: 0] >= guards.connectionsPerAddress {
                return .addressFull
            }
            counts.total += 1
            counts.byAddress[address, default: 0] += 1
            return .admitted
        }
    }

    func release(_ address: String) {
        counts.withLockedValue { counts in
            counts.total -= 1
            let left = counts.byAddress[address, default: 1] - 1
            counts.byAddress[address] = left > 0 ? left : nil
        }
    }

    var open: Int { counts.withLockedValue { $0.total } }
}
