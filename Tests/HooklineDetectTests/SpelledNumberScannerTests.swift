import XCTest

@testable import HooklineDetect

/// `SpelledNumberScanner.scan` passes over text no number can start in without its
/// byte-by-byte machine; it must report the candidates, and leave after every chunk the
/// state, that the old scanner (``ReferenceSpelledNumberScanner``) does, whatever the text
/// and however it is cut.
final class SpelledNumberScannerTests: XCTestCase {
    /// Every number word the scanner knows, in three cases, and words that are almost one:
    /// cut short, grown, glued, longer than the 8 letters a word keeps, or holding one inside.
    private static let numberWords: [[UInt8]] = SpelledNumberScanner.words.flatMap { w in
        [w, w.capitalized, w.uppercased()].map { Array($0.utf8) }
    }
    private static let nearWords: [[UInt8]] = SpelledNumberScanner.words.flatMap { w -> [String] in
        [String(w.dropLast()), String(w.dropFirst()), w + "s", w + "teen", "x" + w, w + w, w + "one"]
    }.map { Array($0.utf8) }
    /// Prose words (those starting like a number word and not), single letters and digits,
    /// every separator, the ASCII neighbours of the letter and digit ranges, and non-ASCII.
    private static let noise: [[UInt8]] = {
        let words =
            "the to of on for so she he her this that and call now at in is it be no or we you our seventeen hundredths abcdefghij ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz Xylophonically"
            .split(separator: " ").map { Array($0.utf8) }
        let singles = Array("aeiouxzZ0123456789 \t\n\r-.,/()@[`{:;!?\"'$+#_".utf8).map { [$0] }
        let utf8: [[UInt8]] = [
            [0xC3, 0xA9], [0xC5, 0x82], [0xE2, 0x82, 0xAC], [0xE2, 0x80, 0x8B], [0xC2, 0xA0], [0x80], [0xFF], [0xC1],
            [0xE1], [0xDA], [0xFA],
        ]
        let digitRuns = ["1", "800", "555", "0123", "2026", "1234567890123456"].map { Array($0.utf8) }
        // Digits glued to letters, letters that look like digits, digits inside punctuation:
        // where the run of digits taken whole starts and ends next to something else.
        let confusables = [
            "0ne", "f1ve", "8oo", "8OO", "1-8oo", "l800", "o800", "1800five", "five800", "24/7", "(800)", "1.800.555",
            "x1", "1x", "9999999999999999999999",
        ].map { Array($0.utf8) }
        return words + singles + utf8 + digitRuns + confusables
    }()

    private static func text(_ g: inout Generator) -> [UInt8] {
        var text: [UInt8] = []
        let length = 1 + g.next(500)
        let numberHeavy = g.next(2) == 0
        while text.count < length {
            switch g.next(10) {
            case 9 where numberHeavy: text += spelledPhone(&g)
            case 0..<(numberHeavy ? 6 : 2): text += numberWords[g.next(numberWords.count)]
            case 6: text += nearWords[g.next(nearWords.count)]
            case 7: text.append(UInt8(g.next(256)))
            default: text += noise[g.next(noise.count)]
            }
            // Mostly separated as in prose or a spelled number; sometimes glued or a run of them.
            switch g.next(8) {
            case 0: break
            case 1: text.append(UInt8(ascii: "-"))
            case 2: text += Array(" - ".utf8)
            case 3: text += [UInt8](repeating: 0x20, count: 1 + g.next(6))
            default: text.append(0x20)
            }
        }
        return text
    }

    /// 9 to 16 number words and digits (mostly single) joined as a spelled phone number is, to reach
    /// candidates (and lengths either side of the 10 to 15 digits one needs).
    private static func spelledPhone(_ g: inout Generator) -> [UInt8] {
        let joins = [" ", "-", " - ", ". ", "  ", "(", ") ", "/", ",", "\t"].map { Array($0.utf8) }
        var out: [UInt8] = []
        for k in 0..<(9 + g.next(8)) {
            // After digits, sometimes glued to what follows ("800five", "555 1234").
            let afterDigit = out.last.map { $0 &- 0x30 < 10 } ?? false
            if k > 0 && !(afterDigit && g.next(3) == 0) { out += joins[g.next(joins.count)] }
            if g.next(4) == 0 {
                // A digit, or a run of them (up to 17: over the 16 kept), as "one 800 555 ...".
                let run = g.next(3) == 0 ? 1 + g.next(g.next(4) == 0 ? 17 : 4) : 1
                for _ in 0..<run { out.append(UInt8(0x30 + g.next(10))) }
            } else {
                out += numberWords[g.next(numberWords.count)]
            }
        }
        return out
    }

