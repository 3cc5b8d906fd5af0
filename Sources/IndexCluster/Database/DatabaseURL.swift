import Foundation
import NIOCore
import NIOSSL
import PostgresNIO

/// `--database`: where the cluster's PostgreSQL is, as `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`
/// (`postgresql://` too), with `?sslmode=disable|prefer|require` (default `prefer`: TLS when the server
/// offers it). The password may instead come from the `PGPASSWORD` environment variable.
public struct DatabaseURL: Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let user: String
    public let password: String?
    public let database: String
    public let sslMode: SSLMode

    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, prefer, require
    }

    /// Reads `text`; throws ``DatabaseURLError`` naming what is wrong.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(DatabaseURLError) {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? "") else {
            throw DatabaseURLError("must look like postgres://USER@HOST:PORT/DATABASE")
        }
        guard let host = url.host, !host.isEmpty else { throw DatabaseURLError("names no host") }
        guard let user = url.user, !user.isEmpty else { throw DatabaseURLError("names no user (postgres://USER@HOST/DATABASE)") }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw DatabaseURLError("names no database (postgres://USER@HOST/DATABASE)") }
        let port = url.port ?? 5432
        guard (1...65535).contains(port) else { throw DatabaseURLError("has port \(port), which is not from 1 to 65535") }
        var mode = SSLMode.prefer
        for item in url.queryItems ?? [] {
            guard item.name == "sslmode" else { throw DatabaseURLError("has option '\(item.name)'; only sslmode is read") }
            guard let value = item.value.flatMap(SSLMode.init(rawValue:)) else {
                throw DatabaseURLError("has sslmode '\(item.value ?? "")'; use disable, prefer or require")
            }
            mode = value
        }
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        self.port = port
        self.user = user.removingPercentEncoding ?? user
        self.password = url.password.map { $0.removingPercentEncoding ?? $0 } ?? environment["PGPASSWORD"]
        self.database = database.removingPercentEncoding ?? database
        self.sslMode = mode
    }

    /// The URL without its password, for logs.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)" }

    /// How long connecting may take unless told otherwise (postgres-nio's own default is 10 s).
    static let connectTimeout: TimeAmount = .seconds(5)

    /// What postgres-nio connects with, giving up on a connection not made within `connectTimeout`.
    func configuration(connectTimeout: TimeAmount = Self.connectTimeout) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password,
                                                             database: database, tls: tls)
        configuration.options.connectTimeout = connectTimeout
        return configuration
    }
}

/// A `--database` value that cannot be used; its text completes "the database URL ...".
public struct DatabaseURLError: Error, CustomStringConvertible {
    public let problem: String
    init(_ problem: String) { self.problem = problem }
    public var description: String { "the database URL \(problem)" }
}
