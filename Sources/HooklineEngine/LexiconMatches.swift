import HooklineDetect

/// A message's lexicon matches by lexicon index, in stream order within each lexicon.
///
/// An array rather than `[Int: [PatternMatch]]`: rule conditions look lexicons up hundreds
/// of times per message, and the dictionary hashed every key with SipHash. A lexicon with
/// no match reads as nil, as a missing dictionary key did.
struct LexiconMatches {
    private var byLexicon: [[PatternMatch]]

    init(count: Int) {
        byLexicon = Array(repeating: [], count: max(0, count))
    }

    subscript(lexicon: Int) -> [PatternMatch]? {
        guard lexicon >= 0, lexicon < byLexicon.count, !byLexicon[lexicon].isEmpty else { return nil }
        return byLexicon[lexicon]
    }

    mutating func append(_ match: PatternMatch, to lexicon: Int) {
        guard lexicon >= 0 else { return }
        if lexicon >= byLexicon.count { byLexicon += Array(repeating: [], count: lexicon + 1 - byLexicon.count) }
        byLexicon[lexicon].append(match)
    }
}
