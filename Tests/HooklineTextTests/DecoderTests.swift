import XCTest
import HooklineCore
@testable import HooklineText

/// Runs a streaming stage over `input` cut into pieces of `step` bytes.
func stream(
    _ input: [UInt8], step: Int, _ feed: (UnsafeRawBufferPointer, (UnsafeRawBufferPointer) -> Void) -> Void,
    finish: ((UnsafeRawBufferPointer) -> Void) -> Void
) -> [UInt8] {
    var out: [UInt8] = []
    input.withUnsafeBytes { buf in
        var i = 0
        while i < buf.count {
            let j = min(buf.count, i + step)
            feed(buf.slice(i, j)) { out.append(contentsOf: $0) }
            i = j
        }
    }
    finish { out.append(contentsOf: $0) }
    return out
}

final class DecoderTests: XCTestCase {
    func testBase64AcrossEveryChunkSizeIgnoringWhitespaceAndGarbage() {
        let text = Array("Call +1 (864) 347-2494 now, it's urgent!".utf8)
        var encoded = Array(Data(text).base64EncodedString().utf8)
        encoded.insert(contentsOf: Array("\r\n \t!*".utf8), at: 10)
        for step in 1...encoded.count {
            let d = Base64Decoder()
            let out = stream(encoded, step: step, { d.decode($0, $1) }, finish: { d.finish($0) })
            XCTAssertEqual(out, text, "step \(step)")
            XCTAssertTrue(d.sawGarbage)
        }
    }

