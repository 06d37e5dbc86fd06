import Foundation

/// The process's Tesseract workers: at most `workers` engines recognise at once, whatever
/// the number of libmilter threads asking, so a flood of image mail queues here instead of
/// taking every core from the MTA. Idle engines are kept (loading one costs hundreds of
/// milliseconds) and reused by languages; a caller that cannot get a worker before its
/// deadline goes without, and its message is decided on its text.
///
/// An engine lives in this process (`hookline scan`, the tests) or, once
/// ``useChildProcesses(executable:)`` was called (the daemon), in a child process of its
/// own (``OCRChild``): the engine's memory stays out of the milter's, and a decoder that
/// crashes or hangs on hostile bytes costs one reading instead of every connection.
public final class OCRPool: @unchecked Sendable {
    public static let shared = OCRPool()

    enum Failure: Error { case busy, unavailable }

    private let condition = NSCondition()
    private var running = 0
    private var idle: [any OCRReader] = []
    /// The binary to start as `ocr-worker`; nil reads in this process.
    private var childExecutable: String?

    /// From now on engines are started as child processes of `executable` (which must
    /// answer `ocr-worker`); engines already idle in this process are dropped.
    public func useChildProcesses(executable: String) {
        condition.lock()
        childExecutable = executable
        idle.removeAll()
        condition.unlock()
    }

    /// Languages whose engine failed to load, so each message does not pay to fail again;
    /// forgotten after a minute so language data installed later is picked up.
    private var broken: [String: UInt64] = [:]

    /// Runs `body` with an engine for `languages`, waiting at most until `deadline`
    /// (DispatchTime nanoseconds) for one of `workers` slots.
    func withEngine<T>(
        languages: String, workers: Int, deadline: UInt64,
        _ body: (any OCRReader) -> T
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
        let executable = childExecutable
        condition.unlock()

        let engine: (any OCRReader)? =
            reused
            ?? (executable.map { OCRChild.spawn(executable: $0, languages: languages) }
                ?? TesseractEngine(languages: languages))
        var dropped: [any OCRReader] = []
        defer {
            condition.lock()
            running -= 1
            if let engine, engine.usable {
                idle.append(engine)
                // Keep no more engines than workers (a reload may have lowered it).
                if idle.count > max(1, workers) {
                    dropped = Array(idle.prefix(idle.count - max(1, workers)))
                    idle.removeFirst(idle.count - max(1, workers))
                }
            } else if engine == nil || engine?.unavailable == true {
                broken[languages] = DispatchTime.now().uptimeNanoseconds
            }
            condition.signal()
            condition.unlock()
            dropped.removeAll()  // a child is killed and reaped outside the lock
        }
        guard let engine else { return .failure(.unavailable) }
        return .success(body(engine))
    }
}
