import Foundation
import HooklineCore
import XCTest

@testable import HooklineEngine
@testable import HooklineLoader

/// `log_format` and `log_target`: what a line looks like, and that the loader takes and
/// refuses the values as documented.
final class LogOutputTests: XCTestCase {
    func testJSONLinesEscapeWhatWouldBreakAParser() throws {
        let time = Date(timeIntervalSince1970: 1_796_000_000)
        let line = Log.render(.warning, "queue=Q1 \"quoted\" back\\slash\nnext\u{1}", format: .json, time: time)
        XCTAssertFalse(line.contains("\n"))
        let object = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String], line)
        XCTAssertEqual(object["level"], "warning")
        XCTAssertEqual(object["message"], "queue=Q1 \"quoted\" back\\slash\nnext\u{1}")
        XCTAssertEqual(object["time"]?.hasPrefix("2026-"), true, line)
    }

    func testTextLinesStayOneLine() {
        XCTAssertEqual(Log.render(.info, "a\r\nb", format: .text), "info: a  b")
    }

    func testSyslogPrioritiesFollowTheLevels() {
        XCTAssertEqual(Log.Level.allCases.map(Log.syslogPriority), [LOG_DEBUG, LOG_INFO, LOG_WARNING, LOG_ERR])
    }

    func testTheLoaderTakesTargetAndFormatAndRefusesOthers() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hookline-logout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("hookline.yaml").path
        try "rules: []\nlog_target: syslog\nlog_format: json\n".write(toFile: path, atomically: true, encoding: .utf8)
        switch ConfigLoader.load(path: path) {
        case .success(let e):
            XCTAssertEqual(e.config.logTarget, .syslog)
            XCTAssertEqual(e.config.logFormat, .json)
        case .failure(let f): XCTFail(f.diagnostics.map(\.description).joined(separator: "\n"))
        }
        try "rules: []\nlog_target: file\nlog_format: xml\n".write(toFile: path, atomically: true, encoding: .utf8)
        guard case .failure(let f) = ConfigLoader.load(path: path) else { return XCTFail("bad values must be refused") }
        XCTAssertEqual(f.diagnostics.map(\.message).sorted(), ["log_format must be text or json", "log_target must be stderr or syslog"])
    }
}
