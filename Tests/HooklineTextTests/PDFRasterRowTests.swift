import XCTest
import CSIMD
import HooklineCore
@testable import HooklineText

/// `PDFRasterImage` turns rows grey where the inflater left them and with 16-bit sums;
/// `ReferencePDFRasterImage` is the code it replaced. Both read the same generated image
/// objects (every geometry, predictor and inversion, the data cut, damaged, short or long,
/// fed in random pieces) and must keep the same image, byte for byte, and record the same
/// anomalies.
final class PDFRasterRowTests: XCTestCase {
    /// A zlib stream of stored blocks of random sizes: the inflater hands their bytes on as
    /// they are fed, so rows end anywhere in its output.
    static func zlibStored(_ data: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var i = 0
        repeat {
            let len = min(data.count - i, Int.random(in: 1...700, using: &rng))
            let final: UInt8 = i + len == data.count ? 1 : 0
            out.append(final)
            out += [UInt8(len & 0xFF), UInt8(len >> 8), UInt8(~len & 0xFF), UInt8((~len >> 8) & 0xFF)]
            out += data[i..<(i + len)]
            i += len
        } while i < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for x in data {
            a = (a + UInt32(x)) % 65521
            b = (b + a) % 65521
        }
        let adler = b << 16 | a
        out += [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)]
        return out
    }

    struct Outcome: Equatable {
        var images: [[UInt8]]
        var anomalies: Set<Anomaly>
    }

    static func limits() -> Limits {
        var l = Limits.default
        l.minImagePixels = 1
        l.minImageSide = 1
        l.minImageBytes = 1
        l.maxImagePixels = 4_000
        return l
    }

    /// One image object read by `make` (the product or the reference), fed in `cuts`.
    static func read(
        _ d: PDFImageDictionary, _ stream: [UInt8], cuts: [Int], reference: Bool
    ) -> Outcome {
        let limits = limits()
        let recorder = AnomalyRecorder(sink: nil)
        let store = ImageStore()
        let collector: (Int) -> ImageCollector? = { max in
            ImageCollector(
                transferEncoding: "binary", name: "PDF image", limits: limits, store: store, anomalies: recorder,
                maxBytes: max)
        }
        var from = 0
        if reference {
            guard let r = ReferencePDFRasterImage(d, limits: limits, anomalies: recorder, collector: collector) else {
                return Outcome(images: [], anomalies: recorder.seen)
            }
            for to in cuts + [stream.count] where to >= from {
                stream[from..<to].withUnsafeBytes { r.feed($0) }
                from = to
            }
            r.finish()
        } else {
            guard let r = PDFRasterImage(d, limits: limits, anomalies: recorder, collector: collector) else {
                return Outcome(images: [], anomalies: recorder.seen)
            }
            for to in cuts + [stream.count] where to >= from {
                stream[from..<to].withUnsafeBytes { r.feed($0) }
                from = to
            }
            r.finish()
        }
        return Outcome(images: store.images.map(\.bytes), anomalies: recorder.seen)
    }

    func testRowsMatchTheReference() {
        var rng = SplitMix64(state: 2512)
        var kept = 0, refused = 0
        for trial in 0..<3_000 {
            var d = PDFImageDictionary()
            d.width = Int.random(in: 1...48, using: &rng)
            d.height = Int.random(in: 1...24, using: &rng)
            d.components = [1, 3, 4].randomElement(using: &rng)
            d.bitsPerComponent = [1, 2, 4, 8, 8, 8].randomElement(using: &rng)
            d.imageMask = Int.random(in: 0..<10, using: &rng) == 0
            d.inverted = Bool.random(using: &rng)
            d.predictor = [1, 1, 1, 2, 10, 11, 12, 13, 14, 15].randomElement(using: &rng) ?? 1
            let components = d.imageMask ? 1 : (d.components ?? 1)
            let bpc = d.imageMask ? 1 : (d.bitsPerComponent ?? 8)
            let rowBytes = ((d.width ?? 1) * components * bpc + 7) / 8 + (d.predictor >= 10 ? 1 : 0)
            // The rows the data holds: mostly the declared ones, sometimes fewer or more.
            var dataRows = d.height ?? 1
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: dataRows = Int.random(in: 0...dataRows, using: &rng)
            case 1: dataRows += Int.random(in: 1...4, using: &rng)
            default: break
            }
            var data = (0..<(rowBytes * dataRows)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if d.predictor >= 10 {
                // Filter types 0...4, now and then one that does not exist.
                for r in 0..<dataRows {
                    data[r * rowBytes] = Int.random(in: 0..<40, using: &rng) == 0 ? 9 : UInt8.random(in: 0...4, using: &rng)
                }
            }
            if Int.random(in: 0..<10, using: &rng) == 0 {
                data += (0..<Int.random(in: 1...9, using: &rng)).map { _ in 0 }  // a part of a row too many
            }
            var stream = Self.zlibStored(data, &rng)
            switch Int.random(in: 0..<12, using: &rng) {
            case 0: stream.removeLast(Int.random(in: 1...stream.count, using: &rng))  // cut
            case 1:  // damaged anywhere, the check value included
                let at = Int.random(in: 0..<stream.count, using: &rng)
                stream[at] ^= UInt8.random(in: 1...255, using: &rng)
            case 2: stream += Array("endstream garbage".utf8)
            default: break
            }
            var cuts: [Int] = []
            var at = 0
            while at < stream.count {
                at += Int.random(in: 1...(Bool.random(using: &rng) ? 9 : 900), using: &rng)
                cuts.append(min(at, stream.count))
            }
            let product = Self.read(d, stream, cuts: cuts, reference: false)
            let reference = Self.read(d, stream, cuts: cuts, reference: true)
            XCTAssertEqual(product, reference, "trial \(trial): \(d)")
            if product != reference { return }
            if product.images.isEmpty { refused += 1 } else { kept += 1 }
        }
        // Both outcomes are exercised, not only refusals.
        XCTAssertGreaterThan(kept, 1_000)
        XCTAssertGreaterThan(refused, 300)
    }

    /// The grey conversion alone, on rows longer than a vector step, every sample value.
    func testEightBitGreyMatchesTheReference() {
        var rng = SplitMix64(state: 77)
        for _ in 0..<600 {
            let components = [1, 3, 4].randomElement(using: &rng) ?? 1
            let width = Int.random(in: 1...300, using: &rng)
            let g = PDFRasterImage.Geometry(
                width: width, height: 1, components: components, bitsPerComponent: 8, bitmap: false,
                inverted: Bool.random(using: &rng))
            let row = (0..<(width * components + Int.random(in: 0...5, using: &rng))).map { _ in
                UInt8.random(in: 0...255, using: &rng)
            }
            var product: [UInt8] = [1, 2, 3]  // a previous row's bytes, of another width
            var reference: [UInt8] = []
            PDFRasterImage.grey(row, g, into: &product)
            ReferencePDFRasterImage.grey(row, g, into: &reference)
            XCTAssertEqual(product, reference)
            // The room of the previous row is reused when it has the width.
            PDFRasterImage.grey(row.reversed(), g, into: &product)
            ReferencePDFRasterImage.grey(row.reversed(), g, into: &reference)
            XCTAssertEqual(product, reference)
        }
    }

    /// `hookline_grey_rgb`'s 32-pixel steps against the byte loop's formula: random rows,
    /// rows of the extreme samples (the largest sums), both inversions, and widths around
    /// the step; it must take every whole step where the CPU has AVX2 and none elsewhere.
    func testRGBStepsMatchTheByteLoop() {
        var rng = SplitMix64(state: 3232)
        for trial in 0..<400 {
            let width = Int.random(in: 0...200, using: &rng)
            let flip: UInt8 = Bool.random(using: &rng) ? 255 : 0
            let pick = Int.random(in: 0..<4, using: &rng)
            let row = (0..<(width * 3)).map { _ in
                pick == 0 ? [0, 255].randomElement(using: &rng) ?? 0 : UInt8.random(in: 0...255, using: &rng)
            }
            var product = [UInt8](repeating: 0xAA, count: width)
            let done = row.withUnsafeBufferPointer { r in
                product.withUnsafeMutableBufferPointer { o in
                    hookline_grey_rgb(r.baseAddress, width, flip, o.baseAddress)
                }
            }
            XCTAssertEqual(done, hookline_has_avx2() != 0 ? width / 32 * 32 : 0, "trial \(trial)")
            for x in 0..<done {
                let sum = Int(row[3 * x] ^ flip) * 77 + Int(row[3 * x + 1] ^ flip) * 150 + Int(row[3 * x + 2] ^ flip) * 29
                XCTAssertEqual(product[x], UInt8(sum >> 8), "trial \(trial), pixel \(x)")
                if product[x] != UInt8(sum >> 8) { return }
            }
            // Nothing past the steps taken is written.
            XCTAssertTrue(product[done...].allSatisfy { $0 == 0xAA }, "trial \(trial)")
        }
    }
}
