import HooklineCore
import XCTest
@testable import HooklineDetect

/// National numbers of the Nordic, Polish, Finnish and Czech lures, numbers no hint places,
/// and the codes, dates and extensions beside numbers that must not become one.
final class NationalPhoneMoreTests: XCTestCase {
    func testNordicPolishFinnishAndCzechNumbersReadByLanguage() {
        let cases: [(String, String)] = [
            ("Vi har spærret din konto, og du kan ikke bruge den. Ring venligst til os på 80 82 91 34", "+4580829134"),
            ("Vi har sperret kontoen din, og du kan ikke bruke den. Ring oss vennligst på 800 34 721", "+4780034721"),
            ("Ett uttag har begärts från ditt konto och det var inte du. Ring oss på 08-522 034 19", "+46852203419"),
            ("Twoje konto zostało zablokowane i nie jest aktywne. Prosimy o kontakt pod numerem 800 702 815", "+48800702815"),
            ("Tilisi on suljettu ja sinun on soitettava meille heti, jos et tunnista tapahtumaa: 0800 123 456", "+358800123456"),
        ]
        for (text, e164) in cases {
            XCTAssertEqual(found(text), [e164], text)
        }
    }

    /// "kr" is Danish, Norwegian or Swedish money; with no language to tell, all three are asked.
    func testKronaPointsAtTheNordicCountries() {
        XCTAssertEqual(found("14.500 kr. Ring 80 82 91 34"), ["+4580829134"])
    }

    /// A trunk "0" is never North American: grouped as a trunk-0 country groups it, the
    /// number is read there even when the message says nothing of a country.
    func testATrunkZeroNumberNoHintPlacesIsReadWhereItIsGroupedSo() {
        XCTAssertEqual(found("Reservations: 0800 279 7035"), ["+448002797035"])
        // An IBAN's blocks are coarser than any plan's grouping: no number.
        XCTAssertEqual(found("IBAN NL91 ABNA 0417 1643 00"), [])
    }

    /// Unallocated in the leading country but grouped as it writes its numbers beats a
    /// reading elsewhere that nobody wrote.
    func testAPossibleNumberGroupedAsAHigherRankedCountryIsThatCountrys() {
        XCTAssertEqual(
            found("I am at the London office tomorrow with bad wifi; if you need me before standup call me on 07911 482 330."),
            ["+447911482330"])
    }

    func testARemarkInBracketsAfterTheNumberIsNotPartOfIt() {
        let text = "Si no la reconoces, bloquea la tarjeta desde la app o llama al 900 10 28 47 (24 h). Importe 84,20 €"
        XCTAssertEqual(found(text), ["+34900102847"])
    }

    func testCodesDatesAndExtensionsAreNotNumbers() {
        XCTAssertEqual(found("Tracking Number: 1Z 7W3 91A 03 4418 2210"), [])
        XCTAssertEqual(found("Tracking Number: 1Z 4A9 W83 03 1877 2094"), [])
        XCTAssertEqual(found("Ordrenummer: 284411\nDato: 05.04.2026\n\n1 x Kontorstol til 3.499,00 kr."), [])
        XCTAssertEqual(
            found("Saludos, Raúl, del equipo de sistemas. Ext. 214 / 954 22 81 14", sender: ["ES"]), ["+34954228114"])
        // A unit before a number is no code.
        XCTAssertEqual(found("Dispute within 24h: 1-800-917-6634"), ["+18009176634"])
    }

    /// India writes mobile numbers as ten bare digits, though its national format prints a "0".
    func testAnIndianMobileWithoutItsTrunkZeroIsIndian() {
        XCTAssertEqual(
            found("Please call our KYC desk on 70439 18265 immediately to update your account.", recipient: ["IN"]),
            ["+917043918265"])
    }

    /// Order numbers are labelled in every language the numbers are read in.
    func testAPolishOrderNumberIsNoPhone() {
        XCTAssertEqual(found("Twoje zamówienie nr 3263903821 na Allegro zostało wysłane (kwota 429,00 zł)."), [])
    }

