import XCTest

@testable import HooklineDetect

/// `PhoneScanner.isVanityPrefix` keeps four keys instead of an array of all of them; it must
/// answer as the array form did for every run the scanner can hold before a letter.
final class VanityPrefixTests: XCTestCase {
    func testSameAnswerAsTheArrayForm() {
        let alphabet = Array("0123456789ol|i -.()+".utf8)
        // Every string of up to four bytes, then random ones up to twelve.
        var strings: [[UInt8]] = [[]]
        var frontier: [[UInt8]] = [[]]
        for _ in 0..<4 {
            frontier = frontier.flatMap { s in alphabet.map { s + [$0] } }
            strings += frontier
        }
        var seed: UInt64 = 7
        for _ in 0..<200_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int((seed >> 33) % 13)
            var s: [UInt8] = []
            for _ in 0..<length {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                // Mostly keys, with "1" and "8" often enough to reach the toll-free prefixes.
                let pick = Int((seed >> 33) % UInt64(alphabet.count + 6))
                s.append(pick < alphabet.count ? alphabet[pick] : Array("18188 8".utf8)[pick - alphabet.count])
            }
            strings.append(s)
        }
        var eligible = 0
        for s in strings {
            let fast = PhoneScanner.isVanityPrefix(s[...])
            XCTAssertEqual(fast, PhoneScanner.isVanityPrefixReference(s[...]), String(decoding: s, as: UTF8.self))
            if fast { eligible += 1 }
        }
        XCTAssertGreaterThan(eligible, 1000)
    }
}
