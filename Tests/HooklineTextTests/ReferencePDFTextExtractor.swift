// The code PDFTextExtractor replaced (d1d283b), kept as the reference its pointer-held
// lexer state is held to (PDFExtractorReferenceTests).
import HooklineCore
@testable import HooklineText

/// Text of a PDF attachment, as its bytes stream past: the document-information and outline
/// strings (Title, Subject, Keywords, Author) and the text that content streams show,
/// inflated when FlateDecode'd.
///
/// Callback lures move the phone number into an attached "invoice" so the mail body holds
/// nothing to match. Simple generators print it with a plain `Tj`, which comes out at once.
/// HTML-to-PDF converters draw glyph ids of a subset font instead; reading those needs three
/// links of the object graph (page font name → font object → its ToUnicode CMap), which are
/// collected in small tables as the objects go by, and the logged glyphs are read at the end.
/// No cross-reference table is used and nothing is held beyond bounded buffers and tables,
/// so chunks may split anywhere and a hostile file costs at most its budgets.
final class ReferencePDFTextExtractor {
    private let writer: ViewWriter
    private let anomalies: AnomalyRecorder
    /// Inflated bytes this part may still produce, across all its streams.
    private var inflateBudget: Int

    // Object level (outside streams).
    private var token: [UInt8] = []  // the name, number or keyword being read
    private var tokenIsName = false
    private var lastName: [UInt8] = []
    private var integers: [Int] = []  // the last two integers: "12 0 obj", "31 0 R"
    private var currentObject = -1
    private var dictDepth = 0
    private var fontDictDepth: Int?  // inside "/Font << ... >>" (a page's font resources)
    private var sawLessThan = false
    private var sawGreaterThan = false
    private var streamFlate = false
    private var streamSkip = false  // images, fonts, embedded files, other filters
    private var streamImage = false  // "/Subtype /Image"
    private var streamDCT = false  // "/Filter /DCTDecode": the stream is a JPEG file as it is
    private var pendingStream = false  // "stream" seen, its end-of-line not yet
    private var objectString: LiteralString?
    private var objectStringWanted = false
    private var objectHex = false
    private var objectHexStarted = false

    // The three links from a glyph to its character.
    private var fontObjects: [[UInt8]: Int] = [:]  // resource name → font object
    private var toUnicode: [Int: Int] = [:]  // font object → CMap stream object
    private var cmaps: [Int: ReferencePDFContentScanner.CMap] = [:]  // CMap stream object → codes
    private var indirectFontDicts: Set<Int> = []  // "/Font 14 0 R": object 14 is a font dictionary
    private var objectIsFontDict = false
    private static let maxTableEntries = 64

    // Inside a stream.
    private var inStream = false
    private var streamObject = -1
    private var endMatch = 0  // bytes of "endstream" matched so far
    private var inflater: Inflater?
    private let content = ReferencePDFContentScanner()
    /// Image-only "invoices" are scans: their image objects go to OCR like an attached
    /// picture, JPEG (DCTDecode) streams as they are and raw Flate samples through
    /// `PDFRasterImage`. Gives a collector (holding at most the bytes given, or
    /// max_image_bytes) while the message still wants images, nil otherwise.
    private let imageCollector: (_ maxBytes: Int?) -> ImageCollector?
    private var image: ImageCollector?
    private var raster: PDFRasterImage?
    private var imageDict = PDFImageDictionary()
    /// Objects named as another image's /SMask or /Mask: transparency, not a picture to read.
    private var maskObjects: Set<Int> = []
    private let limits: Limits

    private static let endstream = Array("endstream".utf8)
    private static let infoKeys: Set<[UInt8]> = Set(["Title", "Subject", "Keywords", "Author"].map { Array($0.utf8) })
    /// Names in a stream's dictionary that say its data is not page text.
    private static let skipNames: Set<[UInt8]> = Set(
        [
            "Image", "FontFile", "FontFile2", "FontFile3", "Length1",
            "EmbeddedFile", "XRef", "ObjStm", "Metadata", "ICCBased",
            "DCTDecode", "JPXDecode", "CCITTFaxDecode", "JBIG2Decode",
            "LZWDecode", "RunLengthDecode", "ASCII85Decode",
            "ASCIIHexDecode", "Crypt",
        ].map { Array($0.utf8) })

    init(
        writer: ViewWriter, anomalies: AnomalyRecorder, inflateBudget: Int, limits: Limits = .default,
        imageCollector: @escaping (_ maxBytes: Int?) -> ImageCollector? = { _ in nil }
    ) {
        self.imageCollector = imageCollector
        self.limits = limits
        self.writer = writer
        self.anomalies = anomalies
        self.inflateBudget = inflateBudget
    }

    func feed(_ bytes: UnsafeRawBufferPointer) {
        var i = 0
        let n = bytes.count
        while i < n {
            if inStream {
                i = streamBytes(bytes, from: i)
                continue
            }
            let b = bytes[i]
            i += 1
            objectByte(b)
        }
    }

