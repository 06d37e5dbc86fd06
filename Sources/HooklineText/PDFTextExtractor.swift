import HooklineCore

/// Text of a PDF attachment, as its bytes stream past: the document-information strings
/// (Title, Subject, Keywords, Author) and the strings that text operators show in content
/// streams, inflated when FlateDecode'd.
///
/// Callback lures move the phone number into an attached "invoice" so the mail body holds
/// nothing to match. Such PDFs are produced by simple generators that print the number with
/// a plain `Tj`; reading those needs no object graph, cross-reference table or fonts, so
/// none is built. Strings drawn through CID fonts (glyph ids, not characters) are skipped.
/// State is a handful of small bounded buffers; chunks may split anywhere.
final class PDFTextExtractor {
    private let writer: ViewWriter
    private let anomalies: AnomalyRecorder
    /// Inflated bytes this part may still produce, across all its streams.
    private var inflateBudget: Int

    // Object level (outside streams).
    private var token: [UInt8] = []          // the name or keyword being read
    private var tokenIsName = false
    private var lastName: [UInt8] = []
    private var streamFlate = false
    private var streamSkip = false           // images, fonts, embedded files, other filters
    private var pendingStream = false        // "stream" seen, its end-of-line not yet
    private var objectString: LiteralString?
    private var objectStringWanted = false
    private var objectHex = false
    private var objectHexStarted = false

    // Inside a stream.
    private var inStream = false
    private var endMatch = 0                 // bytes of "endstream" matched so far
    private var inflater: Inflater?
    private let content = ContentTextScanner()

    private static let endstream = Array("endstream".utf8)
    private static let infoKeys: Set<[UInt8]> = Set(["Title", "Subject", "Keywords", "Author"].map { Array($0.utf8) })
    /// Names in a stream's dictionary that say its data is not page text.
    private static let skipNames: Set<[UInt8]> = Set(["Image", "FontFile", "FontFile2", "FontFile3", "Length1",
                                                      "EmbeddedFile", "XRef", "ObjStm", "Metadata", "ICCBased",
                                                      "DCTDecode", "JPXDecode", "CCITTFaxDecode", "JBIG2Decode",
                                                      "LZWDecode", "RunLengthDecode", "ASCII85Decode",
                                                      "ASCIIHexDecode", "Crypt"].map { Array($0.utf8) })

