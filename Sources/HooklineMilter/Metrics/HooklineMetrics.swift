import HooklineEngine

/// The daemon's metrics, by name, over a ``MetricsRegistry``. The handler and the
/// reload path report plain facts here (an outcome word, a verdict, a reload result);
/// nothing in this file knows libmilter. Documented in the README ("Metrics").
public final class HooklineMetrics: Sendable {
    public let registry: MetricsRegistry

    /// What the MTA was told, one word per message: the four actions, or the two
    /// `on_error` outcomes, which dashboards must tell apart from a judged accept.
    public enum Outcome: String, CaseIterable, Sendable {
        case accept, tag, quarantine, reject
        case onErrorAccept = "on_error_accept"
        case onErrorTempfail = "on_error_tempfail"
    }

    /// Seconds: 1 ms to 5 s. Most messages finish in a few ms; OCR and big PDFs take
    /// hundreds, and the default `max_scan_millis` is 2 s.
    static let scanBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
    /// Bytes: 1 KiB to 16 MiB, by fours (the default body limit is 8 MiB).
    static let byteBuckets: [Double] = [1024, 4096, 16384, 65536, 262_144, 1_048_576, 4_194_304, 16_777_216]

    public init(registry: MetricsRegistry = MetricsRegistry()) {
        self.registry = registry
        let r = registry
        r.declare("hookline_messages_total", .counter, help: "Messages ended, by what the MTA was told (on_error_* when on_error decided).")
        r.declare("hookline_rule_hits_total", .counter, help: "Messages each rule fired on.")
        r.declare("hookline_platform_messages_total", .counter, help: "Messages that came through an authenticated notification platform.")
        r.declare("hookline_phones_found_total", .counter, help: "Phone numbers found, summed over messages.")
        r.declare("hookline_anomalies_total", .counter, help: "Messages with each structural anomaly, limit hits included.")
        r.declare(
            "hookline_scan_seconds", .histogram, help: "Seconds from a message's first header to its verdict.", buckets: Self.scanBuckets)
        r.declare(
            "hookline_message_bytes", .histogram, help: "Message bytes seen (headers and body, up to the body limit).",
            buckets: Self.byteBuckets)
        r.declare("hookline_reloads_total", .counter, help: "Config reloads, by result.")
        r.declare("hookline_connections_open", .gauge, help: "MTA connections open now.")
        // Zero series from the start, so rate() and alerts see the first increment.
        for o in Outcome.allCases { r.zero("hookline_messages_total", [("action", o.rawValue)]) }
        for result in ["ok", "failed"] { r.zero("hookline_reloads_total", [("result", result)]) }
        for name in [
            "hookline_phones_found_total", "hookline_scan_seconds", "hookline_message_bytes",
            "hookline_connections_open",
        ] { r.zero(name) }
    }

    /// One message ended. `verdict` is nil when nothing was judged (an internal error
    /// before the scan finished); `seconds` is the scan's age at its verdict.
    public func message(_ outcome: Outcome, verdict: Verdict?, seconds: Double?) {
        let r = registry
        r.add("hookline_messages_total", [("action", outcome.rawValue)])
        if let seconds { r.observe("hookline_scan_seconds", [], seconds) }
        guard let v = verdict else { return }
        // A rule listed twice in one verdict still counts one message.
        for id in Set(v.rules.map(\.id)) { r.add("hookline_rule_hits_total", [("rule", id)]) }
        if let p = v.platform { r.add("hookline_platform_messages_total", [("platform", p)]) }
        r.add("hookline_phones_found_total", [], Double(v.phones.count))
        for a in v.anomalies { r.add("hookline_anomalies_total", [("anomaly", a.rawValue)]) }
        r.observe("hookline_message_bytes", [], Double(v.bytes))
    }

    public func reload(ok: Bool) {
        registry.add("hookline_reloads_total", [("result", ok ? "ok" : "failed")])
    }

    public func connectionOpened() { registry.add("hookline_connections_open", [], 1) }
    public func connectionClosed() { registry.add("hookline_connections_open", [], -1) }

    /// The outcome word for an end-of-message reply: `accept` and `tempfail` replies
    /// come only from `on_error` (``EndOfMessagePlan``); otherwise the verdict's action.
    static func outcome(reply: MilterReply, verdict: Verdict?) -> Outcome {
        switch reply {
        case .accept: return .onErrorAccept
        case .tempfail: return .onErrorTempfail
        case .reject: return .reject
        case .continue, .noReply, .skip:
            switch verdict?.action {
            case .tag: return .tag
            case .quarantine: return .quarantine
            case .reject: return .reject
            case .accept, nil: return .accept
            }
        }
    }
}
