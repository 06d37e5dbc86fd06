private import CSIMD
import HooklineCore

/// A raw (FlateDecode) image object of a PDF on its way to OCR: inflated as it streams,
/// its predictor undone row by row, each row turned to grey and handed to an
/// `ImageCollector` behind a Netpbm header (P4 for one-bit scans, P5 otherwise), the one
/// format Leptonica reads with no compression to redo.
///
/// Bounds, the same as for an attached picture: the size the dictionary declares is
/// checked against `max_pixels` before a byte is inflated; the compressed stream counts
/// against `max_image_bytes` as an attachment's bytes do; the inflater stops at the bytes
/// the declared rows need (an inflate bomb gets no further); the grey raster held is at
/// most one byte a pixel. Data that ends before the declared rows (a lying `/Height`,
/// a cut stream) or that does not inflate is `image-undecodable`, and nothing is kept.
final class PDFRasterImage {
    private let collector: ImageCollector
    private let anomalies: AnomalyRecorder
    private let limits: Limits
    private let geometry: Geometry
    private let inflater: Inflater
    /// The rows' working state, reached through a pointer: as stored properties of this
    /// class every row went through several dynamic exclusivity checks (~8 a message of the mix).
    private struct Work {
        var predictor: PDFPredictor
        var encoded: [UInt8] = []
        var samples: [UInt8] = []
        var grey: [UInt8] = []
        var rows = 0
        var compressedBytes = 0
        var failed = false
    }
    private let work: UnsafeMutablePointer<Work>

    struct Geometry {
        var width: Int
        var height: Int
        var components: Int
        var bitsPerComponent: Int
        /// The one-bit samples are written as they are (P4) rather than as grey bytes.
        var bitmap: Bool
        var inverted: Bool
        var rowBytes: Int { (width * components * bitsPerComponent + 7) / 8 }
        var header: [UInt8] {
            Array((bitmap ? "P4\n\(width) \(height)\n" : "P5\n\(width) \(height)\n255\n").utf8)
        }
        var outputRowBytes: Int { bitmap ? (width + 7) / 8 : width }
    }

    /// What the dictionary allows: the geometry, or the anomaly that refuses the image.
    static func geometry(_ d: PDFImageDictionary, limits: Limits) -> Result<Geometry, PDFImageRefusal> {
        guard !d.unsupported else { return .failure(.init(.imageUnsupported)) }
        guard let w = d.width, let h = d.height, w > 0, h > 0 else { return .failure(.init(.imageUndecodable)) }
        let (pixels, overflow) = w.multipliedReportingOverflow(by: h)
        if overflow || pixels > limits.maxImagePixels { return .failure(.init(.imageTooManyPixels)) }
        // A logo, icon or rule is skipped before anything else is asked of it, as in mail.
        if pixels < limits.minImagePixels || min(w, h) < limits.minImageSide { return .failure(.init(nil)) }
        let components = d.imageMask ? 1 : (d.components ?? 0)
        let bpc = d.imageMask ? 1 : (d.bitsPerComponent ?? 0)
        guard [1, 3, 4].contains(components), [1, 2, 4, 8].contains(bpc) else {
            return .failure(.init(.imageUnsupported))
        }
        // A predictor's own row geometry must be the image's: anything else is not a picture.
        if d.predictor > 1, (d.colors ?? components) != components || (d.columns ?? w) != w {
            return .failure(.init(.imageUndecodable))
        }
        return .success(
            Geometry(
                width: w, height: h, components: components, bitsPerComponent: bpc,
                bitmap: components == 1 && bpc == 1, inverted: d.inverted))
    }

