import HooklineCore
/// What an element's attributes say about whether its text can be seen. Only the
/// tricks that hide lure text in real mail are modelled: display/visibility,
/// zero size or opacity, Outlook's mso-hide, and text painted in its background
/// colour. Colours are 0xRRGGBB; nil means "inherit".
///
/// `hidden` is what no descendant can undo (display:none, opacity:0, clipped to zero
/// height, pushed off the page). Font size and visibility are inherited but a child may
/// set them again, as table-based mail does everywhere (`<td style="font-size:0">` around
/// `<div style="font-size:14px">`), so they are kept apart: nil means "inherit".
struct HTMLStyle {
    var hidden = false
    var zeroFont: Bool?
    var invisible: Bool?
    var color: UInt32?
    var background: UInt32?

    /// Parses an inline `style` attribute value (already lowercased). Works on the bytes in
    /// place, no array per declaration or property: marketing mail carries thousands of
    /// style attributes per message.
    static func parse(css: String) -> HTMLStyle {
        var css = css
        return css.withUTF8 { parse(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// An inline `style` attribute's value as written: a plain one (ASCII without "&", nearly
    /// all) parsed where it is, any other entity-decoded and lowercased as Unicode first.
    static func inline(_ raw: UnsafeRawBufferPointer) -> HTMLStyle {
        parse(raw, plainOnly: true) ?? decoded(raw)
    }

    /// An inline style with references or bytes past ASCII, decoded and lowered as Unicode.
    @inline(never)
    private static func decoded(_ raw: UnsafeRawBufferPointer) -> HTMLStyle {
        parse(css: HTMLEntities.decodeAll(Array(raw)).lowercased())
    }

    /// The declarations between ";", each "property: value": blanks anywhere in the property
    /// ignored, the value trimmed and cut at "!" (`!important`). ASCII capitals read as their
    /// lowercase (every name and word compared is lowercase), so a plain inline style needs
    /// no lowered copy; the sheet's rules come lowercased already.
    static func parse(bytes: UnsafeRawBufferPointer) -> HTMLStyle {
        parse(bytes, plainOnly: false) ?? HTMLStyle()
    }

    /// ``parse(bytes:)``, or with `plainOnly` nil at the first "&" or byte of 0x80 or more.
    @inline(__always)
    private static func parse(_ bytes: UnsafeRawBufferPointer, plainOnly: Bool) -> HTMLStyle? {
        var s = HTMLStyle()
        var zeroHeight = false, overflowHidden = false, positioned = false, offscreen = false
        let n = bytes.count
        var start = 0
        while start < n {
            // The declaration's end eight bytes at a time (styles run to hundreds of bytes).
            let end: Int
            if plainOnly {
                guard let e = MarkupScan.declarationEnd(in: bytes, from: start) else { return nil }
                end = e
            } else {
                end = MarkupScan.first(ASCII.semicolon, ASCII.semicolon, in: bytes, from: start)
            }
            defer { start = end + 1 }
            var colon = start
            while colon < end && bytes[colon] != ASCII.colon { colon += 1 }
            guard colon < end else { continue }
            let prop = Property(bytes, start, colon)
            guard prop != .other else { continue }
            var vs = colon + 1, ve = end
            while vs < ve, ASCII.isSpace(bytes[vs]) { vs += 1 }
            var bang = vs
            while bang < ve && bytes[bang] != UInt8(ascii: "!") { bang += 1 }
            ve = bang
            while ve > vs, ASCII.isSpace(bytes[ve - 1]) { ve -= 1 }
            let value = bytes[vs..<ve]
            switch prop {
            case .display: if isWord(value, "none") { s.hidden = true }
            case .visibility: s.invisible = isWord(value, "hidden") || isWord(value, "collapse")
            case .fontSize: s.zeroFont = isZero(value)
            case .opacity: if isZero(value) { s.hidden = true }
            case .msoHide: if isWord(value, "all") { s.hidden = true }
            case .height: if isZero(value) { zeroHeight = true }
            case .overflow: if isWord(value, "hidden") { overflowHidden = true }
            case .position: if isWord(value, "absolute") || isWord(value, "fixed") { positioned = true }
            case .offset: if isFarNegative(value) { offscreen = true }
            case .textIndent: if isFarNegative(value) { s.hidden = true }
            case .color:
                if isWord(value, "transparent") { s.hidden = true }
                s.color = parseColor(bytes: value)
            case .backgroundColor: s.background = parseColor(bytes: value)
            case .background:
                // The first word (the value is trimmed, so it is the bytes up to the first
                // space), without the array of words `split` made for every declaration.
                if !value.isEmpty { s.background = parseColor(bytes: value.prefix { $0 != ASCII.space }) }
            case .other: break
            }
        }
        if zeroHeight && overflowHidden { s.hidden = true }
        // Pushed thousands of pixels off the page: "position:absolute;left:-9999px".
        if positioned && offscreen { s.hidden = true }
        return s
    }

    /// The properties `parse` reads; every other is `.other`.
    enum Property {
        case display, visibility, fontSize, opacity, msoHide, height, overflow, position, offset, textIndent
        case color, backgroundColor, background, other

        /// The definition of the packed constants in `init` (and what `HTMLStylePropertyTests`
        /// compares it with).
        static let names: [(String, Property)] = [
            ("display", .display), ("visibility", .visibility), ("font-size", .fontSize), ("opacity", .opacity),
            ("mso-hide", .msoHide), ("max-height", .height), ("height", .height), ("overflow", .overflow),
            ("position", .position), ("left", .offset), ("top", .offset), ("margin-left", .offset),
            ("margin-top", .offset), ("text-indent", .textIndent), ("color", .color),
            ("background-color", .backgroundColor), ("background", .background),
        ]

        /// The property named by `bytes[from..<to]` with its blanks left out. Those bytes (at
        /// most 16, the longest name's length) are packed into two words, little-endian, and
        /// matched with the names packed alike, with the length (a NUL would pack as nothing).
        /// Every declaration of every style attribute goes through here.
        init(_ bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int) {
            var lo: UInt64 = 0, hi: UInt64 = 0, length = 0
            if let packed = Self.packedWithoutBlanks(bytes, from, to) {
                (length, lo, hi) = packed
            } else {
                Self.packByteByByte(bytes, from, to, &length, &lo, &hi)
            }
            self = Self.named(length, lo, hi)
        }

        private static let ones: UInt64 = 0x0101_0101_0101_0101
        private static let highs: UInt64 = 0x8080_8080_8080_8080

        /// Whether the word holds a blank (space, tab, CR, LF); a zero byte holds none.
        @inline(__always)
        private static func hasBlank(_ w: UInt64) -> Bool {
            func zeroIn(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
            return zeroIn(w ^ (ones &* 0x20)) | zeroIn(w ^ (ones &* 0x09)) | zeroIn(w ^ (ones &* 0x0D))
                | zeroIn(w ^ (ones &* 0x0A)) != 0
        }

        /// The usual name: blanks only around it (" font-size"), at most 16 bytes, and 16
        /// bytes of the buffer readable from its start. Then it is two loads, masked to its
        /// length (masked bytes are zero, no blank) and lowered, instead of a loop over every
        /// byte; nil sends anything else to ``packByteByByte``.
        @inline(__always)
        private static func packedWithoutBlanks(
            _ bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int
        ) -> (Int, UInt64, UInt64)? {
            var s = from, e = to
            while s < e, ASCII.isSpace(bytes[s]) { s += 1 }
            while e > s, ASCII.isSpace(bytes[e - 1]) { e -= 1 }
            let count = e - s
            guard count <= 16, s + 16 <= bytes.count, let base = bytes.baseAddress else { return nil }
            func mask(_ c: Int) -> UInt64 { c >= 8 ? ~0 : c <= 0 ? 0 : (1 << (8 * UInt64(c))) &- 1 }
            let lo = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: s, as: UInt64.self)) & mask(count)
            let hi = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: s + 8, as: UInt64.self)) & mask(count - 8)
            if hasBlank(lo) || hasBlank(hi) { return nil }
            return (count, StyleLowering.lowered(lo), StyleLowering.lowered(hi))
        }

        /// The name's non-blank bytes, lowered, packed one at a time (blanks inside it, a name
        /// near the end of the buffer, or longer than 16 bytes).
        private static func packByteByByte(
            _ bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int, _ length: inout Int, _ lo: inout UInt64,
            _ hi: inout UInt64
        ) {
            for k in from..<to where !ASCII.isSpace(bytes[k]) {
                if length == 16 {
                    length = 17  // longer than every name: none of them
                    return
                }
                let b = UInt64(ASCII.lower(bytes[k]))
                if length < 8 { lo |= b << (8 * UInt64(length)) } else { hi |= b << (8 * UInt64(length - 8)) }
                length += 1
            }
        }

        /// The property whose name is `length` bytes packed into `lo` and `hi`: the one name
        /// that can be it, found by a multiplicative hash of `lo` and the length (no two of
        /// the 17 names share a slot; `background` and `background-color` differ by length),
        /// then compared. The switch over every name it replaced compared ~10 of them, ~38
        /// instructions for each of ~60 declarations a message.
        private static func named(_ length: Int, _ lo: UInt64, _ hi: UInt64) -> Property {
            let slot = ((lo ^ UInt64(truncatingIfNeeded: length)) &* 0x0BB6_62A8_C979_CB07) >> 59
            let name: (length: Int, lo: UInt64, hi: UInt64, property: Property)
            switch slot {
            case 3: name = (10, 0x756F_7267_6B63_6162, 0x646E, .background)
            case 7: name = (11, 0x6C2D_6E69_6772_616D, 0x74_6665, .offset)  // margin-left
            case 8: name = (5, 0x72_6F6C_6F63, 0, .color)
            case 12: name = (6, 0x7468_6769_6568, 0, .height)
            case 13: name = (8, 0x6E6F_6974_6973_6F70, 0, .position)
            case 15: name = (10, 0x742D_6E69_6772_616D, 0x706F, .offset)  // margin-top
            case 16: name = (4, 0x7466_656C, 0, .offset)  // left
            case 17: name = (16, 0x756F_7267_6B63_6162, 0x726F_6C6F_632D_646E, .backgroundColor)
            case 19: name = (7, 0x79_616C_7073_6964, 0, .display)
            case 20: name = (10, 0x696C_6962_6973_6976, 0x7974, .visibility)
            case 22: name = (3, 0x70_6F74, 0, .offset)  // top
            case 23: name = (10, 0x6769_6568_2D78_616D, 0x7468, .height)  // max-height
            case 24: name = (9, 0x7A69_732D_746E_6F66, 0x65, .fontSize)
            case 25: name = (8, 0x776F_6C66_7265_766F, 0, .overflow)
            case 26: name = (11, 0x646E_692D_7478_6574, 0x74_6E65, .textIndent)
            case 27: name = (8, 0x6564_6968_2D6F_736D, 0, .msoHide)
            case 31: name = (7, 0x79_7469_6361_706F, 0, .opacity)
            default: return .other
            }
            return name.length == length && name.lo == lo && name.hi == hi ? name.property : .other
        }

        /// The loop over ``names`` that `init` replaced, kept for the tests.
        init(reference bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int) {
            var length = 0
            for k in from..<to where !ASCII.isSpace(bytes[k]) { length += 1 }
            self = .other
            for (name, property) in Self.names where name.utf8.count == length {
                var k = from
                var same = true
                for c in name.utf8 {
                    while ASCII.isSpace(bytes[k]) { k += 1 }
                    if bytes[k] != c { same = false; break }
                    k += 1
                }
                if same { self = property; return }
            }
        }
    }

