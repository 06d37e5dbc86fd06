import HooklineCore

/// Streaming HTML → text. State survives chunk boundaries (a tag, comment or
/// entity may be cut anywhere), memory is bounded (tag bytes, entity bytes and
/// the element stack are capped), and text runs go to the sink uncopied.
/// Inline tags vanish so "8<span>6</span>4" reads "864"; block tags become a
/// newline (table cells a space) so words in different blocks do not fuse.
///
/// Text hidden by CSS (inline or through the part's `<style>` blocks) is not text the
/// reader sees: it is dropped, leaving only the `hidden-html-text` anomaly, and it does
/// not end the visible run, so junk hidden between digits leaves the digits joined.
final class HTMLTextExtractor {
    private enum State { case text, tagOpen, tag, comment, rawText, entity }

    private struct Element {
        var name: UInt64
        var hidden: Bool
        var zeroFont: Bool
        var invisible: Bool
        var color: UInt32
        var background: UInt32
        /// ``invisible(_:)`` of the fields above, worked out once when the element opens:
        /// every text run asks it of the top of the stack.
        var concealed = false
    }

    private static let maxTagBytes = 4096
    private static let maxDepth = 256
    private static let maxEntityBytes = 32
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
    private static let scriptEnd = Array("</script".utf8), styleEnd = Array("</style".utf8)

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
    /// A style attribute's value lowercased, reused from tag to tag.
    private var styleBytes: [UInt8] = []

    init(writer: ViewWriter, anomalies: AnomalyRecorder, limits: Limits = .default) {
        self.writer = writer
        self.anomalies = anomalies
        self.sheet = HTMLStyleSheet(maxBytes: limits.maxStyleBytes, maxSelectors: limits.maxStyleSelectors)
        tagBuf.reserveCapacity(256)
    }

