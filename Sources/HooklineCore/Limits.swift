/// Every bound Hookline places on one message, in one place.
///
/// A milter sits in the path of all mail, so each stage must have a ceiling that
/// an attacker cannot push: past a limit the scan stops adding work, records an
/// ``Anomaly`` and decides on what it has already seen. Nothing here ever makes
/// Hookline buffer a whole body.
public struct Limits: Sendable, Equatable {
    /// Body bytes fed to the detector per message; later bytes are skipped (SMFIS_SKIP).
    public var maxBodyBytes: Int = 8 << 20
    /// Decoded text bytes scanned per MIME part; attachments beyond this cost nothing.
    public var maxPartTextBytes: Int = 1 << 20
    /// Nesting depth of multiparts and message/rfc822 parts.
    public var maxMimeDepth: Int = 16
    /// MIME parts per message.
    public var maxParts: Int = 500
    /// Header fields per message (top level and per part).
    public var maxHeaders: Int = 1000
    /// Bytes in one header field (name + value, unfolded).
    public var maxHeaderBytes: Int = 64 << 10
    /// Bytes kept of one physical line while looking for a boundary or header.
    public var maxLineBytes: Int = 64 << 10
    /// Distinct phone numbers kept per message.
    public var maxPhones: Int = 64
    /// Pattern matches kept per lexicon per message.
    public var maxMatchesPerPattern: Int = 32
    /// Bytes of `<style>` blocks read per HTML part to learn which classes, ids and
    /// elements are hidden; later style bytes are skipped (their rules not applied).
    public var maxStyleBytes: Int = 128 << 10
    /// Simple selectors (`.x`, `#a`, `span.j`) kept per HTML part from its `<style>`
    /// blocks, counting only rules that hide text or set a colour.
    public var maxStyleSelectors: Int = 512
    /// Wall-clock time one message may spend in the detector, in milliseconds.
    public var maxScanMillis: Int = 2000

    public init() {}

    public static let `default` = Limits()
}
