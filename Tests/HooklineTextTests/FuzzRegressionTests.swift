import XCTest
import HooklineCore
@testable import HooklineText

/// Inputs `scripts/fuzz.sh` found that trapped. Limits come from the config file,
/// which only bounds them from below, so the text layer must not overflow on any
/// of them (MessageSplitter did `maxHeaderBytes + 1`, MIMEParser `i + room`).
final class FuzzRegressionTests: XCTestCase {
    func testEveryFixtureWithLimitsAtIntMax() {
        var limits = Limits()
        limits.maxBodyBytes = .max
        limits.maxPartTextBytes = .max
        limits.maxMimeDepth = .max
        limits.maxParts = .max
        limits.maxHeaders = .max
        limits.maxHeaderBytes = .max
        limits.maxLineBytes = .max
        let names = Harness.fixtureNames()
        XCTAssertGreaterThan(names.count, 20)
        for name in names {
            let bytes = Harness.fixture(name)
            // Cuts every 5 bytes put part-header lines across body chunks.
            let result = Harness.scan(bytes, cuts: Array(stride(from: 5, to: bytes.count, by: 5)), limits: limits)
            XCTAssertEqual(result.sink.violations, [], "\(name): sink contract")
            XCTAssertEqual(result.exact, Harness.scan(bytes, limits: limits).exact, "\(name): chunking changed the result")
        }
    }
}
