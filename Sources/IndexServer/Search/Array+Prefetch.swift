import CPrefetch

extension Array {
    /// Starts bringing in the elements at the slots of posting entries `entries` (those in range), all at
    /// once, ahead of their use: a search walk reads them at random slots, and read one after another their
    /// cache misses add up (see ``SearchRun``).
    func prefetchElements(atSlotsOf entries: ArraySlice<UInt64>) {
        withUnsafeBufferPointer { buffer in
            for entry in entries {
                let index = Int(RankKey.slot(of: entry))
                if buffer.indices.contains(index) { shoal_prefetch(buffer.baseAddress! + index) }
            }
        }
    }
}