    func finish() {
        if inStream { endStream() }
        emitGlyphText()
    }

    // MARK: object level

    private func objectByte(_ b: UInt8) {
        if pendingStream {
            // "stream" is followed by CRLF or LF; data starts after it.
            if b == 0x0D { return }
            pendingStream = false
            startStream()
            if b != 0x0A { streamByte(b) }
            return
        }
        if var s = objectString {
            if s.add(b) { objectString = s; return }
            if objectStringWanted { emitInfo(s.text()) }
            objectString = nil
            return
        }
        if objectHex {
            // "<<" opens a dictionary; "<...>" is a hex string, skipped.
            if b == UInt8(ascii: "<") && !objectHexStarted {
                objectHex = false
                openDict()
                return
            }
            if b == UInt8(ascii: ">") { objectHex = false; return }
            if !Self.isSpace(b) { objectHexStarted = true }
            return
        }
        if Self.isRegular(b) && !(tokenIsName && b == UInt8(ascii: "/")) {
            if token.count < 32 { token.append(b) }
            sawGreaterThan = false
            return
        }
        endToken()
        switch b {
        case UInt8(ascii: "/"): tokenIsName = true
        case UInt8(ascii: "("):
            objectString = LiteralString()
            objectStringWanted = Self.infoKeys.contains(lastName)
        case UInt8(ascii: "<"):
            objectHex = true
            objectHexStarted = false
        case UInt8(ascii: ">"):
            // ">>" closes a dictionary.
            if sawGreaterThan { closeDict(); sawGreaterThan = false } else { sawGreaterThan = true }
            return
        default: break
        }
        sawGreaterThan = false
    }

    private func openDict() {
        if dictDepth < 64 { dictDepth += 1 }
        if fontDictDepth == nil && (lastName == PDFKeywords.font || (objectIsFontDict && dictDepth == 1)) {
            fontDictDepth = dictDepth
        }
        lastName = []
    }

    private func closeDict() {
        if let d = fontDictDepth, d == dictDepth { fontDictDepth = nil }
        if dictDepth > 0 { dictDepth -= 1 }
    }

    private func endToken() {
        defer { token.removeAll(keepingCapacity: true); tokenIsName = false }
        guard let first = token.first else { return }
        if tokenIsName {
            imageDict.name(token)
            lastName = token
            if token == PDFKeywords.flateDecode || token == PDFKeywords.fl { streamFlate = true }
            if Self.skipNames.contains(token) { streamSkip = true }
            if token == PDFKeywords.image { streamImage = true }
            if token == PDFKeywords.dctDecode || token == PDFKeywords.dct { streamDCT = true }
            return
        }
        if first >= 0x30 && first <= 0x39 && token.count <= 9, let v = Self.digits(token) {
            integers.append(v)
            if integers.count > 2 { integers.removeFirst() }
            imageDict.integer(v)
            return
        }
        switch token {
        case PDFKeywords.obj:
            if integers.count == 2 { currentObject = integers[0] }
            resetObjectState()
            objectIsFontDict = indirectFontDicts.contains(currentObject)
        case PDFKeywords.endobj:
            // An ICC profile's component count, for images that name it as their colour space.
            if let n = imageDict.objectN, currentObject >= 0, imageDict.iccComponents.count < Self.maxTableEntries {
                imageDict.iccComponents[currentObject] = n
            }
            currentObject = -1
            resetObjectState()
        case PDFKeywords.r:
            if integers.count == 2 { reference(integers[0]); imageDict.reference(integers[0]) }
        case PDFKeywords.stream:
            pendingStream = true
        default:
            imageDict.keyword(token)
        }
        integers.removeAll(keepingCapacity: true)
    }

    /// The value of a token made only of ASCII digits, nil for any other: what
    /// `Int(String(decoding: token, as: UTF8.self))` gives for a token that starts with a
    /// digit, without a string for every number of the file (`PDFKeywordsTests`).
    static func digits(_ token: [UInt8]) -> Int? {
        var v = 0
        for b in token {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            v = v &* 10 &+ Int(b &- 0x30)
        }
        return v
    }

    /// "N 0 R" after a key: the links a glyph needs to become a character.
    private func reference(_ object: Int) {
        if let d = fontDictDepth, dictDepth == d, !lastName.isEmpty {
            if fontObjects.count < Self.maxTableEntries || fontObjects[lastName] != nil { fontObjects[lastName] = object }
        } else if lastName == PDFKeywords.toUnicode, currentObject >= 0, toUnicode.count < Self.maxTableEntries {
            toUnicode[currentObject] = object
        } else if lastName == PDFKeywords.font, indirectFontDicts.count < Self.maxTableEntries {
            indirectFontDicts.insert(object)
        } else if lastName == PDFKeywords.sMask || lastName == PDFKeywords.mask, maskObjects.count < Self.maxTableEntries {
            maskObjects.insert(object)
        }
    }

    private func emitInfo(_ text: [UInt8]) {
        guard !text.isEmpty else { return }
        text.withUnsafeBytes { writer.write(.attachment, $0) }
        writer.write(.attachment, "\n")
    }

