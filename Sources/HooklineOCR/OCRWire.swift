import Glibc

/// What became of one image.
package enum OCRStatus: Sendable, Equatable {
    case ok, undecodable, unsupported, tooManyPixels, timeout, failed
}

/// The conversation between Hookline and an OCR child (`hookline-ocr`, built from the same
/// tree, so native byte order): one request, one answer, over a socketpair.
///
/// Request: "HLO1", languages (u32 length + bytes), max pixels (i64), deadline ms (i32),
/// image (u32 length + bytes). Answer: status (i32, ``OCRWire/Status``), text (u32 length
/// + bytes, at most ``TesseractEngine/maxTextBytes``).
package enum OCRWire {
    static let magic: UInt32 = 0x484c_4f31  // "HLO1"
    /// Longest image a request may carry: what `Limits.maxImageBytes` can be set to (a PDF
    /// raster is held as grey bytes, up to max_pixels) and a margin.
    static let maxImageBytes = 256 << 20
    static let maxLanguageBytes = 4096
    /// Longest text kept from one image; a page of dense text is about 4 KB.
    package static let maxTextBytes = 32 << 10

    /// OCRStatus on the wire, plus "no engine" (the languages did not load).
    package enum Status: Int32 {
        case ok = 0, undecodable, unsupported, tooManyPixels, timeout, failed, unavailable = 100

        package init(_ s: OCRStatus) {
            switch s {
            case .ok: self = .ok
            case .undecodable: self = .undecodable
            case .unsupported: self = .unsupported
            case .tooManyPixels: self = .tooManyPixels
            case .timeout: self = .timeout
            case .failed: self = .failed
            }
        }

        /// nil for `unavailable`.
        var ocrStatus: OCRStatus? {
            switch self {
            case .ok: return .ok
            case .undecodable: return .undecodable
            case .unsupported: return .unsupported
            case .tooManyPixels: return .tooManyPixels
            case .timeout: return .timeout
            case .failed: return .failed
            case .unavailable: return nil
            }
        }
    }

    package struct Request {
        package var languages: String
        package var maxPixels: Int
        package var deadlineMillis: Int
        package var image: [UInt8]
    }

    /// A request up to its image bytes, which follow as they are (no copy of an image
    /// that may be megabytes of grey pixels).
    static func header(languages: String, maxPixels: Int, deadlineMillis: Int, imageCount: Int) -> [UInt8] {
        var out: [UInt8] = []
        append(magic, to: &out)
        append(UInt32(truncatingIfNeeded: languages.utf8.count), to: &out)
        out += languages.utf8
        append(Int64(maxPixels), to: &out)
        append(Int32(clamping: deadlineMillis), to: &out)
        append(UInt32(truncatingIfNeeded: imageCount), to: &out)
        return out
    }

    package static func encode(status: Status, text: String) -> [UInt8] {
        var out: [UInt8] = []
        let utf8 = Array(text.utf8.prefix(maxTextBytes))
        append(status.rawValue, to: &out)
        append(UInt32(utf8.count), to: &out)
        return out + utf8
    }

    /// Reads one request; nil at end of input or on anything malformed.
    package static func readRequest(from fd: Int32) -> Request? {
        guard let m: UInt32 = readValue(fd), m == magic,
            let languageCount: UInt32 = readValue(fd), languageCount <= maxLanguageBytes,
            let language = readExactly(fd, Int(languageCount)),
            let maxPixels: Int64 = readValue(fd), let deadline: Int32 = readValue(fd),
            let imageCount: UInt32 = readValue(fd), imageCount <= maxImageBytes,
            let image = readExactly(fd, Int(imageCount))
        else { return nil }
        return Request(
            languages: String(decoding: language, as: UTF8.self), maxPixels: Int(maxPixels), deadlineMillis: Int(deadline),
            image: image)
    }

    /// Reads one answer; nil when the child closed or sent something malformed.
    static func readAnswer(from fd: Int32) -> (Status, String)? {
        guard let raw: Int32 = readValue(fd), let status = Status(rawValue: raw),
            let count: UInt32 = readValue(fd), count <= maxTextBytes,
            let text = readExactly(fd, Int(count))
        else { return nil }
        return (status, String(decoding: text, as: UTF8.self))
    }

    private static func append<T: FixedWidthInteger>(_ v: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: v) { out += $0 }
    }

    private static func readValue<T: FixedWidthInteger>(_ fd: Int32) -> T? {
        guard let bytes = readExactly(fd, MemoryLayout<T>.size) else { return nil }
        var v: T = 0
        withUnsafeMutableBytes(of: &v) { dst in bytes.withUnsafeBytes { dst.copyMemory(from: $0) } }
        return v
    }

    static func readExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        var at = 0
        let ok = out.withUnsafeMutableBytes { buffer -> Bool in
            while at < count {
                guard let base = buffer.baseAddress else { return false }
                let n = recv(fd, base + at, count - at, 0)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                at += n
            }
            return true
        }
        return ok ? out : nil
    }

    /// Writes everything; false when the peer is gone (never SIGPIPE: MSG_NOSIGNAL).
    package static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var at = 0
            while at < buffer.count {
                guard let base = buffer.baseAddress else { return false }
                let n = send(fd, base + at, buffer.count - at, Int32(MSG_NOSIGNAL))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                at += n
            }
            return true
        }
    }
}
