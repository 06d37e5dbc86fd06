import HooklineCore
@testable import HooklineText

// The raw-image reader as it was before rows were turned grey where the inflater left them
// (main 3b28932's PDFRasterImage and PDFPredictor, the geometry checks shared): every row
// copied into `encoded`, undone into `samples`, turned grey with Int sums. The reference
// for `PDFRasterRowTests`; not used by the product.

final class ReferencePDFRasterImage {
    private let collector: ImageCollector
    private let anomalies: AnomalyRecorder
    private let limits: Limits
    private let geometry: Geometry
    private var predictor: ReferencePDFPredictor
    private let inflater: Inflater
    private var encoded: [UInt8] = []
    private var samples: [UInt8] = []
    private var grey: [UInt8] = []
    private var rows = 0
    private var compressedBytes = 0
    private var failed = false

    typealias Geometry = PDFRasterImage.Geometry

    init?(
        _ d: PDFImageDictionary, limits: Limits, anomalies: AnomalyRecorder,
        collector makeCollector: (Int) -> ImageCollector?
    ) {
        let g: Geometry
        switch PDFRasterImage.geometry(d, limits: limits) {
        case .failure(let refusal):
            if let anomaly = refusal.anomaly { anomalies.record(anomaly) }
            return nil
        case .success(let ok): g = ok
        }
        guard
            let p = ReferencePDFPredictor(
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
        predictor = p
        inflater = Inflater(budget: p.encodedRowBytes * g.height)
        header.withUnsafeBytes { collector.feed($0) }
        encoded.reserveCapacity(p.encodedRowBytes)
    }

    /// Still wants compressed bytes: rows missing and nothing refused.
    private var wanted: Bool { !failed && !collector.exhausted && rows < geometry.height }

    func feed(_ compressed: UnsafeRawBufferPointer) {
        guard wanted else { return }
        compressedBytes += compressed.count
        if compressedBytes > limits.maxImageBytes {
            refuse(.imageTooLarge)
            return
        }
        inflater.feed(compressed) { out in
            var i = 0
            while i < out.count && wanted {
                let take = min(out.count - i, predictor.encodedRowBytes - encoded.count)
                encoded.append(contentsOf: out[i..<(i + take)])
                i += take
                if encoded.count == predictor.encodedRowBytes { row() }
            }
        }
        if inflater.state == .damaged { refuse(.imageUndecodable) }
    }

    func finish() {
        if wanted { refuse(.imageUndecodable) }  // rows missing at the end of the stream
        collector.finish()
    }

    private func row() {
        defer { encoded.removeAll(keepingCapacity: true) }
        guard predictor.undo(encoded[...], into: &samples) else { refuse(.imageUndecodable); return }
        ReferencePDFRasterImage.grey(samples, geometry, into: &grey)
        grey.withUnsafeBytes { collector.feed($0) }
        rows += 1
    }

    private func refuse(_ anomaly: Anomaly) {
        failed = true
        collector.refuse(anomaly)
    }

    /// One row of samples as the collector wants it: one-bit rows with black as 1 (Netpbm's
    /// way; a PDF's grey 0 is black unless `/Decode [1 0]`), anything else as grey bytes.
    static func grey(_ row: [UInt8], _ g: Geometry, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        if g.bitmap {
            for b in row.prefix(g.outputRowBytes) { out.append(g.inverted ? b : ~b) }
            return
        }
        let bpc = g.bitsPerComponent
        if bpc == 8 && row.count >= g.width * g.components {
            eightBit(row, g, into: &out)
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

extension ReferencePDFRasterImage {
    /// `grey` for whole rows of 8-bit samples (the common scan): a sample is its own grey
    /// value (`v * 255 / 255`), so no per-sample division, closure or bounds test; the same
    /// bytes as the general path, one pass over the row.
    fileprivate static func eightBit(_ row: [UInt8], _ g: Geometry, into out: inout [UInt8]) {
        let width = g.width
        let flip: Int = g.inverted ? 255 : 0
        @inline(__always) func s(_ v: UInt8) -> Int { Int(v) ^ flip }  // 255 - v when inverted
        // The row's grey bytes are written in place: one resize, no capacity test per pixel.
        out.append(contentsOf: repeatElement(0, count: width))
        row.withUnsafeBufferPointer { r in
            out.withUnsafeMutableBufferPointer { o in
                switch g.components {
                case 1:
                    for x in 0..<width { o[x] = UInt8(truncatingIfNeeded: s(r[x])) }
                case 3:
                    for x in 0..<width {
                        let i = x &* 3
                        o[x] = UInt8(truncatingIfNeeded: (s(r[i]) &* 77 &+ s(r[i &+ 1]) &* 150 &+ s(r[i &+ 2]) &* 29) &>> 8)
                    }
                default:  // CMYK: ink darkens
                    for x in 0..<width {
                        let i = x &* 4
                        let ink = (s(r[i]) &* 77 &+ s(r[i &+ 1]) &* 150 &+ s(r[i &+ 2]) &* 29) &>> 8 &+ s(r[i &+ 3])
                        o[x] = UInt8(truncatingIfNeeded: 255 &- min(255, ink))
                    }
                }
            }
        }
    }
}

// main 3b28932's PDFPredictor: a switch on the filter type for every byte, the row above
// shared with the row undone. The predictor of `ReferencePDFRasterImage`.
/// Undoes a FlateDecode predictor (`/DecodeParms << /Predictor N >>`), one row at a time.
///
/// Writers that deflate a scan usually let a predictor turn each row into its differences
/// from the row above or the pixel to the left first (it compresses far better), so the
/// inflated bytes are not pixels until this is undone. Only the previous row is kept.
struct ReferencePDFPredictor {
    /// PNG predictors (10–15) put a filter-type byte before each row; TIFF's (2) does not.
    let png: Bool
    private let tiff: Bool
    let rowBytes: Int
    /// Bytes per whole pixel (at least 1), the distance PNG's Sub, Average and Paeth look left.
    private let pixelBytes: Int
    private var previous: [UInt8]

    /// nil for predictors this reader does not undo (TIFF below 8 bits a sample).
    init?(predictor: Int, rowBytes: Int, components: Int, bitsPerComponent: Int) {
        let known = predictor == 1 || (10...15).contains(predictor) || (predictor == 2 && bitsPerComponent == 8)
        guard known else { return nil }
        let png = predictor >= 10
        self.png = png
        tiff = predictor == 2
        self.rowBytes = rowBytes
        pixelBytes = max(1, components * bitsPerComponent / 8)
        previous = png ? [UInt8](repeating: 0, count: rowBytes) : []
    }

    /// Bytes a row takes in the inflated data.
    var encodedRowBytes: Int { rowBytes + (png ? 1 : 0) }

    /// Turns one encoded row (`encodedRowBytes` long) into its samples in `out`; false when
    /// a PNG row names a filter type that does not exist (the data is damaged).
    mutating func undo(_ encoded: ArraySlice<UInt8>, into out: inout [UInt8]) -> Bool {
        out.removeAll(keepingCapacity: true)
        if png {
            guard let type = encoded.first, type <= 4 else { return false }
            out.append(contentsOf: encoded.dropFirst())
            unfilter(type, &out)
        } else {
            out.append(contentsOf: encoded)
            if tiff {
                for i in pixelBytes..<max(pixelBytes, out.count) { out[i] = out[i] &+ out[i - pixelBytes] }
            }
        }
        if !previous.isEmpty { previous = out }
        return true
    }

    private func unfilter(_ type: UInt8, _ row: inout [UInt8]) {
        let bpp = pixelBytes
        for i in 0..<row.count {
            let left = i >= bpp ? Int(row[i - bpp]) : 0
            let up = Int(previous[i])
            let upLeft = i >= bpp ? Int(previous[i - bpp]) : 0
            let add: Int
            switch type {
            case 1: add = left
            case 2: add = up
            case 3: add = (left + up) / 2
            case 4: add = Self.paeth(left, up, upLeft)
            default: add = 0
            }
            row[i] = row[i] &+ UInt8(truncatingIfNeeded: add)
        }
    }

    private static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let p = a + b - c
        let pa = abs(p - a)
        let pb = abs(p - b)
        let pc = abs(p - c)
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }
}