    // MARK: streams

    private func startStream() {
        inStream = true
        streamObject = currentObject
        endMatch = 0
        if !streamSkip && streamFlate {
            inflater = Inflater(budget: inflateBudget)
        }
        guard streamImage, !maskObjects.contains(currentObject) else { return }
        // A JPEG stream with no other filter is a JPEG file; "endstream" fed after its
        // end-of-image marker is ignored by the decoder.
        if streamDCT && !streamFlate { image = imageCollector(nil) }
        if streamFlate && !imageDict.otherFilter {
            raster = PDFRasterImage(imageDict, limits: limits, anomalies: anomalies) { imageCollector($0) }
        }
    }

    /// Consumes stream data up to and including "endstream"; returns the next index.
    private func streamBytes(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var i = start
        let n = bytes.count
        while i < n {
            // Outside a partial match only an "e" can start one: memchr to it.
            if endMatch == 0 {
                guard let e = bytes.firstIndex(of: Self.endstream[0], from: i) else { break }
                i = e
            }
            let b = bytes[i]
            i += 1
            if b == Self.endstream[endMatch] {
                endMatch += 1
                if endMatch == Self.endstream.count {
                    // The keyword's bytes already went to the content: harmless, it is not text.
                    dataSlice(bytes, start, i)
                    endStream()
                    return i
                }
            } else {
                endMatch = b == Self.endstream[0] ? 1 : 0
            }
        }
        dataSlice(bytes, start, n)
        return n
    }

    private func streamByte(_ b: UInt8) {
        withUnsafeBytes(of: b) { one in
            _ = streamBytes(one, from: 0)
        }
    }

    private func dataSlice(_ bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int) {
        if to > from, let image, !image.exhausted { image.feed(UnsafeRawBufferPointer(rebasing: bytes[from..<to])) }
        if to > from, let raster { raster.feed(UnsafeRawBufferPointer(rebasing: bytes[from..<to])) }
        guard to > from, !streamSkip else { return }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[from..<to])
        if let inflater {
            inflater.feed(slice) { out in
                inflateBudget -= out.count
                content.scan(out) { emitText($0) }
            }
        } else if !streamFlate {
            content.scan(slice) { emitText($0) }
        }
    }

    private func endStream() {
        if let inflater {
            if inflater.state == .damaged { anomalies.record(.damagedPDF) }
            if inflater.state == .budgetSpent { anomalies.record(.partTextLimitReached) }
        }
        content.endStream { emitText($0) }
        if let cmap = content.takeCMap(), streamObject >= 0, cmaps.count < Self.maxTableEntries / 4 { cmaps[streamObject] = cmap }
        image?.finish()
        image = nil
        raster?.finish()
        raster = nil
        inflater = nil
        inStream = false
        streamFlate = false
        streamSkip = false
        streamImage = false
        streamDCT = false
        endMatch = 0
    }

    private func emitText(_ utf8: [UInt8]) {
        utf8.withUnsafeBytes { writer.write(.attachment, $0) }
    }

    /// The glyphs drawn through subset fonts, read with the CMaps seen since: two-byte codes
    /// (Identity-H, what converters use), or one byte when the CMap only maps single bytes.
    private func emitGlyphText() {
        var out: [UInt16] = []
        for run in content.glyphRuns {
            if run.font.isEmpty {
                out.append(run.codes.isEmpty ? 0x0A : 0x20)
                continue
            }
            guard let object = fontObjects[run.font], let cmapObject = toUnicode[object], let cmap = cmaps[cmapObject] else {
                continue
            }
            let twoByte = cmap.twoByte
            var k = 0
            while k < run.codes.count {
                let code: UInt16
                if twoByte && k + 1 < run.codes.count {
                    code = UInt16(run.codes[k]) << 8 | UInt16(run.codes[k + 1])
                    k += 2
                } else {
                    code = UInt16(run.codes[k])
                    k += 1
                }
                if let units = cmap.map[code] { out.append(contentsOf: units) }
            }
        }
        guard out.contains(where: { $0 != 0x0A }) else { return }
        emitText(Array(String(decoding: out, as: UTF16.self).utf8))
        emitText([0x0A])
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C || b == 0x00
    }

    /// PDF's regular characters: everything but white space and delimiters.
    @inline(__always)
    static func isRegular(_ b: UInt8) -> Bool {
        switch b {
        case 0x00, 0x09, 0x0A, 0x0C, 0x0D, 0x20,
            UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"),
            UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
            UInt8(ascii: "/"), UInt8(ascii: "%"):
            return false
        default:
            return true
        }
    }

    /// What one object's dictionary said about its stream; a new object (or its end)
    /// starts from nothing.
    private func resetObjectState() {
        imageDict.reset()
        objectIsFontDict = false
        streamFlate = false
        streamSkip = false
        streamImage = false
        streamDCT = false
        dictDepth = 0
        fontDictDepth = nil
    }
}
