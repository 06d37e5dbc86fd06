import XCTest
@testable import HooklineEngine
@testable import HooklineLoader
@testable import HooklineOffline

/// `customer_text` (where a platform prints what its customer wrote) and `own_relay`
/// (the recipient's organisation relayed the message), on messages written here.
final class CustomerTextTests: XCTestCase {
    func engine() throws -> Engine {
        let dir = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            .appendingPathComponent("configs/customer-text/hookline.yaml")
        switch ConfigLoader.load(path: dir.path) {
        case .success(let e): return e
        case .failure(let f): XCTFail(f.diagnostics.map(\.description).joined(separator: "\n")); throw XCTSkip("no config")
        }
    }

    /// A message the recipient's MX authenticated for `domain`, with the given body.
    func message(
        from: String, domain: String, to: String = "ops-list@corp.example",
        rcpt: String = "alice@corp.example", listId: String? = nil, body: String
    ) -> String {
        var m = "Delivered-To: \(rcpt)\r\n"
        m += "Authentication-Results: mx1.corp.example; dkim=pass header.d=\(domain); dmarc=pass header.from=\(domain)\r\n"
        m += "From: Notices <\(from)>\r\nTo: \(to)\r\nSubject: notice\r\n"
        if let listId { m += "List-Id: <\(listId)>\r\n" }
        return m + "\r\n" + body + "\r\n"
    }

    func ids(_ m: String) throws -> Set<String> {
        Set(FileScan.scan(bytes: Array(m.utf8), engine: try engine(), chunkSize: 4096).rules.map(\.id))
    }

    func testAPhoneAfterThePlatformsLabelIsTheCustomers() throws {
        let inside = message(
            from: "alerts@alerts.example", domain: "alerts.example",
            body: "Rule description: unauthorized charge, call +1 864 347 2494 now.\nSeverity: 3")
        XCTAssertEqual(try ids(inside).intersection(["PHONE_IN_CUSTOMER_TEXT", "STORY_WITH_PHONE_IN_CUSTOMER_TEXT"]).count, 2)
    }

    func testAPhoneFarFromTheLabelIsThePlatformsOwnBoilerplate() throws {
        let pad = String(repeating: "The platform explains its alerts at length. ", count: 6)
        let outside = message(
            from: "alerts@alerts.example", domain: "alerts.example",
            body: "Rule description: disk almost full\n\(pad)\nSupport: +1 864 347 2494")
        XCTAssertFalse(try ids(outside).contains("PHONE_IN_CUSTOMER_TEXT"))
    }

    func testAStoryOutsideThePhonesStretchDoesNotCount() throws {
        let pad = String(repeating: "filler words here ", count: 8)
        let apart = message(
            from: "alerts@alerts.example", domain: "alerts.example",
            body: "refund pending \(pad)\nRule description: call +1 864 347 2494")
        let hits = try ids(apart)
        XCTAssertTrue(hits.contains("PHONE_IN_CUSTOMER_TEXT"))
        XCTAssertFalse(hits.contains("STORY_WITH_PHONE_IN_CUSTOMER_TEXT"))
    }

    func testATemplateWithoutLabelsOrAnUnknownOneCountsWhole() throws {
        let noLabels = message(from: "notes@notes.example", domain: "notes.example", body: "Please call +1 864 347 2494")
        XCTAssertTrue(try ids(noLabels).contains("PHONE_IN_CUSTOMER_TEXT"))
        let labelMissing = message(from: "alerts@alerts.example", domain: "alerts.example", body: "Call +1 864 347 2494")
        XCTAssertTrue(try ids(labelMissing).contains("PHONE_IN_CUSTOMER_TEXT"))
    }

    func testCustomerTextNeedsTheAuthenticatedPlatform() throws {
        let lookalike = message(
            from: "alerts@alerts.example", domain: "elsewhere.example",
            body: "Rule description: call +1 864 347 2494")
        XCTAssertFalse(try ids(lookalike).contains("PHONE_IN_CUSTOMER_TEXT"))
    }

