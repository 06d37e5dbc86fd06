import XCTest

@testable import HooklineDetect

/// `RegionEvidence.scan` walks a slice by its byte-class maps (``SliceClasses``); it must leave
/// the state and set the marks (phone, spelled, `spelledExact`) its byte-table form
/// (`scanBeforeMaps`) and its last walk in Swift alone (`scanBeforeWalk`) did, bit for bit,
/// whatever the text and however it is cut; and the vector classes must be the C byte loop's.
final class SliceMapsTests: XCTestCase {
    /// Table words, number words, runs longer than a packed word; "o", "l", "i", "|" after and
    /// not after word bytes; digits, "+", brackets, capitals; "$" and its prefixes, "Rs" and
    /// amounts; UTF-8 currency signs, folded letters, stray bytes; every kind of separator.
    private static let pieces: [[UInt8]] = {
        let words =
            "the and de la och og kr rs Rs eur zl zloty r a au mx c ca nz us hk s one two three seven eight nine hundred reais verylongwordhere abcdefgh abcdefghi Eight NINE Call oil ill lol i o l 1-800 +1 (864) [202] | |o o| l0l 8oo ABC x9"
            .split(separator: " ").map { Array($0.utf8) }
        let singles = Array("abcilortsxAZ0123456789 \n\t.,;:!?()[]\"'$-/@#%&_+=|".utf8).map { [$0] }
        let symbols: [[UInt8]] = [
            [0xC2, 0xA3], [0xC2, 0xA5], [0xE2, 0x82, 0xAC], [0xE2, 0x82, 0xB9], [0xC5, 0x82], [0xC3, 0xA9], [0xE2, 0x80, 0x8B],
            [0x80], [0xFF], [0xE3, 0x82, 0xA3], [0xC3, 0xA3], [0xE2, 0x82, 0xA0], [0xE6, 0x97, 0xA5], [0xC2, 0xAC],
        ]
        return words + singles + symbols
    }()

    private static func text(_ g: inout Generator) -> [UInt8] {
        var text: [UInt8] = []
        // Mostly short; some across several words of the maps, a few a whole slice.
        let length = g.next(300) == 0 ? TextAnalyzerBlocks.sliceCapacity : 1 + g.next(g.next(4) == 0 ? 700 : 150)
        while text.count < length {
            text += pieces[g.next(pieces.count)]
            if g.next(3) != 0 { text.append(g.next(6) == 0 ? UInt8(ascii: ".") : 0x20) }
        }
        return Array(text.prefix(TextAnalyzerBlocks.sliceCapacity))
    }

    func testScanSameAsBeforeMaps() {
        var g = Generator(seed: 2727)
        let fastStops = TestStops()
        let oldStops = TestStops()
        var marks = 0
        var voted = 0
        var rupees = 0
        for _ in 0..<20_000 {
            let text = Self.text(&g)
            var fast = RegionEvidence()
            var old = RegionEvidence()
            text.withUnsafeBufferPointer { all in
                var at = 0
                while at < text.count {
                    // Random cuts (a word or a sign may straddle two slices), or the text whole.
                    let end = g.next(4) == 0 ? text.count : min(text.count, at + 1 + g.next(g.next(2) == 0 ? 9 : 300))
                    let chunk = UnsafeBufferPointer(rebasing: all[at..<end])
                    fast.scan(chunk, marking: &fastStops.stops)
                    old.scanBeforeMaps(chunk, marking: &oldStops.stops)
                    let label = "\(String(decoding: text, as: UTF8.self)) \(at)..<\(end)"
                    XCTAssertEqual(fast, old, label)
                    XCTAssertEqual(fastStops.stops.spelledExact, oldStops.stops.spelledExact, label)
                    for w in 0..<(chunk.count + 63) / 64 {
                        XCTAssertEqual(fastStops.stops.phone[w], oldStops.stops.phone[w], "phone \(w) \(label)")
                        XCTAssertEqual(fastStops.stops.spelled[w], oldStops.stops.spelled[w], "spelled \(w) \(label)")
                        marks += oldStops.stops.spelled[w].nonzeroBitCount + oldStops.stops.phone[w].nonzeroBitCount
                    }
                    at = end
                }
            }
            if old.votes.contains(where: { $0 > 0 }) { voted += 1 }
            if old.currencyRegions.contains("IN") { rupees += 1 }
        }
        XCTAssertGreaterThan(marks, 500_000)
        XCTAssertGreaterThan(voted, 10_000)
        XCTAssertGreaterThan(rupees, 500)
    }

