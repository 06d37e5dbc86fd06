import HooklineCore
@testable import HooklineText

/// `HTMLTextExtractor` as it was before its fast paths (tag names without arrays, element
/// kinds by switch, styles and colours parsed on the tag's bytes, links filtered by their
/// first byte, text and tags scanned a word at a time): the reference `HTMLExtractorReferenceTests`
/// holds them to, call for call.
final class ReferenceHTMLTextExtractor {
    private enum State { case text, tagOpen, tag, comment, rawText, entity }

    private struct Element {
        var name: UInt64
        var hidden: Bool
        var zeroFont: Bool
        var invisible: Bool
        var color: UInt32
        var background: UInt32
    }

    private static let maxTagBytes = 4096
    private static let maxDepth = 256
    private static let maxEntityBytes = 32
    private static let voidElements: Set<UInt64> = Set(
        [
            "br", "img", "hr", "meta", "link", "input", "area", "base",
            "col", "embed", "param", "source", "track", "wbr", "basefont", "frame", "keygen",
        ].map { key(Array($0.utf8)) })
    private static let newlineElements: Set<UInt64> = Set(
        [
            "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5",
            "h6", "table", "ul", "ol", "dl", "dt", "dd", "blockquote", "hr", "pre", "section", "article", "header",
            "footer", "title", "center", "address", "form", "tbody", "thead", "tfoot", "caption", "nav", "aside",
            "main", "figure", "figcaption", "fieldset", "legend", "body", "html", "option", "textarea",
        ].map { key(Array($0.utf8)) })
    private static let spaceElements: Set<UInt64> = Set(
        ["td", "th", "img", "button", "input", "select", "label"].map { key(Array($0.utf8)) })
    private static let linkSchemes = ["tel:", "callto:", "sms:", "facetime:", "facetime-audio:"]

    /// Tag names as one integer, so set lookups and end-tag matching hash no arrays.
    static func key(_ name: [UInt8]) -> UInt64 {
        var k: UInt64 = 0
        for (i, b) in name.enumerated() {
            if i < 8 { k |= UInt64(b) << (8 * UInt64(i)) } else { k = (k &* 0x100000001B3) ^ UInt64(b) }
        }
        return k
    }
    private static let keyA = key(Array("a".utf8)), keyArea = key(Array("area".utf8)), keyBr = key(Array("br".utf8))
    private static let keyScript = key(Array("script".utf8)), keyStyle = key(Array("style".utf8))

    private let writer: ViewWriter
    private let anomalies: AnomalyRecorder
    private let sheet: HTMLStyleSheet
    private var inStyle = false
    private var state = State.text
    private var tagBuf: [UInt8] = []
    private var tagQuote: UInt8 = 0
    private var tagLastSignificant: UInt8 = 0
    private var commentDashes = 0
    private var entityBuf: [UInt8] = []
    private var rawTarget: [UInt8] = []
    private var rawMatch = 0
    private var stack: [Element] = []
    private var overflowDepth = 0
    private let scratch = OutputBlock(capacity: 64)

    init(writer: ViewWriter, anomalies: AnomalyRecorder, limits: Limits = .default) {
        self.writer = writer
        self.anomalies = anomalies
        self.sheet = HTMLStyleSheet(maxBytes: limits.maxStyleBytes, maxSelectors: limits.maxStyleSelectors)
        tagBuf.reserveCapacity(256)
    }

    private var topHidden: Bool {
        guard let top = stack.last else { return false }
        return Self.invisible(top)
    }

    private static func invisible(_ e: Element) -> Bool {
        e.hidden || e.zeroFont || e.invisible || HTMLStyle.indistinguishable(e.color, e.background)
    }

    private func emitText(_ bytes: UnsafeRawBufferPointer) {
        if bytes.isEmpty { return }
        if topHidden {
            if !anomalies.seen.contains(.hiddenHTMLText), bytes.contains(where: { !ASCII.isSpace($0) }) {
                anomalies.record(.hiddenHTMLText)
            }
        } else {
            writer.write(.html, bytes)
        }
    }

