import Foundation
import HooklineCore

/// The process's Tesseract workers: at most `workers` engines recognise at once, whatever
/// the number of libmilter threads asking, so a flood of image mail queues here instead of
/// taking every core from the MTA. Idle engines are kept (loading one costs hundreds of
/// milliseconds) and reused by languages; a caller that cannot get a worker before its
/// deadline goes without, and its message is decided on its text.
///
/// Each engine lives in a child process of its own (``OCRChild``, the `hookline-ocr`
/// executable installed beside `hookline`): Tesseract, Leptonica, libheif and the ~55
/// libraries they pull in are never loaded into the milter, the engine's tens of MB are
/// not its memory, and a decoder that crashes or hangs on hostile bytes costs one reading
/// instead of every connection. Tests and fuzzers read in process instead
/// (`OCRInProcess.use()` in HooklineOCREngine).
public final class OCRPool: @unchecked Sendable {
    public static let shared = OCRPool()

    enum Failure: Error { case busy, unavailable }

    private let condition = NSCondition()
    private var running = 0
    private var idle: [any OCRReader] = []
    /// Makes an engine for languages: a `hookline-ocr` child unless replaced.
    /// A worker that cannot start is said once a minute at most (the languages are then
    /// remembered as broken), and its messages carry `ocr-failed`.
    private var make: @Sendable (String) -> (any OCRReader)? = { languages in
        guard let executable = OCRPool.workerExecutable else {
            Log.warning("ocr: no hookline-ocr beside this executable or in ../libexec/hookline: images are not read")
            return nil
        }
        guard let child = OCRChild.spawn(executable: executable, languages: languages) else {
            Log.warning("ocr: could not start \(executable)")
            return nil
        }
        return child
    }

    /// Engines from now on come from `make` (idle ones are dropped).
    package func useInProcessEngines(_ make: @escaping @Sendable (String) -> (any OCRReader)?) {
        condition.lock()
        self.make = make
        idle.removeAll()
        condition.unlock()
    }

    /// Stops the idle engines (children are killed and reaped, so their CPU time counts
    /// as this process's children's: `time hookline scan` sees what OCR cost).
    public func stopIdle() {
        condition.lock()
        let stopped = idle
        idle.removeAll()
        condition.unlock()
        _ = stopped  // released here, outside the lock
    }

    /// `hookline-ocr` beside the running executable (the build directory, a tarball), else
    /// in `../libexec/hookline/` (the Debian package: /usr/sbin/hookline and
    /// /usr/libexec/hookline/hookline-ocr); nil when neither exists.
    static let workerExecutable: String? = {
        var link = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &link, link.count - 1)
        guard n > 0 else { return nil }
        let exe = String(decoding: link.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let dir = (exe as NSString).deletingLastPathComponent
        let candidates = [dir + "/hookline-ocr", (dir as NSString).deletingLastPathComponent + "/libexec/hookline/hookline-ocr"]
        return candidates.first { access($0, X_OK) == 0 }
    }()

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
        let make = self.make
        condition.unlock()

        let engine: (any OCRReader)? = reused ?? make(languages)
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
