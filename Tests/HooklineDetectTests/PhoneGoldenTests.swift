import HooklineCore
import XCTest
@testable import HooklineDetect

/// Numbers the scanner must find in every common layout, and look-alikes it must leave alone.
final class PhoneGoldenTests: XCTestCase {
    func testNorthAmericanLayouts() {
        for text in [
            "+1 (864) 347-2494", "1-864-347-2494", "864.347.2494", "(864) 347-2494",
            "864-347-2494", "+18643472494", "1 864 347 2494", "tel:+1-864-347-2494",
            "Phone:8643472494", "call (864)347-2494.",
        ] {
            XCTAssertEqual(phones(in: "Please contact us at \(text) today"), ["+18643472494"], text)
        }
    }

    func testInternationalLayouts() {
        XCTAssertEqual(phones(in: "London office +44 20 7946 0958."), ["+442079460958"])
        XCTAssertEqual(phones(in: "Berlin: +49 30 12345678"), ["+493012345678"])
        XCTAssertEqual(phones(in: "Paris +33 1 42 68 53 00 ou"), ["+33142685300"])
    }

    func testNationalNumbersUseTheGivenRegions() {
        XCTAssertEqual(phones(in: "Freephone 0800 123 4567", regions: ["US", "GB"]), ["+448001234567"])
        // Nothing places a number grouped as no plan groups it: unread.
        XCTAssertEqual(phones(in: "Freephone 08001 234567", regions: ["US"]), [])
    }

    func testTypesAndRegion() {
        let found = analyze("Call 1-800-642-7676 or +1 (864) 347-2494").phones
        XCTAssertEqual(found.map(\.e164), ["+18006427676", "+18643472494"])
        XCTAssertEqual(found.first?.type, .tollFree)
        XCTAssertEqual(found.first?.region, "US")
        XCTAssertEqual(found.last?.type, .fixedOrMobile)
    }

    func testVanityNumber() {
        let found = analyze("call 1-888-MSFT-HELP now").phones
        XCTAssertEqual(found.map(\.e164), ["+18886738435"])
        XCTAssertEqual(found.first?.evidence, "1-888-MSFT-HELP")
        XCTAssertEqual(phones(in: "1-800-FLOWERS"), ["+18003569377"])
        XCTAssertEqual(phones(in: "Call 1-888-HELP-365 today"), ["+18884357365"], "a word then the digits it lacks")
        XCTAssertEqual(phones(in: "the scam line +1 (866) 578-XXXX"), [], "a mask, not a word")
        XCTAssertEqual(phones(in: "call 1-800-BIG or else"), [], "three letters is a word, not a vanity number")
        XCTAssertEqual(phones(in: "call 864-347-HELP"), [], "vanity only after a toll-free prefix")
    }

    func testNumberNextToOtherNumbers() {
        XCTAssertEqual(phones(in: "Order 12345 864 347 2494"), ["+18643472494"])
        XCTAssertEqual(phones(in: "Ref 2026-11-25\n864-347-2494"), ["+18643472494"])
        XCTAssertEqual(phones(in: "864-347-2494 800-642-7676"), ["+18643472494", "+18006427676"])
        XCTAssertEqual(phones(in: "open 9:00-17:00 call 864-347-2494"), ["+18643472494"])
        XCTAssertEqual(phones(in: "call 864-347-2494 10:30am"), ["+18643472494"])
    }

    func testDeduplicatesAcrossViewsKeepingFirstEvidence() {
        let findings = analyze([
            (.subject, [Array("Call 864.347.2494".utf8)]),
            (.plain, [Array("call +1 (864) 347-2494 or 864-347-2494".utf8)]),
            (.html, [Array("<b>+1 864 347 2494</b>".utf8)]),
        ])
        XCTAssertEqual(findings.phones.count, 1)
        XCTAssertEqual(findings.phones.first?.views, [.subject, .plain, .html])
        XCTAssertEqual(findings.phones.first?.evidence, "864.347.2494")
        XCTAssertEqual(findings.phones.first?.offset, 5)
    }

    func testPhoneLimit() {
        var limits = Limits()
        limits.maxPhones = 2
        let text = "864-347-2494 800-642-7676 888-555-0100 212-555-0123"
        let findings = analyze(text, limits: limits)
        XCTAssertEqual(findings.phones.count, 2)
        XCTAssertTrue(findings.anomalies.contains(.phoneLimitReached))
    }

    // MARK: - Must not find

    func testTrackingNumbers() {
        for text in [
            "1Z999AA10123456784", "1Z 999 AA1 01 2345 6784", "123456789012", "9400111899223033005282",
            "12345678901234567890", "420 10001 9400111899223033005282", "794612345678901",
        ] {
            XCTAssertEqual(phones(in: "Tracking: \(text) shipped"), [], text)
        }
    }

    func testOrderIdentifiers() {
        for text in [
            "INV-22455340", "order-22455340", "#112-4455667-8899001", "INV-8643472494",
            "order_8643472494", "ref#8643472494", "invd39f76ef94", "ID:8643472494x",
        ] {
            XCTAssertEqual(phones(in: "Invoice \(text) was paid"), [], text)
        }
    }

