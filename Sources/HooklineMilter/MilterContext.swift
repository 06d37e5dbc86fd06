/// What the handler may ask of the MTA for the message in progress: the callback
/// file implements it over libmilter's SMFICTX, the tests and the fuzz harness with
/// a recorder. Each call answers whether the MTA accepted it, so a failure can fall
/// back to `on_error` instead of leaving a half-modified message.
protocol MilterContext {
    /// A macro's value (`"i"` is the queue id), or nil when the MTA did not send it.
    func macro(_ name: String) -> String?
    /// Asks the MTA to send these macros (space-separated) at a stage (SMFIF_SETSYMLIST).
    func requestMacros(_ names: String, at stage: MacroStage) -> Bool
    func addHeader(name: String, value: String) -> Bool
    /// Replaces the `index`-th field called `name` (1-based); nil deletes it.
    func changeHeader(name: String, index: Int, value: String?) -> Bool
    func quarantine(reason: String) -> Bool
    func setReply(code: String, enhanced: String, text: String) -> Bool
}
