import Foundation
import HooklineCore
import HooklineEngine
import CMilter

// The only file that speaks libmilter. Everything here runs on libmilter's
// threads inside C callbacks: a Swift trap would kill every connection, so
// nothing in this file force-unwraps, and message bytes only ever reach
// MessageState through buffer pointers.

/// Process-wide state the C callbacks reach: they cannot capture context.
final class MilterRuntime: @unchecked Sendable {
    let engines: EngineHolder
    let inFlight: InFlightMessages
    let bodyReply: BodyReplyMode
    init(engines: EngineHolder, inFlight: InFlightMessages, bodyReply: BodyReplyMode) {
        self.engines = engines; self.inFlight = inFlight; self.bodyReply = bodyReply
    }
}

/// How body chunks are answered (measured, see the daemon's notes): without a
/// reply per chunk (`SMFIP_NR_BODY`), or with a reply that can say SMFIS_SKIP once
/// the detector has seen enough.
public enum BodyReplyMode: String, Sendable { case noReply = "noreply", skip }

// Written once by `MilterLibrary.register` before `smfi_main` starts any thread.
nonisolated(unsafe) private var runtime: MilterRuntime?
nonisolated(unsafe) private let macroQueueId: UnsafeMutablePointer<CChar>? = strdup("i")
nonisolated(unsafe) private let macroListQueueId: UnsafeMutablePointer<CChar>? = strdup("i")

private let milterName = "hookline"

private func session(_ ctx: OpaquePointer?) -> MilterSession? {
    guard let ctx, let raw = smfi_getpriv(ctx) else { return nil }
    return Unmanaged<MilterSession>.fromOpaque(raw).takeUnretainedValue()
}

/// libmilter keeps the session pointer; the retain is given back in `close`.
private func attachSession(_ ctx: OpaquePointer?) -> MilterSession? {
    if let s = session(ctx) { return s }
    guard let ctx, let rt = runtime else { return nil }
    let s = MilterSession(engines: rt.engines, inFlight: rt.inFlight)
    let raw = Unmanaged.passRetained(s).toOpaque()
    if smfi_setpriv(ctx, raw) != MI_SUCCESS {
        Unmanaged<MilterSession>.fromOpaque(raw).release()
        return nil
    }
    return s
}

private func queueId(_ ctx: OpaquePointer?) -> String? {
    guard let ctx, let v = smfi_getsymval(ctx, macroQueueId) else { return nil }
    let s = String(cString: v)
    return s.isEmpty ? nil : s
}

private func reply(_ noReply: Bool) -> sfsistat { noReply ? SMFIS_NOREPLY : SMFIS_CONTINUE }

private func clientAddress(_ addr: UnsafeMutablePointer<sockaddr>?) -> String? {
    guard let addr else { return nil }
    var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
    let family = Int32(addr.pointee.sa_family)
    let ok: Bool = buffer.withUnsafeMutableBufferPointer { out in
        guard let base = out.baseAddress else { return false }
        switch family {
        case AF_INET:
            return addr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                var a = sin.pointee.sin_addr
                return inet_ntop(AF_INET, &a, base, socklen_t(out.count)) != nil
            }
        case AF_INET6:
            return addr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                var a = sin6.pointee.sin6_addr
                return inet_ntop(AF_INET6, &a, base, socklen_t(out.count)) != nil
            }
        default:
            return false
        }
    }
    guard ok else { return nil }
    return buffer.withUnsafeBufferPointer { p in p.baseAddress.map { String(cString: $0) } }
}

// MARK: callbacks

