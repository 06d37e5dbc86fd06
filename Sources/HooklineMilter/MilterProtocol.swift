/// The milter protocol's vocabulary in plain Swift, so the handler and its tests
/// never see libmilter's C types. The raw values are libmilter's (`mfapi.h`,
/// `mfdef.h`); the callback file checks them against the C constants at startup.

/// What one stage answers the MTA.
enum MilterReply: Equatable {
    /// Go on to the next stage.
    case `continue`
    /// The MTA agreed (at negotiation) not to wait for an answer to this stage.
    case noReply
    /// No more body chunks, please (only when the MTA offered SMFIP_SKIP).
    case skip
    /// Pass the message without further milter work (`on_error: accept`).
    case accept
    /// Defer the message (`on_error: tempfail`, or a stopping daemon).
    case tempfail
    case reject(code: String, enhanced: String, text: String)
}

/// Modifications the milter may ask for (SMFIF_*).
struct MilterActions: OptionSet, Equatable {
    let rawValue: UInt
    static let addHeaders = MilterActions(rawValue: 0x01)
    static let changeHeaders = MilterActions(rawValue: 0x10)
    static let quarantine = MilterActions(rawValue: 0x20)
    static let setSymbolList = MilterActions(rawValue: 0x100)
}

/// Protocol steps the milter may leave out or not answer (SMFIP_*).
struct MilterSteps: OptionSet, Equatable {
    let rawValue: UInt
    static let noHelo = MilterSteps(rawValue: 0x2)
    static let noUnknown = MilterSteps(rawValue: 0x100)
    static let noData = MilterSteps(rawValue: 0x200)
    /// The MTA understands SMFIS_SKIP.
    static let skip = MilterSteps(rawValue: 0x400)
    static let noReplyConnect = MilterSteps(rawValue: 0x1000)
    static let noReplyMail = MilterSteps(rawValue: 0x4000)
    static let noReplyRcpt = MilterSteps(rawValue: 0x8000)
    static let noReplyHeader = MilterSteps(rawValue: 0x80)
    static let noReplyEndOfHeaders = MilterSteps(rawValue: 0x40000)
    static let noReplyBody = MilterSteps(rawValue: 0x80000)
}

/// Stages at which the milter can ask the MTA for macros (SMFIM_*).
enum MacroStage: Equatable { case endOfHeaders, endOfMessage }

/// How body chunks are answered (measured, see the daemon's notes): without a
/// reply per chunk (`SMFIP_NR_BODY`), or with a reply that can say SMFIS_SKIP once
/// the detector has seen enough. One excludes the other.
public enum BodyReplyMode: String, Sendable { case noReply = "noreply", skip }

/// What was agreed with the MTA for one connection.
struct Negotiation: Equatable {
    var actions: MilterActions = []
    var steps: MilterSteps = []
    /// The MTA lets us name the macros we want per stage.
    var symbolList = false

    /// Until negotiation (an MTA that never negotiates) every stage is answered.
    static let none = Negotiation()

    /// Asks only for what Hookline uses, and only for what the MTA offers.
    static func answer(
        offeredActions: MilterActions, offeredSteps: MilterSteps,
        bodyReply: BodyReplyMode
    ) -> Negotiation {
        var n = Negotiation()
        n.actions = MilterActions([.addHeaders, .changeHeaders, .quarantine]).intersection(offeredActions)
        n.symbolList = offeredActions.contains(.setSymbolList)
        if n.symbolList { n.actions.insert(.setSymbolList) }
        // Steps we never look at: HELO, DATA, unknown commands. Every decision is
        // taken at EOM, so no earlier step needs an answer.
        var steps: MilterSteps = [
            .noHelo, .noData, .noUnknown, .noReplyConnect, .noReplyMail,
            .noReplyRcpt, .noReplyHeader, .noReplyEndOfHeaders,
        ]
        switch bodyReply {
        case .noReply: steps.insert(.noReplyBody)
        case .skip: steps.insert(.skip)
        }
        n.steps = steps.intersection(offeredSteps)
        return n
    }

    /// The answer for a stage the MTA may have agreed not to wait for.
    func reply(_ step: MilterSteps) -> MilterReply { steps.contains(step) ? .noReply : .continue }
}
