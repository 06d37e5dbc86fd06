import XCTest
@testable import HooklineEngine

/// Whether a From display name spells its own domain (`sender_identity`).
final class SenderIdentityTests: XCTestCase {
    /// `lastLabel` is `split(separator: ".").last` on domains made of dots, letters, empty
    /// labels, combining marks and a dot that a mark joins (one Character, not a dot).
    func testLastLabelIsTheLastLabelSplitGives() {
        let pieces = [".", ".", "a", "com", "", "bnpparibas", "\u{301}", "é", "ü", "-", "x.y", ".\u{301}", "日本"]
        var state: UInt64 = 0x1AB_E15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % n
        }
        var nonNil = 0
        for _ in 0..<3000 {
            let domain = (0..<next(7)).map { _ in pieces[next(pieces.count)] }.joined()
            let want = domain.split(separator: ".").last
            XCTAssertEqual(MessageFeatures.lastLabel(domain).map(String.init), want.map(String.init), domain.debugDescription)
            if want != nil { nonNil += 1 }
        }
        XCTAssertGreaterThan(nonNil, 1000)
    }

    func testAccentedLettersSpellTheirBaseLetters() {
        XCTAssertTrue(MessageFeatures.name("Itaú", spells: "itau"), "Itaú at itau.com.br")
        XCTAssertTrue(MessageFeatures.name("Crédit Agricole", spells: "credit-agricole"))
        XCTAssertFalse(MessageFeatures.name("Itaú Segurança", spells: "itau-seguranca-alerta"), "every word of a hyphenated label")
    }

    func testInitialsSpellAShortLabel() {
        XCTAssertTrue(MessageFeatures.name("PKO Bank Polski", spells: "pkobp"), "first word whole, then initials")
        XCTAssertTrue(MessageFeatures.name("Royal Bank of Canada", spells: "rboc"), "all initials")
        XCTAssertFalse(MessageFeatures.name("Security Team", spells: "st"), "two letters tell nothing")
        XCTAssertTrue(MessageFeatures.name("DNB", spells: "dnb"), "three letters, the whole name")
        XCTAssertTrue(MessageFeatures.name("RBC Royal Bank", spells: "rbc"), "three letters as the first word")
        XCTAssertFalse(MessageFeatures.name("Kundeservice DNB", spells: "dnb"), "three letters only as the first word")
        XCTAssertFalse(MessageFeatures.name("PKO Bank Polski", spells: "pkobp-alerts"), "every word of a hyphenated label")
    }

    func testWordsCutShortAndRunTogetherSpellALabel() {
        XCTAssertTrue(MessageFeatures.name("Medical Revenue Partners", spells: "medrevpartners"))
        XCTAssertTrue(MessageFeatures.name("Bank of America", spells: "bankamerica"), "a middle word left out")
        XCTAssertTrue(MessageFeatures.name("Northern Trust Savings LLC", spells: "northtrustsav"))
        XCTAssertFalse(MessageFeatures.name("Medical Revenue Partners", spells: "medrevalerts"), "'alerts' is not in the name")
        XCTAssertFalse(MessageFeatures.name("Revenue Partners", spells: "medrevpartners"), "the first word must start it")
        XCTAssertFalse(MessageFeatures.name("Medical Revenue Partners", spells: "mrevpartners"), "two letters of a word say nothing")
    }

    func testLeadingInitialsThenWordsSpellALabel() {
        XCTAssertTrue(MessageFeatures.name("Pacific Western Business Banking", spells: "pwbusinessbank"))
        XCTAssertTrue(MessageFeatures.name("First National Bank Alaska", spells: "fnbalaska"))
        XCTAssertFalse(MessageFeatures.name("Pacific Western Business Banking", spells: "pwalerts"), "'alerts' is not in the name")
        XCTAssertFalse(MessageFeatures.name("Geek Squad", spells: "gsquadsupport"), "every letter comes from the name")
        XCTAssertTrue(MessageFeatures.name("The New York Times", spells: "nytimes"), "a leading article is no part of it")
    }

    func testABrandsOwnTopLevelDomainIsNotGeneric() {
        XCTAssertTrue(MessageFeatures.name("BNP Paribas", spells: "bnpparibas"))
        XCTAssertTrue(MessageFeatures.genericTLDs.contains("support"), "anyone registers under .support")
    }
}
