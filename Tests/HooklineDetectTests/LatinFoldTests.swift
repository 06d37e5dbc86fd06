import HooklineCore
import XCTest
@testable import HooklineDetect

/// Accented Latin letters read as their base letter in the text and in the lexicons, so a
/// phrase matches with or without its accents, precomposed or decomposed, and Vectorscan's
/// ASCII word boundary works beside a letter that was accented.
final class LatinFoldTests: XCTestCase {
    func testPrecomposedDecomposedAndPlainSpellingsNormaliseAlike() {
        let forms = ["CANCELACIÓN", "cancelación", "cancelacio\u{301}n", "cancelacion"]
        XCTAssertEqual(Set(forms.map { normalized($0) }), ["cancelacion"])
        XCTAssertEqual(normalized("Überweisung abgelehnt"), "uberweisung abgelehnt")
    }

    func testOnlyLatinLettersWithAnASCIIBaseFold() {
        XCTAssertEqual(LatinFold.fold("Ärger straße øre æble"), "arger straße øre æble")
        XCTAssertEqual(LatinFold.fold("Ωμέγα привет"), "Ωμέγα привет", "other scripts keep their spelling")
        XCTAssertEqual(LatinFold.fold("(?:é|e)tait\\b"), "(?:e|e)tait\\b", "regex syntax survives")
    }

    func testAPhraseEndingInAnAccentedLetterMatchesOnAWordBoundary() throws {
        let db = try PatternDatabase(
            [PatternSpec(id: 0, expression: LatinFold.fold("\\bmontant dû\\b"), caseless: true)], mode: .stream)
        let analyzer = TextAnalyzer(patterns: db, limits: .default)
        analyzer.begin(.plain)
        var text = "Le montant dû est de 49,99 €."
        text.withUTF8 { analyzer.text(UnsafeRawBufferPointer($0)) }
        XCTAssertEqual(analyzer.finish().matches.map(\.evidence), ["montant du"])
    }
}
