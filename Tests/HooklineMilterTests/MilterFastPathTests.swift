import HooklineCore
import HooklineEngine
import XCTest

@testable import HooklineMilter

/// The byte-level fast paths of the verdict header / log line against their scalar
/// references, on many generated texts: ASCII with every kind of control and space run,
/// and texts with scalars whose Characters span a space (combining marks, prepends).
final class HeaderTextSanitizeTests: XCTestCase {
    /// A fixed-seed generator: a failure repeats.
    private struct LCG {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    private static let ascii: [String] = [
        "a", "Z", "0", " ", "  ", "\t", "\r", "\n", "\r\n", "\u{0}", "\u{1f}", "\u{7f}", ";", "=", "%", "~",
    ]
    private static let wide: [String] = [
        "é", "e\u{301}", " \u{301}", "\u{85}", "\u{9f}", "\u{a0}", "\u{2028}", "\u{2029}", "\u{600} ", "👍", "\u{200d}",
    ]

    private func texts(wide: Bool, count: Int) -> [String] {
        var g = LCG(state: wide ? 7 : 3)
        let alphabet = wide ? Self.ascii + Self.wide : Self.ascii
        return (0..<count).map { _ in
            (0..<g.next(40)).map { _ in alphabet[g.next(alphabet.count)] }.joined()
        }
    }

    func testASCIIPathEqualsTheScalarPath() {
        for text in texts(wide: false, count: 4000) {
            for limit in [-1, 0, 1, 2, 3, 5, 8, 13, 21, 34, 900] {
                let fast = HeaderText.sanitizeASCII(text, limit: limit)
                XCTAssertEqual(
                    fast.map { Array($0.utf8) }, Array(HeaderText.sanitizeScalars(text, limit: limit).utf8), "\(Array(text.utf8)) \(limit)")
                XCTAssertEqual(HeaderText.sanitize(text, limit: limit), fast)
            }
        }
    }

    func testOtherTextsTakeTheScalarPath() {
        for text in texts(wide: true, count: 4000) where text.utf8.contains(where: { $0 >= 0x80 }) {
            XCTAssertNil(HeaderText.sanitizeASCII(text, limit: 900))
            for limit in [0, 4, 17, 900] {
                // Bytes, not String ==: that is canonical equivalence ("e\u{301}" == "é").
                XCTAssertEqual(
                    Array(HeaderText.sanitize(text, limit: limit).utf8),
                    Array(HeaderText.sanitizeScalars(text, limit: limit).utf8))
            }
        }
    }

