import HooklineCore
import HooklineText
import HooklineDetect

/// One message's detector: the milter and `hookline scan` both drive this, so
/// every decision can be reproduced offline. Synchronous and total: message
/// bytes never make it throw or trap. (STUB API — filled in by the rules work.)
public final class MessageScan {
    public let engine: Engine
    public private(set) var envelope: Envelope
    public init(engine: Engine, envelope: Envelope) {
        self.engine = engine; self.envelope = envelope
    }
    /// A top-level header; value bytes as the MTA sent them (folds as "\n" or "\r\n").
    public func header(name: String, value: UnsafeRawBufferPointer) {}
    public func endOfHeaders() {}
    public func body(_ chunk: UnsafeRawBufferPointer) {}
    /// False once further body bytes cannot change the verdict (lets the milter return SMFIS_SKIP).
    public var wantsMoreBody: Bool { true }
    public func finish() -> Verdict {
        Verdict(action: .accept, score: 0, rules: [], phones: [], platform: nil, anomalies: [], bytes: 0)
    }
}
