import HooklineCore

/// What the first bytes of an image say about it: its format and declared size.
///
/// Read in Swift, from the bytes already buffered, so a logo or a tracking pixel is
/// dropped, and a "60000 × 60000" bomb refused, before the image is buffered further
/// or any decoder sees it. Leptonica checks the header again before decoding; this is
/// the cheap early exit, not the only guard.
public struct ImageHeader: Sendable, Equatable {
    public enum Format: String, Sendable { case png, jpeg, gif, bmp, webp, tiff, heic, pnm }

    public var format: Format
    /// Declared dimensions, when the header has them within the bytes given.
    public var width: Int?
    public var height: Int?

    /// Scans (SOS markers) in a JPEG beyond which it is refused: a progressive JPEG with
    /// thousands of scans costs a full-image pass for each one.
    public static let maxJPEGScans = 100

    /// nil when the bytes are no image format we know (or too few to tell).
    public static func sniff(_ b: [UInt8]) -> ImageHeader? {
        guard b.count >= 12 else { return nil }
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            guard b.count >= 24 else { return ImageHeader(format: .png) }
            return ImageHeader(format: .png, width: be32(b, 16), height: be32(b, 20))
        }
        if b.starts(with: Array("GIF8".utf8)) {
            return ImageHeader(format: .gif, width: le16(b, 6), height: le16(b, 8))
        }
        if b[0] == 0xFF && b[1] == 0xD8 {
            let size = jpegSize(b)
            return ImageHeader(format: .jpeg, width: size?.0, height: size?.1)
        }
        if b[0] == 0x42 && b[1] == 0x4D {  // "BM"
            guard b.count >= 26 else { return ImageHeader(format: .bmp) }
            // A negative height means top-down rows, not a smaller image.
            let h = Int(Int32(bitPattern: UInt32(truncatingIfNeeded: le32(b, 22))))
            return ImageHeader(format: .bmp, width: le32(b, 18), height: abs(h))
        }
        if b.starts(with: Array("RIFF".utf8)) && Array(b[8..<12]) == Array("WEBP".utf8) {
            return webp(b)
        }
        if b.starts(with: [0x49, 0x49, 0x2A, 0x00]) || b.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            return ImageHeader(format: .tiff)  // dimensions sit in an IFD anywhere: Leptonica reads them
        }
        if Array(b[4..<8]) == Array("ftyp".utf8) {
            let brand = String(decoding: b[8..<12], as: UTF8.self)
            if ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif"].contains(brand) {
                let size = heifSize(b)
                return ImageHeader(format: .heic, width: size?.0, height: size?.1)
            }
        }
        if b[0] == UInt8(ascii: "P"), (UInt8(ascii: "4")...UInt8(ascii: "6")).contains(b[1]) {
            return pnm(b)
        }
        return nil
    }

    /// Why a whole buffered image must not reach the decoder, or nil when it may: the checks
    /// of the header, made once all bytes are in. Used by the MIME layer and again by OCR
    /// itself, so bytes from anywhere get the same guard before Leptonica sees them.
    public static func refusal(_ b: [UInt8], maxPixels: Int) -> Anomaly? {
        guard let h = sniff(b) else { return .imageUnsupported }
        if let w = h.width, let ht = h.height {
            if w <= 0 || ht <= 0 { return .imageUndecodable }
            let (pixels, overflow) = w.multipliedReportingOverflow(by: ht)
            if overflow || pixels > maxPixels { return .imageTooManyPixels }
        }
        switch h.format {
        case .jpeg where jpegScans(b) > maxJPEGScans: return .imageUndecodable
        case .gif:
            guard let pixels = gifFramePixels(b), pixels > 0 else { return .imageUndecodable }
            if pixels > maxPixels { return .imageTooManyPixels }
        default: break
        }
        return nil
    }

    /// Number of SOS markers in a JPEG (0xFF 0xDA; entropy-coded data stuffs every 0xFF
    /// with 0x00, so the pair appears only as a marker).
    public static func jpegScans(_ b: [UInt8]) -> Int {
        var n = 0
        var i = 0
        while i + 1 < b.count {
            if b[i] == 0xFF && b[i + 1] == 0xDA { n += 1 }
            i += 1
        }
        return n
    }

    /// Pixels of all a GIF's frames together, or nil when its block structure is broken.
    /// Leptonica decodes a GIF through giflib's DGifSlurp, which allocates every frame at the
    /// size its own descriptor declares, whatever the screen size says: a 400 × 300 GIF may
    /// hold a 65535 × 65535 frame, or a thousand full-size ones. The sum is what must fit.
    public static func gifFramePixels(_ b: [UInt8]) -> Int? {
        guard b.count >= 13 else { return nil }
        var i = 13
        if b[10] & 0x80 != 0 { i += 3 << (Int(b[10] & 0x07) + 1) }  // global colour table
        var total = 0
        while i < b.count {
            switch b[i] {
            case 0x3B:  // trailer
                return total
            case 0x21:  // extension: label, then sub-blocks
                guard let next = skipSubBlocks(b, from: i + 2) else { return nil }
                i = next
            case 0x2C:  // image descriptor
                guard i + 10 <= b.count else { return nil }
                let (pixels, overflow) = le16(b, i + 5).multipliedReportingOverflow(by: le16(b, i + 7))
                let sum = total.addingReportingOverflow(pixels)
                if overflow || sum.overflow { return Int.max }
                total = sum.partialValue
                var j = i + 10
                if b[i + 9] & 0x80 != 0 { j += 3 << (Int(b[i + 9] & 0x07) + 1) }  // local colour table
                guard let next = skipSubBlocks(b, from: j + 1) else { return nil }  // after the LZW code size
                i = next
            default:
                return nil
            }
        }
        return total  // no trailer: giflib stops at the end, with what it has
    }

    private static func skipSubBlocks(_ b: [UInt8], from start: Int) -> Int? {
        var i = start
        while i < b.count {
            let size = Int(b[i])
            i += 1
            if size == 0 { return i }
            i += size
        }
        return nil
    }

    /// Walks the marker segments to the first start-of-frame; nil if it is not in `b` yet.
    static func jpegSize(_ b: [UInt8]) -> (Int, Int)? {
        var i = 2
        while i + 9 < b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }  // fill byte
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            let length = be16(b, i + 2)
            // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC).
            if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                return (be16(b, i + 7), be16(b, i + 5))
            }
            if marker == 0xDA || length < 2 { return nil }
            i += 2 + length
        }
        return nil
    }

    static func webp(_ b: [UInt8]) -> ImageHeader {
        guard b.count >= 30 else { return ImageHeader(format: .webp) }
        switch String(decoding: b[12..<16], as: UTF8.self) {
        case "VP8 ":
            return ImageHeader(format: .webp, width: le16(b, 26) & 0x3FFF, height: le16(b, 28) & 0x3FFF)
        case "VP8L":
            let bits = le32(b, 21)
            return ImageHeader(format: .webp, width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            let w = Int(b[24]) | Int(b[25]) << 8 | Int(b[26]) << 16
            let h = Int(b[27]) | Int(b[28]) << 8 | Int(b[29]) << 16
            return ImageHeader(format: .webp, width: w + 1, height: h + 1)
        default:
            return ImageHeader(format: .webp)
        }
    }

    private static func be16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
    private static func le16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    static func be32(_ b: [UInt8], _ i: Int) -> Int {
        Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
    }
    private static func le32(_ b: [UInt8], _ i: Int) -> Int {
        Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 | Int(b[i + 3]) << 24
    }
}
