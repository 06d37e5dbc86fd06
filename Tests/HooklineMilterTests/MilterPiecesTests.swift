import XCTest
import HooklineEngine
import HooklineLoader
@testable import HooklineMilter

final class HeaderTextTests: XCTestCase {
    func testControlCharactersBecomeSingleSpaces() {
        XCTAssertEqual(HeaderText.sanitize("a\r\n\tb\u{0}c\u{7f}d"), "a b c d")
    }

    func testLengthCutKeepsUTF8Whole() {
        let s = HeaderText.sanitize(String(repeating: "é", count: 1000), limit: 901)
        XCTAssertLessThanOrEqual(s.utf8.count, 901)
        XCTAssertEqual(s, String(repeating: "é", count: 450))
    }

    func testUnfoldJoinsContinuationLines() {
        XCTAssertEqual(HeaderText.unfold("Azure monitor alert\n\tresolved"), "Azure monitor alert\tresolved")
        XCTAssertEqual(HeaderText.unfold("a\r\n b"), "a b")
    }
}

final class ListenSpecTests: XCTestCase {
    func testLibmilterSyntax() {
        XCTAssertEqual(ListenSpec("inet:8899@127.0.0.1"), .inet(port: 8899, host: "127.0.0.1"))
        XCTAssertEqual(ListenSpec("inet6:8899@::1"), .inet6(port: 8899, host: "::1"))
        XCTAssertEqual(ListenSpec("unix:/run/hookline/hookline.sock"), .unix(path: "/run/hookline/hookline.sock"))
        XCTAssertEqual(ListenSpec("local:/tmp/x.sock"), .unix(path: "/tmp/x.sock"))
        XCTAssertEqual(ListenSpec("inet:25"), .inet(port: 25, host: nil))
    }

    func testGarbageIsRefused() {
        for bad in ["", "inet:", "inet:0@127.0.0.1", "inet:99999@h", "tcp:25@h", "unix:", "inet:abc@h"] {
            XCTAssertNil(ListenSpec(bad), bad)
        }
    }
}

/// Per-message state as libmilter feeds it, with no MTA.
final class MessageStateTests: XCTestCase {
    private func feed(_ state: MessageState, _ name: String, _ value: String) {
        var v = value
        v.withUTF8 { state.header(name: name, value: UnsafeRawBufferPointer($0)) }
    }

    /// A config with a Subject prefix: only then is the Subject kept.
    private static let prefixed: HooklineConfig = {
        var c = HooklineConfig()
        c.subjectPrefix = "[SUSPECT]"
        return c
    }()

    func testForgedHeadersAreIndexedPerNameCaseInsensitively() {
        let m = MessageState(engine: Engine(config: Self.prefixed), envelope: Envelope())
        feed(m, "X-Hookline-Verdict", "accept")
        feed(m, "Subject", "first")
        feed(m, "X-HOOKLINE-Score", "1")
        feed(m, "x-hookline-verdict", "accept")
        feed(m, "Subject", "second")
        XCTAssertEqual(m.forgedHeaders.map(\.name), ["X-Hookline-Verdict", "X-Hookline-Verdict", "X-HOOKLINE-Score"])
        XCTAssertEqual(m.forgedHeaders.map(\.index), [1, 2, 1])
        XCTAssertEqual(m.subject, "first")
    }

    /// The MTA deletes by name compared in ASCII only: a Kelvin sign (U+212A) is not
    /// "k" to it, so counting both under one name would delete the wrong copies.
    func testForgedNamesFoldOnlyASCIILettersAsTheMTADoes() {
        let m = MessageState(engine: Engine(config: HooklineConfig()), envelope: Envelope())
        feed(m, "X-Hookline-\u{212A}", "a")
        feed(m, "X-Hookline-k", "b")
        feed(m, "x-hookline-K", "c")
        XCTAssertEqual(m.forgedHeaders.map(\.name), ["X-Hookline-\u{212A}", "X-Hookline-k", "X-Hookline-k"])
        XCTAssertEqual(m.forgedHeaders.map(\.index), [1, 1, 2])
    }

    func testCustomVerdictHeaderNameIsForgedToo() {
        var c = HooklineConfig(); c.verdictHeader = "X-Callback-Verdict"
        let m = MessageState(engine: Engine(config: c), envelope: Envelope())
        feed(m, "x-callback-verdict", "accept")
        XCTAssertEqual(m.forgedHeaders.map(\.index), [1])
    }

    func testThousandsOfForgedCopiesStayBoundedAndAllGetDeleted() {
        let m = MessageState(engine: Engine(config: HooklineConfig()), envelope: Envelope())
        for i in 0..<5000 { feed(m, i % 2 == 0 ? "X-Hookline-Verdict" : "X-Hookline-N\(i)", "accept") }
        XCTAssertTrue(m.forgedOverflow, "distinct names past the cap are reported")
        let verdicts = m.forgedHeaders.filter { $0.name == "X-Hookline-Verdict" }
        XCTAssertEqual(verdicts.count, 2500, "every copy of a kept name is deleted")
        XCTAssertEqual(Set(m.forgedHeaders.map(\.name)).count, MessageState.maxForgedNames)
    }