    func testOwnRelayIsTheOrganisationsListOrAliasNotTheRecipientNorAStrangersList() throws {
        let viaOwnList = message(from: "a@x.example", domain: "x.example", to: "ops-list@corp.example", body: "hi")
        XCTAssertTrue(try ids(viaOwnList).contains("OWN_RELAY"))
        XCTAssertFalse(try ids(viaOwnList).contains("OWN_LIST"), "an alias in To is no list post: a lure sent to info@ has it too")
        let ownListId = message(
            from: "a@x.example", domain: "x.example", to: "a@x.example",
            listId: "ops.corp.example", body: "hi")
        XCTAssertTrue(try ids(ownListId).isSuperset(of: ["OWN_RELAY", "OWN_LIST"]))
        let direct = message(from: "a@x.example", domain: "x.example", to: "alice@corp.example", body: "hi")
        XCTAssertFalse(try ids(direct).contains("OWN_RELAY"))
        let strangersList = message(
            from: "a@x.example", domain: "x.example", to: "billing@groups.attacker.example",
            listId: "billing.groups.attacker.example", body: "hi")
        XCTAssertFalse(try ids(strangersList).contains("OWN_RELAY"))
        XCTAssertFalse(try ids(strangersList).contains("OWN_LIST"))
    }

    func testASendersOwnListAndAliasAreNoForwardingButAStrangersListIs() throws {
        let platformsOwn = message(
            from: "notifications@github.com", domain: "github.com", to: "repo@noreply.github.com",
            listId: "repo.owner.github.com", body: "a comment")
        XCTAssertFalse(try ids(platformsOwn).contains("FORWARDED"))
        let strangers = message(
            from: "azure-noreply@microsoft.com", domain: "microsoft.com", to: "billing@groups.attacker.example",
            listId: "billing.groups.attacker.example", body: "an alert")
        XCTAssertTrue(try ids(strangers).contains("FORWARDED"))
        let unsubscribeOnly = message(from: "news@shop.example", domain: "shop.example", to: "alice@corp.example", body: "news")
            .replacingOccurrences(of: "Subject: notice\r\n", with: "Subject: notice\r\nList-Unsubscribe: <mailto:u@shop.example>\r\n")
        XCTAssertFalse(try ids(unsubscribeOnly).contains("FORWARDED"), "every bulk sender writes List-Unsubscribe")
    }
}

extension CustomerTextTests {
    /// A list that rewrote From for DMARC ("Alerts via Lists" <alerts=alerts.example@lists.example>).
    func listRewritten(authorSigned: Bool, originalFromHeader: Bool) -> String {
        var m = "Delivered-To: alice@corp.example\r\n"
        m += "Authentication-Results: mx1.corp.example; dkim=pass header.d=lists.example; dmarc=pass header.from=lists.example\r\n"
        if authorSigned { m += "Authentication-Results: mx1.corp.example; dkim=pass header.d=alerts.example\r\n" }
        if originalFromHeader {
            m += "From: \"Alerts via Lists\" <billing@lists.example>\r\nX-Original-From: Alerts <alerts@alerts.example>\r\n"
        } else {
            m += "From: \"Alerts via Lists\" <alerts=alerts.example@lists.example>\r\n"
        }
        m += "To: billing@lists.example\r\nSubject: notice\r\n\r\nan alert\r\n"
        return m
    }

    func testAListRewrittenFromIsTheAuthorsOnlyWhereTheAuthorsSignatureSurvived() throws {
        for header in [false, true] {
            let signed = try ids(listRewritten(authorSigned: true, originalFromHeader: header))
            XCTAssertTrue(signed.contains("ON_ALERTS"), "author's signature intact: the platform itself (\(header))")
            let broken = try ids(listRewritten(authorSigned: false, originalFromHeader: header))
            XCTAssertFalse(broken.contains("ON_ALERTS"), "a broken signature proves nothing")
            XCTAssertFalse(broken.contains("LOOKS_LIKE_A_PLATFORM"), "a list's footer breaks signatures: no look-alike")
            XCTAssertTrue(broken.contains("FORWARDED"), "the list relayed it")
            XCTAssertFalse(broken.contains("SIGNS_UNDER_OWN_NAME"), "the name is the author's, the domain the list's")
        }
        let bounce = message(from: "bounce=12345@lists.example", domain: "lists.example", to: "alice@corp.example", body: "x")
        XCTAssertFalse(try ids(bounce).contains("FORWARDED"), "'=' before no domain is not an author")
    }

