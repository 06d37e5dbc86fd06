import Foundation

/// The process's Tesseract workers: at most `workers` engines recognise at once, whatever
/// the number of libmilter threads asking, so a flood of image mail queues here instead of
/// taking every core from the MTA. Idle engines are kept (loading one costs hundreds of
/// milliseconds) and reused by languages; a caller that cannot get a worker before its
/// deadline goes without, and its message is decided on its text.
final class OCRPool: @unchecked Sendable {
    static let shared = OCRPool()

    enum Failure: Error { case busy, unavailable }

    private let condition = NSCondition()
    private var running = 0
    private var idle: [TesseractEngine] = []
    /// Languages whose engine failed to load, so each message does not pay to fail again;
    /// forgotten after a minute so language data installed later is picked up.
    private var broken: [String: UInt64] = [:]

    /// Runs `body` with an engine for `languages`, waiting at most until `deadline`
    /// (DispatchTime nanoseconds) for one of `workers` slots.
    func withEngine<T>(
        languages: String, workers: Int, deadline: UInt64,
        _ body: (TesseractEngine) -> T
    ) -> Result<T, Failure> {
        condition.lock()
        while running >= max(1, workers) {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { condition.unlock(); return .failure(.busy) }
            _ = condition.wait(until: Date(timeIntervalSinceNow: Double(deadline - now) / 1e9))
        }
        if let failedAt = broken[languages], DispatchTime.now().uptimeNanoseconds - failedAt < 60_000_000_000 {
            condition.unlock()
            return .failure(.unavailable)
        }
        running += 1
        let reused = idle.firstIndex { $0.languages == languages }.map { idle.remove(at: $0) }
        condition.unlock()

        let engine = reused ?? TesseractEngine(languages: languages)
        defer {
            condition.lock()
            running -= 1
            if let engine {
                idle.append(engine)
                // Keep no more engines than workers (a reload may have lowered it).
                if idle.count > max(1, workers) { idle.removeFirst(idle.count - max(1, workers)) }
            } else {
                broken[languages] = DispatchTime.now().uptimeNanoseconds
            }
            condition.signal()
            condition.unlock()
        }
        guard let engine else { return .failure(.unavailable) }
        return .success(body(engine))
    }
}
