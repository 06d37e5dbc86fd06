import HooklineCore

/// An image kept for OCR at the end of the message: its decoded bytes and what its
/// header declared.
public struct CollectedImage: Sendable {
    public var bytes: [UInt8]
    public var header: ImageHeader
    /// The part's file name, or its Content-ID for an inline `cid:` image, for explanations.
    public var name: String
}

/// The images one message keeps, in order, at most `Limits.maxImages`. Parts stream one
/// after another, so at most one more image is being buffered at any time.
final class ImageStore {
    private(set) var images: [CollectedImage] = []
    func add(_ image: CollectedImage) { images.append(image) }

    /// An image part (by its type, or a generic type with an image file name).
    static func isImage(type: String, filename: String?) -> Bool {
        if type.hasPrefix("image/") { return true }
        guard type == "application/octet-stream", let f = filename?.lowercased() else { return false }
        return [".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".heic", ".heif"].contains { f.hasSuffix($0) }
    }
}

/// One image part as it streams: transfer-decodes it into a buffer that never grows past
/// `Limits.maxImageBytes`, and looks at the header as soon as it has arrived so a logo,
/// a spacer or a declared bomb stops being buffered at once. The MIME parser stops feeding
/// it when `exhausted` (the rest of the part is skipped like any attachment).
final class ImageCollector {

    private let transfer: TransferDecoding
    private let limits: Limits
    private let store: ImageStore
    private let anomalies: AnomalyRecorder
    private let name: String
    /// The bytes so far and what was read of them, reached through a pointer: as stored
    /// properties of this class every decoded block went through ~5 dynamic exclusivity
    /// checks (~9 a message of the mix).
    private struct Held {
        var buffer: [UInt8] = []
        var header: ImageHeader?
        var dropped = false
        var exhausted = false
    }
    private let held: UnsafeMutablePointer<Held>
    /// Nothing more of this part is wanted (dropped, or over a limit).
    var exhausted: Bool { held.pointee.exhausted }

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
        held = .allocate(capacity: 1)
        held.initialize(to: Held())
    }

    deinit {
        held.deinitialize(count: 1)
        held.deallocate()
    }

    func feed(_ bytes: UnsafeRawBufferPointer) {
        if exhausted { return }
        transfer.decode(bytes) { decoded($0) }
    }

    func finish() {
        let p = held
        if !p.pointee.exhausted {
            transfer.finish { decoded($0) }
        }
        defer { p.pointee.buffer = [] }
        if p.pointee.dropped || p.pointee.buffer.count < limits.minImageBytes { return }
        if p.pointee.header == nil { p.pointee.header = ImageHeader.sniff(p.pointee.buffer) }
        guard let header = p.pointee.header else { anomalies.record(.imageUndecodable); return }
        if !judge(header, final: true) { return }
        store.add(CollectedImage(bytes: p.pointee.buffer, header: header, name: name))
    }

    private func decoded(_ bytes: UnsafeRawBufferPointer) {
        let p = held
        if p.pointee.exhausted || bytes.isEmpty { return }
        if p.pointee.buffer.count + bytes.count > maxBytes {
            anomalies.record(.imageTooLarge)
            drop()
            return
        }
        if exactSize && p.pointee.buffer.capacity == 0 { p.pointee.buffer.reserveCapacity(maxBytes) }
        p.pointee.buffer.append(contentsOf: bytes)
        if p.pointee.header == nil || p.pointee.header?.width == nil {
            if let h = ImageHeader.sniff(p.pointee.buffer) {
                p.pointee.header = h
                if !judge(h, final: false) { drop() }
            } else if p.pointee.buffer.count >= 12 {
                // Not an image format we know: nothing to read.
                drop()
            }
            if p.pointee.header?.width == nil && p.pointee.buffer.count > Self.sniffWindow && p.pointee.header?.format == .jpeg {
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
        if final, let refusal = ImageHeader.refusal(held.pointee.buffer, maxPixels: limits.maxImagePixels) {
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
        held.pointee.dropped = true
        held.pointee.exhausted = true
        held.pointee.buffer = []
    }
}
