import HooklineCore
import HooklineEngine

/// Everything the milter tells the MTA at end of message, as data: which action
/// is ``ActionPolicy``'s call, this only turns it into header changes, a quarantine
/// reason and a reply (docs/SPEC.md §3), so it can be tested without an MTA.
/// ``apply(to:)`` carries it out through a ``MilterContext``.
struct EndOfMessagePlan: Equatable {
    /// `continue` (keep the message, with the modifications listed), `reject`, or
    /// `accept` / `tempfail` from `on_error`.
    typealias Reply = MilterReply

    /// Forged `X-Hookline-*` fields to delete, highest index first per name so that
    /// each deletion leaves the remaining indices valid.
    var deletions: [HeaderRef] = []
    /// The verdict header to add, if any.
    var header: HeaderField?
    /// New Subject value (index 1), or a Subject to add when the message had none.
    var newSubject: String?
    var subjectExists = false
    var quarantineReason: String?
    var reply: Reply = .continue
    /// Line for the log, or nil for a plain accept.
    var logLine: String?

    struct HeaderRef: Equatable { var name: String; var index: Int }
    struct HeaderField: Equatable { var name: String; var value: String }

    /// Forged headers go in every outcome, even an accept without our header: a
    /// downstream filter must never read a verdict Hookline did not write.
    static func deletions(for forged: [(name: String, index: Int)]) -> [HeaderRef] {
        forged.map { HeaderRef(name: $0.name, index: $0.index) }
            .sorted { a, b in
                let an = OwnHeaderFields.key(a.name), bn = OwnHeaderFields.key(b.name)
                return an == bn ? a.index > b.index : an < bn
            }
    }

    /// The plan for a judged message. `verdict.action` is final (``ActionPolicy``
    /// already applied thresholds and monitor mode); `wouldBe` only goes to the log.
    /// `headerName`: ``headerName(_:)`` of `config.verdictHeader`, when the caller has it.
    static func make(
        verdict: Verdict, config: HooklineConfig, forged: [(name: String, index: Int)],
        subject: String?, queueId: String, client: String?, envelope: Envelope? = nil, headerName: String? = nil
    ) -> EndOfMessagePlan {
        var plan = EndOfMessagePlan()
        plan.deletions = deletions(for: forged)
        plan.subjectExists = subject != nil
        let action = verdict.action
        let headerName = headerName ?? Self.headerName(config.verdictHeader)
        let value = HeaderText.sanitize(verdict.headerValue)

        if !headerName.isEmpty && (action != .accept || config.headerOnAccept) && action != .reject {
            plan.header = HeaderField(name: headerName, value: value)
        }
        if !ActionPolicy(config: config).headerOnly, action == .tag || action == .quarantine,
            let prefix = config.subjectPrefix, !prefix.isEmpty
        {
            let old = subject ?? ""
            if !old.hasPrefix(prefix) {
                let joined = old.isEmpty ? prefix : prefix + " " + old
                plan.newSubject = HeaderText.sanitize(joined, limit: 2 * HeaderText.maxValueBytes)
            }
        }
        switch action {
        case .accept, .tag:
            break
        case .quarantine:
            plan.quarantineReason = HeaderText.sanitize(verdict.quarantineReason)
        case .reject:
            plan.reply = .reject(code: "550", enhanced: "5.7.1", text: HeaderText.replyText(config.rejectText))
        }
        // Every message gets its line, accepts included: an admin tracing one queue id
        // (or counting traffic in the log) must not find silence for the common case.
        plan.logLine = HeaderText.sanitize(
            logLine(verdict: verdict, queueId: queueId, client: client, envelope: envelope), limit: 2000)
        return plan
    }

    /// `HeaderText.sanitize(configured, limit: 80)` without spaces and colons. After the
    /// ASCII sanitizer no CR is left, so every Character is one byte and the bytes are
    /// filtered; the Character filter (~5 k instructions a message) stays for the rest.
    /// A clean name without a space or colon (the configured verdict header, every message)
    /// is the name itself: the filter would keep every byte, and decoding a lazy filter into
    /// a new String cost ~2.5 k instructions a message.
    static func headerName(_ configured: String) -> String {
        if let clean = HeaderText.sanitizeASCII(configured, limit: 80) {
            var c = clean
            return c.withUTF8 { b in
                if !b.contains(where: { $0 == ASCII.space || $0 == ASCII.colon }) { return clean }
                return String(decoding: b.lazy.filter { $0 != ASCII.space && $0 != ASCII.colon }, as: UTF8.self)
            }
        }
        return HeaderText.sanitize(configured, limit: 80).filter { $0 != " " && $0 != ":" }
    }

