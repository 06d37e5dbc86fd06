import XCTest
import HooklineEngine
@testable import HooklineMilter

/// The EOM policy (docs/SPEC.md §3) without libmilter: what the milter would tell the MTA.
final class EndOfMessagePlanTests: XCTestCase {
    private func verdict(
        _ action: Action, score: Double = 12.5, rules: [String] = ["AZURE_MONITOR_CALLBACK"],
        phones: [String] = ["+18887304412"]
    ) -> Verdict {
        Verdict(
            action: action, score: score,
            rules: rules.map { RuleHit(id: $0, score: 1, description: "", evidence: []) },
            phones: phones, platform: nil, anomalies: [], bytes: 100)
    }

    private func plan(
        _ v: Verdict, _ config: HooklineConfig = HooklineConfig(),
        forged: [(name: String, index: Int)] = [], subject: String? = "Hello"
    ) -> EndOfMessagePlan {
        .make(verdict: v, config: config, forged: forged, subject: subject, queueId: "Q1", client: "127.0.0.1")
    }

    func testAcceptAddsHeaderUnlessDisabled() {
        let p = plan(verdict(.accept, score: 0, rules: [], phones: []))
        XCTAssertEqual(p.header?.name, "X-Hookline-Verdict")
        XCTAssertEqual(p.header?.value, "accept; score=0.0")
        XCTAssertEqual(p.reply, .continue)
        XCTAssertTrue(
            p.logLine?.hasPrefix("queue=") == true && p.logLine?.contains(" action=accept ") == true,
            "accepts are logged too: \(String(describing: p.logLine))")

        var c = HooklineConfig(); c.headerOnAccept = false
        XCTAssertNil(plan(verdict(.accept, score: 0), c).header)
    }

    func testTheLogLineNamesEnvelopeMessageIdAndTime() {
        var v = verdict(.accept, score: 0, rules: [], phones: [])
        v.messageId = "<abc 123@mail.example>"
        v.elapsedMicros = 2_345
        var envelope = Envelope()
        envelope.mailFrom = ""
        envelope.rcptTo = (1...7).map { "u\($0)@corp.example" }
        let log =
            EndOfMessagePlan.make(
                verdict: v, config: HooklineConfig(), forged: [], subject: nil, queueId: "Q2", client: "192.0.2.7",
                envelope: envelope
            ).logLine ?? ""
        XCTAssertTrue(log.contains(" from=<> "), "the null sender is written <>: \(log)")
        XCTAssertTrue(log.contains(" rcpt=u1@corp.example,u2@corp.example,u3@corp.example,u4@corp.example,u5@corp.example,+2 "), log)
        XCTAssertTrue(log.contains(" msgid=<abc123@mail.example> "), "no space may split the field: \(log)")
        XCTAssertTrue(log.hasSuffix(" elapsed_ms=2.3"), log)
    }

    func testQuarantineHoldsAddsHeaderAndLogsQueueId() {
        let p = plan(verdict(.quarantine))
        XCTAssertNotNil(p.quarantineReason)
        XCTAssertTrue(p.header?.value.hasPrefix("quarantine; score=12.5; rules=AZURE_MONITOR_CALLBACK") == true)
        XCTAssertEqual(p.reply, .continue)
        let log = p.logLine ?? ""
        XCTAssertTrue(log.contains("queue=Q1") && log.contains("+18887304412") && log.contains("AZURE_MONITOR_CALLBACK"), log)
    }

    func testRejectUses550WithConfiguredTextAndNoHeader() {
        var c = HooklineConfig(); c.rejectText = "No callback scams\r\nInjected: yes %s"
        let p = plan(verdict(.reject), c)
        guard case .reject(let code, let enhanced, let text) = p.reply else { return XCTFail("\(p.reply)") }
        XCTAssertEqual(code, "550"); XCTAssertEqual(enhanced, "5.7.1")
        XCTAssertFalse(text.contains("\r") || text.contains("\n") || text.contains("%"), text)
        XCTAssertNil(p.header)
    }

