// Target "mime": a raw message (header block + body) through MessageSplitter into
// HeaderFeatures and MIMEParser, the way `hookline scan` and the milter drive them,
// cut at fuzzer-chosen chunk sizes. Input: [chunk seed][chunk scale][message bytes].
import HooklineCore
@testable import HooklineText

let limits = Limits.default

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMIME(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let seed = input.byte()
    var chunking = Chunking(seed: seed, scale: input.byte())
    // Odd seeds stop feeding once the parser declines more body (the milter's SMFIS_SKIP);
    // even ones keep feeding, as `hookline scan` does.
    let honorSkip = seed & 1 == 1
    let sink = ContractSink()
    let parser = MIMEParser(limits: limits, sink: sink)
    var features = HeaderFeatures()
    var stopped = false
    let splitter = MessageSplitter(
        limits: limits,
        onHeader: { name, value in
            features.add(name: name, value: value, limits: limits)
            parser.header(name: name, value: value)
        },
        onEndOfHeaders: {
            parser.endOfHeaders()
        },
        onBody: { chunk in
            // The milter stops sending body once the parser says nothing more can matter.
            if stopped { return }
            parser.body(chunk)
            if honorSkip && !parser.wantsMoreBody { stopped = true }
        })
    chunking.feed(input.rest) { splitter.feed($0) }
    splitter.finish()
    parser.finish()
    _ = parser.anomalies.count &+ parser.partCount &+ features.headerCount
    return 0
}
