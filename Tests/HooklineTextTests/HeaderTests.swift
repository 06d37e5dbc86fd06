import XCTest
import HooklineCore
@testable import HooklineText

final class HeaderTests: XCTestCase {
    func decode(_ s: String) -> (String, Set<Anomaly>) {
        var a: Set<Anomaly> = []
        let out = HeaderDecoding.decode(Array(s.utf8), anomalies: &a)
        return (out, a)
    }

    func testEncodedWordsJoinAcrossWhitespaceAndDecodeCharsets() {
        XCTAssertEqual(decode("=?utf-8?q?Invoice_Paid?= \r\n =?UTF-8?B?IOKAkyBJTlY=?=").0, "Invoice Paid – INV")
        XCTAssertEqual(decode("a =?iso-8859-1?q?caf=E9?= b").0, "a café b")
        XCTAssertEqual(decode("=?koi8-r?b?9MXT1A==?=").0, "Тест")
        // A UTF-8 character split across two words is rejoined before decoding.
        XCTAssertEqual(decode("=?utf-8?b?4oI=?= =?utf-8?b?rA==?=").0, "€")
        XCTAssertEqual(decode("=?utf-8*en?q?lang?=").0, "lang")
    }

    func testMalformedEncodedWordsStayRaw() {
        let (s, a) = decode("x =?utf-8?x?abc?= =?utf-8?q?open")
        XCTAssertEqual(s, "x =?utf-8?x?abc?= =?utf-8?q?open")
        XCTAssertEqual(a, [.badEncodedWord])
        XCTAssertEqual(decode("=?utf-8?b?!!!?=").1, [.badEncodedWord])
    }

    func testEightBitHeadersTryUTF8ThenWindows1252() {
        XCTAssertEqual(decode("Jos\u{E9}").0, "José")
        var a: Set<Anomaly> = []
        XCTAssertEqual(HeaderDecoding.decode([0x4A, 0x6F, 0x73, 0xE9, 0x20, 0x93, 0x78, 0x94], anomalies: &a), "José “x”")
        XCTAssertEqual(a, [.eightBitHeader])
    }

    func mailboxes(_ s: String) -> [Mailbox] {
        var a: Set<Anomaly> = []
        return AddressParser.parse(Array(s.utf8), anomalies: &a)
    }

    func testAddressForms() {
        XCTAssertEqual(
            mailboxes("\"Support, +1 (864) 347-2494\" <Help@Example.COM>"),
            [Mailbox(displayName: "Support, +1 (864) 347-2494", address: "help@example.com")])
        XCTAssertEqual(mailboxes("Microsoft Support +1 (864) 347-2494 <a@b.c>").first?.displayName, "Microsoft Support +1 (864) 347-2494")
        XCTAssertEqual(
            mailboxes("a@b.c (Real Name), <d@e.f>, undisclosed-recipients:;"),
            [Mailbox(displayName: "Real Name", address: "a@b.c"), Mailbox(displayName: "", address: "d@e.f")])
        XCTAssertEqual(mailboxes("=?utf-8?B?w5xiZXI=?= <x@y.z>").first?.displayName, "Über")
        XCTAssertEqual(mailboxes("Team: a@b.c, \"D, E\" <d@e.f>;").map(\.address), ["a@b.c", "d@e.f"])
        // Garbage is data: it parses to something or nothing, never a trap.
        for junk in ["<<<>>> \"unterminated", "(((", "\\", ",,,;;;::", "\"a\" <", "<>", "=?utf-8?b?", "@"] {
            _ = mailboxes(junk)
        }
        XCTAssertEqual(Mailbox(displayName: "", address: "x@sub.example.com").domain, "sub.example.com")
    }

    func testAuthenticationResults() {
        let ar = AuthenticationResultsParser.parse(
            """
            MX.Example.org 1; (comment; with semicolon) dkim=pass (2048-bit key) header.d=Microsoft.com header.i=@microsoft.com;
             spf = pass smtp.mailfrom="azure-noreply@microsoft.com"; dmarc=pass (p=REJECT) header.from=microsoft.com; arc=none
            """)
        XCTAssertEqual(ar?.authservId, "mx.example.org")
        XCTAssertEqual(ar?.results.map(\.method), ["dkim", "spf", "dmarc", "arc"])
        XCTAssertEqual(ar?.results.map(\.result), ["pass", "pass", "pass", "none"])
        XCTAssertEqual(ar?.results[0].properties, ["header.d": "microsoft.com", "header.i": "@microsoft.com"])
        // Only the keys something reads are kept.
        XCTAssertEqual(ar?.results[1].properties, [:])
        XCTAssertEqual(ar?.results[2].property("header.from"), "microsoft.com")
        XCTAssertEqual(AuthenticationResultsParser.parse("mx.example.org; none")?.results, [])
    }

