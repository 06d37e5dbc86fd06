import Foundation
import XCTest
import HooklineCore
@testable import HooklineText

/// `ImageCollector` keeps its buffer and what it read of it in a struct behind a pointer;
/// `ReferenceImageCollector` is the code with them in stored properties. Both collect the
/// same generated images (PNG, GIF, JPEG with segments before the frame, unknown bytes, cut
/// and oversized ones; base64, quoted-printable or binary; with and without a known size)
/// fed in the same random pieces, and must keep the same images, record the same anomalies
/// and say `exhausted` at the same points.
final class ImageCollectorReferenceTests: XCTestCase {
    static func image(_ rng: inout SplitMix64) -> [UInt8] {
        let w = Int.random(in: 0...300, using: &rng), h = Int.random(in: 0...300, using: &rng)
        var out: [UInt8]
        switch Int.random(in: 0..<4, using: &rng) {
        case 0:
            out = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
            out += [0, 0, UInt8(w >> 8), UInt8(w & 0xFF), 0, 0, UInt8(h >> 8), UInt8(h & 0xFF), 8, 2, 0, 0, 0]
        case 1:
            out = Array("GIF89a".utf8) + [UInt8(w & 0xFF), UInt8(w >> 8), UInt8(h & 0xFF), UInt8(h >> 8)]
        case 2:
            out = [0xFF, 0xD8]
            for _ in 0..<Int.random(in: 0...2, using: &rng) {  // APPn segments before the frame
                let len = Int.random(in: 2...3_000, using: &rng)
                out += [0xFF, 0xE1, UInt8(len >> 8), UInt8(len & 0xFF)] + Array(repeating: 0x45, count: len - 2)
            }
            out += [0xFF, 0xC0, 0, 17, 8, UInt8(h >> 8), UInt8(h & 0xFF), UInt8(w >> 8), UInt8(w & 0xFF), 3]
        default:
            out = []
        }
        out += (0..<Int.random(in: 0...2_000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        if Int.random(in: 0..<5, using: &rng) == 0 { out.removeLast(Int.random(in: 0...out.count, using: &rng)) }
        return out
    }

    static func encode(_ bytes: [UInt8], _ transfer: String) -> [UInt8] {
        switch transfer {
        case "base64": return Array(Data(bytes).base64EncodedString(options: .lineLength76Characters).utf8)
        case "quoted-printable":
            var out: [UInt8] = []
            var line = 0
            for b in bytes {
                if line >= 70 { out += Array("=\r\n".utf8); line = 0 }
                if b >= 0x21 && b <= 0x7E && b != 0x3D {
                    out.append(b); line += 1
                } else {
                    out += Array(String(format: "=%02X", b).utf8); line += 3
                }
            }
            return out
        default: return bytes
        }
    }

    struct Outcome: Equatable {
        var images: [[UInt8]]
        var widths: [Int?]
        var anomalies: Set<Anomaly>
        var exhausted: [Bool]
    }

    static func collect(
        _ data: [UInt8], transfer: String, maxBytes: Int?, limits: Limits, cuts: [Int], reference: Bool
    ) -> Outcome {
        let store = ImageStore()
        let recorder = AnomalyRecorder(sink: nil)
        let ref =
            reference
            ? ReferenceImageCollector(
                transferEncoding: transfer, name: "x.png", limits: limits, store: store, anomalies: recorder, maxBytes: maxBytes)
            : nil
        let new =
            reference
            ? nil
            : ImageCollector(
                transferEncoding: transfer, name: "x.png", limits: limits, store: store, anomalies: recorder, maxBytes: maxBytes)
        var exhausted: [Bool] = []
        data.withUnsafeBytes { buf in
            var from = 0
            for to in cuts + [buf.count] where to >= from {
                ref?.feed(buf.slice(from, to))
                new?.feed(buf.slice(from, to))
                exhausted.append(ref?.exhausted ?? new?.exhausted ?? false)
                from = to
            }
        }
        ref?.finish()
        new?.finish()
        return Outcome(
            images: store.images.map(\.bytes), widths: store.images.map(\.header.width), anomalies: recorder.seen,
            exhausted: exhausted)
    }

    func testCollectorMatchesTheReference() {
        var rng = SplitMix64(state: 3131)
        var kept = 0
        for trial in 0..<3_000 {
            let transfer = ["base64", "quoted-printable", "binary", "7bit"].randomElement(using: &rng) ?? "binary"
            let data = Self.encode(Self.image(&rng), transfer)
            var limits = Limits.default
            limits.minImageBytes = Int.random(in: 0...64, using: &rng)
            limits.minImagePixels = Int.random(in: 0...400, using: &rng)
            limits.minImageSide = Int.random(in: 0...20, using: &rng)
            limits.maxImagePixels = Int.random(in: 100...90_000, using: &rng)
            limits.maxImageBytes = Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 1...3_000, using: &rng) : 1 << 20
            let maxBytes = Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 1...5_000, using: &rng) : nil
            let cuts = (0..<Int.random(in: 0...8, using: &rng)).map { _ in Int.random(in: 0...data.count, using: &rng) }.sorted()
            let new = Self.collect(data, transfer: transfer, maxBytes: maxBytes, limits: limits, cuts: cuts, reference: false)
            XCTAssertEqual(
                new, Self.collect(data, transfer: transfer, maxBytes: maxBytes, limits: limits, cuts: cuts, reference: true),
                "trial \(trial)")
            kept += new.images.count
        }
        XCTAssertGreaterThan(kept, 300)
    }
}