    /// Google Groups without a Reply-To: "'Alerts' via billing" in From, the author in
    /// X-Original-Sender, and a List-Id; without the List-Id the header is any sender's word.
    func testGoogleGroupsOriginalSenderIsTheAuthor() throws {
        func grouped(listId: Bool) -> String {
            var m = "Delivered-To: alice@corp.example\r\n"
            m += "Authentication-Results: mx1.corp.example; dkim=pass header.d=alerts.example\r\n"
            m += "From: 'Alerts' via billing <billing@groups.example>\r\nX-Original-Sender: alerts@alerts.example\r\n"
            if listId { m += "List-Id: <billing.groups.example>\r\n" }
            return m + "To: billing@groups.example\r\nSubject: notice\r\n\r\nan alert\r\n"
        }
        XCTAssertTrue(try ids(grouped(listId: true)).contains("ON_ALERTS"))
        XCTAssertFalse(try ids(grouped(listId: false)).contains("ON_ALERTS"))
    }

    /// Mailman's munging: "Name via List" in From, the author in Reply-To, and a List-Id.
    func testMailmansViaNameWithReplyToAndListIdIsTheAuthor() throws {
        var m = "Delivered-To: alice@corp.example\r\n"
        m += "Authentication-Results: mx1.corp.example; dkim=pass header.d=lists.example; dkim=pass header.d=alerts.example\r\n"
        m += "From: \"Alerts via Billing\" <billing@lists.example>\r\nReply-To: Alerts <alerts@alerts.example>\r\n"
        m += "To: billing@lists.example\r\nSubject: notice\r\n"
        let withListId = m + "List-Id: <billing.lists.example>\r\n\r\nan alert\r\n"
        XCTAssertTrue(try ids(withListId).contains("ON_ALERTS"))
        // "Jane via Docusign" with Jane in Reply-To is how a platform itself writes: no list.
        XCTAssertFalse(try ids(m + "\r\nan alert\r\n").contains("ON_ALERTS"))
        XCTAssertTrue(MessageFeatures.namesAListRelay("Microsoft Azure via Alerts"))
        XCTAssertFalse(MessageFeatures.namesAListRelay("Via Rail"), "'via' must stand between two names")
    }
}

extension CustomerTextTests {
    /// A message saved from a mailbox whose provider's MX is not under the mailbox's domain
    /// (gmail.com's is mx.google.com), with no Delivered-To or Received "for".
    func savedFromAProviderMailbox(extraAboveProvider: String = "") -> String {
        var m = extraAboveProvider
        m += "Authentication-Results: mx.provider.example; dkim=pass header.d=alerts.example\r\n"
        m += "Authentication-Results: forged.example; dkim=pass header.d=notes.example\r\n"
        m += "From: Alerts <alerts@alerts.example>\r\nTo: Pat <pat@mailbox.example>\r\nSubject: notice\r\n\r\nan alert\r\n"
        return m
    }

    func testASavedMessageTrustsItsTopmostAuthenticationResultsOnly() throws {
        XCTAssertTrue(try ids(savedFromAProviderMailbox()).contains("ON_ALERTS"), "the provider's own verdict, on top")
        let engine = try engine()
        let forged = savedFromAProviderMailbox().replacingOccurrences(of: "alerts@alerts.example", with: "notes@notes.example")
        let v = FileScan.scan(bytes: Array(forged.utf8), engine: engine, chunkSize: 4096)
        XCTAssertNil(v.platform, "a second, lower Authentication-Results is the sender's to write")
    }

    func testTheMilterNeverTrustsATopmostHeaderForItsPosition() throws {
        var envelope = Envelope()
        envelope.rcptTo = ["pat@mailbox.example"]
        let v = FileScan.scan(
            bytes: Array(savedFromAProviderMailbox().utf8), engine: try engine(), envelope: envelope, chunkSize: 4096)
        XCTAssertNil(v.platform, "RCPT TO given: only the recipient's own MX or a configured authserv-id counts")
    }

