import HooklineCore
import HooklineText
import HooklineEngine
@testable import HooklineMilter

/// A fake MTA side: answers macro lookups from a table and records every request the
/// handler would send through libmilter, in order. `failing` names calls the "MTA"
/// refuses, to drive the `on_error` paths.
final class RecordingContext: MilterContext {
    enum Call: Equatable {
        case requestMacros(String, MacroStage)
        case addHeader(String, String)
        case changeHeader(String, Int, String?)
        case quarantine(String)
        case setReply(String, String, String)
    }
    enum Kind { case addHeader, changeHeader, quarantine, setReply }

    var macros: [String: String] = [:]
    var failing: Set<Kind> = []
    private(set) var calls: [Call] = []

    init(queueId: String? = nil) { if let queueId { macros["i"] = queueId } }

    func macro(_ name: String) -> String? { macros[name] }
    func requestMacros(_ names: String, at stage: MacroStage) -> Bool {
        calls.append(.requestMacros(names, stage)); return true
    }
    func addHeader(name: String, value: String) -> Bool {
        calls.append(.addHeader(name, value)); return !failing.contains(.addHeader)
    }
    func changeHeader(name: String, index: Int, value: String?) -> Bool {
        calls.append(.changeHeader(name, index, value)); return !failing.contains(.changeHeader)
    }
    func quarantine(reason: String) -> Bool {
        calls.append(.quarantine(reason)); return !failing.contains(.quarantine)
    }
    func setReply(code: String, enhanced: String, text: String) -> Bool {
        calls.append(.setReply(code, enhanced, text)); return !failing.contains(.setReply)
    }

    func reset() { calls = [] }
}

/// Drives a handler through one whole message the way an MTA does, from raw bytes
/// split into header fields and body chunks as `hookline scan` splits them.
struct MTADriver {
    let handler: MilterHandler
    let context: RecordingContext
    var replies: [MilterReply] = []

    init(_ handler: MilterHandler, _ context: RecordingContext) { self.handler = handler; self.context = context }

    @discardableResult
    mutating func send(
        _ bytes: [UInt8], from: String? = "<sender@example.com>", to: [String] = ["<rcpt@example.com>"],
        chunk: Int = 65535, limits: Limits = Limits(), namesAsBytes: Bool = false
    ) -> MilterReply {
        let h = handler, ctx = context
        var out: [MilterReply] = [h.mailFrom(from, context: ctx)]
        for r in to { out.append(h.rcpt(r)) }
        let splitter = MessageSplitter(
            limits: limits,
            onHeaderBytes: { name, value in
                // As libmilter's callback hands them on (its bytes), or as a String.
                out.append(
                    namesAsBytes
                        ? h.header(nameBytes: name, value: value)
                        : h.header(name: String(decoding: name, as: UTF8.self), value: value))
            },
            onEndOfHeaders: { out.append(h.endOfHeaders(context: ctx)) },
            onBody: { out.append(h.body($0)) })
        bytes.withUnsafeBytes { raw in
            var i = 0
            while i < raw.count {
                let j = min(raw.count, i + max(1, chunk))
                splitter.feed(UnsafeRawBufferPointer(rebasing: raw[i..<j])); i = j
            }
        }
        splitter.finish()
        let eom = h.endOfMessage(context: ctx)
        replies = out
        return eom
    }
}

extension MilterHandler {
    static func forTests(
        _ engine: Engine, bodyReply: BodyReplyMode = .noReply, inFlight: InFlightMessages = InFlightMessages(),
        metrics: HooklineMetrics? = nil, log: @escaping LogSink = { _, _ in }
    ) -> MilterHandler {
        MilterHandler(engines: EngineHolder(engine), inFlight: inFlight, bodyReply: bodyReply, metrics: metrics, log: log)
    }
}
