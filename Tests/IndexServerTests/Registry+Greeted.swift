import Model
import Wire
@testable import IndexServer

extension Registry {
    /// Opens a session from `address` and greets it (HELLO with `port` and nickname `name`): a Shoal peer,
    /// as most registry tests need one.
    mutating func greeted(address: String = "10.0.0.1", port: Int = 6000, name: String? = nil) throws -> PeerID {
        let peer = openSession(address: address)
        try hello(peer, Hello(port: port, nickname: name))
        return peer
    }
}
