import XCTest
import HooklineCore
@testable import HooklineText

/// `PDFTextExtractor` and `PDFContentScanner` keep their lexer state in a struct behind a
/// pointer and add to the string being read in place; `ReferencePDFTextExtractor` (with
/// `ReferencePDFContentScanner`) is the code with that state in stored properties. Both read
/// the same generated PDF-like files (info strings, hex strings, dictionaries, font and
/// ToUnicode links, plain, Flate'd, skipped and image streams, damaged and cut data, stray
/// bytes) in the same random pieces and must write the same text, record the same
/// anomalies and collect the same images.
final class PDFExtractorReferenceTests: XCTestCase {
    static let words: [String] = [
        "/Title", "/Subject", "/Author", "/Keywords", "/Producer", "/Font", "/F1", "/F2", "/ToUnicode",
        "/FlateDecode", "/Fl", "/Image", "/DCTDecode", "/DCT", "/Subtype", "/Filter", "/SMask", "/Mask",
        "/Width 3", "/Height 2", "/BitsPerComponent 8", "/ColorSpace /DeviceGray", "/ICCBased", "/N 1",
        "/Type", "/Page", "/FontFile2", "/Metadata", "/ASCIIHexDecode", "/Length 12", "/Resources",
        "<<", ">>", "[", "]", "<48656C6C6F>", "<>", "(Call 1-800-555-0100)", "(a \\(b\\) c)", "(x (y) z)",
        "(\\n\\r\\t\\101\\\n)", "%comment\n", "0", "7", "12", "1 0 R", "2 0 R", "3 0 R", "true", "null",
        "obj", "endobj", "R", "{", "}", "/a/b", "1234567890123", "-3.5", "/", "\u{00E9}",
    ]
    static let spaces: [[UInt8]] = [[0x20], [0x0A], [0x0D, 0x0A], [0x09], [0x00], [0x0C], []]

    static func content(_ rng: inout SplitMix64) -> [UInt8] {
        switch Int.random(in: 0..<6, using: &rng) {
        case 5:
            return Array(
                "BT (a\\101\\12b\\\n(c)) Tj <48656c6c6f2> Tj <</Pg 4142>> Tj <0001> Tj (\\7x) ' [(d) -300 <0002>] TJ ET"
                    .utf8)
        case 0: return Array("BT /F1 12 Tf 10 20 Td (Call 1-800-555-0100 now) Tj T* [(a) -20 (b)] TJ ET".utf8)
        case 1:
            return Array(
                "/CIDInit begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfchar <0001> <0041> <0002> <0042> endbfchar 1 beginbfrange <0003> <0005> <0043> endbfrange endcmap"
                    .utf8)
        case 2: return Array("BT /F1 1 Tf <000100020003> Tj /F2 1 Tf <0102> Tj ET".utf8)
        case 3: return (0..<Int.random(in: 0...80, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        default: return Array("BT (Invoice 42) ' ET endstrea e".utf8)
        }
    }

    static func file(_ rng: inout SplitMix64) -> [UInt8] {
        var out: [UInt8] = Array("%PDF-1.4\n".utf8)
        for object in 1...Int.random(in: 1...8, using: &rng) {
            out += Array("\(object) 0 obj\n<<".utf8)
            var flate = false
            for _ in 0..<Int.random(in: 0...8, using: &rng) {
                let w = words.randomElement(using: &rng) ?? ""
                if w == "/FlateDecode" { flate = true }
                out += Array(w.utf8)
                out += spaces.randomElement(using: &rng) ?? []
            }
            out += Array(">>".utf8)
            if Int.random(in: 0..<3, using: &rng) != 0 {
                out += Array((Bool.random(using: &rng) ? "\nstream\r\n" : " stream\n").utf8)
                var data = content(&rng)
                if flate {
                    data = PDFRasterRowTests.zlibStored(data.isEmpty ? [0x20] : data, &rng)
                    if Int.random(in: 0..<8, using: &rng) == 0 {
                        data[Int.random(in: 0..<data.count, using: &rng)] ^= 0x5A  // damaged
                    }
                }
                out += data
                out += Array("\nendstream\n".utf8)
            }
            if Int.random(in: 0..<10, using: &rng) != 0 { out += Array("endobj\n".utf8) }
            for _ in 0..<Int.random(in: 0...2, using: &rng) {  // stray tokens between objects
                out += Array((words.randomElement(using: &rng) ?? "").utf8)
                out += spaces.randomElement(using: &rng) ?? [0x20]
            }
        }
        if Int.random(in: 0..<6, using: &rng) == 0 { out.removeLast(Int.random(in: 0...out.count, using: &rng)) }  // cut
        return out
    }

    struct Outcome: Equatable {
        var runs: [String]
        var anomalies: Set<Anomaly>
        var images: [[UInt8]]
    }

    static func read(_ bytes: [UInt8], cuts: [Int], budget: Int, reference: Bool) -> Outcome {
        let sink = RecordingSink()
        let writer = ViewWriter(sink: sink)
        let recorder = AnomalyRecorder(sink: nil)
        let store = ImageStore()
        let limits = PDFRasterRowTests.limits()
        let collector: (Int?) -> ImageCollector? = { max in
            ImageCollector(
                transferEncoding: "binary", name: "PDF image", limits: limits, store: store, anomalies: recorder,
                maxBytes: max)
        }
        let ref =
            reference
            ? ReferencePDFTextExtractor(
                writer: writer, anomalies: recorder, inflateBudget: budget, limits: limits, imageCollector: collector) : nil
        let new =
            reference
            ? nil
            : PDFTextExtractor(writer: writer, anomalies: recorder, inflateBudget: budget, limits: limits, imageCollector: collector)
        bytes.withUnsafeBytes { buf in
            var from = 0
            for to in cuts + [buf.count] where to >= from {
                ref?.feed(buf.slice(from, to))
                new?.feed(buf.slice(from, to))
                from = to
            }
        }
        ref?.finish()
        new?.finish()
        writer.close()
        return Outcome(
            runs: sink.runs.map { "\($0.view):\($0.text)" } + sink.violations, anomalies: recorder.seen,
            images: store.images.map(\.bytes))
    }

    func testExtractorMatchesTheReference() {
        var rng = SplitMix64(state: 4242)
        var texts = 0
        for trial in 0..<2_000 {
            let bytes = Self.file(&rng)
            var cuts = (0..<Int.random(in: 0...6, using: &rng)).map { _ in Int.random(in: 0...bytes.count, using: &rng) }.sorted()
            if trial % 100 == 0 { cuts = Array(stride(from: 1, to: bytes.count, by: 1)) }
            let budget = Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 0...40, using: &rng) : 1 << 20
            let new = Self.read(bytes, cuts: cuts, budget: budget, reference: false)
            XCTAssertEqual(new, Self.read(bytes, cuts: cuts, budget: budget, reference: true), "trial \(trial)")
            if !new.runs.isEmpty { texts += 1 }
        }
        XCTAssertGreaterThan(texts, 500)
    }
}
