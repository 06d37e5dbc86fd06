import XCTest
import Foundation
import HooklineCore
@testable import HooklineText

/// Each fixture .eml has a `.expected` file next to it with the text per view,
/// the header features and the anomalies. Set HOOKLINE_REGOLDEN=1 to rewrite them
/// (then read the diff: a golden is only as good as its review).
final class GoldenTests: XCTestCase {
    func testFixturesMatchGoldenFiles() throws {
        let names = Harness.fixtureNames()
        XCTAssertGreaterThan(names.count, 20)
        let sourceDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let regolden = ProcessInfo.processInfo.environment["HOOKLINE_REGOLDEN"] == "1"
        for name in names {
            let result = Harness.scan(Harness.fixture(name))
            XCTAssertEqual(result.sink.violations, [], "\(name): sink contract")
            let expectedName = name.replacingOccurrences(of: ".eml", with: ".expected")
            let expectedURL = sourceDir.appendingPathComponent(expectedName)
            if regolden {
                try result.golden.write(to: expectedURL, atomically: true, encoding: .utf8)
                continue
            }
            guard let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil),
                let data = FileManager.default.contents(atPath: dir.appendingPathComponent(expectedName).path)
            else {
                XCTFail("\(name): no \(expectedName)")
                continue
            }
            XCTAssertEqual(result.golden, String(decoding: data, as: UTF8.self), "\(name) differs from \(expectedName)")
        }
    }
}
