/// Netpbm headers ("P5\n800 600\n255\n"). Mail rarely carries the format; it is what a PDF's
/// raw (Flate) image object becomes on its way to OCR (`PDFRasterImage`): the one header
/// Leptonica reads in front of bare rows of samples, with no compression to redo.
extension ImageHeader {
    /// P4 (bitmap), P5 (grey) or P6 (colour) with its width and height, comments allowed.
    /// Width and height stay nil while the header is not all in `b`.
    static func pnm(_ b: [UInt8]) -> ImageHeader {
        var i = 2
        var numbers: [Int] = []
        while numbers.count < 2 && i < min(b.count, 512) {
            let c = b[i]
            if c == UInt8(ascii: "#") {
                while i < b.count && b[i] != 0x0A && b[i] != 0x0D { i += 1 }
            } else if c >= 0x30 && c <= 0x39 {
                var v = 0
                while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
                    if v > 1 << 40 { return ImageHeader(format: .pnm, width: 0, height: 0) }
                    v = v * 10 + Int(b[i] - 0x30)
                    i += 1
                }
                // A number that reaches the end of the bytes may still have digits to come.
                if i >= b.count { return ImageHeader(format: .pnm) }
                numbers.append(v)
            } else if c == 0x20 || (c >= 0x09 && c <= 0x0D) {
                i += 1
            } else {
                return ImageHeader(format: .pnm, width: 0, height: 0)  // not a Netpbm header
            }
        }
        guard numbers.count == 2 else {
            return b.count >= 512 ? ImageHeader(format: .pnm, width: 0, height: 0) : ImageHeader(format: .pnm)
        }
        return ImageHeader(format: .pnm, width: numbers[0], height: numbers[1])
    }
}
