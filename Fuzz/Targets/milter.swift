// Target "milter": the MilterHandler the C callbacks call (negotiation, per-connection
// and per-message state, the end-of-message plan carried out through a MilterContext),
// driven by a fuzzed sequence of MTA steps on one connection, with the strings
// converted the way the C callbacks convert them (a NUL ends a C string; body chunks
// are raw bytes). A recording context stands in for libmilter's SMFICTX; only the
// C-to-Swift conversion in MilterCallbacks.swift and libmilter's socket code are left out.
//
// Input: [variant][op, operands]... where variant % 4 picks the config, bit 2 the body
// reply mode (no-reply or SKIP), bit 3 whether the MTA offers every step or none (an
// old MTA), and bits 4-5 a context call the "MTA" refuses (none, add header, change
// header, quarantine) to drive `on_error`; op % 10 picks
//   0 connect (client address)   1 MAIL FROM (sender, queue id)   2 RCPT TO
//   3 header (name, value)       4 end of headers (queue id)      5 body chunk
//   6 end of message: what the MTA was sent is checked            7 abort
//   8 reload (the next config variant takes over for later messages)
//   9 body chunk from the end of the input, up to 64 KiB, as one milter chunk
// and a string or chunk operand is [length byte][bytes] (length >= 0xF0: 1..16 KiB).
//
// Checked at every end of message, against counts kept here rather than read back
// from the code under test: every incoming X-Hookline-* / verdict field is deleted
// exactly once (highest index first) unless the MTA refused a call, in which case the
// reply is `on_error`'s; nothing Hookline hands the MTA (header value, new Subject,
// quarantine reason, reply, log line) carries a CR, LF or other control character or
// outgrows the MTA's line limits; no stage answers "no reply" or SKIP unless that was
// negotiated. After the connection closes no message may still count as in flight.
import Foundation
import HooklineCore
@testable import HooklineEngine
@testable import HooklineMilter

/// The shipped rules under four configs, so every branch of the plan is reachable:
/// as shipped; prefix + reject + tempfail; monitor mode with another header name;
/// thresholds so low that every message is tagged, held or rejected.
let variants: [Engine] = {
    let base = shippedEngine
    var strict = base.config
    strict.subjectPrefix = "[CALLBACK?]"
    strict.headerOnAccept = false
    strict.rejectThreshold = 12
    strict.onError = .tempfail
    strict.rejectText = "Rejected: 100% callback %s phishing\r\nX-Injected: yes"
    var monitor = base.config
    monitor.mode = .monitor
    monitor.subjectPrefix = "[SUSPICIOUS]"
    monitor.verdictHeader = "X-Spam-Callback"
    var low = base.config
    low.tagThreshold = 0
    low.quarantineThreshold = 0.5
    low.rejectThreshold = 3
    low.subjectPrefix = "***"
    low.verdictHeader = "X-Hookline-Verdict: forged\r\nBcc"
    return [base] + [strict, monitor, low].map { Engine(config: $0, rules: base.rules) }
}()

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
    _ = variants.count
    return 0
}

extension FuzzInput {
    var atEnd: Bool { at >= data.count }

    mutating func operand() -> UnsafeRawBufferPointer {
        let l = Int(byte())
        let n = l < 0xF0 ? l : (l - 0xEF) * 1024
        return take(n)
    }

    mutating func take(_ n: Int) -> UnsafeRawBufferPointer {
        let start = min(at, data.count), end = min(data.count, start + n)
        at = end
        return UnsafeRawBufferPointer(rebasing: data[start..<end])
    }

    /// What `String(cString:)` makes of the operand in the callbacks.
    mutating func cString() -> String {
        let b = operand()
        return String(decoding: b.prefix { $0 != 0 }, as: UTF8.self)
    }
}

