import XCTest

@testable import HooklineDetect

/// `RegionEvidence.packWords` reads the function-word lists byte by byte; it must build the
/// table the `String` split it replaced built, for the lists as written and for generated
/// ones (runs of spaces, leading and trailing spaces, words past eight letters).
final class FunctionWordTableTests: XCTestCase {
    /// The form `packWords` replaced.
    private static func reference(_ lists: [(RegionEvidence.Language, String)]) -> [UInt64: UInt16] {
        var table: [UInt64: UInt16] = [:]
        for (language, words) in lists {
            for w in words.split(separator: " ") {
                table[RegionEvidence.pack(String(w)), default: 0] |= 1 << UInt16(language.rawValue)
            }
        }
        return table
    }

    func testTheListsAsWritten() {
        XCTAssertEqual(RegionEvidence.packWords(RegionEvidence.functionWordLists), Self.reference(RegionEvidence.functionWordLists))
        XCTAssertEqual(RegionEvidence.functionWords, Self.reference(RegionEvidence.functionWordLists))
        XCTAssertGreaterThan(RegionEvidence.functionWords.count, 300)
    }

    func testGeneratedLists() {
        var g = Generator(seed: 2602)
        let languages = RegionEvidence.Language.allCases
        for _ in 0..<5_000 {
            var lists: [(RegionEvidence.Language, String)] = []
            for _ in 0..<(1 + g.next(4)) {
                var text = ""
                for _ in 0..<g.next(12) {
                    text += String(repeating: " ", count: g.next(3))
                    text += String((0..<(1 + g.next(11))).map { _ in Character(Unicode.Scalar(UInt8(0x61 + g.next(4)))) })
                }
                text += String(repeating: " ", count: g.next(3))
                lists.append((languages[g.next(languages.count)], text))
            }
            XCTAssertEqual(RegionEvidence.packWords(lists), Self.reference(lists), "\(lists)")
        }
    }
}
