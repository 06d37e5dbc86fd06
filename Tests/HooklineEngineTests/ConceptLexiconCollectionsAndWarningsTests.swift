import XCTest
@testable import HooklineEngine

/// Debts in default, tax offices in inflected languages, a scam named as such, a charge
/// disowned as a question, an ask that names a desk, and telecoms as borrowed brands:
/// sentences written for this test, not taken from any corpus.
final class ConceptLexiconCollectionsAndWarningsTests: XCTestCase {
    private func families(_ sentence: String) throws -> Set<String> {
        try ConceptLexiconTests.matcher.get().lexicons(in: sentence)
    }

    private func assertFamily(
        _ family: String, _ sentences: [String], file: StaticString = #filePath, line: UInt = #line
    )
        throws
    {
        for sentence in sentences {
            XCTAssertTrue(try families(sentence).contains(family), "\(family): \(sentence)", file: file, line: line)
        }
    }

    private func assertNotFamily(
        _ family: String, _ sentences: [String], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        for sentence in sentences {
            XCTAssertFalse(try families(sentence).contains(family), "\(family): \(sentence)", file: file, line: line)
        }
    }

    func testADebtInDefaultAndTheCourt() throws {
        try assertFamily(
            "pretext_tax_debt",
            [
                "Your defaulted loan has been referred to our office.",
                "The delinquent account will be escalated to legal proceedings on Friday.",
                "A court summons will be served at your home address.",
                "Su expediente de impago pasará a juicio.", "Die Forderung befindet sich im Zahlungsverzug.",
                "Vous recevrez une mise en demeure.", "Seu CPF consta como inadimplente.",
                "Uw dossier is overgedragen wegens wanbetaling.",
            ])
        try assertFamily(
            "pretext_tax_debt",
            [
                "Our records indicate an unpaid federal tax balance of $4,873.16.", "FINAL NOTICE OF INTENT TO LEVY",
                "You are owed a tax repayment of £612.40.",
            ])
        // a tradesman's reminder of a balance due is no debt story, nor a tax office named alone
        try assertNotFamily(
            "pretext_tax_debt",
            [
                "Your balance of $120 is due on the 5th. Thanks for your business!",
                "I confirmed your Q3 Form 941 was filed and the IRS accepted it.",
            ])
    }

    func testTaxAndCustomsOfficesInEveryCase() throws {
        try assertFamily(
            "tax_authorities",
            [
                "Przesyłka została zatrzymana przez Krajową Administrację Skarbową.",
                "Paczka czeka w urzędzie celnym na opłatę.", "Verohallinnon päätös odottaa vahvistusta.",
                "Oznámení finančního úřadu o nedoplatku.",
            ])
    }

    func testAScamNamedAsSuch() throws {
        try assertFamily(
            "counter_scam_discussion",
            [
                "Heads up: fake Microsoft Defender bill going around.", "It's a scam, please ignore it.",
                "Whatever you do, don't call it.",
            ])
        // a lure's own words: nothing about a fake or a scam
        try assertNotFamily(
            "counter_scam_discussion", ["Call us to cancel it before the charge is final.", "This is your final notice."])
    }

    func testAThreatReportSpeaksOfCampaignsAndIndicators() throws {
        try assertFamily(
            "counter_scam_discussion",
            [
                "Weekly digest: TOAD campaigns abusing Azure Monitor", "IOCs and detection guidance inside.",
                "Numbers seen this week in seller notes:", "Victims who call are guided to install remote tools.",
                "Real vendors do not ask you to call about invoices you did not request.",
                "Nueva campaña de phishing con facturas falsas", "Neue Phishing-Kampagne im Umlauf",
            ])
        // a lure's own alarm: hackers and a blocked card are no report about a campaign
        try assertNotFamily(
            "counter_scam_discussion", ["Hackers tried to access your account; your card is blocked until you call us."])
    }

    func testAccessLimitedForTheAccountNotTheMailbox() throws {
        try assertFamily(
            "pretext_account_hold",
            ["We have placed limited access on your account.", "Your account now has restricted access until you call us."])
        try assertNotFamily(
            "pretext_account_hold",
            ["I'm out of office this week with limited access to email.", "Limited access to the car park on Sunday."])
    }

    func testWasItNotYouAsAQuestion() throws {
        try assertFamily(
            "unauthorized",
            [
                "Was u dit niet? Bel dan direct onze fraudehelpdesk.", "Waren Sie das nicht? Rufen Sie uns an.",
                "Não foi você? Ligue para a central.", "¿No fue usted? Llame al 900 123 456.",
                "Non è stato lei? Chiami il numero verde.", "Votre commande a été payée. Pas vous ? / Niet u?",
            ])
        // asked of someone else, the question disowns nothing
        try assertNotFamily("unauthorized", ["Pouvez-vous confirmer que ce n'est pas vous ? Le numéro indiqué est 09 74 18 52 06."])
    }

    func testTheGermanAskNamesAnyDesk() throws {
        try assertFamily(
            "ask_call",
            [
                "Bei Unstimmigkeiten erreichen Sie die Rechnungsklärung unter 030 1234 5678.",
                "Sie erreichen unsere Buchhaltung unter 089 123456.",
            ])
    }

    func testTheAskInANameAndAsFreephone() throws {
        try assertFamily("call_to_action", ["arn:aws:sns:topic:Invoice-USD-1499-Refund-Line-1-888-902-7714", "Call_Now_1-844-719-3352"])
        try assertFamily("ask_call", ["To stop it and receive your refund freephone 1800 932 417 today."])
        try assertNotFamily("call_to_action", ["support-ticket-4471 was closed", "billing-cycle-2025 report"])
    }

    func testNordicPostsByTheirNamesNotByEveryWord() throws {
        try assertFamily("impersonated_brands", ["Lähetys saapui, terveisin Posti Oy", "Hilsen fra Posten", "Sporing fra Bring AS"])
        try assertNotFamily(
            "impersonated_brands",
            ["Platea fila F, posti 11-12", "Bitte prüfen Sie die einzelnen Posten der Rechnung.", "Bring the card we left."])
    }

    func testTheAntivirusBrandsLuresRenew() throws {
        try assertFamily("security_brands", ["Thank you for choosing Total Defense for Windows."])
    }

    func testTelecomsAsBorrowedBrands() throws {
        try assertFamily(
            "brand_payment_retail",
            ["Ihre Telekom Rechnung ist da.", "Swisscom Rechnungen", "Votre facture SFR", "KPN factuur"])
    }
}
