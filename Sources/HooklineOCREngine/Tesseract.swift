private import COCR
import HooklineOCR

/// One Tesseract engine (TessBaseAPI) with its languages loaded. Loading costs a few
/// hundred milliseconds, so engines are kept by `OCRPool` and reused; one engine serves
/// one thread at a time. This is the only file that talks to the C++ shim; only the
/// `hookline-ocr` worker (and tests) link it, never the daemon.
package final class TesseractEngine: @unchecked Sendable {
    package let languages: String
    private let handle: UnsafeMutableRawPointer

    /// Longest text kept from one image; a page of dense text is about 4 KB.
    package static let maxTextBytes = OCRWire.maxTextBytes

    package init?(languages: String) {
        guard let h = languages.withCString({ hookline_ocr_open($0) }) else { return nil }
        self.languages = languages
        handle = h
    }

    deinit { hookline_ocr_close(handle) }

    /// Decodes and reads one image within `deadlineMillis`; past it, the words read so far.
    package func read(_ image: [UInt8], maxPixels: Int, deadlineMillis: Int) -> (OCRStatus, String) {
        var text = [CChar](repeating: 0, count: Self.maxTextBytes)
        var length = 0
        let rc = image.withUnsafeBufferPointer { bytes -> Int32 in
            guard let base = bytes.baseAddress else { return Int32(HOOKLINE_OCR_DECODE_FAILED) }
            return text.withUnsafeMutableBufferPointer { out -> Int32 in
                guard let outBase = out.baseAddress else { return Int32(HOOKLINE_OCR_FAILED) }
                return hookline_ocr_read(
                    handle, base, bytes.count, maxPixels, Int32(clamping: deadlineMillis),
                    outBase, out.count, &length)
            }
        }
        let utf8 = text.prefix(min(length, text.count)).map { UInt8(bitPattern: $0) }
        return (Self.status(rc), String(decoding: utf8, as: UTF8.self))
    }

    /// For the tests: whether the shim's plain grey PNM reader declines `image` (0), reads it
    /// into the picture Leptonica's own reader gives (1), or reads something else (-1).
    package static func checkPlainGreyPNM(_ image: [UInt8]) -> Int {
        Int(image.withUnsafeBufferPointer { hookline_ocr_check_plain_grey_pnm($0.baseAddress, $0.count) })
    }

    /// Format and dimensions from the header alone, as Leptonica reads them.
    package static func probe(_ image: [UInt8]) -> (status: OCRStatus, width: Int, height: Int) {
        var format: Int32 = 0, width: Int32 = 0, height: Int32 = 0
        let rc = image.withUnsafeBufferPointer { bytes -> Int32 in
            guard let base = bytes.baseAddress else { return Int32(HOOKLINE_OCR_DECODE_FAILED) }
            return hookline_ocr_probe(base, bytes.count, &format, &width, &height)
        }
        return (status(rc), Int(width), Int(height))
    }

    private static func status(_ rc: Int32) -> OCRStatus {
        switch Int(rc) {
        case HOOKLINE_OCR_OK: return .ok
        case HOOKLINE_OCR_DECODE_FAILED: return .undecodable
        case HOOKLINE_OCR_UNSUPPORTED: return .unsupported
        case HOOKLINE_OCR_TOO_MANY_PIXELS: return .tooManyPixels
        case HOOKLINE_OCR_TIMEOUT: return .timeout
        default: return .failed
        }
    }
}
