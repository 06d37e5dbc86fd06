import HooklineCore
import XCTest

@testable import HooklineDetect

/// The scanner's run (its bytes and their offsets in the original text) is written through
/// pointers into memory kept from message to message (`PhoneScanner.RunStore`), where it was
/// two arrays: whatever a message before left there and however the text is cut, each number
/// must come out as written, where it was written.
final class PhoneRunStoreTests: XCTestCase {
    private static let numbers: [(written: String, e164: String)] = [
        ("+1 (864) 347-2494", "+18643472494"), ("1-864-347-2494", "+18643472494"), ("864.347.2494", "+18643472494"),
        ("(864) 347-2494", "+18643472494"), ("1-800-642-7676", "+18006427676"), ("1-888-MSFT-HELP", "+18886738435"),
        ("+44 20 7946 0958", "+442079460958"),
    ]
    private static let words = ["call", "us", "at", "or", "today", "2026", "10:30", "$25.00", "on", "Ref", "1 of 3", "tel:"]

    func testNumbersComeOutAsWrittenWhereWritten() {
        var g = Generator(seed: 4242)
        var found = 0
        for _ in 0..<1_500 {
            var text = ""
            var expected: [(e164: String, evidence: String, offset: Int)] = []
            for _ in 0..<(1 + g.next(4)) {
                for _ in 0..<(1 + g.next(4)) { text += Self.words[g.next(Self.words.count)] + " " }
                // Words around it: digits before it ("1 of 3 1-888-…") would join its run,
                // but for an order number's, which leave the number inside a longer run.
                let inRun = g.next(3) == 0
                text += inRun ? "Order 12345 " : "call "
                let number = inRun ? (written: "864 347 2494", e164: "+18643472494") : Self.numbers[g.next(Self.numbers.count)]
                if !expected.contains(where: { $0.e164 == number.e164 }) {
                    expected.append((number.e164, number.written, text.utf8.count))
                }
                text += number.written + " now "
            }
            text += "thanks"
            let bytes = Array(text.utf8)
            var chunks: [[UInt8]] = []
            var at = 0
            while at < bytes.count {
                let n = min(bytes.count - at, 1 + g.next(g.next(2) == 0 ? 5 : 400))
                chunks.append(Array(bytes[at..<(at + n)]))
                at += n
            }
            let phones = analyze([(.plain, chunks)]).phones
            XCTAssertEqual(phones.map(\.e164), expected.map(\.e164), text)
            XCTAssertEqual(phones.map(\.evidence), expected.map(\.evidence), text)
            XCTAssertEqual(phones.map(\.offset), expected.map(\.offset), text)
            found += phones.count
        }
        XCTAssertGreaterThan(found, 2_000)
    }
}
