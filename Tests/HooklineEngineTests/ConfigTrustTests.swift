import XCTest
import Foundation
@testable import HooklineEngine
@testable import HooklineLoader
@testable import HooklineOffline

/// Config and rule files others could change are refused by the one loader that
/// `run`, `check-config` and reload share. Modes and owners cannot live in git,
/// so each case builds its directory at test time; the expected lines are golden
/// prefixes of `FILE:LINE:COLUMN: message`, FILE relative to the directory, as in
/// ``ConfigDiagnosticsTests``.
final class ConfigTrustTests: XCTestCase {
    private var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "hookline-trust-\(UUID().uuidString)"
        try FileManager.default.createDirectory(
            atPath: dir, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755])
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
        super.tearDown()
    }

    private func write(user: String? = nil) throws {
        var config = "mode: enforce\nrules:\n  - rules.yaml\n"
        if let user { config += "user: \(user)\n" }
        try config.write(toFile: dir + "/hookline.yaml", atomically: false, encoding: .utf8)
        try """
        rules:
          - id: ALWAYS
            score: 1.0
            when: {phone: true}

        """.write(toFile: dir + "/rules.yaml", atomically: false, encoding: .utf8)
        chmod(dir + "/hookline.yaml", 0o644)
        chmod(dir + "/rules.yaml", 0o644)
    }

    private func diagnostics() -> [String]? {
        switch ConfigLoader.load(path: dir + "/hookline.yaml") {
        case .success: return nil
        case .failure(let f): return f.diagnostics.map { $0.description.replacingOccurrences(of: dir + "/", with: "") }
        }
    }

    private func assertRefused(_ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
        guard let got = diagnostics() else { return XCTFail("config loaded but should be refused", file: file, line: line) }
        for e in expected {
            XCTAssertTrue(
                got.contains { $0.hasPrefix(e) }, "expected a diagnostic starting \(e), got:\n\(got.joined(separator: "\n"))",
                file: file, line: line)
        }
        XCTAssertEqual(got.count, expected.count, got.joined(separator: "\n"), file: file, line: line)
    }

    private func assertLoads(file: StaticString = #filePath, line: UInt = #line) {
        if let got = diagnostics() { XCTFail("refused:\n\(got.joined(separator: "\n"))", file: file, line: line) }
    }

    func testOwnFilesWithUsualModesLoad() throws {
        try write()
        assertLoads()
    }

    func testWorldWritableConfigIsRefused() throws {
        try write()
        chmod(dir + "/hookline.yaml", 0o666)
        assertRefused(["hookline.yaml:1:1: refusing hookline.yaml: writable by every user (mode 0666); chmod o-w it"])
    }

    func testWorldWritableRuleFileIsRefused() throws {
        try write()
        chmod(dir + "/rules.yaml", 0o646)
        assertRefused(["rules.yaml:1:1: refusing rules.yaml: writable by every user (mode 0646); chmod o-w it"])
    }

    func testWorldWritableDirectoryWithoutStickyBitIsRefused() throws {
        try write()
        chmod(dir, 0o777)
        assertRefused(["hookline.yaml:1:1: refusing hookline.yaml: its directory \(dir) is writable by every user (mode 0777)"])
        chmod(dir, 0o1777)  // like /tmp: nobody can replace another's file
        assertLoads()
    }

    /// Needs root to hand files to another owner and group.
    func testFilesOfAnotherUserAreRefusedUnlessThatIsTheServiceUser() throws {
        guard getuid() == 0 else { throw XCTSkip("chown needs root") }
        try write()
        XCTAssertEqual(chown(dir + "/rules.yaml", 65534, 65534), 0)
        assertRefused(["rules.yaml:1:1: refusing rules.yaml: owned by nobody (uid 65534); only root may own it; chown it"])

        try write(user: "nobody")
        XCTAssertEqual(chown(dir + "/rules.yaml", 65534, 65534), 0)
        assertLoads()
    }

    func testGroupWritableIsRefusedUnlessTheGroupIsTrusted() throws {
        guard getuid() == 0 else { throw XCTSkip("chown needs root") }
        try write()
        XCTAssertEqual(chown(dir + "/hookline.yaml", 0, 65534), 0)
        chmod(dir + "/hookline.yaml", 0o664)
        let group = FileTrust.groupName(65534)
        assertRefused(["hookline.yaml:1:1: refusing hookline.yaml: writable by group \(group) (mode 0664); chmod g-w it"])

        try write(user: "nobody")  // nobody's primary group is 65534
        XCTAssertEqual(chown(dir + "/hookline.yaml", 0, 65534), 0)
        chmod(dir + "/hookline.yaml", 0o664)
        assertLoads()

        try write()
        XCTAssertEqual(chown(dir + "/hookline.yaml", 0, 0), 0)
        chmod(dir + "/hookline.yaml", 0o664)  // root's own group
        assertLoads()
    }
}
