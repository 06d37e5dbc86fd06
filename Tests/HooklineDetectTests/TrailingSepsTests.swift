import XCTest

@testable import HooklineDetect

/// `PhoneCandidates.check` reads the bytes after a number's last digit in one pass
/// (`TrailingSeps`) where it filtered them into an array and asked the array: every answer
/// must be the array's, for any bytes a run can hold after its digits.
final class TrailingSepsTests: XCTestCase {
    func testSameAnswersAsTheFilteredArray() {
        let alphabet = Array(" -./~();*:+)|o0".utf8)
        var g = Generator(seed: 3301)
        for _ in 0..<20_000 {
            let run = (0..<g.next(9)).map { _ in alphabet[g.next(alphabet.count)] }
            let from = g.next(run.count + 1)
            let trailing = run[from...]
            let seps = PhoneCandidates.TrailingSeps(trailing)
            let filtered = trailing.filter { $0 != UInt8(ascii: ")") }
            let shown = String(decoding: trailing, as: UTF8.self)
            XCTAssertEqual(seps.count == 0, filtered.isEmpty, shown)
            XCTAssertEqual(seps.allDashes, filtered.allSatisfy { $0 == UInt8(ascii: "-") }, shown)
            XCTAssertEqual(seps.count == 1 && seps.first == UInt8(ascii: "."), filtered.elementsEqual([UInt8(ascii: ".")]), shown)
            XCTAssertEqual(seps.hasSpace, filtered.contains(0x20), shown)
        }
    }
}
