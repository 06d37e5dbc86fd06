import HooklineCore
import XCTest
@testable import HooklineDetect

/// The one-word phrases are looked up in a ``WordTable`` instead of compiled into the
/// stream database: every report (id, view, start, end, evidence, order) and the limit flag
/// must be what the database that compiles them gives, call for call, on generated text cut
/// at random points (words split between calls, at a view's end, at the stream's end), in
/// any case, next to digits, `_`, punctuation and non-ASCII letters.
final class WordTableTests: XCTestCase {
    static let specs: [PatternSpec] = {
        var specs: [PatternSpec] = []
        func add(_ expression: String, length: Int? = nil, caseless: Bool = true) {
            specs.append(PatternSpec(id: UInt32(specs.count), expression: expression, caseless: caseless, length: length))
        }
        // One-word phrases as `CompiledRules.phraseRegex` writes them: the table's when of at
        // most four bytes (ids 0-4 and 9-11), Vectorscan's when longer (5-8).
        for word in ["u", "su", "tu", "you", "your", "yours", "paypal", "invoice", "invoiced", "24", "u2", "Ebay"] {
            add("\\b\(word)\\b", length: word.utf8.count)
        }
        // The same word under a second id (two lexicons list it).
        add("\\byou\\b", length: 3)
        add("\\bsu\\b", length: 2)
        // Not the table's: case-sensitive, nine bytes, no length, no trailing `\b`, two words,
        // punctuation inside: Vectorscan's, beside the table's words.
        add("\\bpaypal\\b", length: 6, caseless: false)
        add("\\binvoicing\\b", length: 9)
        add("\\byou\\b")
        add("\\byour", length: 4)
        add("\\byour account\\b", length: 12)
        add("\\bu\\-s\\b", length: 3)
        add("\\byou(?:r|rs)?\\b")
        add("[$€] ?\\d+\\b")
        add("\\b\\w+ su\\b")
        add("account$")
        return specs
    }()

    static let taken: Set<UInt32> = [0, 1, 2, 3, 4, 9, 10, 11, 12, 13]

    static let pieces = [
        "u", "su", "tu", "you", "your", "yours", "paypal", "invoice", "invoiced", "invoicing", "24", "u2", "ebay",
        "U", "SU", "You", "YOUR", "PayPal", "EBAY", "Invoice", "you_", "_you", "you2", "2you", "24a", "a24",
        "youé", "éyou", "yoü", "über", "電話", "account", "u-s", "$", "€", "12", "_", "-", ".", "'", "\n\n", " ", "  ",
        "yourss", "uu", "s", "yo",
        // Bytes next to the word classes, which the eight-byte test must not take for word
        // bytes: control bytes that `| 0x20` would fold to digits, `@ [ ` { DEL`, `/ :`, and
        // UTF-8 bytes whose low seven bits are letters or digits. Words of eight and nine.
        "\u{10}", "\u{19}", "@", "[", "`", "{", "\u{7F}", "/", ":", "Ä", "ÿ", "é9", "ñu", "uñ", "0", "9", "z", "Z",
        "yousuyou", "invoicedu", "u\u{10}su", "su@you", "your`s",
    ]

    func testKeyTakesOnlyPlainWords() {
        XCTAssertEqual(WordTable.key(PatternSpec(id: 0, expression: "\\byou\\b", length: 3)), 0x79_6F75)
        XCTAssertEqual(WordTable.key(PatternSpec(id: 0, expression: "\\bEbay\\b", length: 4)), 0x6562_6179)
        XCTAssertNotNil(WordTable.key(PatternSpec(id: 0, expression: "\\byour\\b", length: 4)))
        XCTAssertNil(WordTable.key(PatternSpec(id: 0, expression: "\\byours\\b", length: 5)))
        XCTAssertNil(WordTable.key(PatternSpec(id: 0, expression: "\\binvoiced\\b", length: 8)))
        for spec in [
            PatternSpec(id: 0, expression: "\\byou\\b", caseless: false, length: 3),
            PatternSpec(id: 0, expression: "\\byou\\b"),
            PatternSpec(id: 0, expression: "\\byou\\b", length: 4),
            PatternSpec(id: 0, expression: "\\binvoicing\\b", length: 9),
            PatternSpec(id: 0, expression: "\\byour", length: 4),
            PatternSpec(id: 0, expression: "you", length: 3),
            PatternSpec(id: 0, expression: "\\bu\\-s\\b", length: 3),
            PatternSpec(id: 0, expression: "\\b\\b", length: 0),
            PatternSpec(id: 0, expression: "\\bvocê\\b", length: 6),
            PatternSpec(id: 0, expression: "\\by_u\\b", length: 3),
        ] {
            XCTAssertNil(WordTable.key(spec), spec.expression)
        }
    }

