import XCTest

@testable import HooklineCore

/// `ASCII.isASCII` reads eight bytes a load; it answers as the byte-by-byte UTF8View test
/// it replaced, for a byte above 0x7F at every position of every length (either side of a
/// word, in the tail, small and heap strings alike).
final class ASCIIIsASCIITests: XCTestCase {
    func testEightBytesALoadAnswersAsTheByteTest() {
        let outside: [String] = ["\u{80}", "\u{E9}", "\u{212A}", "\u{37E}", "\u{1F600}", "\u{7FF}", "\u{FFFD}"]
        var strings: [String] = []
        for length in 0..<40 {
            let plain = String((0..<length).map { Character(Unicode.Scalar(UInt8(0x20 + ($0 * 7) % 0x5F))) })
            strings.append(plain)
            strings.append(plain + "\u{7F}")
            strings.append(String(plain.dropFirst(length / 2)))
            for at in 0...length {
                let cut = plain.index(plain.startIndex, offsetBy: at)
                for o in outside {
                    strings.append(String(plain[..<cut]) + o + String(plain[cut...]))
                }
            }
        }
        var nonASCII = 0
        for s in strings {
            let reference = ASCII.isASCIIByScalars(s)
            XCTAssertEqual(ASCII.isASCII(s), reference, s.debugDescription)
            if !reference { nonASCII += 1 }
        }
        XCTAssertGreaterThan(nonASCII, 5_000)
        XCTAssertLessThan(nonASCII, strings.count)
    }
}
