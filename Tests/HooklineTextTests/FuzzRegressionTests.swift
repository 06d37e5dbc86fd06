import XCTest
import HooklineCore
@testable import HooklineText

/// Inputs `scripts/fuzz.sh` found that trapped. Limits come from the config file,
/// which only bounds them from below, so the text layer must not overflow on any
/// of them (MessageSplitter did `maxHeaderBytes + 1`, MIMEParser `i + room`).
final class FuzzRegressionTests: XCTestCase {
    func testEveryFixtureWithLimitsAtIntMax() {
        var limits = Limits()
        limits.maxBodyBytes = .max
        limits.maxPartTextBytes = .max
        limits.maxMimeDepth = .max
        limits.maxParts = .max
        limits.maxHeaders = .max
        limits.maxHeaderBytes = .max
        limits.maxLineBytes = .max
        let names = Harness.fixtureNames()
        XCTAssertGreaterThan(names.count, 20)
        for name in names {
            let bytes = Harness.fixture(name)
            // Cuts every 5 bytes put part-header lines across body chunks.
            let result = Harness.scan(bytes, cuts: Array(stride(from: 5, to: bytes.count, by: 5)), limits: limits)
            XCTAssertEqual(result.sink.violations, [], "\(name): sink contract")
            XCTAssertEqual(result.exact, Harness.scan(bytes, limits: limits).exact, "\(name): chunking changed the result")
        }
    }

    /// `charset-iconv-beyond-unicode.eml` (found by the mime target): labels glibc folds
    /// to UTF-8 ("utf-8//translit", "ut\u{1}f-8") or reads as UCS-4 let values past
    /// U+10FFFF through iconv as 4- to 6-byte sequences, so the sink got text that is
    /// not UTF-8. The golden test checks the sink contract; this checks the decoder alone.
    func testIconvOutputIsAlwaysUTF8() {
        let cases: [(String, [UInt8])] = [
            ("utf-8//translit", [0x61, 0xF7, 0xA5, 0xA2, 0x97, 0x62, 0xFD, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF, 0x00, 0x63]),
            ("ut\u{1}f-8", [0x61, 0xF8, 0x88, 0x80, 0x80, 0x80, 0x62]),
            ("ucs-4", [0, 0, 0, 0x61, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0x11, 0, 0, 0, 0, 0, 0x62]),
        ]
        for (label, input) in cases {
            for chunk in [1, 3, input.count] {
                let decoder = CharsetDecoder(charset: label)
                var out: [UInt8] = []
                let emit: (UnsafeRawBufferPointer) -> Void = { piece in
                    XCTAssertNotNil(String(validating: Array(piece), as: UTF8.self), "\(label): emitted \(Array(piece))")
                    out.append(contentsOf: piece)
                }
                input.withUnsafeBytes { buf in
                    var i = 0
                    while i < buf.count {
                        let j = min(buf.count, i + chunk)
                        decoder.decode(UnsafeRawBufferPointer(rebasing: buf[i..<j]), emit)
                        i = j
                    }
                }
                decoder.finish(emit)
                XCTAssertTrue(decoder.sawInvalid, "\(label): invalid input not reported")
                XCTAssertEqual(out.first, 0x61, label)
                XCTAssertEqual(out.last, label == "utf-8//translit" ? 0x63 : 0x62, label)
            }
        }
    }
}
