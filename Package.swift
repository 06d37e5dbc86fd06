// swift-tools-version:6.0
import PackageDescription

// Only the package copies on the machine resolve (see README): ArgumentParser and Yams.
let package = Package(
    name: "Hookline",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hookline", targets: ["hookline"]),
        // The OCR worker hookline starts as a child; installed beside it (or in ../libexec/hookline).
        .executable(name: "hookline-ocr", targets: ["hookline-ocr"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C interop: each C module is imported privately by as few Swift files as
        // possible (libmilter 1, Vectorscan ≤ 4, libphonenumber 1, Tesseract/libheif 1, zlib 1, CSystem 2,
        // CSIMD 3).
        .systemLibrary(
            name: "CMilter", pkgConfig: "milter",
            providers: [.apt(["libmilter-dev"])]),
        .systemLibrary(
            name: "CVectorscan", pkgConfig: "libhs",
            providers: [.apt(["libvectorscan-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSystem"),
        .target(
            name: "CPhone",
            cxxSettings: [.unsafeFlags(["-std=c++17"])],
            linkerSettings: [.linkedLibrary("phonenumber"), .linkedLibrary("protobuf"), .linkedLibrary("stdc++")]
        ),
        // Byte loops 32 bytes at a time with AVX2 where the CPU has it: base64's whole quanta
        // (the table path took ~4.7 instructions a byte), inflate's Adler-32 (zlib's ~2) and the
        // word table's short words (a Swift loop took ~12).
        .target(name: "CSIMD"),
        // extern "C" shim over Leptonica and libheif (decoding images from memory) and Tesseract (OCR).
        .target(
            name: "COCR",
            cxxSettings: [.unsafeFlags(["-std=c++17", "-I/usr/include/leptonica"])],
            linkerSettings: [
                .linkedLibrary("tesseract"), .linkedLibrary("lept"), .linkedLibrary("heif"), .linkedLibrary("gomp"),
                .linkedLibrary("stdc++"),
            ]
        ),

        // Small shared vocabulary: limits, anomalies, text views, ASCII, logging, our header names.
        .target(name: "HooklineCore", dependencies: ["CSystem"]),
        // Bytes → decoded UTF-8 text: MIME, encodings, charsets, HTML, PDF, calendar, headers.
        .target(name: "HooklineText", dependencies: ["HooklineCore", "CZlib", "CSIMD"]),
        // Text → findings: normalisation, phone numbers, Vectorscan lexicon streams.
        .target(name: "HooklineDetect", dependencies: ["HooklineCore", "CVectorscan", "CPhone", "CSystem", "CSIMD"]),
        // Images → text: a process-wide, bounded pool of OCR workers, each a `hookline-ocr`
        // child process; the memo of readings. Links no image or OCR library.
        .target(name: "HooklineOCR", dependencies: ["HooklineCore", "HooklineText", "CSystem"]),
        // The engine itself (libtesseract 1 file) and the worker's loop: only hookline-ocr,
        // the tests and the fuzzers link it.
        .target(name: "HooklineOCREngine", dependencies: ["HooklineOCR", "COCR"]),
        .executableTarget(name: "hookline-ocr", dependencies: ["HooklineOCREngine"]),
        // The engine: config model, compiled rules, MessageScan, features, evaluation,
        // verdict and the action policy. What the milter and `scan` both drive.
        .target(name: "HooklineEngine", dependencies: ["HooklineCore", "HooklineText", "HooklineDetect", "HooklineOCR"]),
        // YAML → Engine: config and rule parsing, file trust. The only module importing Yams.
        .target(
            name: "HooklineLoader",
            dependencies: [
                "HooklineCore", "HooklineDetect", "HooklineEngine",
                .product(name: "Yams", package: "Yams"),
            ]),
        // Offline scanning of files and the labelled-corpus report, for `scan` and `report`
        // (a library so the tests and fuzz harnesses can drive them too).
        .target(name: "HooklineOffline", dependencies: ["HooklineCore", "HooklineText", "HooklineEngine"]),
        // The milter: a libmilter-free handler, and the one file that speaks libmilter.
        .target(
            name: "HooklineMilter",
            dependencies: [
                "HooklineCore", "HooklineText", "HooklineDetect", "HooklineEngine", "HooklineLoader", "HooklineOCR",
                "CMilter", "CSystem",
            ]),
        .executableTarget(
            name: "hookline",
            dependencies: [
                "HooklineCore", "HooklineDetect", "HooklineEngine", "HooklineLoader", "HooklineOffline", "HooklineMilter",
                "HooklineOCR", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(
            name: "HooklineTextTests", dependencies: ["HooklineText"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "HooklineDetectTests", dependencies: ["HooklineDetect"]),
        .testTarget(
            name: "HooklineOCRTests",
            dependencies: [
                "HooklineOCR", "HooklineOCREngine", "HooklineText", "HooklineEngine",
                "HooklineLoader", "HooklineOffline",
            ],
            exclude: ["Scripts"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "HooklineEngineTests",
            dependencies: [
                "HooklineEngine", "HooklineLoader", "HooklineOffline",
                // YAMLResolverTests reads with Yams' default resolver as the reference.
                .product(name: "Yams", package: "Yams"),
            ], resources: [.copy("Fixtures")]),
        // The milter handler driven through a fake context: no libmilter, no MTA.
        .testTarget(
            name: "HooklineMilterTests",
            dependencies: [
                "HooklineEngine", "HooklineLoader", "HooklineOffline", "HooklineMilter",
            ]),
        .testTarget(
            name: "HooklineIntegrationTests", dependencies: ["HooklineEngine", "HooklineLoader", "HooklineMilter"],
            resources: [.copy("Scripts"), .copy("Messages")]),
    ],
    cxxLanguageStandard: .cxx17
)
