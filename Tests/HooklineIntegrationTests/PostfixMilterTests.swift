import Foundation
import XCTest

/// The whole path through a real Postfix: SMTP in, milter protocol to a running
/// `hookline run`, and what Postfix then did (Maildir copy, hold queue, 5xx).
final class PostfixMilterTests: PostfixLiveCase {
    func testHamIsDeliveredWithAcceptHeader() throws {
        _ = try startDaemon(TestConfig())
        let r = try send("ham-project-update.eml")
        XCTAssertEqual(r.status, 0, r.output)
        let copy = try XCTUnwrap(delivered("it-ham-1@partner.example"), "ham was not delivered")
        let verdicts = IT.values("X-Hookline-Verdict", in: IT.headers(ofFile: copy))
        XCTAssertEqual(verdicts.count, 1, "\(verdicts)")
        XCTAssertTrue(verdicts.first?.hasPrefix("accept; score=") == true, "\(verdicts)")
    }

    func testForgedVerdictHeadersAreRemoved() throws {
        _ = try startDaemon(TestConfig())
        let r = try send("ham-forged-verdict-headers.eml")
        XCTAssertEqual(r.status, 0, r.output)
        let copy = try XCTUnwrap(delivered("it-ham-forged@club.example"), "message was not delivered")
        let headers = IT.headers(ofFile: copy)
        let verdicts = IT.values("X-Hookline-Verdict", in: headers)
        XCTAssertEqual(verdicts.count, 1, "forged verdicts survived: \(verdicts)")
        XCTAssertFalse(verdicts.contains { $0.contains("forged") || $0.contains("forgery") }, "\(verdicts)")
        XCTAssertTrue(verdicts.first?.hasPrefix("accept; score=") == true, "\(verdicts)")
        XCTAssertEqual(IT.values("X-Hookline-Score", in: headers), [], "forged X-Hookline-Score survived")
    }

    func testTagThresholdZeroTagsEveryMessageAndPrefixesSubject() throws {
        var config = TestConfig(tag: 0, quarantine: nil, reject: nil)
        config.subjectPrefix = "[CALLBACK?]"
        let d = try startDaemon(config)
        let r = try send("ham-project-update.eml")
        XCTAssertEqual(r.status, 0, r.output)
        let copy = try XCTUnwrap(delivered("it-ham-1@partner.example"))
        let headers = IT.headers(ofFile: copy)
        XCTAssertTrue(
            IT.values("X-Hookline-Verdict", in: headers).first?.hasPrefix("tag; score=") == true,
            "\(IT.values("X-Hookline-Verdict", in: headers))")
        XCTAssertEqual(IT.values("Subject", in: headers), ["[CALLBACK?] Notes from Thursday's planning meeting"])
        XCTAssertTrue(d.waitForLog("action=tag"), d.log)
    }

    func testCallbackPhishIsHeldAndCanBeReleased() throws {
        let d = try startDaemon(TestConfig())
        let r = try send("azure-monitor-callback.eml")
        XCTAssertEqual(r.status, 0, r.output)
        let id = try XCTUnwrap(queueId(r.output), r.output)
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: Self.dir + "/queue/hold/" + id),
            "not in the hold queue: \(r.output)\n\(d.log)")
        XCTAssertNil(delivered("it-azure-callback-1@hookline.test"), "quarantined message was delivered")
        XCTAssertTrue(d.waitForLog("queue=\(id) action=quarantine"), d.log)

        let release = try IT.script("postfix.sh", ["release", Self.dir, id])
        XCTAssertEqual(release.status, 0, release.output)
        let copy = try XCTUnwrap(delivered("it-azure-callback-1@hookline.test"), "released message not delivered")
        let verdicts = IT.values("X-Hookline-Verdict", in: IT.headers(ofFile: copy))
        XCTAssertEqual(verdicts.count, 1, "\(verdicts)")
        XCTAssertTrue(verdicts.first?.hasPrefix("quarantine; score=") == true, "\(verdicts)")
    }

    func testRejectThresholdRefusesWith550() throws {
        let d = try startDaemon(TestConfig(tag: 5, quarantine: 8, reject: 10))
        let r = try send("azure-monitor-callback.eml")
        XCTAssertEqual(r.status, 5, r.output)
        XCTAssertTrue(r.output.contains("550 5.7.1"), r.output)
        XCTAssertTrue(r.output.contains(TestConfig.rejectText), r.output)
        XCTAssertNil(delivered("it-azure-callback-1@hookline.test"))
        XCTAssertTrue(d.waitForLog("action=reject"), d.log)
    }

    func testMonitorModeDeliversPhishWithHeaderOnly() throws {
        _ = try startDaemon(TestConfig(mode: "monitor"))
        let r = try send("azure-monitor-callback.eml")
        XCTAssertEqual(r.status, 0, r.output)
        let id = try XCTUnwrap(queueId(r.output), r.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: Self.dir + "/queue/hold/" + id), "monitor mode held mail")
        let copy = try XCTUnwrap(delivered("it-azure-callback-1@hookline.test"), "monitor mode must deliver")
        let verdicts = IT.values("X-Hookline-Verdict", in: IT.headers(ofFile: copy))
        XCTAssertEqual(verdicts.count, 1, "\(verdicts)")
        XCTAssertTrue(verdicts.first?.hasPrefix("tag; score=") == true, "\(verdicts)")
        XCTAssertTrue(verdicts.first?.contains("monitor=quarantine") == true, "\(verdicts)")
    }
}
