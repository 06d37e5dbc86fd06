// swift-tools-version:6.0
import PackageDescription

// Only the package copies on the machine resolve (see README): ArgumentParser and Yams.
let package = Package(
    name: "Hookline",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hookline", targets: ["hookline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C interop lives in these four targets and the few Swift files that import them.
        .systemLibrary(name: "CMilter", pkgConfig: "milter",
                       providers: [.apt(["libmilter-dev"])]),
        .systemLibrary(name: "CVectorscan", pkgConfig: "libhs",
                       providers: [.apt(["libvectorscan-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "CPhone",
            cxxSettings: [.unsafeFlags(["-std=c++17"])],
            linkerSettings: [.linkedLibrary("phonenumber"), .linkedLibrary("stdc++")]
        ),

        // Small shared vocabulary: limits, anomalies, text views, logging.
        .target(name: "HooklineCore"),
        // Bytes → decoded UTF-8 text: MIME, transfer encodings, charsets, HTML, calendar, headers.
        .target(name: "HooklineText", dependencies: ["HooklineCore", "CZlib"]),
        // Text → findings: normalisation, phone numbers, Vectorscan lexicon streams.
        .target(name: "HooklineDetect", dependencies: ["HooklineCore", "CVectorscan", "CPhone"]),
        // Config, rule files, scoring, MessageScan (what milter and `scan` both drive).
        .target(name: "HooklineRules", dependencies: [
            "HooklineCore", "HooklineText", "HooklineDetect",
            .product(name: "Yams", package: "Yams"),
        ]),
        // libmilter adapter and the daemon.
        .target(name: "HooklineMilter", dependencies: ["HooklineCore", "HooklineText", "HooklineRules", "CMilter"]),
        .executableTarget(name: "hookline", dependencies: [
            "HooklineCore", "HooklineRules", "HooklineMilter",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "HooklineTextTests", dependencies: ["HooklineText"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "HooklineDetectTests", dependencies: ["HooklineDetect"]),
        .testTarget(name: "HooklineRulesTests", dependencies: ["HooklineRules"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "HooklineIntegrationTests", dependencies: ["HooklineRules", "HooklineMilter"],
                    resources: [.copy("Scripts"), .copy("Messages")]),
    ],
    cxxLanguageStandard: .cxx17
)
