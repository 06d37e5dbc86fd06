// Target "scan": the whole detector (MessageScan: headers, MIME, decoders, analyzer,
// rules, verdict) with the shipped Config/hookline.yaml loaded once, fed the way the
// milter or `hookline scan` feeds it. Input: [mode][chunk seed][chunk scale][message].
//   mode bit 0 clear: MessageSplitter (as `hookline scan` does);
//   mode bit 0 set:   milter-style: header lines up to the first blank line are cut at
//                     their first ':' and passed as they are (any name bytes, NUL ends a
//                     value as in a C string), the rest is body.
//   mode bit 1: stop sending body once wantsMoreBody is false (the milter's SMFIS_SKIP).
//   mode bit 2: an envelope (client, MAIL FROM, RCPT TO) is set.
// The verdict header value and JSON line are built as the milter / scan would.
import HooklineCore
import HooklineText
import HooklineEngine

let engine = shippedEngine

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
public func fuzzScan(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let mode = input.byte()
    var chunking = Chunking(seed: input.byte(), scale: input.byte())
    var envelope = Envelope()
    if mode & 4 != 0 {
        envelope.clientAddress = "192.0.2.7"
        envelope.heloName = "mail.example.net"
        envelope.mailFrom = "billing@example.net"
        envelope.rcptTo = ["victim@example.com", "other@example.org"]
        envelope.queueId = "4ABCDEF"
    }
    let scan = MessageScan(engine: engine, envelope: envelope)
    let honorSkip = mode & 2 != 0
    var skipping = false
    let body: (UnsafeRawBufferPointer) -> Void = { chunk in
        if skipping { return }
        scan.body(chunk)
        if honorSkip && !scan.wantsMoreBody { skipping = true }
    }
    let msg = input.rest
    if mode & 1 == 0 {
        let splitter = MessageSplitter(
            limits: engine.config.limits,
            onHeader: { scan.header(name: $0, value: $1) },
            onEndOfHeaders: { scan.endOfHeaders() },
            onBody: body)
        chunking.feed(msg) { splitter.feed($0) }
        splitter.finish()
    } else {
        var i = 0
        while i < msg.count {
            let nl = msg[i...].firstIndex(of: 0x0A) ?? msg.count
            var end = nl
            if end > i, msg[end - 1] == 0x0D { end -= 1 }
            if end == i { i = min(msg.count, nl + 1); break }  // blank line: end of headers
            let line = UnsafeRawBufferPointer(rebasing: msg[i..<end])
            let colon = line.firstIndex(of: 0x3A) ?? line.count
            let name = String(decoding: line[..<colon], as: UTF8.self)
            var value = UnsafeRawBufferPointer(rebasing: line[min(line.count, colon + 1)...])
            if let nul = value.firstIndex(of: 0) { value = UnsafeRawBufferPointer(rebasing: value[..<nul]) }
            scan.header(name: name, value: value)
            i = nl + 1
        }
        scan.endOfHeaders()
        if i < msg.count { chunking.feed(UnsafeRawBufferPointer(rebasing: msg[i...]), body) }
    }
    let verdict = scan.finish()
    _ = scan.finish()
    _ = verdict.headerValue.utf8.count &+ verdict.quarantineReason.utf8.count
    _ = VerdictJSON.line(file: "fuzz.eml", verdict: verdict, elapsedMicros: scan.elapsedMicros).utf8.count
    return 0
}