    /// Every word of the tables (each language's function words, the currencies, the dollar
    /// prefixes, number words), glued to UTF-8, "$", digits and capitals or set in prose, cut
    /// at random points: the C walk (`scan`) leaves the state and marks the Swift walk
    /// before it (`scanBeforeWalk`) did.
    func testWalkSameAsSwiftWalk() {
        let words =
            RegionEvidence.functionWordLists.flatMap { $0.1.split(separator: " ").map { Array($0.utf8) } }
            + ["eur", "euros", "gbp", "sterling", "reais", "rupees", "zloty", "zl", "kr", "rs", "Rs", "chf", "hkd", "mx", "nz"]
            .map { Array($0.utf8) }
        let glue: [[UInt8]] = [
            [0x20], [0x20], [0x20], [0x0A], [0x2E], [0x2C], [0x28], [0x29], [0x22], [0x27], [0x2D], [0x2F], [0x3A], [0x24],
            [0x31], [0x41], [0xC3, 0xA9], [0xC2, 0xA3], [0xE2, 0x82, 0xAC], [0xC5, 0x82], [0x5F], [0x09],
        ]
        var g = Generator(seed: 2829)
        let fastStops = TestStops()
        let oldStops = TestStops()
        var voted = 0
        var currencies = 0
        for _ in 0..<20_000 {
            var text: [UInt8] = []
            let length = g.next(200) == 0 ? TextAnalyzerBlocks.sliceCapacity : 1 + g.next(g.next(4) == 0 ? 900 : 120)
            while text.count < length {
                switch g.next(10) {
                case 0: text += Self.pieces[g.next(Self.pieces.count)]
                case 1: text += glue[g.next(glue.count)]
                default: text += words[g.next(words.count)]
                }
                text += g.next(4) == 0 ? glue[g.next(glue.count)] : [0x20]
            }
            text = Array(text.prefix(TextAnalyzerBlocks.sliceCapacity))
            var fast = RegionEvidence()
            var old = RegionEvidence()
            text.withUnsafeBufferPointer { all in
                var at = 0
                while at < text.count {
                    let end = g.next(4) == 0 ? text.count : min(text.count, at + 1 + g.next(g.next(2) == 0 ? 9 : 300))
                    let chunk = UnsafeBufferPointer(rebasing: all[at..<end])
                    fast.scan(chunk, marking: &fastStops.stops)
                    old.scanBeforeWalk(chunk, marking: &oldStops.stops)
                    let label = "\(String(decoding: text, as: UTF8.self)) \(at)..<\(end)"
                    XCTAssertEqual(fast, old, label)
                    XCTAssertEqual(fastStops.stops.spelledExact, oldStops.stops.spelledExact, label)
                    for w in 0..<(chunk.count + 63) / 64 {
                        XCTAssertEqual(fastStops.stops.phone[w], oldStops.stops.phone[w], "phone \(w) \(label)")
                        XCTAssertEqual(fastStops.stops.spelled[w], oldStops.stops.spelled[w], "spelled \(w) \(label)")
                    }
                    at = end
                }
            }
            if old.votes.reduce(0, +) > 3 { voted += 1 }
            if !old.currencyRegions.isEmpty { currencies += 1 }
        }
        XCTAssertGreaterThan(voted, 10_000)
        XCTAssertGreaterThan(currencies, 2_000)
    }

    /// An empty slice changes no state and leaves the slice exact, as before.
    func testEmptySlice() {
        let stops = TestStops()
        var fast = RegionEvidence()
        var old = RegionEvidence()
        let text = Array("Rs".utf8)
        text.withUnsafeBufferPointer { fast.scan($0, marking: &stops.stops) }
        text.withUnsafeBufferPointer { old.scanBeforeMaps($0, marking: &stops.stops) }
        [UInt8]().withUnsafeBufferPointer { fast.scan($0, marking: &stops.stops) }
        XCTAssertTrue(stops.stops.spelledExact)
        [UInt8]().withUnsafeBufferPointer { old.scanBeforeMaps($0, marking: &stops.stops) }
        XCTAssertEqual(fast, old)
    }

    /// The AVX2 classes (64 bytes a step, a zero-padded copy for the last) against the C byte
    /// loop, for random bytes and the bytes the classes tell apart, at every length to 300 and
    /// whole slices; the words past the slice's maps are left alone.
    func testVectorClassesSameAsByteLoop() {
        var g = Generator(seed: 2728)
        let alphabet =
            Array("abcilozAZ09+([])|$ .,\n".utf8) + [
                0x7F, 0x80, 0xC3, 0xFF, 0x00, 0x40, 0x5B, 0x60, 0x7B, 0x2F, 0x3A, 0x82, 0xA3, 0xA5, 0xAC, 0xB9,
            ]
        let vector = TestStops()
        let bytewise = TestStops()
        var capitalSlices = 0
        for round in 0..<20_000 {
            let length = round < 301 ? round : (g.next(50) == 0 ? TextAnalyzerBlocks.sliceCapacity : g.next(700))
            let text = (0..<length).map { _ in g.next(4) == 0 ? UInt8(g.next(256)) : alphabet[g.next(alphabet.count)] }
            let used = (length + 63) / 64
            let guarded = used < SliceStops.words
            for map in [vector.stops.letters, vector.stops.specials, vector.stops.phone, vector.stops.spelled] where guarded {
                map[used] = 0xA5A5
            }
            text.withUnsafeBufferPointer { slice in
                guard let base = slice.baseAddress else { return }
                let a = SliceClasses.classify(base, length, into: vector.stops)
                let b = SliceClasses.classify(base, length, into: bytewise.stops, bytewise: true)
                XCTAssertEqual(a, b)
                if b { capitalSlices += 1 }
            }
            let pairs = [
                (vector.stops.letters, bytewise.stops.letters), (vector.stops.specials, bytewise.stops.specials),
                (vector.stops.phone, bytewise.stops.phone), (vector.stops.spelled, bytewise.stops.spelled),
            ]
            for (m, (x, y)) in pairs.enumerated() {
                for w in 0..<used { XCTAssertEqual(x[w], y[w], "map \(m) word \(w) of \(text)") }
                if guarded { XCTAssertEqual(x[used], 0xA5A5, "map \(m) wrote past \(length) bytes") }
            }
        }
        XCTAssertGreaterThan(capitalSlices, 10_000)
    }
}
