import Model
import TerminalUI

/// The top line: index connection, own id and name, total speeds, share size and hashing progress.
enum StatusLine {
    static func render(_ state: AppState, in rect: Rect, on grid: inout CellGrid) {
        grid.fill(rect, role: .header)
        var x = rect.x
        let (indexText, role): (String, StyleRole) = {
            switch state.index {
            case .connecting(let address): return ("● connecting to \(address)", .statusWarning)
            case .connected(let address, let peer, _, let reachable, let plaintext):
                let who = "● \(address) as \(peer)\(state.nickname.map { " (\($0))" } ?? "")"
                // Allowed, but never quiet: nothing said to this index is private.
                if plaintext { return (who + " · NOT ENCRYPTED (plaintext allowed)", .statusWarning) }
                // Behind NAT, the one thing to know: downloads work, uploads cannot start.
                return reachable == false ? (who + " · behind NAT: uploads only by connecting back", .statusWarning) : (who, .statusOK)
            case .classic(let address, let rfcs, let others):
                // The one line a user needs: this index only knows RFC documents, so most files are not offered.
                return ("● \(address) classic index: \(rfcs) RFC files shared, \(others) others not", .statusWarning)
            case .disconnected(let address, _, let retry):
                return ("● \(address) lost, retry in \(Int(retry.rounded(.up))) s", .statusError)
            }
        }()
        x += grid.write(state.demoGuide ? " Shoal demo " : " Shoal ", x: x, y: rect.y, role: .titleFocused, clip: rect)
        x += grid.write(indexText, x: x, y: rect.y, role: role, clip: rect)
        let share = state.shareStatus
        var right = "↓ \(ByteCount.format(UInt64(state.downloadSpeed)))/s  ↑ \(ByteCount.format(UInt64(state.uploadSpeed)))/s  "
            + "\(share.files) shared"
        if share.isHashing { right += ", hashing \(share.hashed)/\(share.files)" }
        right += " "
        let width = DisplayWidth.of(right)
        if rect.maxX - width > x + 1 { grid.write(right, x: rect.maxX - width, y: rect.y, role: .header, clip: rect) }
        // Which face this is, where the line has room for it (the speeds come first).
        let face: String, faceRole: StyleRole
        switch state.face {
        case .peer: (face, faceRole) = ("  this window is the peer", .header)
        case .attached(let folder): (face, faceRole) = ("  attached to the peer on \(folder)", .statusOK)
        }
        let room = (rect.maxX - width > x + 1 ? rect.maxX - width : rect.maxX) - x - 1
        if DisplayWidth.of(face) <= room { grid.write(face, x: x, y: rect.y, role: faceRole, clip: rect) }
    }
}
