/// What a source's answer to one chunk's GET FILE said, reduced to what decides the next step.
public enum ChunkAnswer: Hashable, Sendable {
    /// A success status, with its `Content-Range` (if any) and the body's length.
    case bytes(contentRange: String?, length: Int)
    /// Another status; `retryAfter` is the answer's `Retry-After` in seconds, if it has one.
    case status(code: Int, phrase: String, retryAfter: Int?)
    /// No answer: the connection failed, closed, or gave nothing within the chunk timeout (why, for the log).
    case none(String)
    /// Something that is not a P2P-CI answer of at most a chunk: broken framing, or a body announced or
    /// sent past the limit (an endless body, a huge `Content-Length`).
    case malformed
}

/// How checking a received chunk against its digest, and writing it, went.
public enum ChunkCheck: Hashable, Sendable {
    /// It matched and is written.
    case good
    /// Its bytes did not hash to the chunk's entry in the list.
    case bad
    /// It matched but could not be written (disk full, no permission): why.
    case unwritable(String)
}
