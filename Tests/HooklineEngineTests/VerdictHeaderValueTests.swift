import XCTest
@testable import HooklineEngine

/// `Verdict.headerValue` and `quarantineReason`, written as bytes, against the String appends
/// and joins they replaced,
/// on generated verdicts: every action, monitor or not, no rules or many, more than eight
/// phones, ids and numbers outside ASCII or with separators and control bytes in them.
final class VerdictHeaderValueTests: XCTestCase {
    private static let pieces = [
        "RULE_A", "x", "", "é", "😀", ",", ";", " ", "\t", "\r\n", "=", "+18005550100", "e\u{301}", "\u{0}", "ID-9",
    ]

    private static func text(_ rng: inout SplitMix64) -> String {
        var s = ""
        for _ in 0..<Int(rng.next() % 4) { s += pieces[Int(rng.next() % UInt64(pieces.count))] }
        return s
    }

    func testSameAsTheAppendedString() {
        var rng = SplitMix64(seed: 2_612_070)
        let scores: [Double] = [0, -0.0, 0.05, 1.5, 12.3, -4.2, 1e16, 0.25, .nan]
        for round in 0..<5_000 {
            let rules = (0..<Int(rng.next() % 6)).map { _ in
                RuleHit(id: Self.text(&rng), score: 1, description: "", evidence: [])
            }
            let phones = (0..<Int(rng.next() % 12)).map { _ in Self.text(&rng) }
            var v = Verdict(
                action: Action.allCases[Int(rng.next() % 4)], score: scores[Int(rng.next() % UInt64(scores.count))],
                rules: rules, phones: phones, platform: nil, anomalies: [], bytes: 0)
            if rng.next() % 3 == 0 { v.wouldBe = Action.allCases[Int(rng.next() % 4)] }
            XCTAssertEqual(v.headerValue, v.headerValueByAppending, "round \(round)")
            XCTAssertEqual(v.quarantineReason, v.quarantineReasonByAppending, "round \(round)")
        }
    }
}