    /// A length of -500 or less (in any unit a mail client would use): off the page.
    static func isFarNegative<C: Collection>(_ v: C) -> Bool where C.Element == UInt8 {
        guard v.first == ASCII.dash else { return false }
        let digits = v.dropFirst().prefix { ASCII.isDigit($0) || $0 == UInt8(ascii: ".") }
        guard let d = Double(String(decoding: digits, as: UTF8.self)) else { return false }
        let unit = v.dropFirst(1 + digits.count)
        let px = unit.starts(with: "em".utf8, by: lowerEquals) || unit.starts(with: "rem".utf8, by: lowerEquals) ? d * 16 : d
        return px >= 500
    }

    static func isZero<C: Collection>(_ v: C) -> Bool where C.Element == UInt8 {
        let number = v.prefix { ASCII.isDigit($0) || $0 == UInt8(ascii: ".") }
        // Digits alone always parse, and are zero exactly when every one is "0"; a "." goes
        // to `Double` ("0.", ".0" and "0.0.0" are its to judge).
        if !number.contains(UInt8(ascii: ".")) { return !number.isEmpty && number.allSatisfy { $0 == UInt8(ascii: "0") } }
        return isZero(String(decoding: number, as: UTF8.self))
    }

    /// "0", "0px", "0.0em", "0%" are zero; "0.5px" is not.
    static func isZero(_ v: String) -> Bool {
        let num = v.prefix { $0.isNumber || $0 == "." }
        guard !num.isEmpty, let d = Double(num) else { return false }
        return d == 0
    }

