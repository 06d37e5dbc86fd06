import Foundation
import HooklineCore
import XCTest

@testable import HooklineDetect

/// A finder of a pattern of unbounded width scans from the `k + 1`-th white-space byte before
/// each end (``SeparatorBound``), not from the horizon: every match's start, end and evidence
/// must be what the horizon-long window gave, over the shipped unbounded lexicon regexes and
/// text built from them (``RegexRewriteTests/Regex``), with long runs of words between them.
final class SeparatorBoundTests: XCTestCase {
    func testCounts() {
        let cases: [(String, Int?)] = [
            (#"\bcall(?: \S+){0,3} (?:us|now)\b"#, 4),
            (#"\b\w+ (?:department|dept)\b"#, 1),
            (#"\b[a-z0-9_-]+\.(?:js|py)\b"#, 0),
            (#"\bfoo\s?\d{1,3}(?:[,.]\d{3})*\b"#, 1),
            (#"\b(?:a|b c d|e f) \S+"#, 3),
            (#"x[ -~]y[^a-z]z[\S]+[^\S]"#, 3),
            (#"(?: x){2,5}\w*"#, 5),
            (#"a{2,}b\.\-"#, 0),
            (#"a|(?:b\W)?\D"#, 2),
            (#"(?: \S+)+"#, nil),
            (#"a.*b"#, nil),
            (#"\s+"#, nil),
            (#"[^a-z]+"#, nil),
            (#"(?:the )+desk"#, nil),
            (#"(?:^|x)y"#, nil),
            (#"a$"#, nil),
            (#"(?=a)b"#, nil),
            (#"\x20a"#, nil),
            (#"[[:alpha:]] "#, nil),
            (#"a{2"#, nil),
            (#"(a"#, nil),
            (#"a)"#, nil),
        ]
        for (expression, expected) in cases {
            XCTAssertEqual(SeparatorBound.maxSeparators(expression), expected, expression)
        }
    }

    func testShippedUnboundedPatternsFindTheSameStarts() throws {
        let expressions = try Self.unboundedLexiconRegexes()
        XCTAssertGreaterThan(expressions.count, 80)
        let specs = expressions.enumerated().map { PatternSpec(id: UInt32($0.offset), expression: $0.element) }
        let bounded = try PatternDatabase(specs, mode: .stream)
        let horizon = try PatternDatabase(specs, mode: .stream, separatorBounds: false)
        let boundedIDs = specs.filter { bounded.starts?.separators($0.id) != nil }.count
        XCTAssertGreaterThan(boundedIDs, expressions.count * 3 / 4)
        XCTAssertNil(horizon.starts?.separators(specs[0].id))
        let grammars = expressions.map { try? RegexRewriteTests.Regex($0) }
        let filler = ["the", "call", "our", "x", "ab_c", "1", "é", "über", "department", "billing", "-", "you", "at"]
        var rng = SplitMix(seed: 28)
        var compared = 0
        for n in 0..<300 {
            var views: [(TextView, [[UInt8]])] = []
            var shown: [String] = []
            for view in [TextView.plain, .html].prefix(1 + Int(rng.next() % 2)) {
                var text: [UInt8] = []
                for _ in 0..<(1 + Int(rng.next() % 6)) {
                    // Words between the pieces: windows from the horizon would be long.
                    for _ in 0..<Int(rng.next() % 40) {
                        text += Array(filler[Int(rng.next() % UInt64(filler.count))].utf8)
                        text.append(rng.next() % 9 == 0 ? 0x0A : 0x20)
                    }
                    let k = Int(rng.next() % UInt64(grammars.count))
                    if let grammar = grammars[k] { text += RegexRewriteTests.text(grammar, &rng) }
                    text.append(0x20)
                }
                var chunks: [[UInt8]] = []
                var at = 0
                while at < text.count {
                    let size = 1 + Int(rng.next() % 300)
                    chunks.append(Array(text[at..<min(text.count, at + size)]))
                    at += size
                }
                views.append((view, chunks))
                shown.append(String(decoding: text, as: UTF8.self))
            }
            let a = analyze(views, patterns: bounded).matches
            let b = analyze(views, patterns: horizon).matches
            let describe = { (m: [PatternMatch]) in m.map { "\($0.id) \($0.view) \($0.start) \($0.end) \($0.evidence)" } }
            XCTAssertEqual(describe(a), describe(b), "text \(n): \(shown.debugDescription)")
            if describe(a) != describe(b) { return }
            compared += a.count
        }
        XCTAssertGreaterThan(compared, 1000)
    }

    /// The shipped lexicons' regexes with an unbounded repeat (`+`, `*`, `{n,}`), Latin-folded
    /// as the config compiles them.
    static func unboundedLexiconRegexes() throws -> [String] {
        try ShippedLexicons.expressions().filter { $0.contains("+") || $0.contains("*") || $0.contains(",}") }
            .map(LatinFold.fold)
    }
}
