import XCTest
import HooklineCore
@testable import HooklineText

/// `AuthenticationResultsParser`'s one pass (comments stripped, escapes heeded by the strip
/// alone, segments cut and compacted as the bytes come, runs copied or skipped a table load
/// a byte) against `ReferenceAuthenticationResultsParser` (a pass for each step) on the
/// decoded value, on generated hostile values: nested and unclosed comments, quotes inside
/// and around comments, escapes at every depth and before quotes, ";" and blanks inside
/// quotes and comments, CR, LF, NUL, 8-bit bytes and upper case.
final class AuthResultsStripTests: XCTestCase {
    static let pieces: [[UInt8]] =
        HeaderReferenceTests.pieces + [
            Array("(".utf8), Array(")".utf8), Array("((".utf8), Array("))".utf8), Array("\\".utf8),
            Array("\\(".utf8), Array("\\)".utf8), Array("\\\"".utf8), Array("\"(q)\"".utf8), Array("(\"c\")".utf8),
            Array("(a\\)b)".utf8), Array("Dkim=Pass (Sig OK) Header.D=X.Example".utf8), [0x00], [0x2A], [0x29, 0x2A],
            Array("*+,-./09:;<=>?@AZ[]^_`az{|}~".utf8), [0x7F], [0xFF], Array("MX.Example.NET;".utf8),
            Array("; spf=pass smtp.mailfrom=a@b".utf8), Array(" = ".utf8), Array("\"a;b\"".utf8), Array("(x;y)".utf8),
            Array("\\;".utf8), Array("  ".utf8), Array("\t\r\n".utf8), Array(" header.from=\"a b\"".utf8),
        ]

    func testOnePassMatchesTheReference() {
        var rng = SplitMix64(state: 3007)
        var withResults = 0
        for round in 0..<40_000 {
            var v: [UInt8] = []
            for _ in 0..<Int.random(in: 0...16, using: &rng) { v += Self.pieces.randomElement(using: &rng) ?? [] }
            let s = String(decoding: v, as: UTF8.self)
            let expected = ReferenceAuthenticationResultsParser.parse(s)
            XCTAssertEqual(AuthenticationResultsParser.parse(s), expected, "round \(round): \(v)")
            if expected?.results.isEmpty == false { withResults += 1 }
            v.withUnsafeBytes { raw in
                guard HeaderDecoding.decodesQuietly(raw) else { return }
                var none: Set<Anomaly> = []
                let decoded = HeaderDecoding.decode(raw, anomalies: &none)
                XCTAssertEqual(
                    AuthenticationResultsParser.parse(quietRaw: raw), ReferenceAuthenticationResultsParser.parse(decoded),
                    "round \(round): \(v)")
            }
        }
        XCTAssertGreaterThan(withResults, 5_000)
    }

    /// Past 64 results the rest is not read, as the reference stops.
    func testResultsStopAtSixtyFour() {
        let v = "mx.example;" + String(repeating: " dkim=pass header.d=a.example;", count: 70)
        XCTAssertEqual(AuthenticationResultsParser.parse(v)?.results.count, 64)
        XCTAssertEqual(AuthenticationResultsParser.parse(v), ReferenceAuthenticationResultsParser.parse(v))
    }
}
