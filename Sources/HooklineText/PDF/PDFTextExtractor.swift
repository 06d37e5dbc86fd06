import HooklineCore

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
final class PDFTextExtractor {
    private let writer: ViewWriter
    private let anomalies: AnomalyRecorder
    /// Inflated bytes this part may still produce, across all its streams.
    private var inflateBudget: Int

    /// The lexer's and the current object's state, reached through a pointer: as stored
    /// properties of this class every byte outside a stream read and wrote them through
    /// dynamic exclusivity checks (~90 begin/end pairs a message of the mix in `objectByte`
    /// and `endToken`).
    private struct Scan {
        var token: [UInt8] = []  // the name, number or keyword being read
        var tokenIsName = false
        var lastName: [UInt8] = []
        var integers: [Int] = []  // the last two integers: "12 0 obj", "31 0 R"
        var currentObject = -1
        var dictDepth = 0
        var fontDictDepth: Int?  // inside "/Font << ... >>" (a page's font resources)
        var sawLessThan = false
        var sawGreaterThan = false
        var streamFlate = false
        var streamSkip = false  // images, fonts, embedded files, other filters
        var streamImage = false  // "/Subtype /Image"
        var streamDCT = false  // "/Filter /DCTDecode": the stream is a JPEG file as it is
        var pendingStream = false  // "stream" seen, its end-of-line not yet
        var objectString: LiteralString?
        var objectStringWanted = false
        var objectHex = false
        var objectHexStarted = false
        var objectIsFontDict = false
        var inStream = false
        var streamObject = -1
        var endMatch = 0  // bytes of "endstream" matched so far
        var imageDict = PDFImageDictionary()
    }
    private let st: UnsafeMutablePointer<Scan>

    // The three links from a glyph to its character.
    private var fontObjects: [[UInt8]: Int] = [:]  // resource name → font object
    private var toUnicode: [Int: Int] = [:]  // font object → CMap stream object
    private var cmaps: [Int: PDFContentScanner.CMap] = [:]  // CMap stream object → codes
    private var indirectFontDicts: Set<Int> = []  // "/Font 14 0 R": object 14 is a font dictionary
    private static let maxTableEntries = 64

