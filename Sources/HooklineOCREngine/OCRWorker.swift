import HooklineOCR

/// `hookline-ocr`: serves requests on a socket (its stdin) until the daemon
/// closes it, with one engine loaded at the first request and kept. Image decoders and
/// Tesseract run on the sender's bytes here, in a process of their own: their memory
/// (the engine, tens of MB) is not the milter's, and a crash or a hang in them costs one
/// reading, not every connection of the milter.
public enum OCRWorker {
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

/// For the tests and fuzzers: read images in this process instead of in `hookline-ocr`
/// children (which need the executable built beside them).
public enum OCRInProcess {
    public static func use() {
        OCRPool.shared.useInProcessEngines { TesseractEngine(languages: $0) }
    }
}

extension TesseractEngine: OCRReader {
    package var usable: Bool { true }
    package var unavailable: Bool { false }
    package func read(_ image: [UInt8], maxPixels: Int, deadlineMillis: Int) -> (OCRStatus, String)? {
        let result: (OCRStatus, String) = read(image, maxPixels: maxPixels, deadlineMillis: deadlineMillis)
        return result
    }
}
