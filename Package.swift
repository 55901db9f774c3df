// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "Nailbook",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "nailbook", targets: ["nailbook"]),
        .executable(name: "nailbook-load", targets: ["LoadHarness"]),
        .library(name: "Core", targets: ["Core"]),
        .library(name: "WALTesting", targets: ["WALTesting"]),
        .executable(name: "nailbook-crash-writer", targets: ["CrashWriter"]),
        .executable(name: "nailbook-bench-pages", targets: ["PageBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        // The MallocInterposer trait alone: the default traits also pull in a runtime interposer the mirror lacks.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(name: "Core", path: "Sources/Core", swiftSettings: swiftSettings),
        .systemLibrary(
            name: "CLZ4",
            path: "Sources/CLZ4",
            pkgConfig: "liblz4",
            providers: [.apt(["liblz4-dev"])]
        ),
        .target(name: "WAL", dependencies: ["CLZ4", "Core"], path: "Sources/WAL", swiftSettings: swiftSettings),
        // A data folder brought to life: engine + log + snapshots, and the operator's maintenance (verify, backup,
        // restore, repair).
        .target(name: "Node", dependencies: ["Core", "WAL"], path: "Sources/Node", swiftSettings: swiftSettings),
        // Test doubles of the storage layer (a simulated disk with power loss, fault injection): tests only.
        .target(name: "WALTesting", dependencies: ["WAL"], path: "Sources/WALTesting", swiftSettings: swiftSettings),
        .target(
            name: "Server",
            dependencies: [
                "Core", "WAL", "Node", "Replication",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            path: "Sources/Server",
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/web")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Replication",
            dependencies: [
                "Core", "WAL", "Node",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Replication",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "nailbook",
            dependencies: [
                "Server", "Core", "WAL", "Node",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Sources/nailbook",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "CoreBenchmarks",
            dependencies: ["Core"],
            path: "Benchmarks/CoreBenchmarks",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "LoadHarness",
            dependencies: [
                "Core",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Benchmarks/LoadHarness",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "PageBenchmarks",
            dependencies: ["Server", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Benchmarks/PageBenchmarks",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "WALBenchmarks",
            dependencies: ["Core", "WAL", "Node", "WALTesting"],
            path: "Benchmarks/WALBenchmarks",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "CoreMicro",
            dependencies: ["Core", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/CoreMicro",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "WALMicro",
            dependencies: ["Core", "WAL", "Node", "WALTesting", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/WALMicro",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .testTarget(name: "CoreTests", dependencies: ["Core"], path: "Tests/CoreTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "WALTests", dependencies: ["WAL", "WALTesting"], path: "Tests/WALTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "NodeTests", dependencies: ["Node", "WAL", "WALTesting"], path: "Tests/NodeTests",
            swiftSettings: swiftSettings),
        // `nailbook-crash-writer`: books as fast as it can and reports each acknowledgement, for the SIGKILL tests.
        .executableTarget(
            name: "CrashWriter",
            dependencies: [
                "Core", "Node", "Server", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/CrashWriter",
            swiftSettings: swiftSettings
        ),
        .target(name: "ProcessTestSupport", path: "Tests/ProcessTestSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "ReplicationTests",
            dependencies: ["Replication", "WAL", "Node", "Core", "ProcessTestSupport"],
            path: "Tests/ReplicationTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Node", "WALTesting", "ProcessTestSupport",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            path: "Tests/ServerTests",
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
