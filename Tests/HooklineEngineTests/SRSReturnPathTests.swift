import XCTest

@testable import HooklineEngine

/// `MessageFeatures.isSRS` folds an ASCII return path in place; it answers as the
/// lower-cased String test it replaced for generated paths: the three markers in every
/// case mix, cut short, moved, with a neighbour of a letter's case range, a control byte or
/// a look-alike outside ASCII (Kelvin sign, long s, fullwidth letters, a combining accent).
final class SRSReturnPathTests: XCTestCase {
    func testInPlaceAnswersAsLowercasedString() {
        var rng = SplitMix64(seed: 0x5253_0024)
        let markers = ["srs0=", "srs1=", "<srs0=", "srs2=", "srs0", "<srs1=", "sr"]
        let fillers = [
            "", "a", "@", "[", "`", "{", "=", "<", "\u{0}", "\r\n", "\u{7F}", "\u{17F}", "\u{212A}", "\u{FF53}", "\u{301}",
            "\u{E9}", "bounce@example.org", "HASH=TT=example.com=user@fwd.example",
        ]
        var paths: [String] = []
        for _ in 0..<4_000 {
            var path = ""
            for _ in 0..<Int(rng.next() % 4) {
                if rng.next() % 2 == 0 {
                    let m = markers[Int(rng.next() % UInt64(markers.count))]
                    path += m.map { rng.next() % 2 == 0 ? $0.uppercased() : String($0) }.joined()
                } else {
                    path += fillers[Int(rng.next() % UInt64(fillers.count))]
                }
            }
            paths.append(path)
            if !path.isEmpty { paths.append(String(path.dropLast())) }
        }
        var srs = 0
        for p in paths {
            let reference = MessageFeatures.isSRSOfString(p)
            XCTAssertEqual(MessageFeatures.isSRS(p), reference, p.debugDescription)
            if reference { srs += 1 }
        }
        XCTAssertGreaterThan(srs, 500)
        XCTAssertLessThan(srs, paths.count - 500)
        XCTAssertTrue(MessageFeatures.isSRS("a<SrS0=b"))
    }
}