    init?(
        _ d: PDFImageDictionary, limits: Limits, anomalies: AnomalyRecorder,
        collector makeCollector: (Int) -> ImageCollector?
    ) {
        let g: Geometry
        switch Self.geometry(d, limits: limits) {
        case .failure(let refusal):
            if let anomaly = refusal.anomaly { anomalies.record(anomaly) }
            return nil
        case .success(let ok): g = ok
        }
        guard
            let p = PDFPredictor(
                predictor: d.predictor, rowBytes: g.rowBytes, components: g.components,
                bitsPerComponent: g.bitsPerComponent)
        else {
            anomalies.record(.imageUnsupported)
            return nil
        }
        let header = g.header
        guard let collector = makeCollector(header.count + g.outputRowBytes * g.height) else { return nil }
        self.collector = collector
        self.anomalies = anomalies
        self.limits = limits
        geometry = g
        work = .allocate(capacity: 1)
        work.initialize(to: Work(predictor: p))
        inflater = Inflater(budget: p.encodedRowBytes * g.height)
        header.withUnsafeBytes { collector.feed($0) }
        work.pointee.encoded.reserveCapacity(p.encodedRowBytes)
    }

    deinit {
        work.deinitialize(count: 1)
        work.deallocate()
    }

    /// Still wants compressed bytes: rows missing and nothing refused.
    private var wanted: Bool { !work.pointee.failed && !collector.exhausted && work.pointee.rows < geometry.height }

    func feed(_ compressed: UnsafeRawBufferPointer) {
        guard wanted else { return }
        work.pointee.compressedBytes += compressed.count
        if work.pointee.compressedBytes > limits.maxImageBytes {
            refuse(.imageTooLarge)
            return
        }
        inflater.feed(compressed) { out in rows(out) }
        if inflater.state == .damaged { refuse(.imageUndecodable) }
    }

    /// The rows of one piece of inflated data. Without a predictor a row's samples are its
    /// encoded bytes, so a row that lies whole in `out` turns grey where it is (no copy into
    /// `encoded`, none into `samples`); a row cut by the end of the piece, or one a
    /// predictor must undo, goes through `encoded` and `row()` as before. The collector gets
    /// the same rows in the same calls either way (`PDFRasterRowTests` compares the two
    /// with the reference's).
    private func rows(_ out: UnsafeRawBufferPointer) {
        let w = work
        let rowBytes = w.pointee.predictor.encodedRowBytes
        let inPlace = w.pointee.predictor.plain
        let bytes = out.bindMemory(to: UInt8.self)
        var i = 0
        while i < bytes.count && wanted {
            if inPlace && w.pointee.encoded.isEmpty && bytes.count - i >= rowBytes {
                PDFRasterImage.grey(UnsafeBufferPointer(rebasing: bytes[i..<(i + rowBytes)]), geometry, into: &w.pointee.grey)
                i += rowBytes
                emitRow()
                continue
            }
            let take = min(bytes.count - i, rowBytes - w.pointee.encoded.count)
            w.pointee.encoded.append(contentsOf: bytes[i..<(i + take)])
            i += take
            if w.pointee.encoded.count == rowBytes { row() }
        }
    }

    func finish() {
        if wanted { refuse(.imageUndecodable) }  // rows missing at the end of the stream
        collector.finish()
    }

    private func row() {
        let w = work
        defer { w.pointee.encoded.removeAll(keepingCapacity: true) }
        guard w.pointee.predictor.undo(w.pointee.encoded[...], into: &w.pointee.samples) else {
            refuse(.imageUndecodable)
            return
        }
        PDFRasterImage.grey(w.pointee.samples, geometry, into: &w.pointee.grey)
        emitRow()
    }

    /// The row in `grey` to the collector.
    private func emitRow() {
        work.pointee.grey.withUnsafeBytes { collector.feed($0) }
        work.pointee.rows += 1
    }

    private func refuse(_ anomaly: Anomaly) {
        work.pointee.failed = true
        collector.refuse(anomaly)
    }

    /// One row of samples as the collector wants it: one-bit rows with black as 1 (Netpbm's
    /// way; a PDF's grey 0 is black unless `/Decode [1 0]`), anything else as grey bytes.
    static func grey(_ row: [UInt8], _ g: Geometry, into out: inout [UInt8]) {
        row.withUnsafeBufferPointer { grey($0, g, into: &out) }
    }

