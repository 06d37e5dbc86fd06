import XCTest
import Foundation
import HooklineCore
import HooklineEngine
import HooklineLoader
@testable import HooklineMilter

/// `log_level` was parsed but never applied; these pin that the level filters by
/// severity and that startup and every reload put the config's level in force.
final class LogLevelTests: XCTestCase {
    private var dir = ""
    private var saved = Log.minimum

    override func setUpWithError() throws {
        saved = Log.minimum
        dir = NSTemporaryDirectory() + "hookline-loglevel-\(UUID().uuidString)"
        try FileManager.default.createDirectory(
            atPath: dir, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755])
    }

    override func tearDown() {
        Log.minimum = saved
        try? FileManager.default.removeItem(atPath: dir)
        super.tearDown()
    }

    private func writeConfig(level: String) throws -> String {
        let path = dir + "/hookline.yaml"
        try "rules: [rules.yaml]\nlog_level: \(level)\n".write(toFile: path, atomically: false, encoding: .utf8)
        try "rules:\n  - id: R\n    score: 1\n    when: {phone: true}\n"
            .write(toFile: dir + "/rules.yaml", atomically: false, encoding: .utf8)
        chmod(path, 0o644); chmod(dir + "/rules.yaml", 0o644)
        return path
    }

    func testLevelsFilterBySeverity() {
        Log.apply(.warning)
        XCTAssertFalse(Log.enabled(.debug))
        XCTAssertFalse(Log.enabled(.info), "warning hides info, not only debug")
        XCTAssertTrue(Log.enabled(.warning))
        XCTAssertTrue(Log.enabled(.error))
        Log.apply(.error)
        XCTAssertFalse(Log.enabled(.warning))
        Log.apply(.debug)
        XCTAssertTrue(Log.Level.allCases.allSatisfy(Log.enabled))
        XCTAssertEqual(Log.Level.allCases.sorted(), [.debug, .info, .warning, .error])
    }

    func testReloadAppliesTheNewLogLevel() throws {
        Log.apply(.info)
        let path = try writeConfig(level: "error")
        let engines = EngineHolder(Engine(config: HooklineConfig()))
        MilterDaemon.reload(path: path, into: engines, listen: "inet:8899@127.0.0.1")
        XCTAssertEqual(Log.minimum, .error)
        _ = try writeConfig(level: "debug")
        MilterDaemon.reload(path: path, into: engines, listen: "inet:8899@127.0.0.1")
        XCTAssertEqual(Log.minimum, .debug)
    }

    func testFailedReloadKeepsTheLevelInForce() throws {
        Log.apply(.warning)
        let path = try writeConfig(level: "loud")
        MilterDaemon.reload(path: path, into: EngineHolder(Engine(config: HooklineConfig())), listen: "inet:8899@127.0.0.1")
        XCTAssertEqual(Log.minimum, .warning)
    }
}
