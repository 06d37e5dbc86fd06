/// Where a piece of decoded text came from. Rules can ask where a phone number or
/// lexicon phrase sits, because the attacker controls some places and not others.
public enum TextView: String, Sendable, Hashable, CaseIterable, Codable {
    /// The decoded Subject header.
    case subject
    /// The display name of From (and Sender); attackers put lures in tenant names.
    case fromName = "from-name"
    /// A text/plain part.
    case plain
    /// Visible text of a text/html part.
    case html
    /// Text of an HTML part hidden by CSS (display:none, font-size:0, ...).
    case hiddenHTML = "hidden-html"
    /// Targets of `tel:` / `href` links in HTML.
    case link
    /// DESCRIPTION / SUMMARY / LOCATION of a text/calendar part.
    case calendar
    /// File names of attachments.
    case attachmentName = "attachment-name"
    /// Text inside attachments (PDF document information and page text).
    case attachment
    /// Text recognised by OCR in image attachments and inline images.
    case image
}

/// Receives decoded UTF-8 text as the MIME layer streams it out.
///
/// The MIME layer calls `begin` once per run of text of one view, then `text` any
/// number of times with arbitrary splits (a split may fall inside a UTF-8
/// sequence only if the producer is careless; producers must not do that), then
/// `end`. Views do not nest. The buffer is only valid during the call.
public protocol TextSink: AnyObject {
    func begin(_ view: TextView)
    func text(_ utf8: UnsafeRawBufferPointer)
    func end()
    /// The MIME layer found something odd; the scan records it.
    func anomaly(_ anomaly: Anomaly)
}

extension TextSink {
    /// Convenience for whole strings (headers, link targets, tests).
    public func emit(_ view: TextView, _ string: String) {
        begin(view)
        var s = string
        s.withUTF8 { text(UnsafeRawBufferPointer($0)) }
        end()
    }
}
