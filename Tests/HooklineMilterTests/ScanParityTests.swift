import XCTest
import HooklineCore
import HooklineEngine
import HooklineOffline
@testable import HooklineMilter

/// `hookline scan` promises to decide what the milter decides (docs/SPEC.md §2):
/// the same MessageScan enforces the limits, the same ActionPolicy picks the action.
final class ScanParityTests: XCTestCase {
    /// Used to fail: the milter cut the body at the limit itself, so the scan never
    /// saw more and `body-limit-reached` could not fire in milter mode.
    func testBodyLimitReachedFiresInMilterMode() throws {
        var c = HooklineConfig()
        c.limits.maxBodyBytes = 64
        let h = MilterHandler.forTests(Engine(config: c), bodyReply: .skip)
        _ = h.negotiate(
            offeredActions: [.addHeaders, .changeHeaders, .quarantine], offeredSteps: [.skip],
            context: RecordingContext())
        var mta = MTADriver(h, RecordingContext())
        let bytes = Array(("Subject: x\r\n\r\n" + String(repeating: "call us now please ", count: 20)).utf8)
        mta.send(bytes, chunk: 16)
        XCTAssertTrue(mta.replies.contains(.skip), "the scan wants no more past the limit: \(mta.replies)")
        let plan = try XCTUnwrap(h.lastPlan)
        XCTAssertTrue(h.lastVerdict?.anomalies.contains(.bodyLimitReached) == true, "\(String(describing: h.lastVerdict?.anomalies))")
        XCTAssertEqual(plan.reply, .continue)
    }

    /// Used to fail: over the body limit the milter reported different anomalies than
    /// `scan`; under monitor mode both must also agree on the action and the header.
    func testScanAndMilterAgreeOverTheBodyLimitInMonitorMode() throws {
        let shipped = try MT.shippedEngine()
        var c = shipped.config
        c.mode = .monitor
        c.limits.maxBodyBytes = 900
        let engine = Engine(config: c, rules: shipped.rules)
        let bytes = try MT.message("azure-monitor-callback.eml")
        let scanned = FileScan.scan(bytes: bytes, engine: engine)

        for bodyReply in [BodyReplyMode.noReply, .skip] {
            let h = MilterHandler.forTests(engine, bodyReply: bodyReply)
            _ = h.negotiate(
                offeredActions: [.addHeaders, .changeHeaders, .quarantine],
                offeredSteps: [.skip, .noReplyBody], context: RecordingContext())
            var mta = MTADriver(h, RecordingContext(queueId: "Q1"))
            XCTAssertEqual(mta.send(bytes, limits: c.limits), .continue)
            let v = try XCTUnwrap(h.lastVerdict)
            XCTAssertTrue(scanned.anomalies.contains(.bodyLimitReached))
            XCTAssertEqual(v.anomalies, scanned.anomalies, "\(bodyReply)")
            XCTAssertEqual(v.score, scanned.score)
            XCTAssertEqual(v.rules.map(\.id), scanned.rules.map(\.id))
            XCTAssertEqual(v.action, scanned.action)
            XCTAssertEqual(engine.policy.decide(v), engine.policy.decide(scanned))
            XCTAssertEqual(h.lastPlan?.header?.value, scanned.headerValue)
            XCTAssertNil(h.lastPlan?.quarantineReason, "monitor never holds")
        }
    }
}