    private func emitScalar(_ v: UInt32) {
        scratch.appendScalar(v)
        scratch.flush { emitText($0) }
    }

    private func emitLiteral(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { emitText($0) }
    }

    func feed(_ input: UnsafeRawBufferPointer) {
        let n = input.count
        var i = 0
        while i < n {
            switch state {
            case .text:
                var j = i
                while j < n {
                    let b = input[j]
                    if b == UInt8(ascii: "<") || b == UInt8(ascii: "&") { break }
                    j += 1
                }
                emitText(input.slice(i, j))
                if j < n {
                    if input[j] == UInt8(ascii: "<") {
                        state = .tagOpen
                    } else {
                        state = .entity; entityBuf.removeAll(keepingCapacity: true)
                    }
                }
                i = j + 1
                continue
            case .tagOpen:
                let b = input[i]
                if ASCII.isAlpha(b) || b == UInt8(ascii: "/") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") {
                    tagBuf.removeAll(keepingCapacity: true)
                    tagBuf.append(b)
                    tagQuote = 0
                    tagLastSignificant = 0
                    state = .tag
                } else {
                    emitLiteral([UInt8(ascii: "<")])
                    state = .text
                    continue
                }
            case .tag:
                if tagBuf.count < 3 && tagBuf.first == UInt8(ascii: "!") {
                    // Byte by byte until we know whether this is "<!--".
                    let b = input[i]
                    if b == UInt8(ascii: ">") { state = .text; i += 1; continue }
                    tagBuf.append(b)
                    if tagBuf.count == 3 && tagBuf[1] == ASCII.dash && tagBuf[2] == ASCII.dash {
                        state = .comment
                        commentDashes = 2  // "<!-->" and "<!--->" close at once, as in HTML5
                    }
                    i += 1
                    continue
                }
                // Bulk scan to the closing '>' outside quotes, with the state in locals.
                var quote = tagQuote, last = tagLastSignificant
                var j = i
                var closed = false
                while j < n {
                    let b = input[j]
                    if quote != 0 {
                        if b == quote { quote = 0 }
                    } else if b == UInt8(ascii: ">") {
                        closed = true
                        break
                    } else if (b == ASCII.quote || b == UInt8(ascii: "'")) && last == ASCII.equals {
                        quote = b
                    }
                    if !ASCII.isSpace(b) { last = b }
                    j += 1
                }
                let room = ReferenceHTMLTextExtractor.maxTagBytes - tagBuf.count
                if room > 0 { tagBuf.append(contentsOf: input.slice(i, min(j, i + room))) }
                tagQuote = quote
                tagLastSignificant = last
                if closed {
                    state = .text
                    finishTag()
                    i = j + 1
                } else {
                    i = n
                }
                continue
            case .comment:
                guard let gt = input.firstIndex(of: UInt8(ascii: ">"), from: i) else {
                    var k = n
                    while k > i, input[k - 1] == ASCII.dash { k -= 1 }
                    commentDashes = k == i ? commentDashes + (n - i) : n - k
                    i = n
                    continue
                }
                var k = gt
                while k > i, input[k - 1] == ASCII.dash { k -= 1 }
                let dashes = gt - k + (k == i ? commentDashes : 0)
                commentDashes = 0
                if dashes >= 2 { state = .text }
                i = gt + 1
                continue
            case .rawText:
                if rawMatch == 0 {
                    let lt = input.firstIndex(of: UInt8(ascii: "<"), from: i)
                    if inStyle { sheet.feed(input.slice(i, lt ?? n)) }
                    guard let lt else { i = n; continue }
                    i = lt
                }
                let b = ASCII.lower(input[i])
                if b == rawTarget[rawMatch] {
                    rawMatch += 1
                    if rawMatch == rawTarget.count {
                        tagBuf = Array(rawTarget.dropFirst())
                        tagQuote = 0
                        tagLastSignificant = 0
                        state = .tag
                    }
                } else {
                    rawMatch = b == UInt8(ascii: "<") ? 1 : 0
                }
            case .entity:
                let b = input[i]
                if (ASCII.isAlpha(b) || ASCII.isDigit(b) || (b == UInt8(ascii: "#") && entityBuf.isEmpty))
                    && entityBuf.count < ReferenceHTMLTextExtractor.maxEntityBytes
                {
                    entityBuf.append(b)
                } else {
                    state = .text
                    finishEntity(terminatedBySemicolon: b == ASCII.semicolon)
                    if b != ASCII.semicolon { continue }
                }
            }
            i += 1
        }
    }

    func finish() {
        switch state {
        case .tagOpen: emitLiteral([UInt8(ascii: "<")])
        case .entity: finishEntity(terminatedBySemicolon: false)
        default: break
        }
        state = .text
    }

    private func finishEntity(terminatedBySemicolon: Bool) {
        if let v = HTMLEntities.decode(entityBuf[...]) {
            emitScalar(v)
        } else {
            var raw: [UInt8] = [UInt8(ascii: "&")] + entityBuf
            if terminatedBySemicolon { raw.append(ASCII.semicolon) }
            emitLiteral(raw)
        }
    }

    private func separator(for name: UInt64) {
        if ReferenceHTMLTextExtractor.newlineElements.contains(name) {
            emitLiteral([ASCII.lf])
        } else if ReferenceHTMLTextExtractor.spaceElements.contains(name) {
            emitLiteral([ASCII.space])
        }
    }

    private func finishTag() {
        guard let first = tagBuf.first else { return }
        if first == UInt8(ascii: "!") || first == UInt8(ascii: "?") { return }
        if first == UInt8(ascii: "/") {
            let name = ReferenceHTMLTextExtractor.key(tagName(from: 1))
            if overflowDepth > 0 { overflowDepth -= 1; return }
            // A hidden block takes no room on the page: no line break where it ends.
            var hidden = topHidden
            if let idx = stack.lastIndex(where: { $0.name == name }) {
                hidden = Self.invisible(stack[idx])
                stack.removeSubrange(idx...)
            }
            if name != ReferenceHTMLTextExtractor.keyBr && !hidden { separator(for: name) }
            return
        }
        let nameBytes = tagName(from: 0)
        if nameBytes.isEmpty { return }
        let name = ReferenceHTMLTextExtractor.key(nameBytes)
        let attrs = attributes(afterName: nameBytes.count)
        let selfClosing = tagBuf.last == UInt8(ascii: "/")

        if let href = attrs.href, name == ReferenceHTMLTextExtractor.keyA || name == ReferenceHTMLTextExtractor.keyArea {
            emitLink(href)
        }
        if name == ReferenceHTMLTextExtractor.keyScript || name == ReferenceHTMLTextExtractor.keyStyle {
            inStyle = name == ReferenceHTMLTextExtractor.keyStyle
            if inStyle { sheet.beginBlock() }
            if !selfClosing {
                rawTarget = Array("</".utf8) + nameBytes
                rawMatch = 0
                state = .rawText
            }
            return
        }
        let parent =
            stack.last
            ?? Element(
                name: 0, hidden: false, zeroFont: false, invisible: false,
                color: 0x000000, background: 0xFFFFFF)
        var style = attrs.style.map { HTMLStyle.parse(css: $0) } ?? HTMLStyle()
        if !sheet.isEmpty, let fromSheet = sheet.style(element: name, classes: attrs.classes, id: attrs.id) {
            style = fromSheet.overridden(by: style)  // the inline style wins over the sheet
        }
        if attrs.hiddenAttribute { style.hidden = true }
        let element = Element(
            name: name,
            hidden: parent.hidden || style.hidden,
            zeroFont: style.zeroFont ?? parent.zeroFont,
            invisible: style.invisible ?? parent.invisible,
            color: style.color ?? attrs.color ?? parent.color,
            background: style.background ?? attrs.background ?? parent.background)
        if !Self.invisible(element) { separator(for: name) }
        if ReferenceHTMLTextExtractor.voidElements.contains(name) || selfClosing { return }
        if stack.count < ReferenceHTMLTextExtractor.maxDepth {
            stack.append(element)
        } else {
            overflowDepth += 1
        }
    }

    private func tagName(from start: Int) -> [UInt8] {
        var name: [UInt8] = []
        var i = start
        while i < tagBuf.count {
            let b = tagBuf[i]
            if ASCII.isAlpha(b) || ASCII.isDigit(b) || b == ASCII.dash || b == UInt8(ascii: ":") {
                name.append(ASCII.lower(b))
            } else {
                break
            }
            i += 1
        }
        return name
    }

    private struct Attributes {
        var style: String?
        var href: [UInt8]?
        var color: UInt32?
        var background: UInt32?
        var hiddenAttribute = false
        var classes: [UInt64] = []
        var id: UInt64?
    }

    /// Reads the few attributes that matter: style, href, color/text, bgcolor, hidden, and
    /// class/id once a style sheet has rules to match them against.
    /// Names and values stay ranges of `tagBuf` until a name the extractor reads: copying
    /// every value out a byte at a time was 10 M instructions of the profile sample.
    private func attributes(afterName start: Int) -> Attributes {
        var a = Attributes()
        var i = start
        let n = tagBuf.count
        while i < n {
            while i < n, ASCII.isSpace(tagBuf[i]) || tagBuf[i] == UInt8(ascii: "/") { i += 1 }
            let nameStart = i
            while i < n, !ASCII.isSpace(tagBuf[i]), tagBuf[i] != ASCII.equals, tagBuf[i] != UInt8(ascii: "/") { i += 1 }
            let name = nameStart..<i
            while i < n, ASCII.isSpace(tagBuf[i]) { i += 1 }
            var valueRange = i..<i
            if i < n, tagBuf[i] == ASCII.equals {
                i += 1
                while i < n, ASCII.isSpace(tagBuf[i]) { i += 1 }
                let quoted = i < n && (tagBuf[i] == ASCII.quote || tagBuf[i] == UInt8(ascii: "'"))
                let q = quoted ? tagBuf[i] : 0
                if quoted { i += 1 }
                let from = i
                while i < n, quoted ? tagBuf[i] != q : !ASCII.isSpace(tagBuf[i]) { i += 1 }
                valueRange = from..<i
                if quoted { i += 1 }
            }
            if name.isEmpty { i += 1; continue }
            guard let kind = HTMLAttributeName(tagBuf[name]) else { continue }
            let value = Array(tagBuf[valueRange])
            switch kind {
            case .style: a.style = HTMLEntities.decodeAll(value).lowercased()
            case .href: a.href = value
            case .color: a.color = HTMLStyle.parseColor(String(decoding: value, as: UTF8.self))
            case .background: a.background = HTMLStyle.parseColor(String(decoding: value, as: UTF8.self))
            case .hidden: a.hiddenAttribute = true
            case .className where !sheet.isEmpty:
                a.classes = value.split(whereSeparator: ASCII.isSpace).prefix(16).map { HTMLStyleSheet.nameHash($0) }
            case .id where !sheet.isEmpty: a.id = HTMLStyleSheet.nameHash(value)
            default: break
            }
        }
        return a
    }

    /// tel:/callto:/sms: targets are the one place a phone number needs no visible text at all.
    private func emitLink(_ raw: [UInt8]) {
        let decoded = HTMLEntities.decodeAll(raw).trimmingCharacters()
        let lower = decoded.lowercased()
        guard ReferenceHTMLTextExtractor.linkSchemes.contains(where: { lower.hasPrefix($0) }) else { return }
        let target = TelLink.dialString(PercentDecoding.decode(decoded))
        writer.close()
        writer.write(.link, target)
        writer.close()  // the next text run reopens its own view
    }
}
