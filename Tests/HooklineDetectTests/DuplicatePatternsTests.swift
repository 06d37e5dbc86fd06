import HooklineCore
import XCTest
@testable import HooklineDetect

/// Identical patterns are compiled once and their reports handed to every id
/// (``DuplicatePatterns``): each id must get exactly what compiling every copy gave.
final class DuplicatePatternsTests: XCTestCase {
    /// Phrases (fixed length), regexes whose start is found later, anchored ones (start
    /// tracked by the stream), each given under two or three ids, and copies that differ in
    /// flags only.
    static let specs: [PatternSpec] = {
        let distinct: [(String, Int?)] = [
            ("\\bto\\s+avoid\\b", 8), ("\\bebay\\b", 4), ("\\bcall\\s+back\\b", 9),
            ("\\bcall (?:\\S+ ){0,3}now\\b", nil), ("\\b\\w+ department\\b", nil),
            ("(?:^|[.!?] ?)(?:is this|are you) (?:real|legit)", nil), ("refund desk$", nil),
            ("\\bpending (?:activation|verification)\\b", nil), ("[$€] ?\\d+[.,]\\d{2}\\b", nil),
        ]
        var specs: [PatternSpec] = []
        for copy in 0..<3 {
            for (k, (expression, length)) in distinct.enumerated() where copy < 2 || k % 3 == 0 {
                specs.append(PatternSpec(id: UInt32(specs.count), expression: expression, length: length))
            }
        }
        // The same text case-sensitive is another pattern; so is a phrase's text as a regex
        // (same flags as the phrase: merged, but its start comes from its own rule).
        specs.append(PatternSpec(id: UInt32(specs.count), expression: "\\bebay\\b", caseless: false, length: 4))
        specs.append(PatternSpec(id: UInt32(specs.count), expression: "\\bebay\\b"))
        return specs
    }()

    /// The same patterns, the n-th copy of a text wrapped in n groups: the same language and
    /// flags, but a text of its own, so every copy is compiled as before.
    static func unmerged(_ specs: [PatternSpec]) -> [PatternSpec] {
        var seen: [String: Int] = [:]
        return specs.map { spec in
            var copy = spec
            let n = seen[spec.expression, default: 0]
            seen[spec.expression] = n + 1
            copy.expression = String(repeating: "(?:", count: n) + spec.expression + String(repeating: ")", count: n)
            return copy
        }
    }

    func testGroupsAreSameTextAndFlags() {
        let specs = [
            PatternSpec(id: 0, expression: "a"), PatternSpec(id: 1, expression: "b"),
            PatternSpec(id: 2, expression: "a"), PatternSpec(id: 3, expression: "a", caseless: false),
            PatternSpec(id: 4, expression: "b"), PatternSpec(id: 5, expression: "a"),
        ]
        let flags = specs.map { PatternDatabase.flags(for: $0) }
        let merged = DuplicatePatterns(specs, flags: flags)
        XCTAssertEqual(merged.compiled, [0, 1, 3])
        XCTAssertEqual(Array(merged.others(0)), [2, 5])
        XCTAssertEqual(Array(merged.others(1)), [4])
        XCTAssertEqual(Array(merged.others(3)), [])
        XCTAssertEqual(Array(merged.others(99)), [])
        // Flags decide too: start-of-match taken off one copy only (Vectorscan refused it).
        var other = flags
        other[2] ^= 1 << 8
        XCTAssertEqual(DuplicatePatterns(specs, flags: other).compiled, [0, 1, 2, 3])
    }

    /// Vectorscan reads bytes: canonically equivalent texts in different bytes are two patterns.
    func testSameTextInOtherBytesIsNotMerged() {
        let specs = [
            PatternSpec(id: 0, expression: "caf\u{E9}"), PatternSpec(id: 1, expression: "cafe\u{301}"),
            PatternSpec(id: 2, expression: "caf\u{E9}"),
        ]
        XCTAssertEqual(specs[0].expression, specs[1].expression)
        let merged = DuplicatePatterns(specs, flags: [0, 0, 0])
        XCTAssertEqual(merged.compiled, [0, 1])
        XCTAssertEqual(Array(merged.others(0)), [2])
    }

