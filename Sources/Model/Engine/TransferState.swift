/// Where a transfer is in its life.
public enum TransferState: String, Hashable, Sendable, CaseIterable, Codable {
    case queued
    /// Finding sources and fetching the chunk list.
    case connecting
    case downloading
    case paused
    /// Verified and moved into the downloads folder.
    case completed
    case failed
    case cancelled
    /// An upload being served to another peer.
    case uploading

    /// True once nothing more will happen to the transfer.
    public var isFinished: Bool { self == .completed || self == .failed || self == .cancelled }
}