    /// A notice from the site the recipient's organisation runs on the platform (its Jira);
    /// a site named anything else is a stranger's.
    func testOwnWorkspaceIsTheSiteNamedForTheRecipientsOrganisation() throws {
        let own = message(from: "jira@corpx.sites.example", domain: "corpx.sites.example", rcpt: "alice@corpx.example", body: "hi")
        XCTAssertTrue(try ids(own).contains("OWN_WORKSPACE"))
        let suffixed = message(from: "jira@corpx.sites.example", domain: "corpx.sites.example", rcpt: "alice@corpxpay.example", body: "hi")
        XCTAssertTrue(try ids(suffixed).contains("OWN_WORKSPACE"), "a short suffix: 'northbeam' for northbeampay")
        let longer = message(
            from: "jira@corpx.sites.example", domain: "corpx.sites.example", rcpt: "alice@corpxpayments.example", body: "hi")
        XCTAssertFalse(try ids(longer).contains("OWN_WORKSPACE"))
        let firstWord = message(
            from: "jira@brightwave.sites.example", domain: "brightwave.sites.example", rcpt: "a@brightwaveanalytics.example", body: "hi")
        XCTAssertTrue(try ids(firstWord).contains("OWN_WORKSPACE"), "a name of six letters or more, the organisation's first word")
        let stranger = message(
            from: "jira@billing-desk.sites.example", domain: "billing-desk.sites.example", rcpt: "alice@corpx.example", body: "hi")
        XCTAssertFalse(try ids(stranger).contains("OWN_WORKSPACE"))
    }

    /// A display name in a script that cannot spell the authenticated domain, and only then.
    func testFromNameUnspellableNeedsANonLatinNameAndAnAuthenticatedDomain() throws {
        func named(_ name: String, domain: String = "sakura-shinkin.example") -> String {
            message(from: "info@\(domain)", domain: domain, rcpt: "alice@corp.example", body: "hi")
                .replacingOccurrences(of: "From: Notices <", with: "From: =?utf-8?b?\(Data(name.utf8).base64EncodedString())?= <")
        }
        XCTAssertTrue(try ids(named("さくら信用金庫")).contains("UNSPELLABLE"))
        XCTAssertTrue(try ids(named("Сбербанк")).contains("UNSPELLABLE"), "Cyrillic")
        XCTAssertFalse(try ids(named("さくら Shinkin")).contains("UNSPELLABLE"), "a Latin word can be compared")
        XCTAssertFalse(try ids(named("Crédit Agricole")).contains("UNSPELLABLE"))
        let unauthenticated = named("さくら信用金庫").replacingOccurrences(of: "dkim=pass", with: "dkim=fail")
            .replacingOccurrences(of: "dmarc=pass", with: "dmarc=fail")
        XCTAssertFalse(try ids(unauthenticated).contains("UNSPELLABLE"))
        XCTAssertTrue(try ids(named("Kanzlei Wolff")).contains("FROM_AUTHENTICATED"))
        XCTAssertFalse(try ids(unauthenticated).contains("FROM_AUTHENTICATED"))
    }

    /// An instance that sends as <instance>@platform; an organisation names its sites by
    /// the first word of a hyphenated domain.
    func testWorkspaceNamedInTheSendersAddress() throws {
        let own = message(from: "silvergate@desk.example", domain: "desk.example", rcpt: "a@silvergate-insurance.example", body: "hi")
        XCTAssertTrue(try ids(own).contains("OWN_WORKSPACE"))
        let other = message(from: "billingdesk@desk.example", domain: "desk.example", rcpt: "a@silvergate-insurance.example", body: "hi")
        XCTAssertFalse(try ids(other).contains("OWN_WORKSPACE"))
        let notThere = message(from: "silvergate@chat.example", domain: "chat.example", rcpt: "a@silvergate-insurance.example", body: "hi")
        XCTAssertFalse(try ids(notThere).contains("OWN_WORKSPACE"), "only where the catalogue says the address names it")
    }

