import XCTest
import Foundation
import HooklineCore
import HooklineText

/// Runs the text layer over the development corpus (if present) the way the milter
/// would: 64 KB chunks, CRLF as stored. It reports MB/s and checks that every
/// message keeps the sink contract; it asserts no speed, since the machine is shared.
final class CorpusThroughputTests: XCTestCase {
    final class CountingSink: TextSink {
        var bytes = 0, runs = 0, open = false, broken = 0
        func begin(_ view: TextView) { if open { broken += 1 }; open = true; runs += 1 }
        func text(_ utf8: UnsafeRawBufferPointer) {
            if !open { broken += 1 }
            bytes += utf8.count
        }
        func end() { if !open { broken += 1 }; open = false }
        func anomaly(_ anomaly: Anomaly) {}
    }

    func testCorpusThroughput() throws {
        let (root, walker) = try corpusWalker()
        var messages: [[UInt8]] = []
        for case let path as String in walker where path.hasSuffix(".eml") {
            if let d = FileManager.default.contents(atPath: root + "/" + path) { messages.append([UInt8](d)) }
        }
        if messages.isEmpty { throw XCTSkip("no .eml under \(root)") }
        let total = messages.reduce(0) { $0 + $1.count }
        let sink = CountingSink()
        let limits = Limits.default
        let rounds = 3
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<rounds {
            for m in messages {
                let parser = MIMEParser(limits: limits, sink: sink)
                var features = HeaderFeatures()
                let splitter = MessageSplitter(
                    limits: limits,
                    onHeader: { n, v in
                        features.add(name: n, value: v, limits: limits)
                        parser.header(name: n, value: v)
                    }, onEndOfHeaders: { parser.endOfHeaders() }, onBody: { parser.body($0) })
                m.withUnsafeBytes { buf in
                    var i = 0
                    while i < buf.count {
                        let j = min(buf.count, i + 65536)
                        splitter.feed(UnsafeRawBufferPointer(rebasing: buf[i..<j]))
                        i = j
                    }
                }
                splitter.finish()
                parser.finish()
            }
        }
        let secs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let mb = Double(total * rounds) / 1e6
        print(
            String(
                format: "corpus: %d messages, %.1f MB, %.1f MB/s, %.0f msg/s, %d text bytes out",
                messages.count, Double(total) / 1e6, mb / secs, Double(messages.count * rounds) / secs, sink.bytes / rounds))
        XCTAssertEqual(sink.broken, 0, "begin/text/end contract broken")
    }
}
