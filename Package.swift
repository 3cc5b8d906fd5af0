// swift-tools-version: 6.2
import PackageDescription

/// Every target of ours: Swift 6 language mode (the tools default) and warnings are errors.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "Shoal",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "shoal-index", targets: ["shoal-index"]),
        .executable(name: "shoal", targets: ["shoal"]),
        .library(name: "Wire", targets: ["Wire"]),
        .library(name: "IndexServer", targets: ["IndexServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Plain Sendable values shared by every other target.
        .target(name: "Model", swiftSettings: strict),
        // The P2P-CI/1.0 and 2.0 protocol: messages, an incremental decoder with limits, an encoder. No sockets.
        .target(
            name: "Wire",
            dependencies: [
                "Model",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // TLS for P2P-CI/2.x links: this side's key and self-signed certificate, keyprints, pinning, and
        // telling a TLS connection from a plaintext one by its first byte.
        .target(
            name: "Trust",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // The index: a pure registry and search index, plus the NIO server around them.
        .target(
            name: "IndexServer",
            dependencies: [
                "Model", "Wire", "Trust", "CPrefetch",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "BitCollections", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
                // The Prometheus endpoint (`--metrics`): swift-metrics instruments, swift-prometheus's
                // registry behind them, served over HTTP/1.1.
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // Index nodes that share their records through PostgreSQL (`shoal-index --database`): a change log
        // written in batches, leases, and a full in-memory replica on every node.
        .target(
            name: "IndexCluster",
            dependencies: [
                "IndexServer", "Model", "Wire",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // The peer's engine: sharing and hashing, the upload server, the index client, verified downloads.
        .target(
            name: "PeerEngine",
            dependencies: [
                "Model", "Wire", "Trust",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: strict
        ),
        // The control socket: a running peer (`shoal serve`) serves its EngineLink to faces in other processes.
        .target(
            name: "PeerControl",
            dependencies: [
                "Model", "PeerEngine",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // What a build is: release version, protocols spoken, the commit it came from (`--version`).
        .target(name: "Release", dependencies: ["Wire"], swiftSettings: strict),
        // Terminal drawing without a terminal: display width, a cell grid, layout and widgets.
        .target(name: "TerminalUI", swiftSettings: strict),
        // The terminal application: state, update(message) -> effects, and views. Pure.
        .target(name: "PeerApp", dependencies: ["Model", "TerminalUI", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
                swiftSettings: strict),
        // The user's files: the configuration file (TOML) and theme files, read from disk.
        .target(name: "PeerSettings", dependencies: ["Model", "TerminalUI", "PeerApp", .product(name: "TOMLKit", package: "TOMLKit")],
                swiftSettings: strict),
        // `shoal demo`: an index and three bot peers sharing generated samples, in one process.
        .target(
            name: "Demo",
            dependencies: [
                "Model", "IndexServer", "PeerEngine", "Trust",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // ncursesw, through a small C shim (see shim.h). Only the NcursesTerminal target uses it.
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        // The real terminal: the one Terminal that touches ncurses.
        .target(name: "NcursesTerminal", dependencies: ["TerminalUI", "CNcurses"], swiftSettings: strict),
        .executableTarget(
            name: "shoal",
            dependencies: [
                "PeerEngine", "PeerControl", "Model", "PeerApp", "PeerSettings", "TerminalUI", "NcursesTerminal", "Demo", "Release", "Trust",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "shoal-index",
            dependencies: [
                "IndexServer", "IndexCluster", "Release", "Trust",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Measurements: `swift run -c release shoal-bench --help` (BENCHMARKS.md).
        .executableTarget(
            name: "shoal-bench",
            dependencies: [
                "IndexServer", "Model", "Wire", "PeerEngine", "PeerApp", "TerminalUI", "Trust",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // What the fuzzers check (Fuzz/README.md): plain functions over bytes.
        .target(
            name: "FuzzTargets",
            dependencies: ["Wire", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        // libFuzzer driver for FuzzTargets; a normal build replays files through the same checks.
        .executableTarget(name: "shoal-fuzz", dependencies: ["FuzzTargets", "CLibFuzzer"], swiftSettings: strict),
        // libFuzzer's driver function, declared for shoal-fuzz (defined by libFuzzer in fuzzing builds).
        .systemLibrary(name: "CLibFuzzer", path: "Sources/CLibFuzzer"),
        // The compiler's prefetch hint, for the index's search walk (a header of one inline function).
        .systemLibrary(name: "CPrefetch", path: "Sources/CPrefetch"),
        // Helpers used only by Tests/: raw-byte clients, waiting with timeouts.
        .target(
            name: "TestSupport",
            dependencies: [
                "Model", "Wire", "IndexServer", "PeerEngine", "PeerControl", "Trust",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "ModelTests", dependencies: ["Model"], swiftSettings: strict),
        .testTarget(name: "TrustTests", dependencies: ["Trust"], swiftSettings: strict),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"], swiftSettings: strict),
        .testTarget(name: "PeerAppTests", dependencies: ["PeerApp", "TerminalUI", "Model", "TestSupport",
                                                         .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
                    exclude: ["Snapshots"],
                    swiftSettings: strict),
        .testTarget(name: "PeerSettingsTests", dependencies: ["PeerSettings", "PeerApp", "TerminalUI", "Model"], swiftSettings: strict),
        .testTarget(
            name: "WireTests",
            dependencies: [
                "Wire", "Model", "FuzzTargets",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PeerEngineTests",
            dependencies: [
                "PeerEngine", "PeerControl", "IndexServer", "Wire", "Model", "TestSupport", "Demo", "Release",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IndexServerTests",
            dependencies: [
                "IndexServer", "IndexCluster", "PeerEngine", "Wire", "Model", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ]
)