    func features(_ headers: [(String, String)], limits: Limits = .default) -> HeaderFeatures {
        var f = HeaderFeatures()
        for (n, v) in headers {
            var v = v
            v.withUTF8 { f.add(name: n, value: UnsafeRawBufferPointer($0), limits: limits) }
        }
        return f
    }

    func testHeaderFeatures() {
        let f = features([
            ("From", "\"Microsoft Azure\" <Azure-NoReply@microsoft.com>"),
            ("Sender", "alerts <owner@lists.example>"),
            ("Reply-To", "x@y.z"),
            ("To", "a@b.c, d@e.f"), ("Cc", "g@h.i"),
            ("Subject", "Azure monitor\r\n\t alert   rule"),
            ("Return-Path", "<Bounce@Lists.Example>"),
            ("List-Id", "Billing <billing.lists.example>"),
            ("X-Original-To", "Victim@Example.org"), ("Delivered-To", "victim@example.org"),
            ("Resent-From", "x@y.z"),
            ("DKIM-Signature", "v=1; a=rsa-sha256; d=Microsoft.com;\r\n s=sel; b=abc"),
            ("Authentication-Results", "mx.example.org; dkim=pass header.d=microsoft.com"),
            ("Message-ID", " <id@x> "),
        ])
        XCTAssertEqual(f.from, Mailbox(displayName: "Microsoft Azure", address: "azure-noreply@microsoft.com"))
        XCTAssertEqual(f.sender?.address, "owner@lists.example")
        XCTAssertEqual(f.replyTo?.address, "x@y.z")
        XCTAssertEqual(f.to.map(\.address), ["a@b.c", "d@e.f"])
        XCTAssertEqual(f.cc.map(\.address), ["g@h.i"])
        XCTAssertEqual(f.subject, "Azure monitor alert rule")
        XCTAssertEqual(f.returnPath, "bounce@lists.example")
        XCTAssertEqual(f.listId, "billing.lists.example")
        XCTAssertEqual(f.xOriginalTo, "victim@example.org")
        XCTAssertEqual(f.deliveredTo, "victim@example.org")
        XCTAssertTrue(f.hasResentHeaders)
        XCTAssertTrue(f.hasMailingListHeaders)
        XCTAssertEqual(f.dkimDomains, ["microsoft.com"])
        XCTAssertEqual(f.authenticationResults.first?.results.first?.properties["header.d"], "microsoft.com")
        XCTAssertEqual(f.messageId, "<id@x>")
        XCTAssertEqual(f.headerCount, 14)
        XCTAssertEqual(f.all.count, 14)
        XCTAssertEqual(f.all[5].name, "subject")
        XCTAssertEqual(f.anomalies, [])
    }

    func testMailingListMarkers() {
        XCTAssertTrue(features([("X-BeenThere", "x@lists")]).hasMailingListHeaders)
        XCTAssertTrue(features([("Precedence", " List ")]).hasMailingListHeaders)
        XCTAssertFalse(features([("Precedence", "bulk")]).hasMailingListHeaders)
        XCTAssertTrue(features([("List-Post", "<mailto:x@lists.example>")]).hasMailingListHeaders)
        XCTAssertFalse(
            features([("List-Unsubscribe", "<mailto:x>")]).hasMailingListHeaders,
            "every bulk sender writes List-Unsubscribe; it is no sign of a list relaying the message")
    }

    func testHeaderLimitsBoundWhatIsKept() {
        var limits = Limits()
        limits.maxHeaders = 5
        limits.maxHeaderBytes = 100
        let f = features((0..<20).map { ("X-\($0)", "v") } + [("Subject", "late")], limits: limits)
        XCTAssertEqual(f.all.count, 5)
        XCTAssertEqual(f.subject, "")
        XCTAssertTrue(f.anomalies.contains(.tooManyHeaders))
        let g = features([("Subject", String(repeating: "x", count: 1000))], limits: limits)
        XCTAssertEqual(g.subject.count, 100)
        XCTAssertTrue(g.anomalies.contains(.headerTooLong))
    }