    func testRepeatedOrSparseIdsAreNotMerged() {
        let repeated = [PatternSpec(id: 0, expression: "a"), PatternSpec(id: 0, expression: "a")]
        XCTAssertEqual(DuplicatePatterns(repeated, flags: [0, 0]).compiled, [0, 1])
        let sparse = [PatternSpec(id: 0, expression: "a"), PatternSpec(id: 1 << 21, expression: "a")]
        let merged = DuplicatePatterns(sparse, flags: [0, 0])
        XCTAssertEqual(merged.compiled, [0, 1])
        XCTAssertTrue(merged.aliases.isEmpty)
    }

    func testShippedShapeIsMerged() throws {
        let db = try PatternDatabase(Self.specs, mode: .stream)
        XCTAssertEqual(db.duplicates.compiled.count, 9 + 1)
        XCTAssertEqual(db.count, Self.specs.count)
    }

    /// Texts of the patterns' words in random order and case, across views and text calls,
    /// with a low per-pattern limit so the limit is reached on some.
    func testStreamMatchesAreThoseOfEveryCopyCompiled() throws {
        let merged = try PatternDatabase(Self.specs, mode: .stream)
        // Every copy compiled by Vectorscan: none merged, none left to the word table.
        let reference = try PatternDatabase(Self.unmerged(Self.specs), mode: .stream, words: false)
        XCTAssertEqual(reference.duplicates.compiled.count, Self.specs.count)
        let words = [
            "to", "avoid", "eBay", "EBAY", "call", "back", "now", "the", "billing", "department", "is", "this",
            "real", "legit", "are", "you", "refund", "desk", "pending", "activation", "verification", "$", "€",
            "12.50", "7,99", ".", "?", "!", "\n", "  ", "callback", "toavoid", "x",
        ]
        let views: [TextView] = [.subject, .plain, .html, .fromName]
        var limits = Limits()
        limits.maxMatchesPerPattern = 6
        var rng = SplitMix(seed: 22)
        var total = 0
        var limited = 0
        for _ in 0..<400 {
            var input: [(TextView, [[UInt8]])] = []
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                var text = ""
                for _ in 0..<Int(rng.next() % 60) {
                    text += words[Int(rng.next() % UInt64(words.count))]
                    text += rng.next() % 5 == 0 ? "" : " "
                }
                let bytes = Array(text.utf8)
                var chunks: [[UInt8]] = []
                var at = 0
                while at < bytes.count {
                    let n = min(bytes.count - at, 1 + Int(rng.next() % 40))
                    chunks.append(Array(bytes[at..<(at + n)]))
                    at += n
                }
                input.append((views[Int(rng.next() % UInt64(views.count))], chunks))
            }
            let a = analyze(input, patterns: merged, limits: limits)
            let b = analyze(input, patterns: reference, limits: limits)
            XCTAssertEqual(a.matches, b.matches)
            XCTAssertEqual(a.anomalies, b.anomalies)
            total += a.matches.count
            if a.anomalies.contains(.matchLimitReached) { limited += 1 }
        }
        // The texts must exercise what is compared: many matches, some messages at the limit.
        XCTAssertGreaterThan(total, 4000)
        XCTAssertGreaterThan(limited, 10)
    }

    func testBlockMatchesAreThoseOfEveryCopyCompiled() throws {
        let block = Self.specs.filter { !$0.expression.hasSuffix("$") }
        let merged = try PatternDatabase(block, mode: .block)
        let reference = try PatternDatabase(Self.unmerged(block), mode: .block)
        XCTAssertEqual(reference.duplicates.compiled.count, block.count)
        XCTAssertLessThan(merged.duplicates.compiled.count, block.count)
        for text in [
            "Call back now to avoid the billing department fee of $ 12.50", "is this real? eBay", "EBAY refund desk",
            "pending verification", "nothing here",
        ] {
            XCTAssertEqual(merged.matches(in: text), reference.matches(in: text), text)
        }
    }
}
