// Target "image": the image path, from bytes in a MIME part to text out of Tesseract.
// Input: [selector][chunk seed][chunk scale][image bytes].
//   0 ImageHeader.sniff and the JPEG scan count on the raw bytes (pure Swift)
//   1 the MIME layer: the bytes as a base64 or binary image part of a message, chunked,
//     through MIMEParser's ImageCollector (header sniff, byte and pixel ceilings); with
//     0x40 in the selector a PDF part instead, whose image objects (JPEG, raw Flate) are
//     collected the same way
//   2 Leptonica and Tesseract: ImageReader on the raw bytes, with small pixel and time
//     ceilings so an input costs at most a few hundred milliseconds
// Checks that nothing traps, hangs or grows without bound, and that whatever the MIME
// layer keeps respects the limits it was given.
import Foundation
import HooklineCore
@testable import HooklineText
import HooklineOCR
import HooklineOCREngine

var limits: Limits = {
    OCRInProcess.use()  // Leptonica and Tesseract under the sanitizers, in this process
    var l = Limits.default
    l.maxImageBytes = 256 << 10
    l.maxImagePixels = 400_000
    l.minImagePixels = 1
    l.minImageSide = 1
    l.minImageBytes = 16
    l.ocrMaxMillis = 300
    return l
}()

final class DiscardSink: TextSink {
    func begin(_ view: TextView) {}
    func text(_ utf8: UnsafeRawBufferPointer) {}
    func end() {}
    func anomaly(_ anomaly: Anomaly) {}
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let selector = input.byte()
    var chunking = Chunking(seed: input.byte(), scale: input.byte())
    let bytes = Array(input.rest)
    switch selector % 3 {
    case 0:
        if let h = ImageHeader.sniff(bytes), let w = h.width, let ht = h.height, w < 0 || ht < 0 {
            fatalError("negative dimensions \(w)x\(ht)")
        }
        _ = ImageHeader.jpegScans(bytes)
    case 1:
        let base64 = selector & 0x80 != 0
        let pdf = selector & 0x40 != 0
        let encoded =
            base64
            ? Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
            : String(decoding: bytes, as: UTF8.self)
        let body =
            "--b\r\nContent-Type: \(pdf ? "application/pdf" : "image/png")\r\nContent-Transfer-Encoding: \(base64 ? "base64" : "binary")\r\n\r\n"
            + encoded + "\r\n--b--\r\n"
        let parser = MIMEParser(limits: limits, sink: DiscardSink())
        "multipart/mixed; boundary=b".utf8CString.withUnsafeBytes { v in
            parser.header(name: "Content-Type", value: UnsafeRawBufferPointer(rebasing: v.dropLast()))
        }
        parser.endOfHeaders()
        Array(body.utf8).withUnsafeBytes { raw in chunking.feed(raw) { parser.body($0) } }
        parser.finish()
        for image in parser.images {
            // A PDF's raw image is kept as grey rows: one byte a pixel at most, plus its header.
            let ceiling = image.header.format == .pnm ? limits.maxImagePixels + 64 : limits.maxImageBytes
            if image.bytes.count > ceiling { fatalError("image over its byte ceiling kept") }
            if let w = image.header.width, let h = image.header.height, w * h > limits.maxImagePixels {
                fatalError("image over max_pixels kept: \(w)x\(h)")
            }
        }
    default:
        let reading = ImageReader.read([bytes], limits: limits)
        for text in reading.texts where text.utf8.count > 64 << 10 { fatalError("OCR text over its cap") }
    }
    return 0
}
