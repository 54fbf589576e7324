// swift-tools-version:6.2
// Mission Control: a self-hosted control plane for fleets of AI agents.
// Layout and dependencies follow ../shared/DESIGN.md §2 and §8.

import PackageDescription

/// Every target builds in Swift 6 language mode with the same upcoming features, so strict
/// concurrency is on everywhere and no file opts out.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "mission-control",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mcsup", targets: ["MCSupervisor"]),
        .executable(name: "mc-api", targets: ["MCAPI"]),
        .executable(name: "mc-worker", targets: ["MCWorkers"]),
        .executable(name: "mc-bench", targets: ["MCBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Default traits make every switch between `swift build` and `swift test` recompile it.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium", path: "Sources/CSodium", pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "CLinux", path: "Sources/CLinux"),
        .target(name: "CGzip", path: "Sources/CGzip", linkerSettings: [.linkedLibrary("z")]),
        .target(
            name: "MCShared",
            dependencies: [
                "CLinux",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Shared", swiftSettings: swiftSettings),
        // Claude Code transcript logic shared by the scanner worker and mc-api: parsing,
        // de-duplication, pricing, incremental tailing and file discovery (issue 6).
        .target(
            name: "MCTranscripts", dependencies: ["MCShared"], path: "Sources/Transcripts",
            swiftSettings: swiftSettings),
        .target(
            name: "MCIPC",
            dependencies: [
                "MCShared", "CLinux",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/IPC", swiftSettings: swiftSettings),
        // Webhook rules shared by mc-api (which owns the state) and the deliverer worker: pure,
        // clock-injected values (retry schedule, breaker, signatures, SSRF guard, event mapping).
        .target(
            name: "MCWebhooks", dependencies: ["MCShared", "CSodium"], path: "Sources/Webhooks",
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "MCSupervisor",
            dependencies: [
                "MCShared", "MCIPC", "CLinux",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/Supervisor", swiftSettings: swiftSettings),
        .executableTarget(
            name: "MCAPI",
            dependencies: [
                "MCShared", "MCIPC", "MCWebhooks", "MCTranscripts", "CSodium", "CSQLite", "CLinux", "CGzip",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Sources/API", resources: [.copy("Public")], swiftSettings: swiftSettings),
        .executableTarget(
            name: "MCWorkers",
            dependencies: [
                "MCShared", "MCIPC", "MCWebhooks", "MCTranscripts", "CSodium", "CLinux",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/Workers", swiftSettings: swiftSettings),
        // Benchmarks (`make bench`): measures the running tree from outside, as a user would.
        .executableTarget(
            name: "MCBench",
            dependencies: [
                "MCShared", "MCIPC",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "bench/Sources/MCBench", swiftSettings: swiftSettings),
        .testTarget(
            name: "SharedTests", dependencies: ["MCShared"], path: "Tests/SharedTests",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WebhooksTests", dependencies: ["MCWebhooks", "MCShared"], path: "Tests/WebhooksTests",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "TranscriptsTests", dependencies: ["MCTranscripts", "MCShared"],
            path: "Tests/TranscriptsTests", resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(
            name: "IPCTests",
            dependencies: [
                "MCIPC", "MCShared",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/IPCTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "SupervisorTests", dependencies: ["MCSupervisor", "MCShared", "MCIPC"],
            path: "Tests/SupervisorTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "APITests",
            dependencies: [
                "MCAPI", "MCShared", "MCWebhooks",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/APITests", swiftSettings: swiftSettings),
        .testTarget(
            name: "WorkersTests",
            dependencies: [
                "MCWorkers", "MCWebhooks", "MCTranscripts", "MCShared", "MCIPC",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/WorkersTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "SystemTests",
            dependencies: [
                "MCShared", "MCIPC",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/SystemTests", swiftSettings: swiftSettings),
    ]
)
