/// What an image XObject's dictionary says about its samples, collected from the tokens
/// `PDFTextExtractor` reads anyway (names, integers, `R`, keywords), so that a raw
/// (FlateDecode) image can be turned back into rows of pixels for OCR.
///
/// Scanned "invoices" saved by office scanners and by `img2pdf`-style tools keep their page
/// as deflated samples, not as a JPEG: without these few keys the page is unreadable. Only
/// direct values are believed; a value given by reference ("/Width 12 0 R") or a colour
/// space this reader cannot turn into grey makes the image `unsupported`, never a guess.
struct PDFImageDictionary {
    var width: Int?
    var height: Int?
    var bitsPerComponent: Int?
    /// Colour components per pixel: 1 grey, 3 RGB, 4 CMYK; nil while unknown.
    var components: Int?
    /// A stencil mask (`/ImageMask true`): one bit a pixel, 0 paints.
    var imageMask = false
    /// `/Decode [1 0 ...]`: the samples are inverted.
    var inverted = false
    /// `/DecodeParms`: PNG (10–15) or TIFF (2) predictor, and the row geometry it applies to.
    var predictor = 1
    var colors: Int?
    var columns: Int?
    /// A filter besides FlateDecode (DCT, LZW, ASCII85...): not a raw Flate image.
    var otherFilter = false
    /// Something makes the samples unreadable here (an indirect value, an Indexed, Separation
    /// or Lab colour space, an ICC profile not yet seen).
    var unsupported = false

    private enum Key { case width, height, bpc, colorSpace, predictor, colors, columns, imageMask, decode, n }
    private var pending: Key?
    /// The key the last integer went to, so "12 0 R" can take it back (until the next name).
    private var assigned: Key?
    private var iccPending = false
    private var decodeValues = 0

    private static let keys: [[UInt8]: Key] = [
        "Width": .width, "Height": .height, "BitsPerComponent": .bpc, "ColorSpace": .colorSpace,
        "Predictor": .predictor, "Colors": .colors, "Columns": .columns, "ImageMask": .imageMask,
        "Decode": .decode, "N": .n,
    ].reduce(into: [:]) { $0[Array($1.key.utf8)] = $1.value }

    private static let spaces: [[UInt8]: Int] = [
        "DeviceGray": 1, "CalGray": 1, "DeviceRGB": 3, "CalRGB": 3, "DeviceCMYK": 4,
    ].reduce(into: [:]) { $0[Array($1.key.utf8)] = $1.value }

    private static let filters: Set<[UInt8]> = Set(
        [
            "DCTDecode", "JPXDecode", "CCITTFaxDecode", "JBIG2Decode", "LZWDecode", "RunLengthDecode",
            "ASCII85Decode", "ASCIIHexDecode", "Crypt",
        ].map { Array($0.utf8) })

    /// The `/N` of ICC profile streams seen so far (object → components), for
    /// `/ColorSpace [/ICCBased 7 0 R]`; kept across objects by the extractor.
    var iccComponents: [Int: Int] = [:]
    /// `/N` of the current object, if it had one (an ICC profile stream).
    private(set) var objectN: Int?

    mutating func name(_ n: [UInt8]) {
        assigned = nil
        if Self.filters.contains(n) { otherFilter = true }
        if pending == .colorSpace {
            if let k = Self.spaces[n] {
                components = k
                pending = nil
            } else if n == PDFKeywords.iccBased {
                iccPending = true  // the profile's reference follows
            } else {
                unsupported = true  // Indexed, Separation, DeviceN, Lab, Pattern, a named resource
                pending = nil
            }
            return
        }
        pending = Self.keys[n]
        if pending == .decode { decodeValues = 0 }
    }

    mutating func integer(_ v: Int) {
        guard let key = pending else { return }
        assigned = key
        switch key {
        case .width: width = v
        case .height: height = v
        case .bpc: bitsPerComponent = bitsPerComponent ?? v
        case .predictor: predictor = v
        case .colors: colors = v
        case .columns: columns = v
        case .n: objectN = v
        case .decode:
            // [1 0] per component inverts; only the first pair is looked at.
            if decodeValues == 0 { inverted = v == 1 }
            decodeValues += 1
            return  // the array goes on
        case .colorSpace:
            assigned = nil
            return  // "/ColorSpace 7 0 R": the reference follows
        case .imageMask: assigned = nil
        }
        pending = nil
    }

    /// "N G R": `object` is N.
    mutating func reference(_ object: Int) {
        if iccPending {
            iccPending = false
            pending = nil
            if let k = iccComponents[object] { components = k } else { unsupported = true }
            return
        }
        // The integers just read were an object number, not the value.
        if let key = assigned, key != .n { unsupported = true }
        if pending == .colorSpace { unsupported = true }
        assigned = nil
        pending = nil
    }

    mutating func keyword(_ k: [UInt8]) {
        if pending == .imageMask {
            imageMask = k == PDFKeywords.true
            pending = nil
        }
    }

    /// A new object starts: its dictionary says everything anew (ICC profiles are kept).
    mutating func reset() {
        let icc = iccComponents
        self = PDFImageDictionary()
        iccComponents = icc
    }
}
