import XCTest
import HooklineCore
@testable import HooklineText

/// The MIME parser takes the Subject, From and Sender as ``HeaderFeatures`` decoded and
/// parsed them instead of doing it again: the text, the anomalies and the parts must be
/// what reading the fields itself gives.
final class TopFieldReadTests: XCTestCase {
    func testFixturesReadAlike() {
        for name in Harness.fixtureNames() {
            let bytes = Harness.fixture(name)
            XCTAssertEqual(Harness.scan(bytes).exact, Harness.scan(bytes, handOn: false).exact, name)
        }
    }

    func testRandomHostileHeaderBlocksReadAlike() {
        let names = [
            "Subject", "SUBJECT", "From", "from", "Sender", "Reply-To", "Content-Type", "content-transfer-encoding",
            "Content-Disposition", "X-Other", "To", "Received",
        ]
        let values = [
            "=?utf-8?B?w6k=?= <b@example.org>", "\"Support (864) 347-2494\" <a@example.com>", "=?x?Q?", "a=\r\n ?b",
            "=?x-nonsense?Q?abc?=", "  spaced   out\r\n\tsubject  ", "", "text/plain; charset=\"iso-8859-1\"",
            "multipart/alternative; boundary=\"b1\"", "base64", "quoted-printable", "attachment; filename=\"a.pdf\"",
            "a@b, \"C, D\" <c@d>, (Name) e@f, group: g@h;", "=?utf-8?Q?=E2=82=AC?= =?utf-8?Q?1?=", "=?utf-8?B?!!!?=",
            String(repeating: "long ", count: 3000),
        ]
        let raw8: [[UInt8]] = [[0x61, 0xE9, 0x62], [0x61, 0x00, 0x62], [0xFF, 0xFE, 0x3D, 0x3F]]
        var rng = SplitMix64(state: 99)
        var small = Limits.default
        small.maxHeaders = 6
        small.maxHeaderBytes = 200
        for round in 0..<300 {
            var message: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                message += Array((names.randomElement(using: &rng) ?? "X").utf8) + Array(": ".utf8)
                if Int.random(in: 0..<5, using: &rng) == 0 {
                    message += raw8.randomElement(using: &rng) ?? []
                } else {
                    message += Array((values.randomElement(using: &rng) ?? "").utf8)
                }
                message += Array("\r\n".utf8)
            }
            message += Array("\r\n--b1\r\nContent-Type: text/plain\r\n\r\nbody (864) 347-2494\r\n--b1--\r\n".utf8)
            for limits in [Limits.default, small] {
                let a = Harness.scan(message, limits: limits)
                let b = Harness.scan(message, limits: limits, handOn: false)
                // (`exact` has the anomalies sorted: the order a Set hands them on follows its
                // storage address unless hashing is deterministic, and only the set is kept.)
                XCTAssertEqual(a.exact, b.exact, "round \(round)")
                XCTAssertEqual(a.features.anomalies, b.features.anomalies, "round \(round)")
            }
        }
    }
}
