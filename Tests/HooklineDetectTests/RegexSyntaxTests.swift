import XCTest

@testable import HooklineDetect

/// ``RegexSyntax`` is the one grammar the compile-time regex readings share: the tree it gives
/// for each construct the rule files use, what it refuses (so every reading answers nil for
/// it), and the readings where one tree fixed what the three parsers had read differently.
final class RegexSyntaxTests: XCTestCase {
    func testTrees() {
        let cases: [(String, [[RegexNode]])] = [
            ("ab", [[.byte(0x61), .byte(0x62)]]),
            ("a|", [[.byte(0x61)], []]),
            (#"\bé\B"#, [[.boundary(true), .character([0xC3, 0xA9]), .boundary(false)]]),
            (#"\x41\x{20AC}\x"#, [[.hex(0x41), .hex(0x20AC), .hex(0)]]),
            (#"\d\.\e"#, [[.escape(0x64), .escape(0x2E), .escape(0x65)]]),
            (".^$", [[.any, .start, .end]]),
            ("(?i)a", [[.flags, .byte(0x61)]]),
            (
                "(?i:a)(?:b)(c)",
                [
                    [
                        .group([[.byte(0x61)]], flagged: true), .group([[.byte(0x62)]], flagged: false),
                        .group([[.byte(0x63)]], flagged: false),
                    ]
                ]
            ),
            (
                "a?b*?c++",
                [
                    [
                        .repeated(.byte(0x61), least: 0, most: 1, lazy: false, possessive: false),
                        .repeated(.byte(0x62), least: 0, most: nil, lazy: true, possessive: false),
                        .repeated(.byte(0x63), least: 1, most: nil, lazy: false, possessive: true),
                    ]
                ]
            ),
            (
                "a{2}b{2,}c{0,3}",
                [
                    [
                        .repeated(.byte(0x61), least: 2, most: 2, lazy: false, possessive: false),
                        .repeated(.byte(0x62), least: 2, most: nil, lazy: false, possessive: false),
                        .repeated(.byte(0x63), least: 0, most: 3, lazy: false, possessive: false),
                    ]
                ]
            ),
            ("é+", [[.repeated(.character([0xC3, 0xA9]), least: 1, most: nil, lazy: false, possessive: false)]]),
            ("]}", [[.byte(0x5D), .byte(0x7D)]]),
            (
                #"[]a-c\s\b\x41é-]"#,
                [
                    [
                        .set(
                            negated: false,
                            items: [
                                .byte(0x5D), .range(0x61, 0x63), .escape(0x73),
                                .escape(0x62), .hex(0x41), .character([0xC3, 0xA9]),
                                .byte(0x2D),
                            ])
                    ]
                ]
            ),
            (#"[^\t-z\.-/\x30-9]"#, [[.set(negated: true, items: [.range(0x09, 0x7A), .range(0x2E, 0x2F), .range(0x30, 0x39)])]]),
        ]
        for (expression, tree) in cases {
            XCTAssertEqual(RegexSyntax.parse(expression), tree, expression)
        }
    }

    /// Each attacks one rule of the grammar; none may be read, and none may trap.
    func testRefused() {
        let refused = [
            "(", ")", "a)", "(?=a)", "(?#c)", "(?x:a)", "[a", "[]", "[[:alpha:]]", #"[a-\d]"#, "[z-a]",
            "[é-z]", #"[\d-z]"#, "[a-é]", "*a", "a**", "a+?+", "a{2}{3}", "a{", "a{x}", "a{,2}", "a{3,2}",
            "a{12345678}", #"\"#, #"\x{41"#, #"\x{zz}"#, "?",
            String(repeating: "(", count: 70) + "a"
                + String(repeating: ")", count: 70),
        ]
        for expression in refused {
            XCTAssertNil(RegexSyntax.parse(expression), expression)
            XCTAssertNil(ReportTiming.reading(expression), expression)
            XCTAssertNil(SeparatorBound.maxSeparators(expression), expression)
            XCTAssertNil(StartShapes.sequences(expression, caseless: true), expression)
        }
        let nested = String(repeating: "(", count: 60) + "a" + String(repeating: ")", count: 60)
        XCTAssertNotNil(RegexSyntax.parse(nested))
    }

    /// What the three hand-written parsers had read apart, now read once, as Vectorscan does
    /// in UTF-8 mode: a quantifier applies to the whole character before it, and a range may
    /// start at an escape of one byte.
    func testOneReadingForEveryAnalysis() {
        XCTAssertNil(ReportTiming.reading(#"x\bé?"#)?.late, "é? may match nothing: the match may end at \\b")
        XCTAssertEqual(ReportTiming.reading(#"x\bé"#)?.late, false)
        XCTAssertEqual(ReportTiming.reading(#"[\t-z]"#)?.lastBytes.contains(UInt8(ascii: "b")), true)
        XCTAssertEqual(SeparatorBound.maxSeparators(#"[\t-z]{3}"#), 3)
        XCTAssertEqual(SeparatorBound.maxSeparators(#"[\.-z]{3}"#), 0)
        XCTAssertEqual(StartShapes.sequences(#"[\.-0]"#, caseless: false)?.count, 1)
        XCTAssertEqual(StartShapes.sequences("a€?", caseless: false)?.map(\.count).sorted(), [1, 4])
    }
}