    /// The verdicts come from ActionPolicy, as MessageScan makes them: monitor mode is
    /// applied once, there, and the plan only carries it out.
    func testMonitorModeNeverHoldsOrRejects() {
        var c = HooklineConfig(); c.mode = .monitor; c.subjectPrefix = "[SUSPECT]"; c.rejectThreshold = 20
        for (score, enforced) in [(12.5, Action.quarantine), (25, .reject)] {
            let (action, wouldBe) = ActionPolicy(config: c).action(score: score)
            XCTAssertEqual(wouldBe, enforced)
            var v = verdict(action, score: score); v.wouldBe = wouldBe
            let p = plan(v, c)
            XCTAssertNil(p.quarantineReason); XCTAssertEqual(p.reply, .continue)
            XCTAssertNotNil(p.header); XCTAssertNil(p.newSubject, "monitor is header only")
            XCTAssertTrue(p.header?.value.hasSuffix("; monitor=\(enforced.rawValue)") == true, "\(String(describing: p.header))")
            let log = p.logLine ?? ""
            XCTAssertTrue(log.contains("action=tag verdict=\(enforced.rawValue) mode=monitor"), log)
        }
    }

    func testSubjectPrefixOnceOnTagAndQuarantine() {
        var c = HooklineConfig(); c.subjectPrefix = "[SUSPECT]"
        XCTAssertEqual(plan(verdict(.tag), c).newSubject, "[SUSPECT] Hello")
        XCTAssertEqual(plan(verdict(.quarantine), c).newSubject, "[SUSPECT] Hello")
        XCTAssertNil(plan(verdict(.tag), c, subject: "[SUSPECT] Hello").newSubject, "prefix added twice")
        XCTAssertNil(plan(verdict(.accept), c).newSubject)
        let none = plan(verdict(.tag), c, subject: nil)
        XCTAssertEqual(none.newSubject, "[SUSPECT]"); XCTAssertFalse(none.subjectExists)
    }

    func testForgedHeadersDeletedHighestIndexFirstInEveryOutcome() {
        let forged = [("X-Hookline-Verdict", 1), ("X-Hookline-Score", 1), ("x-hookline-verdict", 2)]
        let expected = [
            EndOfMessagePlan.HeaderRef(name: "X-Hookline-Score", index: 1),
            .init(name: "x-hookline-verdict", index: 2), .init(name: "X-Hookline-Verdict", index: 1),
        ]
        XCTAssertEqual(plan(verdict(.accept), forged: forged).deletions, expected)
        var c = HooklineConfig(); c.headerOnAccept = false
        XCTAssertEqual(plan(verdict(.accept), c, forged: forged).deletions, expected)
        XCTAssertEqual(EndOfMessagePlan.failure(cause: "x", config: c, forged: forged, queueId: "Q").deletions, expected)
    }

    func testFailureFollowsOnError() {
        var c = HooklineConfig()
        XCTAssertEqual(EndOfMessagePlan.failure(cause: "boom", config: c, forged: [], queueId: "Q9").reply, .accept)
        c.onError = .tempfail
        let p = EndOfMessagePlan.failure(cause: "boom", config: c, forged: [], queueId: "Q9")
        XCTAssertEqual(p.reply, .tempfail)
        XCTAssertTrue(p.logLine?.contains("queue=Q9") == true && p.logLine?.contains("boom") == true)
    }

    func testHostileRuleIdsCannotInjectHeaderLines() {
        let p = plan(verdict(.tag, rules: ["EVIL\r\nBcc: victim@example.com", String(repeating: "R", count: 5000)]))
        let value = p.header?.value ?? ""
        XCTAssertFalse(value.contains("\r") || value.contains("\n"), value)
        XCTAssertLessThanOrEqual(value.utf8.count, 900)
    }
}
