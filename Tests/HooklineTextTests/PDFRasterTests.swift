import XCTest
@testable import HooklineText
import HooklineCore

/// The pieces that turn a PDF's raw image object into pixels: the dictionary reader (which
/// values it believes), the predictors (every PNG filter type and TIFF's), and the row
/// conversion to grey.
final class PDFRasterTests: XCTestCase {
    /// Feeds `tokens` as the extractor would: "/Name", integers, "R" and other keywords.
    func dictionary(_ tokens: String) -> PDFImageDictionary {
        var d = PDFImageDictionary()
        var ints: [Int] = []
        for t in tokens.split(separator: " ") {
            if t.hasPrefix("/") {
                d.name(Array(t.dropFirst().utf8))
            } else if let v = Int(t) {
                ints.append(v)
                d.integer(v)
            } else if t == "R" {
                if ints.count >= 2 { d.reference(ints[ints.count - 2]) }
            } else {
                d.keyword(Array(t.utf8))
            }
        }
        return d
    }

    func testDictionaryValues() {
        let d = dictionary(
            "/Type /XObject /Subtype /Image /Width 800 /Height 600 /ColorSpace /DeviceRGB /BitsPerComponent 8 "
                + "/Filter /FlateDecode /DecodeParms /Predictor 15 /Colors 3 /Columns 800 /Length 5 0 R")
        XCTAssertEqual([d.width, d.height, d.components, d.bitsPerComponent, d.colors, d.columns], [800, 600, 3, 8, 3, 800])
        XCTAssertEqual(d.predictor, 15)
        XCTAssertFalse(d.unsupported)
        XCTAssertFalse(d.otherFilter)
        let mask = dictionary("/Width 100 /Height 50 /ImageMask true /Decode 1 0")
        XCTAssertTrue(mask.imageMask)
        XCTAssertTrue(mask.inverted)
    }

    func testIndirectOrUnreadableValuesAreNotBelieved() {
        XCTAssertTrue(dictionary("/Width 9 0 R /Height 600 /ColorSpace /DeviceGray").unsupported)
        XCTAssertTrue(dictionary("/Width 800 /ColorSpace /Indexed /DeviceRGB 255 7 0 R").unsupported)
        XCTAssertTrue(dictionary("/Width 800 /ColorSpace 7 0 R").unsupported)
        XCTAssertTrue(dictionary("/Width 800 /ColorSpace /ICCBased 7 0 R").unsupported)  // profile not seen
        var d = PDFImageDictionary()
        d.iccComponents[7] = 3
        d.name(Array("ColorSpace".utf8))
        d.name(Array("ICCBased".utf8))
        d.integer(7)
        d.integer(0)
        d.reference(7)
        XCTAssertEqual(d.components, 3)
        XCTAssertFalse(d.unsupported)
        XCTAssertTrue(dictionary("/Filter /ASCII85Decode /FlateDecode").otherFilter)
    }

    /// Every PNG filter type, encoded here the way a writer does, comes back as the samples.
    func testPNGPredictorUndoesEveryFilterType() throws {
        let rows: [[UInt8]] = (0..<6).map { r in (0..<12).map { UInt8(truncatingIfNeeded: $0 * 37 + r * 91) } }
        var p = try XCTUnwrap(PDFPredictor(predictor: 15, rowBytes: 12, components: 3, bitsPerComponent: 8))
        var previous = [UInt8](repeating: 0, count: 12)
        var out: [UInt8] = []
        for (i, row) in rows.enumerated() {
            let type = UInt8(i % 5)
            let encoded = [type] + Self.filter(row, previous: previous, type: type, bpp: 3)
            XCTAssertTrue(p.undo(encoded[...], into: &out))
            XCTAssertEqual(out, row, "filter \(type)")
            previous = row
        }
        XCTAssertFalse(p.undo(([9] + rows[0])[...], into: &out))
    }

    func testTIFFPredictorAndUnknownOnes() throws {
        var p = try XCTUnwrap(PDFPredictor(predictor: 2, rowBytes: 6, components: 3, bitsPerComponent: 8))
        var out: [UInt8] = []
        XCTAssertTrue(p.undo([10, 20, 30, 1, 2, 3][...], into: &out))
        XCTAssertEqual(out, [10, 20, 30, 11, 22, 33])
        XCTAssertNil(PDFPredictor(predictor: 2, rowBytes: 6, components: 1, bitsPerComponent: 4))
        XCTAssertNil(PDFPredictor(predictor: 7, rowBytes: 6, components: 1, bitsPerComponent: 8))
    }

    func testRowsBecomeGrey() {
        func grey(_ row: [UInt8], _ g: PDFRasterImage.Geometry) -> [UInt8] {
            var out: [UInt8] = []
            PDFRasterImage.grey(row, g, into: &out)
            return out
        }
        let rgb = PDFRasterImage.Geometry(width: 2, height: 1, components: 3, bitsPerComponent: 8, bitmap: false, inverted: false)
        XCTAssertEqual(grey([255, 255, 255, 0, 0, 0], rgb), [255, 0])
        let cmyk = PDFRasterImage.Geometry(width: 2, height: 1, components: 4, bitsPerComponent: 8, bitmap: false, inverted: false)
        XCTAssertEqual(grey([0, 0, 0, 0, 0, 0, 0, 255], cmyk), [255, 0])
        let nibbles = PDFRasterImage.Geometry(width: 3, height: 1, components: 1, bitsPerComponent: 4, bitmap: false, inverted: false)
        XCTAssertEqual(grey([0xF0, 0x80], nibbles), [255, 0, 136])
        // One bit: a PDF's 0 is black, Netpbm's 1 is.
        let bits = PDFRasterImage.Geometry(width: 8, height: 1, components: 1, bitsPerComponent: 1, bitmap: true, inverted: false)
        XCTAssertEqual(grey([0b1111_0000], bits), [0b0000_1111])
    }

    static func filter(_ row: [UInt8], previous: [UInt8], type: UInt8, bpp: Int) -> [UInt8] {
        row.indices.map { i in
            let left = i >= bpp ? Int(row[i - bpp]) : 0
            let up = Int(previous[i])
            let upLeft = i >= bpp ? Int(previous[i - bpp]) : 0
            let predicted: Int
            switch type {
            case 1: predicted = left
            case 2: predicted = up
            case 3: predicted = (left + up) / 2
            case 4:
                let p = left + up - upLeft
                let (pa, pb, pc) = (abs(p - left), abs(p - up), abs(p - upLeft))
                predicted = pa <= pb && pa <= pc ? left : (pb <= pc ? up : upLeft)
            default: predicted = 0
            }
            return row[i] &- UInt8(truncatingIfNeeded: predicted)
        }
    }
}
