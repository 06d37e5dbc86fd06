import XCTest
@testable import HooklineOCREngine
import Foundation
@testable import HooklineOCR
import HooklineCore
@testable import HooklineText
@testable import HooklineEngine
import HooklineOffline

/// Image-only PDFs whose page is a raw (FlateDecode) image object: grey behind a PNG
/// predictor, RGB, one bit a pixel. Each is turned back into pixels while the part streams,
/// read by OCR, and flagged; hostile ones (named for what they attack) end as anomalies,
/// in any chunking, quickly. Fixtures from Scripts/make_pdfs.py.
final class PDFImageTests: XCTestCase, MessageFixtures {
    /// Engines in this process: the tests do not depend on `hookline-ocr` being built.
    override class func setUp() {
        super.setUp()
        OCRInProcess.use()
    }

    func pdfMessage(_ name: String, body: String = "") throws -> [UInt8] {
        message(try ImageReaderTests.fixture(name), type: "application/pdf", name: "invoice.pdf", body: body)
    }

    func testRawImageObjectsAreReadAsPictures() throws {
        for (name, digits, size) in [
            ("lure-flate-grey-predictor.pdf", "284-7391", (760, 430)),
            ("lure-flate-rgb.pdf", "346-0921", (760, 380)),
            ("lure-flate-bitmap.pdf", "284-7391", (760, 430)),
        ] {
            for chunk in [5, 4096] {
                let (images, anomalies) = parse(try pdfMessage(name), chunk: chunk)
                XCTAssertEqual(anomalies.intersection([.imageUndecodable, .imageUnsupported, .damagedPDF]), [], name)
                XCTAssertEqual(images.map(\.header), [ImageHeader(format: .pnm, width: size.0, height: size.1)], name)
            }
            let images = parse(try pdfMessage(name)).0
            let reading = ImageReader.read(images.map(\.bytes), limits: .default)
            XCTAssertEqual(reading.anomalies, [], name)
            XCTAssertTrue(reading.texts.joined().contains(digits), "\(name): \(reading.texts)")
        }
    }

    func testImageOnlyFlatePDFIsFlagged() throws {
        let v = FileScan.scan(
            bytes: try pdfMessage("lure-flate-grey-predictor.pdf", body: "Invoice attached.\n"), engine: try shippedEngine())
        XCTAssertGreaterThanOrEqual(v.action, .tag, v.headerValue)
        XCTAssertEqual(v.phoneFindings.first { $0.e164 == "+18552847391" }?.views, [.image], "\(v.phoneFindings)")
        XCTAssertTrue(v.rules.contains { $0.id == "PHONE_ONLY_IN_IMAGE" }, v.headerValue)
    }

    func testHostileImageObjectsBecomeAnomalies() throws {
        let expected: [(String, Anomaly)] = [
            ("hostile-pdf-flate-huge-dimensions.pdf", .imageTooManyPixels),
            ("hostile-pdf-flate-lying-height.pdf", .imageUndecodable),
            ("hostile-pdf-flate-garbage.pdf", .imageUndecodable),
            ("hostile-pdf-flate-bad-predictor.pdf", .imageUndecodable),
            ("hostile-pdf-flate-indirect-width.pdf", .imageUnsupported),
        ]
        for (name, anomaly) in expected {
            for chunk in [5, 4096] {
                let (images, anomalies) = parse(try pdfMessage(name), chunk: chunk)
                XCTAssertTrue(images.isEmpty, name)
                XCTAssertTrue(anomalies.contains(anomaly), "\(name) chunk \(chunk): \(anomalies)")
            }
            let v = FileScan.scan(bytes: try pdfMessage(name), engine: try shippedEngine())
            XCTAssertEqual(v.action, .accept, "\(name): \(v.headerValue)")
        }
    }

    /// 48 MB of zeros behind an 800 × 600 image: inflating stops at the 480,000 bytes the
    /// rows need, and what is kept is the raster and its header.
    func testInflateBombStopsAtTheDeclaredRows() throws {
        let started = Date()
        let (images, _) = parse(try pdfMessage("hostile-pdf-flate-inflate-bomb.pdf"))
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        XCTAssertEqual(images.map(\.bytes.count), [Array("P5\n800 600\n255\n".utf8).count + 800 * 600])
        let v = FileScan.scan(bytes: try pdfMessage("hostile-pdf-flate-inflate-bomb.pdf"), engine: try shippedEngine())
        XCTAssertEqual(v.action, .accept, v.headerValue)
    }

    /// The same limits as for an attached picture: compressed bytes against max_image_bytes,
    /// declared pixels against max_pixels, and a logo-sized image is skipped.
    func testOCRLimitsApply() throws {
        let msg = try pdfMessage("lure-flate-grey-predictor.pdf")
        var limits = Limits.default
        limits.maxImageBytes = 4000
        var (images, anomalies) = parse(msg, limits: limits)
        XCTAssertTrue(images.isEmpty)
        XCTAssertTrue(anomalies.contains(.imageTooLarge), "\(anomalies)")
        limits = .default
        limits.maxImagePixels = 100_000
        (images, anomalies) = parse(msg, limits: limits)
        XCTAssertTrue(images.isEmpty)
        XCTAssertTrue(anomalies.contains(.imageTooManyPixels), "\(anomalies)")
        limits = .default
        limits.minImagePixels = 400_000
        (images, anomalies) = parse(msg, limits: limits)
        XCTAssertTrue(images.isEmpty)
        XCTAssertTrue(anomalies.isDisjoint(with: [.imageTooLarge, .imageTooManyPixels, .imageUndecodable]), "\(anomalies)")
        limits = .default
        limits.ocrEnabled = false
        XCTAssertTrue(parse(msg, limits: limits).0.isEmpty)
    }
}
