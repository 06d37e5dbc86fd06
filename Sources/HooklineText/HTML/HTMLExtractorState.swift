import HooklineCore

/// What ``HTMLTextExtractor`` changes as a part's HTML streams in, and the work on it.
///
/// A struct so that the extractor reaches all of it through one property: in the class,
/// each stored property a tag, entity or text run touched (the state, the tag buffer, its
/// quote, the element stack, ...) was a run-time exclusivity check of its own, ~50 k
/// instructions a message. The steps, their order and the sink calls they make are the
/// class's as they were (`HTMLExtractorReferenceTests` holds them to the old extractor).
struct HTMLExtractorState {
    private enum Mode { case text, tagOpen, tag, comment, rawText, entity }

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

    /// The keys (``HTMLTextExtractor/key(_:)``) of the names finishTag asks about, as
    /// literals: computed from arrays, each read of one was a `swift_once` call, three a
    /// tag (`HTMLFastPathTests` checks them against `key`).
    static let keyA: UInt64 = 0x61  // a
    static let keyArea: UInt64 = 0x6165_7261  // area
    static let keyBr: UInt64 = 0x7262  // br
    static let keyScript: UInt64 = 0x7470_6972_6373  // script
    static let keyStyle: UInt64 = 0x65_6C79_7473  // style
    private static let scriptEnd = Array("</script".utf8), styleEnd = Array("</style".utf8)

    private let writer: ViewWriter
    private let anomalies: AnomalyRecorder
    private let sheet: HTMLStyleSheet
    private var inStyle = false
    private var mode = Mode.text
    private var tagBuf: [UInt8] = []
    private var tagQuote: UInt8 = 0
    private var tagLastSignificant: UInt8 = 0
    private var commentDashes = 0
    private var entityBuf: [UInt8] = []
    private var rawTarget: [UInt8] = []
    private var rawMatch = 0
    private var stack: [Element] = []
    private var overflowDepth = 0
    private var styleMemo = HTMLStyleMemo.checkOut()
    /// `hidden-html-text` is known to be recorded (by this part or an earlier one): hidden
    /// text need not be looked at again. Anomalies are never taken back.
    private var hiddenRecorded = false
    /// Visible text not yet handed to the writer: the runs between tags, their separators and
    /// decoded references, gathered and written as one call when the feed ends (or the buffer
    /// fills, or a link or an anomaly must come after them). Each call downstream pays the
    /// normaliser, the phone, spelled-number and region scanners and Vectorscan once; a
    /// message's HTML made ~110 of them, most a few bytes. The analyzer's findings do not
    /// depend on where its calls end (`ChunkSplitTests`), only on the bytes and views.
    /// ``pendingBytes`` long from the start; the first `pendingCount` bytes are the text.
    /// Copied into by hand: `append(contentsOf:)` of each run cost more than the copy.
    private var pending: [UInt8]
    private var pendingCount = 0
    private static let pendingBytes = 4096

    init(writer: ViewWriter, anomalies: AnomalyRecorder, sheet: HTMLStyleSheet) {
        self.writer = writer
        self.anomalies = anomalies
        self.sheet = sheet
        tagBuf.reserveCapacity(256)
        // Deep enough for nearly every part: grown from empty, the stack was reallocated
        // ~4 times a message (~1.5 k instructions).
        stack.reserveCapacity(32)
        // Not zeroed: only the first `pendingCount` bytes, written first, are ever read.
        pending = [UInt8](unsafeUninitializedCapacity: Self.pendingBytes) { _, count in count = Self.pendingBytes }
    }

    private var topHidden: Bool {
        stack.last?.concealed ?? false
    }

    private static func invisible(_ e: Element) -> Bool {
        e.hidden || e.zeroFont || e.invisible || HTMLStyle.indistinguishable(e.color, e.background)
    }

    private mutating func emitText(_ bytes: UnsafeRawBufferPointer) {
        if bytes.isEmpty { return }
        if topHidden {
            if hiddenRecorded { return }
            if anomalies.seen.contains(.hiddenHTMLText) {
                hiddenRecorded = true
            } else if bytes.contains(where: { !ASCII.isSpace($0) }) {
                flushPending()
                anomalies.record(.hiddenHTMLText)
                hiddenRecorded = true
            }
        } else {
            if pendingCount + bytes.count > Self.pendingBytes {
                flushPending()
                if bytes.count >= Self.pendingBytes {
                    writer.write(.html, bytes)
                    return
                }
            }
            let at = pendingCount
            pending.withUnsafeMutableBytes {
                UnsafeMutableRawBufferPointer(rebasing: $0[at..<at + bytes.count]).copyMemory(from: bytes)
            }
            pendingCount = at + bytes.count
        }
    }

