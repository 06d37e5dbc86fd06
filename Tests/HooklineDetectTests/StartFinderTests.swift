import Foundation
import HooklineCore
import XCTest
@testable import HooklineDetect

/// Regexes stream without start-of-match and ``StartFinder`` finds their starts afterwards:
/// every start must be the leftmost one a match ending there can have, as start-of-match
/// tracking gave it, however the text is cut into `text()` calls.
final class StartFinderTests: XCTestCase {
    let expressions = [
        "\\bcall(?: \\S+){0,3} (?:us|now)\\b",
        "\\b(?:if you )?did(?: not|n't) pay\\b",
        "\\b(?:team|desk|agents?) (?:at|on) \\+?\\(?\\d",
        "(?:the )+desk",
    ]
    let words = [
        "call", "us", "now", "if", "you", "did", "not", "didn't", "pay", "team", "agent", "agents", "at", "on",
        "+1", "(8", "desk", "xcall", "the",
    ]

    func testStartsAreLeftmostWhateverTheChunks() throws {
        var specs = expressions.enumerated().map { PatternSpec(id: UInt32($0.offset + 1), expression: $0.element) }
        specs.append(PatternSpec(id: 9, expression: "call us", length: 7))
        let db = try PatternDatabase(specs, mode: .stream)
        XCTAssertEqual(Set(db.starts.map { Array($0.ids) } ?? []), [1, 2, 3, 4])
        var rng = SystemRandomNumberGenerator()
        var checked = 0
        for _ in 0..<200 {
            let text = (0..<Int.random(in: 5...60, using: &rng)).map { _ in words.randomElement(using: &rng) ?? "" }
                .joined(separator: " ")
            let bytes = Array(text.utf8)
            var chunks: [[UInt8]] = []
            var at = 0
            while at < bytes.count {
                let n = Int.random(in: 1...40, using: &rng)
                chunks.append(Array(bytes[at..<min(bytes.count, at + n)]))
                at += n
            }
            let f = analyze([(.plain, chunks)], patterns: db)
            for m in f.matches where m.id != 9 {
                let expected = leftmostStart(expressions[Int(m.id) - 1], in: text, end: m.end)
                XCTAssertEqual(m.start, expected, "pattern \(m.id) ending at \(m.end) in \"\(text)\"")
                XCTAssertEqual(m.evidence, String(text.utf8.dropFirst(m.start).prefix(m.end - m.start)) ?? "")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 100)
    }

    /// A pattern with a bounded match (`max_width`) gets a window of that width, not the
    /// horizon; in text with multi-byte characters the window must still start on a
    /// character (the database is UTF-8) and reach the byte before the start (`\b`).
    func testBoundedWindowsStartOnACharacterAndStayExact() throws {
        let expressions = ["\\b(?:call|電話) (?:us|now)\\b", "(?:お客様 )?電話 now"]
        let specs = expressions.enumerated().map { PatternSpec(id: UInt32($0.offset + 1), expression: $0.element) }
        let db = try PatternDatabase(specs, mode: .stream)
        XCTAssertNotNil(db.starts?.width(1))
        XCTAssertNotNil(db.starts?.width(2))
        let words = ["call", "us", "now", "電話", "お客様", "xcall", "é", "ü"]
        var rng = SystemRandomNumberGenerator()
        var checked = 0
        for _ in 0..<200 {
            let text = (0..<Int.random(in: 5...60, using: &rng)).map { _ in words.randomElement(using: &rng) ?? "" }
                .joined(separator: " ")
            let normalized = Array(PatternDatabase.normalized(text).utf8)
            var chunks: [[UInt8]] = []
            var at = 0
            let bytes = Array(text.utf8)
            while at < bytes.count {
                let n = Int.random(in: 1...40, using: &rng)
                chunks.append(Array(bytes[at..<min(bytes.count, at + n)]))
                at += n
            }
            for m in analyze([(.plain, chunks)], patterns: db).matches {
                let expected = leftmostStart(expressions[Int(m.id) - 1], inBytes: normalized, end: m.end)
                XCTAssertEqual(m.start, expected, "pattern \(m.id) ending at \(m.end) in \"\(text)\"")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 100)
    }

    /// ``leftmostStart(_:in:end:)`` on UTF-8 bytes: tries every character boundary.
    private func leftmostStart(_ expression: String, inBytes bytes: [UInt8], end: Int) -> Int? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let regex = try? NSRegularExpression(pattern: "(?:\(expression))$", options: [.caseInsensitive]) else {
            return nil
        }
        let utf16End = String(decoding: bytes[..<end], as: UTF8.self).utf16.count
        for start in 0..<end where bytes[start] & 0xC0 != 0x80 {
            let utf16Start = String(decoding: bytes[..<start], as: UTF8.self).utf16.count
            let range = NSRange(location: utf16Start, length: utf16End - utf16Start)
            if regex.firstMatch(in: text, options: [.anchored, .withTransparentBounds], range: range) != nil {
                return start
            }
        }
        return nil
    }

    /// Finders loaded from the pattern cache (mapped with the stream database) find the
    /// same starts as the ones compiled in process.
    func testCachedFindersFindTheSameStarts() throws {
        let specs = expressions.enumerated().map { PatternSpec(id: UInt32($0.offset + 1), expression: $0.element) }
        let directory = NSTemporaryDirectory() + "hookline-finders-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let here = try PatternDatabase(specs, mode: .stream)
        _ = try PatternDatabase(specs, mode: .stream, compiler: .cached(directory: directory))
        let loaded = try PatternDatabase(specs, mode: .stream, compiler: .cached(directory: directory))
        XCTAssertNotNil(loaded.mapping, "loaded from the cache (needs a disk-backed /var/tmp or /tmp)")
        XCTAssertEqual(Set(loaded.starts.map { Array($0.ids) } ?? []), [1, 2, 3, 4])
        let text = "if you did not pay call the fraud desk now or the team at +1 888, the the desk agents on (8"
        let a = analyze([(.plain, [Array(text.utf8)])], patterns: here).matches
        let b = analyze([(.plain, [Array(text.utf8)])], patterns: loaded).matches
        XCTAssertEqual(a.map(\.id), b.map(\.id))
        XCTAssertEqual(a.map(\.start), b.map(\.start))
        XCTAssertEqual(a.map(\.evidence), b.map(\.evidence))
        XCTAssertGreaterThanOrEqual(a.count, 4)
    }

    /// Matches come in (end, start descending, id) order whatever order Vectorscan reported
    /// them in: a phrase and a regex ending at one byte, the shorter first.
    func testMatchesEndingTogetherAreOrderedShorterFirst() throws {
        let specs = [
            PatternSpec(id: 1, expression: "\\bplease call(?: \\S+){0,3} now\\b"),
            PatternSpec(id: 2, expression: "call us now", length: 11),
            PatternSpec(id: 3, expression: "\\bus now\\b"),
        ]
        let db = try PatternDatabase(specs, mode: .stream)
        let text = "please call us now or later"
        for cut in 1..<text.utf8.count {
            let bytes = Array(text.utf8)
            let m = analyze([(.plain, [Array(bytes[..<cut]), Array(bytes[cut...])])], patterns: db).matches
            XCTAssertEqual(m.map(\.id), [3, 2, 1], "cut at \(cut)")
            XCTAssertEqual(m.map(\.evidence), ["us now", "call us now", "please call us now"])
        }
    }

    /// The reference: the first start from which the pattern matches exactly up to `end`
    /// (ASCII text, so UTF-16 offsets are byte offsets; transparent bounds let `\b` see the
    /// characters around the range, as Vectorscan sees the whole stream).
    private func leftmostStart(_ expression: String, in text: String, end: Int) -> Int? {
        guard let regex = try? NSRegularExpression(pattern: "(?:\(expression))$", options: [.caseInsensitive]) else {
            return nil
        }
        for start in 0..<end {
            let range = NSRange(location: start, length: end - start)
            if regex.firstMatch(in: text, options: [.anchored, .withTransparentBounds], range: range) != nil {
                return start
            }
        }
        return nil
    }
}
