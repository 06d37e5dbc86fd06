import HooklineCore

/// Push MIME parser: body bytes in any chunking → decoded text into a `TextSink`.
///
/// It is a state machine over bytes that keeps at most one bounded partial line
/// (a part header, or a line starting with "-" that may be a boundary), so memory
/// per message is bounded whatever the body. Non-text parts are skipped by
/// jumping from newline to newline with memchr and looking only at lines that
/// start with "-". Malformed structure becomes an ``Anomaly``, never an error.
public final class MIMEParser {
    public var anomalies: Set<Anomaly> { recorder.seen }
    /// Image parts kept for OCR at the end of the message (empty when OCR is off).
    public var images: [CollectedImage] { imageStore.images }
    public private(set) var partCount: Int {
        get { st.pointee.partCount }
        set { st.pointee.partCount = newValue }
    }
    /// False once nothing later in the body can add text (limits hit, or only attachment bytes remain).
    public private(set) var wantsMoreBody: Bool {
        get { st.pointee.wantsMoreBody }
        set { st.pointee.wantsMoreBody = newValue }
    }
    /// Body bytes read (part headers, text and image parts), against
    /// ``Limits/maxBodyBytes``; bytes skipped inside other parts are not counted.
    public private(set) var readBytes: Int {
        get { st.pointee.readBytes }
        set { st.pointee.readBytes = newValue }
    }
    /// True once ``readBytes`` reached ``Limits/maxBodyBytes``: nothing more is read.
    public private(set) var readLimitReached: Bool {
        get { st.pointee.readLimitReached }
        set { st.pointee.readLimitReached = newValue }
    }

    struct Boundary {
        var delimiter: [UInt8]  // "--" + boundary
        var depth: Int
        var digest: Bool
    }

    struct PartHeaders {
        var contentType: String?
        var transferEncoding: String?
        var disposition: String?
        var subject: String?
        var count = 0
        var field: [UInt8] = []
    }

    enum Mode {
        case headers
        case text(TextPartDecoder)
        case image(ImageCollector)
        case ignore
    }

    /// Longest line still considered a boundary: 70 characters of boundary, "--" twice, and padding.
    private static let maxBoundaryLine = 1024

    private let sink: TextSink
    let limits: Limits
    let recorder: AnomalyRecorder
    private let writer: ViewWriter
    private let imageStore = ImageStore()
    private var top = PartHeaders()

    /// The body parser's state, reached through a pointer: as stored properties of this
    /// class every line, boundary and chunk read and wrote them through dynamic exclusivity
    /// checks (~50 begin/end pairs a message of the mix, ~100 Ir a pair). The names below
    /// forward to it (`_modify` yields in place, so appending to `lineBuf` or `part.field`
    /// never copies), which keeps the code that uses them, here and in
    /// MIMEParser+PartHeaders, as it was.
    struct State {
        var part = PartHeaders()
        var partDepth = 0
        var partIsMessage = false
        var partDefaultType = "text/plain"
        var mode = Mode.headers
        var startedBody = false
        var finished = false
        var boundaries: [Boundary] = []
        var lineBuf: [UInt8] = []
        var midLine = false
        var partCount = 0
        var wantsMoreBody = true
        var readBytes = 0
        var readLimitReached = false
    }
    private let st: UnsafeMutablePointer<State>

    var part: PartHeaders {
        get { st.pointee.part }
        _modify { yield &st.pointee.part }
    }
    private var partDepth: Int {
        get { st.pointee.partDepth }
        set { st.pointee.partDepth = newValue }
    }
    var partIsMessage: Bool {
        get { st.pointee.partIsMessage }
        set { st.pointee.partIsMessage = newValue }
    }
    private var partDefaultType: String {
        get { st.pointee.partDefaultType }
        _modify { yield &st.pointee.partDefaultType }
    }
    var mode: Mode {
        get { st.pointee.mode }
        _modify { yield &st.pointee.mode }
    }
    private var startedBody: Bool {
        get { st.pointee.startedBody }
        set { st.pointee.startedBody = newValue }
    }
    private var finished: Bool {
        get { st.pointee.finished }
        set { st.pointee.finished = newValue }
    }
    var boundaries: [Boundary] {
        get { st.pointee.boundaries }
        _modify { yield &st.pointee.boundaries }
    }
    var lineBuf: [UInt8] {
        get { st.pointee.lineBuf }
        _modify { yield &st.pointee.lineBuf }
    }
    private var midLine: Bool {
        get { st.pointee.midLine }
        set { st.pointee.midLine = newValue }
    }

