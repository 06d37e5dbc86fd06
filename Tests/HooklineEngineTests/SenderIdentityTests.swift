import XCTest
@testable import HooklineEngine

/// Whether a From display name spells its own domain (`sender_identity`).
final class SenderIdentityTests: XCTestCase {
    func testAccentedLettersSpellTheirBaseLetters() {
        XCTAssertTrue(MessageFeatures.name("Itaú", spells: "itau"), "Itaú at itau.com.br")
        XCTAssertTrue(MessageFeatures.name("Crédit Agricole", spells: "credit-agricole"))
        XCTAssertFalse(MessageFeatures.name("Itaú Segurança", spells: "itau-seguranca-alerta"), "every word of a hyphenated label")
    }
}
