import XCTest
@testable import HooklineOCREngine

/// The shim reads the grey PNM a PDF page image becomes without Leptonica's byte-at-a-time
/// reader. Every picture it reads must be the one Leptonica gives (depth, size, words,
/// resolution, format); every other form must be left to Leptonica.
final class GreyPNMTests: XCTestCase {
    private func pnm(_ header: String, width: Int, height: Int, first: UInt8, extra: Int = 0) -> [UInt8] {
        var bytes = Array(header.utf8)
        for i in 0..<(width * height + extra) {
            bytes.append(i == 0 ? first : UInt8(truncatingIfNeeded: i &* 37 &+ (i / max(width, 1)) &* 11))
        }
        return bytes
    }

    func testPlainGreyImagesReadAsLeptonicaReadsThem() {
        var sizes: [(Int, Int)] = []
        for w in 1...12 { for h in 1...5 { sizes.append((w, h)) } }
        sizes += [(257, 3), (1, 700), (760, 43), (33, 129)]
        // White space as the first pixels: a reader that skipped it would shift the picture.
        for (w, h) in sizes {
            for first: UInt8 in [0, 9, 10, 13, 32, 255] {
                for header in ["P5\n\(w) \(h)\n255\n", "P5 \(w)\n\(h) 255 ", "P5\n\(w)\n\(h)\n255\n"] {
                    for extra in [0, 3] {
                        let image = pnm(header, width: w, height: h, first: first, extra: extra)
                        XCTAssertEqual(TesseractEngine.checkPlainGreyPNM(image), 1, "\(header.debugDescription) first \(first)")
                    }
                }
            }
        }
    }

    func testOtherFormsAreLeftToLeptonica() {
        let declined: [[UInt8]] = [
            pnm("P5\n# made by hand\n4 3\n255\n", width: 4, height: 3, first: 1),
            pnm("P5\n4 3\n15\n", width: 4, height: 3, first: 1),
            pnm("P5\n4 3\n65535\n", width: 8, height: 3, first: 1),
            pnm("P5\n04 3\n255\n", width: 4, height: 3, first: 1),
            pnm("P5\t4 3\n255\n", width: 4, height: 3, first: 1),
            pnm("P5\r\n4 3\r\n255\r\n", width: 4, height: 3, first: 1),
            pnm("P5\n4  3\n255\n", width: 4, height: 3, first: 1),
            pnm("P5\n0 3\n255\n", width: 1, height: 3, first: 1),
            pnm("P5\n12345678 1\n255\n", width: 4, height: 1, first: 1),
            Array(pnm("P5\n4 3\n255\n", width: 4, height: 3, first: 1).dropLast()),
            pnm("P4\n16 2\n", width: 2, height: 2, first: 1),
            pnm("P6\n4 3\n255\n", width: 12, height: 3, first: 1),
            Array("P5\n4 3\n255".utf8), Array("P5".utf8), [],
        ]
        for image in declined {
            XCTAssertEqual(TesseractEngine.checkPlainGreyPNM(image), 0, String(decoding: image.prefix(16), as: UTF8.self))
        }
    }
}
