import HooklineCore

/// One engine's analyzers of finished messages, reset for the next (``TextAnalyzer/reset()``).
///
/// A message built its analyzer and pattern stream and tore them down at its end (~9 k and
/// ~10 k instructions in the daemon): two class objects and two state blocks, three pools'
/// locks and the copies of the buffers passed through them. The engine's patterns and limits
/// are the same for all its messages, so an analyzer reset where it stands serves the next
/// one. At most ``KeptPool/maxKept`` wait here; kept memory stays as bounded as the
/// buffer pools kept it.
public final class TextAnalyzerPool: Sendable {
    private let patterns: PatternDatabase?
    private let limits: Limits
    private let kept = KeptPool<TextAnalyzer>()

    public init(patterns: PatternDatabase?, limits: Limits) {
        self.patterns = patterns
        self.limits = limits
    }

    /// A reset analyzer, or a new one when none waits.
    public func take() -> TextAnalyzer {
        kept.take() ?? TextAnalyzer(patterns: patterns, limits: limits)
    }

    /// `analyzer`, taken from here and no longer used by its message, reset for the next one.
    public func give(_ analyzer: TextAnalyzer) {
        analyzer.reset()
        kept.give(analyzer)
    }

    /// Analyzers waiting (for tests).
    var keptCount: Int { kept.keptCount }
}
