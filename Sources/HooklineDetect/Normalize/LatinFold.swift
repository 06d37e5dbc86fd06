import Foundation
import HooklineCore

/// Latin letters with diacritics read as their base letter: "é" is "e", "Ü" is "u".
///
/// Lures are written in seven languages, often without their accents (by attackers on
/// English keyboards, or on purpose), and Vectorscan's word boundary is ASCII-only, so a
/// phrase that starts or ends with an accented letter would never match on a boundary.
/// Folding both the message text and the lexicons through the same canonical
/// decomposition (Unicode NFD: base letter plus combining marks) makes "cancelación",
/// "cancelacion" and a decomposed "cancelacio\u{301}n" one word. Only letters of the Latin
/// script whose decomposition is an ASCII letter followed by marks fold; "ß", "ø", "æ"
/// and every other script keep their spelling.
public enum LatinFold {
    /// The ASCII base of a precomposed Latin letter, lower-cased, or nil.
    public static func base(of scalar: Unicode.Scalar) -> UInt8? {
        guard !scalar.isASCII, scalar.properties.isAlphabetic, scalar.value < 0x2000 else { return nil }
        let decomposed = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
        guard let first = decomposed.first, first.isASCII, first.properties.isAlphabetic,
            decomposed.dropFirst().allSatisfy({ $0.properties.generalCategory == .nonspacingMark })
        else { return nil }
        return UInt8(truncatingIfNeeded: first.value) | 0x20
    }

    /// A lexicon phrase or regex as the normaliser will have written the text it matches.
    /// Safe on regex source: a folded letter is still a literal where the accented one was.
    public static func fold(_ text: String) -> String {
        // Most phrases and regexes are ASCII, which never folds: the config load folds every
        // one of them (~70 M instructions scalar by scalar before this test).
        if ASCII.isASCII(text) { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if let b = base(of: s) { out.append(Unicode.Scalar(b)) } else { out.append(s) }
        }
        return String(out)
    }
}
