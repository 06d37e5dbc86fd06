import Foundation
import XCTest
@testable import HooklineEngine

/// Scores print as `String(format: "%.1f")` printed them, whichever path writes them.
final class VerdictJSONNumberTests: XCTestCase {
    func testSameAsPrintf() {
        var values: [Double] = [0, -0.0, 0.05, -0.05, 0.25, 0.15, 1.15, 2.675, 1e15, -1e15, 1e16, 123_456.7, .pi, -.pi]
        for k in -400...400 {
            values += [Double(k) / 10, Double(k) / 4, Double(k) / 20, Double(k) * 0.1, Double(k) / 3]
        }
        var sum = 0.0
        for k in 0..<200 {
            sum += [0.5, 1.5, -3.0, 0.1, 2.2, -0.7][k % 6]
            values.append(sum)
        }
        for v in values {
            XCTAssertEqual(VerdictJSON.number(v), String(format: "%.1f", v), "\(v)")
        }
    }
}
