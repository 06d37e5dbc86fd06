import Foundation
import HooklineCore
import XCTest

@testable import HooklineDetect

/// A bounded regex's match start read from the text (``StartShapes``) must be the one its
/// finder scan gave: every match's start, end, evidence and order over the shipped lexicon
/// regexes without an unbounded repeat, on text built from them (``RegexRewriteTests/Regex``)
/// with hostile bytes beside the matches (upper case, non-ASCII letters, the Kelvin sign and
/// long s that fold to ASCII letters, vertical tab, currency symbols), handed to the stream
/// raw (not through the normaliser) in random cuts and views.
final class StartShapesTests: XCTestCase {
    /// The eight-byte test of a window against the byte loop it stands for, over windows of
    /// every length and alignment holding each byte that decides (controls, DEL, the C5 lead,
    /// E2 84 split across a word's end) among printable ones.
    func testReadableMatchesTheByteLoop() {
        func reference(_ text: [UInt8]) -> Bool {
            for (k, byte) in text.enumerated() {
                if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { return false }
                if byte == 0x7F || byte == 0xC5 { return false }
                if byte == 0xE2 && k + 1 < text.count && text[k + 1] == 0x84 { return false }
            }
            return true
        }
        let rare: [UInt8] = [0x00, 0x08, 0x09, 0x0A, 0x0B, 0x0D, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0x84, 0xC3, 0xC5, 0xE2, 0xFF]
        var rng = SplitMix(seed: 34)
        var unreadable = 0
        for n in 0..<20_000 {
            let length = n % 41
            var text = (0..<length).map { _ in UInt8(0x20 + rng.next() % 95) }
            for _ in 0..<Int(rng.next() % 3) where length > 0 {
                text[Int(rng.next() % UInt64(length))] = rare[Int(rng.next() % UInt64(rare.count))]
            }
            if length > 1, rng.next() % 4 == 0 {
                let at = Int(rng.next() % UInt64(length - 1))
                text[at] = 0xE2
                text[at + 1] = rng.next() % 2 == 0 ? 0x84 : 0x80
            }
            let read = text.withUnsafeMutableBufferPointer { StartShapes.readable($0) }
            XCTAssertEqual(read, reference(text), "\(text)")
            if !read { unreadable += 1 }
        }
        XCTAssertGreaterThan(unreadable, 2000)
        XCTAssertLessThan(unreadable, 18_000)
    }

