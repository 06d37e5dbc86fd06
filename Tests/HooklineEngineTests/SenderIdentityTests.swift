import XCTest
@testable import HooklineEngine

/// Whether a From display name spells its own domain (`sender_identity`).
final class SenderIdentityTests: XCTestCase {
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
