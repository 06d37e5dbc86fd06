import XCTest
import HooklineCore
import HooklineEngine
@testable import HooklineMilter

/// The handler stage by stage, with a recording context in place of libmilter and
/// the MTA: what Hookline would ask for and send.
final class MilterHandlerTests: XCTestCase {
    private let everyAction: MilterActions = [.addHeaders, .changeHeaders, .quarantine, .setSymbolList]
    private let everyStep = MilterSteps(rawValue: 0x1F_FFFF)
    private let asked: MilterSteps = [
        .noHelo, .noData, .noUnknown, .noReplyConnect, .noReplyMail,
        .noReplyRcpt, .noReplyHeader, .noReplyEndOfHeaders,
    ]

    private func engine(_ edit: (inout HooklineConfig) -> Void = { _ in }) -> Engine {
        var c = HooklineConfig(); edit(&c); return Engine(config: c)
    }

    private func message(_ headers: [(String, String)], body: String = "Hello.\r\n") -> [UInt8] {
        Array((headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n" + body).utf8)
    }

    // MARK: negotiation

    func testNegotiationAsksOnlyForWhatIsUsedAndOffered() {
        let ctx = RecordingContext()
        let h = MilterHandler.forTests(engine())
        let (reply, n) = h.negotiate(
            offeredActions: everyAction.union(MilterActions(rawValue: 0x02)),
            offeredSteps: everyStep, context: ctx)
        XCTAssertEqual(reply, .continue)
        XCTAssertEqual(n.actions, everyAction, "never asks to change the body")
        XCTAssertEqual(n.steps, asked.union(.noReplyBody), "no-reply body by default, so no SKIP")
        XCTAssertEqual(ctx.calls, [.requestMacros("i", .endOfHeaders), .requestMacros("i", .endOfMessage)])
        XCTAssertEqual(h.connect(hostname: "mx", address: "192.0.2.1"), .noReply)
    }

    func testNegotiationWithSkipAndWithoutNoReplyOffered() {
        let ctx = RecordingContext()
        let skip = MilterHandler.forTests(engine(), bodyReply: .skip)
        let (_, n) = skip.negotiate(offeredActions: [.addHeaders, .changeHeaders, .quarantine], offeredSteps: everyStep, context: ctx)
        XCTAssertEqual(n.steps, asked.union(.skip))
        XCTAssertFalse(n.actions.contains(.setSymbolList))
        XCTAssertEqual(ctx.calls, [], "no symbol list without SMFIF_SETSYMLIST")

        // An old MTA offering neither no-reply steps nor SKIP: every stage is answered.
        let old = MilterHandler.forTests(engine(), bodyReply: .skip)
        let (_, none) = old.negotiate(offeredActions: [.addHeaders], offeredSteps: [.noHelo], context: ctx)
        XCTAssertEqual(none.actions, [.addHeaders]); XCTAssertEqual(none.steps, [.noHelo])
        XCTAssertEqual(old.connect(hostname: "mx", address: nil), .continue)
        XCTAssertEqual(old.clientAddress, "mx", "the host name stands in for a missing address")
        XCTAssertEqual(old.mailFrom("<a@b>", context: ctx), .continue)
        XCTAssertEqual(old.body(UnsafeRawBufferPointer(start: nil, count: 0)), .continue)
    }

    func testDrainingDaemonRefusesNewConnections() {
        let inFlight = InFlightMessages(); inFlight.startDraining()
        let h = MilterHandler.forTests(engine(), inFlight: inFlight)
        XCTAssertEqual(h.negotiate(offeredActions: everyAction, offeredSteps: everyStep, context: RecordingContext()).reply, .tempfail)
    }

    // MARK: body

    func testSkipOnceTheScanWantsNoMoreBody() {
        let h = MilterHandler.forTests(engine { $0.limits.maxBodyBytes = 100 }, bodyReply: .skip)
        _ = h.negotiate(offeredActions: everyAction, offeredSteps: everyStep, context: RecordingContext())
        var mta = MTADriver(h, RecordingContext())
        let text = String(repeating: "please call the number below\r\n", count: 10)
        mta.send(message([("Subject", "x")], body: text), chunk: 64)
        let bodyReplies = mta.replies.filter { $0 == .skip || $0 == .continue }
        XCTAssertEqual(bodyReplies.first, .continue, "\(mta.replies)")
        XCTAssertEqual(bodyReplies.last, .skip, "\(mta.replies)")

        // Nothing the parser reads: SKIP from the first chunk.
        let attachment = MilterHandler.forTests(engine(), bodyReply: .skip)
        _ = attachment.negotiate(offeredActions: everyAction, offeredSteps: everyStep, context: RecordingContext())
        var zip = MTADriver(attachment, RecordingContext())
        zip.send(message([("Content-Type", "application/zip")], body: String(repeating: "UEsDBBQAAAAIAA==\r\n", count: 100)))
        XCTAssertEqual(zip.replies.last, .skip, "\(zip.replies)")

        let noReply = MilterHandler.forTests(engine { $0.limits.maxBodyBytes = 100 })
        _ = noReply.negotiate(offeredActions: everyAction, offeredSteps: everyStep, context: RecordingContext())
        var quiet = MTADriver(noReply, RecordingContext())
        quiet.send(message([("Subject", "x")], body: text), chunk: 64)
        XCTAssertFalse(quiet.replies.contains(.skip), "SKIP needs a reply step")
        XCTAssertTrue(noReply.lastVerdict?.anomalies.contains(.bodyLimitReached) == true)
    }

    // MARK: message lifetime

    func testAbortMidMessageEndsItAndTheNextStartsClean() {
        let inFlight = InFlightMessages()
        let h = MilterHandler.forTests(engine(), inFlight: inFlight)
        let ctx = RecordingContext(queueId: "Q1")
        _ = h.mailFrom("<a@example.com>", context: ctx)
        _ = h.rcpt("<b@example.com>")
        var v = "forged"; v.withUTF8 { _ = h.header(name: "X-Hookline-Verdict", value: UnsafeRawBufferPointer($0)) }
        XCTAssertEqual(h.abort(), .continue)
        XCTAssertNil(h.message); XCTAssertEqual(inFlight.value, 0)

        var mta = MTADriver(h, RecordingContext(queueId: "Q2"))
        mta.send(message([("Subject", "hi")]))
        XCTAssertEqual(
            mta.context.calls, [.addHeader("X-Hookline-Verdict", "accept; score=0.0")],
            "nothing of the aborted message (its forged header) carries over")
        XCTAssertEqual(inFlight.value, 0)
    }

    func testOneConnectionCarriesSeveralMessagesWithFreshState() {
        let h = MilterHandler.forTests(
            engine {
                $0.subjectPrefix = "[SUSPECT]"; $0.tagThreshold = 0
            })
        _ = h.connect(hostname: "mx.example", address: "192.0.2.7")
        var first = MTADriver(h, RecordingContext(queueId: "Q1"))
        first.send(message([("Subject", "one"), ("X-Hookline-Score", "9")]), from: "<a@one.example>", to: ["<x@one.example>"])
        XCTAssertEqual(h.lastVerdict.map { _ in h.lastPlan?.newSubject }, "[SUSPECT] one")
        XCTAssertTrue(first.context.calls.contains(.changeHeader("X-Hookline-Score", 1, nil)))

        var second = MTADriver(h, RecordingContext(queueId: "Q2"))
        second.send(message([("Subject", "two")]), from: "<b@two.example>", to: ["<y@two.example>"])
        XCTAssertEqual(h.lastPlan?.newSubject, "[SUSPECT] two", "the Subject is the new message's")
        XCTAssertFalse(
            second.context.calls.contains { if case .changeHeader(_, _, nil) = $0 { true } else { false } },
            "forged fields of the first message are not deleted from the second")
        XCTAssertTrue(h.lastPlan?.logLine?.contains("queue=Q2") == true)
        XCTAssertTrue(h.lastPlan?.logLine?.contains("client=192.0.2.7") == true, "the connection's client stays")
    }

    /// The verdict header's name is kept for the connection's messages: a reload that
    /// renames it (`verdict_header`, cleaned to a field name) names the next message's header.
    func testAReloadBetweenMessagesRenamesTheVerdictHeader() {
        let holder = EngineHolder(engine { $0.verdictHeader = "X-Hookline-Verdict" })
        let h = MilterHandler(engines: holder, inFlight: InFlightMessages(), log: { _, _ in })
        _ = h.connect(hostname: "mx.example", address: "192.0.2.7")
        var first = MTADriver(h, RecordingContext(queueId: "Q1"))
        first.send(message([("Subject", "one")]))
        XCTAssertEqual(h.lastPlan?.header?.name, "X-Hookline-Verdict")
        var again = MTADriver(h, RecordingContext(queueId: "Q2"))
        again.send(message([("Subject", "two")]))
        XCTAssertEqual(h.lastPlan?.header?.name, "X-Hookline-Verdict")
        for (configured, name) in [
            ("X-Filter: Verdict", "X-FilterVerdict"), ("X-Other", "X-Other"), ("X-Filter: Verdict", "X-FilterVerdict"),
        ] {
            holder.replace(
                with: engine {
                    $0.verdictHeader = configured; $0.headerOnAccept = true
                })
            var next = MTADriver(h, RecordingContext(queueId: "Q3"))
            next.send(message([("Subject", "three")]))
            XCTAssertEqual(h.lastPlan?.header?.name, name, configured)
            XCTAssertEqual(h.lastPlan?.header?.name, EndOfMessagePlan.headerName(configured))
        }
    }

    // MARK: end of message

    func testEndOfMessageSendsDeletionsHeaderSubjectAndQuarantineInOrder() {
        let h = MilterHandler.forTests(
            engine {
                $0.tagThreshold = 0; $0.quarantineThreshold = 0; $0.subjectPrefix = "[SUSPECT]"
            })
        var mta = MTADriver(h, RecordingContext(queueId: "Q7"))
        let reply = mta.send(
            message([
                ("X-Hookline-Verdict", "accept"), ("Subject", "Invoice"),
                ("x-hookline-verdict", "accept"), ("X-Hookline-Score", "0"),
            ]))
        XCTAssertEqual(reply, .continue)
        XCTAssertEqual(
            mta.context.calls,
            [
                .changeHeader("X-Hookline-Score", 1, nil),
                .changeHeader("X-Hookline-Verdict", 2, nil),
                .changeHeader("X-Hookline-Verdict", 1, nil),
                .addHeader("X-Hookline-Verdict", "quarantine; score=0.0"),
                .changeHeader("Subject", 1, "[SUSPECT] Invoice"),
                .quarantine("hookline: score=0.0 rules="),
            ])
    }

    func testRejectSetsTheConfiguredReplyText() {
        var logged: [String] = []
        let h = MilterHandler.forTests(
            engine {
                $0.rejectThreshold = 0; $0.rejectText = "No callback scams\r\n100%"
            },
            log: { logged.append("\($0.rawValue): \($1)") })
        var mta = MTADriver(h, RecordingContext(queueId: "Q8"))
        let reply = mta.send(message([("Subject", "x")]))
        XCTAssertEqual(reply, .reject(code: "550", enhanced: "5.7.1", text: "No callback scams 100"))
        XCTAssertEqual(mta.context.calls, [.setReply("550", "5.7.1", "No callback scams 100")], "no header on a reject")
        XCTAssertTrue(logged.contains { $0.hasPrefix("info: queue=Q8 action=reject") }, "\(logged)")
    }

    func testFailedContextCallFallsBackToOnError() {
        for (policy, expected) in [(ErrorPolicy.accept, MilterReply.accept), (.tempfail, .tempfail)] {
            var logged: [String] = []
            let h = MilterHandler.forTests(
                engine {
                    $0.onError = policy; $0.tagThreshold = 0; $0.quarantineThreshold = 0
                },
                log: { logged.append("\($0.rawValue): \($1)") })
            let ctx = RecordingContext(queueId: "Q9")
            ctx.failing = [.quarantine]
            var mta = MTADriver(h, ctx)
            XCTAssertEqual(mta.send(message([("Subject", "x")])), expected)
            XCTAssertTrue(
                logged.contains("error: queue=Q9 internal error: smfi_quarantine failed; on_error=\(policy.rawValue)"),
                "\(logged)")
        }
        let h = MilterHandler.forTests(engine())
        let ctx = RecordingContext(); ctx.failing = [.addHeader]
        var mta = MTADriver(h, ctx)
        XCTAssertEqual(mta.send(message([("Subject", "x")])), .accept, "on_error: accept by default")
    }

    func testEndOfMessageWithoutHandlerFollowsOnError() {
        var c = HooklineConfig(); c.onError = .tempfail
        XCTAssertEqual(MilterHandler.endOfMessageWithoutHandler(engine: Engine(config: c), log: { _, _ in }), .tempfail)
        XCTAssertEqual(MilterHandler.endOfMessageWithoutHandler(engine: nil, log: { _, _ in }), .accept)
    }
}
