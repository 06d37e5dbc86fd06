// Target "analyzer": the normaliser, phone scanner and lexicon streams (TextAnalyzer)
// fed arbitrary bytes (not necessarily UTF-8) in arbitrary chunks, split into runs
// of different views, with the shipped rules' stream database.
// Input: [views][chunk seed][chunk scale][text]; a 0x00 0x00 pair in the text starts
// the next run, whose view is picked from `views` and the run's index.
import HooklineCore
import HooklineDetect
@testable import HooklineEngine

let database = shippedEngine.rules.streamDB
let limits = shippedEngine.config.limits
let regionSets: [[String]] = [["US"], ["US", "GB"], ["GB"], ["US", "CA", "IN", "AU"]]

/// Loads the rules before the first input, so that one-time allocation is not
/// charged to an input (libFuzzer's leak check would blame it).
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
    _ = shippedEngine.config.limits
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAnalyzer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let views = Int(input.byte())
    var chunking = Chunking(seed: input.byte(), scale: input.byte())
    let analyzer = TextAnalyzer(
        patterns: database, limits: limits,
        regions: regionSets[(views >> 4) % regionSets.count])
    let text = input.rest
    var start = 0
    var run = 0
    func emitRun(_ end: Int) {
        let all = TextView.allCases
        analyzer.begin(all[(views &+ run) % all.count])
        chunking.feed(UnsafeRawBufferPointer(rebasing: text[start..<end])) { analyzer.text($0) }
        // Low bit clear: close each run explicitly; set: let the next begin() close it.
        if views & 1 == 0 { analyzer.end() }
        run += 1
    }
    var i = 0
    while i + 1 < text.count {
        if text[i] == 0, text[i + 1] == 0 {
            emitRun(i)
            i += 2
            start = i
        } else {
            i += 1
        }
    }
    emitRun(text.count)
    let findings = analyzer.finish()
    // finish() twice is allowed (MessageScan may be finished once per reader).
    _ = analyzer.finish()
    for p in findings.phones { _ = p.e164.utf8.count &+ p.evidence.utf8.count }
    for m in findings.matches { _ = m.evidence.utf8.count &+ m.start &+ m.end }
    return 0
}
