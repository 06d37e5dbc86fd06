import HooklineCore
import XCTest

@testable import HooklineDetect

/// `PhoneScanner.record` finds a number already read among the findings themselves; it must
/// leave the findings and the limit its form with a `[String: Int]` index did, whatever the
/// order, the repeats, the views and offsets, the limit, and a sort at the end between.
final class PhoneRecordTests: XCTestCase {
    /// `record` with its index, as it was, and `finish`'s sort with the index built again.
    private struct Reference {
        let maxPhones: Int
        var phones: [PhoneFinding] = []
        var index: [String: Int] = [:]
        var limitReached = false

        mutating func record(_ finding: PhoneFinding) {
            if let at = index[finding.e164] {
                phones[at].views.formUnion(finding.views)
                if phones[at].offsets.count < PhoneFinding.maxOffsets && !phones[at].offsets.contains(finding.offset) {
                    phones[at].offsets.append(finding.offset)
                }
                return
            }
            guard phones.count < maxPhones else { limitReached = true; return }
            index[finding.e164] = phones.count
            phones.append(finding)
        }

        mutating func finish() {
            phones.sort { $0.offset < $1.offset }
            index.removeAll(keepingCapacity: true)
            for (i, phone) in phones.enumerated() { index[phone.e164] = i }
        }
    }

    func testRecordSameAsIndexed() {
        var g = Generator(seed: 4242)
        // Short (small strings) and long (heap strings) E.164s, some alike but for one digit.
        let pool = [
            "+18005551234", "+18005551235", "+442079460000", "+4420794600001", "+4915123456789012", "+4915123456789013",
            "+33123456789", "+1", "+861012345678901234", "+5511987654321",
        ]
        let views = TextView.allCases
        var merged = 0
        var limited = 0
        for _ in 0..<3_000 {
            let maxPhones = 1 + g.next(g.next(4) == 0 ? 12 : 5)
            var scanner = PhoneScanner(regions: ["US"], maxPhones: maxPhones)
            var reference = Reference(maxPhones: maxPhones)
            for step in 0..<(1 + g.next(40)) {
                if g.next(15) == 0 {
                    scanner.finish(regions: [])
                    reference.finish()
                } else {
                    var finding = PhoneFinding(
                        e164: pool[g.next(pool.count)], type: .mobile, region: "US", views: [views[g.next(views.count)]],
                        evidence: "e\(step)", offset: g.next(60))
                    if g.next(3) == 0 { finding.views.insert(views[g.next(views.count)]) }
                    if reference.index[finding.e164] != nil { merged += 1 }
                    scanner.record(finding)
                    reference.record(finding)
                }
                XCTAssertEqual(scanner.phones, reference.phones)
                XCTAssertEqual(scanner.limitReached, reference.limitReached)
            }
            if reference.limitReached { limited += 1 }
        }
        XCTAssertGreaterThan(merged, 10_000)
        XCTAssertGreaterThan(limited, 500)
    }
}