    /// The log line before sanitizing: `queue=… action=… score=… rules=… phones=…` and the
    /// rest. Written as bytes into one buffer (the pieces are whole Strings, so their bytes
    /// joined are the joined String's): the String appends and their temporaries cost
    /// ~15 k instructions a message. `EndOfMessagePlanLogLineTests` hold it to the appends.
    static func logLine(verdict: Verdict, queueId: String, client: String?, envelope: Envelope?) -> String {
        // Room for a line with a few rules, phones and a Message-ID: with 256 most lines
        // outgrew it once, a second buffer and a copy (~900 instructions a message).
        var line = ByteLine(capacity: 512)
        func put(_ list: ArraySlice<String>, into line: inout ByteLine) {
            for k in list.indices {
                if k > list.startIndex { line.put(UInt8(ascii: ",")) }
                line.put(list[k])
            }
        }
        line.put("queue=" as StaticString)
        line.put(queueId)
        line.put(" action=" as StaticString)
        line.put(verdict.action.rawValue)
        if let wouldBe = verdict.wouldBe {
            line.put(" verdict=" as StaticString)
            line.put(wouldBe.rawValue)
            line.put(" mode=monitor" as StaticString)
        }
        line.put(" score=" as StaticString)
        line.putNumber(verdict.score)
        line.put(" rules=" as StaticString)
        if verdict.rules.isEmpty {
            line.put("-" as StaticString)
        } else {
            // By index: each element taken whole copied the hit (its id, description, group
            // and evidence retained and released) to read one string.
            for k in verdict.rules.indices {
                if k > 0 { line.put(UInt8(ascii: ",")) }
                line.put(verdict.rules[k].id)
            }
        }
        line.put(" phones=" as StaticString)
        if verdict.phones.isEmpty { line.put("-" as StaticString) } else { put(verdict.phones[...], into: &line) }
        if let p = verdict.platform {
            line.put(" platform=" as StaticString)
            line.put(p)
        }
        if let client {
            line.put(" client=" as StaticString)
            line.put(client)
        }
        if let envelope {
            line.put(" from=" as StaticString)
            if let from = envelope.mailFrom {
                if from.isEmpty { line.put("<>" as StaticString) } else { line.put(from) }
            } else {
                line.put("-" as StaticString)
            }
            line.put(" rcpt=" as StaticString)
            // "-" when the joined list is empty: no recipient, or one empty one.
            let shown = envelope.rcptTo.prefix(5)
            if shown.count <= 1 && shown.allSatisfy({ $0.isEmpty }) { line.put("-" as StaticString) } else { put(shown, into: &line) }
            if envelope.rcptTo.count > 5 {
                line.put(",+" as StaticString)
                line.put(String(envelope.rcptTo.count - 5))
            }
        }
        if let id = verdict.messageId, !id.isEmpty {
            line.put(" msgid=" as StaticString)
            line.put(withoutSpaces(id))
        }
        line.put(" elapsed_ms=" as StaticString)
        if let tenths = millisTenths(verdict.elapsedMicros) {
            // ``millis(_:)`` written as its digits, without its three Strings joined.
            line.putDecimal(tenths / 10)
            line.put(UInt8(ascii: "."))
            line.putDecimal(tenths % 10)
        } else {
            line.put(millis(verdict.elapsedMicros))
        }
        return line.string
    }

    /// `String(format: "%.1f", Double(micros) / 1000)` without Foundation's formatter
    /// (~12 k instructions, once per message). printf rounds the double nearest
    /// micros/1000 to tenths; away from a decimal midpoint (micros % 100 != 50) that double
    /// is far closer to micros/1000 than 1/1000 for any time below 2^40 µs, so the integer
    /// rounding of micros agrees; on one, the double lies above, below or on it, which the
    /// sign of the division's remainder (exact with a fused multiply-add) tells, and a tie
    /// goes to the even tenth as printf's does. Anything else goes to the formatter.
    static func millis(_ micros: Int) -> String {
        guard let tenths = millisTenths(micros) else { return String(format: "%.1f", Double(micros) / 1000) }
        return String(tenths / 10) + "." + String(tenths % 10)
    }

