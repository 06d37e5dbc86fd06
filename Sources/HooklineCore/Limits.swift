/// Every bound Hookline places on one message, in one place.
///
/// A milter sits in the path of all mail, so each stage must have a ceiling that
/// an attacker cannot push: past a limit the scan stops adding work, records an
/// ``Anomaly`` and decides on what it has already seen. Nothing here ever makes
/// Hookline buffer a whole body.
public struct Limits: Sendable, Equatable {
    /// Body bytes read per message: part headers, text and images. Bytes of an
    /// attachment that is only skipped past on the way to the next boundary do not
    /// count, so a lure padded with megabytes of archive before its text part is still
    /// read. Past it the scan stops (`body-limit-reached`).
    public var maxBodyBytes: Int = 8 << 20
    /// Body bytes looked at per message, skipped attachment bytes included: the bound
    /// on the boundary search itself. Later bytes are not read (SMFIS_SKIP).
    public var maxRawBodyBytes: Int = 64 << 20
    /// Decoded text bytes scanned per MIME part; attachments beyond this cost nothing.
    public var maxPartTextBytes: Int = 1 << 20
    /// Nesting depth of multiparts and message/rfc822 parts.
    public var maxMimeDepth: Int = 16
    /// MIME parts per message.
    public var maxParts: Int = 500
    /// Header fields per message (top level and per part).
    public var maxHeaders: Int = 1000
    /// Bytes in one header field (name + value, unfolded).
    public var maxHeaderBytes: Int = 64 << 10
    /// Bytes kept of one physical line while looking for a boundary or header.
    public var maxLineBytes: Int = 64 << 10
    /// Distinct phone numbers kept per message.
    public var maxPhones: Int = 64
    /// Pattern matches kept per lexicon per message.
    public var maxMatchesPerPattern: Int = 32
    /// Bytes of `<style>` blocks read per HTML part to learn which classes, ids and
    /// elements are hidden; later style bytes are skipped (their rules not applied).
    public var maxStyleBytes: Int = 128 << 10
    /// Simple selectors (`.x`, `#a`, `span.j`) kept per HTML part from its `<style>`
    /// blocks, counting only rules that hide text or set a colour.
    public var maxStyleSelectors: Int = 512
    /// Wall-clock time one message may spend in the detector, in milliseconds.
    public var maxScanMillis: Int = 2000

    // OCR of image attachments (config section `ocr:`). Lures that put the whole story and
    // the number into a picture leave the text body nearly empty; reading the picture is
    // the only way to see them, and the most expensive thing Hookline does, so every step
    // is bounded: bytes buffered, images read, pixels decoded, time and threads spent.

    /// Read images at all. Off costs nothing: image parts are skipped like any attachment.
    public var ocrEnabled: Bool = true
    /// Tesseract languages (Debian `tesseract-ocr-LANG`), tried together; each one added
    /// costs time per image (see README for measurements).
    public var ocrLanguages: [String] = ["eng"]
    /// Images buffered and read per message; more are skipped (`image-limit-reached`).
    public var maxImages: Int = 3
    /// Decoded bytes buffered per image; a larger image is dropped while it streams
    /// (`image-too-large`), so a message never holds more than maxImages × this. A PDF's
    /// raw (Flate) image counts its compressed bytes here and is held as grey rows, one
    /// byte a pixel at most: up to `maxImagePixels` bytes, which its dictionary declares
    /// and which are checked before anything is inflated.
    public var maxImageBytes: Int = 2 << 20
    /// Width × height decoded per image, checked from the header before any pixel is
    /// decoded (`image-too-many-pixels`): a decompression bomb stops here. 8-bit grey
    /// costs a byte a pixel, the decoder up to four while it runs.
    public var maxImagePixels: Int = 6_000_000
    /// Below this many pixels an image is a logo, icon, spacer or tracking pixel, not a
    /// lure: skipped without an anomaly. 60,000 is 300 × 200.
    public var minImagePixels: Int = 60_000
    /// Images with a side shorter than this many pixels (rules, spacers) are skipped too.
    public var minImageSide: Int = 40
    /// Below this many encoded bytes an image is skipped unread (tracking pixels, spacers).
    public var minImageBytes: Int = 1024
    /// Wall-clock time OCR may spend on one message, waiting for a worker included, in
    /// milliseconds; past it Tesseract is cancelled and the verdict uses what was read
    /// (`ocr-time-limit`).
    public var ocrMaxMillis: Int = 5000
    /// Tesseract engines running at once in the whole process (one core each), so a
    /// flood of image mail cannot take every core from the MTA.
    public var ocrWorkers: Int = 1
    /// Readings remembered by a keyed digest of the image (with the languages and `maxImagePixels`),
    /// so a picture sent again (a campaign's lure to every recipient, a sender's letterhead)
    /// is not read again; 0 turns the memo off. At most 1 MB of text whatever this says.
    public var ocrMemoEntries: Int = 256
    /// Images are read only when the message's visible text (plain, HTML, calendar and
    /// PDF text, after normalisation) is shorter than this many bytes: a lure in a
    /// picture sits beside an almost empty body, a newsletter's pictures beside a long one.
    public var ocrMaxTextBytes: Int = 400
    /// The lexicon (`ocr.trigger_lexicon`) whose phrases in the message's text make OCR read
    /// its images whatever the text's length: a lure can pad its body with a harmless letter,
    /// but it still has to send the reader to the picture ("see the attached invoice",
    /// "siehe Anhang"). The phrases live in the rule files, in every language the lexicons
    /// speak; nil, or a name no rule file defines (unless set explicitly), turns it off.
    public var ocrTriggerLexicon: String? = "points_to_attachment"

    public init() {}

    public static let `default` = Limits()
}