    func testTextLogLinesEqualTheScalarReplacement() {
        for text in texts(wide: false, count: 2000) + texts(wide: true, count: 2000) {
            var line = String.UnicodeScalarView()
            for u in text.unicodeScalars { line.append(u == "\n" || u == "\r" ? " " : u) }
            let rendered = Log.render(.info, text, format: .text)
            XCTAssertEqual(Array(rendered.utf8), Array(("info: " + String(line)).utf8))
        }
    }
}

/// `MessageState.isSubject` against the folded comparison it replaces.
final class SubjectNameTests: XCTestCase {
    func testSubjectTestEqualsTheFoldedComparison() {
        var names = [
            "Subject", "SUBJECT", "subject", "sUbJeCt", "Subjec", "Subjects", " Subject", "Subject ", "Sub-ject",
            "ſubject", "Subject\u{301}", "Ｓubject", "Subjeçt", "X-Hookline-Verdict", "Sender", "", "s",
            "Subje\u{212A}t", "\u{212A}ubject", "Subject\u{37E}", "S\u{0}bject", "Subjec\u{0}",
        ]
        // Every single-byte change of "Subject" (all 256 bytes as a Latin-1 scalar) at each position.
        for i in 0..<7 {
            for b in 0...255 {
                var scalars = Array("Subject".unicodeScalars)
                scalars[i] = Unicode.Scalar(UInt8(b))
                names.append(String(String.UnicodeScalarView(scalars)))
            }
        }
        for name in names {
            XCTAssertEqual(MessageState.isSubject(name), OwnHeaderFields.key(name) == "subject", name)
        }
    }
}

/// `OwnHeaderFields.isOurs` (bytes in place for ASCII) against the folded-key answer, and
/// the log line's Message-ID space filter against the Character filter.
final class OwnFieldBytesTests: XCTestCase {
    func testIsOursEqualsTheFoldedKeyAnswer() {
        XCTAssertEqual("\(OwnHeaderFields.prefixBytes)", OwnHeaderFields.prefix)
        let pieces = [
            "x", "X", "-", "h", "H", "o", "O", "k", "K", "l", "i", "n", "e", "V", "v", "r", "d", "c", "t", "é", "\u{212A}", " ", ":",
            "x-hookline-", "X-Hookline-Verdict",
        ]
        var g: UInt64 = 11
        func next(_ bound: Int) -> Int {
            g = g &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((g >> 33) % UInt64(bound))
        }
        var names = [
            "X-Hookline-Verdict", "x-hookline-verdict", "X-HOOKLINE-", "X-Hookline", "X-Hookline-\u{212A}", "Subject", "", "X-Spam-Flag",
        ]
        for _ in 0..<6000 { names.append((0..<next(8)).map { _ in pieces[next(pieces.count)] }.joined()) }
        for verdictHeader in ["X-Hookline-Verdict", "X-Spam-Flag", "x-spam-flag", "X-Verdict\u{212A}", "", "Subject"] {
            for name in names {
                XCTAssertEqual(
                    OwnHeaderFields.isOurs(name, verdictHeader: verdictHeader),
                    OwnHeaderFields.isOurs(key: OwnHeaderFields.key(name), verdictHeader: verdictHeader),
                    "\(name) / \(verdictHeader)")
            }
        }
    }

    func testMessageIdSpacesGoAsTheCharacterFilterTakesThem() {
        var ids = ["<a@b>", "<a b@c>", " <x>", "<x> ", "< \u{301}x>", "<é@ü>", "", "   ", "<a\u{a0}b>", "<a\tb>"]
        // Generated ids: spaces beside combining marks, CR LF, non-ASCII and long runs (the
        // byte search and the Character filter must agree on every one).
        let pieces = ["a", "@", "<", ">", " ", "\u{301}", "\r\n", "é", "\u{a0}", "\t", ".", "x-y", "\u{1F600}", "\0"]
        var g: UInt64 = 5
        func next(_ bound: Int) -> Int {
            g = g &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((g >> 33) % UInt64(bound))
        }
        for _ in 0..<4000 { ids.append((0..<next(40)).map { _ in pieces[next(pieces.count)] }.joined()) }
        for id in ids {
            XCTAssertEqual(
                Array(EndOfMessagePlan.withoutSpaces(id).utf8), Array(id.filter { $0 != " " }.utf8), id.debugDescription)
        }
    }
}

/// The log line's elapsed_ms against `String(format: "%.1f")`: every microsecond count up
/// to 0.2 s, every decimal midpoint (…50 µs) up to 20 s, and spread values up to 2^40.
final class ElapsedMillisTests: XCTestCase {
    private func check(_ micros: Int) {
        XCTAssertEqual(EndOfMessagePlan.millis(micros), String(format: "%.1f", Double(micros) / 1000), "\(micros)")
    }

    func testEveryMicrosecondOfTheFirstFifthOfASecond() {
        for m in 0..<200_000 { check(m) }
    }

    func testEveryMidpointUpToTwentySeconds() {
        for m in stride(from: 50, to: 20_000_000, by: 100) { check(m) }
    }

    func testSpreadValuesAndTheEdges() {
        var g: UInt64 = 5
        for _ in 0..<100_000 {
            g = g &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let m = Int(g >> 24) & ((1 << 40) - 1)
            check(m)
            check(m - m % 100 + 50)
        }
        for m in [(1 << 40) - 1, 1 << 40, (1 << 40) + 50, -1, -50, Int.max] { check(m) }
    }
}

/// The Subject's byte unfold against Foundation's replace and the Character split it
/// replaces, on generated values made of CR, LF, blanks and letters (every run of them).
final class SubjectUnfoldTests: XCTestCase {
    private static let pieces = ["\r", "\n", "\r\n", " ", "\t", "a", "Z", "=", "\r\r", "\n\n", "\u{0}", "\u{7f}"]

