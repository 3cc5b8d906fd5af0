/// What the frame parser produces: a whole message, or a fatal framing error (after which it reads nothing more).
public enum FrameEvent: Hashable, Sendable {
    case frame(WireFrame)
    /// `version` is the one to answer in: the sender's, if its start line had already arrived.
    case malformed(FramingError, version: ProtocolVersion)
}