    /// A toll-free line glued into a name that asks for a call is read; other glued digits
    /// stay identifiers.
    func testATollFreeLineGluedIntoAnAskingNameIsRead() {
        XCTAssertEqual(found("Budget name: CallBilling8554074611ToCancel"), ["+18554074611"])
        XCTAssertEqual(found("Affected resource: callsupport8337242900 ( storage )"), ["+18337242900"])
        XCTAssertEqual(found("Reference: INV8554074611 paid"), [], "no ask in the name")
        XCTAssertEqual(found("Resource: callsupport4155550123"), [], "not toll-free")
    }

    /// "this invoice:" is a sentence about an invoice; "Invoice:" labels its number.
    func testALabelAfterADemonstrativeIsProse() {
        XCTAssertEqual(
            found("Please contact customer support within 24 hours of this invoice:\n1 - 8 4 4 - 7 2 3 - 0 8 1 5"),
            ["+18447230815"])
        XCTAssertEqual(found("Invoice: 8447230815"), [])
    }

    func testAnAtMentionInTheNextSentenceDoesNotGlueToTheNumber() {
        XCTAssertEqual(
            found("Bitte informieren Sie die Teamleitung: 089 2180 4471.\n\n@slack-ops-alarm @pagerduty-db", recipient: ["DE"]),
            ["+498921804471"])
        XCTAssertEqual(found("Write to 8002797035@example.com"), [], "glued to an address")
    }

    func testAConfirmationNumberIsLabelledInTheOtherLanguages() {
        XCTAssertEqual(found("Su reserva está confirmada. Número de confirmación: 4481.229.017 PIN: 7721"), [])
    }

    /// Britain's non-geographic numbers keep their old five-digit prefix in print ("03457 740
    /// 740"); India's plan fits that grouping too, but English mail with nothing Indian in it
    /// is Britain's.
    func testABritishNonGeographicNumberInItsCustomaryGrouping() {
        XCTAssertEqual(found("We tried to deliver your item today. Customer Services: 03457 740 740"), ["+443457740740"])
    }

    /// A bill and an insurance claim are identifiers too, in every language a bill arrives in.
    func testBillsAndClaimsAreLabels() {
        XCTAssertEqual(found("la bolletta n. 4412009831 di 118,30 € con scadenza 02/05/2025 è disponibile"), [])
        XCTAssertEqual(found("Your auto claim 0743921865 has been approved."), [])
        XCTAssertEqual(found("Ihre Schadennummer 0743921865 wurde angelegt."), [])
    }

    /// A short Italian note to a US site: Italian function words decide, and the site's own
    /// region weighs less in a language not spoken there.
    func testAnItalianMobileInAShortItalianNoteIsItalian() {
        let note =
            "Ciao Luca, per la cena di sabato siamo in otto, ho prenotato per le 20:30. Se fai tardi chiamami al 347 281 9904. La quota è 35 euro a testa."
        XCTAssertEqual(found(note), ["+393472819904"])
    }

    /// America's toll-free line in a Spanish lure stays America's. (888 is toll-free in
    /// Mexico too, and "$" in Spanish is most often the peso: that one stays Mexican.)
    func testANorthAmericanTollFreeLineInSpanishStaysTollFree() {
        let text = "Su pedido por $499.00 fue procesado. Si usted no reconoce este cargo, llame al (855) 326-7180 para cancelar."
        XCTAssertEqual(found(text), ["+18553267180"])
    }

    /// Tickets, PINs and dates inside a run are never phones, whatever a piece of them reads as.
    func testTicketsPinsAndDatesInsideARunAreNoPhones() {
        XCTAssertEqual(found("Pasajero: SR ALVARO MENDEZ · Billete 075 2418837710 · Total 312,46 €"), [])
        XCTAssertEqual(found("Telefonische Einwahl: (DE) +49 30 300195061 PIN: 812 004 377#"), ["+4930300195061"])
        XCTAssertEqual(found("Vielen Dank für Ihre Buchung. LH 2 | 02.12.2026 | Hamburg (HAM) 07:00"), [])
    }

    /// A Portuguese note whose vote ties with Spanish is still read with Portugal's plan.
    func testAPortugueseNoteCloseToASpanishVoteKeepsPortugal() {
        let note =
            "Confirmo o jantar de sábado no Chiado. E o canalizador que te falei é o Sr. Armando, 912 448 307. Diz que és minha amiga, ele cobra justo."
        XCTAssertEqual(found(note), ["+351912448307"])
    }