    public init(limits: Limits, sink: TextSink) {
        self.limits = limits
        self.sink = sink
        self.recorder = AnomalyRecorder(sink: sink)
        self.writer = ViewWriter(sink: sink)
        st = .allocate(capacity: 1)
        st.initialize(to: State())
    }

    deinit {
        st.deinitialize(count: 1)
        st.deallocate()
    }

    // MARK: top-level headers

    /// A top-level header as the MTA gave it (value may contain folds as "\n" or "\r\n").
    /// `read` is what ``HeaderFeatures/add(name:value:limits:)`` made of the same field, so
    /// it is not decoded again; without it the field is read here.
    /// (`name` is made only when `read` is nil.)
    public func header(name: @autoclosure () -> String, value: UnsafeRawBufferPointer, read: TopFieldRead? = nil) {
        if startedBody { return }
        top.count += 1
        if top.count > limits.maxHeaders { recorder.record(.tooManyHeaders); return }
        let raw = value.count > limits.maxHeaderBytes ? value.slice(0, limits.maxHeaderBytes) : value
        switch read ?? MIMEParser.read(name: name(), raw: raw) {
        case .unused: break
        case .contentType: top.contentType = MIMEParser.rawValue(raw)
        case .contentTransferEncoding: top.transferEncoding = MIMEParser.rawValue(raw)
        case .contentDisposition: top.disposition = MIMEParser.rawValue(raw)
        case .subject(let s, let found):
            found.forEach { recorder.record($0) }
            if !s.isEmpty { writer.write(.subject, s); writer.close() }
        case .mailboxes(let boxes, let found):
            found.forEach { recorder.record($0) }
            for box in boxes where !box.displayName.isEmpty {
                writer.write(.fromName, box.displayName)
                writer.close()
            }
        }
    }

    /// What ``HeaderFeatures`` would hand on for the field: the reference for `read`.
    static func read(name: String, raw: UnsafeRawBufferPointer) -> TopFieldRead {
        switch name.lowercased() {
        case "content-type": return .contentType
        case "content-transfer-encoding": return .contentTransferEncoding
        case "content-disposition": return .contentDisposition
        case "subject":
            var found: Set<Anomaly> = []
            let s = HeaderDecoding.collapseWhitespace(HeaderDecoding.decode(raw, anomalies: &found))
            return .subject(s, found: found)
        case "from", "sender":
            var found: Set<Anomaly> = []
            let boxes = AddressParser.parse(Array(raw), anomalies: &found)
            return .mailboxes(boxes, found: found)
        default: return .unused
        }
    }

    private static func rawValue(_ raw: UnsafeRawBufferPointer) -> String {
        var ignored: Set<Anomaly> = []
        return HeaderDecoding.rawString(HeaderDecoding.unfold(raw)[...], anomalies: &ignored)
    }

    public func endOfHeaders() {
        if startedBody { return }
        startedBody = true
        partDepth = 0
        partIsMessage = false
        startEntity(top)
        updateWantsMore()
    }

    // MARK: body

    /// Parses whatever it is handed. The bound on raw body bytes belongs to
    /// `MessageScan`, which cuts the body before it reaches this parser; the limits
    /// applied here are on bytes read (``Limits/maxBodyBytes``) and structural
    /// (parts, depth, line and per-part text bytes).
    public func body(_ chunk: UnsafeRawBufferPointer) {
        if !startedBody { endOfHeaders() }
        if finished || !wantsMoreBody { return }
        process(chunk)
        updateWantsMore()
    }