    func testTableTakesTheWordsAndOnlyWhenAsked() throws {
        let table = try XCTUnwrap(WordTable(Self.specs))
        XCTAssertEqual(table.taken, Self.taken)
        XCTAssertEqual(Array(table.ids(of: 0x79_6F75)), [3, 12])
        XCTAssertEqual(Array(table.ids(of: 0x7A_7A7A)), [])
        XCTAssertNil(WordTable(Self.specs + [PatternSpec(id: 0, expression: "x")]))
        XCTAssertNotNil(try PatternDatabase(Self.specs, mode: .stream).words)
        XCTAssertNil(try PatternDatabase(Self.specs, mode: .stream, words: false).words)
        XCTAssertNil(try PatternDatabase(Self.specs.filter { $0.expression != "account$" }, mode: .block).words)
        // Only words: the stream keeps them all in Vectorscan, which it needs to run.
        let onlyWords = Array(Self.specs.prefix(3))
        XCTAssertNil(try PatternDatabase(onlyWords, mode: .stream).words)
    }

    /// A compile error names the caller's spec, not its place among those compiled.
    func testCompileErrorNamesTheCallersSpec() {
        var specs = Self.specs
        specs.append(PatternSpec(id: UInt32(specs.count), expression: "(unclosed"))
        XCTAssertThrowsError(try PatternDatabase(specs, mode: .stream)) { error in
            XCTAssertEqual((error as? PatternCompileError)?.index, specs.count - 1)
        }
    }

    static func describe(_ matches: [PatternMatch]) -> [String] {
        matches.map { "\($0.id)|\($0.view)|\($0.start)|\($0.end)|\($0.evidence)" }
    }

