import XCTest
@testable import HooklineOCREngine
import Foundation
@testable import HooklineOCR
import HooklineCore
@testable import HooklineText
@testable import HooklineEngine
import HooklineOffline

/// HEIC through libheif: a phone's photo of a lure is read like a PNG, and hostile HEIC
/// files (named for what they attack) end as anomalies. Fixtures from Scripts/make_images.py
/// (heif-enc, libheif's own encoder, on this machine).
final class HEICTests: XCTestCase, MessageFixtures {
    /// Engines in this process: the tests do not depend on `hookline-ocr` being built.
    override class func setUp() {
        super.setUp()
        OCRInProcess.use()
    }

    func testLurePhotoIsRead() throws {
        let reading = ImageReader.read([try ImageReaderTests.fixture("lure-norton-invoice.heic")], limits: .default)
        XCTAssertEqual(reading.anomalies, [])
        XCTAssertTrue(reading.texts.joined().contains("284-7391"), "\(reading.texts)")
    }

    func testHeaderGivesTheSizeBeforeDecoding() throws {
        let heic = try ImageReaderTests.fixture("lure-norton-invoice.heic")
        XCTAssertEqual(ImageHeader.sniff(heic), ImageHeader(format: .heic, width: 760, height: 430))
        let probe = TesseractEngine.probe(heic)
        XCTAssertEqual(probe.status, .ok)
        XCTAssertEqual([probe.width, probe.height], [760, 430])
        let huge = try ImageReaderTests.fixture("hostile-heic-huge-dimensions.heic")
        XCTAssertEqual(ImageHeader.sniff(huge), ImageHeader(format: .heic, width: 60000, height: 60000))
        // Only the boxes so far: the size is not known yet, and nothing is refused for it.
        XCTAssertEqual(ImageHeader.sniff(Array(heic.prefix(40))), ImageHeader(format: .heic))
    }

    /// The shim checks the declared size itself, whoever calls it (the Swift checks bypassed).
    func testShimRefusesTooManyPixelsBeforeDecoding() throws {
        let heic = try ImageReaderTests.fixture("lure-norton-invoice.heic")
        let huge = try ImageReaderTests.fixture("hostile-heic-huge-dimensions.heic")
        let engine = try XCTUnwrap(TesseractEngine(languages: "eng"))
        XCTAssertEqual(engine.read(heic, maxPixels: 100_000, deadlineMillis: 5000).0, .tooManyPixels)
        let started = Date()
        XCTAssertEqual(engine.read(huge, maxPixels: 6_000_000, deadlineMillis: 5000).0, .tooManyPixels)
        XCTAssertLessThan(Date().timeIntervalSince(started), 1)
    }

    func testHostileHEICBecomeAnomalies() throws {
        let expected: [(String, Anomaly)] = [
            ("hostile-heic-truncated.heic", .imageUndecodable),
            ("hostile-heic-huge-dimensions.heic", .imageTooManyPixels),
            ("hostile-heic-brand.heic", .imageUndecodable),
        ]
        for (name, anomaly) in expected {
            let started = Date()
            let reading = ImageReader.read([try ImageReaderTests.fixture(name)], limits: .default)
            XCTAssertTrue(reading.anomalies.contains(anomaly), "\(name): \(reading.anomalies)")
            XCTAssertEqual(reading.texts, [], name)
            XCTAssertLessThan(Date().timeIntervalSince(started), 3, name)
        }
    }

    /// The huge one is refused from its boxes while the part streams, in any chunking.
    func testHugeHEICIsRefusedWhileStreaming() throws {
        let msg = message(try ImageReaderTests.fixture("hostile-heic-huge-dimensions.heic"), type: "image/heic", name: "x.heic")
        for chunk in [7, 4096] {
            let (images, anomalies) = parse(msg, chunk: chunk)
            XCTAssertTrue(images.isEmpty)
            XCTAssertTrue(anomalies.contains(.imageTooManyPixels), "chunk \(chunk): \(anomalies)")
        }
    }

    func testHEICLureIsFlaggedAndHostileOnesAccepted() throws {
        let engine = try shippedEngine()
        let v = FileScan.scan(bytes: try ImageReaderTests.fixture("lure-image-only-heic.eml"), engine: engine)
        XCTAssertGreaterThanOrEqual(v.action, .tag, v.headerValue)
        XCTAssertEqual(v.phoneFindings.first { $0.e164 == "+18552847391" }?.views, [.image], "\(v.phoneFindings)")
        for name in ["hostile-heic-truncated.heic", "hostile-heic-brand.heic"] {
            let msg = message(try ImageReaderTests.fixture(name), type: "image/heic", name: name)
            XCTAssertEqual(parse(msg).0.count, 1, name)
            let v = FileScan.scan(bytes: msg, engine: engine)
            XCTAssertEqual(v.action, .accept, "\(name): \(v.headerValue)")
            XCTAssertTrue(v.anomalies.contains(.imageUndecodable), "\(name): \(v.anomalies)")
        }
    }
}