    public func finish() {
        if !startedBody { endOfHeaders() }
        if finished { return }
        finished = true
        if !lineBuf.isEmpty {
            let line = lineBuf
            lineBuf.removeAll()
            line.withUnsafeBytes { buf in
                if case .headers = mode { headerLine(buf) } else { candidateLine(buf) }
            }
        }
        if case .headers = mode {
            flushField()
            startEntity(part)
        }
        finishLeaf()
        // After a deliberate stop the rest was never read, so a missing boundary proves nothing.
        if !boundaries.isEmpty && wantsMoreBody { recorder.record(.missingFinalBoundary) }
        wantsMoreBody = false
    }

    private func updateWantsMore() {
        if readLimitReached { wantsMoreBody = false; return }
        guard case .ignore = mode else { return }
        if boundaries.isEmpty || partCount >= limits.maxParts { wantsMoreBody = false }
    }

    /// Stops inside a chunk exactly where a chunked feed would stop between chunks,
    /// so the outcome never depends on chunk sizes.
    @inline(__always) private var nothingMoreToRead: Bool {
        if readLimitReached { return true }
        guard case .ignore = mode else { return false }
        return boundaries.isEmpty || partCount >= limits.maxParts
    }

    private func process(_ buf: UnsafeRawBufferPointer) {
        let n = buf.count
        var i = 0
        while i < n {
            if nothingMoreToRead { wantsMoreBody = false; return }
            if case .headers = mode {
                let j = headerBytes(buf, from: i)
                readBytes += j - i
                i = j
                continue
            }
            if boundaries.isEmpty {
                content(buf.slice(i, n))
                return
            }
            if !lineBuf.isEmpty {
                // Completing a line that began with "-" in an earlier chunk.
                if let nl = buf.firstIndex(of: ASCII.lf, from: i) {
                    if lineBuf.count + (nl + 1 - i) > MIMEParser.maxBoundaryLine {
                        flushLineBufAsContent()
                        content(buf.slice(i, nl + 1))
                    } else {
                        lineBuf.append(contentsOf: buf.slice(i, nl + 1))
                        let line = lineBuf
                        lineBuf.removeAll(keepingCapacity: true)
                        line.withUnsafeBytes { candidateLine($0) }
                    }
                    i = nl + 1
                } else {
                    if lineBuf.count + (n - i) > MIMEParser.maxBoundaryLine {
                        flushLineBufAsContent()
                        midLine = true
                        continue
                    }
                    lineBuf.append(contentsOf: buf.slice(i, n))
                    i = n
                }
                continue
            }
            if midLine {
                // Content up to the next newline that is followed by "-" (or the chunk end).
                if let nl = MIMEParser.newlineBeforeDash(buf, from: i) {
                    content(buf.slice(i, nl + 1))
                    i = nl + 1
                    midLine = false
                } else {
                    content(buf.slice(i, n))
                    i = n
                }
                continue
            }
            if buf[i] != ASCII.dash { midLine = true; continue }
            if let nl = buf.firstIndex(of: ASCII.lf, from: i) {
                candidateLine(buf.slice(i, nl + 1))
                i = nl + 1
            } else {
                if n - i > MIMEParser.maxBoundaryLine {
                    midLine = true
                    continue
                }
                lineBuf.append(contentsOf: buf.slice(i, n))
                i = n
            }
        }
    }

    /// The first newline at or after `from` that is followed by "-" or ends the buffer. Found
    /// from "-" to "-" with memchr, not from line to line: base64 has no "-", so an attachment
    /// is passed in one call instead of one per 76-byte line.
    static func newlineBeforeDash(_ buf: UnsafeRawBufferPointer, from: Int) -> Int? {
        var p = from + 1
        while let d = buf.firstIndex(of: ASCII.dash, from: p) {
            if buf[d - 1] == ASCII.lf { return d - 1 }
            p = d + 1
        }
        let last = buf.count - 1
        return last >= from && buf[last] == ASCII.lf ? last : nil
    }

    /// `newlineBeforeDash` from newline to newline: the reference.
    static func newlineBeforeDashByLines(_ buf: UnsafeRawBufferPointer, from: Int) -> Int? {
        var p = from
        while let nl = buf.firstIndex(of: ASCII.lf, from: p) {
            if nl + 1 < buf.count && buf[nl + 1] != ASCII.dash { p = nl + 1; continue }
            return nl
        }
        return nil
    }

