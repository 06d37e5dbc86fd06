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
    /// The ASCII shortcut in `fold` gives what folding scalar by scalar gives, on ASCII text,
    /// on text with one accented letter anywhere and on other scripts.
    func testFoldAgreesWithScalarByScalarFolding() {
        func reference(_ text: String) -> String {
            var out = String.UnicodeScalarView()
            for s in text.unicodeScalars {
                if let b = LatinFold.base(of: s) { out.append(Unicode.Scalar(b)) } else { out.append(s) }
            }
            return String(out)
        }
        let pieces = ["a", "Z", " ", "\\b", "(?:", "|", ")", "é", "Ü", "ß", "ø", "\u{301}", "Ω", "п", "ﬁ", "€", "\u{7F}"]
        var rng = SystemRandomNumberGenerator()
        var folded = 0
        for _ in 0..<3_000 {
            let n = Int.random(in: 0...12, using: &rng)
            let text = (0..<n).map { _ in pieces.randomElement(using: &rng) ?? "a" }.joined()
            XCTAssertEqual(LatinFold.fold(text), reference(text), text)
            if LatinFold.fold(text) != text { folded += 1 }
        }
        XCTAssertGreaterThan(folded, 100, "the generator makes text that folds")
    }
}
