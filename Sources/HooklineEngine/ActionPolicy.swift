import HooklineCore

/// The one owner of "what happens to this message": score thresholds, `mode`,
/// `on_error` and the scan time limit (docs/SPEC.md §2–3). The milter's end of
/// message and `hookline scan` both ask it, so the action `scan` reports is the
/// action the milter takes with the same config; nothing else compares a score
/// with a threshold or caps an action for monitor mode.
public struct ActionPolicy: Sendable, Equatable {
    public var tagThreshold: Double?
    public var quarantineThreshold: Double?
    public var rejectThreshold: Double?
    public var mode: Mode
    public var onError: ErrorPolicy
    public var maxScanMillis: Int

    /// `borrowing`: an initializer takes its arguments owned, so every policy made (three a
    /// message: the verdict's action, the end-of-message decision and plan) copied the whole
    /// config, retaining and releasing every string, list and table in it, to read six fields.
    public init(config: borrowing HooklineConfig) {
        tagThreshold = config.tagThreshold
        quarantineThreshold = config.quarantineThreshold
        rejectThreshold = config.rejectThreshold
        mode = config.mode
        onError = config.onError
        maxScanMillis = config.limits.maxScanMillis
    }

    /// What the thresholds alone say; a missing threshold is off.
    public func enforcedAction(score: Double) -> Action {
        var action = Action.accept
        if let t = tagThreshold, score >= t { action = .tag }
        if let t = quarantineThreshold, score >= t { action = .quarantine }
        if let t = rejectThreshold, score >= t { action = .reject }
        return action
    }

    /// The action for a score, and in monitor mode what enforce would have done
    /// when that differs: monitor never holds or rejects, it only tags.
    public func action(score: Double) -> (action: Action, wouldBe: Action?) {
        let enforced = enforcedAction(score: score)
        if mode == .monitor && enforced > .tag { return (.tag, enforced) }
        return (enforced, nil)
    }

    /// Monitor mode writes the verdict header and nothing else (no Subject prefix).
    public var headerOnly: Bool { mode == .monitor }

    /// The final decision for a finished scan. A scan that ran out of time before
    /// it found anything has not judged the message, so `on_error` applies; a scan
    /// that found enough before the limit keeps its verdict.
    public func decide(_ verdict: Verdict) -> Decision {
        if verdict.action == .accept && verdict.anomalies.contains(.scanTimeLimit) {
            return failure("scan time limit (\(maxScanMillis) ms) reached")
        }
        return .verdict(verdict.action)
    }

    /// Something inside Hookline failed: `on_error` decides.
    public func failure(_ cause: String) -> Decision {
        .onError(cause: cause, policy: onError)
    }
}

/// What the MTA is told about one message, as ``ActionPolicy`` decided it.
public enum Decision: Sendable, Equatable {
    /// The verdict's action stands (already capped by monitor mode).
    case verdict(Action)
    /// The message was not judged: `on_error` passes it untouched or defers it.
    case onError(cause: String, policy: ErrorPolicy)

    /// The action word `scan` reports: one of the four actions, or `tempfail`
    /// when `on_error: tempfail` defers the message.
    public var word: String {
        switch self {
        case .verdict(let a): a.rawValue
        case .onError(_, let p): p == .tempfail ? "tempfail" : Action.accept.rawValue
        }
    }

    /// Why `on_error` applied, or nil for a judged message.
    public var failureCause: String? {
        if case .onError(let cause, _) = self { return cause }
        return nil
    }
}