    private func values(_ count: Int, extra: [String] = []) -> [String] {
        var g: UInt64 = 17
        func next(_ bound: Int) -> Int {
            g = g &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((g >> 33) % UInt64(bound))
        }
        let alphabet = Self.pieces + extra
        return (0..<count).map { _ in (0..<next(24)).map { _ in alphabet[next(alphabet.count)] }.joined() }
    }

    func testASCIIBytesUnfoldAsFoundationAndCharactersDo() {
        let fixed = ["", "\r", "\n", "\r\n", "\r\r\n", "\r\n\n", "\n\r", "a\r\n b", "a\n\tb", "\r\r\n\r\n"]
        for value in fixed + values(20_000) {
            let reference = Array(HeaderText.unfoldByCharacters(value).utf8)
            let bytes = Array(value.utf8)
            let fast = bytes.withUnsafeBytes { HeaderText.unfoldASCII($0) }
            XCTAssertEqual(fast.map { Array($0.utf8) }, reference, "\(bytes)")
            XCTAssertEqual(bytes.withUnsafeBytes { Array(HeaderText.unfold($0).utf8) }, reference, "\(bytes)")
            XCTAssertEqual(Array(HeaderText.unfold(value).utf8), reference, "\(bytes)")
        }
    }

    /// Outside ASCII the fast path declines and the reference answers, invalid UTF-8
    /// repaired as before.
    func testOtherValuesTakeTheReference() {
        for value in values(4000, extra: ["é", "\u{301}", "\u{85}", "👍", "\u{2028}"]) where !value.utf8.allSatisfy({ $0 < 0x80 }) {
            let bytes = Array(value.utf8)
            XCTAssertNil(bytes.withUnsafeBytes { HeaderText.unfoldASCII($0) })
            XCTAssertEqual(
                bytes.withUnsafeBytes { Array(HeaderText.unfold($0).utf8) }, Array(HeaderText.unfoldByCharacters(value).utf8))
        }
        let invalid: [UInt8] = [0x61, 0xFF, 0x0D, 0x0A, 0x20, 0xC3]
        XCTAssertEqual(
            invalid.withUnsafeBytes { HeaderText.unfold($0) },
            HeaderText.unfoldByCharacters(String(decoding: invalid, as: UTF8.self)))
    }
}

/// The log line and verdict header name built as bytes against `ReferenceLogLine` (String
/// appends, Character filter), and the sanitizer's "nothing to change" exit against the
/// scalar sanitizer, over generated verdicts, envelopes and texts.
final class EndOfMessagePlanLogLineTests: XCTestCase {
    private var g: UInt64 = 23
    private func next(_ bound: Int) -> Int {
        g = g &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((g >> 33) % UInt64(bound))
    }

    private static let pieces = [
        "a", "Q", "7", "+1", "@", "-", ",", ".", " ", "  ", ":", "<", ">", "\t", "\r\n", "\n", "\u{0}", "\u{7f}", "é",
        "e\u{301}", " \u{301}", "\u{85}", "\u{2028}", "👍",
    ]

    private func text(_ plain: Bool = false) -> String {
        let alphabet = plain ? Array(Self.pieces.prefix(11)) : Self.pieces
        return (0..<next(12)).map { _ in alphabet[next(alphabet.count)] }.joined()
    }

    private func list(_ most: Int) -> [String] { (0..<next(most + 1)).map { _ in next(4) == 0 ? "" : text(next(2) == 0) } }