    /// `grey` on the row where it lies (the inflater's output, or `samples`).
    static func grey(_ row: UnsafeBufferPointer<UInt8>, _ g: Geometry, into out: inout [UInt8]) {
        let bpc = g.bitsPerComponent
        if !g.bitmap && bpc == 8 && row.count >= g.width * g.components {
            eightBit(row, g, into: &out)
            return
        }
        out.removeAll(keepingCapacity: true)
        if g.bitmap {
            for b in row.prefix(g.outputRowBytes) { out.append(g.inverted ? b : ~b) }
            return
        }
        let maxValue = (1 << bpc) - 1
        func sample(_ i: Int) -> Int {
            let v: Int
            if bpc == 8 {
                v = i < row.count ? Int(row[i]) : 0
            } else {
                let bit = i * bpc
                let byte = bit >> 3 < row.count ? Int(row[bit >> 3]) : 0
                v = (byte >> (8 - bpc - (bit & 7))) & maxValue
            }
            let scaled = v * 255 / maxValue
            return g.inverted ? 255 - scaled : scaled
        }
        for x in 0..<g.width {
            let i = x * g.components
            switch g.components {
            case 1: out.append(UInt8(sample(i)))
            case 3: out.append(UInt8((sample(i) * 77 + sample(i + 1) * 150 + sample(i + 2) * 29) >> 8))
            default:  // CMYK: ink darkens
                let ink = (sample(i) * 77 + sample(i + 1) * 150 + sample(i + 2) * 29) >> 8 + sample(i + 3)
                out.append(UInt8(255 - min(255, ink)))
            }
        }
    }
}

extension PDFRasterImage {
    /// `grey` for whole rows of 8-bit samples (the common scan): a sample is its own grey
    /// value (`v * 255 / 255`), so no per-sample division, closure or bounds test. The sums
    /// are 16-bit (at most 255 * 256, or 510 for CMYK's ink), which the compiler turns into
    /// vector code. RGB, the common page raster, still took ~17 instructions a pixel that
    /// way (SSE2 regrouping the samples), so its whole steps of 32 pixels go to
    /// `hookline_grey_rgb` (AVX2, ~1.5). The same bytes as the general path
    /// (`PDFRasterRowTests` holds it to the former code on every geometry).
    fileprivate static func eightBit(_ row: UnsafeBufferPointer<UInt8>, _ g: Geometry, into out: inout [UInt8]) {
        let width = g.width
        let flip: UInt8 = g.inverted ? 255 : 0  // v ^ 255 is 255 - v
        // The row's grey bytes are written in place, into the previous row's room when it
        // has the width (every row after the first).
        if out.count != width {
            out.removeAll(keepingCapacity: true)
            out.append(contentsOf: repeatElement(0, count: width))
        }
        guard let r = row.baseAddress else { return }
        out.withUnsafeMutableBufferPointer { buffer in
            guard let o = buffer.baseAddress else { return }
            switch g.components {
            case 1:
                for x in 0..<width { o[x] = r[x] ^ flip }
            case 3:
                // 32 pixels a step in C where the CPU has AVX2; this loop takes the rest.
                for x in hookline_grey_rgb(r, width, flip, o)..<width {
                    let i = x &* 3
                    let sum = UInt16(r[i] ^ flip) &* 77 &+ UInt16(r[i &+ 1] ^ flip) &* 150 &+ UInt16(r[i &+ 2] ^ flip) &* 29
                    o[x] = UInt8(truncatingIfNeeded: sum &>> 8)
                }
            default:  // CMYK: ink darkens
                for x in 0..<width {
                    let i = x &* 4
                    let sum = UInt16(r[i] ^ flip) &* 77 &+ UInt16(r[i &+ 1] ^ flip) &* 150 &+ UInt16(r[i &+ 2] ^ flip) &* 29
                    let ink = sum &>> 8 &+ UInt16(r[i &+ 3] ^ flip)
                    o[x] = UInt8(truncatingIfNeeded: 255 &- min(255, ink))
                }
            }
        }
    }
}

/// Why an image object's dictionary keeps it from OCR: an anomaly, or nil for an image too
/// small to be a lure (skipped like a logo in mail, without a word).
struct PDFImageRefusal: Error {
    var anomaly: Anomaly?
    init(_ anomaly: Anomaly?) { self.anomaly = anomaly }
}