    /// ``parseColor(_:)`` on bytes: trimmed, lowercased and matched in place when they are
    /// ASCII and no `rgb(...)` (whose numbers `Double` reads); else through the String.
    static func parseColor<C: BidirectionalCollection>(bytes raw: C) -> UInt32? where C.Element == UInt8 {
        var start = raw.startIndex, end = raw.endIndex
        while start < end, ASCII.isSpace(raw[start]) { start = raw.index(after: start) }
        while end > start, ASCII.isSpace(raw[raw.index(before: end)]) { end = raw.index(before: end) }
        let v = raw[start..<end]
        if v.contains(where: { $0 >= 0x80 }) || startsWithRGB(v) {
            return parseColor(String(decoding: raw, as: UTF8.self))
        }
        if v.first == UInt8(ascii: "#") {
            var h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0, 0)
            var count = 0
            for b in v.dropFirst() {
                guard let x = ASCII.hexValue(b) else { return nil }
                switch count {
                case 0: h.0 = UInt32(x)
                case 1: h.1 = UInt32(x)
                case 2: h.2 = UInt32(x)
                case 3: h.3 = UInt32(x)
                case 4: h.4 = UInt32(x)
                case 5: h.5 = UInt32(x)
                default: break
                }
                count += 1
            }
            if count == 3 || count == 4 { return (h.0 * 17) << 16 | (h.1 * 17) << 8 | h.2 * 17 }
            if count == 6 || count == 8 { return h.0 << 20 | h.1 << 16 | h.2 << 12 | h.3 << 8 | h.4 << 4 | h.5 }
            return nil
        }
        for (name, color) in namedColors where name.utf8.count == v.count {
            if v.elementsEqual(name.utf8, by: { ASCII.lower($0) == $1 }) { return color }
        }
        return nil
    }

    /// A style's byte against a lowercase one, its capitals read as lowercase.
    @inline(__always)
    static func lowerEquals(_ b: UInt8, _ lowercase: UInt8) -> Bool { ASCII.lower(b) == lowercase }

    /// `value` is `word` (lowercase ASCII), its capitals read as lowercase: its length first,
    /// then its bytes, instead of `elementsEqual` over a String's UTF-8 view (~100
    /// instructions a compare, one or two per declaration).
    @inline(__always)
    static func isWord(_ value: Slice<UnsafeRawBufferPointer>, _ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard value.count == n else { return false }
        let w = word.utf8Start
        var k = 0
        for b in value {
            if ASCII.lower(b) != w[k] { return false }
            k += 1
        }
        return true
    }

    /// Whether `v` starts with "rgb" in any case, on the bytes (was `starts(with:by:)` over
    /// a String's UTF-8 view, asked of every colour).
    @inline(__always)
    static func startsWithRGB<C: Collection>(_ v: C) -> Bool where C.Element == UInt8 {
        var it = v.makeIterator()
        return ASCII.lower(it.next() ?? 0) == UInt8(ascii: "r") && ASCII.lower(it.next() ?? 0) == UInt8(ascii: "g")
            && ASCII.lower(it.next() ?? 0) == UInt8(ascii: "b")
    }

    /// The colour names ``parseColor(_:)`` knows, for the byte path.
    static let namedColors: [(String, UInt32)] = [
        ("white", 0xFFFFFF), ("snow", 0xFFFFFF), ("ivory", 0xFFFFFF), ("ghostwhite", 0xFFFFFF),
        ("whitesmoke", 0xFFFFFF), ("floralwhite", 0xFFFFFF), ("seashell", 0xFFFFFF), ("mintcream", 0xFFFFFF),
        ("azure", 0xFFFFFF), ("black", 0x000000), ("red", 0xFF0000), ("blue", 0x0000FF), ("green", 0x008000),
        ("gray", 0x808080), ("grey", 0x808080), ("silver", 0xC0C0C0), ("yellow", 0xFFFF00),
    ]

    static func parseColor(_ raw: String) -> UInt32? {
        let v = raw.trimmingCharacters().lowercased()
        if v.hasPrefix("#") {
            let hex = Array(v.utf8.dropFirst())
            guard hex.allSatisfy({ ASCII.hexValue($0) != nil }) else { return nil }
            let h = hex.map { UInt32(ASCII.hexValue($0) ?? 0) }
            if h.count == 3 || h.count == 4 { return (h[0] * 17) << 16 | (h[1] * 17) << 8 | h[2] * 17 }
            if h.count == 6 || h.count == 8 { return h[0] << 20 | h[1] << 16 | h[2] << 12 | h[3] << 8 | h[4] << 4 | h[5] }
            return nil
        }
        if v.hasPrefix("rgb") {
            let parts = v.drop { $0 != "(" }.dropFirst().prefix { $0 != ")" }
                .split { $0 == "," || $0 == " " || $0 == "/" }.prefix(3)
            guard parts.count == 3 else { return nil }
            var c: UInt32 = 0
            for p in parts {
                var x: Double
                if p.hasSuffix("%") { x = (Double(p.dropLast()) ?? 0) * 2.55 } else { x = Double(p) ?? 0 }
                x = min(255, max(0, x))
                c = c << 8 | UInt32(x)
            }
            return c
        }
        switch v {
        case "white", "snow", "ivory", "ghostwhite", "whitesmoke", "floralwhite", "seashell", "mintcream", "azure":
            return 0xFFFFFF
        case "black": return 0x000000
        case "red": return 0xFF0000
        case "blue": return 0x0000FF
        case "green": return 0x008000
        case "gray", "grey": return 0x808080
        case "silver": return 0xC0C0C0
        case "yellow": return 0xFFFF00
        default: return nil
        }
    }

    /// Whether it says anything about visibility at all (worth keeping from a style sheet).
    var hasEffect: Bool { hidden || zeroFont != nil || invisible != nil || color != nil || background != nil }

    /// `next` applied over `self`: hiding by either hides, the rest is overridden.
    func overridden(by next: HTMLStyle) -> HTMLStyle {
        var s = self
        s.hidden = hidden || next.hidden
        s.zeroFont = next.zeroFont ?? zeroFont
        s.invisible = next.invisible ?? invisible
        s.color = next.color ?? color
        s.background = next.background ?? background
        return s
    }

    /// Close enough that a reader cannot tell the text from the background.
    /// Asked for every element that opens, so written out (a nested function was a call
    /// per channel).
    static func indistinguishable(_ a: UInt32, _ b: UInt32) -> Bool {
        let red = abs(Int((a >> 16) & 0xFF) - Int((b >> 16) & 0xFF))
        let green = abs(Int((a >> 8) & 0xFF) - Int((b >> 8) & 0xFF))
        let blue = abs(Int(a & 0xFF) - Int(b & 0xFF))
        return red + green + blue <= 24
    }
}

extension StringProtocol {
    /// Trims ASCII blanks (space, tab, CR, LF) without walking Characters.
    func trimmingCharacters() -> String {
        let sub = Substring(self)
        let u = sub.utf8
        // Nothing to trim (nearly every MIME value): the String itself, not a Substring walked
        // and copied into a new one.
        if let first = u.first, let last = u.last, !ASCII.isSpace(first), !ASCII.isSpace(last) { return String(self) }
        var start = u.startIndex, end = u.endIndex
        while start < end, ASCII.isSpace(u[start]) { start = u.index(after: start) }
        while end > start, ASCII.isSpace(u[u.index(before: end)]) { end = u.index(before: end) }
        return String(sub[start..<end])
    }
}
