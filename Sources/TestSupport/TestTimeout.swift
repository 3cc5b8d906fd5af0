/// Thrown when something a test waits for does not happen in time.
public struct TestTimeout: Error, CustomStringConvertible {
    public let waitingFor: String
    public init(_ waitingFor: String) { self.waitingFor = waitingFor }
    public var description: String { "timed out waiting for \(waitingFor)" }
}
