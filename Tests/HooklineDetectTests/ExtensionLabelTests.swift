import XCTest

@testable import HooklineDetect

/// `IdentifierContext.labelsExtension` reads the window before a run in the ring instead of
/// copying it into an array (`labelsExtensionReference`): the same answer for every offset,
/// windows that wrap the ring, are partly overwritten or cut a word included.
final class ExtensionLabelTests: XCTestCase {
    func testInPlaceReadsLikeTheCopy() {
        var g = Generator(seed: 2926)
        let pieces = [
            "ext", "ext.", "Ext", "extension", "durchwahl", "poste", "toestel", "ramal", "next", "text", "éext",
            " ", " ", ":", "#", ".", "-", "=", "214", "x", "ramalx", "\n", "ß",
        ].map { Array($0.utf8) }
        var asked = 0
        var labelled = 0
        for _ in 0..<400 {
            // Small rings wrap often, and windows reach past what they still hold.
            var ring = ByteRing(capacity: 16 + g.next(48))
            for _ in 0..<(1 + g.next(60)) {
                let piece = pieces[g.next(pieces.count)]
                piece.withUnsafeBufferPointer { ring.append($0) }
                for offset in max(0, ring.total - 20)...(ring.total + 1) {
                    let expected = IdentifierContext.labelsExtensionReference(recent: ring, before: offset)
                    XCTAssertEqual(
                        IdentifierContext.labelsExtension(recent: ring, before: offset), expected,
                        "offset \(offset) of \(ring.total)")
                    asked += 1
                    if expected { labelled += 1 }
                }
            }
        }
        // Both answers are reached often.
        XCTAssertGreaterThan(labelled, 2_000)
        XCTAssertGreaterThan(asked - labelled, 2_000)
    }
}
