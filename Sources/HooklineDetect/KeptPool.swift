import Foundation

/// Values a finished message allocated and the next one would allocate again (a stream's
/// buffers, the analyzer's rings and scratch), kept for the next one. At most ``maxKept``
/// wait here, as many as messages are scanned at once; one given back beyond that goes to
/// `discard` (or is simply released), so kept memory stays bounded by what is in use at once.
/// Its users keep only memory whose contents are never read before they are written.
final class KeptPool<Element>: @unchecked Sendable {  // `kept` is only touched under `lock`
    static var maxKept: Int { 8 }
    private let lock = NSLock()
    private var kept: [Element] = []
    /// What a value not kept (a full pool, or a drain) needs besides its release.
    private let discard: ((Element) -> Void)?

    init(discard: ((Element) -> Void)? = nil) {
        self.discard = discard
        kept.reserveCapacity(Self.maxKept)
    }

    deinit { drain() }

    /// Values waiting to be reused (for tests).
    var keptCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return kept.count
    }

    func take() -> Element? {
        lock.lock()
        let b = kept.popLast()
        lock.unlock()
        return b
    }

    func give(_ value: Element) {
        lock.lock()
        if kept.count < Self.maxKept {
            kept.append(value)
            lock.unlock()
        } else {
            lock.unlock()
            discard?(value)
        }
    }

    /// Gives up what is kept (a pattern database's streams, before the database goes).
    func drain() {
        lock.lock()
        let all = kept
        kept.removeAll()
        lock.unlock()
        if let discard { for b in all { discard(b) } }
    }
}
