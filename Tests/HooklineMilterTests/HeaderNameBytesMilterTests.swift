import XCTest
import HooklineCore
import HooklineEngine
@testable import HooklineMilter

/// The milter's header step with the name as the MTA's bytes (`header(nameBytes:value:)`,
/// what libmilter's callback now hands on) against the String it made of them before: the
/// same replies, calls to the MTA, verdict and plan, over whole messages with forged
/// verdict fields, Subject spelled every way, names outside ASCII and invalid UTF-8, with
/// and without a subject prefix.
final class HeaderNameBytesMilterTests: XCTestCase {
    static let names: [[UInt8]] = [
        Array("Subject".utf8), Array("SUBJECT".utf8), Array("subjecT".utf8), Array("Subjects".utf8),
        Array("X-Hookline-Verdict".utf8), Array("x-hookline-score".utf8), Array("X-Spam-Verdict".utf8), Array("From".utf8),
        Array("Reply-To".utf8), Array("Authentication-Results".utf8), Array("List-Id".utf8), Array("X-Mailer".utf8),
        [0x53, 0x75, 0x62, 0x6A, 0xC3, 0xA9, 0x63, 0x74], [0xE2, 0x84, 0xAA, 0x2D, 0x58], [0x58, 0xFF, 0x59],
        Array("Content-Type".utf8), Array("Resent-From".utf8), Array("X\u{7F}Y".utf8),
    ]
    static let values: [String] = [
        "Call us now at +1 (888) 555-0142 to cancel", "Your order #4471 was renewed", "\"Billing\" <billing@example.net>",
        "=?utf-8?B?SGVsbG8gV29ybGQ=?=", "mx.example.com; dkim=pass header.d=example.net", "text/plain; charset=utf-8",
        "pass", "",
    ]

    func testNamesAsBytesDecideAsNamesAsStrings() throws {
        let shipped = try MT.shippedEngine()
        var prefixed = shipped.config
        prefixed.subjectPrefix = "[SUSPICIOUS] "
        prefixed.verdictHeader = "X-Spam-Verdict"
        let engines = [shipped, Engine(config: prefixed, rules: shipped.rules)]
        var messages = try ["azure-monitor-callback.eml", "ham-forged-verdict-headers.eml", "ham-project-update.eml"].map(MT.message)
        // SplitMix64 (this target has no copy of the shared generator).
        var state: UInt64 = 2_812_09
        func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        for _ in 0..<60 {
            var m: [UInt8] = []
            for _ in 0...next(12) {
                m += Self.names[next(Self.names.count)] + Array(": ".utf8)
                m += Array(Self.values[next(Self.values.count)].utf8) + [13, 10]
            }
            m += Array("\r\nPlease call our billing desk at +1 (888) 555-0142 today.\r\n".utf8)
            messages.append(m)
        }
        for (e, engine) in engines.enumerated() {
            for (k, bytes) in messages.enumerated() {
                func run(_ asBytes: Bool) -> (MTADriver, MilterHandler, MilterReply) {
                    let h = MilterHandler.forTests(engine)
                    _ = h.negotiate(
                        offeredActions: [.addHeaders, .changeHeaders, .quarantine], offeredSteps: [.skip],
                        context: RecordingContext())
                    var mta = MTADriver(h, RecordingContext(queueId: "Q1"))
                    let eom = mta.send(bytes, namesAsBytes: asBytes)
                    return (mta, h, eom)
                }
                let (a, ha, ra) = run(false)
                let (b, hb, rb) = run(true)
                let what = "engine \(e), message \(k)"
                XCTAssertEqual(ra, rb, what)
                XCTAssertEqual(a.replies, b.replies, what)
                XCTAssertEqual(a.context.calls, b.context.calls, what)
                XCTAssertEqual(ha.lastVerdict?.score, hb.lastVerdict?.score, what)
                XCTAssertEqual(ha.lastVerdict?.rules.map(\.id), hb.lastVerdict?.rules.map(\.id), what)
                XCTAssertEqual(ha.lastVerdict?.anomalies, hb.lastVerdict?.anomalies, what)
                XCTAssertEqual(ha.lastPlan?.header?.value, hb.lastPlan?.header?.value, what)
            }
        }
    }
}
