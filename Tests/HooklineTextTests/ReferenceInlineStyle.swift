import HooklineCore

@testable import HooklineText

/// An inline style as the extractor read it before plain styles were parsed in place: the
/// value copied and lowercased when it is ASCII without "&", else entity-decoded and
/// lowercased as Unicode; then parsed with exact compares, the property names matched by
/// the loop over `HTMLStyle.Property.names`. `InlineStyleReferenceTests` holds
/// `HTMLStyle.inline(_:)` to it.
enum ReferenceInlineStyle {
    static func style(_ raw: [UInt8]) -> HTMLStyle {
        if raw.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "&") }) {
            return raw.map(ASCII.lower).withUnsafeBytes { parse(bytes: $0) }
        }
        var css = HTMLEntities.decodeAll(raw).lowercased()
        return css.withUTF8 { parse(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func parse(bytes: UnsafeRawBufferPointer) -> HTMLStyle {
        var s = HTMLStyle()
        var zeroHeight = false, overflowHidden = false, positioned = false, offscreen = false
        let n = bytes.count
        var start = 0
        while start < n {
            var end = start
            while end < n && bytes[end] != ASCII.semicolon { end += 1 }
            defer { start = end + 1 }
            var colon = start
            while colon < end && bytes[colon] != ASCII.colon { colon += 1 }
            guard colon < end else { continue }
            let prop = HTMLStyle.Property(reference: bytes, start, colon)
            guard prop != .other else { continue }
            var vs = colon + 1, ve = end
            while vs < ve, ASCII.isSpace(bytes[vs]) { vs += 1 }
            var bang = vs
            while bang < ve && bytes[bang] != UInt8(ascii: "!") { bang += 1 }
            ve = bang
            while ve > vs, ASCII.isSpace(bytes[ve - 1]) { ve -= 1 }
            let value = bytes[vs..<ve]
            func isWord(_ w: String) -> Bool { value.elementsEqual(w.utf8) }
            switch prop {
            case .display: if isWord("none") { s.hidden = true }
            case .visibility: s.invisible = isWord("hidden") || isWord("collapse")
            case .fontSize: s.zeroFont = HTMLStyle.isZero(value)
            case .opacity: if HTMLStyle.isZero(value) { s.hidden = true }
            case .msoHide: if isWord("all") { s.hidden = true }
            case .height: if HTMLStyle.isZero(value) { zeroHeight = true }
            case .overflow: if isWord("hidden") { overflowHidden = true }
            case .position: if isWord("absolute") || isWord("fixed") { positioned = true }
            case .offset: if isFarNegative(value) { offscreen = true }
            case .textIndent: if isFarNegative(value) { s.hidden = true }
            case .color:
                if isWord("transparent") { s.hidden = true }
                s.color = HTMLStyle.parseColor(String(decoding: value, as: UTF8.self))
            case .backgroundColor: s.background = HTMLStyle.parseColor(String(decoding: value, as: UTF8.self))
            case .background:
                if let first = value.split(separator: ASCII.space).first {
                    s.background = HTMLStyle.parseColor(String(decoding: first, as: UTF8.self))
                }
            case .other: break
            }
        }
        if zeroHeight && overflowHidden { s.hidden = true }
        if positioned && offscreen { s.hidden = true }
        return s
    }

    static func isFarNegative(_ v: Slice<UnsafeRawBufferPointer>) -> Bool {
        guard v.first == ASCII.dash else { return false }
        let digits = v.dropFirst().prefix { ASCII.isDigit($0) || $0 == UInt8(ascii: ".") }
        guard let d = Double(String(decoding: digits, as: UTF8.self)) else { return false }
        let unit = v.dropFirst(1 + digits.count)
        let px = unit.starts(with: "em".utf8) || unit.starts(with: "rem".utf8) ? d * 16 : d
        return px >= 500
    }
}