    private func flushLineBufAsContent() {
        let line = lineBuf
        lineBuf.removeAll(keepingCapacity: true)
        line.withUnsafeBytes { content($0) }
    }

    func content(_ whole: UnsafeRawBufferPointer) {
        if whole.isEmpty || readLimitReached { return }
        switch mode {
        case .text(let dec):
            dec.feed(withinReadLimit(whole))
            if dec.exhausted { finishLeaf() }
        case .image(let collector):
            collector.feed(withinReadLimit(whole))
            if collector.exhausted { finishLeaf() }
        default: break
        }
    }

    /// The part of `bytes` still within ``Limits/maxBodyBytes``, counted as read; cut
    /// exactly at the limit, so where a chunk ends never moves the stop.
    private func withinReadLimit(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let allowed = max(0, limits.maxBodyBytes - readBytes)
        let kept = bytes.count > allowed ? bytes.slice(0, allowed) : bytes
        if bytes.count > allowed { readLimitReached = true }
        readBytes += kept.count
        return kept
    }

    /// A complete line starting with "-": a boundary, or ordinary content.
    func candidateLine(_ line: UnsafeRawBufferPointer) {
        if let (idx, closing) = matchBoundary(line) {
            boundaryHit(idx, closing: closing)
        } else if case .headers = mode {
            headerLine(line)
        } else {
            content(line)
        }
    }

    func matchBoundary(_ line: UnsafeRawBufferPointer) -> (Int, Bool)? {
        if boundaries.isEmpty || line.count > MIMEParser.maxBoundaryLine { return nil }
        if line.count < 2 || line[0] != ASCII.dash || line[1] != ASCII.dash { return nil }
        var end = line.count
        while end > 0, ASCII.isSpace(line[end - 1]) { end -= 1 }
        let core = line.slice(0, end)
        // Exact match only (plus trailing junk after a closing "--"): a boundary that is a
        // prefix of a nested one ("--abc" vs "--abcdef") must not end the outer part.
        var closingWithJunk: Int?
        for idx in stride(from: boundaries.count - 1, through: 0, by: -1) {
            let d = boundaries[idx].delimiter
            guard core.count >= d.count, d.withUnsafeBytes({ $0.elementsEqual(core.slice(0, d.count)) }) else { continue }
            let rest = core.count - d.count
            if rest == 0 { return (idx, false) }
            let closing = rest >= 2 && core[d.count] == ASCII.dash && core[d.count + 1] == ASCII.dash
            if closing && rest == 2 { return (idx, true) }
            if closing && closingWithJunk == nil { closingWithJunk = idx }
        }
        return closingWithJunk.map { ($0, true) }
    }

    func boundaryHit(_ idx: Int, closing: Bool) {
        if case .headers = mode {
            // A part that ended inside its headers: still honour what they said (a file name).
            flushField()
            startEntity(part)
        }
        finishLeaf()
        midLine = false
        let inner = boundaries.count - 1 - idx
        if inner > 0 {
            recorder.record(.missingFinalBoundary)
            boundaries.removeLast(inner)
        }
        if closing {
            boundaries.removeLast()
            mode = .ignore  // epilogue
            return
        }
        let b = boundaries[idx]
        part = PartHeaders()
        partDepth = b.depth + 1
        partIsMessage = false
        partDefaultType = b.digest ? "message/rfc822" : "text/plain"
        mode = .headers
    }

    /// A collector for an image object inside a PDF part, under the same image limits.
    private func pdfImageCollector(maxBytes: Int?) -> ImageCollector? {
        guard limits.ocrEnabled else { return nil }
        if imageStore.images.count >= limits.maxImages { recorder.record(.imageLimitReached); return nil }
        return ImageCollector(
            transferEncoding: "binary", name: "PDF image", limits: limits, store: imageStore,
            anomalies: recorder, maxBytes: maxBytes)
    }

    private func finishLeaf() {
        if case .text(let dec) = mode { dec.finish() }
        if case .image(let collector) = mode { collector.finish() }
        writer.close()
        mode = .ignore
    }

