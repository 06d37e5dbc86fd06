// The image collector ImageCollector replaced (d1d283b), kept as the reference its
// pointer-held state is held to (ImageCollectorReferenceTests).
import HooklineCore
@testable import HooklineText

/// One image part as it streams: transfer-decodes it into a buffer that never grows past
/// `Limits.maxImageBytes`, and looks at the header as soon as it has arrived so a logo,
/// a spacer or a declared bomb stops being buffered at once. The MIME parser stops feeding
/// it when `exhausted` (the rest of the part is skipped like any attachment).
final class ReferenceImageCollector {

    private let transfer: TransferDecoding
    private let limits: Limits
    private let store: ImageStore
    private let anomalies: AnomalyRecorder
    private let name: String
    private var buffer: [UInt8] = []
    private var header: ImageHeader?
    private var dropped = false
    /// Nothing more of this part is wanted (dropped, or over a limit).
    private(set) var exhausted = false

    /// Header bytes needed before judging: a JPEG's start-of-frame can follow a large
    /// EXIF or ICC segment, so the sniff is retried until this many have arrived.
    private static let sniffWindow = 64 << 10

    /// Bytes this image may buffer: `Limits.maxImageBytes` for an image as it was sent, or
    /// what a PDF's raw image declares once turned to grey (checked against max_pixels first).
    private let maxBytes: Int
    /// The size is known (a PDF's raw image, given `maxBytes`): the buffer takes it at the
    /// first bytes, instead of growing by doubling and copying a page raster about twice
    /// over (~0.3 M instructions for the profile sample's one page). The room is what the
    /// whole raster would take, within max_pixels like the raster; pages of it never written
    /// (a stream that ends early) are mostly never made resident.
    private let exactSize: Bool

    init(
        transferEncoding: String, name: String, limits: Limits, store: ImageStore, anomalies: AnomalyRecorder,
        maxBytes: Int? = nil
    ) {
        self.maxBytes = maxBytes ?? limits.maxImageBytes
        exactSize = maxBytes != nil
        transfer = TransferDecoding(transferEncoding)
        self.name = name
        self.limits = limits
        self.store = store
        self.anomalies = anomalies
    }

    func feed(_ bytes: UnsafeRawBufferPointer) {
        if exhausted { return }
        transfer.decode(bytes) { decoded($0) }
    }

    func finish() {
        if !exhausted {
            transfer.finish { decoded($0) }
        }
        defer { buffer = [] }
        if dropped || buffer.count < limits.minImageBytes { return }
        if header == nil { header = ImageHeader.sniff(buffer) }
        guard let header else { anomalies.record(.imageUndecodable); return }
        if !judge(header, final: true) { return }
        store.add(CollectedImage(bytes: buffer, header: header, name: name))
    }

    private func decoded(_ bytes: UnsafeRawBufferPointer) {
        if exhausted || bytes.isEmpty { return }
        if buffer.count + bytes.count > maxBytes {
            anomalies.record(.imageTooLarge)
            drop()
            return
        }
        if exactSize && buffer.capacity == 0 { buffer.reserveCapacity(maxBytes) }
        buffer.append(contentsOf: bytes)
        if header == nil || header?.width == nil {
            if let h = ImageHeader.sniff(buffer) {
                header = h
                if !judge(h, final: false) { drop() }
            } else if buffer.count >= 12 {
                // Not an image format we know: nothing to read.
                drop()
            }
            if header?.width == nil && buffer.count > Self.sniffWindow && header?.format == .jpeg {
                anomalies.record(.imageUndecodable)
                drop()
            }
        }
    }

    /// Whether the image is worth keeping; records why not when that says something.
    private func judge(_ h: ImageHeader, final: Bool) -> Bool {
        if let w = h.width, let ht = h.height {
            if w <= 0 || ht <= 0 { anomalies.record(.imageUndecodable); return false }
            let (pixels, overflow) = w.multipliedReportingOverflow(by: ht)
            if overflow || pixels > limits.maxImagePixels { anomalies.record(.imageTooManyPixels); return false }
            if pixels < limits.minImagePixels || min(w, ht) < limits.minImageSide { return false }
        }
        if final, let refusal = ImageHeader.refusal(buffer, maxPixels: limits.maxImagePixels) {
            anomalies.record(refusal)
            return false
        }
        return true
    }

    /// The producer found the image broken or over a limit: nothing of it is kept.
    func refuse(_ anomaly: Anomaly) {
        anomalies.record(anomaly)
        drop()
    }

    private func drop() {
        dropped = true
        exhausted = true
        buffer = []
    }
}