    func testStreamReportsAreThoseOfTheCompiledWords() throws {
        let table = try PatternDatabase(Self.specs, mode: .stream)
        let compiled = try PatternDatabase(Self.specs, mode: .stream, words: false)
        XCTAssertNotNil(table.words)
        XCTAssertNil(compiled.words)
        let views: [TextView] = [.subject, .plain, .html, .fromName]
        var rng = SplitMix(seed: 25)
        var total = 0
        var tableMatches = 0
        var limited = 0
        for run in 0..<400 {
            var limits = Limits()
            limits.maxMatchesPerPattern = run % 3 == 0 ? 4 : 1000
            let a = PatternStream(database: table, limits: limits)
            let b = PatternStream(database: compiled, limits: limits)
            var calls = 0
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let view = views[Int(rng.next() % UInt64(views.count))]
                a.view = view
                b.view = view
                var text = ""
                for _ in 0..<Int(rng.next() % 80) {
                    text += Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))]
                    text += rng.next() % 3 == 0 ? "" : " "
                }
                // Now and then one slice longer than a batch, scanned on its own.
                if rng.next() % 50 == 0 { text += String(repeating: "you su ", count: 2600) }
                let bytes = Array(text.utf8)
                var at = 0
                while at < bytes.count {
                    let n = min(bytes.count - at, 1 + Int(rng.next() % 40))
                    bytes[at..<(at + n)].withUnsafeBufferPointer {
                        a.scan($0)
                        b.scan($0)
                    }
                    at += n
                    calls += 1
                    if rng.next() % 4 == 0 {
                        a.flush()
                        b.flush()
                        XCTAssertEqual(Self.describe(a.matches), Self.describe(b.matches), "run \(run), call \(calls)")
                    }
                }
            }
            if rng.next() % 2 == 0 {
                a.flush()
                b.flush()
            }
            a.close()
            b.close()
            XCTAssertEqual(Self.describe(a.matches), Self.describe(b.matches), "run \(run)")
            XCTAssertEqual(a.limitReached, b.limitReached, "run \(run)")
            total += a.matches.count
            tableMatches += a.matches.filter { Self.taken.contains($0.id) }.count
            if a.limitReached { limited += 1 }
        }
        // The runs must exercise what is compared: many of the table's reports, some at the limit.
        XCTAssertGreaterThan(tableMatches, 20000)
        XCTAssertGreaterThan(total, tableMatches)
        XCTAssertGreaterThan(limited, 40)
    }

    /// ``WordTable/scan(_:run:_:)`` (`CSIMD`'s marks, 64-byte blocks, pieces of
    /// ``WordTable/pieceBytes``, the run carried between calls) against a byte-at-a-time
    /// reference, on bytes of every kind beside the word classes and runs of every length up to
    /// nine across block, piece and call boundaries, with a table holding every word of one to
    /// four of its letters so nearly every short word is a report.
    func testShortWordsAreThoseOfABytewiseScan() throws {
        try XCTSkipUnless(WordTable.available, "no AVX2: the stream databases keep their words")
        let letters: [UInt8] = Array("aB1".utf8)
        var words: [[UInt8]] = [[]]
        var specs: [PatternSpec] = []
        for _ in 1...WordTable.maxBytes {
            words = words.flatMap { w in letters.map { w + [$0] } }
            for w in words {
                let text = String(decoding: w, as: UTF8.self)
                specs.append(PatternSpec(id: UInt32(specs.count), expression: "\\b\(text)\\b", length: w.count))
            }
        }
        let table = try XCTUnwrap(WordTable(specs))
        XCTAssertEqual(table.taken.count, specs.count)
        let others: [UInt8] = [0x20, 0x00, 0x10, 0x19, 0x2F, 0x3A, 0x40, 0x5B, 0x60, 0x7B, 0x7F, 0x80, 0xC1, 0xE1, 0xFF, 0x2D]
        let wordBytes: [UInt8] = Array("aAbB1_zZ09".utf8)
        var rng = SplitMix(seed: 27)
        var reports = 0
        for run in 0..<2000 {
            var bytes: [UInt8] = []
            let target = Int(rng.next() % 1200)
            while bytes.count < target {
                let n = Int(rng.next() % 10)
                let pool = rng.next() % 3 == 0 ? wordBytes : letters
                for _ in 0..<n { bytes.append(pool[Int(rng.next() % UInt64(pool.count))]) }
                for _ in 0..<(1 + Int(rng.next() % 3)) { bytes.append(others[Int(rng.next() % UInt64(others.count))]) }
                if rng.next() % 8 == 0 { bytes.removeLast() }
            }
            // The reference: a byte at a time, through ``WordTable/classes``.
            var expected: [String] = []
            var length = 0
            var key: UInt64 = 0
            for (i, b) in bytes.enumerated() {
                let c = WordTable.classes[Int(b)]
                if c != 0 {
                    key = key &<< 8 | UInt64(c)
                    length += 1
                    continue
                }
                if length > 0, length <= WordTable.maxBytes, !table.find(key).isEmpty {
                    expected.append("\(i):\(Array(table.ids(of: key)))")
                }
                length = 0
                key = 0
            }
            let last = length > 0 && length <= WordTable.maxBytes ? Array(table.ids(of: key)) : []
            // The table's scan, in calls cut at random.
            var got: [String] = []
            var state = WordTable.Run()
            var at = 0
            while at < bytes.count {
                let n = min(bytes.count - at, rng.next() % 2 == 0 ? 1 + Int(rng.next() % 9) : Int(rng.next() % 700))
                let base = at
                bytes[at..<(at + n)].withUnsafeBufferPointer { piece in
                    table.scan(piece, run: &state) { end, ids in got.append("\(base + end):\(ids.map { table.id($0) })") }
                }
                at += n
            }
            XCTAssertEqual(got, expected, "run \(run)")
            let carried = state.length > 0 && state.length <= WordTable.maxBytes ? Array(table.ids(of: UInt64(state.key))) : []
            XCTAssertEqual(carried, last, "run \(run), the run at the end")
            XCTAssertEqual(min(Int(state.length), WordTable.maxBytes + 1), min(length, WordTable.maxBytes + 1), "run \(run)")
            reports += got.count
        }
        XCTAssertGreaterThan(reports, 50000)
    }
}