    func testDatesAndTimes() {
        for text in [
            "2026-11-25", "11/25/2026", "25.11.2026", "2026-11-25 10:30:45", "10:30:45 2026-11-25",
            "11/25/2026 8:43:47",
        ] {
            XCTAssertEqual(phones(in: "On \(text) we charged"), [], text)
        }
    }

    func testAmounts() {
        for text in [
            "389.90 USD", "$1,234.56", "USD 8643472.94", "$8643472494", "8643472494%",
            "\u{20AC}8643472494", "\u{00A3}8643472494",
        ] {
            XCTAssertEqual(phones(in: "Total \(text) due"), [], text)
        }
    }

    /// Market tables: an index and its change side by side are two decimals, not a number.
    func testDecimalsSideBySide() {
        XCTAssertEqual(phones(in: "Dow 8639.19  -45.34  Nasdaq 1287.85 +12.40"), [])
        XCTAssertEqual(phones(in: "S&P 854.24 -8.69 (1.01%)"), [])
        XCTAssertEqual(
            phones(in: "Call 864.347.2494 or 01.23.45.67.89", regions: ["US", "FR"]),
            ["+18643472494", "+33123456789"])
    }

    func testIBANs() {
        for text in ["DE89 3704 0044 0532 0130 00", "GB29 NWBK 6016 1331 9268 19", "FR14 2004 1010 0505 0001 3M02 606"] {
            XCTAssertEqual(phones(in: "IBAN \(text) BIC"), [], text)
        }
    }

    func testIPAddresses() {
        for text in ["192.168.100.254", "10.20.30.40", "203.0.113.195"] {
            XCTAssertEqual(phones(in: "from \(text) port"), [], text)
        }
    }

    func testGluedToLettersOrURLs() {
        for text in [
            "abc8643472494", "8643472494xyz", "https://example.com/track?id=8643472494",
            "https://example.com/8643472494/", "user8643472494@example.com", "8643472494@example.com",
        ] {
            XCTAssertEqual(phones(in: "see \(text) here"), [], text)
        }
    }

    func testShortAndLongDigitRuns() {
        XCTAssertEqual(phones(in: "call 347-2494"), [], "seven digits without an area code is not valid in US")
        XCTAssertEqual(phones(in: "serial 12345678901234567890123456789"), [])
        XCTAssertEqual(phones(in: String(repeating: "1 2 ", count: 500)), [])
    }

    func testHostileDigitSoupStaysBounded() {
        // Thousands of plausible-looking groups: the validation budget caps libphonenumber calls.
        var soup = ""
        for k in 0..<3000 { soup += "\(200 + k % 700) \(100 + k % 800) " }
        let findings = analyze(soup)
        XCTAssertLessThanOrEqual(findings.phones.count, Limits.default.maxPhones)
    }
}

extension PhoneGoldenTests {
    func testVanityNeedsCapitalsAndAJoinedPrefix() {
        XCTAssertEqual(phones(in: "we sold 8337 comments and 1800 management plans"), [])
        XCTAssertEqual(phones(in: "call 1-888-msft-help"), [], "lower-case words after a number are prose")
        XCTAssertEqual(phones(in: "call 888 MSFTHELP"), [], "a space does not join a vanity word")
        XCTAssertEqual(phones(in: "call 1-800-MANAGEMENT"), ["+18006262436"])
    }
}

extension PhoneGoldenTests {
    func testANumberWrittenIntoADashJoinedNameKeepsItsGrouping() {
        XCTAssertEqual(phones(in: "join Refund-Dept-Call-1-888-336-0918 now"), ["+18883360918"])
        XCTAssertEqual(phones(in: "ids INV-2245531234 and SKU-415-5550123 here"), [], "an ID not written as a phone")
    }

    func testANumberWrittenIntoAFileNameKeepsItsGrouping() {
        XCTAssertEqual(phones(in: "view AMAZON_INVOICE_1-877-650-2193_RETURN.pdf now"), ["+18776502193"])
        XCTAssertEqual(phones(in: "open Coinbase-Refund-Call-1-844-719-3352.pdf today"), ["+18447193352"], "before its extension")
        XCTAssertEqual(phones(in: "see scan_2024011512.pdf and IMG_20240115_123456.jpg"), [], "dates and counters in file names")
        XCTAssertEqual(phones(in: "file Invoice_8776502193.pdf attached"), [], "an ID not written as a phone")
        XCTAssertEqual(phones(in: "exten => _1888NXXXXXX,1,Dial()"), [], "a dial plan's wildcards are no keypad letters")
    }

    func testAPlusOpensANumberGluedToTheWordBefore() {
        XCTAssertEqual(phones(in: "Organization: AUTO-DEBIT USD 599.00 CALL+1-855-718-6624 IF NOT YOU"), ["+18557186624"])
        XCTAssertEqual(phones(in: "part SKU AB+4155550123 in stock"), [], "an ID not written as a phone")
    }