    func testReading() {
        let cases: [(String, Int?)] = [
            (#"\binvoic(?:e|es|ed|ing)\b"#, 4),
            (#"transactions?\b"#, 2),
            (#"\border (?:number|no|id|#)\b"#, 4),
            (#"\b(?:call|ring) (?:us|\+?\(?\d)"#, 10),
            (#"[a-c\d][.,]x{1,3}"#, 3),
            (#"\bn't\b"#, 1),
            (#"a(?:b|c){2}"#, 4),
            (#"a{2,}"#, nil),
            (#"a+"#, nil),
            (#"a.b"#, nil),
            (#"[^a]b"#, nil),
            (#"\Sb"#, nil),
            (#"(?i)ab"#, nil),
            (#"a$"#, nil),
            (#"[$€£]1"#, 3),
            (#"[$€-£]1"#, nil),
            (#"é"#, nil),
            (#"(?:a|b|c|d){7}"#, nil),
            (#"(?:a|b|c|d|e|f|g|h){3}"#, 512),
            (#"(?:a|b|c|d|e|f|g|h|i){3}"#, nil),
            (#"[$€£]\s?(?:\d{1,3}(?:[,.]\d{3}){1,6}|\d{1,7})[.,]\d{1,2}\b"#, 300),
            (#"(a"#, nil),
        ]
        for (expression, expected) in cases {
            XCTAssertEqual(StartShapes.sequences(expression, caseless: true)?.count, expected, expression)
        }
        let shapes = StartShapes([(0, #"\bab?c\b"#, true, 3), (1, #"\bab?c\b"#, true, 4), (2, "a+", true, 9)])
        XCTAssertTrue(shapes.has(0))
        XCTAssertFalse(shapes.has(1), "a width other than Vectorscan's: not read")
        XCTAssertFalse(shapes.has(2))
    }

    /// Assertions choose between shapes ending at one byte: the longest that fits them.
    func testAssertionsChooseTheShape() throws {
        let specs = [
            PatternSpec(id: 0, expression: #"\b(?:auto[- ]?)?renew(?:al|s)?\b"#),
            PatternSpec(id: 1, expression: #"(?:\Bx|yx|x)yz"#),
        ]
        let read = try PatternDatabase(specs, mode: .stream)
        let scanned = try PatternDatabase(specs, mode: .stream, shapes: false)
        XCTAssertEqual(specs.filter { read.shapes?.has($0.id) == true }.count, 2)
        let texts = ["xauto-renewal", "auto-renewal", "autorenewals", "_auto renew", "xyz", "axyz", "ayxyz", " yxyz", "Kauto-renewal"]
        for text in texts {
            let views: [(TextView, [[UInt8]])] = [(.plain, [Array(text.utf8)])]
            XCTAssertEqual(Self.stream(views, read), Self.stream(views, scanned), text)
        }
        XCTAssertEqual(Self.stream([(.plain, [Array("xauto-renewal".utf8)])], read), ["0 plain 6 13 renewal"])
    }

    func testShippedBoundedPatternsFindTheSameStarts() throws {
        let expressions = try Self.boundedLexiconRegexes()
        XCTAssertGreaterThan(expressions.count, 500)
        let specs = expressions.enumerated().map { PatternSpec(id: UInt32($0.offset), expression: $0.element) }
        let read = try PatternDatabase(specs, mode: .stream)
        let scanned = try PatternDatabase(specs, mode: .stream, shapes: false)
        XCTAssertNil(scanned.shapes)
        let shaped = specs.filter { read.shapes?.has($0.id) == true }
        XCTAssertGreaterThan(shaped.count, expressions.count / 2)
        // The money regexes (300–400 sequences each) are read here, not left to their finder.
        let money = specs.filter { $0.expression.hasPrefix(#"[$€£]\s?"#) }
        XCTAssertEqual(money.count, 2)
        XCTAssertTrue(money.allSatisfy { read.shapes?.has($0.id) == true })
        let grammars = expressions.map { try? RegexRewriteTests.Regex($0) }
        let filler = [
            "the", "Call", "our", "x", "ab_c", "1", "é", "über", "ORDER", "-", "#", "at", "\u{212A}", "\u{17F}", "\u{0B}",
            "\t", "ж", "€5", "'", "\n\n", "İ", "ı", "£", "$1", "1,000.00", "–",
        ]
        var rng = SplitMix(seed: 29)
        var compared = 0
        for n in 0..<400 {
            var views: [(TextView, [[UInt8]])] = []
            for view in [TextView.plain, .html].prefix(1 + Int(rng.next() % 2)) {
                var text: [UInt8] = []
                for _ in 0..<(1 + Int(rng.next() % 8)) {
                    for _ in 0..<Int(rng.next() % 4) {
                        text += Array(filler[Int(rng.next() % UInt64(filler.count))].utf8)
                        if rng.next() % 2 == 0 { text.append(0x20) }
                    }
                    // Shaped patterns' text mostly: they are what is read here.
                    let k =
                        rng.next() % 4 == 0
                        ? Int(rng.next() % UInt64(grammars.count))
                        : Int(shaped[Int(rng.next() % UInt64(shaped.count))].id)
                    // A word byte glued before: a leading `\b` fails on the longer shapes.
                    if rng.next() % 3 == 0 { text += Array(["x", "_", "1", "auto"][Int(rng.next() % 4)].utf8) }
                    if let grammar = grammars[k] {
                        var piece = RegexRewriteTests.text(grammar, &rng)
                        if rng.next() % 3 == 0 { piece = piece.map { ASCII.isAlpha($0) && rng.next() % 3 == 0 ? $0 ^ 0x20 : $0 } }
                        text += piece
                    }
                    if rng.next() % 3 != 0 { text.append(0x20) }
                }
                text = Array(String(decoding: text, as: UTF8.self).utf8)
                var chunks: [[UInt8]] = []
                var at = 0
                while at < text.count {
                    let size = 1 + Int(rng.next() % 200)
                    chunks.append(Array(text[at..<min(text.count, at + size)]))
                    at += size
                }
                views.append((view, chunks))
            }
            let a = Self.stream(views, read)
            let b = Self.stream(views, scanned)
            XCTAssertEqual(a, b, "text \(n): \(views.map { String(decoding: $0.1.joined(), as: UTF8.self) }.debugDescription)")
            if a != b { return }
            compared += a.count
        }
        XCTAssertGreaterThan(compared, 3000)
    }

    /// The matches of `views` given raw to a ``PatternStream`` of `database`, chunk by chunk.
    static func stream(_ views: [(TextView, [[UInt8]])], _ database: PatternDatabase) -> [String] {
        let stream = PatternStream(database: database, limits: .default)
        for (view, chunks) in views {
            stream.view = view
            for chunk in chunks { chunk.withUnsafeBufferPointer { stream.scan($0) } }
            stream.view = view
            [UInt8]([0x0A, 0x0A]).withUnsafeBufferPointer { stream.scan($0) }
        }
        stream.close()
        return stream.matches.map { "\($0.id) \($0.view) \($0.start) \($0.end) \($0.evidence)" }
    }

    /// The shipped lexicons' regexes without an unbounded repeat, Latin-folded as the config
    /// compiles them.
    static func boundedLexiconRegexes() throws -> [String] {
        try ShippedLexicons.expressions().filter { expression in
            let unescaped = expression.replacingOccurrences(of: #"\\."#, with: "", options: .regularExpression)
            return !unescaped.contains("+") && !unescaped.contains("*") && !unescaped.contains(",}")
        }.map(LatinFold.fold)
    }
}
