import Model
@testable import PeerApp
import TerminalUI

/// A screenful of believable state: connected, files shared, results with wide names, transfers under way.
enum AppFixtures {
    static func hash(_ n: UInt8) -> ContentHash { ContentHash(bytes: [UInt8](repeating: n, count: 32))! }

    static func busy(width: Int, height: Int) -> AppState {
        var state = AppState()
        _ = state.update(.resize(width: width, height: height))
        _ = state.update(.engine(.index(.connected(address: "127.0.0.1:7734", peer: PeerID(3), observedAddress: "127.0.0.1"))))
        _ = state.update(.engine(.share(ShareStatus(files: 3, bytes: 9_000_000, hashed: 3, pending: 0))))
        _ = state.update(.engine(.sharedFiles([
            SharedFileEntry(key: .content(hash(1)), size: 4_200_000, name: "music/Café del Mar.flac"),
            SharedFileEntry(key: .content(hash(2)), size: 1_024, name: "notes/日本語のメモ.txt"),
            SharedFileEntry(key: .content(hash(3)), size: 3_500_000, name: "rfc_2616.txt"),
        ])))
        _ = state.update(.searchResults(id: state.searchID, title: "ubuntu", hits: [
            SearchHit(key: .content(hash(4)), size: 5_800_000_000, sources: 3, name: "ubuntu-24.04-desktop-amd64.iso"),
            SearchHit(key: .content(hash(5)), size: 2_600_000_000, sources: 1, name: "ubuntu-24.04-live-server-amd64.iso"),
            SearchHit(key: .content(hash(6)), size: 12_000, sources: 2, name: "🐧 ubuntu 日本語 ガイド.pdf"),
            SearchHit(key: .rfc(2616), size: nil, sources: 1, name: "Hypertext Transfer Protocol -- HTTP/1.1"),
        ], nextCursor: nil, append: false))
        for snapshot in [
            TransferSnapshot(id: 1, direction: .download, key: .content(hash(4)), name: "ubuntu-24.04-desktop-amd64.iso",
                             size: 5_800_000_000, bytesDone: 2_610_000_000, bytesPerSecond: 48_000_000, activeSources: 3,
                             state: .downloading),
            TransferSnapshot(id: 2, direction: .download, key: .content(hash(6)), name: "🐧 ubuntu 日本語 ガイド.pdf",
                             size: 12_000, bytesDone: 12_000, state: .completed),
            TransferSnapshot(id: 3, direction: .download, key: .content(hash(5)), name: "ubuntu-24.04-live-server-amd64.iso",
                             size: 2_600_000_000, bytesDone: 650_000_000, state: .paused),
            TransferSnapshot(id: -1, direction: .upload, key: .content(hash(1)), name: "Café del Mar.flac", size: 4_200_000,
                             bytesDone: 1_000_000, bytesPerSecond: 512_000, activeSources: 1, state: .uploading),
        ] { _ = state.update(.engine(.transfer(snapshot))) }
        return state
    }
}

extension AppState {
    /// Types each character of `text` as a key.
    mutating func type(_ text: String) {
        for character in text { _ = update(.key(.character(character))) }
    }

    /// The whole screen, drawn now, as text.
    mutating func screenText() -> String {
        ScreenView.render(&self).lines.joined(separator: "\n")
    }
}
