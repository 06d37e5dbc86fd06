// The content scanner PDFContentScanner replaced (d1d283b), which ReferencePDFTextExtractor
// reads streams with (PDFExtractorReferenceTests).
import HooklineCore
@testable import HooklineText

/// Reads one PDF stream's (inflated) bytes as content: the text its operators show, the
/// glyph codes shown through fonts that need a CMap, and, when the stream is itself a
/// ToUnicode CMap, that mapping.
///
/// Text shown with plain strings comes out at once: strings before `Tj`, `TJ`, `'` and `"`,
/// a space for wide `TJ` gaps, a line break when the text moves to another line.
/// HTML-to-PDF converters (wkhtmltopdf, Chrome) instead draw glyph ids of an embedded
/// subset font, one glyph per `Tj`; those codes are logged with their font's resource name
/// and read once the font's ToUnicode CMap has been seen, at the end of the file.
final class ReferencePDFContentScanner {
    /// One glyph string and the font resource it was drawn with; `font` empty means a line break.
    /// Glyph codes drawn with one font; a run without a font is a break between runs:
    /// no codes for a line break, a single 0x20 for a word space.
    struct GlyphRun {
        var font: [UInt8]
        var codes: [UInt8]
        static let lineBreak = GlyphRun(font: [], codes: [])
        static let space = GlyphRun(font: [], codes: [0x20])
    }

    private var string: LiteralString?
    private var hex: [UInt8]?
    private var token: [UInt8] = []
    private var tokenIsName = false
    private var lastName: [UInt8] = []
    private var font: [UInt8] = []
    private var numbers: [Double] = []  // operands of the coming operator
    private var matrixY: Double?  // baseline of the last `Tm`
    private var pending: [UInt8] = []  // shown text waiting for its operator
    private var pendingGlyphs: [UInt8] = []
    private var inArray = false
    private var hexStrings: [CMapOperand] = []  // operands inside codespacerange / bfchar / bfrange
    private var cmapList: [[UInt8]] = []  // "[<004E> <004F> ...]" of a bfrange
    private var cmapMode: CMapMode = .none
    private var cmap = CMap()

    /// Glyph strings this part has drawn through fonts with no readable encoding, in order.
    private(set) var glyphRuns: [GlyphRun] = []
    private var glyphBytes = 0

    private enum CMapMode { case none, codespace, bfchar, bfrange }
    private enum CMapOperand {
        case code([UInt8])
        case list([[UInt8]])
        var bytes: [UInt8] { if case .code(let b) = self { return b } else { return [] } }
    }

    /// A ToUnicode CMap: character codes (one or two bytes) to UTF-16.
    struct CMap {
        var twoByte = true
        var map: [UInt16: [UInt16]] = [:]
    }

    static let maxPending = 4096
    static let maxHex = 1024
    /// Glyph bytes logged per PDF while waiting for their CMaps.
    static let maxGlyphBytes = 16 << 10
    /// Runs and the space markers between them; a run holds at least one glyph byte.
    static let maxGlyphRuns = 2 * maxGlyphBytes
    /// Mappings kept per CMap; subset fonts hold a few hundred.
    static let maxCMapEntries = 4096

    func scan(_ bytes: UnsafeRawBufferPointer, _ emit: ([UInt8]) -> Void) {
        for b in bytes { byte(b, emit) }
    }

    /// The stream ended: text still waiting is dropped (it had no operator), the CMap is
    /// handed out (`take`) and the scanner is ready for the next stream.
    func endStream(_ emit: ([UInt8]) -> Void) {
        endToken(emit)
        pending.removeAll()
        pendingGlyphs.removeAll()
        string = nil
        hex = nil
        inArray = false
        numbers.removeAll()
        matrixY = nil
        hexStrings.removeAll()
        cmapMode = .none
    }

    /// The CMap the stream defined, if it was one.
    func takeCMap() -> CMap? {
        defer { cmap = CMap() }
        return cmap.map.isEmpty ? nil : cmap
    }

