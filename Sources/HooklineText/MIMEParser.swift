import HooklineCore

/// Push MIME parser (STUB — owned by the text-pipeline work; replace wholesale).
public final class MIMEParser {
    public private(set) var anomalies: Set<Anomaly> = []
    public private(set) var partCount: Int = 0
    /// False once nothing later in the body can add text (limits hit, or only attachment bytes remain).
    public private(set) var wantsMoreBody: Bool = true
    private let sink: TextSink
    private let limits: Limits

    public init(limits: Limits, sink: TextSink) {
        self.limits = limits
        self.sink = sink
    }
    /// A top-level header as the MTA gave it (value may contain folds as "\n" or "\r\n").
    public func header(name: String, value: UnsafeRawBufferPointer) {}
    public func endOfHeaders() {}
    public func body(_ chunk: UnsafeRawBufferPointer) {}
    public func finish() {}
}