/// The forged fields an MTA holds, counted the way it matches names for
/// smfi_chgheader (ASCII case-insensitive).
struct ForgedTally {
    var counts: [String: Int] = [:]
    mutating func saw(_ name: String, verdictHeader: String) {
        let key = asciiLower(name)
        if key.hasPrefix("x-hookline-") || key == asciiLower(verdictHeader) { counts[key, default: 0] += 1 }
    }
    func asciiLower(_ s: String) -> String {
        String(decoding: s.utf8.map { (0x41...0x5A).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
    }
}

func mtaSafe(_ text: String, limit: Int, what: String) {
    if text.utf8.count > limit { fatalError("\(what): \(text.utf8.count) bytes, over \(limit)") }
    for s in text.unicodeScalars where s.value < 0x20 || s.value == 0x7F || s == "\u{2028}" || s == "\u{2029}" {
        fatalError("\(what) carries control character U+\(String(s.value, radix: 16)): \(text.debugDescription)")
    }
}

/// Records what the handler would send through libmilter; `refuse` makes one kind of
/// modification fail, as a broken MTA connection would.
final class RecordingContext: MilterContext {
    enum Refuse { case none, addHeader, changeHeader, quarantine }
    var queueId = ""
    var refuse = Refuse.none
    var added: [(name: String, value: String)] = []
    var changed: [(name: String, index: Int, value: String?)] = []
    var quarantined: [String] = []
    var replies: [(code: String, enhanced: String, text: String)] = []
    var refused = false

    func macro(_ name: String) -> String? { name == "i" && !queueId.isEmpty ? queueId : nil }
    func requestMacros(_ names: String, at stage: MacroStage) -> Bool { true }
    func addHeader(name: String, value: String) -> Bool {
        added.append((name, value)); return answer(.addHeader)
    }
    func changeHeader(name: String, index: Int, value: String?) -> Bool {
        changed.append((name, index, value)); return answer(.changeHeader)
    }
    func quarantine(reason: String) -> Bool { quarantined.append(reason); return answer(.quarantine) }
    func setReply(code: String, enhanced: String, text: String) -> Bool { replies.append((code, enhanced, text)); return true }
    private func answer(_ kind: Refuse) -> Bool {
        if refuse == kind { refused = true; return false }
        return true
    }
    func reset() { added = []; changed = []; quarantined = []; replies = []; refused = false }
}

func check(
    _ sent: RecordingContext, reply: MilterReply, config: HooklineConfig, tally: ForgedTally,
    overflow: Bool, logLines: [String]
) {
    for h in sent.added {
        if h.name.isEmpty || h.name.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F || $0 == 0x3A }) {
            fatalError("header name \(h.name.debugDescription) is not a field name")
        }
        mtaSafe(
            h.value, limit: h.name == "Subject" ? 2 * HeaderText.maxValueBytes : HeaderText.maxValueBytes,
            what: "added \(h.name) value")
    }
    for c in sent.changed { if let v = c.value { mtaSafe(v, limit: 2 * HeaderText.maxValueBytes, what: "new \(c.name)") } }
    for q in sent.quarantined { mtaSafe(q, limit: HeaderText.maxValueBytes, what: "quarantine reason") }
    for r in sent.replies {
        mtaSafe(r.text, limit: 400, what: "reject text")
        if r.text.contains("%") { fatalError("reject text keeps a % that Sendmail would expand") }
    }
    for line in logLines { mtaSafe(line, limit: 2000, what: "log line") }

    if sent.refused {
        let expected: MilterReply = config.onError == .tempfail ? .tempfail : .accept
        if reply != expected { fatalError("a refused call gave \(reply), not on_error's \(expected)") }
        return
    }
    if case .reject = reply, sent.replies.isEmpty { fatalError("reject without its reply text") }

