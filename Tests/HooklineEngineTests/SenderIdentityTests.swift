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

    func testABrandsOwnTopLevelDomainIsNotGeneric() {
        XCTAssertTrue(MessageFeatures.name("BNP Paribas", spells: "bnpparibas"))
        XCTAssertTrue(MessageFeatures.genericTLDs.contains("support"), "anyone registers under .support")
    }
}