    init(writer: ViewWriter, anomalies: AnomalyRecorder, inflateBudget: Int) {
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
        flushText()
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
            // "<<" opens a dictionary, whose names matter; "<...>" is a hex string, skipped.
            if b == UInt8(ascii: ">") || (b == UInt8(ascii: "<") && !objectHexStarted) { objectHex = false; return }
            if !Self.isSpace(b) { objectHexStarted = true }
            return
        }
        if Self.isRegular(b) && !(tokenIsName && b == UInt8(ascii: "/")) {
            if token.count < 32 { token.append(b) }
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
        default: break
        }
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C || b == 0x00
    }

    private func endToken() {
        defer { token.removeAll(keepingCapacity: true); tokenIsName = false }
        guard !token.isEmpty else { return }
        if tokenIsName {
            lastName = token
            if token == Array("FlateDecode".utf8) || token == Array("Fl".utf8) { streamFlate = true }
            if Self.skipNames.contains(token) { streamSkip = true }
            return
        }
        if token == Array("stream".utf8) {
            pendingStream = true
        } else if token == Array("endobj".utf8) || token == Array("obj".utf8) {
            streamFlate = false
            streamSkip = false
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
        endMatch = 0
        if !streamSkip && streamFlate {
            inflater = Inflater(budget: inflateBudget)
        }
    }

    /// Consumes stream data up to and including "endstream"; returns the next index.
    private func streamBytes(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var i = start
        let n = bytes.count
        while i < n {
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
        content.finish { emitText($0) }
        inflater = nil
        inStream = false
        streamFlate = false
        streamSkip = false
        endMatch = 0
    }

    private func emitText(_ utf8: [UInt8]) {
        utf8.withUnsafeBytes { writer.write(.attachment, $0) }
    }

    private func flushText() {
        content.finish { emitText($0) }
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
}

/// A PDF literal string being read byte by byte: balanced parentheses, backslash escapes,
/// octal codes. Kept to a bounded length; the rest of a longer string is dropped.
struct LiteralString {
    static let maxBytes = 2048
    private(set) var bytes: [UInt8] = []
    private var depth = 0
    private var escape = false
    private var octal: [UInt8] = []

    /// Takes the next byte; false when this byte closed the string.
    mutating func add(_ b: UInt8) -> Bool {
        if !octal.isEmpty {
            if b >= 0x30 && b <= 0x37 && octal.count < 3 { octal.append(b); return true }
            flushOctal()
        }
        if escape {
            escape = false
            switch b {
            case UInt8(ascii: "n"): append(0x0A)
            case UInt8(ascii: "r"): append(0x0D)
            case UInt8(ascii: "t"): append(0x09)
            case UInt8(ascii: "b"), UInt8(ascii: "f"): append(0x20)
            case 0x30...0x37: octal = [b]
            case 0x0A, 0x0D: break   // line continuation
            default: append(b)        // \( \) \\ and unknown escapes stand for themselves
            }
            return true
        }
        switch b {
        case UInt8(ascii: "\\"): escape = true
        case UInt8(ascii: "("): depth += 1; append(b)
        case UInt8(ascii: ")"):
            if depth == 0 { return false }
            depth -= 1
            append(b)
        default: append(b)
        }
        return true
    }

    private mutating func flushOctal() {
        var v = 0
        for d in octal { v = v * 8 + Int(d - 0x30) }
        octal.removeAll()
        append(UInt8(truncatingIfNeeded: v))
    }

    private mutating func append(_ b: UInt8) {
        if bytes.count < Self.maxBytes { bytes.append(b) }
    }

    /// UTF-8 of the string: UTF-16BE when it starts with a byte-order mark, otherwise
    /// PDFDocEncoding, read as Latin-1 (they agree on letters, digits and punctuation).
    func text() -> [UInt8] {
        var raw = bytes
        if !octal.isEmpty {
            var copy = self
            copy.flushOctal()
            raw = copy.bytes
        }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        if raw.count >= 2 && raw[0] == 0xFE && raw[1] == 0xFF {
            var units: [UInt16] = []
            var k = 2
            while k + 1 < raw.count {
                units.append(UInt16(raw[k]) << 8 | UInt16(raw[k + 1]))
                k += 2
            }
            for scalar in String(decoding: units, as: UTF16.self).unicodeScalars {
                out.append(contentsOf: Array(String(scalar).utf8))
            }
            return out
        }
        for b in raw {
            if b < 0x80 {
                out.append(b == 0 ? 0x20 : b)
            } else {
                out.append(0xC0 | (b >> 6))
                out.append(0x80 | (b & 0x3F))
            }
        }
        return out
    }
}

/// Reads a page content stream and hands out the text its operators show: strings before
/// `Tj`, `TJ`, `'` and `"`, a space for wide `TJ` gaps, a line break for line moves.
final class ContentTextScanner {
    private var string: LiteralString?
    private var hex: [UInt8]?
    private var dictDepth = 0
    private var sawLessThan = false
    private var token: [UInt8] = []
    private var pending: [UInt8] = []        // shown text waiting for its operator
    private var inArray = false
    private static let maxPending = 4096
    private static let maxHex = 1024

    func scan(_ bytes: UnsafeRawBufferPointer, _ emit: ([UInt8]) -> Void) {
        for b in bytes { byte(b, emit) }
    }

    func finish(_ emit: ([UInt8]) -> Void) {
        endToken(emit)
        pending.removeAll()
        string = nil
        hex = nil
        inArray = false
        sawLessThan = false
        dictDepth = 0
    }

    private func byte(_ b: UInt8, _ emit: ([UInt8]) -> Void) {
        if var s = string {
            if s.add(b) { string = s; return }
            add(s.text())
            string = nil
            return
        }
        if hex != nil {
            if b == UInt8(ascii: "<") && hex?.isEmpty == true {
                hex = nil
                dictDepth += 1          // "<<": an inline dictionary (marked content), not a string
                return
            }
            if b == UInt8(ascii: ">") {
                addHex()
                hex = nil
                return
            }
            if var h = hex, h.count < Self.maxHex, let v = Self.hexValue(b) {
                h.append(v)
                hex = h
            }
            return
        }
        if PDFTextExtractor.isRegular(b) {
            if token.count < 32 { token.append(b) }
            return
        }
        endToken(emit)
        switch b {
        case UInt8(ascii: "("): string = LiteralString()
        case UInt8(ascii: "<"): hex = []
        case UInt8(ascii: ">"): if dictDepth > 0 { dictDepth -= 1 }
        case UInt8(ascii: "["): inArray = true
        case UInt8(ascii: "]"): inArray = false
        default: break
        }
    }

    private func endToken(_ emit: ([UInt8]) -> Void) {
        defer { token.removeAll(keepingCapacity: true) }
        guard let first = token.first else { return }
        if inArray {
            // A kerning adjustment wide enough to be a word space.
            if first == UInt8(ascii: "-"), let v = Int(String(decoding: token.dropFirst().prefix(6), as: UTF8.self)),
               v >= 200 {
                add([0x20])
            }
            return
        }
        switch token {
        case [0x54, 0x6A], [0x54, 0x4A]:                      // Tj, TJ
            emit(pending)
        case [0x27], [0x22]:                                  // ' and " move to the next line first
            emit([0x0A] + pending)
        case [0x54, 0x2A], [0x54, 0x64], [0x54, 0x44], [0x45, 0x54], [0x54, 0x6D]:   // T* Td TD ET Tm
            emit([0x0A])
        default:
            break
        }
        if !(first >= 0x30 && first <= 0x39) && first != UInt8(ascii: "-") && first != UInt8(ascii: ".") {
            pending.removeAll(keepingCapacity: true)
        }
    }

    private func add(_ text: [UInt8]) {
        if pending.count + text.count <= Self.maxPending { pending.append(contentsOf: text) }
    }

    /// Hex strings are kept only when they spell printable ASCII; with CID fonts they are
    /// glyph ids that mean nothing without the font's CMap.
    private func addHex() {
        guard let digits = hex, digits.count >= 2 else { return }
        var bytes: [UInt8] = []
        var k = 0
        while k + 1 < digits.count {
            bytes.append(digits[k] << 4 | digits[k + 1])
            k += 2
        }
        guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return }
        add(bytes)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }
}