    func split(_ raw: String, step: Int) -> (headers: [(String, String)], ends: Int, body: String) {
        var headers: [(String, String)] = []
        var ends = 0
        var body: [UInt8] = []
        let s = MessageSplitter(
            limits: .default,
            onHeader: { headers.append(($0, String(decoding: $1, as: UTF8.self))) },
            onEndOfHeaders: { ends += 1 },
            onBody: { body.append(contentsOf: $0) })
        Array(raw.utf8).withUnsafeBytes { buf in
            var i = 0
            while i < buf.count { let j = min(buf.count, i + step); s.feed(buf.slice(i, j)); i = j }
        }
        s.finish()
        return (headers, ends, String(decoding: body, as: UTF8.self))
    }

    func testSplitterKeepsFoldsAsCRLFAndPassesTheBody() {
        let raw = "From sender@example Mon Nov 24 10:00:00 2026\nSubject: a\n  b\r\nX-Empty:\nTo:x@y\n\nbody\r\nline 2\n"
        for step in 1...raw.utf8.count {
            let r = split(raw, step: step)
            XCTAssertEqual(r.headers.map(\.0), ["Subject", "X-Empty", "To"], "step \(step)")
            XCTAssertEqual(r.headers.map(\.1), ["a\r\n  b", "", "x@y"], "step \(step)")
            XCTAssertEqual(r.ends, 1)
            XCTAssertEqual(r.body, "body\r\nline 2\n")
        }
    }

    func testSplitterTreatsGarbageAsBodyAndHandlesHeaderOnlyMessages() {
        let r = split("Subject: x\nnot a header\nTo: y\n", step: 4)
        XCTAssertEqual(r.headers.map(\.0), ["Subject"])
        XCTAssertEqual(r.body, "not a header\nTo: y\n")
        let h = split("Subject: only headers", step: 3)
        XCTAssertEqual(h.headers.map(\.1), ["only headers"])
        XCTAssertEqual(h.ends, 1)
        XCTAssertEqual(h.body, "")
    }
}

final class ReceivedForTests: XCTestCase {
    func testTopmostReceivedForNamesTheDeliveredRecipient() {
        var h = HeaderFeatures()
        for (n, v) in [
            (
                "Received",
                "from mail.sender.example (mail.sender.example [192.0.2.1])\r\n\tby mx.corp.example with ESMTPS id 4F2\r\n\tfor <Alice@Corp.Example>; Mon, 1 Dec 2026 10:00:00 +0000"
            ),
            ("Received", "from a by b for <someone-else@elsewhere.example>; Mon, 1 Dec 2026 09:59:00 +0000"),
        ] {
            var value = v
            value.withUTF8 { h.add(name: n, value: UnsafeRawBufferPointer($0), limits: .default) }
        }
        XCTAssertEqual(h.receivedFor, "alice@corp.example")
    }

    func testTheReceivingSideNamesTheRecipientBelowItsLocalHopsButASendersFieldsDoNot() {
        func receivedFor(_ values: [String]) -> String? {
            var h = HeaderFeatures()
            for v in values {
                var value = v
                value.withUTF8 { h.add(name: "Received", value: UnsafeRawBufferPointer($0), limits: .default) }
            }
            return h.receivedFor
        }
        let lmtp = "from mx1.corp.example by mbox.corp.example (Dovecot) with LMTP id 7; Mon, 1 Dec 2026 10:00:01 +0000"
        let mx = "from out.sender.example by mx1.corp.example (Postfix) with ESMTPS id 4F2 for <bob@corp.example>; Mon, 1 Dec 2026"
        let sender = "from laptop by out.sender.example for <victim@elsewhere.example>; Mon, 1 Dec 2026"
        XCTAssertEqual(receivedFor([lmtp, mx, sender]), "bob@corp.example", "the MX below the mailbox server's LMTP hop")
        XCTAssertNil(receivedFor([lmtp, lmtp, lmtp, sender]), "a field written before the receiving side is the sender's")
    }

    func testReceivedWithoutAnAddressGivesNothing() {
        XCTAssertNil(HeaderFeatures.receivedFor("from a by b with SMTP; Mon, 1 Dec 2026"))
        XCTAssertNil(HeaderFeatures.receivedFor("from a by b for <@>; x"))
        XCTAssertNil(HeaderFeatures.receivedFor("from a by b for <nobody>; x"))
    }
}
