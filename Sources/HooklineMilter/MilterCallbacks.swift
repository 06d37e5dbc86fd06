import Foundation
import HooklineCore
import HooklineEngine
private import CMilter

// The only file that speaks libmilter, and all it does is convert: C arguments to
// Swift values for ``MilterHandler``, its ``MilterReply`` back to `sfsistat`, and
// ``MilterContext`` calls to `smfi_*` on the SMFICTX. Decisions live in the handler.
// Everything here runs on libmilter's threads inside C callbacks: a Swift trap would
// kill every connection, so nothing here force-unwraps, and message bytes only
// travel as buffer pointers.

/// Process-wide state the C callbacks reach: they cannot capture context.
final class MilterRuntime: @unchecked Sendable {
    let engines: EngineHolder
    let inFlight: InFlightMessages
    let bodyReply: BodyReplyMode
    let metrics: HooklineMetrics?
    init(engines: EngineHolder, inFlight: InFlightMessages, bodyReply: BodyReplyMode, metrics: HooklineMetrics? = nil) {
        self.engines = engines; self.inFlight = inFlight; self.bodyReply = bodyReply; self.metrics = metrics
    }
}

// Written once by `MilterLibrary.register` before `smfi_main` starts any thread.
nonisolated(unsafe) private var runtime: MilterRuntime?

private let milterName = "hookline"

// MARK: C ↔ Swift

private func handler(_ ctx: OpaquePointer?) -> MilterHandler? {
    guard let ctx, let raw = smfi_getpriv(ctx) else { return nil }
    return Unmanaged<MilterHandler>.fromOpaque(raw).takeUnretainedValue()
}

/// ``handler(_:)`` lent to `body` without a retain and release around the call (one pair
/// a callback, ~60 callbacks a message: a header each, body chunks), or nil without one.
/// Safe: the retain `attachHandler` gave libmilter is only given back in `close`, which
/// libmilter calls on the same connection after its every other callback has returned.
@inline(__always)
private func withHandler(_ ctx: OpaquePointer?, _ body: (MilterHandler) -> sfsistat) -> sfsistat? {
    guard let ctx, let raw = smfi_getpriv(ctx) else { return nil }
    return Unmanaged<MilterHandler>.fromOpaque(raw)._withUnsafeGuaranteedRef(body)
}

/// libmilter keeps the handler pointer; the retain is given back in `close`.
private func attachHandler(_ ctx: OpaquePointer?) -> MilterHandler? {
    if let h = handler(ctx) { return h }
    guard let ctx, let rt = runtime else { return nil }
    let h = MilterHandler(
        engines: rt.engines, inFlight: rt.inFlight, bodyReply: rt.bodyReply,
        metrics: rt.metrics)
    let raw = Unmanaged.passRetained(h).toOpaque()
    if smfi_setpriv(ctx, raw) != MI_SUCCESS {
        Unmanaged<MilterHandler>.fromOpaque(raw).release()
        return nil
    }
    return h
}

private func status(_ reply: MilterReply) -> sfsistat {
    switch reply {
    case .continue: SMFIS_CONTINUE
    case .noReply: SMFIS_NOREPLY
    case .skip: SMFIS_SKIP
    case .accept: SMFIS_ACCEPT
    case .tempfail: SMFIS_TEMPFAIL
    case .reject: SMFIS_REJECT
    }
}

private func string(_ p: UnsafePointer<CChar>?) -> String? { p.map { String(cString: $0) } }