    /// Random cut points (some chunks empty), so a word may straddle two calls or more.
    private static func chunks(_ text: [UInt8], _ g: inout Generator) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var at = 0
        while at < text.count {
            let end = min(text.count, at + g.next(g.next(2) == 0 ? 6 : 200))
            out.append(at..<end)
            at = end
        }
        return out
    }

    /// `end` is read only while a sequence is open (`start` >= 0): a sequence of digits the skip
    /// passes over, which ends with no number word in it, leaves the one before.
    private static func sameState(_ a: SpelledNumberScanner, _ b: ReferenceSpelledNumberScanner) -> Bool {
        a.word == b.word && a.wordCount == b.wordCount && a.wordTooLong == b.wordTooLong && a.wordStart == b.wordStart
            && a.digits == b.digits && a.spelled == b.spelled && a.start == b.start
            && (a.start < 0 || a.end == b.end)
            && a.separators == b.separators && a.inDigitRun == b.inDigitRun && a.lastWasNumberWord == b.lastWasNumberWord
    }

    func testSameAsOldScanner() {
        compareWithOldScanner(seed: 2024, withMarks: false)
    }

    /// With the stops ``RegionEvidence`` marks in each chunk (``SliceStops``), the idle scanner
    /// passes from mark to mark (`skipMarked`); state and candidates must still be the old
    /// scanner's after every chunk. Chunks holding a capital fall back to `skipIdle`; half the
    /// texts are lower case, so most chunks use the marks.
    func testSameAsOldScannerWithMarks() {
        compareWithOldScanner(seed: 2525, withMarks: true)
    }

    /// 30,000 generated texts cut at random: state after every chunk and the candidates must
    /// be ``ReferenceSpelledNumberScanner``'s, with or without ``RegionEvidence``'s marks.
    private func compareWithOldScanner(seed: UInt64, withMarks: Bool) {
        var g = Generator(seed: seed)
        var reported = 0
        var marked = 0
        var failures = 0
        for _ in 0..<30_000 where failures < 5 {
            var text = Self.text(&g)
            if withMarks && g.next(2) == 0 { text = text.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }
            var fast = SpelledNumberScanner()
            var reference = ReferenceSpelledNumberScanner()
            var evidence = RegionEvidence()
            let stops = TestStops()
            var fastFound: [SpelledNumberScanner.Candidate] = []
            var referenceFound: [SpelledNumberScanner.Candidate] = []
            text.withUnsafeBufferPointer { all in
                for range in Self.chunks(text, &g) where failures < 5 {
                    let chunk = UnsafeBufferPointer(rebasing: all[range])
                    var marks: UnsafeMutablePointer<UInt64>? = nil
                    if withMarks {
                        evidence.scan(chunk, marking: &stops.stops)
                        if stops.stops.spelledExact { marked += 1 }
                        marks = stops.stops.spelledExact ? stops.stops.spelled : nil
                    }
                    fast.scan(chunk, streamBase: 1000 + range.lowerBound, stops: marks) { fastFound.append($0) }
                    reference.scan(chunk, streamBase: 1000 + range.lowerBound) { referenceFound.append($0) }
                    if !Self.sameState(fast, reference) {
                        failures += 1
                        XCTFail("state after \(range): \(fast) vs \(reference) in \(Array(text))")
                    }
                }
            }
            fast.endView { fastFound.append($0) }
            reference.endView { referenceFound.append($0) }
            if fastFound != referenceFound {
                failures += 1
                XCTFail("\(fastFound) vs \(referenceFound) in \(Array(text))")
            }
            reported += referenceFound.count
        }
        XCTAssertGreaterThan(reported, 10_000)
        if withMarks { XCTAssertGreaterThan(marked, 100_000) }
    }

    /// The switch's constants and the initials mask against the words spelled out.
    func testNumberWordTable() {
        let values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100]
        for (word, value) in zip(SpelledNumberScanner.words, values) {
            XCTAssertEqual(SpelledNumberScanner.numberWord(RegionEvidence.pack(word)), value, word)
            XCTAssertEqual(ReferenceSpelledNumberScanner.numberWords[RegionEvidence.pack(word)], value, word)
        }
        for word in ["", "on", "nin", "ones", "hundreds", "zer", "eigh"] {
            XCTAssertNil(SpelledNumberScanner.numberWord(RegionEvidence.pack(word)), word)
        }
        let initials = Set(SpelledNumberScanner.words.map { Array($0.utf8)[0] - 0x61 })
        for letter in UInt8(0)..<26 {
            XCTAssertEqual(SpelledNumberScanner.numberWordInitials >> UInt32(letter) & 1 != 0, initials.contains(letter))
        }
    }
}