private let onNegotiate: @convention(c) (
    OpaquePointer?, UInt, UInt, UInt, UInt,
    UnsafeMutablePointer<UInt>?, UnsafeMutablePointer<UInt>?,
    UnsafeMutablePointer<UInt>?, UnsafeMutablePointer<UInt>?
) -> sfsistat = { ctx, offeredActions, offeredSteps, _, _, wantActions, wantSteps, want2, want3 in
    // A stopping daemon takes no new connections; libmilter closes this one
    // and the MTA applies its milter default action.
    if runtime?.inFlight.isDraining ?? true { return SMFIS_TEMPFAIL }
    guard let s = attachSession(ctx), let rt = runtime else { return SMFIS_TEMPFAIL }
    var actions = UInt(SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE) & offeredActions
    let symlist = offeredActions & UInt(SMFIF_SETSYMLIST) != 0
    if symlist { actions |= UInt(SMFIF_SETSYMLIST) }

    // Steps we never look at: HELO, DATA, unknown commands.
    var steps = UInt(SMFIP_NOHELO | SMFIP_NODATA | SMFIP_NOUNKNOWN)
    // Every decision is taken at EOM, so no earlier step needs an answer.
    steps |= UInt(SMFIP_NR_CONN | SMFIP_NR_MAIL | SMFIP_NR_RCPT | SMFIP_NR_HDR | SMFIP_NR_EOH)
    switch rt.bodyReply {
    case .noReply: steps |= UInt(SMFIP_NR_BODY)
    case .skip: steps |= UInt(SMFIP_SKIP)
    }
    steps &= offeredSteps
    s.noReplySteps = NoReplySteps(
        connect: steps & UInt(SMFIP_NR_CONN) != 0, mail: steps & UInt(SMFIP_NR_MAIL) != 0,
        rcpt: steps & UInt(SMFIP_NR_RCPT) != 0, header: steps & UInt(SMFIP_NR_HDR) != 0,
        eoh: steps & UInt(SMFIP_NR_EOH) != 0, body: steps & UInt(SMFIP_NR_BODY) != 0)
    s.mtaUnderstandsSkip = steps & UInt(SMFIP_SKIP) != 0

    wantActions?.pointee = actions
    wantSteps?.pointee = steps
    want2?.pointee = 0
    want3?.pointee = 0
    if symlist, let ctx {
        // Postfix may only know the queue id after DATA: ask for it where we read it.
        _ = smfi_setsymlist(ctx, Int32(SMFIM_EOH), macroListQueueId)
        _ = smfi_setsymlist(ctx, Int32(SMFIM_EOM), macroListQueueId)
    }
    return SMFIS_CONTINUE
}

private let onConnect: @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<sockaddr>?) -> sfsistat = { ctx, host, addr in
    guard let s = attachSession(ctx) else { return SMFIS_CONTINUE }
    s.clientName = host.map { String(cString: $0) }
    s.clientAddress = clientAddress(addr) ?? s.clientName
    return reply(s.noReplySteps.connect)
}

private let onEnvFrom: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> sfsistat = { ctx, argv in
    guard let s = attachSession(ctx) else { return SMFIS_CONTINUE }
    let from = argv?.pointee.map { String(cString: $0) }
    s.beginMessage(mailFrom: from)
    s.message?.setQueueId(queueId(ctx))
    return reply(s.noReplySteps.mail)
}

private let onEnvRcpt: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> sfsistat = { ctx, argv in
    guard let s = session(ctx) else { return SMFIS_CONTINUE }
    if let rcpt = argv?.pointee.map({ String(cString: $0) }) {
        s.messageForContent().addRecipient(rcpt)
    }
    return reply(s.noReplySteps.rcpt)
}

