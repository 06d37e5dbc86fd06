import HooklineCore

/// What ``HeaderFeatures`` made of a top-level field that ``MIMEParser`` reads too, handed
/// on so the field is decoded and parsed once: the Subject and the From and Sender
/// display names go into the text as well, and the Content- fields say what the body is.
/// Decoding the Subject and parsing the addresses a second time cost ~45 k instructions
/// a message.
public enum TopFieldRead {
    /// A field the MIME parser has no use for.
    case unused
    /// The decoded Subject, and what decoding it flagged.
    case subject(String, found: Set<Anomaly>)
    /// Every mailbox of a From or Sender field, and what parsing it flagged.
    case mailboxes([Mailbox], found: Set<Anomaly>)
    case contentType, contentTransferEncoding, contentDisposition
}
