/// Something odd about a message's structure. A strange message is data, not an
/// error: anomalies are reported as features that rules may score, never thrown.
public enum Anomaly: String, Sendable, Hashable, CaseIterable, Codable {
    case missingFinalBoundary = "missing-final-boundary"
    case mimeDepthExceeded = "mime-depth-exceeded"
    case tooManyParts = "too-many-parts"
    case tooManyHeaders = "too-many-headers"
    case headerTooLong = "header-too-long"
    case lineTooLong = "line-too-long"
    case bodyLimitReached = "body-limit-reached"
    case partTextLimitReached = "part-text-limit-reached"
    case badBase64 = "bad-base64"
    case badQuotedPrintable = "bad-quoted-printable"
    case unknownCharset = "unknown-charset"
    case invalidCharsetBytes = "invalid-charset-bytes"
    case eightBitHeader = "8bit-header"
    case badEncodedWord = "bad-encoded-word"
    case nulByte = "nul-byte"
    case hiddenHTMLText = "hidden-html-text"
    case zeroWidthInText = "zero-width-in-text"
    case mixedScriptWord = "mixed-script-word"
    case obfuscatedDigits = "obfuscated-digits"
    case phoneLimitReached = "phone-limit-reached"
    case matchLimitReached = "match-limit-reached"
    case scanTimeLimit = "scan-time-limit"
    case malformedHeader = "malformed-header"
    /// A PDF attachment's compressed text could not be inflated.
    case damagedPDF = "damaged-pdf"
    /// An image part was larger than `ocr.max_image_bytes`; it was dropped unread.
    case imageTooLarge = "image-too-large"
    /// An image declared more than `ocr.max_pixels`; it was not decoded.
    case imageTooManyPixels = "image-too-many-pixels"
    /// An image could not be decoded (truncated, corrupt, zero frames, a lying header).
    case imageUndecodable = "image-undecodable"
    /// An image in a format Hookline does not read (HEIC/HEIF, JPEG 2000, ...).
    case imageUnsupported = "image-unsupported"
    /// More images than `ocr.max_images`; the rest were skipped.
    case imageLimitReached = "image-limit-reached"
    /// OCR ran out of `ocr.max_millis` (Tesseract cancelled, or no worker came free).
    case ocrTimeLimit = "ocr-time-limit"
    /// Tesseract could not start (language data missing) or failed on an image.
    case ocrFailed = "ocr-failed"
}
