import HooklineCore

/// One text part's pipeline: transfer decoding → per-part budget → charset →
/// plain / HTML / calendar extraction → sink. Each stage keeps its own state
/// across chunks, so the part can arrive in pieces of any size.
final class TextPartDecoder {
    enum Kind { case plain, html, calendar, pdf }
    private enum Content { case plain, html(HTMLTextExtractor), calendar(CalendarTextExtractor), pdf(PDFTextExtractor) }

    private let transfer: TransferDecoding
    private let charset: CharsetDecoder
    private let content: Content
    private let writer: ViewWriter
    private let anomalies: AnomalyRecorder
    private var budget: Int
    /// The per-part text budget is spent: the parser skips the rest of the part.
    private(set) var exhausted = false

    init(
        kind: Kind, transferEncoding: String, charset: String, budget: Int,
        writer: ViewWriter, anomalies: AnomalyRecorder, limits: Limits = .default,
        imageCollector: @escaping (_ maxBytes: Int?) -> ImageCollector? = { _ in nil }
    ) {
        transfer = TransferDecoding(transferEncoding)
        self.charset = CharsetDecoder(charset: charset)
        switch kind {
        case .plain: content = .plain
        case .html: content = .html(HTMLTextExtractor(writer: writer, anomalies: anomalies, limits: limits))
        case .calendar: content = .calendar(CalendarTextExtractor(writer: writer))
        case .pdf:
            // A PDF's page text may be compressed far below its size; inflating is allowed
            // four times the part budget, so a compression bomb stops there.
            content = .pdf(
                PDFTextExtractor(
                    writer: writer, anomalies: anomalies,
                    inflateBudget: budget.multipliedReportingOverflow(by: 4).overflow ? Int.max : budget * 4, limits: limits,
                    imageCollector: imageCollector))
        }
        self.writer = writer
        self.anomalies = anomalies
        self.budget = budget
        if self.charset.unknownCharset { anomalies.record(.unknownCharset) }
    }

    func feed(_ bytes: UnsafeRawBufferPointer) {
        if exhausted { return }
        transfer.decode(bytes) { decoded($0) }
    }

    func finish() {
        if !exhausted {
            transfer.finish { decoded($0) }
        }
        charset.finish { extracted($0) }
        switch content {
        case .plain: break
        case .html(let h): h.finish()
        case .calendar(let c): c.finish()
        case .pdf(let p): p.finish()
        }
        writer.close()
        switch transfer {
        case .identity: break
        case .base64(let d): if d.sawGarbage { anomalies.record(.badBase64) }
        case .quotedPrintable(let d): if d.sawGarbage { anomalies.record(.badQuotedPrintable) }
        }
        if charset.sawInvalid { anomalies.record(.invalidCharsetBytes) }
        if charset.droppedNUL { anomalies.record(.nulByte) }
    }

    private func decoded(_ bytes: UnsafeRawBufferPointer) {
        if exhausted || bytes.isEmpty { return }
        var b = bytes
        if b.count > budget {
            b = b.slice(0, budget)
            exhausted = true
            anomalies.record(.partTextLimitReached)
        }
        budget -= b.count
        // PDF bytes are binary; the extractor decodes the strings inside itself.
        if case .pdf(let p) = content { p.feed(b); return }
        charset.decode(b) { extracted($0) }
    }

    private func extracted(_ utf8: UnsafeRawBufferPointer) {
        switch content {
        case .plain: writer.write(.plain, utf8)
        case .html(let h): h.feed(utf8)
        case .calendar(let c): c.feed(utf8)
        case .pdf: break
        }
    }
}
