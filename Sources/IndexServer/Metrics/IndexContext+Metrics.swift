import NIOCore

extension IndexContext {
    /// One scrape of ``metrics``: sets the gauges read at scrape time, then emits every metric in the
    /// Prometheus text format 0.0.4. Empty when metrics are off.
    func scrapeMetrics(allocator: ByteBufferAllocator) -> ByteBuffer {
        guard let metrics else { return allocator.buffer(capacity: 0) }
        // Under the lock only the pass that counts; the rest happens after it is let go.
        let census = registry.withReadLock { RegistryCensus($0) }
        metrics.update(census, connections: openConnections)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 * 1024)
        metrics.registry.emit(into: &bytes)
        return allocator.buffer(bytes: bytes)
    }
}