private let onHeader: @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<CChar>?) -> sfsistat = { ctx, name, value in
    guard let s = session(ctx) else { return SMFIS_CONTINUE }
    let m = s.messageForContent()
    if let name {
        let n = String(cString: name)
        if let value {
            m.header(name: n, value: UnsafeRawBufferPointer(start: value, count: strlen(value)))
        } else {
            m.header(name: n, value: UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }
    return reply(s.noReplySteps.header)
}

private let onEndOfHeaders: @convention(c) (OpaquePointer?) -> sfsistat = { ctx in
    guard let s = session(ctx) else { return SMFIS_CONTINUE }
    let m = s.messageForContent()
    m.setQueueId(queueId(ctx))
    m.endOfHeaders()
    return reply(s.noReplySteps.eoh)
}

private let onBody: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UInt8>?, Int) -> sfsistat = { ctx, bytes, length in
    guard let s = session(ctx) else { return SMFIS_CONTINUE }
    let wantsMore = s.messageForContent().body(UnsafeRawBufferPointer(start: bytes, count: bytes == nil ? 0 : max(0, length)))
    if s.noReplySteps.body { return SMFIS_NOREPLY }
    return !wantsMore && s.mtaUnderstandsSkip ? SMFIS_SKIP : SMFIS_CONTINUE
}

private let onEndOfMessage: @convention(c) (OpaquePointer?) -> sfsistat = { ctx in
    guard let ctx, let s = session(ctx) else {
        let policy = runtime?.engines.current.config.onError ?? .accept
        Log.error("queue=NOQUEUE internal error: no session at end of message; on_error=\(policy.rawValue)")
        return policy == .tempfail ? SMFIS_TEMPFAIL : SMFIS_ACCEPT
    }
    let m = s.messageForContent()
    defer { s.endMessage() }
    m.setQueueId(queueId(ctx))
    let qid = m.envelope.queueId ?? "NOQUEUE"
    let config = m.engine.config

    var plan = EndOfMessagePlan.decide(for: m, queueId: qid, client: s.clientAddress)
    if m.forgedOverflow {
        Log.warning("queue=\(qid) more than \(MessageState.maxForgedNames) distinct X-Hookline-* header names; only those were removed")
    }
    if let failed = apply(plan, ctx) {
        plan = .failure(cause: failed, config: config, forged: [], queueId: qid)
    }
    if let line = plan.logLine {
        switch plan.reply {
        case .continue, .reject: Log.info(line)
        case .accept, .tempfail: Log.error(line)   // only `on_error` produces these
        }
    }
    switch plan.reply {
    case .continue: return SMFIS_CONTINUE
    case .accept: return SMFIS_ACCEPT
    case .tempfail: return SMFIS_TEMPFAIL
    case .reject(let code, let enhanced, let text):
        let ok = code.withCString { c in enhanced.withCString { e in text.withCString { t in
            smfi_setreply(ctx, UnsafeMutablePointer(mutating: c), UnsafeMutablePointer(mutating: e),
                          UnsafeMutablePointer(mutating: t)) } } }
        if ok != MI_SUCCESS { Log.warning("queue=\(qid) smfi_setreply failed; the MTA uses its own 5xx text") }
        return SMFIS_REJECT
    }
}

/// Carries out the modifications; returns the name of the first libmilter call
/// that failed, so the caller can fall back to `on_error`.
private func apply(_ plan: EndOfMessagePlan, _ ctx: OpaquePointer) -> String? {
    for d in plan.deletions {
        let r = d.name.withCString { smfi_chgheader(ctx, UnsafeMutablePointer(mutating: $0), Int32(clamping: d.index), nil) }
        if r != MI_SUCCESS { return "smfi_chgheader(\(d.name), \(d.index)) failed" }
    }
    if let h = plan.header {
        let r = h.name.withCString { n in h.value.withCString { v in
            smfi_addheader(ctx, UnsafeMutablePointer(mutating: n), UnsafeMutablePointer(mutating: v)) } }
        if r != MI_SUCCESS { return "smfi_addheader(\(h.name)) failed" }
    }
    if let subject = plan.newSubject {
        let r = "Subject".withCString { n in subject.withCString { v in
            plan.subjectExists
                ? smfi_chgheader(ctx, UnsafeMutablePointer(mutating: n), 1, UnsafeMutablePointer(mutating: v))
                : smfi_addheader(ctx, UnsafeMutablePointer(mutating: n), UnsafeMutablePointer(mutating: v)) } }
        if r != MI_SUCCESS { return "Subject change failed" }
    }
    if let reason = plan.quarantineReason {
        let r = reason.withCString { smfi_quarantine(ctx, UnsafeMutablePointer(mutating: $0)) }
        if r != MI_SUCCESS { return "smfi_quarantine failed" }
    }
    return nil
}

private let onAbort: @convention(c) (OpaquePointer?) -> sfsistat = { ctx in
    session(ctx)?.endMessage()
    return SMFIS_CONTINUE
}

private let onClose: @convention(c) (OpaquePointer?) -> sfsistat = { ctx in
    guard let ctx, let raw = smfi_getpriv(ctx) else { return SMFIS_CONTINUE }
    let s = Unmanaged<MilterSession>.fromOpaque(raw)
    s.takeUnretainedValue().endMessage()
    _ = smfi_setpriv(ctx, nil)
    s.release()
    return SMFIS_CONTINUE
}

// MARK: process-level libmilter calls

/// libmilter's process-level entry points, each failure named for the call.
enum MilterLibrary {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func register(_ rt: MilterRuntime) throws {
        runtime = rt
        var desc = smfiDesc()
        desc.xxfi_name = strdup(milterName)
        desc.xxfi_version = Int32(SMFI_VERSION)
        desc.xxfi_flags = UInt(SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE)
        desc.xxfi_connect = onConnect
        desc.xxfi_envfrom = onEnvFrom
        desc.xxfi_envrcpt = onEnvRcpt
        desc.xxfi_header = onHeader
        desc.xxfi_eoh = onEndOfHeaders
        desc.xxfi_body = onBody
        desc.xxfi_eom = onEndOfMessage
        desc.xxfi_abort = onAbort
        desc.xxfi_close = onClose
        desc.xxfi_negotiate = onNegotiate
        guard smfi_register(desc) == MI_SUCCESS else { throw Failure(description: "smfi_register failed") }
    }

    static func setConnection(_ spec: String) throws {
        let r = spec.withCString { smfi_setconn(UnsafeMutablePointer(mutating: $0)) }
        guard r == MI_SUCCESS else { throw Failure(description: "smfi_setconn(\(spec)) failed: bad listen spec") }
    }

    static func openSocket() throws {
        // true: remove a stale unix socket left by a previous run.
        guard smfi_opensocket(1) == MI_SUCCESS else {
            throw Failure(description: "smfi_opensocket failed (address in use, or no permission?)")
        }
    }

    static func setBacklog(_ n: Int32) { _ = smfi_setbacklog(n) }

    /// Runs until SIGTERM/SIGINT/SIGHUP (libmilter's own signal thread) or `stop`.
    static func main() -> Bool { smfi_main() == MI_SUCCESS }

    static func stop() { _ = smfi_stop() }
}
