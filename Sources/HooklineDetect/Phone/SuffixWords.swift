/// A list of words to find at the end of a window of text, grouped by their last byte.
///
/// ``IdentifierContext`` and ``CountryLabel`` ask which of a few hundred labels and names the
/// text before a number ends with; comparing the window's end with every one of them cost
/// ~11 k instructions a question. A word can only end the window if its last byte is the
/// window's, so only those are compared, in the list's order: the answer (the longest, the
/// first of the longest) is the one the whole list gives.
struct SuffixWords {
    let words: [[UInt8]]
    /// Indices in `words`, in order, by last byte.
    private let byLastByte: [[Int]]

    init(_ words: [[UInt8]]) {
        self.words = words
        var buckets = [[Int]](repeating: [], count: 256)
        for (i, w) in words.enumerated() {
            if let last = w.last { buckets[Int(last)].append(i) }
        }
        byLastByte = buckets
    }

    /// The index of the longest word (the first of the longest) that `window` ends with
    /// where the byte before it, if any, is not `joins` (a letter: the word stands whole).
    func longestEnding(_ window: [UInt8], joins: (UInt8) -> Bool) -> Int? {
        window.withUnsafeBufferPointer { longestEnding($0, joins: joins) }
    }

    /// ``longestEnding(_:joins:)`` of bytes in place (the ring's, read without a copy).
    func longestEnding(_ window: UnsafeBufferPointer<UInt8>, joins: (UInt8) -> Bool) -> Int? {
        guard let last = window.last else { return nil }
        var best: Int?
        var bestLength = 0
        for i in byLastByte[Int(last)] {
            let w = words[i]
            guard window.count >= w.count, w.count > bestLength, window.suffix(w.count).elementsEqual(w) else { continue }
            if window.count == w.count || !joins(window[window.count - w.count - 1]) {
                best = i
                bestLength = w.count
            }
        }
        return best
    }
}
