import XCTest
@testable import HooklineEngine
@testable import HooklineLoader
@testable import HooklineOffline
import HooklineCore
import HooklineText

/// The whole detector on hand-written messages, with the shipped rules: what an
/// administrator installs is what is tested. Fixture names say what they are:
/// `toad-*` must be tagged or held, `ham-*` must be accepted.
final class MessageScanTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped config compiles once per test target (a Vectorscan compile costs seconds);
    /// the Engine is immutable, so every test can share it.
    static let shippedLoad = ConfigLoader.load(path: MessageScanTests.repo.appendingPathComponent("Config/hookline.yaml").path)

    func shippedEngine() throws -> Engine {
        switch Self.shippedLoad {
        case .success(let e): return e
        case .failure(let f): throw XCTSkip("shipped config invalid: \(f.diagnostics)")  // ConfigDiagnosticsTests fails loudly
        }
    }

    func fixture(_ name: String) throws -> [UInt8] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            .appendingPathComponent("messages").appendingPathComponent(name)
        return Array(try Data(contentsOf: url))
    }

    func fixtureNames() throws -> [String] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("messages")
        return try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".eml") }.sorted()
    }

    /// Feeds raw bytes in chunks of `chunk` bytes, as `hookline scan` does with 64 KB.
    func scan(_ bytes: [UInt8], engine: Engine, chunk: Int = 65535) -> Verdict {
        FileScan.scan(bytes: bytes, engine: engine, chunkSize: chunk)
    }

    func testToadIsFlaggedAndHamIsAccepted() throws {
        let engine = try shippedEngine()
        let names = try fixtureNames()
        XCTAssertGreaterThanOrEqual(names.count, 7)
        for name in names {
            let v = scan(try fixture(name), engine: engine)
            if name.hasPrefix("toad-") {
                XCTAssertGreaterThanOrEqual(v.action, .tag, "\(name) should be flagged: \(v.headerValue)")
            } else {
                XCTAssertEqual(
                    v.action, .accept, "\(name) should be accepted: \(v.headerValue) \(v.rules.map { "\($0.id) \($0.evidence)" })")
            }
        }
    }

    func testAzureMonitorLureIsQuarantinedAsPlatformAbuse() throws {
        let v = scan(try fixture("toad-azure-monitor-forwarded-lure.eml"), engine: try shippedEngine())
        XCTAssertEqual(v.platform, "azure-monitor")
        XCTAssertTrue(v.phones.contains("+18643472610"), "number split by a QP soft break: \(v.phones)")
        XCTAssertTrue(v.rules.contains { $0.id == "PLATFORM_CUSTOMER_WROTE_CALLBACK" }, v.headerValue)
        XCTAssertEqual(v.action, .quarantine, v.headerValue)
        XCTAssertTrue(v.headerValue.hasPrefix("quarantine; score="))
    }

    func testPlatformNeedsATrustedAuthenticationResult() throws {
        let v = scan(try fixture("toad-lookalike-docusign-unauthenticated.eml"), engine: try shippedEngine())
        XCTAssertNil(v.platform, "dkim=fail must not authenticate DocuSign")
        XCTAssertTrue(v.rules.contains { $0.id == "LOOKALIKE_PLATFORM_SENDER" }, v.headerValue)
        XCTAssertTrue(v.phones.contains("+18043627198"), "spaced digits: \(v.phones)")
    }

    /// A Workspace user's invitation names Google only in Sender and is signed by the
    /// organisation, not google.com: that is the organisation's mail, no look-alike.
    /// The same platform claimed in an unauthenticated From still is one.
    func testPlatformInSenderOfSelfAuthenticatedMailIsNoLookalike() throws {
        let engine = try shippedEngine()
        let bytes = try fixture("ham-workspace-calendar-invite-from-colleague.eml")
        let own = scan(bytes, engine: engine)
        XCTAssertFalse(own.rules.contains { $0.id == "LOOKALIKE_PLATFORM_SENDER" }, own.headerValue)
        XCTAssertTrue(own.phones.contains("+15034699746"), own.headerValue)

        let text = String(decoding: bytes, as: UTF8.self)
        let claimed = text.replacingOccurrences(
            of: "From: Dana Lee <dana.lee@northwind-dental.example>",
            with: "From: Google Calendar <calendar-notification@google.com>")
        XCTAssertNotEqual(claimed, text)
        let forged = scan(Array(claimed.utf8), engine: engine)
        XCTAssertTrue(forged.rules.contains { $0.id == "LOOKALIKE_PLATFORM_SENDER" }, forged.headerValue)
    }

    /// The IT desk's own sign-in notice names Microsoft and a number to call, like a
    /// lure; authenticated mail from the recipient's own organisation is not one. The
    /// same text from an outside domain still reads as a brand notice from a stranger.
    func testMailFromInsideTheRecipientsOrganisationIsNoStranger() throws {
        let engine = try shippedEngine()
        let bytes = try fixture("ham-internal-helpdesk-signin-notice.eml")
        let inside = scan(bytes, engine: engine)
        XCTAssertEqual(inside.action, .accept, inside.headerValue)
        XCTAssertFalse(inside.rules.contains { $0.id == "BRAND_STORY_FROM_A_STRANGER" }, inside.headerValue)

        let outside = String(decoding: bytes, as: UTF8.self)
            .replacingOccurrences(of: "helpdesk@northwind-dental.example", with: "helpdesk@northwind-support.example")
            .replacingOccurrences(of: "header.d=northwind-dental.example", with: "header.d=northwind-support.example")
            .replacingOccurrences(of: "header.from=northwind-dental.example", with: "header.from=northwind-support.example")
        let stranger = scan(Array(outside.utf8), engine: engine)
        XCTAssertTrue(stranger.rules.contains { $0.id == "BRAND_STORY_FROM_A_STRANGER" }, stranger.headerValue)
        XCTAssertEqual(MessageFeatures.organisationDomain("mx1.mail.example.co.uk"), "example.co.uk")

        // Two mailboxes at one webmail provider are no colleagues.
        let webmail = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "northwind-dental.example", with: "gmail.com")
        let neighbour = scan(Array(webmail.utf8), engine: engine)
        XCTAssertTrue(neighbour.rules.contains { $0.id == "BRAND_STORY_FROM_A_STRANGER" }, neighbour.headerValue)
    }

    func testObfuscatedNumberAndHomoglyphsAreSeen() throws {
        let v = scan(try fixture("toad-throwaway-norton-renewal-homoglyphs.eml"), engine: try shippedEngine())
        XCTAssertTrue(v.phones.contains("+18005614492"), "letter O for zero across HTML tags: \(v.phones)")
        XCTAssertTrue(v.anomalies.contains(.mixedScriptWord), "\(v.anomalies)")
        XCTAssertTrue(v.rules.contains { $0.id == "PRETEXT_DISPUTED_CHARGE" }, v.headerValue)
    }

    func testFullWidthDigitsInBase64PayPalNote() throws {
        let v = scan(try fixture("toad-paypal-money-request-note.eml"), engine: try shippedEngine())
        XCTAssertEqual(v.platform, "paypal")
        XCTAssertTrue(v.phones.contains("+18106314754"), "\(v.phones)")
    }

    func testNumberOnlyInAttachedPDFInvoiceIsFound() throws {
        let v = scan(try fixture("toad-invoice-number-only-in-pdf.eml"), engine: try shippedEngine())
        XCTAssertEqual(v.phones, ["+13023342144"], "the number sits only in a FlateDecode'd PDF page")
        XCTAssertTrue(v.rules.contains { $0.id == "PHONE_ONLY_IN_ATTACHMENT" }, v.headerValue)
    }

    func testBankNamingItsOwnDomainIsNoBrandImpersonator() throws {
        let v = scan(try fixture("ham-bank-card-alert-own-domain.eml"), engine: try shippedEngine())
        XCTAssertTrue(v.rules.contains { $0.id == "SENDER_NAMES_ITS_DOMAIN" }, v.headerValue)
        XCTAssertFalse(
            v.rules.contains { $0.id == "BRAND_CLAIMED_BY_A_STRANGER" }, "AMAZON is the merchant, not the sender: \(v.headerValue)")
    }

    func testBrandInDisplayNameAtAStrangersDomainIsImpersonation() throws {
        let v = scan(try fixture("toad-brand-signin-alert-stranger.eml"), engine: try shippedEngine())
        XCTAssertTrue(v.rules.contains { $0.id == "BRAND_CLAIMED_BY_A_STRANGER" }, v.headerValue)
        XCTAssertFalse(v.rules.contains { $0.id == "SENDER_NAMES_ITS_DOMAIN" }, v.headerValue)
    }

    func testAddressesPointAtTheCountryOfNationalNumbers() throws {
        XCTAssertEqual(
            RegionHints.fromAddresses(["billing@hotmail.fr", "v@example.co.uk", "x@startup.io", "y@example.org"]),
            ["FR", "GB"])
        let v = scan(try fixture("toad-fr-webmail-renewal-national-number.eml"), engine: try shippedEngine())
        XCTAssertEqual(v.phones, ["+33186761234"], "01 86 76 12 34 from a hotmail.fr sender is French")
    }

    /// The Subject and the From display name reach the text once each, where the MIME parser
    /// writes them in header order: `endOfHeaders` emitted both a second time, so every phrase
    /// and number in them was counted twice and filled the first occurrences rules read.
    func testSubjectAndFromNameAreReadOnce() throws {
        let msg =
            "From: \"Billing 1-888-555-0188\" <billing@example.org>\nTo: you@example.net\n"
            + "Subject: Renewal: call 1-888-555-0199\nContent-Type: text/plain\n\nHello.\n"
        let v = scan(Array(msg.utf8), engine: try shippedEngine())
        let offsets = Dictionary(uniqueKeysWithValues: v.phoneFindings.map { ($0.e164, $0.offsets.count) })
        XCTAssertEqual(offsets["+18885550199"], 1, "\(v.phoneFindings)")
        XCTAssertEqual(offsets["+18885550188"], 1, "\(v.phoneFindings)")
    }

    func testLureBuriedBelowTheDepthLimitIsStillTagged() throws {
        let engine = try shippedEngine()
        let depth = engine.config.limits.maxMimeDepth + 4
        var msg = "From: a@example.org\nSubject: hi\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n"
        for level in 1..<depth { msg += "--b\(level - 1)\nContent-Type: multipart/mixed; boundary=\"b\(level)\"\n\n" }
        msg += "--b\(depth - 1)\nContent-Type: text/plain\n\nUnauthorized charge of $499.99. Call +1 (888) 555-0142 to cancel.\n"
        for level in stride(from: depth - 1, through: 0, by: -1) { msg += "--b\(level)--\n" }
        let v = scan(Array(msg.utf8), engine: engine)
        XCTAssertTrue(v.anomalies.contains(.mimeDepthExceeded))
        XCTAssertTrue(v.phones.isEmpty, "the lure sits below the limit and is never read")
        XCTAssertGreaterThanOrEqual(v.action, .tag, v.headerValue)
    }

    func testDisplayNameSpellsItsOwnDomainButNotALookalikeBuiltOnABrand() {
        let spells = { (name: String, label: String) in MessageFeatures.name(name, spells: label) }
        XCTAssertTrue(spells("First Harbor Bank", "firstharborbank"))
        XCTAssertTrue(spells("Cascade Federal Credit Union", "cascadefcu"))
        XCTAssertTrue(spells("Evergreen Auto Insurance", "evergreen-insure"))
        XCTAssertTrue(spells("Kraken", "krakenx"))
        XCTAssertFalse(spells("Wells Fargo Fraud Team", "wellsfargo-alerts"))
        XCTAssertFalse(spells("Norton", "norton-renewals"))
        XCTAssertFalse(spells("Billing Department", "secure-orderdesk"))
        XCTAssertFalse(spells("Amazon Billing", "gmail"))
        XCTAssertFalse(spells("Bob", "bobs"), "too short to mean anything")
        XCTAssertTrue(spells("A1 Telekom Austria", "a1"), "a two-character label is the name's first word")
        XCTAssertFalse(spells("Telekom Billing A1", "a1"), "and only its first word")
    }

    func testOrganisationLabelSkipsTwoLevelSuffixes() {
        XCTAssertEqual(MessageFeatures.organisationLabel("mail.firstharborbank.com"), "firstharborbank")
        XCTAssertEqual(MessageFeatures.organisationLabel("alerts.hsbc.co.uk"), "hsbc")
        XCTAssertEqual(MessageFeatures.organisationLabel("msproducoeseeventos.com.br"), "msproducoeseeventos")
        XCTAssertEqual(MessageFeatures.organisationLabel("localhost"), "localhost")
    }

    func testTrackingNumbersAndOrderIdsAreNotPhones() throws {
        let v = scan(try fixture("ham-vendor-order-with-support-line.eml"), engine: try shippedEngine())
        XCTAssertEqual(v.phones, ["+18447743227"], "only the support line is a phone")
    }

    func testVerdictDoesNotDependOnChunkingOrLineEndings() throws {
        let engine = try shippedEngine()
        for name in try fixtureNames() {
            let lf = try fixture(name)
            var crlf: [UInt8] = []
            for b in lf { if b == 10 { crlf.append(13) }; crlf.append(b) }
            let reference = scan(lf, engine: engine)
            for (bytes, chunk) in [(lf, 1), (lf, 7), (lf, 64), (crlf, 3), (crlf, 65535)] {
                let v = scan(bytes, engine: engine, chunk: chunk)
                XCTAssertEqual(v.action, reference.action, "\(name) chunk \(chunk)")
                XCTAssertEqual(v.score, reference.score, "\(name) chunk \(chunk): \(v.headerValue) vs \(reference.headerValue)")
                XCTAssertEqual(Set(v.phones), Set(reference.phones), "\(name) chunk \(chunk)")
            }
        }
    }

    func testMonitorModeOnlyTagsButSaysWhatEnforceWouldDo() throws {
        let shipped = try shippedEngine()
        var config = shipped.config
        config.mode = .monitor
        let engine = Engine(config: config, rules: shipped.rules)
        let v = scan(try fixture("toad-azure-monitor-forwarded-lure.eml"), engine: engine)
        XCTAssertEqual(v.action, .tag)
        XCTAssertEqual(v.wouldBe, .quarantine)
        XCTAssertTrue(v.headerValue.hasPrefix("tag; score="))
        XCTAssertTrue(v.headerValue.hasSuffix("; monitor=quarantine"), v.headerValue)
    }

    /// The raw body bound is MessageScan's alone (it used to live in MIMEParser too,
    /// as MIMEParserTests.testBodyLimitStopsTheScan): exactly the first 8 bytes are looked at.
    func testRawBodyLimitStopsTheScan() {
        var config = HooklineConfig()
        config.limits.maxRawBodyBytes = 8
        let scan = MessageScan(engine: Engine(config: config), envelope: Envelope())
        scan.endOfHeaders()
        let body = Array("12345678 and more".utf8)
        body.withUnsafeBytes { raw in
            var i = 0
            while i < raw.count { let j = min(raw.count, i + 5); scan.body(UnsafeRawBufferPointer(rebasing: raw[i..<j])); i = j }
        }
        XCTAssertFalse(scan.wantsMoreBody)
        let v = scan.finish()
        XCTAssertTrue(v.anomalies.contains(.bodyLimitReached))
        XCTAssertEqual(v.bytes, 8, "only the bytes within the limit are counted")
    }

    /// A lure padded with an archive before its text part: `max_body_bytes` counts bytes
    /// read, not the attachment bytes skipped on the way to the next boundary, and the
    /// stop falls on the same byte whatever the chunking.
    func testReadLimitCountsReadBytesNotSkippedAttachments() {
        let pad = String(repeating: "UEsDBBQAAAAIAAAAIQB4bWwK" + "\r\n", count: 200)  // ~5 KB of base64 "zip"
        func message(textFirst: Bool) -> [UInt8] {
            let text =
                "--b\r\nContent-Type: text/plain\r\n\r\nYour renewal of 399.00 USD was charged. Call +1 (877) 774-5741 to cancel.\r\n"
            let zip = "--b\r\nContent-Type: application/zip\r\nContent-Transfer-Encoding: base64\r\n\r\n" + pad
            let filler = "--b\r\nContent-Type: text/plain\r\n\r\n" + String(repeating: "Plain words of a long letter.\r\n", count: 100)
            let parts = textFirst ? filler + text : zip + text
            return Array(("From: a@example.org\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n" + parts + "--b--\r\n").utf8)
        }
        var config = HooklineConfig()
        config.limits.maxBodyBytes = 1000
        let engine = Engine(config: config)
        for chunk in [1, 7, 64, 65535] {
            let padded = scan(message(textFirst: false), engine: engine, chunk: chunk)
            XCTAssertFalse(padded.anomalies.contains(.bodyLimitReached), "chunk \(chunk): \(padded.anomalies)")
            XCTAssertEqual(padded.phones, ["+18777745741"], "chunk \(chunk)")
            let long = scan(message(textFirst: true), engine: engine, chunk: chunk)
            XCTAssertTrue(long.anomalies.contains(.bodyLimitReached), "chunk \(chunk): 3 KB of text read past a 1,000-byte limit")
            XCTAssertEqual(long.phones, [], "chunk \(chunk): the number after the limit is not read")
        }
    }

    /// One ActionPolicy for milter and scan: a scan that ran out of time without
    /// finding anything is not a verdict, and `scan` reports what `on_error` does.
    func testTimeLimitAndOnErrorAreDecidedForScanToo() {
        var config = HooklineConfig()
        let timedOut = Verdict(
            action: .accept, score: 0, rules: [], phones: [], platform: nil,
            anomalies: [.scanTimeLimit], bytes: 10)
        let accept = ActionPolicy(config: config).decide(timedOut)
        XCTAssertEqual(accept.word, "accept")
        XCTAssertEqual(accept.failureCause, "scan time limit (2000 ms) reached")
        config.onError = .tempfail
        let tempfail = ActionPolicy(config: config).decide(timedOut)
        XCTAssertEqual(tempfail.word, "tempfail")
        let line = VerdictJSON.line(file: "t.eml", verdict: timedOut, decision: tempfail, elapsedMicros: 1)
        XCTAssertTrue(line.contains(#""action":"tempfail""#) && line.contains(#""on_error":"scan time limit (2000 ms) reached""#), line)
        var flagged = timedOut; flagged.action = .tag
        XCTAssertEqual(ActionPolicy(config: config).decide(flagged), .verdict(.tag), "what was found before the limit stands")
    }

    func testThresholdsDecideTheAction() throws {
        let shipped = try shippedEngine()
        var config = shipped.config
        config.rejectThreshold = 10
        let v = scan(try fixture("toad-azure-monitor-forwarded-lure.eml"), engine: Engine(config: config, rules: shipped.rules))
        XCTAssertEqual(v.action, .reject)
        config.tagThreshold = nil; config.quarantineThreshold = nil; config.rejectThreshold = nil
        let off = scan(try fixture("toad-azure-monitor-forwarded-lure.eml"), engine: Engine(config: config, rules: shipped.rules))
        XCTAssertEqual(off.action, .accept, "all thresholds off")
        XCTAssertGreaterThan(off.score, 0)
    }

    func testJSONLineEscapesAndKeepsFieldOrder() {
        let v = Verdict(
            action: .tag, score: 5.25, rules: [RuleHit(id: "R", score: 5.25, description: "", evidence: ["a\"b\n\u{1}"])],
            phones: ["+18005550100"], platform: nil, anomalies: [], bytes: 10)
        let line = VerdictJSON.line(file: "x\\y.eml", verdict: v, elapsedMicros: 7)
        XCTAssertEqual(
            line,
            #"{"file":"x\\y.eml","action":"tag","score":5.2,"rules":[{"id":"R","score":5.2,"evidence":["a\"b\n\u0001"]}],"phones":["+18005550100"],"platform":null,"bytes":10,"elapsed_us":7}"#
        )
        let parsed = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        XCTAssertEqual(parsed?["action"] as? String, "tag")
    }
}

/// `hookline report`: the manifest is read as the corpus writes it, and each label is
/// counted the way the corpus README defines it.
extension MessageScanTests {
    func testReportReadsTheManifestAndCountsEachLabel() throws {
        let scans = self
        let engine = try scans.shippedEngine()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hookline-report-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("toad"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("ham"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(try scans.fixture("toad-azure-monitor-forwarded-lure.eml")).write(to: dir.appendingPathComponent("toad/a.eml"))
        try Data(try scans.fixture("ham-teams-invite-dial-in.eml")).write(to: dir.appendingPathComponent("ham/b.eml"))
        try Data(try scans.fixture("ham-internal-helpdesk-signin-notice.eml")).write(to: dir.appendingPathComponent("ham/c.eml"))
        try """
        file\tlabel\tplatform\ttechnique\tnote
        toad/a.eml\ttoad\tazure-monitor\tqp-softbreak\tlure=x; phones=+18643472610
        ham/b.eml\tham\tteams\tplain\tphones=+13238494874
        ham/c.eml\tham\tbusiness-mail\tplain\tphones=+15034699750
        ham/missing.eml\tham\tbusiness-mail\tplain\t

        """.write(to: dir.appendingPathComponent("manifest.tsv"), atomically: true, encoding: .utf8)

        let report = QualityReport.run(manifests: QualityReport.manifests(under: dir.path), engine: engine)
        XCTAssertEqual(report.entries.count, 4)
        XCTAssertEqual(report.entries.map { $0.label }, ["toad", "ham", "ham", "ham"])
        XCTAssertEqual(report.entries[0].expectedPhones, ["+18643472610"])
        XCTAssertNotNil(report.entries[3].error, "a listed file that is missing is reported, not skipped")
        let text = report.text()
        XCTAssertTrue(text.contains("toad recall (tag or more): 1/1 = 100.0%"), text)
        XCTAssertTrue(text.contains("ham touched (false positives): 0/3 = 0.0%"), text)
        XCTAssertTrue(text.contains("phone extraction (messages whose labelled numbers were all found): 3/3 = 100.0%"), text)
        XCTAssertTrue(text.contains("unreadable: 1"), text)
    }

    /// A saved copy of an Azure alert that an attacker's list relayed: To is the list, and
    /// only the receiving MX says whose mailbox it reached. Read at the MX's organisation, the
    /// list is a stranger's, as the milter (which has RCPT TO) sees it; a mailbox provider's MX,
    /// or Microsoft 365's header without a host, says nothing and To stays the reader.
    func testASavedListCopyIsReadAtTheReceivingMXsOrganisation() throws {
        func copy(authservLine: String) -> [UInt8] {
            var m = authservLine + "\r\n"
            m += "From: Microsoft Azure <azure-noreply@microsoft.com>\r\n"
            m += "To: alerts@lists.billing-desk.example\r\nSubject: Fired: Sev3 Azure Monitor Alert Payment-Hold\r\n"
            m += "List-Id: Alerts <alerts.lists.billing-desk.example>\r\nSender: alerts-bounces@lists.billing-desk.example\r\n"
            m += "\r\nAlert rule description: Your payment of 389.90 USD is on hold. Call +1 864 347 2494 today.\r\n"
            return Array(m.utf8)
        }
        let engine = try shippedEngine()
        let own = "RELAYED_BY_OWN_ORGANISATION", stranger = "PLATFORM_FORWARDED_BY_A_STRANGERS_LIST"
        let atReader = scan(
            copy(authservLine: "Authentication-Results: mx1.harbour-dental.example; dkim=pass header.d=microsoft.com"), engine: engine)
        XCTAssertFalse(atReader.rules.map(\.id).contains(own), "\(atReader.rules.map(\.id))")
        XCTAssertTrue(atReader.rules.map(\.id).contains(stranger), "\(atReader.rules.map(\.id))")
        for line in [
            "Authentication-Results: mx.google.com; dkim=pass header.d=microsoft.com",
            "Authentication-Results: spf=pass (sender IP is 40.107.1.1) smtp.mailfrom=microsoft.com; dkim=pass header.d=microsoft.com",
        ] {
            XCTAssertFalse(scan(copy(authservLine: line), engine: engine).rules.map(\.id).contains(stranger), line)
        }
    }

    /// Two authenticated domains that both answer a rule's list: the evidence names the first
    /// in name order in every process, not whichever a Set's per-process order gives first.
    func testEvidenceFromAuthenticatedDomainsIsTheSameInEveryRun() throws {
        var m = "Authentication-Results: mx1.harbour-dental.example; dkim=pass header.d=mcafee.com;"
        m += " dmarc=pass header.from=email.mcafee.com\r\n"
        m += "From: McAfee <renewals@email.mcafee.com>\r\nTo: office@harbour-dental.example\r\nSubject: Your renewal\r\n\r\n"
        m += "Your McAfee Total Protection renews on 1 March. Questions? Call 1-866-622-3911.\r\n"
        let verdict = scan(Array(m.utf8), engine: try shippedEngine())
        let hit = verdict.rules.first { $0.id == "BRAND_OWN_AUTHENTICATED_DOMAIN" }
        XCTAssertEqual(hit?.evidence.first, "authenticated email.mcafee.com", "\(verdict.rules)")
    }

    /// An invitation attached as "application/ics" (or as an .ics file of bytes) is a
    /// calendar: its description is read, its folded lines joined, its number found.
    func testAnInvitationUnderEveryTypeIsReadAsACalendar() throws {
        let ics =
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Defender renewal\r\n"
            + "DESCRIPTION:Amount: $499.00\\nTo cancel call +1 85\r\n 5 710 3368\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        let encoded = Data(ics.utf8).base64EncodedString()
        let engine = try shippedEngine()
        for (type, name) in [("application/ics", "invite.ics"), ("application/octet-stream", "invite.ics")] {
            var m = "From: MS Billing <billing.renew@gmail.com>\r\nTo: d.chen@bluepine.example\r\nSubject: Renewal\r\n"
            m += "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
            m += "--b\r\nContent-Type: text/plain\r\n\r\nSee the invitation.\r\n"
            m += "--b\r\nContent-Type: \(type); name=\"\(name)\"\r\nContent-Transfer-Encoding: base64\r\n"
            m += "Content-Disposition: attachment; filename=\"\(name)\"\r\n\r\n\(encoded)\r\n--b--\r\n"
            let verdict = scan(Array(m.utf8), engine: engine)
            XCTAssertEqual(verdict.phones, ["+18557103368"], type)
        }
    }

    /// A lure sent to its own domain with the readers in Bcc: To names the sender's
    /// organisation, and the receiving MX another one. Read at the MX's organisation the
    /// sender is a stranger; with the MX at the To's own domain it stays mail from inside.
    func testASavedCopyAddressedToTheSendersOwnDomainIsReadAtTheReceivingMX() throws {
        func copy(mx: String) -> [UInt8] {
            var m = "Authentication-Results: \(mx); dkim=pass header.d=ordermail-hub.example\r\n"
            m += "From: McAfee Renewal <billing@ordermail-hub.example>\r\nTo: customer@ordermail-hub.example\r\n"
            m += "Subject: Your McAfee order has been processed\r\n\r\n"
            m += "McAfee Total Protection renewed today, $469.00. For a refund please call us on (866) 482-3170.\r\n"
            return Array(m.utf8)
        }
        let engine = try shippedEngine()
        let inside = "FROM_INSIDE_THE_ORGANISATION"
        let atReader = scan(copy(mx: "mx.fernwood-counseling.example"), engine: engine)
        XCTAssertFalse(atReader.rules.map(\.id).contains(inside), "\(atReader.rules.map(\.id))")
        XCTAssertNotEqual(atReader.action, .accept, atReader.headerValue)
        let atSender = scan(copy(mx: "mx1.ordermail-hub.example"), engine: engine)
        XCTAssertTrue(atSender.rules.map(\.id).contains(inside), "\(atSender.rules.map(\.id))")
    }

    /// "McAfee Italia" at mcafeeassistenza-it.com: a brand's name spells the first letters of
    /// a domain that joins it to a service word, which is how look-alikes are built; it does
    /// not vouch for the sender, who stays a stranger claiming the brand.
    func testABrandsNameDoesNotVouchForABrandPlusServiceDomain() throws {
        let v = scan(try fixture("toad-brand-name-on-a-brand-plus-service-domain.eml"), engine: try shippedEngine())
        XCTAssertTrue(v.rules.map(\.id).contains("BRAND_CLAIMED_BY_A_STRANGER"), "\(v.rules.map(\.id))")
    }
}