    private func byte(_ b: UInt8, _ emit: ([UInt8]) -> Void) {
        if var s = string {
            if s.add(b) { string = s; return }
            string = nil
            let raw = s.rawBytes
            if raw.contains(where: { $0 < 0x09 || ($0 > 0x0D && $0 < 0x20) }) { addGlyphs(raw) } else { add(s.text()) }
            return
        }
        if var h = hex {
            if b == UInt8(ascii: "<") && h.isEmpty {
                hex = nil  // "<<": a dictionary (marked-content properties), not a string
                return
            }
            if b == UInt8(ascii: ">") {
                hex = nil
                hexString(h)
                return
            }
            if h.count < Self.maxHex, let v = Self.hexValue(b) {
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
        case UInt8(ascii: "/"): tokenIsName = true
        case UInt8(ascii: "("): string = LiteralString()
        case UInt8(ascii: "<"): hex = []
        case UInt8(ascii: "["):
            inArray = true
            cmapList.removeAll()
        case UInt8(ascii: "]"):
            inArray = false
            if cmapMode == .bfrange && hexStrings.count < 3 * 256 { hexStrings.append(.list(cmapList)) }
            cmapList.removeAll()
        default: break
        }
    }

    private func endToken(_ emit: ([UInt8]) -> Void) {
        defer { token.removeAll(keepingCapacity: true); tokenIsName = false }
        guard let first = token.first else { return }
        if tokenIsName {
            lastName = token
            return
        }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: ".") || (first >= 0x30 && first <= 0x39) {
            let value = Double(String(decoding: token, as: UTF8.self)) ?? 0
            // A kerning adjustment wide enough to be a word space.
            if inArray { if value <= -200 { kerningSpace() } } else if numbers.count < 8 { numbers.append(value) }
            return
        }
        operatorToken(emit)
        numbers.removeAll(keepingCapacity: true)
    }

    private func operatorToken(_ emit: ([UInt8]) -> Void) {
        switch token {
        case PDFKeywords.tj, PDFKeywords.tJ:
            emit(pending)
            flushGlyphs(lineBreak: false)
        case PDFKeywords.quote, PDFKeywords.doubleQuote:  // ' and " start a new line first
            emit([0x0A] + pending)
            flushGlyphs(lineBreak: true)
        case PDFKeywords.td, PDFKeywords.tD:
            // Converters place every glyph with its own Td; only a vertical move is a new line.
            if numbers.count >= 2 && numbers[numbers.count - 1] != 0 { lineBreak(emit) }
        case PDFKeywords.tm:
            // A new text matrix: report writers place every line with its own; the same
            // baseline is the same line (converters place glyphs one by one).
            if numbers.count >= 6 {
                if let y = matrixY, y != numbers[5] { lineBreak(emit) }
                matrixY = numbers[5]
            }
        case PDFKeywords.tStar, PDFKeywords.et, PDFKeywords.bt:
            lineBreak(emit)
        case PDFKeywords.tf:
            font = lastName
        case PDFKeywords.beginCodespaceRange:
            cmapMode = .codespace
            hexStrings.removeAll()
        case PDFKeywords.endCodespaceRange:
            if let low = hexStrings.first { cmap.twoByte = low.bytes.count >= 2 }
            hexStrings.removeAll()
            cmapMode = .none
        case PDFKeywords.beginBFChar:
            cmapMode = .bfchar
            hexStrings.removeAll()
        case PDFKeywords.beginBFRange:
            cmapMode = .bfrange
            hexStrings.removeAll()
        case PDFKeywords.endBFChar, PDFKeywords.endBFRange:
            readCMapSection()
            cmapMode = .none
        default:
            break
        }
        pending.removeAll(keepingCapacity: true)
        pendingGlyphs.removeAll(keepingCapacity: true)
    }

    private func lineBreak(_ emit: ([UInt8]) -> Void) {
        emit([0x0A])
        if let last = glyphRuns.last, !last.font.isEmpty || !last.codes.isEmpty { glyphRuns.append(.lineBreak) }
    }

