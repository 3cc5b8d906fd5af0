import IndexCluster
import IndexServer
import Model
import Testing
import Wire

@Suite("Relay notices between nodes, as NOTIFY payloads")
struct RelayNotificationTests {
    @Test("a CONNECT for another node's peer and news of a PUNCH read back as they were sent, with their sender")
    func roundTrip() {
        let token = RelayToken()
        let notices: [RelayNotification] = [
            RelayNotification(sender: 3, notice: .connect(RelayPush(token: token, asker: PeerID(3_000_000_007), host: "198.51.100.2",
                                                                    port: 6001, punch: false), to: PeerID(4_000_000_001))),
            RelayNotification(sender: 4, notice: .connect(RelayPush(token: token, asker: PeerID(9), host: "::1", port: 1, punch: true),
                                                          to: PeerID(10))),
            RelayNotification(sender: 4, notice: .punched(token, host: "203.0.113.9", port: 40002)),
        ]
        for notice in notices {
            #expect(RelayNotification(payload: notice.payload) == notice, "\(notice.payload)")
        }
        #expect(notices[0].payload == "connect 3 p4000000001 \(token) p3000000007 6001 0 198.51.100.2")
    }

    @Test("a payload this build did not make is not read as a notice")
    func unreadable() {
        let token = RelayToken()
        for payload in ["", "connect", "hello 1 2 3", "punched x \(token) 1 h", "punched 1 \(token) 1",
                        "punched 1 nottoken 1 h", "connect 1 p2 \(token) p3 6001 2 h", "connect 1 2 \(token) p3 6001 1 h",
                        "punched 1 \(token) 1 h extra"] {
            #expect(RelayNotification(payload: payload) == nil, "\(payload)")
        }
    }
}
