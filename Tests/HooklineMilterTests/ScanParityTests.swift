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
        // The envelope the MTA driver below gives the milter.
        let scanned = FileScan.scan(
            bytes: bytes, engine: engine,
            envelope: FileScan.envelope(rcpt: ["rcpt@example.com"], from: "sender@example.com", client: nil, helo: nil))

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

    /// `hookline scan --rcpt/--from/--client` reproduces the daemon's verdict. The Azure
    /// alert's Authentication-Results come from mx.hookline.test, which no config lists:
    /// only a recipient at hookline.test makes that MX the reader's own and its dkim/dmarc
    /// pass believable. Used to fail: `scan` had no envelope, so a file without
    /// Delivered-To could never show the platform the milter saw.
    func testScanWithEnvelopeFlagsGivesTheMilterVerdict() throws {
        let engine = try MT.shippedEngine()
        let bytes = try MT.message("azure-monitor-callback.eml")

        let h = MilterHandler.forTests(engine)
        _ = h.negotiate(
            offeredActions: [.addHeaders, .changeHeaders, .quarantine], offeredSteps: [],
            context: RecordingContext())
        _ = h.connect(hostname: "mail.example.net", address: "192.0.2.7")
        var mta = MTADriver(h, RecordingContext(queueId: "Q7"))
        mta.send(bytes, from: "<azure-noreply@microsoft.com>", to: ["<victim@hookline.test>", "<b@other.test>"])
        let milter = try XCTUnwrap(h.lastVerdict)
        XCTAssertEqual(milter.platform, "azure-monitor", milter.headerValue)

        // A saved file with no envelope: its topmost Authentication-Results is the mailbox
        // provider's, so the platform shows; with a recipient given, only that recipient's
        // own MX counts, as in the milter.
        let bare = FileScan.scan(bytes: bytes, engine: engine)
        XCTAssertEqual(bare.platform, "azure-monitor", bare.headerValue)
        let elsewhere = FileScan.envelope(rcpt: ["b@other.test"], from: nil, client: nil, helo: nil)
        XCTAssertNil(FileScan.scan(bytes: bytes, engine: engine, envelope: elsewhere).platform, "another domain's MX")

        // As an admin types them: angle brackets or not, as postcat prints the envelope.
        let envelope = FileScan.envelope(
            rcpt: ["<victim@hookline.test>", "b@other.test"],
            from: "azure-noreply@microsoft.com", client: "192.0.2.7", helo: "mail.example.net")
        XCTAssertEqual(envelope.rcptTo, ["victim@hookline.test", "b@other.test"])
        let flagged = FileScan.scan(bytes: bytes, engine: engine, envelope: envelope)
        XCTAssertEqual(flagged.platform, milter.platform)
        XCTAssertEqual(flagged.rules.map(\.id), milter.rules.map(\.id))
        XCTAssertEqual(flagged.score, milter.score)
        XCTAssertEqual(flagged.headerValue, milter.headerValue)
        XCTAssertEqual(engine.policy.decide(flagged), engine.policy.decide(milter))
        XCTAssertEqual(h.lastPlan?.header?.value, flagged.headerValue)

        // The flags win over the file's own Delivered-To.
        let delivered = Array("Delivered-To: someone@elsewhere.test\r\n".utf8) + bytes
        XCTAssertNil(FileScan.scan(bytes: delivered, engine: engine, envelope: elsewhere).platform)
        XCTAssertEqual(FileScan.scan(bytes: delivered, engine: engine, envelope: envelope).platform, "azure-monitor")
    }
}
