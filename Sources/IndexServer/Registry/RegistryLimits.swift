/// Limits the registry enforces. PROTOCOL.md §8; configurable on `shoal-index`.
public struct RegistryLimits: Hashable, Sendable {
    /// Most records (files and classic RFC records) one connection may hold.
    public var maximumFilesPerPeer: Int
    /// Most record lines in one classic LOOKUP or LIST ALL answer (the newest are kept).
    public var maximumClassicRecords: Int
    /// Most bytes of record lines in one classic LOOKUP or LIST ALL answer (the newest are kept): what one
    /// short request can make the index send is bounded whatever the records hold.
    public var maximumClassicAnswerBytes: Int
    /// Most candidates one search examines before ranking; past it the answer says `Complete: no`.
    public var maximumSearchCandidates: Int

    public init(maximumFilesPerPeer: Int = 100_000, maximumClassicRecords: Int = 10_000,
                maximumClassicAnswerBytes: Int = 1 << 20, maximumSearchCandidates: Int = 200_000) {
        self.maximumFilesPerPeer = maximumFilesPerPeer
        self.maximumClassicRecords = maximumClassicRecords
        self.maximumClassicAnswerBytes = maximumClassicAnswerBytes
        self.maximumSearchCandidates = maximumSearchCandidates
    }
}
