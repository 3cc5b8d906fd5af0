/// Limits the registry enforces. PROTOCOL.md §8; configurable on `shoal-index`.
public struct RegistryLimits: Hashable, Sendable {
    /// Most records (files and classic RFC records) one connection may hold.
    public var maximumFilesPerPeer: Int
    /// Most record lines in one classic LOOKUP or LIST ALL answer (the newest are kept).
    public var maximumClassicRecords: Int
    /// Most bytes of record lines in one classic LOOKUP or LIST ALL answer (the newest are kept): what one
    /// short request can make the index send is bounded whatever the records hold.
    public var maximumClassicAnswerBytes: Int
    /// Most candidates one search examines; past it the answer says `Complete: no`.
    public var maximumSearchCandidates: Int
    /// Most candidates one search reads in full (their words, size, name), the costly part of examining:
    /// past it the answer says `Complete: no`. Candidates ruled out by another keyword's bitmap are not read.
    public var maximumSearchEvaluations: Int
    /// Words of each name that are indexed (the first ones); later words are not searchable. Bounds what
    /// one record can cost the index.
    public var maximumWordsPerName: Int
    /// Most bytes (UTF-8) of names and classic titles one connection's records may hold in all. With
    /// `maximumFilesPerPeer` and `maximumWordsPerName`, bounds what one peer can make the index hold.
    public var maximumNameBytesPerPeer: Int
    /// Most sources one LOOKUP FILE answer lists; `Total-Sources` says how many there are.
    public var maximumLookupSources = 200
    /// Candidates a search walks best rank first before it scans them all instead (see `SearchRun`); tests
    /// make it small to reach the scan with few items.
    var orderedWalkLimit = 2048

    public init(maximumFilesPerPeer: Int = 100_000, maximumClassicRecords: Int = 10_000,
                maximumClassicAnswerBytes: Int = 1 << 20, maximumSearchCandidates: Int = 200_000,
                maximumSearchEvaluations: Int = 20_000, maximumWordsPerName: Int = 16,
                maximumNameBytesPerPeer: Int = 16 << 20) {
        self.maximumFilesPerPeer = maximumFilesPerPeer
        self.maximumClassicRecords = maximumClassicRecords
        self.maximumClassicAnswerBytes = maximumClassicAnswerBytes
        self.maximumSearchCandidates = maximumSearchCandidates
        self.maximumSearchEvaluations = maximumSearchEvaluations
        self.maximumWordsPerName = maximumWordsPerName
        self.maximumNameBytesPerPeer = maximumNameBytesPerPeer
    }
}