    /// Writes the gathered visible text (``pending``) as one call.
    private mutating func flushPending() {
        if pendingCount == 0 { return }
        let count = pendingCount
        pendingCount = 0
        pending.withUnsafeBytes { writer.write(.html, UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }

    /// A decoded reference as UTF-8 (what `OutputBlock.appendScalar` writes), from the stack.
    private mutating func emitScalar(_ v: UInt32) {
        var word: UInt32
        let count: Int
        if v < 0x80 {
            word = v
            count = 1
        } else if v < 0x800 {
            word = (0xC0 | (v >> 6)) | (0x80 | (v & 0x3F)) << 8
            count = 2
        } else if v < 0x10000 {
            word = (0xE0 | (v >> 12)) | (0x80 | ((v >> 6) & 0x3F)) << 8 | (0x80 | (v & 0x3F)) << 16
            count = 3
        } else {
            word =
                (0xF0 | (v >> 18)) | (0x80 | ((v >> 12) & 0x3F)) << 8 | (0x80 | ((v >> 6) & 0x3F)) << 16
                | (0x80 | (v & 0x3F)) << 24
            count = 4
        }
        word = UInt32(littleEndian: word)
        withUnsafeBytes(of: &word) { emitText(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }

    /// One byte of text (a tag's line break or space, a lone "<"), without an array for it.
    /// Visible, with room left, it is stored in ``pending`` at once: what ``emitText`` does
    /// with one byte, without its copy call (a separator for ~56 tags a message).
    private mutating func emitByte(_ byte: UInt8) {
        let at = pendingCount
        if at < Self.pendingBytes && !topHidden {
            pending.withUnsafeMutableBufferPointer { $0.baseAddress?[at] = byte }
            pendingCount = at + 1
            return
        }
        var b = byte
        withUnsafeBytes(of: &b) { emitText($0) }
    }

    mutating func feed(_ input: UnsafeRawBufferPointer) {
        let n = input.count
        var i = 0
        while i < n {
            switch mode {
            case .text:
                let j = MarkupScan.first(UInt8(ascii: "<"), UInt8(ascii: "&"), in: input, from: i)
                if j > i { emitText(input.slice(i, j)) }  // none between adjacent tags
                if j < n {
                    if input[j] == UInt8(ascii: "<") {
                        // A tag whose first byte is here goes straight to its body: what
                        // `.tagOpen` then `.tag` would do with it (neither reads the "!" of a
                        // comment here), without two turns of this loop and a write of the
                        // byte into `tagBuf` that a tag read in place never looks at.
                        if j &+ 1 < n, Self.opensTagBody(input[j &+ 1]) {
                            mode = .tag
                            tagQuote = 0
                            tagLastSignificant = 0
                            i = tagBody(input, from: j &+ 2, fresh: true)
                            continue
                        }
                        mode = .tagOpen
                    } else {
                        mode = .entity
                        entityBuf.removeAll(keepingCapacity: true)
                    }
                }
                i = j + 1
                continue
            case .tagOpen:
                let b = input[i]
                if ASCII.isAlpha(b) || b == UInt8(ascii: "/") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") {
                    if tagBuf.count == 1 {
                        tagBuf[0] = b  // as a tag read in place left it: no removeAll and append
                    } else {
                        tagBuf.removeAll(keepingCapacity: true)
                        tagBuf.append(b)
                    }
                    tagQuote = 0
                    tagLastSignificant = 0
                    mode = .tag
                } else {
                    emitByte(UInt8(ascii: "<"))
                    mode = .text
                    continue
                }
            case .tag:
                if tagBuf.count < 3 && tagBuf.first == UInt8(ascii: "!") {
                    // Byte by byte until we know whether this is "<!--".
                    let b = input[i]
                    if b == UInt8(ascii: ">") { mode = .text; i += 1; continue }
                    tagBuf.append(b)
                    if tagBuf.count == 3 && tagBuf[1] == ASCII.dash && tagBuf[2] == ASCII.dash {
                        mode = .comment
                        commentDashes = 2  // "<!-->" and "<!--->" close at once, as in HTML5
                    }
                    i += 1
                    continue
                }
                i = tagBody(input, from: i, fresh: false)
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
                if dashes >= 2 { mode = .text }
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
                        mode = .tag
                    }
                } else {
                    rawMatch = b == UInt8(ascii: "<") ? 1 : 0
                }
            case .entity:
                i = entityBody(input, from: i)
                continue
            }
            i += 1
        }
        flushPending()
    }

    /// A tag's bytes from `i` to its closing ">" outside quotes, or to the end of `input`:
    /// scanned in bulk with the quote state in locals. A quote opens a value only right
    /// after "=" (blanks aside), so `last` is the last non-blank byte; it is only read at a
    /// quote, so it is found there, looking back. Returns where to go on.
    ///
    /// `fresh`: the tag's first byte is `input[i - 1]`, just read from the text state, and
    /// `tagBuf` has not been given it yet (it is, if the tag goes on past this input).
    private mutating func tagBody(_ input: UnsafeRawBufferPointer, from i: Int, fresh: Bool) -> Int {
        let n = input.count
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
        tagQuote = quote
        tagLastSignificant = last
        // The whole tag in this input, its first byte just before `i` (the one `.tagOpen`
        // kept): read where it is, without copying it into `tagBuf`.
        if closed && j - (i - 1) <= Self.maxTagBytes
            && (fresh || (tagBuf.count == 1 && i >= 1 && input[i - 1] == tagBuf[0]))
        {
            mode = .text
            let bytes = input.slice(i - 1, j)
            finishTag(bytes.bindMemory(to: UInt8.self))
            return j + 1
        }
        if fresh {
            tagBuf.removeAll(keepingCapacity: true)
            tagBuf.append(input[i - 1])
        }
        let room = Self.maxTagBytes - tagBuf.count
        if room > 0 { tagBuf.append(contentsOf: input.slice(i, min(j, i + room))) }
        guard closed else { return n }
        mode = .text
        // Lent to finishTag for the call (which never changes it), so self can be mutated.
        var tag: [UInt8] = []
        swap(&tag, &tagBuf)
        tag.withUnsafeBufferPointer { finishTag($0) }
        swap(&tag, &tagBuf)
        return j + 1
    }

    /// A reference's name or number from `i`: letters and digits ("#" first), at most
    /// ``maxEntityBytes``, taken as one run. The byte that ends it ends the reference;
    /// a ";" is eaten, anything else is read again as text. Returns where to go on.
    private mutating func entityBody(_ input: UnsafeRawBufferPointer, from i: Int) -> Int {
        let n = input.count
        var j = i
        var count = entityBuf.count
        while j < n && count < Self.maxEntityBytes {
            let b = input[j]
            guard ASCII.isAlpha(b) || ASCII.isDigit(b) || (b == UInt8(ascii: "#") && count == 0) else { break }
            j += 1
            count += 1
        }
        if j > i { entityBuf.append(contentsOf: input.slice(i, j)) }
        guard j < n else { return n }
        let b = input[j]
        mode = .text
        finishEntity(terminatedBySemicolon: b == ASCII.semicolon)
        return b == ASCII.semicolon ? j + 1 : j
    }

    /// A byte after "<" that `.tagOpen` hands to `tagBody` as it is: a letter, "/" or "?"
    /// ("!" may open a comment, read a byte at a time; anything else is text).
    @inline(__always)
    private static func opensTagBody(_ b: UInt8) -> Bool {
        ASCII.isAlpha(b) || b == UInt8(ascii: "/") || b == UInt8(ascii: "?")
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

    /// The style memo, handed back to the pool when the part is done.
    mutating func returnStyleMemo() {
        HTMLStyleMemo.checkIn(styleMemo)
        styleMemo = HTMLStyleMemo()
    }

    mutating func finish() {
        switch mode {
        case .tagOpen: emitByte(UInt8(ascii: "<"))
        case .entity: finishEntity(terminatedBySemicolon: false)
        default: break
        }
        flushPending()
        mode = .text
    }

    private mutating func finishEntity(terminatedBySemicolon: Bool) {
        if let v = HTMLEntities.decode(entityBuf[...]) {
            emitScalar(v)
        } else {
            var raw: [UInt8] = [UInt8(ascii: "&")] + entityBuf
            if terminatedBySemicolon { raw.append(ASCII.semicolon) }
            raw.withUnsafeBytes { emitText($0) }
        }
    }

    private mutating func separator(for kind: HTMLElementKind) {
        if kind.contains(.newline) {
            emitByte(ASCII.lf)
        } else if kind.contains(.space) {
            emitByte(ASCII.space)
        }
    }

    /// A complete tag's bytes (from the byte after "<" to the one before ">", at most
    /// ``maxTagBytes``): an end tag closes its element, a start tag opens one.
    private mutating func finishTag(_ tag: UnsafeBufferPointer<UInt8>) {
        guard let first = tag.first else { return }
        if first == UInt8(ascii: "!") || first == UInt8(ascii: "?") { return }
        if first == UInt8(ascii: "/") {
            let name = HTMLTagBytes.nameKey(in: tag, from: 1).key
            if overflowDepth > 0 { overflowDepth -= 1; return }
            // A hidden block takes no room on the page: no line break where it ends.
            var hidden = topHidden
            if let idx = stack.lastIndex(where: { $0.name == name }) {
                hidden = stack[idx].concealed
                // What `removeSubrange(idx...)` did, one element at a time (nearly always one):
                // the generic replace it went through was ~2 k instructions a message.
                while stack.count > idx { stack.removeLast() }
            }
            if name != Self.keyBr && !hidden { separator(for: HTMLElementKind.of(name)) }
            return
        }
        let (name, nameLength) = HTMLTagBytes.nameKey(in: tag, from: 0)
        if nameLength == 0 { return }
        let selfClosing = tag.last == UInt8(ascii: "/")
        let kind = HTMLElementKind.of(name)
        if Self.attributesUnread(name: name, kind: kind, selfClosing: selfClosing) { return }
        let sheetEmpty = sheet.isEmpty
        let attrs = HTMLTagBytes.attributes(in: tag, afterName: nameLength, sheetEmpty: sheetEmpty)

        if let href = attrs.href, name == Self.keyA || name == Self.keyArea {
            emitLink(tag[href])
        }
        if name == Self.keyScript || name == Self.keyStyle {
            inStyle = name == Self.keyStyle
            if inStyle { sheet.beginBlock() }
            if !selfClosing {
                rawTarget = inStyle ? Self.styleEnd : Self.scriptEnd
                rawMatch = 0
                mode = .rawText
            }
            return
        }
        let parent =
            stack.last
            ?? Element(
                name: 0, hidden: false, zeroFont: false, invisible: false,
                color: 0x000000, background: 0xFFFFFF)
        var style = attrs.style.map { styleAttribute(tag[$0]) } ?? HTMLStyle()
        if !sheetEmpty,
            let fromSheet = sheet.style(
                element: name, classes: attrs.classValue.map { HTMLTagBytes.classHashes(tag[$0]) } ?? [], id: attrs.id)
        {
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
        if !element.concealed { separator(for: kind) }
        if kind.contains(.void) || selfClosing { return }
        if stack.count < Self.maxDepth {
            stack.append(element)
        } else {
            overflowDepth += 1
        }
    }

    /// A start tag that leaves nothing behind whatever its attributes say: no link (not
    /// "a" or "area"), no raw text ("script", "style"), no separator for its kind, and no
    /// element on the stack (void, or closed by "/"). Its attributes would only decide
    /// whether a separator it does not have is written (meta, link, col, wbr, ...), so
    /// they are not read. The style memo is a cache: skipping it changes no answer.
    @inline(__always)
    private static func attributesUnread(name: UInt64, kind: HTMLElementKind, selfClosing: Bool) -> Bool {
        kind.isDisjoint(with: [.newline, .space]) && (kind.contains(.void) || selfClosing)
            && name != keyA && name != keyArea && name != keyScript && name != keyStyle
    }

    /// An inline style: the answer kept for the same bytes earlier in the part
    /// (``HTMLStyleMemo``), else parsed and kept.
    private mutating func styleAttribute(_ value: Slice<UnsafeBufferPointer<UInt8>>) -> HTMLStyle {
        let raw = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: value))
        if let known = styleMemo.style(for: raw) { return known }
        let style = HTMLStyle.inline(raw)
        styleMemo.keep(raw, style)
        return style
    }

    /// tel:/callto:/sms: targets are the one place a phone number needs no visible text at all.
    private mutating func emitLink(_ value: Slice<UnsafeBufferPointer<UInt8>>) {
        guard HTMLTextExtractor.mayBeDialLink(value), let target = HTMLTextExtractor.dialTarget(Array(value)) else { return }
        flushPending()
        writer.close()
        writer.write(.link, target)
        writer.close()  // the next text run reopens its own view
    }
}