/// The first argument of an argv-style array (MAIL FROM / RCPT TO address).
private func firstArgument(_ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> String? {
    argv?.pointee.map { String(cString: $0) }
}

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

/// ``MilterContext`` over one SMFICTX; each call reports whether libmilter accepted it.
private struct LibmilterContext: MilterContext {
    let ctx: OpaquePointer

    func macro(_ name: String) -> String? {
        let v = name.withCString { smfi_getsymval(ctx, UnsafeMutablePointer(mutating: $0)) }
        return string(v).flatMap { $0.isEmpty ? nil : $0 }
    }

    func requestMacros(_ names: String, at stage: MacroStage) -> Bool {
        let where_ = stage == .endOfHeaders ? Int32(SMFIM_EOH) : Int32(SMFIM_EOM)
        return names.withCString { smfi_setsymlist(ctx, where_, UnsafeMutablePointer(mutating: $0)) } == MI_SUCCESS
    }

    func addHeader(name: String, value: String) -> Bool {
        name.withCString { n in
            value.withCString { v in
                smfi_addheader(ctx, UnsafeMutablePointer(mutating: n), UnsafeMutablePointer(mutating: v))
            }
        } == MI_SUCCESS
    }

    func changeHeader(name: String, index: Int, value: String?) -> Bool {
        name.withCString { n in
            guard let value else {
                return smfi_chgheader(ctx, UnsafeMutablePointer(mutating: n), Int32(clamping: index), nil)
            }
            return value.withCString { v in
                smfi_chgheader(ctx, UnsafeMutablePointer(mutating: n), Int32(clamping: index), UnsafeMutablePointer(mutating: v))
            }
        } == MI_SUCCESS
    }

    func quarantine(reason: String) -> Bool {
        reason.withCString { smfi_quarantine(ctx, UnsafeMutablePointer(mutating: $0)) } == MI_SUCCESS
    }

    func setReply(code: String, enhanced: String, text: String) -> Bool {
        code.withCString { c in
            enhanced.withCString { e in
                text.withCString { t in
                    smfi_setreply(
                        ctx, UnsafeMutablePointer(mutating: c), UnsafeMutablePointer(mutating: e),
                        UnsafeMutablePointer(mutating: t))
                }
            }
        } == MI_SUCCESS
    }
}

// MARK: callbacks

private let onNegotiate:
    @convention(c) (
        OpaquePointer?, UInt, UInt, UInt, UInt,
        UnsafeMutablePointer<UInt>?, UnsafeMutablePointer<UInt>?,
        UnsafeMutablePointer<UInt>?, UnsafeMutablePointer<UInt>?
    ) -> sfsistat = { ctx, offeredActions, offeredSteps, _, _, wantActions, wantSteps, want2, want3 in
        // No runtime or no handler: refuse; a draining daemon is the handler's call.
        guard let ctx, let h = attachHandler(ctx) else { return SMFIS_TEMPFAIL }
        let (reply, agreed) = h.negotiate(
            offeredActions: MilterActions(rawValue: offeredActions),
            offeredSteps: MilterSteps(rawValue: offeredSteps),
            context: LibmilterContext(ctx: ctx))
        wantActions?.pointee = agreed.actions.rawValue
        wantSteps?.pointee = agreed.steps.rawValue
        want2?.pointee = 0
        want3?.pointee = 0
        return status(reply)
    }

private let onConnect: @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<sockaddr>?) -> sfsistat = {
    ctx, host, addr in
    guard let h = attachHandler(ctx) else { return SMFIS_CONTINUE }
    return status(h.connect(hostname: string(host), address: clientAddress(addr)))
}

private let onEnvFrom: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> sfsistat = { ctx, argv in
    guard let ctx, let h = attachHandler(ctx) else { return SMFIS_CONTINUE }
    return status(h.mailFrom(firstArgument(argv), context: LibmilterContext(ctx: ctx)))
}

private let onEnvRcpt: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> sfsistat = { ctx, argv in
    guard let h = handler(ctx) else { return SMFIS_CONTINUE }
    return status(h.rcpt(firstArgument(argv)))
}

private let onHeader: @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<CChar>?) -> sfsistat = {
    ctx, name, value in
    withHandler(ctx) { h in
        // A header without a name is dropped, as before; its step still gets its answer.
        guard let name else { return status(h.negotiation.reply(.noReplyHeader)) }
        let bytes =
            value.map { UnsafeRawBufferPointer(start: $0, count: strlen($0)) }
            ?? UnsafeRawBufferPointer(start: nil, count: 0)
        // The name as its bytes: an ASCII one is read without a String.
        return status(h.header(nameBytes: UnsafeRawBufferPointer(start: name, count: strlen(name)), value: bytes))
    } ?? SMFIS_CONTINUE
}

