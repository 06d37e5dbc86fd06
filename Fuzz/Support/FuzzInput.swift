// Shared by every harness (compiled into each fuzz binary; not part of the package).
import HooklineCore

/// How a harness cuts its input into the chunks the MTA (or a producer) would hand
/// over. Two leading control bytes pick the chunking, so the fuzzer explores splits
/// as well as content: `seed` drives a SplitMix64 stream, `scale` picks the largest
/// chunk (1 byte up to a whole milter body chunk). Seeds made from .eml files get
/// these two bytes prepended by `scripts/fuzz.sh seeds`.
struct Chunking {
    static let scales = [1, 2, 3, 7, 16, 64, 257, 1024, 4096, 65535]
    private var state: UInt64
    let maxChunk: Int

    init(seed: UInt8, scale: UInt8) {
        state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 0x1234_5678
        maxChunk = Chunking.scales[Int(scale) % Chunking.scales.count]
    }

    mutating func next() -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return 1 + Int(z % UInt64(maxChunk))
    }

    /// Calls `body` with consecutive slices of `buf` covering it exactly.
    mutating func feed(_ buf: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var i = 0
        while i < buf.count {
            let j = min(buf.count, i + next())
            body(UnsafeRawBufferPointer(rebasing: buf[i..<j]))
            i = j
        }
    }

    /// Like `feed`, but never cuts inside a UTF-8 sequence: the charset layer promises
    /// its consumers (HTML and calendar extractors, the sink) whole characters.
    mutating func feedUTF8(_ buf: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var i = 0
        while i < buf.count {
            var j = min(buf.count, i + next())
            while j < buf.count, buf[j] & 0xC0 == 0x80 { j += 1 }
            body(UnsafeRawBufferPointer(rebasing: buf[i..<j]))
            i = j
        }
    }
}

/// Valid UTF-8 for stages that sit behind the charset layer: invalid bytes become
/// U+FFFD (a harness-side stand-in; the real pipeline repairs them as windows-1252).
func validUTF8(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
    Array(String(decoding: bytes, as: UTF8.self).utf8)
}

/// Reads control bytes off the front of the fuzzer's input; missing bytes read as 0.
struct FuzzInput {
    let data: UnsafeRawBufferPointer
    var at = 0

    init(_ start: UnsafePointer<UInt8>?, _ count: Int) {
        data = UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : count)
    }

    mutating func byte() -> UInt8 {
        guard at < data.count else { return 0 }
        defer { at += 1 }
        return data[at]
    }

    /// Everything not yet consumed.
    var rest: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: data[min(at, data.count)...]) }
}

/// Checks the `TextSink` contract the golden tests also check: runs pair up, views
/// never nest, no empty text calls, and every text call is valid UTF-8 on its own
/// (the analyzer relies on that). A violation is a bug in a producer, so it aborts
/// the run like a trap would and the fuzzer saves the input.
final class ContractSink: TextSink {
    private var open: TextView?
    var bytes = 0
    var runs = 0
    var anomalies: Set<Anomaly> = []

    func begin(_ view: TextView) {
        if let open { fatalError("TextSink contract: begin(\(view)) while \(open) open") }
        open = view
        runs += 1
    }

    func text(_ utf8: UnsafeRawBufferPointer) {
        guard open != nil else { fatalError("TextSink contract: text outside a run") }
        if utf8.isEmpty { fatalError("TextSink contract: empty text call") }
        if !Self.isValidUTF8(utf8) {
            let hex = { (b: UnsafeRawBufferPointer.SubSequence) in b.map { String($0, radix: 16) }.joined(separator: " ") }
            fatalError(
                "TextSink contract: text call of \(utf8.count) bytes is not valid UTF-8 on its own: "
                    + "starts \(hex(utf8.prefix(24))) … ends \(hex(utf8.suffix(24)))")
        }
        bytes += utf8.count
    }

    func end() {
        if open == nil { fatalError("TextSink contract: end without begin") }
        open = nil
    }

    func anomaly(_ anomaly: Anomaly) { anomalies.insert(anomaly) }

    static func isValidUTF8(_ b: UnsafeRawBufferPointer) -> Bool {
        String(validating: b, as: UTF8.self) != nil
    }
}