    // MARK: entities

    /// Decides what the body of the entity whose headers just ended is worth.
    func startEntity(_ h: PartHeaders) {
        mode = .ignore
        midLine = false
        if partCount > limits.maxParts { return }  // counted once past the limit: chunking must not change it
        partCount += 1
        if partCount > limits.maxParts { recorder.record(.tooManyParts); return }
        if partIsMessage, let subject = h.subject, !subject.isEmpty {
            writer.write(.plain, subject + "\n")
            writer.close()
        }
        var found: Set<Anomaly> = []
        let ct = h.contentType.map { MIMEHeaderValue.parse($0, anomalies: &found) }
        let cd = h.disposition.map { MIMEHeaderValue.parse($0, anomalies: &found) }
        found.forEach { recorder.record($0) }
        var type = ct?.value ?? partDefaultType
        if !ASCII.contains(type, "/") {
            if ct != nil { recorder.record(.malformedHeader) }
            type = "text/plain"
        }
        let cte = (h.transferEncoding ?? "").lowercased().trimmingCharacters()

        if type.hasPrefix("multipart/") {
            if let b = ct?.params.boundary, !b.isEmpty {
                if partDepth >= limits.maxMimeDepth { recorder.record(.mimeDepthExceeded); return }
                boundaries.append(
                    Boundary(
                        delimiter: Array("--".utf8) + Array(b.utf8), depth: partDepth,
                        digest: type == "multipart/digest"))
                return  // preamble follows: ignored
            }
            recorder.record(.malformedHeader)
            type = "text/plain"
        }
        if type == "message/rfc822" || type == "message/global" {
            if cte == "base64" || cte == "quoted-printable" { return }  // not allowed; not worth decoding
            if partDepth >= limits.maxMimeDepth { recorder.record(.mimeDepthExceeded); return }
            part = PartHeaders()
            partDepth += 1
            partIsMessage = true
            partDefaultType = "text/plain"
            mode = .headers
            return
        }
        let filename = cd?.params.filename ?? ct?.params.name
        if let f = filename?.trimmingCharacters(), !f.isEmpty {
            writer.write(.attachmentName, f)
            writer.close()
        }
        if limits.ocrEnabled && ImageStore.isImage(type: type, filename: filename) {
            if imageStore.images.count >= limits.maxImages { recorder.record(.imageLimitReached); return }
            mode = .image(
                ImageCollector(
                    transferEncoding: cte, name: filename ?? type, limits: limits,
                    store: imageStore, anomalies: recorder))
            return
        }
        let attachment = cd?.value == "attachment"
        let lowerName = filename?.lowercased()
        let kind: TextPartDecoder.Kind
        switch type {
        case "text/plain": kind = .plain
        case "text/html", "application/xhtml+xml": kind = .html
        // An invitation is a calendar under every type mail clients give it ("application/ics",
        // or an .ics file sent as bytes), and a lure's description reads the same in each.
        case "text/calendar", "application/ics", "text/x-vcalendar": kind = .calendar
        case "application/pdf", "application/x-pdf": kind = .pdf
        case "application/octet-stream" where lowerName?.hasSuffix(".pdf") == true: kind = .pdf
        case "application/octet-stream" where lowerName?.hasSuffix(".ics") == true: kind = .calendar
        default:
            guard type.hasPrefix("text/"), !attachment else { return }
            kind = .plain
        }
        let charset = ct?.params.charset ?? "us-ascii"
        // Only a PDF asks for image collectors: for any other part the closure (a context
        // object and a weak reference) was made and destroyed unused.
        let collector: (_ maxBytes: Int?) -> ImageCollector? =
            kind == .pdf ? { [weak self] in self?.pdfImageCollector(maxBytes: $0) } : { _ in nil }
        mode = .text(
            TextPartDecoder(
                kind: kind, transferEncoding: cte, charset: charset,
                budget: limits.maxPartTextBytes, writer: writer, anomalies: recorder,
                limits: limits, imageCollector: collector))
        partIsMessage = false
    }
}