    func testFoldedSubjectIsUnfolded() {
        let m = MessageState(engine: Engine(config: Self.prefixed), envelope: Envelope())
        feed(m, "Subject", "Azure monitor alert rule Invoice Paid\n inv7c21a9e4")
        XCTAssertEqual(m.subject, "Azure monitor alert rule Invoice Paid inv7c21a9e4")
        XCTAssertEqual(m.subjectForPlan, m.subject)
    }

    /// Without a prefix the Subject is not unfolded, but the plan still learns that one exists.
    func testSubjectIsOnlyKeptForAPrefix() {
        let m = MessageState(engine: Engine(config: HooklineConfig()), envelope: Envelope())
        XCTAssertNil(m.subjectForPlan)
        feed(m, "Subject", "first\n folded")
        XCTAssertNil(m.subject)
        XCTAssertEqual(m.subjectForPlan, "")
        let p = MessageState(engine: Engine(config: Self.prefixed), envelope: Envelope())
        feed(p, "To", "a@b")
        XCTAssertNil(p.subjectForPlan)
    }

    func testSessionCountsEachMessageOnceAcrossEomAndAbort() {
        let inFlight = InFlightMessages()
        let h = MilterHandler(engines: EngineHolder(Engine(config: HooklineConfig())), inFlight: inFlight, log: { _, _ in })
        let ctx = RecordingContext()
        _ = h.mailFrom("<a@b>", context: ctx)
        XCTAssertEqual(inFlight.value, 1)
        _ = h.mailFrom("<c@d>", context: ctx)  // Sendmail: no ABORT between messages
        XCTAssertEqual(inFlight.value, 1)
        _ = h.endOfMessage(context: ctx)  // EOM
        _ = h.abort()  // Postfix's ABORT after EOM
        XCTAssertEqual(inFlight.value, 0)
        XCTAssertTrue(inFlight.waitUntilIdle(timeout: 0.1))
    }

    /// libmilter passes envelope addresses as written in SMTP. With the brackets kept, a
    /// recipient's domain never matched its MX's Authentication-Results, so a default
    /// install (no trusted_authserv_ids) recognised no platform in milter mode.
    func testEnvelopeAddressesArriveBareAndVouchForTheRecipientsMX() throws {
        let engine: Engine
        switch ConfigLoader.load(path: MT.repoRoot.appendingPathComponent("Config/hookline.yaml").path) {
        case .success(let e): engine = e
        case .failure(let f): return XCTFail("shipped config: \(f.diagnostics)")
        }
        let h = MilterHandler(engines: EngineHolder(engine), inFlight: InFlightMessages(), log: { _, _ in })
        _ = h.mailFrom(" <service@paypal.com> ", context: RecordingContext())
        let m = try XCTUnwrap(h.message)
        m.addRecipient("<Pat.Ortiz@Northwind-Dental.example>")
        XCTAssertEqual(m.envelope.mailFrom, "service@paypal.com")
        XCTAssertEqual(m.envelope.rcptTo, ["Pat.Ortiz@Northwind-Dental.example"])
        XCTAssertEqual(MessageState.bareAddress("<>"), "")

        feed(m, "Authentication-Results", " mx1.northwind-dental.example; dkim=pass header.d=paypal.com; dmarc=pass header.from=paypal.com")
        feed(m, "From", " PayPal <service@paypal.com>")
        feed(m, "To", " Pat.Ortiz@Northwind-Dental.example")
        feed(m, "Subject", " You've got a money request")
        m.endOfHeaders()
        let body =
            "Note from the requester: unauthorized charge of $499.99 on your account. "
            + "If you did not authorize this, call +1 (888) 724-9310 to cancel.\r\n"
        _ = Array(body.utf8).withUnsafeBytes { m.body($0) }
        let v = m.finish()
        XCTAssertEqual(v.platform, "paypal", v.headerValue)
        XCTAssertGreaterThanOrEqual(v.action, .tag, v.headerValue)
    }

    func testMessageKeepsTheEngineItStartedWith() {
        var c1 = HooklineConfig(); c1.verdictHeader = "X-Old"
        var c2 = HooklineConfig(); c2.verdictHeader = "X-New"
        let holder = EngineHolder(Engine(config: c1))
        let h = MilterHandler(engines: holder, inFlight: InFlightMessages(), log: { _, _ in })
        _ = h.mailFrom(nil, context: RecordingContext())
        holder.replace(with: Engine(config: c2))
        XCTAssertEqual(h.message?.engine.config.verdictHeader, "X-Old")
        _ = h.mailFrom(nil, context: RecordingContext())
        XCTAssertEqual(h.message?.engine.config.verdictHeader, "X-New")
    }
}