    /// A `TJ` gap wide enough to be a word space, in whichever text is being drawn: plain
    /// strings get a space byte; glyph codes, which mean nothing without their font's CMap,
    /// get a space marker between runs ("Call" -300 "1-800..." must not read "Call1-800").
    private func kerningSpace() {
        add([0x20])
        guard !pendingGlyphs.isEmpty else { return }
        flushGlyphs(lineBreak: false)
        pendingGlyphs.removeAll(keepingCapacity: true)
        if glyphRuns.count < Self.maxGlyphRuns { glyphRuns.append(.space) }
    }

    private func add(_ text: [UInt8]) {
        if pending.count + text.count <= Self.maxPending { pending.append(contentsOf: text) }
    }

    private func addGlyphs(_ codes: [UInt8]) {
        if pendingGlyphs.count + codes.count <= Self.maxPending { pendingGlyphs.append(contentsOf: codes) }
    }

    private func flushGlyphs(lineBreak: Bool) {
        guard !pendingGlyphs.isEmpty, !font.isEmpty, glyphBytes + pendingGlyphs.count <= Self.maxGlyphBytes else { return }
        if lineBreak { glyphRuns.append(.lineBreak) }
        glyphBytes += pendingGlyphs.count
        if let last = glyphRuns.last, last.font == font {
            glyphRuns[glyphRuns.count - 1].codes.append(contentsOf: pendingGlyphs)
        } else {
            glyphRuns.append(GlyphRun(font: font, codes: pendingGlyphs))
        }
    }

    /// Printable ASCII is text; anything else is glyph codes (or, in a CMap, a code or value).
    private func hexString(_ digits: [UInt8]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2 + 1)
        var k = 0
        while k < digits.count {
            let low = k + 1 < digits.count ? digits[k + 1] : 0  // an odd last digit is followed by 0
            bytes.append(digits[k] << 4 | low)
            k += 2
        }
        if cmapMode != .none {
            if inArray {
                if cmapList.count < 256 { cmapList.append(bytes) }
            } else if hexStrings.count < 3 * 256 {
                hexStrings.append(.code(bytes))
            }
            return
        }
        guard !bytes.isEmpty else { return }
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { add(bytes) } else { addGlyphs(bytes) }
    }

    /// `<src> <dst>` pairs (bfchar); `<lo> <hi> <dst>` or `<lo> <hi> [<dst> ...]` triples (bfrange).
    private func readCMapSection() {
        let width = cmapMode == .bfchar ? 2 : 3
        var k = 0
        while k + width <= hexStrings.count && cmap.map.count < Self.maxCMapEntries {
            let src = Self.code(hexStrings[k].bytes)
            switch hexStrings[k + width - 1] {
            case .code(let d) where cmapMode == .bfchar:
                cmap.map[src] = Self.units(d)
            case .code(let d):
                let dst = Self.units(d)
                guard let first = dst.first else { break }
                let hi = Self.code(hexStrings[k + 1].bytes)
                var c = src
                var unit = first
                while c <= hi && cmap.map.count < Self.maxCMapEntries {
                    cmap.map[c] = dst.count == 1 ? [unit] : dst
                    if c == UInt16.max { break }
                    c += 1
                    unit &+= 1
                }
            case .list(let items):
                var c = src
                for item in items where cmap.map.count < Self.maxCMapEntries {
                    cmap.map[c] = Self.units(item)
                    if c == UInt16.max { break }
                    c += 1
                }
            }
            k += width
        }
        hexStrings.removeAll()
    }

    private static func code(_ bytes: [UInt8]) -> UInt16 {
        var v: UInt16 = 0
        for b in bytes.suffix(2) { v = v << 8 | UInt16(b) }
        return v
    }

    private static func units(_ bytes: [UInt8]) -> [UInt16] {
        var out: [UInt16] = []
        var k = 0
        while k + 1 < bytes.count && out.count < 4 {
            out.append(UInt16(bytes[k]) << 8 | UInt16(bytes[k + 1]))
            k += 2
        }
        if bytes.count == 1 { out.append(UInt16(bytes[0])) }
        return out
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