    func testANumberInsideANameIsHiddenFromItsReader() {
        XCTAssertTrue(analyze("topic AWS-Billing-Refund-Line-1-888-902-7714").anomalies.contains(.obfuscatedDigits))
        XCTAssertTrue(analyze("file INVOICE_1-877-650-2193_RETURN").anomalies.contains(.obfuscatedDigits))
        XCTAssertFalse(analyze("call 1-888-902-7714 or open Invoice-1-877.pdf").anomalies.contains(.obfuscatedDigits))
    }

    func testSemicolonsAndAsterisksPadDigitsToo() {
        XCTAssertEqual(phones(in: "Call our disputes line: +1 888 ; 4l7 ; 2O93"), ["+18884172093"])
        XCTAssertEqual(phones(in: "reach Billing at 1 8 0 8 * 2 3 1 * 9 2 6 4 today"), ["+18082319264"])
        XCTAssertEqual(phones(in: "call support 8 3 3 . 7 4 8 . O 9 2 1 now"), ["+18337480921"], "a letter spaced like the digits")
        XCTAssertEqual(phones(in: "join REFUND-CALL-18664017735-ACCOUNT-LOCKED"), ["+18664017735"], "toll-free whole in a name")
    }

    func testOnlyTheFirstDotCanBeADecimalPoint() {
        XCTAssertEqual(phones(in: "telefonisch unter 069.958.673.21 erreichbar", regions: ["DE"]), ["+496995867321"])
        XCTAssertEqual(phones(in: "index 8639.19 up 45.34 today", regions: ["DE"]), [])
    }

    func testFourDottedGroupsAreAnAddressOnlyWhenEachIsAnOctet() {
        XCTAssertEqual(phones(in: "chiami il Numero Verde 800.19.84.27 gratis", regions: ["IT"]), ["+39800198427"])
        XCTAssertEqual(phones(in: "server 10.19.84.27 is down", regions: ["IT"]), [])
    }

    func testNumbersLabelledAsIdentifiers() {
        for text in [
            "Tracking number: 7706277974", "Order number: 743-2763785", "Invoice no. 415 555 0123",
            "Account #: 4155550123", "Shipment 7706277974 is on its way", "Ref: 415-555-0123",
            "Folio: 4028389522", "Autorización: 4155550123", "Buchungsnummer 4155550123", "Booking ref 415 555 0123",
        ] {
            XCTAssertEqual(phones(in: text), [], text)
        }
        XCTAssertEqual(phones(in: "Support number: 415-555-0123"), ["+14155550123"])
        XCTAssertEqual(phones(in: "to lock your account: +1 (888) 608-3512"), ["+18886083512"], "'+' is no identifier")
        XCTAssertEqual(phones(in: "Your order is confirmed. Call 415-555-0123"), ["+14155550123"])
    }

    func testNationalNumberRetriedWithTheMessagesCountry() {
        XCTAssertEqual(
            phones(in: "Refund desk 0800 123 4567, or +44 20 7946 0958"),
            ["+448001234567", "+442079460958"], "in the order written")
        XCTAssertEqual(phones(in: "Amount \u{00A3}422.89. Call 0800 123 4567"), ["+448001234567"])
        // USD points nowhere in Europe; the trunk "0" and the British grouping still do.
        XCTAssertEqual(phones(in: "Amount 422.89 USD. Call 0800 123 4567"), ["+448001234567"])
        XCTAssertEqual(phones(in: "\u{304A}\u{554F}\u{3044}\u{5408}\u{308F}\u{305B}: 03-1234-5678"), ["+81312345678"])
    }

    func testGenerouslyPaddedSeparators() {
        XCTAssertEqual(phones(in: "Reach us on   +1     \u{2013}   (888) -  (596) - (1028)"), ["+18885961028"])
        XCTAssertEqual(phones(in: "(888) (683) - (1189)"), ["+18886831189"])
    }
}

extension PhoneGoldenTests {
    func testNumbersSpelledInWords() {
        XCTAssertEqual(
            phones(in: "please contact us at 1-three-zero-five-eight-four-one-zero-seven-eight-five."),
            ["+13058410785"])
        XCTAssertEqual(phones(in: "Call one eight hundred six four two seven six seven six today"), ["+18006427676"])
        XCTAssertEqual(phones(in: "Dial Eight Hundred, Five Five Five, Zero One Two Three"), ["+18005550123"])
        XCTAssertTrue(analyze("dial one eight hundred six four two seven six seven six").anomalies.contains(.obfuscatedDigits))
    }

    func testCountingWordsInProseAreNotNumbers() {
        XCTAssertEqual(phones(in: "I have one or two ideas, three maybe, and five six seven eight nine cats."), [])
        XCTAssertEqual(phones(in: "one two three four five six seven eight nine ten"), [])
        XCTAssertEqual(phones(in: "Seven; eight: nine - zero one two three four five six"), [])
    }
}

extension PhoneGoldenTests {
    func testEuroAmountPointsAtEuropeanNationalNumbers() {
        XCTAssertEqual(phones(in: "Montant 299,99 \u{20AC}. Appelez le 01 86 76 12 34"), ["+33186761234"])
        XCTAssertEqual(phones(in: "Montant 299,99 USD. Appelez le 0186 7612 34"), [])
    }
}
