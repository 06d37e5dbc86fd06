/// Fast paths of the analyzer a test can turn off, to hold each equal to the code it
/// replaced over generated text. Production code never sets any.
struct ReferencePaths: OptionSet {
    let rawValue: Int

    /// Rank the regions after every slice that changes the text's evidence, and at every
    /// message's end (``PhoneScanner/rankRegions()`` ranks them only when a number is read).
    static let eagerRanking = ReferencePaths(rawValue: 1 << 0)
    /// Start a run at every "o", "l", "i" or "|" that begins a word, even when the next byte
    /// ends it (``PhoneScanner/endsAtOnce(_:)``).
    static let letterRuns = ReferencePaths(rawValue: 1 << 1)
    /// Normalise every input, even a run of blanks that writes nothing
    /// (``TextNormalizer/writesNothing(_:)``).
    static let blankInputs = ReferencePaths(rawValue: 1 << 2)
    /// Start a run at every digit, even one whose run and every run started inside it must
    /// end with fewer than seven keys (``PhoneScanner/shortDigitRunEnd(_:from:)``).
    static let shortDigitRuns = ReferencePaths(rawValue: 1 << 3)
}
