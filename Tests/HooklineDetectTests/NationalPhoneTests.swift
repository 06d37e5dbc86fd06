import HooklineCore
import XCTest
@testable import HooklineDetect

/// National numbers written without "+CC", read in the country the message points at, and
/// amounts and identifiers in every language the filter reads that must never be phones.
final class NationalPhoneTests: XCTestCase {
    func testNationalFormatsReadByLanguage() {
        let cases: [(String, String)] = [
            ("Bitte rufen Sie uns an, wir sind für Sie da und die Rechnung ist nicht bezahlt: 0800 330 1234", "+498003301234"),
            ("Veuillez nous appeler, votre abonnement est renouvelé et nous sommes là pour vous : 09 70 80 12 34", "+33970801234"),
            ("Por favor llame a nuestro equipo, su pedido está en proceso y usted puede cancelar: 900 123 456", "+34900123456"),
            ("Per favore chiami il nostro servizio, il suo abbonamento è stato rinnovato con successo: 800 123 456", "+39800123456"),
            ("Bel ons, uw abonnement is verlengd en het bedrag wordt van uw rekening afgeschreven: 020 123 4567", "+31201234567"),
            ("Por favor ligue para nossa equipe, sua assinatura foi renovada com sucesso pelo sistema: 4003-1234", "+5540031234"),
        ]
        for (text, e164) in cases {
            XCTAssertEqual(found(text), [e164], text)
        }
    }

    func testNationalFormatsReadByCurrency() {
        XCTAssertEqual(found("Your renewal of £399.99 was charged. Call 0808 164 0123"), ["+448081640123"])
        XCTAssertEqual(found("Your renewal of A$399.99 was charged. Call 1800 123 456"), ["+611800123456"])
        XCTAssertEqual(found("Your renewal of ₹9,999 was charged. Call 1800 123 4567"), ["+9118001234567"])
        XCTAssertEqual(found("Your renewal of MX$3,999 was charged. Call 55 1234 5678"), ["+525512345678"])
    }

    func testNationalFormatsReadByRecipientDomain() {
        XCTAssertEqual(found("Call 0330 123 4567 today", recipient: ["GB"]), ["+443301234567"])
        XCTAssertEqual(found("Call 030 12345678 today", recipient: ["DE"]), ["+493012345678"])
        XCTAssertEqual(
            found("Please call us today if you did not make this purchase: 0800 123 4567", recipient: []), ["+448001234567"],
            "English text alone still tries the English-speaking plans after the US")
    }

    func testUSNumbersStayUSWhateverTheHints() {
        XCTAssertEqual(found("Call (844) 555-0199 today", recipient: ["DE"], sender: ["FR"]), ["+18445550199"])
        XCTAssertEqual(found("Call 1-888-555-0199 today", recipient: ["BR"]), ["+18885550199"])
    }

    func testAmountsAreNotPhones() {
        for text in [
            "Total 272.9446000 BTC", "Importe: 1.234.567,89 €", "Valor: R$ 1.299,90 pago",
            "Amount EUR 4028389522", "Betrag 12.345.678 EUR", "Importe: € 900.123.456",
        ] {
            XCTAssertEqual(found(text), [], text)
        }
    }

    func testIdentifiersInEveryLanguageAreNotPhones() {
        for text in [
            "Número de pedido: 4028389522", "Bestellnummer 4028389522", "N° de commande 0970801234",
            "Fatura 4028389522 disponível", "Ordine n. 0212345678", "Ordernummer: 0201234567",
            "INV4028389522", "ref:4028389522", "IBAN DE89 3704 0044 0532 0130 00",
        ] {
            XCTAssertEqual(found(text, recipient: ["DE"]), [], text)
        }
    }

    func testDisplayNameOrSubjectIdIsNotAPhone() {
        let findings = analyze([
            (.subject, [Array("AVISO DE COMPRA - 4028389522".utf8)]),
            (.fromName, [Array("Pedido 8643472494".utf8)]),
        ])
        XCTAssertEqual(findings.phones.map(\.e164), [])
        XCTAssertEqual(analyze("Renewal: call 1-888-555-0199", view: .subject).phones.map(\.e164), ["+18885550199"])
    }
}

extension NationalPhoneTests {
    /// 07700 900xxx is Ofcom's range for drama: possible in the UK, allocated nowhere, and
    /// valid in India as "77009 00123". British mail means the British number.
    func testNineDigitsDottedInThreesAreAPhoneWhereThePlanSaysSo() {
        XCTAssertEqual(found("Chiami il Numero Verde 800.187.329 subito, grazie.", recipient: ["IT"]), ["+39800187329"])
        XCTAssertEqual(found("Llame gratis al 900.123.456 hoy mismo, por favor.", recipient: ["ES"]), ["+34900123456"])
    }

    func testANumberGroupedAsTheLeadingCountryGroupsItIsThatCountrys() {
        XCTAssertEqual(found("Ring me on 07700 900123 about the sofa", recipient: ["GB"]), ["+447700900123"])
        XCTAssertEqual(found("Ring me on 07700900123 about the sofa", recipient: ["GB"]), [], "ungrouped: no claim to be a phone")
    }
}

extension NationalPhoneTests {
    /// "01423 567 209" splits the six-digit group of Harrogate's 01423 567209; India groups
    /// those digits differently, and British mail means the British number.
    func testALongGroupSplitFurtherStillMatchesItsCountry() {
        XCTAssertEqual(found("Please ring the office on 01423 567 209 to arrange access.", recipient: ["GB"]), ["+441423567209"])
    }
}

extension NationalPhoneTests {
    /// A dial-in or support list names each number's country right before it; that label
    /// decides the country of that number alone, whatever the message is about.
    func testTheCountryNamedBeforeANumberIsItsCountry() {
        let list = "Join by phone. Australia: 1800 861 207 (toll free). New Zealand: 0800 449 231. Netherlands 020 474 7747."
        XCTAssertEqual(found(list, recipient: ["AU"]), ["+611800861207", "+64800449231", "+31204747747"])
        XCTAssertEqual(found("Deutschland (gebührenfrei): 0800 330 1234", recipient: ["GB"]), ["+498003301234"])
        XCTAssertEqual(found("In Spain call 900 123 456 today.", recipient: ["GB"]), ["+34900123456"])
    }
}

extension NationalPhoneTests {
    /// Arabic-Indic digits are the Arab states' own: a Saudi 800 number so written is Saudi.
    func testArabicIndicDigitsPointAtTheArabStates() {
        XCTAssertEqual(found("اتصل على الرقم المجاني ٨٠٠٤٠٧٥١٢٩"), ["+9668004075129"])
    }
}