    var deleted: [String: [Int]] = [:]
    for d in sent.changed where d.value == nil { deleted[tally.asciiLower(d.name), default: []].append(d.index) }
    for (name, indices) in deleted {
        if indices != indices.sorted(by: >) { fatalError("deletions of \(name) not highest index first: \(indices)") }
        let seen = tally.counts[name] ?? 0
        if indices != Array((1...max(1, seen)).reversed()) || seen == 0 {
            fatalError("deleting \(name) at \(indices) but the message had \(seen) such field(s)")
        }
    }
    if !overflow {
        for (name, n) in tally.counts where deleted[name] == nil {
            fatalError("\(n) forged \(name) field(s) left in the message")
        }
    }
}

/// "No reply" and SKIP only where negotiated.
func checkStep(_ reply: MilterReply, _ n: Negotiation, _ step: MilterSteps) {
    if reply == .noReply && !n.steps.contains(step) { fatalError("no-reply answer for \(step) without negotiating it") }
    if reply == .skip && !n.steps.contains(.skip) { fatalError("SKIP without the MTA offering it") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMilter(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let first = input.byte()
    var variant = Int(first) % variants.count
    let engines = EngineHolder(variants[variant])
    let inFlight = InFlightMessages()
    var logLines: [String] = []
    let handler = MilterHandler(
        engines: engines, inFlight: inFlight,
        bodyReply: first & 4 != 0 ? .skip : .noReply,
        log: { _, line in logLines.append(line) })
    let ctx = RecordingContext()
    ctx.refuse = [.none, .addHeader, .changeHeader, .quarantine][Int(first >> 4) & 3]
    let (_, negotiated) = handler.negotiate(
        offeredActions: [.addHeaders, .changeHeaders, .quarantine, .setSymbolList],
        offeredSteps: first & 8 != 0 ? MilterSteps(rawValue: 0x1F_FFFF) : [], context: ctx)
    var tally = ForgedTally()
    var steps = 0
    while !input.atEnd && steps < 2000 {
        steps += 1
        switch input.byte() % 10 {
        case 0:
            let host = input.cString()
            checkStep(handler.connect(hostname: host, address: host), negotiated, .noReplyConnect)
        case 1:
            let sender = input.cString()
            ctx.queueId = input.cString()
            checkStep(handler.mailFrom(sender, context: ctx), negotiated, .noReplyMail)
            tally = ForgedTally()
        case 2:
            checkStep(handler.rcpt(input.cString()), negotiated, .noReplyRcpt)
        case 3:
            let name = input.cString()
            let value = input.operand()
            if handler.message == nil { tally = ForgedTally() }  // the handler starts a message here
            tally.saw(name, verdictHeader: (handler.message?.engine ?? engines.current).config.verdictHeader)
            checkStep(
                handler.header(name: name, value: UnsafeRawBufferPointer(rebasing: value.prefix { $0 != 0 })),
                negotiated, .noReplyHeader)
        case 4:
            ctx.queueId = input.cString()
            checkStep(handler.endOfHeaders(context: ctx), negotiated, .noReplyEndOfHeaders)
        case 5:
            checkStep(handler.body(input.operand()), negotiated, .noReplyBody)
        case 6:
            let config = (handler.message?.engine ?? engines.current).config
            let overflow = handler.message?.forgedOverflow ?? false
            ctx.reset(); logLines = []
            let reply = handler.endOfMessage(context: ctx)
            check(ctx, reply: reply, config: config, tally: tally, overflow: overflow, logLines: logLines)
            tally = ForgedTally()
        case 7:
            _ = handler.abort()
            tally = ForgedTally()
        case 8:
            variant = (variant + 1) % variants.count
            engines.replace(with: variants[variant])
        default:
            let n = min(65535, input.data.count - input.at)
            checkStep(
                handler.body(UnsafeRawBufferPointer(rebasing: input.data[(input.data.count - n)...])),
                negotiated, .noReplyBody)
        }
    }
    handler.close()
    if inFlight.value != 0 { fatalError("\(inFlight.value) message(s) still in flight after the connection closed") }
    return 0
}