private let onEndOfHeaders: @convention(c) (OpaquePointer?) -> sfsistat = { ctx in
    guard let ctx, let h = handler(ctx) else { return SMFIS_CONTINUE }
    return status(h.endOfHeaders(context: LibmilterContext(ctx: ctx)))
}

private let onBody: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UInt8>?, Int) -> sfsistat = { ctx, bytes, length in
    withHandler(ctx) { h in
        status(h.body(UnsafeRawBufferPointer(start: bytes, count: bytes == nil ? 0 : max(0, length))))
    } ?? SMFIS_CONTINUE
}

private let onEndOfMessage: @convention(c) (OpaquePointer?) -> sfsistat = { ctx in
    guard let ctx, let h = handler(ctx) else {
        return status(
            MilterHandler.endOfMessageWithoutHandler(
                engine: runtime?.engines.current,
                metrics: runtime?.metrics))
    }
    return status(h.endOfMessage(context: LibmilterContext(ctx: ctx)))
}

private let onAbort: @convention(c) (OpaquePointer?) -> sfsistat = { ctx in
    guard let h = handler(ctx) else { return SMFIS_CONTINUE }
    return status(h.abort())
}

private let onClose: @convention(c) (OpaquePointer?) -> sfsistat = { ctx in
    guard let ctx, let raw = smfi_getpriv(ctx) else { return SMFIS_CONTINUE }
    let h = Unmanaged<MilterHandler>.fromOpaque(raw)
    h.takeUnretainedValue().close()
    _ = smfi_setpriv(ctx, nil)
    h.release()
    return SMFIS_CONTINUE
}

// MARK: process-level libmilter calls

/// libmilter's process-level entry points, each failure named for the call.
enum MilterLibrary {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The Swift copies of libmilter's flag values (MilterProtocol.swift) must be the C ones.
    private static func checkConstants() throws {
        let pairs: [(String, UInt, UInt)] = [
            ("SMFIF_ADDHDRS", MilterActions.addHeaders.rawValue, UInt(SMFIF_ADDHDRS)),
            ("SMFIF_CHGHDRS", MilterActions.changeHeaders.rawValue, UInt(SMFIF_CHGHDRS)),
            ("SMFIF_QUARANTINE", MilterActions.quarantine.rawValue, UInt(SMFIF_QUARANTINE)),
            ("SMFIF_SETSYMLIST", MilterActions.setSymbolList.rawValue, UInt(SMFIF_SETSYMLIST)),
            ("SMFIP_NOHELO", MilterSteps.noHelo.rawValue, UInt(SMFIP_NOHELO)),
            ("SMFIP_NOUNKNOWN", MilterSteps.noUnknown.rawValue, UInt(SMFIP_NOUNKNOWN)),
            ("SMFIP_NODATA", MilterSteps.noData.rawValue, UInt(SMFIP_NODATA)),
            ("SMFIP_SKIP", MilterSteps.skip.rawValue, UInt(SMFIP_SKIP)),
            ("SMFIP_NR_CONN", MilterSteps.noReplyConnect.rawValue, UInt(SMFIP_NR_CONN)),
            ("SMFIP_NR_MAIL", MilterSteps.noReplyMail.rawValue, UInt(SMFIP_NR_MAIL)),
            ("SMFIP_NR_RCPT", MilterSteps.noReplyRcpt.rawValue, UInt(SMFIP_NR_RCPT)),
            ("SMFIP_NR_HDR", MilterSteps.noReplyHeader.rawValue, UInt(SMFIP_NR_HDR)),
            ("SMFIP_NR_EOH", MilterSteps.noReplyEndOfHeaders.rawValue, UInt(SMFIP_NR_EOH)),
            ("SMFIP_NR_BODY", MilterSteps.noReplyBody.rawValue, UInt(SMFIP_NR_BODY)),
        ]
        for (name, swift, c) in pairs where swift != c {
            throw Failure(description: "\(name) is \(c) in libmilter but \(swift) in Hookline")
        }
    }

    static func register(_ rt: MilterRuntime) throws {
        try checkConstants()
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
