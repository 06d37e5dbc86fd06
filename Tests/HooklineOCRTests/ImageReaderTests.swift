import XCTest
@testable import HooklineOCREngine
import Foundation
@testable import HooklineOCR
import HooklineCore

/// OCR on its own: lure renders are read, hostile images (named for what they attack)
/// come back as anomalies, quickly, without a trap. Fixtures come from
/// Scripts/make_images.py.
final class ImageReaderTests: XCTestCase {
    /// Engines in this process: the tests do not depend on `hookline-ocr` being built.
    override class func setUp() {
        super.setUp()
        OCRInProcess.use()
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent(name)
        return Array(try Data(contentsOf: url))
    }

    func testLureRendersAreRead() throws {
        for (name, digits) in [("lure-norton-invoice.png", "284-7391"), ("lure-paypal-receipt.jpg", "346-0921")] {
            let reading = ImageReader.read([try Self.fixture(name)], limits: .default)
            XCTAssertEqual(reading.anomalies, [], name)
            XCTAssertTrue(reading.texts.joined().contains(digits), "\(name): \(reading.texts)")
            print("ocr \(name): \(reading.millis) ms")
        }
    }

    func testHostileImagesBecomeAnomalies() throws {
        let expected: [String: Anomaly] = [
            "hostile-truncated.png": .imageUndecodable,
            "hostile-truncated.jpg": .imageUndecodable,
            "hostile-huge-dimensions.png": .imageTooManyPixels,
            "hostile-decompression-bomb.png": .imageTooManyPixels,
            "hostile-zero-frames.gif": .imageUndecodable,
            "hostile-garbage-after-soi.jpg": .imageUndecodable,
            "hostile-heic-brand.heic": .imageUndecodable,
            "hostile-gif-frame-larger-than-screen.gif": .imageTooManyPixels,
        ]
        for (name, anomaly) in expected.sorted(by: { $0.key < $1.key }) {
            let started = Date()
            let reading = ImageReader.read([try Self.fixture(name)], limits: .default)
            let seconds = Date().timeIntervalSince(started)
            // A truncated image may still yield the rows it has; what matters is that it ends.
            if !name.hasPrefix("hostile-truncated") {
                XCTAssertTrue(reading.anomalies.contains(anomaly), "\(name): \(reading.anomalies)")
            }
            XCTAssertLessThan(seconds, 3, name)
        }
    }

    /// The IDAT holds far more than 800 × 600 rows need: libpng stops at the rows.
    func testOverlongImageDataIsBoundedByTheDeclaredSize() throws {
        let started = Date()
        let reading = ImageReader.read([try Self.fixture("hostile-idat-overflow.png")], limits: .default)
        XCTAssertEqual(reading.texts.joined().trimmingCharacters(in: .whitespacesAndNewlines), "")
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
    }

    func testDeadlineCancelsRecognition() throws {
        var limits = Limits.default
        limits.ocrMaxMillis = 1
        limits.ocrMemoEntries = 0  // a reading remembered from another test would cost no time
        let started = Date()
        let reading = ImageReader.read([try Self.fixture("lure-norton-invoice.png")], limits: limits)
        XCTAssertTrue(reading.anomalies.contains(.ocrTimeLimit), "\(reading.anomalies)")
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
    }

    func testMissingLanguageDataIsAnAnomaly() throws {
        var limits = Limits.default
        limits.ocrLanguages = ["xx-no-such-language"]
        let reading = ImageReader.read([try Self.fixture("lure-norton-invoice.png")], limits: limits)
        XCTAssertEqual(reading.anomalies, [.ocrFailed])
        XCTAssertEqual(reading.texts, [])
    }

    /// One worker: threads asking at once take turns, none runs two engines in parallel.
    func testPoolRunsAtMostWorkersAtOnce() throws {
        let image = try Self.fixture("lure-norton-invoice.png")
        final class Gauge: @unchecked Sendable {
            let lock = NSLock()
            var running = 0, peak = 0
            func enter() { lock.lock(); running += 1; peak = max(peak, running); lock.unlock() }
            func leave() { lock.lock(); running -= 1; lock.unlock() }
        }
        let gauge = Gauge()
        DispatchQueue.concurrentPerform(iterations: 3) { _ in
            _ = OCRPool.shared.withEngine(
                languages: "eng", workers: 1,
                deadline: DispatchTime.now().uptimeNanoseconds + 20_000_000_000
            ) { engine in
                gauge.enter()
                _ = engine.read(image, maxPixels: 6_000_000, deadlineMillis: 5000)
                gauge.leave()
            }
        }
        XCTAssertEqual(gauge.peak, 1)
    }

    /// Opt-in (HOOKLINE_OCR_BENCH=N): OCR cost per image, median and max over N rounds.
    func testBenchmarkOCRCostPerImage() throws {
        guard let rounds = ProcessInfo.processInfo.environment["HOOKLINE_OCR_BENCH"].flatMap(Int.init), rounds > 0 else {
            throw XCTSkip("set HOOKLINE_OCR_BENCH=ROUNDS to measure")
        }
        let languages =
            ProcessInfo.processInfo.environment["HOOKLINE_OCR_LANGS"].map { $0.split(separator: "+").map(String.init) } ?? ["eng"]
        var limits = Limits.default
        limits.ocrLanguages = languages
        limits.ocrMemoEntries = 0  // every round reads
        for name in ["lure-norton-invoice.png", "lure-paypal-receipt.jpg"] {
            let image = try Self.fixture(name)
            _ = ImageReader.read([image], limits: limits)  // engine load, not counted
            var ms: [Int] = []
            for _ in 0..<rounds { ms += ImageReader.read([image], limits: limits).millis }
            ms.sort()
            print(
                "ocr-bench \(languages.joined(separator: "+")) \(name): median \(ms[ms.count / 2]) ms, max \(ms.last ?? 0) ms over \(ms.count)"
            )
        }
    }
}