    /// The tenths of a millisecond ``millis(_:)`` prints, or nil where it asks the formatter.
    static func millisTenths(_ micros: Int) -> Int? {
        guard micros >= 0, micros < 1 << 40 else { return nil }
        var tenths = micros / 100
        let rest = micros % 100
        if rest > 50 {
            tenths += 1
        } else if rest == 50 {
            let d = Double(micros) / 1000
            let remainder = (-Double(micros)).addingProduct(d, 1000)  // d * 1000 - micros, exact
            if remainder > 0 || (remainder == 0 && tenths % 2 == 1) { tenths += 1 }
        }
        return tenths
    }

    /// `text.filter { $0 != " " }`, which walks every Character of every message's Message-ID.
    /// Without a 0x20 byte no Character can equal " " (U+0020 has no canonical equivalent),
    /// so the text is returned as it is; with one, the Character filter decides. The bytes
    /// are searched in place (`UTF8View.contains`, a byte at a time through the view, was
    /// ~1.7 k instructions a message).
    static func withoutSpaces(_ text: String) -> String {
        let space = text.utf8.withContiguousStorageIfAvailable { b in b.contains(ASCII.space) } ?? text.utf8.contains(ASCII.space)
        return space ? text.filter { $0 != " " } : text
    }

    /// The whole end-of-message decision for one message: `on_error` if something
    /// inside Hookline failed, otherwise what ``ActionPolicy`` decides for the verdict
    /// (which includes the scan time limit). The handler and the milter fuzz harness
    /// both reach this through ``MilterHandler/endOfMessage(context:)``.
    /// `headerName` as ``make(verdict:config:forged:subject:queueId:client:envelope:headerName:)`` takes it.
    static func decide(for m: MessageState, queueId: String, client: String?, headerName: String? = nil) -> EndOfMessagePlan {
        // The config read where it is passed, through the engine held here: a local copy of
        // it retained and released every string, list and table in it once a message.
        let engine = m.engine
        if let cause = m.failure {
            return .failure(cause: cause, config: engine.config, forged: m.forgedHeaders, queueId: queueId)
        }
        let verdict = m.finish()
        switch engine.policy.decide(verdict) {
        case .onError(let cause, _):
            return .failure(cause: cause, config: engine.config, forged: m.forgedHeaders, queueId: queueId)
        case .verdict:
            return .make(
                verdict: verdict, config: engine.config, forged: m.forgedHeaders,
                subject: m.subjectForPlan, queueId: queueId, client: client, envelope: m.envelope,
                headerName: headerName)
        }
    }

    /// `on_error`: the message passes untouched (apart from forged headers going)
    /// or is deferred; either way the log says which message and why.
    static func failure(
        cause: String, config: HooklineConfig, forged: [(name: String, index: Int)],
        queueId: String
    ) -> EndOfMessagePlan {
        var plan = EndOfMessagePlan()
        plan.deletions = deletions(for: forged)
        if case .onError(_, .tempfail) = ActionPolicy(config: config).failure(cause) {
            plan.reply = .tempfail
        } else {
            plan.reply = .accept
        }
        plan.logLine = HeaderText.sanitize(
            "queue=\(queueId) internal error: \(cause); on_error=\(config.onError.rawValue)", limit: 2000)
        return plan
    }

    /// Carries out the modifications in the order the MTA needs (forged fields out
    /// before ours goes in); returns which call failed first, so the caller can fall
    /// back to `on_error`. The reply itself is the handler's to send.
    func apply(to context: MilterContext) -> String? {
        for d in deletions where !context.changeHeader(name: d.name, index: d.index, value: nil) {
            return "smfi_chgheader(\(d.name), \(d.index)) failed"
        }
        if let h = header, !context.addHeader(name: h.name, value: h.value) {
            return "smfi_addheader(\(h.name)) failed"
        }
        if let subject = newSubject {
            let ok =
                subjectExists
                ? context.changeHeader(name: "Subject", index: 1, value: subject)
                : context.addHeader(name: "Subject", value: subject)
            if !ok { return "Subject change failed" }
        }
        if let reason = quarantineReason, !context.quarantine(reason: reason) {
            return "smfi_quarantine failed"
        }
        return nil
    }
}
