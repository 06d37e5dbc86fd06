import XCTest
import Foundation
import HooklineCore
@testable import HooklineText

/// The development corpus's `.eml` files, walked: `HOOKLINE_CORPUS`, else ../shared/corpus
/// beside the checkout; the test is skipped where neither is there.
func corpusWalker() throws -> (root: String, walker: FileManager.DirectoryEnumerator) {
    let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let root =
        ProcessInfo.processInfo.environment["HOOKLINE_CORPUS"]
        ?? checkout.deletingLastPathComponent().appendingPathComponent("shared/corpus").path
    guard let walker = FileManager.default.enumerator(atPath: root) else { throw XCTSkip("no corpus at \(root)") }
    return (root, walker)
}

/// Collects what the text layer emits and checks the TextSink contract on the way:
/// begin/end pair up, views never nest, and every text call is valid UTF-8 on its own.
final class RecordingSink: TextSink {
    var runs: [(view: TextView, text: [UInt8])] = []
    var anomalies: [Anomaly] = []
    var violations: [String] = []
    private var open: TextView?

    func begin(_ view: TextView) {
        if let open { violations.append("begin(\(view)) while \(open) open") }
        open = view
        runs.append((view, []))
    }
    func text(_ utf8: UnsafeRawBufferPointer) {
        guard open != nil, !runs.isEmpty else { violations.append("text outside a run"); return }
        if String(validating: Array(utf8), as: UTF8.self) == nil {
            violations.append("text chunk is not valid UTF-8 on its own: \(Array(utf8).prefix(16))")
        }
        if utf8.isEmpty { violations.append("empty text call") }
        runs[runs.count - 1].text.append(contentsOf: utf8)
    }
    func end() {
        if open == nil { violations.append("end without begin") }
        open = nil
    }
    func anomaly(_ anomaly: Anomaly) { anomalies.append(anomaly) }

    func text(of view: TextView) -> String {
        runs.filter { $0.view == view }.map { String(decoding: $0.text, as: UTF8.self) }.joined(separator: "|")
    }
}

final class FeaturesBox { var value = HeaderFeatures() }

struct ScanResult {
    let sink: RecordingSink
    let features: HeaderFeatures
    let parser: MIMEParser
    let headerCalls: [(String, [UInt8])]
    /// What the parser said just before finish(): whether the milter would still send body.
    let wantedMoreBody: Bool

    /// Exact record used to compare chunkings: every run byte for byte, anomalies, counts.
    var exact: String {
        var s = runs(normalizeNewlines: false)
        s += "anomalies: \(sink.anomalies.map(\.rawValue).sorted())\nparts: \(parser.partCount) wanted: \(wantedMoreBody)\n"
        return s
    }

    func runs(normalizeNewlines: Bool) -> String {
        var s = ""
        for run in sink.runs {
            var t = String(decoding: run.text, as: UTF8.self)
            if normalizeNewlines { t = t.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\\r") }
            s += "--- \(run.view.rawValue) ---\n\(t)\n"
        }
        return s
    }

    /// Human-readable golden form.
    var golden: String {
        var s = ""
        let f = features
        func box(_ m: Mailbox?) -> String { m.map { "\"\($0.displayName)\" <\($0.address)>" } ?? "-" }
        s += "from: \(box(f.from))\n"
        if f.sender != nil { s += "sender: \(box(f.sender))\n" }
        s += "subject: \(f.subject)\n"
        s += "headers: \(f.headerCount) parts: \(parser.partCount) wantsMoreBody: \(wantedMoreBody)\n"
        let all = Set(sink.anomalies).union(f.anomalies).map(\.rawValue).sorted()
        s += "anomalies: \(all.joined(separator: " "))\n"
        s += runs(normalizeNewlines: true)
        return s
    }
}

enum Harness {
    static func fixtureNames() -> [String] {
        guard let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".eml") }.sorted()
    }

    static func fixture(_ name: String) -> [UInt8] {
        guard let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil),
            let data = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path)
        else {
            XCTFail("missing fixture \(name)")
            return []
        }
        return [UInt8](data)
    }

    /// Drives splitter → (HeaderFeatures, MIMEParser) like `hookline scan`, cutting the raw
    /// message at `cuts` (ascending offsets).
    static func scan(
        _ bytes: [UInt8], cuts: [Int] = [], limits: Limits = .default,
        handOn: Bool = true, probe: ((MIMEParser) -> Void)? = nil
    ) -> ScanResult {
        let sink = RecordingSink()
        let parser = MIMEParser(limits: limits, sink: sink)
        let box = FeaturesBox()
        var headerCalls: [(String, [UInt8])] = []
        let splitter = MessageSplitter(
            limits: limits,
            onHeader: { name, value in
                headerCalls.append((name, Array(value)))
                // As MessageScan: the parser gets what the features made of the field,
                // or (handOn false) reads it itself.
                let read = box.value.add(name: name, value: value, limits: limits)
                parser.header(name: name, value: value, read: handOn ? read : nil)
            },
            onEndOfHeaders: {
                parser.endOfHeaders()
            },
            onBody: { chunk in
                parser.body(chunk)
            })
        bytes.withUnsafeBytes { buf in
            var start = 0
            for cut in cuts + [buf.count] where cut >= start && cut <= buf.count {
                splitter.feed(UnsafeRawBufferPointer(rebasing: buf[start..<cut]))
                start = cut
            }
        }
        splitter.finish()
        probe?(parser)
        let wanted = parser.wantsMoreBody
        parser.finish()
        return ScanResult(sink: sink, features: box.value, parser: parser, headerCalls: headerCalls, wantedMoreBody: wanted)
    }

    /// Feeds the body straight to a parser (no splitter), in the given chunk sizes.
    static func parse(
        body: [UInt8], headers: [(String, String)], chunk: Int = .max,
        limits: Limits = .default
    ) -> (RecordingSink, MIMEParser) {
        let sink = RecordingSink()
        let parser = MIMEParser(limits: limits, sink: sink)
        for (n, v) in headers {
            var v = v
            v.withUTF8 { parser.header(name: n, value: UnsafeRawBufferPointer($0)) }
        }
        parser.endOfHeaders()
        body.withUnsafeBytes { buf in
            var i = 0
            while i < buf.count {
                let j = min(buf.count, i + max(1, min(chunk, buf.count)))
                parser.body(UnsafeRawBufferPointer(rebasing: buf[i..<j]))
                i = j
            }
        }
        parser.finish()
        return (sink, parser)
    }
}

/// Deterministic generator so random chunkings are reproducible from the seed in a failure message.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
