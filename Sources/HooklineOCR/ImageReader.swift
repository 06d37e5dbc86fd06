import Foundation
import HooklineCore
import HooklineText

/// What OCR made of one message's images.
public struct ImageReading: Sendable {
    /// Recognised text per image read, in order (empty strings left out).
    public var texts: [String] = []
    public var anomalies: Set<Anomaly> = []
    /// Milliseconds each image took in Tesseract (decode and recognition), for benchmarks and logs.
    public var millis: [Int] = []
    /// Images whose text came from ``OCRMemo`` (counted in `millis` as 0 ms).
    public var remembered = 0
    public init() {}
}

/// Reads a message's images with the shared worker pool under `Limits`: the whole message
/// gets `ocrMaxMillis`, waiting for a worker included; each image gets what is left.
/// Total: every failure becomes an anomaly, never an error.
public enum ImageReader {
    public static func read(_ images: [[UInt8]], limits: Limits) -> ImageReading {
        var reading = ImageReading()
        guard limits.ocrEnabled, !images.isEmpty else { return reading }
        let start = DispatchTime.now().uptimeNanoseconds
        let budget = UInt64(max(1, limits.ocrMaxMillis)) * 1_000_000
        let deadline = start &+ budget < start ? UInt64.max : start + budget
        let languages = languageSpec(limits.ocrLanguages)
        for image in images.prefix(limits.maxImages) {
            // The header checks again, whoever buffered the bytes: giflib allocates every frame
            // at its declared size, and a pixel count is cheaper to refuse than to decode.
            if let refusal = ImageHeader.refusal(image, maxPixels: limits.maxImagePixels) {
                reading.anomalies.insert(refusal)
                continue
            }
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { reading.anomalies.insert(.ocrTimeLimit); break }
            let key = OCRMemo.Key(digest: ImageDigest.of(image), languages: languages, maxPixels: limits.maxImagePixels)
            if limits.ocrMemoEntries > 0, let text = OCRMemo.shared.text(for: key) {
                reading.millis.append(0)
                reading.remembered += 1
                if !text.isEmpty { reading.texts.append(text) }
                continue
            }
            let result = OCRPool.shared.withEngine(
                languages: languages, workers: limits.ocrWorkers,
                deadline: deadline
            ) { engine -> (OCRStatus, String, Int) in
                let began = DispatchTime.now().uptimeNanoseconds
                let left = Int((deadline - min(deadline, began)) / 1_000_000)
                // nil: the child process died or hung, and was stopped; the image counts as failed.
                let (status, text) =
                    engine.read(image, maxPixels: limits.maxImagePixels, deadlineMillis: max(1, left)) ?? (.failed, "")
                return (status, text, Int((DispatchTime.now().uptimeNanoseconds - began) / 1_000_000))
            }
            switch result {
            case .failure(.busy): reading.anomalies.insert(.ocrTimeLimit)
            case .failure(.unavailable): reading.anomalies.insert(.ocrFailed)
            case .success(let (status, text, ms)):
                reading.millis.append(ms)
                if let anomaly = anomaly(for: status) { reading.anomalies.insert(anomaly) }
                // Only a complete reading is the text the image would give again.
                if status == .ok { OCRMemo.shared.remember(text, for: key, capacity: limits.ocrMemoEntries) }
                if !text.isEmpty { reading.texts.append(text) }
            }
            if reading.anomalies.contains(.ocrFailed) && reading.texts.isEmpty && reading.millis.isEmpty { break }
        }
        return reading
    }

    /// "eng+fra": Tesseract's syntax. Names are checked by the loader to be plain words.
    static func languageSpec(_ languages: [String]) -> String {
        let spec = languages.filter { !$0.isEmpty }.joined(separator: "+")
        return spec.isEmpty ? "eng" : spec
    }

    static func anomaly(for status: OCRStatus) -> Anomaly? {
        switch status {
        case .ok: return nil
        case .undecodable: return .imageUndecodable
        case .unsupported: return .imageUnsupported
        case .tooManyPixels: return .imageTooManyPixels
        case .timeout: return .ocrTimeLimit
        case .failed: return .ocrFailed
        }
    }
}
