/// The Prometheus endpoint could not listen on its address (the index itself could; it is stopped again).
public struct MetricsBindError: Error, CustomStringConvertible {
    public let address: MetricsAddress
    /// What binding threw (an `IOError` with the errno, usually).
    public let underlying: any Error

    public var description: String { "cannot serve metrics on \(address): \(underlying)" }
}
