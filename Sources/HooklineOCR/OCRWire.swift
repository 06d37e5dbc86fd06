import Glibc

/// The conversation between the daemon and an OCR child (`hookline ocr-worker`, the same
/// binary, so native byte order): one request, one answer, over a socketpair.
///
/// Request: "HLO1", languages (u32 length + bytes), max pixels (i64), deadline ms (i32),
/// image (u32 length + bytes). Answer: status (i32, ``OCRWire/Status``), text (u32 length
/// + bytes, at most ``TesseractEngine/maxTextBytes``).
enum OCRWire {
    static let magic: UInt32 = 0x484c_4f31  // "HLO1"
    /// Longest image a request may carry: what `Limits.maxImageBytes` can be set to (a PDF
    /// raster is held as grey bytes, up to max_pixels) and a margin.
    static let maxImageBytes = 256 << 20
    static let maxLanguageBytes = 4096

    /// OCRStatus on the wire, plus "no engine" (the languages did not load).
    enum Status: Int32 {
        case ok = 0, undecodable, unsupported, tooManyPixels, timeout, failed, unavailable = 100

        init(_ s: OCRStatus) {
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

    struct Request {
        var languages: String
        var maxPixels: Int
        var deadlineMillis: Int
        var image: [UInt8]
    }

    static func encode(_ r: Request) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(r.image.count + r.languages.utf8.count + 24)
        append(magic, to: &out)
        append(UInt32(truncatingIfNeeded: r.languages.utf8.count), to: &out)
        out += r.languages.utf8
        append(Int64(r.maxPixels), to: &out)
        append(Int32(clamping: r.deadlineMillis), to: &out)
        append(UInt32(truncatingIfNeeded: r.image.count), to: &out)
        out += r.image
        return out
    }

    static func encode(status: Status, text: String) -> [UInt8] {
        var out: [UInt8] = []
        let utf8 = Array(text.utf8.prefix(TesseractEngine.maxTextBytes))
        append(status.rawValue, to: &out)
        append(UInt32(utf8.count), to: &out)
        return out + utf8
    }

    /// Reads one request; nil at end of input or on anything malformed.
    static func readRequest(from fd: Int32) -> Request? {
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
            let count: UInt32 = readValue(fd), count <= TesseractEngine.maxTextBytes,
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
    static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
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

/// `hookline ocr-worker` (hidden): serves requests on a socket (its stdin) until the daemon
/// closes it, with one engine loaded at the first request and kept. Image decoders and
/// Tesseract run on the sender's bytes here, in a process of their own: their memory
/// (the engine, tens of MB) is not the daemon's, and a crash or a hang in them costs one
/// reading, not every connection of the milter.
public enum OCRWorker {
    public static let subcommand = "ocr-worker"

    /// Returns when the socket closes; the exit status is 0 either way.
    public static func serve(fd: Int32 = 0) {
        var engine: TesseractEngine?
        while let request = OCRWire.readRequest(from: fd) {
            if engine?.languages != request.languages { engine = TesseractEngine(languages: request.languages) }
            let answer: [UInt8]
            if let engine {
                let (status, text) = engine.read(request.image, maxPixels: request.maxPixels, deadlineMillis: request.deadlineMillis)
                answer = OCRWire.encode(status: .init(status), text: text)
            } else {
                answer = OCRWire.encode(status: .unavailable, text: "")
            }
            guard OCRWire.writeAll(answer, to: fd) else { return }
        }
    }
}
