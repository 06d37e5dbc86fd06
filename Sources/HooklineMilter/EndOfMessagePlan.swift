import HooklineCore
import HooklineEngine

/// Everything the milter tells the MTA at end of message, decided without
/// libmilter so the policy (docs/SPEC.md §3) can be tested on its own; the callback file
/// only carries it out.
struct EndOfMessagePlan: Equatable {
    enum Reply: Equatable {
        /// Keep the message (with whatever modifications the plan lists).
        case `continue`
        case reject(code: String, enhanced: String, text: String)
        /// `on_error: tempfail`.
        case tempfail
        /// `on_error: accept`: pass the message without waiting for more.
        case accept
    }

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

    /// The action the MTA sees: `mode: monitor` never holds or rejects.
    static func effectiveAction(_ verdict: Verdict, _ config: HooklineConfig) -> Action {
        config.mode == .monitor ? min(verdict.action, .tag) : verdict.action
    }

    /// Forged headers go in every outcome, even an accept without our header: a
    /// downstream filter must never read a verdict Hookline did not write.
    static func deletions(for forged: [(name: String, index: Int)]) -> [HeaderRef] {
        forged.map { HeaderRef(name: $0.name, index: $0.index) }
            .sorted { a, b in
                let an = a.name.lowercased(), bn = b.name.lowercased()
                return an == bn ? a.index > b.index : an < bn
            }
    }

    static func make(verdict: Verdict, config: HooklineConfig, forged: [(name: String, index: Int)],
                     subject: String?, queueId: String, client: String?) -> EndOfMessagePlan {
        var plan = EndOfMessagePlan()
        plan.deletions = deletions(for: forged)
        plan.subjectExists = subject != nil
        let action = effectiveAction(verdict, config)
        let headerName = HeaderText.sanitize(config.verdictHeader, limit: 80)
            .filter { $0 != " " && $0 != ":" }
        let value = HeaderText.sanitize(verdict.headerValue)

        if !headerName.isEmpty && (action != .accept || config.headerOnAccept) && action != .reject {
            plan.header = HeaderField(name: headerName, value: value)
        }
        if config.mode == .enforce, action == .tag || action == .quarantine,
           let prefix = config.subjectPrefix, !prefix.isEmpty {
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
        do {
            var line = "queue=\(queueId) action=\(action.rawValue)"
            if action != verdict.action { line += " verdict=\(verdict.action.rawValue) mode=monitor" }
            line += " score=" + String(format: "%.1f", verdict.score)
            line += " rules=" + (verdict.rules.isEmpty ? "-" : verdict.rules.map(\.id).joined(separator: ","))
            line += " phones=" + (verdict.phones.isEmpty ? "-" : verdict.phones.joined(separator: ","))
            if let p = verdict.platform { line += " platform=\(p)" }
            if let client { line += " client=\(client)" }
            plan.logLine = HeaderText.sanitize(line, limit: 2000)
        }
        return plan
    }

    /// The whole end-of-message decision for one message: `on_error` if something
    /// inside Hookline failed or the scan ran out of time before it found anything,
    /// otherwise the verdict's plan. The EOM callback and the milter fuzz harness
    /// both call this, so what is fuzzed is what runs.
    static func decide(for m: MessageState, queueId: String, client: String?) -> EndOfMessagePlan {
        let config = m.engine.config
        if let cause = m.failure {
            return .failure(cause: cause, config: config, forged: m.forgedHeaders, queueId: queueId)
        }
        let verdict = m.finish()
        if verdict.action == .accept && verdict.anomalies.contains(.scanTimeLimit) {
            return .failure(cause: "scan time limit (\(config.limits.maxScanMillis) ms) reached",
                            config: config, forged: m.forgedHeaders, queueId: queueId)
        }
        return .make(verdict: verdict, config: config, forged: m.forgedHeaders,
                     subject: m.subject, queueId: queueId, client: client)
    }

    /// `on_error`: the message passes untouched (apart from forged headers going)
    /// or is deferred; either way the log says which message and why.
    static func failure(cause: String, config: HooklineConfig, forged: [(name: String, index: Int)],
                        queueId: String) -> EndOfMessagePlan {
        var plan = EndOfMessagePlan()
        plan.deletions = deletions(for: forged)
        plan.reply = config.onError == .tempfail ? .tempfail : .accept
        plan.logLine = HeaderText.sanitize(
            "queue=\(queueId) internal error: \(cause); on_error=\(config.onError.rawValue)", limit: 2000)
        return plan
    }
}