    private var topHidden: Bool {
        stack.last?.concealed ?? false
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

    /// One byte of text (a tag's line break or space, a lone "<"), without an array for it.
    private func emitByte(_ byte: UInt8) {
        var b = byte
        withUnsafeBytes(of: &b) { emitText($0) }
    }

    func feed(_ input: UnsafeRawBufferPointer) {
        let n = input.count
        var i = 0
        while i < n {
            switch state {
            case .text:
                let j = MarkupScan.first(UInt8(ascii: "<"), UInt8(ascii: "&"), in: input, from: i)
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
                    emitByte(UInt8(ascii: "<"))
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
                // Bulk scan to the closing '>' outside quotes, with the state in locals. A quote
                // opens a value only right after "=" (blanks aside), so `last` is the last
                // non-blank byte; it is only read at a quote, so it is found there, looking back.
                var quote = tagQuote, last = tagLastSignificant
                var j = i
                var closed = false
                while j < n {
                    if quote != 0 {
                        guard let q = input.firstIndex(of: quote, from: j) else {
                            last = Self.lastNonBlank(input, j, n) ?? last
                            j = n
                            break
                        }
                        quote = 0
                        last = input[q]
                        j = q + 1
                        continue
                    }
                    let k = MarkupScan.first(UInt8(ascii: ">"), ASCII.quote, UInt8(ascii: "'"), in: input, from: j)
                    last = Self.lastNonBlank(input, j, k) ?? last
                    j = k
                    if k == n { break }
                    let b = input[k]
                    if b == UInt8(ascii: ">") {
                        closed = true
                        break
                    }
                    if last == ASCII.equals { quote = b }
                    last = b
                    j = k + 1
                }
                let room = HTMLTextExtractor.maxTagBytes - tagBuf.count
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
                        tagBuf.removeAll(keepingCapacity: true)
                        tagBuf.append(contentsOf: rawTarget[1...])
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
                    && entityBuf.count < HTMLTextExtractor.maxEntityBytes
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

    /// The last byte of `input[from..<to]` that is no ASCII blank.
    @inline(__always)
    private static func lastNonBlank(_ input: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> UInt8? {
        var k = to
        while k > from {
            k -= 1
            if !ASCII.isSpace(input[k]) { return input[k] }
        }
        return nil
    }

    func finish() {
        switch state {
        case .tagOpen: emitByte(UInt8(ascii: "<"))
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

    private func separator(for kind: HTMLElementKind) {
        if kind.contains(.newline) {
            emitByte(ASCII.lf)
        } else if kind.contains(.space) {
            emitByte(ASCII.space)
        }
    }

    private func finishTag() {
        guard let first = tagBuf.first else { return }
        if first == UInt8(ascii: "!") || first == UInt8(ascii: "?") { return }
        if first == UInt8(ascii: "/") {
            let name = tagNameKey(from: 1).key
            if overflowDepth > 0 { overflowDepth -= 1; return }
            // A hidden block takes no room on the page: no line break where it ends.
            var hidden = topHidden
            if let idx = stack.lastIndex(where: { $0.name == name }) {
                hidden = stack[idx].concealed
                stack.removeSubrange(idx...)
            }
            if name != HTMLTextExtractor.keyBr && !hidden { separator(for: HTMLElementKind.of(name)) }
            return
        }
        let (name, nameLength) = tagNameKey(from: 0)
        if nameLength == 0 { return }
        let attrs = attributes(afterName: nameLength)
        let selfClosing = tagBuf.last == UInt8(ascii: "/")

        if let href = attrs.href, name == HTMLTextExtractor.keyA || name == HTMLTextExtractor.keyArea {
            emitLink(href)
        }
        if name == HTMLTextExtractor.keyScript || name == HTMLTextExtractor.keyStyle {
            inStyle = name == HTMLTextExtractor.keyStyle
            if inStyle { sheet.beginBlock() }
            if !selfClosing {
                rawTarget = inStyle ? Self.styleEnd : Self.scriptEnd
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
        var style = attrs.style.map { styleAttribute($0) } ?? HTMLStyle()
        if !sheet.isEmpty, let fromSheet = sheet.style(element: name, classes: attrs.classes, id: attrs.id) {
            style = fromSheet.overridden(by: style)  // the inline style wins over the sheet
        }
        if attrs.hiddenAttribute { style.hidden = true }
        var element = Element(
            name: name,
            hidden: parent.hidden || style.hidden,
            zeroFont: style.zeroFont ?? parent.zeroFont,
            invisible: style.invisible ?? parent.invisible,
            color: style.color ?? attrs.color ?? parent.color,
            background: style.background ?? attrs.background ?? parent.background)
        element.concealed = Self.invisible(element)
        let kind = HTMLElementKind.of(name)
        if !element.concealed { separator(for: kind) }
        if kind.contains(.void) || selfClosing { return }
        if stack.count < HTMLTextExtractor.maxDepth {
            stack.append(element)
        } else {
            overflowDepth += 1
        }
    }

    /// The key (``key(_:)``) of the tag name starting at `start`, lowercased, and its length:
    /// computed on `tagBuf` in place, no array per tag.
    private func tagNameKey(from start: Int) -> (key: UInt64, length: Int) {
        tagBuf.withUnsafeBufferPointer { Self.tagNameKey(in: $0, from: start) }
    }

    private static func tagNameKey(in tagBuf: UnsafeBufferPointer<UInt8>, from start: Int) -> (key: UInt64, length: Int) {
        var k: UInt64 = 0
        var i = start
        let n = tagBuf.count
        while i < n {
            let b = tagBuf[i]
            guard ASCII.isAlpha(b) || ASCII.isDigit(b) || b == ASCII.dash || b == UInt8(ascii: ":") else { break }
            let at = i - start
            if at < 8 { k |= UInt64(ASCII.lower(b)) << (8 * UInt64(at)) } else { k = (k &* 0x100000001B3) ^ UInt64(ASCII.lower(b)) }
            i += 1
        }
        return (k, i - start)
    }

    /// An inline style: parsed from `tagBuf`, lowercased in a reused buffer, when it is ASCII
    /// without "&" (all but a few); else entity-decoded and lowercased as Unicode.
    private func styleAttribute(_ range: Range<Int>) -> HTMLStyle {
        styleBytes.removeAll(keepingCapacity: true)
        styleBytes.append(contentsOf: tagBuf[range])
        let plain = styleBytes.withUnsafeMutableBufferPointer { buf -> HTMLStyle? in
            for k in buf.indices {
                let b = buf[k]
                if b >= 0x80 || b == UInt8(ascii: "&") { return nil }
                buf[k] = ASCII.lower(b)
            }
            return HTMLStyle.parse(bytes: UnsafeRawBufferPointer(buf))
        }
        if let plain { return plain }
        return HTMLStyle.parse(css: HTMLEntities.decodeAll(Array(tagBuf[range])).lowercased())
    }

    private struct Attributes {
        /// Ranges of `tagBuf`, read once the tag needs them.
        var style: Range<Int>?
        var href: Range<Int>?
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
        let sheetEmpty = sheet.isEmpty
        return tagBuf.withUnsafeBufferPointer { Self.attributes(in: $0, afterName: start, sheetEmpty: sheetEmpty) }
    }

    private static func attributes(
        in tagBuf: UnsafeBufferPointer<UInt8>, afterName start: Int, sheetEmpty: Bool
    ) -> Attributes {
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
            let value = tagBuf[valueRange]
            switch kind {
            case .style: a.style = valueRange
            case .href: a.href = valueRange
            case .color: a.color = HTMLStyle.parseColor(bytes: value)
            case .background: a.background = HTMLStyle.parseColor(bytes: value)
            case .hidden: a.hiddenAttribute = true
            case .className where !sheetEmpty:
                a.classes = value.split(whereSeparator: ASCII.isSpace).prefix(16).map { HTMLStyleSheet.nameHash($0) }
            case .id where !sheetEmpty: a.id = HTMLStyleSheet.nameHash(value)
            default: break
            }
        }
        return a
    }

    /// tel:/callto:/sms: targets are the one place a phone number needs no visible text at all.
    private func emitLink(_ range: Range<Int>) {
        guard Self.mayBeDialLink(tagBuf[range]), let target = Self.dialTarget(Array(tagBuf[range])) else { return }
        writer.close()
        writer.write(.link, target)
        writer.close()  // the next text run reopens its own view
    }

    /// The dial string of an href that names a dial scheme, else nil.
    static func dialTarget(_ raw: [UInt8]) -> String? {
        let decoded = HTMLEntities.decodeAll(raw).trimmingCharacters()
        let lower = decoded.lowercased()
        guard HTMLTextExtractor.linkSchemes.contains(where: { lower.hasPrefix($0) }) else { return nil }
        return TelLink.dialString(PercentDecoding.decode(decoded))
    }

    /// False when the value cannot name a dial scheme once decoded, trimmed and lowercased:
    /// its first byte after ASCII blanks is ASCII, no "&", and no scheme's first letter. So
    /// http:, https:, mailto: and "#" links (nearly all) are never decoded into Strings.
    /// A reference or a non-ASCII first byte goes the whole way.
    static func mayBeDialLink(_ raw: ArraySlice<UInt8>) -> Bool {
        guard let first = raw.first(where: { !ASCII.isSpace($0) }) else { return false }
        if first >= 0x80 || first == UInt8(ascii: "&") { return true }
        switch ASCII.lower(first) {
        case UInt8(ascii: "t"), UInt8(ascii: "c"), UInt8(ascii: "s"), UInt8(ascii: "f"): return true
        default: return false
        }
    }
}