    /// An area code in square brackets is the parentheses a lure swapped; a bracketed
    /// datapoint is no number.
    func testAnAreaCodeInSquareBrackets() {
        XCTAssertEqual(found("Call the officer assigned to your case: [202].379.1845 today."), ["+12023791845"])
        XCTAssertEqual(found("1 datapoint [412395520.0] was less than the threshold (536870912.0)."), [])
    }

    /// "o" and "i" between words are the conjunctions ("or", "and"), not a 0 or a 1 that
    /// makes "o 800 …" a trunk-0 number of another country; glued to digits they still are.
    func testAOneLetterConjunctionIsNoDigit() {
        XCTAssertEqual(
            found("Tu factura de noviembre por $649.00 MXN. Atención a clientes: *264 desde tu Telcel o 800 710 5687."),
            ["+528007105687"])
        XCTAssertEqual(
            found("Não reconhece a compra de 129,99 EUR? Ligue gratuitamente para o 800 207 493 antes de sexta-feira."),
            ["+351800207493"])
        XCTAssertEqual(found("Call 1-8OO-642-7676 today"), ["+18006427676"])
    }

    /// A number the message writes with its country code says where the message is, as a
    /// currency does: the toll-free "1800" beside "+91" is India's, not America's "1-800".
    func testACountryCodeInTheTextPlacesItsNationalNumbers() {
        XCTAssertEqual(
            found("Kindly contact our KYC cell at toll free 1800-419-2276 or +91 80 4719 2236 to update PAN details."),
            ["+9118004192276", "+918047192236"])
    }

    /// How a number is grouped breaks a tie between countries the message points at about
    /// equally, never a clear lead: "03457 740 740" beside "£" is Britain's, though India
    /// groups its own numbers that way.
    func testGroupingDoesNotOverturnAClearLead() {
        XCTAssertEqual(
            found("An item addressed to you has a customs charge of £8.40. Pay online at royalmail.com/fees. Help: 03457 740 740."),
            ["+443457740740"])
    }

    /// "Rs" before an amount is the rupee: an Indian "1800 309 3417" is India's toll-free
    /// line, not the North American 1-800 its digits also spell. "RS" in a Brazilian address
    /// names a state, not a currency, and changes nothing.
    func testTheRupeeBeforeAnAmountPlacesIndianTollFreeLines() {
        XCTAssertEqual(
            found("Rs. 18,499.00 has been auto-debited from your account. If not done by you, call our toll free helpline 1800 309 3417."),
            ["+9118003093417"])
        XCTAssertEqual(found("Rs.2,340.00 debited from your card. Not you? Call 18002026161 (toll-free)."), ["+9118002026161"])
        XCTAssertEqual(found("Your order ships to Porto Alegre - RS. Questions? Call 1-800-309-3417."), ["+18003093417"])
    }

    /// A label ending in digits and a colon ("24/7:", "after 6:") then a space parts the
    /// number from the label; a time's colon joins digits on both sides and "10:30" stays a time.
    func testANumberAfterALabelsColonIsWhole() {
        XCTAssertEqual(found("Report outages 24/7: 1-844-455-7700."), ["+18444557700"])
        XCTAssertEqual(found("Our dispute line is open 24/7: 888 - 270 - 5139"), ["+18882705139"])
        XCTAssertEqual(found("Or call me, I'm home after 6: 860-214-7735."), ["+18602147735"])
        XCTAssertEqual(found("Ref 4471:8882705139"), [])
    }

    /// Each group in its own spaced brackets, joined by dashes: seven separators between
    /// digits, as lures pad them; the run holds them.
    func testBracketedGroupsPaddedWithSpacesAreOneNumber() {
        XCTAssertEqual(found("please call our helpline ( + 1 ) - ( 8 6 6 ) - ( 4 8 2 ) - ( 7 7 1 0 ) now"), ["+18664827710"])
        XCTAssertEqual(found("call ( 866 ) - ( 482 ) - ( 7710 )"), ["+18664827710"])
    }
}
