import XCTest

@testable import HooklineCore

/// The in-place ASCII test answers as the folded-key test it stands in for, and declines
/// (nil) exactly when a name is outside ASCII.
final class OwnHeaderFieldsTests: XCTestCase {
    func testInPlaceAnswersAsFoldedKeys() {
        let names = [
            "", "x", "X-Hookline-Verdict", "x-hookline-", "X-HOOKLINE-SCORE", "x-hookline", "X-Hookline_Verdict", "X-Spam-Flag",
            "x-spam-flag", "X-Spam-Fla", "Subject", "x-hooklinex", "X-Hoo\u{212A}line-Verdict", "Ünïcödé", "x-hookline-\u{e9}",
            "y-hookline-a", "X-HOOKLINE-A\u{0}", "\u{7f}x-hookline-",
        ]
        let verdictHeaders = ["X-Spam-Flag", "x-spam-flag", "X-Hookline-Verdict", "", "Subject", "X-\u{212A}", "X-K"]
        for n in names {
            for v in verdictHeaders {
                let reference = OwnHeaderFields.isOurs(key: OwnHeaderFields.key(n), verdictHeader: v)
                XCTAssertEqual(OwnHeaderFields.isOurs(n, verdictHeader: v), reference, "\(n) / \(v)")
                let ascii = n.unicodeScalars.allSatisfy(\.isASCII) && v.unicodeScalars.allSatisfy(\.isASCII)
                XCTAssertEqual(OwnHeaderFields.asciiIsOurs(n, verdictHeader: v), ascii ? reference : nil, "\(n) / \(v)")
            }
        }
        XCTAssertEqual(OwnHeaderFields.prefix, "x-hookline-", "the in-place test spells the prefix out")
    }

    /// The prepared names answer as the folded-key reference for generated names: every case
    /// mix of our names and the verdict header, every prefix of them, one byte swapped for a
    /// neighbour of a letter's case range ("@", "[", "`", "{"), a control byte, or a look-alike
    /// outside ASCII (Kelvin sign, Greek question mark, long s, dotted I, fullwidth letters,
    /// a combining accent), and suffixes past the prefix.
    func testPreparedNamesAnswerAsFoldedKeys() {
        var rng = SplitMix64(state: 0x5EED_0024)
        let verdictHeaders = [
            "X-Hookline-Verdict", "X-Spam-Flag", "x-spam-flag", "", "X-K", "X-A;", "X-\u{212A}", "Subject", "X-Hookline-",
            "X-Hook", "x-hookline-verdict-long-name", "X-Verdict\u{301}", "X;Y",
        ]
        let seeds = ["x-hookline-", "X-Hookline-Verdict", "X-Hookline-Score", "x-hookline", "Subject", "X-Spam-Flag", "Received"]
        let swaps: [String] = [
            "@", "[", "`", "{", "_", "\u{0}", "\r", "\u{7f}", ";", "\u{212A}", "\u{37E}", "\u{17F}", "\u{130}", "\u{FF4B}",
            "\u{301}", "\u{E9}", "k", "K", "-",
        ]
        var checked = 0
        for v in verdictHeaders {
            let prepared = OwnHeaderNames(verdictHeader: v)
            var names = seeds + [v]
            for base in seeds + [v] {
                let chars = Array(base)
                for _ in 0..<40 {
                    // A random case mix of the whole name.
                    var mixed = chars.map { rng.next() & 1 == 0 ? $0.uppercased() : $0.lowercased() }.joined()
                    names.append(mixed)
                    // Every prefix of it.
                    for k in 0..<chars.count { names.append(String(mixed.prefix(k))) }
                    // One character swapped, or something appended.
                    if !chars.isEmpty {
                        var c = Array(mixed)
                        c[Int(rng.next() % UInt64(c.count))] = Character(swaps[Int(rng.next() % UInt64(swaps.count))])
                        names.append(String(c))
                    }
                    mixed += swaps[Int(rng.next() % UInt64(swaps.count))]
                    names.append(mixed)
                }
            }
            for n in names {
                let reference = OwnHeaderFields.isOurs(key: OwnHeaderFields.key(n), verdictHeader: v)
                XCTAssertEqual(prepared.isOurs(n), reference, "\(n.debugDescription) / \(v.debugDescription)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 20_000)
        // The look-alikes that make String comparison differ from bytes are among them.
        XCTAssertTrue(OwnHeaderNames(verdictHeader: "X-A;").isOurs("x-a\u{37E}"))
        XCTAssertFalse(OwnHeaderNames(verdictHeader: "X-A;").isOurs("x-a;\u{301}"))
        XCTAssertFalse(OwnHeaderNames(verdictHeader: "X-K").isOurs("X-\u{212A}"))
        XCTAssertFalse(OwnHeaderNames(verdictHeader: "X-Spam-Flag").isOurs("x-hookline-\u{301}"))
        XCTAssertTrue(OwnHeaderNames(verdictHeader: "X-Spam-Flag").isOurs("X-HOOKLINE-\u{E9}"))
    }
}
