import XCTest

@testable import HooklineDetect

/// `IdentifierContext.continuesCode` reads its window in the ring token by token instead of
/// copying and splitting it (`continuesCodeReference`): the same answer at every offset, with
/// double spaces, windows that wrap the ring, are partly overwritten or cut a token.
final class ContinuesCodeTests: XCTestCase {
    func testInPlaceReadsLikeTheSplit() {
        var g = Generator(seed: 2927)
        let pieces = ["1Z", "7W3", "91A", "A1", "03", "4418", "ab", "24h", "x9y", " ", " ", " ", "-", "é1", "Q"].map {
            Array($0.utf8)
        }
        var asked = 0
        var codes = 0
        for _ in 0..<400 {
            var ring = ByteRing(capacity: 16 + g.next(48))
            for _ in 0..<(1 + g.next(60)) {
                pieces[g.next(pieces.count)].withUnsafeBufferPointer { ring.append($0) }
                for offset in max(0, ring.total - 30)...(ring.total + 1) {
                    let expected = IdentifierContext.continuesCodeReference(recent: ring, before: offset)
                    XCTAssertEqual(
                        IdentifierContext.continuesCode(recent: ring, before: offset), expected,
                        "offset \(offset) of \(ring.total)")
                    asked += 1
                    if expected { codes += 1 }
                }
            }
        }
        XCTAssertGreaterThan(codes, 2_000)
        XCTAssertGreaterThan(asked - codes, 2_000)
    }
}
