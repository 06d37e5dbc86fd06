// Target "milter": the Swift side of the milter callbacks (MilterSession, MessageState,
// EndOfMessagePlan.decide), driven by a fuzzed sequence of MTA steps on one connection,
// with the strings converted the way the C callbacks convert them (a NUL ends a C string;
// body chunks are raw bytes). Only libmilter's socket code is left out.
//
// Input: [variant][op, operands]... where op % 10 picks
//   0 connect (client address)   1 MAIL FROM (sender, queue id)   2 RCPT TO
//   3 header (name, value)       4 end of headers (queue id)      5 body chunk
//   6 end of message: plan built and checked                      7 abort
//   8 reload (the next config variant takes over for later messages)
//   9 body chunk from the end of the input, up to 64 KiB, as one milter chunk
// and a string or chunk operand is [length byte][bytes] (length >= 0xF0: 1..16 KiB).
//
// Checked at every end of message, against counts kept here rather than read back
// from the code under test: every incoming X-Hookline-* / verdict field is deleted
// exactly once (highest index first), and nothing Hookline hands the MTA (header
// value, new Subject, quarantine reason, reply, log line) carries a CR, LF or other
// control character or outgrows the MTA's line limits. After the connection closes
// no message may still count as in flight (a stop would wait on it).
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
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
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

func check(_ plan: EndOfMessagePlan, tally: ForgedTally, overflow: Bool) {
    if let h = plan.header {
        if h.name.isEmpty || h.name.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F || $0 == 0x3A }) {
            fatalError("verdict header name \(h.name.debugDescription) is not a field name")
        }
        mtaSafe(h.value, limit: HeaderText.maxValueBytes, what: "verdict header value")
    }
    if let s = plan.newSubject { mtaSafe(s, limit: 2 * HeaderText.maxValueBytes, what: "new Subject") }
    if let q = plan.quarantineReason { mtaSafe(q, limit: HeaderText.maxValueBytes, what: "quarantine reason") }
    if case let .reject(_, _, text) = plan.reply {
        mtaSafe(text, limit: 400, what: "reject text")
        if text.contains("%") { fatalError("reject text keeps a % that Sendmail would expand") }
    }
    if let line = plan.logLine { mtaSafe(line, limit: 2000, what: "log line") }

    var deleted: [String: [Int]] = [:]
    for d in plan.deletions { deleted[tally.asciiLower(d.name), default: []].append(d.index) }
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

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMilter(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    var variant = Int(input.byte()) % variants.count
    let engines = EngineHolder(variants[variant])
    let inFlight = InFlightMessages()
    let session = MilterSession(engines: engines, inFlight: inFlight)
    var tally = ForgedTally()
    var steps = 0
    while !input.atEnd && steps < 2000 {
        steps += 1
        switch input.byte() % 10 {
        case 0:
            let host = input.cString()
            session.clientName = host
            session.clientAddress = host
        case 1:
            session.beginMessage(mailFrom: input.cString())
            session.message?.setQueueId(input.cString())
            tally = ForgedTally()
        case 2:
            session.messageForContent().addRecipient(input.cString())
        case 3:
            let m = session.messageForContent()
            let name = input.cString()
            let value = input.operand()
            tally.saw(name, verdictHeader: m.engine.config.verdictHeader)
            m.header(name: name, value: UnsafeRawBufferPointer(rebasing: value.prefix { $0 != 0 }))
        case 4:
            let m = session.messageForContent()
            m.setQueueId(input.cString())
            m.endOfHeaders()
        case 5:
            _ = session.messageForContent().body(input.operand())
        case 6:
            let m = session.messageForContent()
            let plan = EndOfMessagePlan.decide(for: m, queueId: m.envelope.queueId ?? "NOQUEUE",
                                               client: session.clientAddress)
            check(plan, tally: tally, overflow: m.forgedOverflow)
            session.endMessage()
            tally = ForgedTally()
        case 7:
            session.endMessage()
            tally = ForgedTally()
        case 8:
            variant = (variant + 1) % variants.count
            engines.replace(with: variants[variant])
        default:
            let n = min(65535, input.data.count - input.at)
            _ = session.messageForContent().body(UnsafeRawBufferPointer(rebasing: input.data[(input.data.count - n)...]))
        }
    }
    session.endMessage()
    if inFlight.value != 0 { fatalError("\(inFlight.value) message(s) still in flight after the connection closed") }
    return 0
}
