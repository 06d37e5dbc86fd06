import HooklineCore

public enum PhoneType: String, Sendable, Codable {
    case tollFree = "toll-free", premium, mobile, fixed, fixedOrMobile = "fixed-or-mobile", voip, sharedCost = "shared-cost", other
}

public struct PhoneFinding: Sendable, Equatable {
    public var e164: String
    public var type: PhoneType
    public var region: String
    public var views: Set<TextView>
    /// The number as it appeared in the message (before normalisation), for explanations.
    public var evidence: String
    /// Offset in the message's normalised text stream (all views, in order).
    public var offset: Int
}

public struct PatternMatch: Sendable, Equatable {
    public var id: UInt32
    public var view: TextView
    public var start: Int
    public var end: Int
    /// The matched text as normalised (short).
    public var evidence: String
}

public struct TextFindings: Sendable {
    public var phones: [PhoneFinding] = []
    public var matches: [PatternMatch] = []
    public var anomalies: Set<Anomaly> = []
    public var textBytes: Int = 0
    public init() {}
}

/// Normalises streamed text and finds phones and pattern matches in it (STUB).
public final class TextAnalyzer: TextSink {
    public init(patterns: PatternDatabase?, limits: Limits) {}
    public func begin(_ view: TextView) {}
    public func text(_ utf8: UnsafeRawBufferPointer) {}
    public func end() {}
    public func anomaly(_ anomaly: Anomaly) {}
    public func finish() -> TextFindings { TextFindings() }
}