    /// A chat platform whose sender names no workspace names it in the Subject.
    func testWorkspaceNamedInTheSubject() throws {
        func chat(_ subject: String, rcpt: String = "alice@cedarandfinch.example") -> String {
            message(from: "notify@chat.example", domain: "chat.example", rcpt: rcpt, body: "hi")
                .replacingOccurrences(of: "Subject: notice", with: "Subject: \(subject)")
        }
        XCTAssertTrue(try ids(chat("[Chat] New message from Kim Osei in Cedar & Finch")).contains("OWN_WORKSPACE"))
        XCTAssertTrue(try ids(chat("Notifications from the Cedar and Finch workspace")).contains("OWN_WORKSPACE"))
        XCTAssertFalse(try ids(chat("Billing Desk has invited you to work with them in Chat")).contains("OWN_WORKSPACE"))
        XCTAssertFalse(try ids(chat("New message from Kim in Cedar & Finch", rcpt: "bob@other.example")).contains("OWN_WORKSPACE"))
        let notChat = message(
            from: "jira@other.sites.example", domain: "other.sites.example", rcpt: "alice@cedarandfinch.example", body: "hi"
        )
        .replacingOccurrences(of: "Subject: notice", with: "Subject: Update in Cedar & Finch")
        XCTAssertFalse(try ids(notChat).contains("OWN_WORKSPACE"), "only where the catalogue says the Subject names it")
    }

    /// The receiving MX's dmarc=fail for the From domain; a pass is no forgery. (Which
    /// Authentication-Results are believed is `MessageScanTests`' subject.)
    func testFromForgedIsATrustedDmarcFail() throws {
        let passing = message(from: "a@bank.example", domain: "bank.example", body: "hi")
        XCTAssertFalse(try ids(passing).contains("FROM_FORGED"))
        let failing = passing.replacingOccurrences(of: "dmarc=pass header.from=bank.example", with: "dmarc=fail header.from=bank.example")
            .replacingOccurrences(of: "dkim=pass header.d=bank.example", with: "dkim=fail header.d=bank.example")
        XCTAssertTrue(try ids(failing).contains("FROM_FORGED"))
    }

    func testFromDomainWordReadsTheSendersDomain() throws {
        XCTAssertTrue(
            try ids(message(from: "a@intesa-verifica-conto.example", domain: "x.example", body: "hi")).contains("SERVICE_WORD_DOMAIN"))
        XCTAssertFalse(try ids(message(from: "a@verifications.example", domain: "x.example", body: "hi")).contains("SERVICE_WORD_DOMAIN"))
    }

    /// The platform's own template after the customer's text ends it, however near.
    func testThePlatformsTemplateEndsTheCustomersText() throws {
        let story = "Rule description: call +1 864 347 2494 now. refund"
        XCTAssertTrue(
            try ids(message(from: "alerts@alerts.example", domain: "alerts.example", body: story))
                .contains("STORY_WITH_PHONE_IN_CUSTOMER_TEXT"))
        let ended = "Rule description: call +1 864 347 2494 now. View in portal. refund"
        XCTAssertFalse(
            try ids(message(from: "alerts@alerts.example", domain: "alerts.example", body: ended))
                .contains("STORY_WITH_PHONE_IN_CUSTOMER_TEXT"))
    }

    /// A saved list copy addressed to the list itself names no reader: the list is not
    /// "inside" the reader's organisation because it writes to itself.
    func testAListCopyToItselfIsNotMailFromInside() throws {
        var m = "Authentication-Results: mx1.corp.example; dkim=pass header.d=lists.example; dmarc=pass header.from=lists.example\r\n"
        m += "From: \"Alerts via Team\" <team@lists.example>\r\nSender: team@lists.example\r\nTo: team@lists.example\r\n"
        m += "List-Id: <team.lists.example>\r\nSubject: notice\r\n\r\nan alert\r\n"
        XCTAssertFalse(try ids(m).contains("INSIDE"))
        // A colleague's copy was received by their own organisation's MX (the reader is read
        // at the receiving MX's organisation when a list relayed the message).
        let colleague = m.replacingOccurrences(of: "To: team@lists.example", with: "To: bob@lists.example")
            .replacingOccurrences(of: "Authentication-Results: mx1.corp.example;", with: "Authentication-Results: mx1.lists.example;")
        XCTAssertTrue(try ids(colleague).contains("INSIDE"), "a colleague at the same domain is inside")
    }
}