    /// Whole quanta take a four-byte path: past the output block, with line breaks and
    /// chunks that split quanta, the bytes are Foundation's.
    func testBase64LargeBodyMatchesFoundationAtAnyChunking() {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<100_003).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let encoded = Array(
            Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]).utf8)
        for step in [1, 3, 7, 77, 4096, encoded.count] {
            let d = Base64Decoder()
            XCTAssertEqual(stream(encoded, step: step, { d.decode($0, $1) }, finish: { d.finish($0) }), bytes, "step \(step)")
            XCTAssertFalse(d.sawGarbage)
        }
    }

    func testBase64ConcatenatedBlocksAndMissingPadding() {
        let d = Base64Decoder()
        let out = stream(Array("QUI=Q0Q=RUY".utf8), step: 100, { d.decode($0, $1) }, finish: { d.finish($0) })
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "ABCDEF")
        XCTAssertFalse(d.sawGarbage)
    }

    func testBase64LoneTrailingSextetIsGarbage() {
        let d = Base64Decoder()
        _ = stream(Array("QUJD Q".utf8), step: 100, { d.decode($0, $1) }, finish: { d.finish($0) })
        XCTAssertTrue(d.sawGarbage)
    }

    func testQuotedPrintableSoftBreaksAndEscapesSplitAnywhere() {
        let encoded = Array("8=\r\n6=\n4-=33=34=37 caf=C3=A9=\r\nbad =G1 =\ttrail=  \r\nend=".utf8)
        let expected = "864-347 café" + "bad =G1 =trailend="  // "=<TAB>x": the blank is padding, the "=" stays
        for step in 1...encoded.count {
            let d = QuotedPrintableDecoder()
            let out = stream(encoded, step: step, { d.decode($0, $1) }, finish: { d.finish($0) })
            XCTAssertEqual(String(decoding: out, as: UTF8.self), expected, "step \(step)")
            XCTAssertTrue(d.sawGarbage)
        }
    }

    func testUTF8RepairKeepsSequencesWholeAcrossChunks() {
        // Valid 2/3/4-byte sequences, a stray continuation byte, a truncated lead, windows-1252 bytes.
        var input = Array("a é € 😀 ".utf8)
        input += [0x80, 0x20, 0xE2, 0x82, 0x20, 0x93, 0x41, 0x94, 0x00, 0x42]
        let expected = "a é € 😀 € \u{E2}\u{201A} \u{201C}A\u{201D}B"  // bad bytes read as windows-1252
        for step in 1...input.count {
            let r = UTF8Repairer()
            var chunks: [[UInt8]] = []
            input.withUnsafeBytes { buf in
                var i = 0
                while i < buf.count {
                    let j = min(buf.count, i + step)
                    r.decode(buf.slice(i, j)) { chunks.append(Array($0)) }
                    i = j
                }
            }
            r.finish { chunks.append(Array($0)) }
            for c in chunks { XCTAssertNotNil(String(validating: c, as: UTF8.self), "step \(step): chunk \(c) not UTF-8") }
            XCTAssertEqual(String(decoding: chunks.joined(), as: UTF8.self), expected, "step \(step)")
            XCTAssertTrue(r.sawInvalid)
            XCTAssertTrue(r.sawNUL)
        }
    }

    func testEveryRepairedByteIsItsWindows1252Character() {
        // Each byte that cannot start a sequence here, alone, as a cut lead at the end, and
        // completing a sequence begun in the chunk before.
        for b in UInt8(0x80)...0xFF {
            let scalar = Unicode.Scalar(Windows1252.scalar(b)) ?? "\u{FFFD}"
            let expected = Array(String(Character(scalar)).utf8)
            let r = UTF8Repairer()
            XCTAssertEqual(stream([b, 0x20], step: 1, { r.decode($0, $1) }, finish: { r.finish($0) }), expected + [0x20], "\(b)")
            let cut = UTF8Repairer()
            XCTAssertEqual(stream([0x41, b], step: 1, { cut.decode($0, $1) }, finish: { cut.finish($0) }), [0x41] + expected, "\(b)")
        }
        for whole in ["é", "€", "😀", "\u{7FF}", "\u{FFFF}", "\u{10FFFF}"].map({ Array($0.utf8) }) {
            let r = UTF8Repairer()
            XCTAssertEqual(stream(whole + whole, step: 1, { r.decode($0, $1) }, finish: { r.finish($0) }), whole + whole, "\(whole)")
        }
    }

    func testUTF8TruncatedAtEndIsRepaired() {
        let r = UTF8Repairer()
        let out = stream([0x41, 0xF0, 0x9F, 0x98], step: 2, { r.decode($0, $1) }, finish: { r.finish($0) })
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "Að\u{178}\u{2DC}")
    }

    func charset(_ name: String, _ bytes: [UInt8], step: Int) -> (String, CharsetDecoder) {
        let d = CharsetDecoder(charset: name)
        var chunks: [[UInt8]] = []
        bytes.withUnsafeBytes { buf in
            var i = 0
            while i < buf.count {
                let j = min(buf.count, i + step)
                d.decode(buf.slice(i, j)) { chunks.append(Array($0)) }
                i = j
            }
        }
        d.finish { chunks.append(Array($0)) }
        for c in chunks { XCTAssertNotNil(String(validating: c, as: UTF8.self), "\(name) step \(step): chunk not UTF-8") }
        return (String(decoding: chunks.joined(), as: UTF8.self), d)
    }

    func testCharsetsThroughIconvAtEveryChunkSize() {
        let jp = "お電話ください：０１２０ー１２３"
        let cases: [(String, String, [UInt8])] = [
            (
                "iso-2022-jp", jp,
                [
                    0x1B, 0x24, 0x42, 0x24, 0x2A, 0x45, 0x45, 0x4F, 0x43, 0x24, 0x2F, 0x24, 0x40, 0x24, 0x35, 0x24, 0x24,
                    0x21, 0x27, 0x23, 0x30, 0x23, 0x31, 0x23, 0x32, 0x23, 0x30, 0x21, 0x3C, 0x23, 0x31, 0x23, 0x32,
                    0x23, 0x33, 0x1B, 0x28, 0x42,
                ]
            ),
            ("Shift_JIS", "電話", [0x93, 0x64, 0x98, 0x62]),
            ("gb2312", "客服", [0xBF, 0xCD, 0xB7, 0xFE]),
            ("koi8-r", "Тест", [0xF4, 0xC5, 0xD3, 0xD4]),
            ("windows-1251", "Тест", [0xD2, 0xE5, 0xF1, 0xF2]),
            ("iso-8859-2", "Łódź", [0xA3, 0xF3, 0x64, 0xBC]),
            ("\"ISO-8859-1\"", "Señor €", [0x53, 0x65, 0xF1, 0x6F, 0x72, 0x20, 0x80]),
        ]
        for (name, expected, bytes) in cases {
            for step in 1...bytes.count {
                let (text, d) = charset(name, bytes, step: step)
                XCTAssertEqual(text, expected, "\(name) step \(step)")
                XCTAssertFalse(d.sawInvalid, name)
                XCTAssertFalse(d.unknownCharset, name)
            }
        }
    }

    func testIconvInvalidBytesBecomeReplacementCharacters() {
        // 0x82 followed by a newline is not Shift_JIS.
        let (text, d) = charset("shift_jis", [0x41, 0x82, 0x0A, 0x93, 0x64], step: 1)
        XCTAssertEqual(text, "A\u{FFFD}\n電")
        XCTAssertTrue(d.sawInvalid)
        let (cut, d2) = charset("shift_jis", [0x41, 0x93], step: 1)
        XCTAssertEqual(cut, "A\u{FFFD}")
        XCTAssertTrue(d2.sawInvalid)
    }

    func testUnknownCharsetFallsBackToUTF8ThenWindows1252() {
        let (text, d) = charset("x-made-up", Array("über ".utf8) + [0xE9, 0x93], step: 3)
        XCTAssertEqual(text, "über é\u{201C}")
        XCTAssertTrue(d.unknownCharset)
    }
}