    func testLogLineEqualsTheAppendedLine() {
        for _ in 0..<6000 {
            var v = Verdict(
                action: Action.allCases[next(4)], score: Double(next(400)) / 10 - 5,
                rules: list(4).map { RuleHit(id: $0, score: 1, description: "", evidence: []) }, phones: list(3),
                platform: next(3) == 0 ? text() : nil, anomalies: [], bytes: 0)
            if next(3) == 0 { v.wouldBe = Action.allCases[next(4)] }
            if next(4) != 0 { v.messageId = next(5) == 0 ? "" : text() }
            v.elapsedMicros = next(3) == 0 ? next(100) : next(50_000_000)
            var envelope: Envelope?
            if next(4) != 0 {
                var e = Envelope()
                e.mailFrom = [nil, "", text(), text(true)][next(4)]
                e.rcptTo = list(8)
                envelope = e
            }
            let queueId = next(5) == 0 ? "NOQUEUE" : text(true)
            let client = next(3) == 0 ? nil : text()
            let fast = EndOfMessagePlan.logLine(verdict: v, queueId: queueId, client: client, envelope: envelope)
            let reference = ReferenceLogLine.line(verdict: v, queueId: queueId, client: client, envelope: envelope)
            XCTAssertEqual(Array(fast.utf8), Array(reference.utf8))
            XCTAssertEqual(
                Array(HeaderText.sanitize(fast, limit: 2000).utf8), Array(HeaderText.sanitizeScalars(reference, limit: 2000).utf8))
        }
    }

    func testHeaderNameEqualsTheCharacterFilter() {
        var names = ["X-Hookline-Verdict", "X-Spam: Flag", " : ", "", "X-\r\n Verdict", "X-Verdict\u{301}"]
        for _ in 0..<6000 { names.append(text(next(2) == 0)) }
        for name in names {
            XCTAssertEqual(Array(EndOfMessagePlan.headerName(name).utf8), Array(ReferenceLogLine.headerName(name).utf8), name)
        }
    }

    /// Texts that are mostly already clean (letters and single spaces), so the early exit
    /// is taken and missed near every limit.
    func testCleanTextsSanitizeAsTheScalarPath() {
        let alphabet = ["a", "b", "Z", "1", ";", "=", " ", " ", "  ", "\t", "\u{7f}"]
        for _ in 0..<8000 {
            let t = (0..<next(30)).map { _ in next(6) == 0 ? alphabet[next(alphabet.count)] : alphabet[next(6)] }.joined()
            for limit in [-1, 0, 1, 5, t.utf8.count - 1, t.utf8.count, t.utf8.count + 1, 900] {
                XCTAssertEqual(
                    HeaderText.sanitizeASCII(t, limit: limit).map { Array($0.utf8) },
                    Array(HeaderText.sanitizeScalars(t, limit: limit).utf8), "\(Array(t.utf8)) \(limit)")
            }
        }
    }
}

/// `HeaderText.isClean` looks at eight bytes a step; it must answer as the byte loop it
/// replaced for any bytes: controls, DEL, spaces in pairs at every offset and across
/// words, non-ASCII bytes (whose borrows must not look like a control or a space).
extension HeaderTextSanitizeTests {
    func testCleanWordStepAnswersAsTheByteLoop() {
        let alphabet: [UInt8] = [0x61, 0x20, 0x20, 0x20, 0x1F, 0x00, 0x7F, 0x80, 0xA0, 0xFF, 0x21, 0x7E, 0x40, 0x60, 0x5A]
        var rng = LCG(state: 0xC1EA)
        var clean = 0
        for round in 0..<60_000 {
            let n = rng.next(41)
            // Mostly letters, so the clean answer (the whole text looked at) is common.
            let rare = round % 3 == 0 ? 2 : 12
            var bytes = (0..<n).map { _ in rng.next(rare) == 0 ? alphabet[rng.next(alphabet.count)] : UInt8(0x61) }
            if round % 5 == 0, n > 1 {  // one pair of spaces, anywhere
                let at = rng.next(n - 1)
                bytes = bytes.map { $0 == 0x20 ? 0x62 : $0 }
                bytes[at] = 0x20
                bytes[at + 1] = 0x20
            }
            bytes.withUnsafeBufferPointer { b in
                let expected = HeaderText.isCleanByBytes(b)
                XCTAssertEqual(HeaderText.isClean(b), expected, "\(bytes)")
                if expected { clean += 1 }
            }
        }
        XCTAssertGreaterThan(clean, 5_000)
    }
}
