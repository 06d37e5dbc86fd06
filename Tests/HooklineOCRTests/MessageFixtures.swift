import XCTest
import Foundation
import HooklineCore
import HooklineText
@testable import HooklineEngine
@testable import HooklineLoader

/// The shipped config, compiled once per test target (a Vectorscan compile costs seconds);
/// the Engine is immutable, so every test can share it.
enum ShippedConfig {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let load = ConfigLoader.load(path: repo.appendingPathComponent("Config/hookline.yaml").path)
}

/// A sink that keeps only anomalies, for driving the MIME layer alone.
final class NullTextSink: TextSink {
    var anomalies: Set<Anomaly> = []
    func begin(_ view: TextView) {}
    func text(_ utf8: UnsafeRawBufferPointer) {}
    func end() {}
    func anomaly(_ anomaly: Anomaly) { anomalies.insert(anomaly) }
}

/// Messages around images, the MIME layer driven alone, and the shipped engine: what the
/// image tests of every format share.
protocol MessageFixtures {}

extension MessageFixtures {
    func shippedEngine() throws -> Engine {
        switch ShippedConfig.load {
        case .success(let e): return e
        case .failure(let f): throw XCTSkip("shipped config invalid: \(f.diagnostics)")
        }
    }

    /// The MIME layer alone, fed in `chunk`-byte pieces: the images it kept, and its anomalies.
    func parse(_ message: [UInt8], limits: Limits = .default, chunk: Int = 4096) -> ([CollectedImage], Set<Anomaly>) {
        let parser = MIMEParser(limits: limits, sink: NullTextSink())
        let splitter = MessageSplitter(
            limits: limits, onHeader: { parser.header(name: $0, value: $1) },
            onEndOfHeaders: { parser.endOfHeaders() }, onBody: { parser.body($0) })
        message.withUnsafeBytes { raw in
            var i = 0
            while i < raw.count {
                splitter.feed(UnsafeRawBufferPointer(rebasing: raw[i..<min(raw.count, i + chunk)]))
                i += chunk
            }
        }
        splitter.finish()
        parser.finish()
        return (parser.images, parser.anomalies)
    }

    /// A one-image message around `image`, with `body` as its text.
    func message(_ image: [UInt8], type: String = "image/png", name: String = "scan.png", body: String = "") -> [UInt8] {
        let b64 = Data(image).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        let text = """
            From: Billing <billing@example.net>\nTo: user@example.com\nSubject: Invoice\nMIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="xx"\n\n--xx\nContent-Type: text/plain\n\n\(body)
            --xx\nContent-Type: \(type); name="\(name)"\nContent-Transfer-Encoding: base64\n\n\(b64)
            --xx--\n
            """
        return Array(text.utf8)
    }
}
