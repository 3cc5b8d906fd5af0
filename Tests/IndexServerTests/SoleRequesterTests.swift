import NIOCore
import Testing
@testable import IndexServer

/// When a connection counts as having its event loop to itself (its searches are then answered at once).
@Suite("Sole requester")
struct SoleRequesterTests {
    private final class Connection {}
    private let a = Connection(), b = Connection()
    private var sole = SoleRequester(quiet: .milliseconds(10))
    private func at(_ milliseconds: Int64) -> NIODeadline { .uptimeNanoseconds(UInt64(1_000_000_000 + milliseconds * 1_000_000)) }

    /// Whether `connection`'s request at `time` finds it alone (told to `sole`).
    private mutating func alone(_ connection: ObjectIdentifier, _ time: NIODeadline) -> Bool {
        sole.heard(from: connection, at: time)
    }

    @Test("the only connection to make requests is alone from its first one")
    mutating func onlyConnection() {
        #expect(alone(ObjectIdentifier(a), at(0)))
        #expect(alone(ObjectIdentifier(a), at(1)))
    }

    @Test("another connection's request makes both wait out the quiet time since the other's last request")
    mutating func interrupted() {
        let a = ObjectIdentifier(a), b = ObjectIdentifier(b)
        #expect(alone(a, at(0)))
        #expect(!alone(b, at(5)), "a asked 5 ms before")
        #expect(!alone(b, at(9)))
        #expect(alone(b, at(15)), "a's last request was 15 ms before")
        #expect(!alone(a, at(20)), "b asked 5 ms before")
        #expect(alone(a, at(25)), "b's last request was 10 ms before")
    }

    @Test("connections taking turns are never alone")
    mutating func takingTurns() {
        #expect(alone(ObjectIdentifier(a), at(0)))
        for step in 1...20 {
            let connection = step.isMultiple(of: 2) ? a : b
            #expect(!alone(ObjectIdentifier(connection), at(Int64(step) * 3)), "step \(step)")
        }
    }
}
