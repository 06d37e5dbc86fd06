import XCTest
@testable import HooklineEngine

/// A hit's evidence: the first distinct strings in order, at most eight, as filtering the
/// first occurrences through a Set and taking a prefix gave.
final class EvidenceDistinctTests: XCTestCase {
    func testFirstDistinctAnswersAsTheSetFilter() {
        var state: UInt64 = 7
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % n
        }
        // Strings equal as Swift Strings though their bytes differ ("é" composed and not) count as one.
        let alphabet = ["+14155550100", "call", "Call", "é", "e\u{301}", "", "refund", "+14155550101", "a", "b", "c", "d", "e"]
        for _ in 0..<5_000 {
            let evidence = (0..<next(20)).map { _ in alphabet[next(alphabet.count)] }
            for limit in [0, 1, 3, 8] {
                var seen = Set<String>()
                let reference = Array(evidence.filter { seen.insert($0).inserted }.prefix(limit))
                XCTAssertEqual(RuleEvaluator.firstDistinct(evidence, limit), reference, "\(evidence) \(limit)")
            }
        }
    }
}
