import Foundation

/// What Tesseract already read, by a keyed digest of the image bytes (``ImageDigest``)
/// and the settings the reading depends on (languages, pixel ceiling). Mail repeats its pictures: a campaign
/// sends the same lure to every recipient, a sender the same scanned letterhead or
/// statement, a list the same banner. The engine is deterministic (LSTM only, cleared
/// after every image), so the remembered text is the text a new reading would give, and
/// the detector gets it for the cost of a hash instead of tens of milliseconds of a
/// core and a wait for the one worker. Only complete readings are remembered (never one
/// cut short by a deadline or a failure). Bounded: at most `capacity` entries and
/// ``maxTextBytes`` of text, the least recently used going first.
final class OCRMemo: @unchecked Sendable {
    static let shared = OCRMemo()

    struct Key: Hashable, Sendable {
        var digest: ImageDigest
        var languages: String
        var maxPixels: Int
    }

    /// Text bytes kept at most across all entries (a read page is a few KB).
    static let maxTextBytes = 1 << 20

    private let lock = NSLock()
    private var entries: [Key: (text: String, used: UInt64)] = [:]
    private var textBytes = 0
    private var clock: UInt64 = 0
    private(set) var hits = 0
    private(set) var misses = 0

    func text(for key: Key) -> String? {
        lock.lock()
        defer { lock.unlock() }
        guard var entry = entries[key] else {
            misses += 1
            return nil
        }
        hits += 1
        clock += 1
        entry.used = clock
        entries[key] = entry
        return entry.text
    }

    /// Remembers a complete reading; `capacity` 0 keeps nothing (and forgets what was kept).
    func remember(_ text: String, for key: Key, capacity: Int) {
        let size = text.utf8.count
        lock.lock()
        defer { lock.unlock() }
        if capacity <= 0 || size > Self.maxTextBytes {
            if capacity <= 0 { clear() }
            return
        }
        if let old = entries.removeValue(forKey: key) { textBytes -= old.text.utf8.count }
        // Evicting scans the entries: a few hundred at most, and only after a miss that
        // cost a whole OCR reading.
        while !entries.isEmpty && (entries.count >= capacity || textBytes + size > Self.maxTextBytes) {
            guard let oldest = entries.min(by: { $0.value.used < $1.value.used }) else { break }
            textBytes -= oldest.value.text.utf8.count
            entries.removeValue(forKey: oldest.key)
        }
        clock += 1
        entries[key] = (text, clock)
        textBytes += size
    }

    private func clear() {
        entries = [:]
        textBytes = 0
    }

    /// For tests: entries held and their text bytes.
    var state: (count: Int, textBytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (entries.count, textBytes)
    }
}