    // Inside a stream.
    private var inflater: Inflater?
    private let content = PDFContentScanner()
    /// Image-only "invoices" are scans: their image objects go to OCR like an attached
    /// picture, JPEG (DCTDecode) streams as they are and raw Flate samples through
    /// `PDFRasterImage`. Gives a collector (holding at most the bytes given, or
    /// max_image_bytes) while the message still wants images, nil otherwise.
    private let imageCollector: (_ maxBytes: Int?) -> ImageCollector?
    private var image: ImageCollector?
    private var raster: PDFRasterImage?
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
        st = .allocate(capacity: 1)
        st.initialize(to: Scan())
    }

    deinit {
        st.deinitialize(count: 1)
        st.deallocate()
    }

    func feed(_ bytes: UnsafeRawBufferPointer) {
        var i = 0
        let n = bytes.count
        while i < n {
            if st.pointee.inStream {
                i = streamBytes(bytes, from: i)
                continue
            }
            let b = bytes[i]
            i += 1
            objectByte(b)
        }
    }

    func finish() {
        if st.pointee.inStream { endStream() }
        emitGlyphText()
    }

    // MARK: object level

    private func objectByte(_ b: UInt8) {
        if st.pointee.pendingStream {
            // "stream" is followed by CRLF or LF; data starts after it.
            if b == 0x0D { return }
            st.pointee.pendingStream = false
            startStream()
            if b != 0x0A { streamByte(b) }
            return
        }
        if st.pointee.objectString != nil {
            // Added to in place: a copy taken out (`if var s`) shared its bytes with the
            // stored one, so every byte copied the whole string so far.
            if st.pointee.objectString?.add(b) == true { return }
            if st.pointee.objectStringWanted, let s = st.pointee.objectString { emitInfo(s.text()) }
            st.pointee.objectString = nil
            return
        }
        if st.pointee.objectHex {
            // "<<" opens a dictionary; "<...>" is a hex string, skipped.
            if b == UInt8(ascii: "<") && !st.pointee.objectHexStarted {
                st.pointee.objectHex = false
                openDict()
                return
            }
            if b == UInt8(ascii: ">") { st.pointee.objectHex = false; return }
            if !Self.isSpace(b) { st.pointee.objectHexStarted = true }
            return
        }
        if Self.isRegular(b) && !(st.pointee.tokenIsName && b == UInt8(ascii: "/")) {
            if st.pointee.token.count < 32 { st.pointee.token.append(b) }
            st.pointee.sawGreaterThan = false
            return
        }
        endToken()
        switch b {
        case UInt8(ascii: "/"): st.pointee.tokenIsName = true
        case UInt8(ascii: "("):
            st.pointee.objectString = LiteralString()
            st.pointee.objectStringWanted = Self.infoKeys.contains(st.pointee.lastName)
        case UInt8(ascii: "<"):
            st.pointee.objectHex = true
            st.pointee.objectHexStarted = false
        case UInt8(ascii: ">"):
            // ">>" closes a dictionary.
            if st.pointee.sawGreaterThan { closeDict(); st.pointee.sawGreaterThan = false } else { st.pointee.sawGreaterThan = true }
            return
        default: break
        }
        st.pointee.sawGreaterThan = false
    }

    private func openDict() {
        if st.pointee.dictDepth < 64 { st.pointee.dictDepth += 1 }
        if st.pointee.fontDictDepth == nil
            && (st.pointee.lastName == PDFKeywords.font || (st.pointee.objectIsFontDict && st.pointee.dictDepth == 1))
        {
            st.pointee.fontDictDepth = st.pointee.dictDepth
        }
        st.pointee.lastName = []
    }

    private func closeDict() {
        if let d = st.pointee.fontDictDepth, d == st.pointee.dictDepth { st.pointee.fontDictDepth = nil }
        if st.pointee.dictDepth > 0 { st.pointee.dictDepth -= 1 }
    }

    private func endToken() {
        defer { st.pointee.token.removeAll(keepingCapacity: true); st.pointee.tokenIsName = false }
        guard let first = st.pointee.token.first else { return }
        if st.pointee.tokenIsName {
            st.pointee.imageDict.name(st.pointee.token)
            st.pointee.lastName = st.pointee.token
            if st.pointee.token == PDFKeywords.flateDecode || st.pointee.token == PDFKeywords.fl { st.pointee.streamFlate = true }
            if Self.skipNames.contains(st.pointee.token) { st.pointee.streamSkip = true }
            if st.pointee.token == PDFKeywords.image { st.pointee.streamImage = true }
            if st.pointee.token == PDFKeywords.dctDecode || st.pointee.token == PDFKeywords.dct { st.pointee.streamDCT = true }
            return
        }
        if first >= 0x30 && first <= 0x39 && st.pointee.token.count <= 9, let v = Self.digits(st.pointee.token) {
            st.pointee.integers.append(v)
            if st.pointee.integers.count > 2 { st.pointee.integers.removeFirst() }
            st.pointee.imageDict.integer(v)
            return
        }
        switch st.pointee.token {
        case PDFKeywords.obj:
            if st.pointee.integers.count == 2 { st.pointee.currentObject = st.pointee.integers[0] }
            resetObjectState()
            st.pointee.objectIsFontDict = indirectFontDicts.contains(st.pointee.currentObject)
        case PDFKeywords.endobj:
            // An ICC profile's component count, for images that name it as their colour space.
            if let n = st.pointee.imageDict.objectN, st.pointee.currentObject >= 0,
                st.pointee.imageDict.iccComponents.count < Self.maxTableEntries
            {
                st.pointee.imageDict.iccComponents[st.pointee.currentObject] = n
            }
            st.pointee.currentObject = -1
            resetObjectState()
        case PDFKeywords.r:
            if st.pointee.integers.count == 2 { reference(st.pointee.integers[0]); st.pointee.imageDict.reference(st.pointee.integers[0]) }
        case PDFKeywords.stream:
            st.pointee.pendingStream = true
        default:
            st.pointee.imageDict.keyword(st.pointee.token)
        }
        st.pointee.integers.removeAll(keepingCapacity: true)
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
        if let d = st.pointee.fontDictDepth, st.pointee.dictDepth == d, !st.pointee.lastName.isEmpty {
            if fontObjects.count < Self.maxTableEntries || fontObjects[st.pointee.lastName] != nil {
                fontObjects[st.pointee.lastName] = object
            }
        } else if st.pointee.lastName == PDFKeywords.toUnicode, st.pointee.currentObject >= 0, toUnicode.count < Self.maxTableEntries {
            toUnicode[st.pointee.currentObject] = object
        } else if st.pointee.lastName == PDFKeywords.font, indirectFontDicts.count < Self.maxTableEntries {
            indirectFontDicts.insert(object)
        } else if st.pointee.lastName == PDFKeywords.sMask || st.pointee.lastName == PDFKeywords.mask,
            maskObjects.count < Self.maxTableEntries
        {
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
        st.pointee.inStream = true
        st.pointee.streamObject = st.pointee.currentObject
        st.pointee.endMatch = 0
        if !st.pointee.streamSkip && st.pointee.streamFlate {
            inflater = Inflater(budget: inflateBudget)
        }
        guard st.pointee.streamImage, !maskObjects.contains(st.pointee.currentObject) else { return }
        // A JPEG stream with no other filter is a JPEG file; "endstream" fed after its
        // end-of-image marker is ignored by the decoder.
        if st.pointee.streamDCT && !st.pointee.streamFlate { image = imageCollector(nil) }
        if st.pointee.streamFlate && !st.pointee.imageDict.otherFilter {
            raster = PDFRasterImage(st.pointee.imageDict, limits: limits, anomalies: anomalies) { imageCollector($0) }
        }
    }

    /// Consumes stream data up to and including "endstream"; returns the next index.
    private func streamBytes(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var i = start
        let n = bytes.count
        while i < n {
            // Outside a partial match only an "e" can start one: memchr to it.
            if st.pointee.endMatch == 0 {
                guard let e = bytes.firstIndex(of: Self.endstream[0], from: i) else { break }
                i = e
            }
            let b = bytes[i]
            i += 1
            if b == Self.endstream[st.pointee.endMatch] {
                st.pointee.endMatch += 1
                if st.pointee.endMatch == Self.endstream.count {
                    // The keyword's bytes already went to the content: harmless, it is not text.
                    dataSlice(bytes, start, i)
                    endStream()
                    return i
                }
            } else {
                st.pointee.endMatch = b == Self.endstream[0] ? 1 : 0
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
        guard to > from, !st.pointee.streamSkip else { return }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[from..<to])
        if let inflater {
            inflater.feed(slice) { out in
                inflateBudget -= out.count
                content.scan(out) { emitText($0) }
            }
        } else if !st.pointee.streamFlate {
            content.scan(slice) { emitText($0) }
        }
    }

    private func endStream() {
        if let inflater {
            if inflater.state == .damaged { anomalies.record(.damagedPDF) }
            if inflater.state == .budgetSpent { anomalies.record(.partTextLimitReached) }
        }
        content.endStream { emitText($0) }
        if let cmap = content.takeCMap(), st.pointee.streamObject >= 0, cmaps.count < Self.maxTableEntries / 4 {
            cmaps[st.pointee.streamObject] = cmap
        }
        image?.finish()
        image = nil
        raster?.finish()
        raster = nil
        inflater = nil
        st.pointee.inStream = false
        st.pointee.streamFlate = false
        st.pointee.streamSkip = false
        st.pointee.streamImage = false
        st.pointee.streamDCT = false
        st.pointee.endMatch = 0
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
        st.pointee.imageDict.reset()
        st.pointee.objectIsFontDict = false
        st.pointee.streamFlate = false
        st.pointee.streamSkip = false
        st.pointee.streamImage = false
        st.pointee.streamDCT = false
        st.pointee.dictDepth = 0
        st.pointee.fontDictDepth = nil
    }
}
