/// Undoes a FlateDecode predictor (`/DecodeParms << /Predictor N >>`), one row at a time.
///
/// Writers that deflate a scan usually let a predictor turn each row into its differences
/// from the row above or the pixel to the left first (it compresses far better), so the
/// inflated bytes are not pixels until this is undone. Only the previous row is kept.
struct PDFPredictor {
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

    /// No predictor: a row's samples are its encoded bytes, as they are.
    var plain: Bool { !png && !tiff }

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
        if !previous.isEmpty { keepPrevious(out) }
        return true
    }

    /// The row just undone becomes the one above the next, copied into `previous`'s own
    /// room: sharing the array (`previous = out`) made the next `removeAll` of `out` allocate
    /// a new buffer for every row.
    private mutating func keepPrevious(_ row: [UInt8]) {
        if previous.count != row.count {
            previous = row
            return
        }
        previous.withUnsafeMutableBytes { p in
            row.withUnsafeBytes { r in p.copyMemory(from: r) }
        }
    }

    /// One loop per filter type, the type tested once a row (not once a byte); the same
    /// sums as PNG's definition, with "left" and "upper left" 0 before the first pixel.
    private func unfilter(_ type: UInt8, _ row: inout [UInt8]) {
        let bpp = pixelBytes
        let n = min(row.count, previous.count)
        previous.withUnsafeBufferPointer { up in
            row.withUnsafeMutableBufferPointer { r in
                switch type {
                case 1:
                    var i = bpp
                    while i < n {
                        r[i] = r[i] &+ r[i &- bpp]
                        i &+= 1
                    }
                case 2:
                    for i in 0..<n { r[i] = r[i] &+ up[i] }
                case 3:
                    for i in 0..<n {
                        let left = i >= bpp ? UInt16(r[i &- bpp]) : 0
                        r[i] = r[i] &+ UInt8(truncatingIfNeeded: (left &+ UInt16(up[i])) &>> 1)
                    }
                case 4:
                    for i in 0..<n {
                        let left = i >= bpp ? Int(r[i &- bpp]) : 0
                        let upLeft = i >= bpp ? Int(up[i &- bpp]) : 0
                        r[i] = r[i] &+ UInt8(truncatingIfNeeded: Self.paeth(left, Int(up[i]), upLeft))
                    }
                default: break
                }
            }
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
