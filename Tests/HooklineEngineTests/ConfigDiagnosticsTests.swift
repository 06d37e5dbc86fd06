import XCTest
@testable import HooklineEngine
@testable import HooklineLoader
@testable import HooklineOffline

/// Golden tests for the config loader: each fixture directory holds a broken
/// config and `expected.txt`, the diagnostics it must produce (each line a
/// prefix of one `FILE:LINE:COLUMN: message`, FILE relative to the directory).
final class ConfigDiagnosticsTests: XCTestCase {
    func fixturesDir() throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("configs")
    }

    func testEveryBrokenConfigReportsLocatedDiagnostics() throws {
        let root = try fixturesDir()
        let dirs = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        var checked = 0
        for dir in dirs {
            let expectedURL = root.appendingPathComponent(dir).appendingPathComponent("expected.txt")
            guard let expected = try? String(contentsOf: expectedURL, encoding: .utf8) else { continue }
            let base = root.appendingPathComponent(dir).path + "/"
            let result = ConfigLoader.load(path: base + "hookline.yaml")
            guard case .failure(let failure) = result else {
                XCTFail("\(dir): config loaded but should have failed"); continue
            }
            let got = failure.diagnostics.map { $0.description.replacingOccurrences(of: base, with: "") }
            for line in expected.split(separator: "\n") {
                XCTAssertTrue(
                    got.contains { $0.hasPrefix(line) },
                    "\(dir): expected a diagnostic starting \(line), got:\n\(got.joined(separator: "\n"))")
            }
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 13, "fixture directories went missing")
    }

    func testShippedConfigIsValid() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = repo.appendingPathComponent("Config/hookline.yaml").path
        switch ConfigLoader.load(path: path) {
        case .success(let engine):
            XCTAssertGreaterThan(engine.rules.rules.count, 10)
            XCTAssertEqual(engine.config.tagThreshold, 5.0)
            XCTAssertEqual(engine.config.quarantineThreshold, 10.0)
            XCTAssertNil(engine.config.rejectThreshold)
            XCTAssertNotNil(engine.rules.platforms.first { $0.name == "azure-monitor" })
        case .failure(let f):
            XCTFail("shipped config invalid:\n" + f.diagnostics.map(\.description).joined(separator: "\n"))
        }
    }

    func testLocalFilesOverrideShippedRulesWithoutEditingThem() throws {
        let path = try fixturesDir().appendingPathComponent("override/hookline.yaml").path
        guard case .success(let engine) = ConfigLoader.load(path: path) else { return XCTFail("override config should load") }
        let always = try XCTUnwrap(engine.rules.rules.first { $0.id == "BASE_ALWAYS" })
        XCTAssertEqual(always.score, 0.5, "local score override")
        XCTAssertEqual(always.description, "shipped", "override keeps what it does not name")
        XCTAssertEqual(engine.rules.rules.first { $0.id == "BASE_DISABLED_LATER" }?.enabled, false)
        let billing = try XCTUnwrap(engine.rules.lexicons.first { $0.name == "billing" })
        XCTAssertEqual(billing.phrases.map(\.text), ["invoice", "payment due"], "local phrases are added")
    }

    func testLookupOrderPrefersExplicitThenEnvironment() {
        XCTAssertEqual(ConfigLoader.locate(explicit: "/x/y.yaml"), "/x/y.yaml")
        setenv("HOOKLINE_CONFIG", "/from/env.yaml", 1)
        defer { unsetenv("HOOKLINE_CONFIG") }
        XCTAssertEqual(ConfigLoader.locate(explicit: nil), "/from/env.yaml")
    }
}
